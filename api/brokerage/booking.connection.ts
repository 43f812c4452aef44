import { ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../common/connection.js';
import { Booking, BookingVisit } from './booking.entity.js';

/** Every list of bookings (a budget's, a provider's) pages with these. */
@ObjectType({ description: 'One booking in a list.' })
export class BookingEdge extends EdgeType(Booking) {}

@ObjectType({ description: 'A page of bookings, in the order the list says.' })
export class BookingConnection extends ConnectionType(BookingEdge) {}

@ObjectType({ description: 'A visit in a list, with its cursor.' })
export class VisitEdge extends EdgeType(BookingVisit) {}

@ObjectType({ description: 'A page of visits.' })
export class VisitConnection extends ConnectionType(VisitEdge) {}

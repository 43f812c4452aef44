import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Person } from '../accounts/person.entity.js';
import type { Context } from '../context.js';
import { GEOCODE_FAILURES } from '../geo/geo.types.js';
import { asResult } from '../graphql/results.js';
import { Booking } from './booking.entity.js';
import { QuoteInput, QuoteResult, REQUEST_BOOKING_FAILURES, RequestBookingInput, RequestBookingResult } from './booking-requests.types.js';

/** Quotes and booking requests: the person's side of story 2 and 3. The rules are the services'. */
@Resolver(() => Booking)
export class BookingRequestsResolver {
  @Query(() => QuoteResult, {
    description:
      'What a schedule of visits of a service would cost at a postcode, whether the service reaches it and can be booked, ' +
      'and whether the hourly rate is below the fair-price floor. Anyone may ask; with a budgetId (which needs sign-in and a budget ' +
      'you may see, else FORBIDDEN) it also says whether that budget can pay.',
  })
  quote(@Ctx() ctx: Context, @Arg('input', () => QuoteInput, { description: 'The service, postcode and schedule.' }) input: QuoteInput) {
    return asResult(() => ctx.services.quotes.quote(ctx, input), GEOCODE_FAILURES);
  }

  @Mutation(() => RequestBookingResult, {
    description:
      'Books visits of a service against a personal budget and holds their total on it, for the provider to confirm. ' +
      'For the budget holder, a representative with BOOK, a BOOKING widget session for the holder, an officer of the council for a ' +
      'council-managed budget; FORBIDDEN for anyone else, NOT_FOUND for an unknown budget or service. ' +
      'The same idempotency key with the same input returns the same booking.',
  })
  requestBooking(
    @Ctx() ctx: Context,
    @Arg('input', () => RequestBookingInput, { description: 'The budget, service, visits and idempotency key.' })
    input: RequestBookingInput,
  ) {
    return asResult(() => ctx.services.bookings.requestBooking(ctx, input), REQUEST_BOOKING_FAILURES);
  }

  @FieldResolver(() => [Person], { description: 'The care workers the person asked for, most wanted first; the provider decides.' })
  async preferredWorkers(@Root() booking: Booking, @Ctx() ctx: Context): Promise<Person[]> {
    const people = await ctx.loaders.get(personById).loadMany(booking.preferredWorkerIds);
    return people.filter((p): p is Person => p instanceof Person);
  }
}

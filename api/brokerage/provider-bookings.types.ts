import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { type DomainException, ErrorCode, ErrorResult } from '../common/exceptions.js';
import { PageArgs } from '../common/connection.js';
import { ConflictError, errorResult, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { Booking, BookingVisit, Invoice } from './booking.entity.js';
import { BookingStatus } from './brokerage.enums.js';
import { WorkerUnavailable } from './fulfilment.service.js';

@InputType({ description: 'A care worker for one visit.' })
export class VisitAssignmentInput {
  @Field(() => ID, { description: 'A visit of the booking.' })
  visitId: string;

  @Field(() => ID, { description: 'A care worker of the booking’s provider.' })
  workerId: string;
}

@InputType({ description: 'The booking to confirm and who goes to each visit.' })
export class ConfirmBookingInput {
  @Field(() => ID, { description: 'A REQUESTED booking of a provider you coordinate.' })
  bookingId: string;

  @Field(() => ID, { nullable: true, description: 'The care worker for every visit not named in `assignments`.' })
  workerId?: string | null;

  @Field(() => [VisitAssignmentInput], {
    nullable: true,
    description: 'Care workers for particular visits, overriding `workerId` (at most one per visit).',
  })
  assignments?: VisitAssignmentInput[] | null;
}

@InputType({ description: 'The booking to decline.' })
export class DeclineBookingInput {
  @Field(() => ID, { description: 'A REQUESTED booking of a provider you coordinate.' })
  bookingId: string;

  @Field(() => String, { nullable: true, description: 'Why, for the person to read (at most 500 characters); never audited.' })
  reason?: string | null;
}

@InputType({ description: 'A visit and the care worker to send instead.' })
export class AssignWorkerInput {
  @Field(() => ID, { description: 'A SCHEDULED visit of a CONFIRMED booking of a provider you coordinate.' })
  visitId: string;

  @Field(() => ID, { description: 'A care worker of the booking’s provider.' })
  workerId: string;
}

@InputType({ description: 'What happened at a visit.' })
export class RecordVisitDeliveredInput {
  @Field(() => ID, { description: 'A SCHEDULED visit of a CONFIRMED booking, assigned to you (or of a provider you coordinate).' })
  visitId: string;

  @Field(() => Boolean, { description: 'True when the visit took place; false when it was missed.' })
  delivered: boolean;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it began, not in the future; default the booked start.' })
  actualStart?: Date | null;

  @Field(() => Int, { nullable: true, description: 'How long it lasted, 0 to 1440 minutes; default the booked minutes (0 when missed).' })
  actualMinutes?: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'The worker’s note, at most 2,000 characters: seen with the visit, never in the audit trail.',
  })
  note?: string | null;
}

@InputType({ description: 'The booking to invoice.' })
export class IssueInvoiceInput {
  @Field(() => ID, { description: 'A booking of a provider you coordinate.' })
  bookingId: string;
}

@ArgsType()
export class ProviderBookingsArgs extends PageArgs {
  @Field(() => ID, { description: 'A provider you coordinate.' })
  providerId: string;

  @Field(() => BookingStatus, { nullable: true, description: 'Only bookings in this status.' })
  status?: BookingStatus | null;
}

@ArgsType()
export class WorkerVisitsArgs extends PageArgs {
  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only visits ending after this time.' })
  from?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Only visits starting before this time.' })
  to?: Date | null;
}

@ObjectType('WorkerUnavailableError', {
  implements: ErrorResult,
  description: 'The care worker already has a visit at that time (WORKER_UNAVAILABLE): nothing was changed.',
})
export class WorkerUnavailableError extends ErrorResult {
  static readonly code = ErrorCode.WORKER_UNAVAILABLE;

  @Field(() => ID, { description: 'The visit that could not be given to the worker.' })
  visitId: string;

  @Field(() => ID, { description: 'The worker who is busy then.' })
  workerId: string;

  static of(message: string, error?: DomainException<string>): WorkerUnavailableError {
    const { visitId, workerId } = error as WorkerUnavailable;
    return Object.assign(new WorkerUnavailableError(), { code: ErrorCode.WORKER_UNAVAILABLE, message, visitId, workerId });
  }
}

export const NothingToInvoiceError = errorResult(
  'NothingToInvoiceError',
  ErrorCode.CONFLICT,
  'Every delivered visit of the booking is already invoiced (or none was delivered): nothing was charged.',
);

export const CONFIRM_FAILURES = [WorkerUnavailableError, ConflictError];
export const CHANGE_FAILURES = [ConflictError];
export const INVOICE_FAILURES = [NothingToInvoiceError, ConflictError];

export const ConfirmBookingResult = resultUnion('ConfirmBookingResult', Booking, CONFIRM_FAILURES, 'The confirmed booking, or why not.');
export const DeclineBookingResult = resultUnion('DeclineBookingResult', Booking, CHANGE_FAILURES, 'The declined booking, or why not.');
export const AssignWorkerResult = resultUnion(
  'AssignWorkerResult',
  BookingVisit,
  CONFIRM_FAILURES,
  'The visit with its new worker, or why not.',
);
export const RecordVisitDeliveredResult = resultUnion(
  'RecordVisitDeliveredResult',
  BookingVisit,
  CHANGE_FAILURES,
  'The visit as recorded, or why not.',
);
export const IssueInvoiceResult = resultUnion('IssueInvoiceResult', Invoice, INVOICE_FAILURES, 'The invoice issued, or why not.');

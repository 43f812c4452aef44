import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType, ObjectType } from 'type-graphql';
import { ErrorCode, ErrorResult } from '../common/exceptions.js';
import { ConflictError, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { Booking } from './booking.entity.js';
import { BrokerageException, BrokerageExceptionCode } from './brokerage.exception.js';

/** The most visits one cancellation names: a booking has at most 400. */
export const MAX_CANCELLED_VISITS = 400;
export const MAX_CANCELLATION_REASON = 500;

@InputType({ description: 'Which visits of a booking to cancel, and why.' })
export class CancelBookingInput {
  @Field(() => ID, { description: 'The booking.' })
  bookingId: string;

  @Field(() => [ID], {
    nullable: true,
    description:
      `Cancel these visits of the booking only (at most ${MAX_CANCELLED_VISITS}); absent, every visit still to come ` +
      '(of a booking not yet confirmed, every scheduled visit).',
  })
  visitIds?: string[] | null;

  @Field(() => String, {
    nullable: true,
    description: `Why, in your words, for the provider (at most ${MAX_CANCELLATION_REASON} characters). Kept out of the audit trail.`,
  })
  reason?: string | null;
}

/** A visit that can no longer be cancelled without breaking the service's terms. */
export interface LateVisit {
  visitId: string;
  startsAt: Date;
  noticeEndedAt: Date;
}

/** The service refuses cancellations inside its notice period, and these visits are inside it. */
export class TooLateToCancelException extends BrokerageException {
  constructor(
    message: string,
    readonly lateVisits: readonly LateVisit[],
  ) {
    super(BrokerageExceptionCode.TOO_LATE_TO_CANCEL, message);
  }
}

@ObjectType('LateVisit', { description: 'A visit inside its service’s notice period.' })
export class LateVisitType implements LateVisit {
  @Field(() => ID, { description: 'The visit.' })
  visitId: string;

  @Field(() => GraphQLDateTime, { description: 'When the visit starts.' })
  startsAt: Date;

  @Field(() => GraphQLDateTime, {
    description: 'When the notice the service asks for ran out: the last moment it could have been cancelled.',
  })
  noticeEndedAt: Date;
}

@ObjectType('TooLateToCancelError', {
  implements: ErrorResult,
  description: 'Some of the visits are inside the service’s notice period and its policy is that they go ahead: nothing was cancelled.',
})
export class TooLateToCancelError extends ErrorResult {
  static readonly code = ErrorCode.TOO_LATE_TO_CANCEL;

  @Field(() => [LateVisitType], { description: 'The visits too late to cancel, earliest first.' })
  visits: LateVisit[];

  static of(message: string, error?: unknown): TooLateToCancelError {
    const visits = error instanceof TooLateToCancelException ? [...error.lateVisits] : [];
    return Object.assign(new TooLateToCancelError(), { code: ErrorCode.TOO_LATE_TO_CANCEL, message, visits });
  }
}

export const CANCEL_BOOKING_FAILURES = [TooLateToCancelError, ConflictError] as const;

export const CancelBookingResult = resultUnion(
  'CancelBookingResult',
  Booking,
  CANCEL_BOOKING_FAILURES,
  'The booking as cancelling left it, or why nothing was cancelled.',
);

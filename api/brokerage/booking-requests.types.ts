import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { ErrorCode, ErrorResult } from '../common/exceptions.js';
import { DayOfWeek } from '../directory/directory.enums.js';
import { GEOCODE_FAILURES } from '../geo/geo.types.js';
import { errorResult, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { Booking } from './booking.entity.js';
import { InsufficientBudget } from './brokerage.exception.js';
import { MAX_SLOTS, MAX_VISITS, MAX_WEEKS, type Schedule } from './schedule.js';

export const MAX_NOTES_LENGTH = 2000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 200;
/** Continuity matters in care, but a list longer than this is no preference at all. */
export const MAX_PREFERRED_WORKERS = 5;

@InputType({ description: 'One visit at a given instant.' })
export class VisitInput {
  @Field(() => GraphQLDateTime, { description: 'When the visit starts (ISO-8601 with an offset), within ten years of today.' })
  start: Date;

  @Field(() => Int, { description: 'How long the visit lasts, 1 to 1,440 minutes.' })
  minutes: number;
}

@InputType({ description: 'A visit every week on one day at one UK local time.' })
export class WeeklySlotInput {
  @Field(() => DayOfWeek, { description: 'The day of the week.' })
  day: DayOfWeek;

  @Field(() => String, {
    description: 'HH:MM, 24-hour, UK local time (Europe/London): it stays the same on the clock across clock changes.',
  })
  time: string;

  @Field(() => Int, { description: 'How long each visit lasts, 1 to 1,440 minutes.' })
  minutes: number;
}

@InputType({
  description: `Visits on given days and times every week for a number of weeks, in UK local time; at most ${MAX_VISITS} visits.`,
})
export class WeeklyScheduleInput {
  @Field(() => GraphQLLocalDate, { description: 'The UK date the first week begins on, within ten years of today.' })
  startsOn: string;

  @Field(() => Int, { description: `How many weeks, 1 to ${MAX_WEEKS}.` })
  weeks: number;

  @Field(() => [WeeklySlotInput], {
    description:
      `The visits of each week, 1 to ${MAX_SLOTS}. A time that does not exist (skipped when the clocks go forward) ` +
      'or happens twice (when they go back) on one of the days is refused, saying which.',
  })
  slots: WeeklySlotInput[];
}

@InputType({ description: 'What to price: a service, where the care would be given, and when; optionally the budget that would pay.' })
export class QuoteInput implements Schedule {
  @Field(() => ID, { description: 'The service.' })
  serviceId: string;

  @Field(() => String, {
    nullable: true,
    description: 'Where the care would be given; defaults to the budget’s care postcode when a budget is given, else required.',
  })
  postcode?: string | null;

  @Field(() => [VisitInput], { nullable: true, description: `One-off visits, at most ${MAX_VISITS}; give these or weekly.` })
  visits?: VisitInput[] | null;

  @Field(() => WeeklyScheduleInput, { nullable: true, description: 'A weekly schedule; give this or visits.' })
  weekly?: WeeklyScheduleInput | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A budget you may see: the quote says whether it can pay. FORBIDDEN for someone else’s.',
  })
  budgetId?: string | null;
}

@ObjectType({ description: 'One visit of a quote and its price.' })
export class QuotedVisit {
  @Field(() => GraphQLDateTime, { description: 'When the visit starts.' })
  start: Date;

  @Field(() => Int, { description: 'How long it lasts, in minutes.' })
  minutes: number;

  @Field(() => Int, { description: 'Its price, travel included, in pence.' })
  pricePence: number;
}

@ObjectType({ description: 'What a budget would have left after the quoted visits.' })
export class QuoteBudgetCheck {
  @Field(() => Boolean, { description: 'The budget has enough available and the service accepts this kind of budget.' })
  canPay: boolean;

  @Field(() => Int, { description: 'What the budget has available now, in pence.' })
  availablePence: number;

  @Field(() => Int, { description: 'Available less the quote’s total, in pence; negative when short.' })
  leftAfterPence: number;

  @Field(() => Int, { description: 'How much more the budget would need, in pence; 0 when it has enough.' })
  shortByPence: number;

  @Field(() => Boolean, { description: 'The service accepts this kind of budget.' })
  kindAccepted: boolean;
}

@ObjectType({ description: 'The price of a schedule of visits of one service, and whether it could be booked.' })
export class Quote {
  @Field(() => [QuotedVisit], { description: 'The visits, earliest first.' })
  visits: QuotedVisit[];

  @Field(() => Int, { description: 'How many visits.' })
  visitCount: number;

  @Field(() => Float, { description: 'Hours of care in all.' })
  hours: number;

  @Field(() => Int, { description: 'The service’s hourly rate, in pence.' })
  hourlyRatePence: number;

  @Field(() => Int, { description: 'Hours × rate (each visit rounded to the penny), in pence.' })
  careCostPence: number;

  @Field(() => Boolean, { description: 'Travel is included in the hourly rate (travelPence is then 0).' })
  travelIncluded: boolean;

  @Field(() => Int, { description: 'Travel charged per visit, in pence.' })
  travelPencePerVisit: number;

  @Field(() => Int, { description: 'Travel for every visit, in pence.' })
  travelPence: number;

  @Field(() => Int, { description: 'Care and travel, in pence: what a booking would hold on the budget.' })
  totalPence: number;

  @Field(() => Int, { description: 'Weeks the schedule spans (UK weeks from the first visit’s day to the last’s).' })
  weeks: number;

  @Field(() => Int, { description: 'The total averaged over the weeks spanned, in pence.' })
  perWeekPence: number;

  @Field(() => String, { description: 'The postcode priced for, normalised.' })
  postcode: string;

  @Field(() => Boolean, { description: 'The service (its own areas or its provider’s) reaches the postcode.' })
  coversPostcode: boolean;

  @Field(() => Boolean, { description: 'The service is active and its provider’s listing published: it can be booked.' })
  bookable: boolean;

  @Field(() => [String], { description: 'Why it could not be booked as asked, in sentences; empty when it could.' })
  notBookableReasons: string[];

  @Field(() => Int, {
    description: 'The fair-price floor an hour, in pence (by default the Homecare Association’s minimum price for England).',
  })
  fairPriceFloorPence: number;

  @Field(() => Boolean, { description: 'The hourly rate is below the fair-price floor: a flag for the buyer, never a refusal.' })
  belowFairPriceFloor: boolean;

  @Field(() => QuoteBudgetCheck, { nullable: true, description: 'With a budget: whether it can pay. Null without one.' })
  budget: QuoteBudgetCheck | null;
}

export const QuoteResult = resultUnion(
  'QuoteResult',
  Quote,
  GEOCODE_FAILURES,
  'The quote, or why its postcode could not be located (an InvalidPostcodeError or a PostcodeNotFoundError).',
);

@InputType({ description: 'Visits of one service to book against one personal budget.' })
export class RequestBookingInput implements Schedule {
  @Field(() => ID, { description: 'The budget that pays; the care is given at its care postcode.' })
  budgetId: string;

  @Field(() => ID, { description: 'The service booked.' })
  serviceId: string;

  @Field(() => [VisitInput], { nullable: true, description: `One-off visits, at most ${MAX_VISITS}; give these or weekly.` })
  visits?: VisitInput[] | null;

  @Field(() => WeeklyScheduleInput, { nullable: true, description: 'A weekly schedule; give this or visits.' })
  weekly?: WeeklyScheduleInput | null;

  @Field(() => String, {
    description:
      `Yours to choose, 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} printable characters, one per booking you mean: ` +
      'sent again with the same input it returns the same booking; with a different input it is an IdempotencyKeyReusedError.',
  })
  idempotencyKey: string;

  @Field(() => String, { nullable: true, description: `What the provider should know, at most ${MAX_NOTES_LENGTH} characters.` })
  notes?: string | null;

  @Field(() => [ID], {
    nullable: true,
    description: `Care workers of the service’s provider the person would like, at most ${MAX_PREFERRED_WORKERS}, most wanted first.`,
  })
  preferredWorkerIds?: string[] | null;
}

/** INSUFFICIENT_BUDGET with the shortfall, which the exception carries. */
@ObjectType('InsufficientBudgetError', {
  implements: ErrorResult,
  description: 'The budget has less available than the visits would cost.',
})
export class InsufficientBudgetError extends ErrorResult {
  static readonly code = ErrorCode.INSUFFICIENT_BUDGET;

  @Field(() => Int, { description: 'How much more the budget would need, in pence.' })
  shortByPence: number;

  static of(message: string, error?: unknown): InsufficientBudgetError {
    const shortByPence = error instanceof InsufficientBudget ? error.shortByPence : 0;
    return Object.assign(new InsufficientBudgetError(), { code: ErrorCode.INSUFFICIENT_BUDGET, message, shortByPence });
  }
}

export const OutsideServiceAreaError = errorResult(
  'OutsideServiceAreaError',
  ErrorCode.OUTSIDE_SERVICE_AREA,
  'The service does not reach the budget’s care postcode.',
);
export const NotBookableError = errorResult(
  'NotBookableError',
  ErrorCode.NOT_BOOKABLE,
  'The service does not take this kind of budget, or is not open for booking.',
);
export const VisitInThePastError = errorResult('VisitInThePastError', ErrorCode.VISIT_IN_THE_PAST, 'A visit would start before now.');
export const VisitTooShortError = errorResult(
  'VisitTooShortError',
  ErrorCode.VISIT_TOO_SHORT,
  'A visit is shorter than the service’s shortest visit.',
);
export const VisitsOverlapError = errorResult('VisitsOverlapError', ErrorCode.VISITS_OVERLAP, 'Two of the visits overlap each other.');
export const OutsideBudgetPeriodError = errorResult(
  'OutsideBudgetPeriodError',
  ErrorCode.OUTSIDE_BUDGET_PERIOD,
  'A visit falls outside the period the budget covers.',
);
export const IdempotencyKeyReusedError = errorResult(
  'IdempotencyKeyReusedError',
  ErrorCode.CONFLICT,
  'The idempotency key was already used for a different booking request.',
);

export const REQUEST_BOOKING_FAILURES = [
  InsufficientBudgetError,
  OutsideServiceAreaError,
  NotBookableError,
  VisitInThePastError,
  VisitTooShortError,
  VisitsOverlapError,
  OutsideBudgetPeriodError,
  IdempotencyKeyReusedError,
];

export const RequestBookingResult = resultUnion(
  'RequestBookingResult',
  Booking,
  REQUEST_BOOKING_FAILURES,
  'The booking, its total held on the budget; or why it could not be made.',
);

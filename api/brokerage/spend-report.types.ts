import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';

/**
 * A council's spend report, computed whole by SpendReportService. Every sum is over the budgets the council
 * commissioned (not SELF_FUNDED ones) and uses two windows, both [from, to):
 * - spent: CHARGE lines less REFUND lines recorded in the window (when the ledger says the money went);
 * - committed: the price of visits starting in the window whose hold is still outstanding now (neither
 *   charged nor released), however long ago they were booked.
 */

const SPENT = 'CHARGE less REFUND ledger lines recorded in [from, to), in pence.';
const COMMITTED = 'Holds still outstanding now for visits starting in [from, to) (neither charged nor released yet), in pence.';

@ObjectType({ description: 'The headline figures of a spend report.' })
export class SpendTotals {
  @Field(() => Int, { description: SPENT })
  spentPence: number;

  @Field(() => Int, { description: COMMITTED })
  committedPence: number;

  @Field(() => Int, { description: 'Budgets of the council with money spent or committed in the window.' })
  budgets: number;

  @Field(() => Int, { description: 'People holding those budgets.' })
  people: number;

  @Field(() => Int, {
    description: 'Visits charged in the window (a CHARGE line each: delivered, or cancelled too late and charged per the policy).',
  })
  visitsCharged: number;

  @Field(() => Int, { description: 'The booked minutes of the visits charged: what the charges paid for.' })
  minutesCharged: number;

  @Field(() => Float, { description: 'The same in hours, to one decimal place.' })
  hoursCharged: number;
}

@ObjectType({ description: 'Spend and commitments for one service category.' })
export class SpendByCategory {
  categoryId: string;

  @Field(() => Int, { description: SPENT })
  spentPence: number;

  @Field(() => Int, { description: COMMITTED })
  committedPence: number;
}

@ObjectType({ description: 'Spend and commitments with one provider, and what the report counts it as.' })
export class SpendByProvider {
  providerId: string;

  @Field(() => Int, { description: SPENT })
  spentPence: number;

  @Field(() => Int, { description: COMMITTED })
  committedPence: number;

  @Field(() => Boolean, { description: 'The listing says it is a co-operative (as it says now, not when the money was spent).' })
  isCooperative: boolean;

  @Field(() => Boolean, {
    description: 'One of its locations has a postcode district of the council’s area: spend here is the council’s "local pound".',
  })
  basedInCouncilArea: boolean;

  @Field(() => Int, {
    nullable: true,
    description: 'The care workers’ hourly pay its listing publishes now, in pence; null if unpublished.',
  })
  careWorkerHourlyPayPence: number | null;
}

@ObjectType({ description: 'Charged visits whose booking’s hourly rate was below the fair-price floor.' })
export class VisitsBelowFairPriceFloor {
  @Field(() => Int, { description: 'Visits charged in the window at an hourly rate below fairPriceFloorPence.' })
  visits: number;

  @Field(() => Int, { description: 'What those visits were charged (CHARGE lines, before any refund), in pence.' })
  chargedPence: number;
}

@ObjectType({ description: 'How much of what the council pays reaches care workers as pay, where providers publish their pay.' })
export class CareWorkerPayShare {
  @Field(() => Float, {
    nullable: true,
    description:
      'Of each pound of hourly rate charged by providers that publish careWorkerHourlyPayPence, the percentage that is care ' +
      'workers’ pay: Σ(pay × minutes charged) ÷ Σ(hourly rate × minutes charged), travel left out, to one decimal place; ' +
      'null when no such provider was charged.',
  })
  percent: number | null;

  @Field(() => Int, { description: 'Providers charged in the window that publish their care workers’ pay.' })
  publishingProviders: number;

  @Field(() => Int, { description: 'Spent (as spentPence) with providers that publish it.' })
  publishingSpentPence: number;

  @Field(() => Int, { description: 'Providers charged in the window that do not publish it: left out of percent.' })
  unpublishedProviders: number;

  @Field(() => Int, { description: 'Spent (as spentPence) with providers that do not publish it.' })
  unpublishedSpentPence: number;
}

@ObjectType({
  description:
    'Where a council’s personal-budget money went in a window [from, to): spent (CHARGE less REFUND lines recorded in the ' +
    'window) and committed (holds still outstanding for visits starting in the window), over the budgets it commissioned. ' +
    'Money is in pence; percentages are to one decimal place.',
})
export class SpendReport {
  @Field(() => ID, { description: 'The council reported on.' })
  councilId: string;

  @Field(() => GraphQLDateTime, { description: 'Start of the window, included.' })
  from: Date;

  @Field(() => GraphQLDateTime, { description: 'End of the window, excluded.' })
  to: Date;

  @Field(() => SpendTotals, { description: 'The headline figures.' })
  totals: SpendTotals;

  @Field(() => [SpendByCategory], {
    description:
      'By the category of the service booked, most spent first. Refunds not tied to a booking count in totals only, so the ' +
      'rows can add up to less than totals.spentPence.',
  })
  byCategory: SpendByCategory[];

  @Field(() => [SpendByProvider], { description: 'By provider, most spent first; the same caveat as byCategory.' })
  byProvider: SpendByProvider[];

  @Field(() => Float, {
    nullable: true,
    description: 'Spent with providers that are co-operatives, as a percentage of totals.spentPence; null when nothing was spent.',
  })
  cooperativeSharePercent: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Spent with providers based in the council’s own area (basedInCouncilArea: the "Kirklees pound"), as a percentage of ' +
      'totals.spentPence; null when nothing was spent.',
  })
  localSharePercent: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'The bookings’ hourly rates averaged over the visits charged, weighted by their minutes, in pence (travel left out); ' +
      'null when no visit was charged.',
  })
  averageHourlyRatePence: number | null;

  @Field(() => Int, { description: 'The fair-price floor for an hour of care the report compares against, in pence (configured).' })
  fairPriceFloorPence: number;

  @Field(() => VisitsBelowFairPriceFloor, { description: 'Charged visits priced below fairPriceFloorPence an hour.' })
  visitsBelowFairPriceFloor: VisitsBelowFairPriceFloor;

  @Field(() => CareWorkerPayShare, { description: 'The share of the hourly rate that reaches care workers, where providers publish it.' })
  careWorkerPayShare: CareWorkerPayShare;
}

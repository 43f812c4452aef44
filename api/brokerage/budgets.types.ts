import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../common/connection.js';
import { ID } from '../graphql/scalars.js';
import { PersonalBudgetKind } from './brokerage.enums.js';
import { LedgerEntry } from './personal-budget.entity.js';
import { MAX_YEARS_AWAY } from './schedule.js';

/** The largest amount one input moves: £1,000,000, as the ledger's own check allows. */
export const MAX_AMOUNT_PENCE = 100_000_000;
/** The longest period a budget covers; councils review personal budgets at least this often. */
export const MAX_PERIOD_YEARS = 3;
/** The most an ISF's agreed outcomes may say. */
export const MAX_OUTCOMES_LENGTH = 4_000;

const AMOUNT = `Whole pence, 1 to ${MAX_AMOUNT_PENCE.toLocaleString('en-GB')} (£1,000,000).`;
const PERIOD =
  `The period is at most ${MAX_PERIOD_YEARS} years long, first and last days included, may not end before it starts, ` +
  `and starts within ${MAX_YEARS_AWAY} years of today.`;

@InputType({ description: `A council's allocation of a personal budget to a person, who is created if new. ${PERIOD}` })
export class AllocatePersonalBudgetInput {
  @Field(() => String, { description: 'The person’s email: an existing person with it gets the budget; otherwise one is created.' })
  personEmail: string;

  @Field(() => String, { description: 'The person’s name, 1 to 200 characters; used only when the person is new.' })
  personName: string;

  @Field(() => String, {
    description: 'Where the care is given: a full UK postcode ("HD1 2TA"). Bookings must be from services covering it.',
  })
  postcode: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The commissioning council: yours when you are an officer of exactly one; required for admins and officers of several.',
  })
  councilId?: string | null;

  @Field(() => PersonalBudgetKind, {
    description: 'DIRECT_PAYMENT, COUNCIL_MANAGED or INDIVIDUAL_SERVICE_FUND (people open SELF_FUNDED ones).',
  })
  kind: PersonalBudgetKind;

  @Field(() => Int, { description: `The allocation for the period. ${AMOUNT}` })
  allocatedPence: number;

  @Field(() => GraphQLLocalDate, { description: 'First day the budget covers (UK local date).' })
  periodStart: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day the budget covers, inclusive (UK local date).' })
  periodEnd: string;

  @Field(() => ID, {
    nullable: true,
    description: 'For an INDIVIDUAL_SERVICE_FUND (required then, refused otherwise): the published provider that holds it.',
  })
  heldByProviderId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      `For an INDIVIDUAL_SERVICE_FUND (required then, refused otherwise): the outcomes the person, the provider and the council agreed, ` +
      `in their words, at most ${MAX_OUTCOMES_LENGTH.toLocaleString('en-GB')} characters. Never copied into the audit trail.`,
  })
  agreedOutcomes?: string | null;
}

@InputType({ description: `A SELF_FUNDED budget you open for your own care, paid from your own money. ${PERIOD}` })
export class OpenSelfFundedBudgetInput {
  @Field(() => String, { description: 'Where the care is given: a full UK postcode ("HD1 2TA").' })
  postcode: string;

  @Field(() => GraphQLLocalDate, { description: 'First day the budget covers (UK local date).' })
  periodStart: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day the budget covers, inclusive (UK local date).' })
  periodEnd: string;

  @Field(() => Int, { nullable: true, description: `Money to put in straight away, as a first top-up. ${AMOUNT}` })
  firstTopUpPence?: number | null;
}

@InputType({ description: 'An instalment of a direct payment that reached the person’s account.' })
export class RecordDirectPaymentInput {
  @Field(() => ID, { description: 'The DIRECT_PAYMENT budget.' })
  budgetId: string;

  @Field(() => Int, { description: `The instalment. ${AMOUNT} Instalments together may not exceed the allocation.` })
  amountPence: number;

  @Field(() => GraphQLLocalDate, { description: 'The day it was paid (UK local date): within the budget’s period and not after today.' })
  paidOn: string;
}

@InputType({ description: 'Money the person (or their representative) adds to a budget from their own pocket.' })
export class TopUpPersonalBudgetInput {
  @Field(() => ID, { description: 'The budget.' })
  budgetId: string;

  @Field(() => Int, { description: `The top-up. ${AMOUNT} A budget’s top-ups add up to at most £1,000,000.` })
  amountPence: number;
}

@ObjectType({ description: 'One line of a budget’s ledger in a list.' })
export class LedgerEntryEdge extends EdgeType(LedgerEntry) {}

@ObjectType({ description: 'A page of a budget’s ledger, oldest line first, as a statement reads.' })
export class LedgerEntryConnection extends ConnectionType(LedgerEntryEdge) {}

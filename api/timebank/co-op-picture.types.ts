import { Field, Float, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'One month of a time bank’s confirmed help, by the month (London) the help was given.' })
export class TimeBankMonth {
  @Field(() => String, { description: 'YYYY-MM, London time.' })
  month: string;

  @Field(() => Int, { description: 'Minutes of help given, not the out-of-hours credit.' })
  minutesExchanged: number;

  @Field(() => Int, { description: 'How many confirmed exchanges.' })
  exchanges: number;

  @Field(() => Int, { description: 'Of minutesExchanged, those given out of the co-op’s normal hours.' })
  outOfHoursMinutes: number;
}

@ObjectType({
  description: 'A co-op’s time bank in numbers: aggregates only; the expense figures, which one claim can move, for its coordinators only.',
})
export class TimeBankPicture {
  @Field(() => [TimeBankMonth], { description: 'Every month of the window, oldest first, months with no help included as zeros.' })
  months: TimeBankMonth[];

  @Field(() => Int, { description: 'Members who gave help, confirmed, in the last 90 days.' })
  activeVolunteers: number;

  @Field(() => Int, { description: 'Approved members who have not left.' })
  members: number;

  @Field(() => Int, { description: 'Minutes given out of hours in the window.' })
  outOfHoursMinutes: number;

  @Field(() => Int, { description: 'The community pool’s balance now.' })
  poolBalanceMinutes: number;

  @Field(() => Int, {
    nullable: true,
    description: 'Expenses paid in the window. The co-op’s coordinators and admins only: null for anyone else.',
  })
  expensesPaidPence: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'Expenses submitted or approved and not yet paid, now. The co-op’s coordinators and admins only: null for anyone else.',
  })
  expensesWaitingPence: number | null;

  @Field(() => Int, {
    nullable: true,
    description:
      'How many claims are submitted or approved and not yet paid, now. The co-op’s coordinators and admins only: null for anyone else.',
  })
  expensesWaitingCount: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'The median of days from a claim’s submission to its decision (approved or rejected), to a tenth of a day, over claims ' +
      'decided in the window; null when none were. The co-op’s coordinators and admins only: null for anyone else.',
  })
  medianDaysToApprove: number | null;
}

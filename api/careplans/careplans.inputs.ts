import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { CARE_PLAN_SIZE_LIMITS as SIZE, CARE_PLAN_TEXT_LIMITS as TEXT } from './care-plan-content.js';
import { AboutMeHeading, CarePlanRole, ConsentMethod, GoalArea, SupportGiver } from './careplans.enums.js';

const chars = (n: number) => `at most ${n.toLocaleString('en-GB')} characters`;

@InputType({ description: 'The person’s own ratings of a goal, each a whole number from 1 (lowest) to 10 (highest).' })
export class GoalRatingInput {
  @Field(() => Int, { description: 'How important the goal is to the person, 1–10.' })
  importance: number;

  @Field(() => Int, { description: 'How well the person feels they do it now, 1–10.' })
  performance: number;

  @Field(() => Int, { description: 'How satisfied the person is with how they do it, 1–10.' })
  satisfaction: number;
}

@InputType({ description: 'How the person gave consent for staff to start their plan.' })
export class CarePlanConsentInput {
  @Field(() => ConsentMethod, { description: 'Written or verbal.' })
  method: ConsentMethod;

  @Field(() => GraphQLLocalDate, { description: 'When the person gave it (UK local date, not in the future).' })
  givenOn: string;
}

@InputType({ description: 'One section of "About me".' })
export class AboutMeInput {
  @Field(() => AboutMeHeading, { description: 'Which heading; at most one section each.' })
  heading: AboutMeHeading;

  @Field(() => String, { description: `In the person’s words: ${chars(TEXT.aboutMe)}, not empty.` })
  text: string;
}

@InputType({ description: 'A goal, in the person’s own words.' })
export class NewGoalInput {
  @Field(() => String, { description: `What the person wants: ${chars(TEXT.goalDescription)}, not empty.` })
  description: string;

  @Field(() => GoalArea, { description: 'The part of everyday life it is about.' })
  area: GoalArea;

  @Field(() => GoalRatingInput, { nullable: true, description: 'The person’s first ratings of it, recorded as its baseline today.' })
  baseline?: GoalRatingInput | null;
}

@InputType({ description: 'A support: what is done, by whom, when, and which budget pays.' })
export class NewSupportInput {
  @Field(() => String, { description: `What is done: ${chars(TEXT.supportWhat)}, not empty.` })
  what: string;

  @Field(() => SupportGiver, { description: 'Who gives it; SERVICE needs serviceId, BOOKING bookingId, the others carerName.' })
  giver: SupportGiver;

  @Field(() => ID, { nullable: true, description: 'SERVICE: the directory service.' })
  serviceId?: string | null;

  @Field(() => ID, { nullable: true, description: 'BOOKING: a booking on one of the person’s budgets.' })
  bookingId?: string | null;

  @Field(() => String, { nullable: true, description: `INFORMAL_CARER or VOLUNTEER: who (${chars(TEXT.carerName)}).` })
  carerName?: string | null;

  @Field(() => String, { description: `When, e.g. "Every morning, 8 to 9": ${chars(TEXT.supportWhen)}, not empty.` })
  when: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Which of the person’s budgets pays; for BOOKING it defaults to, and must be, the booking’s budget.',
  })
  budgetId?: string | null;

  @Field(() => [Int], { nullable: true, description: 'The goals of this input it meets, by their place in `goals` (from 0).' })
  goalIndexes?: number[] | null;
}

@InputType({ description: 'A risk and what the person has chosen to do about it.' })
export class NewRiskInput {
  @Field(() => String, { description: `What could happen: ${chars(TEXT.riskText)}, not empty.` })
  description: string;

  @Field(() => String, { description: `What the person has chosen: ${chars(TEXT.riskText)}, not empty.` })
  personsChoice: string;

  @Field(() => String, { nullable: true, description: `What others will do to keep it safer: ${chars(TEXT.riskText)}.` })
  safeguards?: string | null;
}

@InputType({ description: 'A new care plan and its first version.' })
export class CreateCarePlanInput {
  @Field(() => ID, { nullable: true, description: 'Whose plan; yourself when left out.' })
  personId?: string | null;

  @Field(() => CarePlanConsentInput, {
    nullable: true,
    description: 'Required when a coordinator or officer starts the plan of a person with capacity: how they consented.',
  })
  consent?: CarePlanConsentInput | null;

  @Field(() => String, {
    nullable: true,
    description: `Required when an officer starts the plan of a person lacking capacity: why (${chars(TEXT.reason)}). Stored, never shown.`,
  })
  reason?: string | null;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When to review the plan; a year from today when left out.' })
  reviewDate?: string | null;

  @Field(() => [AboutMeInput], { nullable: true, description: '"About me" sections, one per heading.' })
  aboutMe?: AboutMeInput[] | null;

  @Field(() => [NewGoalInput], { nullable: true, description: `Goals: at most ${SIZE.goals}.` })
  goals?: NewGoalInput[] | null;

  @Field(() => [NewSupportInput], { nullable: true, description: `Supports: at most ${SIZE.supports}.` })
  supports?: NewSupportInput[] | null;

  @Field(() => [NewRiskInput], { nullable: true, description: `Risks: at most ${SIZE.risks}.` })
  risks?: NewRiskInput[] | null;
}

@InputType({ description: 'An invitation into a plan’s circle, by email.' })
export class InviteToCircleInput {
  @Field(() => ID, { description: 'The plan.' })
  planId: string;

  @Field(() => String, { description: 'Where the invitation goes; whoever signs in with it may accept.' })
  email: string;

  @Field(() => String, { description: `Who they are, as the person knows them: ${chars(TEXT.inviteeName)}.` })
  name: string;

  @Field(() => CarePlanRole, { description: 'VIEW, SUGGEST or EDIT (OWNER is never given by invitation).' })
  role: CarePlanRole;

  @Field(() => Boolean, {
    nullable: true,
    description: 'Make them the lead coordinator when they accept, if they are a coordinator then (default false).',
  })
  asLeadCoordinator?: boolean | null;
}

@InputType({ description: 'The person’s ratings of one goal at a review.' })
export class RecordGoalReviewInput extends GoalRatingInput {
  @Field(() => ID, { description: 'The plan.' })
  planId: string;

  @Field(() => ID, { description: 'A goal of the plan’s current version.' })
  goalId: string;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'When the person gave them (UK local date, not in the future); today when left out.',
  })
  ratedOn?: string | null;
}

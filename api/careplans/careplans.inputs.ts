import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, InputType, Int } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { CARE_PLAN_SIZE_LIMITS as SIZE, CARE_PLAN_TEXT_LIMITS as TEXT } from './care-plan-content.js';
import { CarePlanRole, ConsentMethod } from './careplans.enums.js';
import { AboutMeInput, GoalRatingInput, NewGoalInput, NewRiskInput, NewSupportInput } from './proposal.types.js';

const chars = (n: number) => `at most ${n.toLocaleString('en-GB')} characters`;

@InputType({ description: 'How the person gave consent for staff to start their plan.' })
export class CarePlanConsentInput {
  @Field(() => ConsentMethod, { description: 'Written or verbal.' })
  method: ConsentMethod;

  @Field(() => GraphQLLocalDate, { description: 'When the person gave it (UK local date, not in the future).' })
  givenOn: string;
}

@InputType({
  description: 'A support of a new plan: as NewSupportInput, meeting goals of the same input by their place (goalIds is refused here).',
})
export class NewPlanSupportInput extends NewSupportInput {
  @Field(() => [Int], { nullable: true, description: 'The goals of this input it meets, by their place in `goals` (from 0).' })
  goalIndexes?: number[] | null;
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

  @Field(() => [NewPlanSupportInput], { nullable: true, description: `Supports: at most ${SIZE.supports}.` })
  supports?: NewPlanSupportInput[] | null;

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

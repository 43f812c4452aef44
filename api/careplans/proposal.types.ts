import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { CARE_PLAN_SIZE_LIMITS, CARE_PLAN_TEXT_LIMITS as LIMIT } from './care-plan-content.js';
import type { CarePlanClash } from './careplans.exception.js';
import { GoalFields, GoalScoreFields, RiskFields, SupportFields } from './careplans.types.js';
import { AboutMeHeading, CarePlanChangeAction, CarePlanItemKind, GoalArea, SupportGiver } from './careplans.enums.js';

const chars = (n: number) => `at most ${n.toLocaleString('en-GB')} characters`;
const KEPT = 'Left out: unchanged.';
const CLEARED = 'Left out: unchanged; null: cleared.';

@InputType({ description: 'The person’s own ratings of a goal, each a whole number from 1 (lowest) to 10 (highest).' })
export class GoalRatingInput {
  @Field(() => Int, { description: 'How much the goal matters to the person, 1 to 10.' })
  importance: number;

  @Field(() => Int, { description: 'How well the person does it now, in their own view, 1 to 10.' })
  performance: number;

  @Field(() => Int, { description: 'How satisfied the person is with how they do it, 1 to 10.' })
  satisfaction: number;
}

@InputType({ description: 'A goal in the person’s own words.' })
export class NewGoalInput {
  @Field(() => String, { description: `The goal, in the person’s own words: ${chars(LIMIT.goalDescription)}, not blank.` })
  description: string;

  @Field(() => GoalArea, { description: 'The part of everyday life it is about.' })
  area: GoalArea;

  @Field(() => GoalRatingInput, {
    nullable: true,
    description: 'The person’s first ratings of the goal, recorded as its baseline when the goal enters the plan.',
  })
  baseline?: GoalRatingInput | null;
}

@InputType({ description: 'Changes to a goal of the base version; give at least one field besides goalId.' })
export class EditGoalInput {
  @Field(() => ID, { description: 'The goal, as it is in the base version.' })
  goalId: string;

  @Field(() => String, { nullable: true, description: `The goal in the person’s words: ${chars(LIMIT.goalDescription)}. ${KEPT}` })
  description?: string | null;

  @Field(() => GoalArea, { nullable: true, description: `The part of everyday life it is about. ${KEPT}` })
  area?: GoalArea | null;
}

@InputType({ description: 'A goal of the base version to take out; supports that meet it stop naming it.' })
export class RemoveGoalInput {
  @Field(() => ID, { description: 'The goal, as it is in the base version.' })
  goalId: string;
}

@InputType({
  description:
    'A support: what, who gives it, when, and which budget pays. SERVICE needs serviceId; BOOKING needs bookingId (the service ' +
    'is then the booking’s, and the budget must be the booking’s); INFORMAL_CARER and VOLUNTEER need carerName; TIME_BANK needs ' +
    'timeBankProviderId (a co-op whose time bank the person is an approved member of) and takes no budget. A field that ' +
    'does not fit the giver is refused.',
})
export class NewSupportInput {
  @Field(() => String, { description: `What the support is: ${chars(LIMIT.supportWhat)}, not blank.` })
  what: string;

  @Field(() => SupportGiver, { description: 'Who gives it.' })
  giver: SupportGiver;

  @Field(() => ID, { nullable: true, description: 'SERVICE only: the directory service.' })
  serviceId?: string | null;

  @Field(() => ID, { nullable: true, description: 'BOOKING only: a booking on one of the person’s budgets.' })
  bookingId?: string | null;

  @Field(() => String, { nullable: true, description: `INFORMAL_CARER and VOLUNTEER only: who, ${chars(LIMIT.carerName)}.` })
  carerName?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'TIME_BANK only: the co-op whose time bank gives it; the person must be an approved member of it.',
  })
  timeBankProviderId?: string | null;

  @Field(() => String, { description: `When, in words (e.g. "Every morning, 8 to 9"): ${chars(LIMIT.supportWhen)}, not blank.` })
  when: string;

  @Field(() => ID, {
    nullable: true,
    description: 'Which of the person’s budgets pays; for a BOOKING it defaults to, and must be, the booking’s budget.',
  })
  budgetId?: string | null;

  @Field(() => [ID], { nullable: true, description: 'Goals the plan already has that this support meets.' })
  goalIds?: string[] | null;
}

const GOAL_CHANGES = 'Goals this proposal adds that the support meets: the indexes in `changes` of their addGoal changes (counted from 0).';

@InputType({ description: 'A support to add, as in NewSupportInput, which may also meet goals the same proposal adds.' })
export class ProposedSupportInput extends NewSupportInput {
  @Field(() => [Int], { nullable: true, description: GOAL_CHANGES })
  goalChanges?: number[] | null;
}

@InputType({
  description:
    'Changes to a support of the base version; give at least one field besides supportId. The giver rules of NewSupportInput ' +
    'apply to the support after the change; changing the giver drops the old giver’s links.',
})
export class EditSupportInput {
  @Field(() => ID, { description: 'The support, as it is in the base version.' })
  supportId: string;

  @Field(() => String, { nullable: true, description: `What the support is: ${chars(LIMIT.supportWhat)}. ${KEPT}` })
  what?: string | null;

  @Field(() => SupportGiver, { nullable: true, description: `Who gives it. ${KEPT}` })
  giver?: SupportGiver | null;

  @Field(() => ID, { nullable: true, description: `SERVICE only: the directory service. ${CLEARED}` })
  serviceId?: string | null;

  @Field(() => ID, { nullable: true, description: `BOOKING only: a booking on one of the person’s budgets. ${CLEARED}` })
  bookingId?: string | null;

  @Field(() => String, { nullable: true, description: `INFORMAL_CARER and VOLUNTEER only: who, ${chars(LIMIT.carerName)}. ${CLEARED}` })
  carerName?: string | null;

  @Field(() => ID, { nullable: true, description: `TIME_BANK only: the co-op whose time bank gives it. ${CLEARED}` })
  timeBankProviderId?: string | null;

  @Field(() => String, { nullable: true, description: `When, in words: ${chars(LIMIT.supportWhen)}. ${KEPT}` })
  when?: string | null;

  @Field(() => ID, { nullable: true, description: `Which of the person’s budgets pays. ${CLEARED}` })
  budgetId?: string | null;

  @Field(() => [ID], { nullable: true, description: `Goals the plan already has that it meets, replacing the list. ${KEPT}` })
  goalIds?: string[] | null;

  @Field(() => [Int], { nullable: true, description: `${GOAL_CHANGES} Added to goalIds.` })
  goalChanges?: number[] | null;
}

@InputType({ description: 'A support of the base version to take out.' })
export class RemoveSupportInput {
  @Field(() => ID, { description: 'The support, as it is in the base version.' })
  supportId: string;
}

@InputType({ description: 'A risk the person takes, and what they have chosen about it.' })
export class NewRiskInput {
  @Field(() => String, { description: `What could happen: ${chars(LIMIT.riskText)}, not blank.` })
  description: string;

  @Field(() => String, { description: `What the person has chosen to do about it: ${chars(LIMIT.riskText)}, not blank.` })
  personsChoice: string;

  @Field(() => String, { nullable: true, description: `What others will do to keep it safer: ${chars(LIMIT.riskText)}.` })
  safeguards?: string | null;
}

@InputType({ description: 'Changes to a risk of the base version; give at least one field besides riskId.' })
export class EditRiskInput {
  @Field(() => ID, { description: 'The risk, as it is in the base version.' })
  riskId: string;

  @Field(() => String, { nullable: true, description: `What could happen: ${chars(LIMIT.riskText)}. ${KEPT}` })
  description?: string | null;

  @Field(() => String, { nullable: true, description: `What the person has chosen about it: ${chars(LIMIT.riskText)}. ${KEPT}` })
  personsChoice?: string | null;

  @Field(() => String, { nullable: true, description: `What others will do to keep it safer: ${chars(LIMIT.riskText)}. ${CLEARED}` })
  safeguards?: string | null;
}

@InputType({ description: 'A risk of the base version to take out.' })
export class RemoveRiskInput {
  @Field(() => ID, { description: 'The risk, as it is in the base version.' })
  riskId: string;
}

@InputType({ description: 'One "About me" section: written if the plan has none under its heading, else replaced.' })
export class AboutMeInput {
  @Field(() => AboutMeHeading, { description: 'The heading (at most one section each).' })
  heading: AboutMeHeading;

  @Field(() => String, { description: `The section, in the person’s words: ${chars(LIMIT.aboutMe)}, not blank.` })
  text: string;
}

@InputType({ description: 'An "About me" section of the base version to take out.' })
export class RemoveAboutMeInput {
  @Field(() => AboutMeHeading, { description: 'Its heading.' })
  heading: AboutMeHeading;
}

@InputType({
  description:
    'One change to a plan: set exactly one field. An edit or removal names an item of the proposal’s base version; no two ' +
    `changes of a proposal touch one item or heading; a proposal makes at most ${CARE_PLAN_SIZE_LIMITS.changesPerProposal} changes.`,
})
export class CarePlanChangeInput {
  @Field(() => NewGoalInput, { nullable: true, description: `Add a goal (a version holds at most ${CARE_PLAN_SIZE_LIMITS.goals}).` })
  addGoal?: NewGoalInput | null;

  @Field(() => EditGoalInput, { nullable: true, description: 'Change a goal.' })
  editGoal?: EditGoalInput | null;

  @Field(() => RemoveGoalInput, { nullable: true, description: 'Take a goal out.' })
  removeGoal?: RemoveGoalInput | null;

  @Field(() => ProposedSupportInput, {
    nullable: true,
    description: `Add a support (a version holds at most ${CARE_PLAN_SIZE_LIMITS.supports}).`,
  })
  addSupport?: ProposedSupportInput | null;

  @Field(() => EditSupportInput, { nullable: true, description: 'Change a support.' })
  editSupport?: EditSupportInput | null;

  @Field(() => RemoveSupportInput, { nullable: true, description: 'Take a support out.' })
  removeSupport?: RemoveSupportInput | null;

  @Field(() => NewRiskInput, { nullable: true, description: `Add a risk (a version holds at most ${CARE_PLAN_SIZE_LIMITS.risks}).` })
  addRisk?: NewRiskInput | null;

  @Field(() => EditRiskInput, { nullable: true, description: 'Change a risk.' })
  editRisk?: EditRiskInput | null;

  @Field(() => RemoveRiskInput, { nullable: true, description: 'Take a risk out.' })
  removeRisk?: RemoveRiskInput | null;

  @Field(() => AboutMeInput, { nullable: true, description: 'Write or replace an "About me" section.' })
  setAboutMe?: AboutMeInput | null;

  @Field(() => RemoveAboutMeInput, { nullable: true, description: 'Take an "About me" section out.' })
  removeAboutMe?: RemoveAboutMeInput | null;
}

@ObjectType({ description: 'A goal as a proposal would leave it.' })
export class ProposedGoal extends GoalFields {}

@ObjectType({ description: 'A support as a proposal would leave it; its links are checked when proposed.' })
export class ProposedSupport extends SupportFields {
  @Field(() => ID, { nullable: true, description: 'The directory service (SERVICE), or the booking’s service (BOOKING).' })
  serviceId: string | null;

  @Field(() => [ID], { description: 'The goals it meets: the plan’s, or ones the same proposal adds (their itemId).' })
  goalIds: string[];
}

@ObjectType({ description: 'A risk as a proposal would leave it.' })
export class ProposedRisk extends RiskFields {}

@ObjectType({ description: 'The person’s own ratings of a goal, each 1 to 10, as proposed with a new goal.' })
export class ProposedGoalRating extends GoalScoreFields {}

/** GraphQL's CarePlanChange (the stored shape of the same name is in care-plan-content.ts); built by describeChange. */
@ObjectType('CarePlanChange', { description: 'One change of a proposal, with the item’s content after the change.' })
export class ProposedChange {
  @Field(() => CarePlanChangeAction, { description: 'Add, edit or remove.' })
  action: CarePlanChangeAction;

  @Field(() => CarePlanItemKind, { description: 'What kind of item it changes.' })
  item: CarePlanItemKind;

  @Field(() => ID, {
    nullable: true,
    description: 'The goal, support or risk (an added one’s id is given when proposed); null for "About me".',
  })
  itemId: string | null;

  @Field(() => AboutMeHeading, { nullable: true, description: 'The "About me" heading; null for other items.' })
  heading: AboutMeHeading | null;

  @Field(() => ProposedGoal, { nullable: true, description: 'The goal after the change; null unless an added or edited goal.' })
  goal: ProposedGoal | null;

  @Field(() => ProposedSupport, { nullable: true, description: 'The support after the change; null unless an added or edited support.' })
  support: ProposedSupport | null;

  @Field(() => ProposedRisk, { nullable: true, description: 'The risk after the change; null unless an added or edited risk.' })
  risk: ProposedRisk | null;

  @Field(() => String, { nullable: true, description: 'The "About me" text after the change; null unless a section is written.' })
  text: string | null;

  @Field(() => ProposedGoalRating, {
    nullable: true,
    description: 'An added goal’s first ratings, recorded as its baseline on acceptance.',
  })
  baseline: ProposedGoalRating | null;
}

/** GraphQL's CarePlanConflict (the exception of that name is in careplans.exception.ts): a CarePlanClash as is. */
@ObjectType('CarePlanConflict', { description: 'Something a proposal changes that was changed in the plan since its base version.' })
export class ConflictingItem implements CarePlanClash {
  @Field(() => CarePlanItemKind, { description: 'What kind of item.' })
  item: CarePlanItemKind;

  @Field(() => ID, { nullable: true, description: 'The goal, support or risk; null for "About me".' })
  itemId: string | null;

  @Field(() => AboutMeHeading, { nullable: true, description: 'The "About me" heading; null for other items.' })
  heading: AboutMeHeading | null;

  @Field(() => String, { description: 'What happened to it since the base version, in a sentence.' })
  why: string;
}

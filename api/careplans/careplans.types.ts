import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType } from '../common/connection.js';
import { ID } from '../graphql/scalars.js';
import { CarePlan } from './care-plan.entity.js';
import type { PlanItem } from './care-plan-content.js';
import {
  ABOUT_ME_TITLES,
  AboutMeHeading,
  AgreementSide,
  CarePlanItemKind,
  CarePlanRole,
  CircleMemberKind,
  CircleMemberStatus,
  ConsentMethod,
  GoalArea,
  SupportGiver,
} from './careplans.enums.js';

@ObjectType({ description: 'How the person consented to staff starting their plan.' })
export class CarePlanConsent {
  @Field(() => ConsentMethod, { description: 'Written or verbal.' })
  method: ConsentMethod;

  @Field(() => GraphQLLocalDate, { description: 'When they gave it (UK local date).' })
  givenOn: string;
}

@ObjectType({ description: 'A section of "About me", in the person’s words.' })
export class AboutMeSection {
  @Field(() => AboutMeHeading, { description: 'Which heading.' })
  heading: AboutMeHeading;

  @Field(() => String, { description: 'The heading as the person reads it, e.g. "What matters to me".' })
  title: string;

  @Field(() => String, { description: 'What the person says.' })
  text: string;
}

/** The person's three ratings of a goal, the same recorded at a review (GoalRating) and proposed (ProposedGoalRating). */
@ObjectType()
export abstract class GoalScoreFields {
  @Field(() => Int, { description: 'How much the goal matters to the person, 1 to 10.' })
  importance: number;

  @Field(() => Int, { description: 'How well the person does it now, in their own view, 1 to 10.' })
  performance: number;

  @Field(() => Int, { description: 'How satisfied the person is with how they do it, 1 to 10.' })
  satisfaction: number;
}

@ObjectType({ description: 'The person’s own ratings of a goal on one day, each from 1 to 10.' })
export class GoalRating extends GoalScoreFields {
  @Field(() => GraphQLLocalDate, { description: 'The day they gave the ratings (UK local date).' })
  ratedOn: string;

  @Field(() => GraphQLDateTime, { description: 'When the ratings were recorded.' })
  recordedAt: Date;

  recordedById: string | null;
}

@ObjectType({ description: 'How a goal’s ratings moved from its baseline to its latest review (latest minus baseline).' })
export class GoalChange {
  @Field(() => Int, { description: 'Change in importance.' })
  importance: number;

  @Field(() => Int, { description: 'Change in performance.' })
  performance: number;

  @Field(() => Int, { description: 'Change in satisfaction.' })
  satisfaction: number;

  @Field(() => Boolean, { description: 'True when performance or satisfaction moved by 2 or more either way: a change that matters.' })
  isMeaningful: boolean;
}

/** A goal's content, the same in a version and in a proposal (ProposedGoal). */
@ObjectType()
export abstract class GoalFields {
  @Field(() => String, { description: 'The goal, in the person’s own words.' })
  description: string;

  @Field(() => GoalArea, { description: 'The part of everyday life it is about.' })
  area: GoalArea;
}

@ObjectType({ description: 'A goal, in the person’s own words, with the ratings they gave it.' })
export class Goal extends GoalFields {
  @Field(() => ID, { description: 'Stable across versions.' })
  id: string;

  planId: string;
}

/** A support's content, the same in a version and in a proposal (ProposedSupport). */
@ObjectType()
export abstract class SupportFields {
  @Field(() => String, { description: 'What is done.' })
  what: string;

  @Field(() => SupportGiver, { description: 'Who gives it.' })
  giver: SupportGiver;

  @Field(() => ID, {
    nullable: true,
    description: 'BOOKING: the booking’s id (a plan’s support shows it whole in `booking`, to those who may see it).',
  })
  bookingId: string | null;

  @Field(() => String, { nullable: true, description: 'INFORMAL_CARER or VOLUNTEER: who.' })
  carerName: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'TIME_BANK: the co-op whose time bank gives it (a plan’s support shows it whole in `timeBank`); null for others.',
  })
  timeBankProviderId?: string | null;

  @Field(() => String, { description: 'When, in words.' })
  when: string;

  @Field(() => ID, { nullable: true, description: 'The person’s budget that pays for it; null when none does.' })
  budgetId: string | null;
}

@ObjectType({ description: 'A support in a plan: what is done, by whom, when, and which budget pays.' })
export class CarePlanSupport extends SupportFields {
  @Field(() => ID, { description: 'Stable across versions.' })
  id: string;

  serviceId: string | null;
  goalIds: string[];
  planId: string;
  version: number;
}

/** A risk's content, the same in a version and in a proposal (ProposedRisk). */
@ObjectType()
export abstract class RiskFields {
  @Field(() => String, { description: 'What could happen.' })
  description: string;

  @Field(() => String, { description: 'What the person has chosen to do about it.' })
  personsChoice: string;

  @Field(() => String, { nullable: true, description: 'What others will do to keep it safer.' })
  safeguards: string | null;
}

@ObjectType({ description: 'A risk the person knows of, and what they have chosen to do about it.' })
export class CarePlanRisk extends RiskFields {
  @Field(() => ID, { description: 'Stable across versions.' })
  id: string;
}

@ObjectType({ description: 'Someone in a plan’s circle.' })
export class CircleMember {
  @Field(() => ID, {
    description:
      'An invited member’s id, for removeFromCircle, changeCircleRole and setLeadCoordinator; the person’s and a representative’s ' +
      'is their person id (they are in the circle by who they are, not by invitation).',
  })
  id: string;

  @Field(() => String, { description: 'Their name: their account’s, or the name they were invited by while pending.' })
  name: string;

  @Field(() => CarePlanRole, { description: 'What they may do in the plan.' })
  role: CarePlanRole;

  @Field(() => CircleMemberKind, { description: 'How they belong to the circle.' })
  kind: CircleMemberKind;

  @Field(() => CircleMemberStatus, { description: 'Pending until an invited member accepts.' })
  status: CircleMemberStatus;

  @Field(() => Boolean, { description: 'Whether they are the plan’s lead coordinator, who signs for the co-op.' })
  isLeadCoordinator: boolean;

  @Field(() => String, {
    nullable: true,
    description: 'Where an invitation went: shown to the person and their EDIT_PLAN representatives only.',
  })
  invitedEmail: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When an invited member accepted; null for derived and pending members.' })
  joinedAt: Date | null;

  personId: string | null;
}

@ObjectType({ description: 'One side’s signature of one version of a plan.' })
export class CarePlanSignature {
  @Field(() => AgreementSide, { description: 'For the person, or for the co-op (the lead coordinator).' })
  side: AgreementSide;

  @Field(() => GraphQLDateTime, { description: 'When it was signed.' })
  signedAt: Date;

  signedById: string | null;
}

@ObjectType({ description: 'One version of a plan, as it stood; every version stays readable.' })
export class CarePlanVersion {
  @Field(() => Int, { description: 'The version number, from 1.' })
  version: number;

  @Field(() => GraphQLDateTime, { description: 'When it was made.' })
  createdAt: Date;

  @Field(() => ID, { nullable: true, description: 'The accepted proposal that made it; null for version 1.' })
  proposalId: string | null;

  createdById: string | null;
  plan: CarePlan;
}

@ObjectType({ description: 'An invitation into a plan’s circle waiting for you.' })
export class CircleInvitation {
  @Field(() => ID, { description: 'The plan: pass it to acceptCircleInvitation or declineCircleInvitation.' })
  planId: string;

  @Field(() => String, { description: 'Whose plan it is.' })
  personName: string;

  @Field(() => CarePlanRole, { description: 'What you could do in it.' })
  role: CarePlanRole;

  @Field(() => Boolean, { description: 'Whether you would become its lead coordinator (if you are a coordinator when you accept).' })
  asLeadCoordinator: boolean;

  @Field(() => GraphQLDateTime, { description: 'When you were invited.' })
  invitedAt: Date;
}

@ObjectType({ description: 'A care plan in a list.' })
export class CarePlanEdge extends EdgeType(CarePlan) {}

@ObjectType({ description: 'A page of care plans.' })
export class CarePlanConnection extends ConnectionType(CarePlanEdge) {}

@ObjectType({ description: 'A version of a plan in its history.' })
export class CarePlanVersionEdge extends EdgeType(CarePlanVersion) {}

@ObjectType({ description: 'A page of a plan’s versions, newest first.' })
export class CarePlanVersionConnection extends ConnectionType(CarePlanVersionEdge) {}

/** A version's items as the schema's types, in the plan's order. */
export function contentOf(planId: string, version: number, items: readonly PlanItem[]) {
  const aboutMe: AboutMeSection[] = [];
  const goals: Goal[] = [];
  const supports: CarePlanSupport[] = [];
  const risks: CarePlanRisk[] = [];
  for (const item of items) {
    if (item.kind === CarePlanItemKind.ABOUT_ME) aboutMe.push({ ...item.content, title: ABOUT_ME_TITLES[item.content.heading] });
    else if (item.kind === CarePlanItemKind.GOAL) goals.push({ id: item.itemId, ...item.content, planId });
    else if (item.kind === CarePlanItemKind.SUPPORT) supports.push({ id: item.itemId, ...item.content, planId, version });
    else risks.push({ id: item.itemId, ...item.content });
  }
  return { aboutMe, goals, supports, risks };
}

import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import { ID } from '../graphql/scalars.js';
import type { CarePlan } from './care-plan.entity.js';
import { CARE_PLAN_SIZE_LIMITS, CARE_PLAN_TEXT_LIMITS as LIMIT, type CarePlanChange } from './care-plan-content.js';
import { ProposalStatus } from './careplans.enums.js';
import { CarePlanChangeInput } from './proposal.types.js';

/** The GraphQL shapes of co-design: proposals and comments, and the inputs that make them. */

const chars = (n: number) => `at most ${n.toLocaleString('en-GB')} characters`;

@InputType({ description: 'A proposed change to a plan, for the person (or their EDIT_PLAN representative) to accept or reject.' })
export class ProposeCarePlanChangeInput {
  @Field(() => ID, { description: 'The plan.' })
  planId: string;

  @Field(() => Int, {
    description:
      'The version the changes were written against, usually the current one. An older base still applies when accepted unless ' +
      'it touches something changed since.',
  })
  baseVersion: number;

  @Field(() => String, { nullable: true, description: `Why, for the person: ${chars(LIMIT.comment)}.` })
  comment?: string | null;

  @Field(() => [CarePlanChangeInput], { description: `1 to ${CARE_PLAN_SIZE_LIMITS.changesPerProposal} changes.` })
  changes: CarePlanChangeInput[];
}

@InputType({ description: 'A comment on a plan, or on one of its goals.' })
export class CommentOnCarePlanInput {
  @Field(() => ID, { description: 'The plan.' })
  planId: string;

  @Field(() => ID, { nullable: true, description: 'A goal of the plan’s current version; left out for a comment on the whole plan.' })
  goalId?: string | null;

  @Field(() => String, { description: `The comment: ${chars(LIMIT.comment)}, not blank.` })
  text: string;
}

@ArgsType()
export class ProposalsArgs extends PageArgs {
  @Field(() => ProposalStatus, { nullable: true, description: 'Only proposals in this state; all when left out.' })
  status?: ProposalStatus | null;
}

/** A proposal as the schema shows it; `plan` is the plan it was read through, for staleness and clashes. */
@ObjectType({ description: 'A change someone in the circle proposed, against a base version of the plan.' })
export class CarePlanProposal {
  @Field(() => ID, { description: 'Opaque and stable.' })
  id: string;

  @Field(() => Int, { description: 'The version the changes were written against.' })
  baseVersion: number;

  @Field(() => String, { nullable: true, description: 'Why, in the proposer’s words.' })
  comment: string | null;

  @Field(() => ProposalStatus, { description: 'Open, or how it was decided.' })
  status: ProposalStatus;

  @Field(() => GraphQLDateTime, { description: 'When it was proposed.' })
  proposedAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was accepted, rejected or withdrawn; null while open.' })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected, if the decider said.' })
  reason: string | null;

  @Field(() => Int, { nullable: true, description: 'The version accepting it made; null unless ACCEPTED.' })
  resultingVersion: number | null;

  stored: CarePlanChange[];
  proposedById: string | null;
  decidedById: string | null;
  plan: CarePlan;
}

@ObjectType({ description: 'A proposal in a plan’s list.' })
export class CarePlanProposalEdge extends EdgeType(CarePlanProposal) {}

@ObjectType({ description: 'A page of a plan’s proposals, newest first.' })
export class CarePlanProposalConnection extends ConnectionType(CarePlanProposalEdge) {}

@ObjectType({ description: 'A comment on a plan or on one of its goals.' })
export class CarePlanComment {
  @Field(() => ID, { description: 'Opaque and stable.' })
  id: string;

  @Field(() => String, { description: 'The comment.' })
  text: string;

  @Field(() => ID, { nullable: true, description: 'The goal it is about; null for a comment on the whole plan.' })
  goalId: string | null;

  @Field(() => GraphQLDateTime, { description: 'When it was written.' })
  createdAt: Date;

  authorId: string | null;
}

@ObjectType({ description: 'A comment in a list.' })
export class CarePlanCommentEdge extends EdgeType(CarePlanComment) {}

@ObjectType({ description: 'A page of comments, oldest first.' })
export class CarePlanCommentConnection extends ConnectionType(CarePlanCommentEdge) {}

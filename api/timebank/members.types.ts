import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, InputType, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import { ConflictError, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { TimeBankMember } from './time-bank.entity.js';
import { BackgroundCheckKind, TimeBankMembershipStatus, TimeBankRole } from './timebank.enums.js';

export const MAX_REASON_LENGTH = 1000;
export const MAX_CHECK_REFERENCE_LENGTH = 40;

@InputType({ description: 'Asking to join a co-op’s time bank.' })
export class JoinTimeBankInput {
  @Field(() => ID, { description: 'The co-op (provider) whose time bank to join.' })
  providerId: string;

  @Field(() => [TimeBankRole], {
    description: 'How the person takes part: one or more, no repeats. A representative joins someone as RECEIVER only.',
  })
  roles: TimeBankRole[];

  @Field(() => ID, {
    nullable: true,
    description: 'Who joins: yourself when left out; a person you represent with BOOK, as someone who receives support.',
  })
  personId?: string | null;
}

export const JOIN_TIME_BANK_FAILURES = [ConflictError];

export const JoinTimeBankResult = resultUnion(
  'JoinTimeBankResult',
  TimeBankMember,
  JOIN_TIME_BANK_FAILURES,
  'The membership, waiting for a coordinator; or a ConflictError when the person is already a member or waiting.',
);

@InputType({ description: 'A coordinator refusing a membership, saying why.' })
export class RefuseTimeBankMemberInput {
  @Field(() => ID, { description: 'The membership waiting for a decision.' })
  memberId: string;

  @Field(() => String, { description: `Why, 1 to ${MAX_REASON_LENGTH} characters; the person is shown it.` })
  reason: string;
}

@ArgsType()
export class TimeBankMembersArgs extends PageArgs {
  @Field(() => TimeBankMembershipStatus, { nullable: true, description: 'Only memberships in this state (PENDING: those to decide).' })
  status?: TimeBankMembershipStatus | null;
}

@ObjectType({ description: 'A membership in a list, oldest request first.' })
export class TimeBankMemberEdge extends EdgeType(TimeBankMember) {}

@ObjectType({ description: 'A page of a time bank’s memberships, oldest request first.' })
export class TimeBankMemberConnection extends ConnectionType(TimeBankMemberEdge) {}

@InputType({ description: 'A background check a coordinator saw.' })
export class RecordBackgroundCheckInput {
  @Field(() => ID, { description: 'The member checked.' })
  memberId: string;

  @Field(() => BackgroundCheckKind, { description: 'What kind of check.' })
  kind: BackgroundCheckKind;

  @Field(() => GraphQLLocalDate, { description: 'The certificate’s date: today or earlier.' })
  checkedOn: string;

  @Field(() => GraphQLLocalDate, { description: 'When the co-op stops counting it: after checkedOn.' })
  expiresOn: string;

  @Field(() => String, {
    nullable: true,
    description: `The certificate’s number, at most ${MAX_CHECK_REFERENCE_LENGTH} characters, for the DBS update service; never audited.`,
  })
  reference?: string | null;
}

@ObjectType('BackgroundCheck', { description: 'A background check a coordinator recorded on a member.' })
export class BackgroundCheckView {
  @Field(() => ID, { description: 'Opaque and stable.' })
  id: string;

  @Field(() => BackgroundCheckKind, { description: 'What kind of check.' })
  kind: BackgroundCheckKind;

  @Field(() => GraphQLLocalDate, { description: 'The certificate’s date.' })
  checkedOn: string;

  @Field(() => GraphQLLocalDate, { description: 'The first day it no longer counts.' })
  expiresOn: string;

  @Field(() => String, { nullable: true, description: 'The certificate’s number, when noted.' })
  reference: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the coordinator recorded it.' })
  recordedAt: Date;
}

import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import { MemberClass } from '../directory/directory.enums.js';
import { ConflictError, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { MAX_NAME_LENGTH } from '../common/rules.js';
import { CoOpMember } from './member.entity.js';

export const DEFAULT_SHARE_PENCE = 100;
export const MAX_SHARE_PENCE = 10_000_000;
export const MAX_ORGANISATION_NAME_LENGTH = 200;
export const MAX_LEAVING_REASON_LENGTH = 500;

@InputType({ description: 'A co-op admitting a member to its register.' })
export class AdmitMemberInput {
  @Field(() => ID, { description: 'The co-op (provider).' })
  providerId: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The person admitted, by their account; or give email and name instead. Their address stays in their account.',
  })
  personId?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'Instead of personId: the person’s email address. With no account there, one is made and they are emailed a link to set ' +
      'a password; with one, they are told they were admitted. The answer is the same either way.',
  })
  email?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'With email, and only with it: the person’s name as the register holds it, ' + `at most ${MAX_NAME_LENGTH} characters on one line.`,
  })
  name?: string | null;

  @Field(() => MemberClass, { description: 'Their class: one the co-op’s constitution has, when it has set one out.' })
  memberClass: MemberClass;

  @Field(() => Int, {
    nullable: true,
    description: `The share held, in pence, 0 to ${MAX_SHARE_PENCE.toLocaleString('en-GB')} (default ${DEFAULT_SHARE_PENCE}).`,
  })
  sharePence?: number | null;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'The date the co-op admitted them, today or earlier (a register brought in from paper); today in London when left out.',
  })
  joinedOn?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'For a LEGAL_ENTITY member only, and required for one: the organisation, ' + `at most ${MAX_ORGANISATION_NAME_LENGTH} characters.`,
  })
  organisationName?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'A council or other public body: for a LEGAL_ENTITY member only.' })
  isPublicBody?: boolean | null;
}

export const ADMIT_MEMBER_FAILURES = [ConflictError];

export const AdmitMemberResult = resultUnion(
  'AdmitMemberResult',
  CoOpMember,
  ADMIT_MEMBER_FAILURES,
  'The member as entered on the register; or a ConflictError when the person already holds a membership in force there.',
);

@InputType({ description: 'A membership ending: the member resigning, or an officer recording it.' })
export class RecordMemberLeavingInput {
  @Field(() => ID, { description: 'The membership.' })
  memberId: string;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'The date the membership ceased: not before it began, not in the future; today in London when left out.',
  })
  leftOn?: string | null;

  @Field(() => String, { nullable: true, description: `Why, at most ${MAX_LEAVING_REASON_LENGTH} characters.` })
  reason?: string | null;
}

export const RECORD_MEMBER_LEAVING_FAILURES = [ConflictError];

export const RecordMemberLeavingResult = resultUnion(
  'RecordMemberLeavingResult',
  CoOpMember,
  RECORD_MEMBER_LEAVING_FAILURES,
  'The membership as ended; or a ConflictError when it had ended already.',
);

@InputType({ description: 'Making a member the co-op’s secretary.' })
export class AppointSecretaryInput {
  @Field(() => ID, { description: 'The membership, in force.' })
  memberId: string;
}

export const APPOINT_SECRETARY_FAILURES = [ConflictError];

export const AppointSecretaryResult = resultUnion(
  'AppointSecretaryResult',
  CoOpMember,
  APPOINT_SECRETARY_FAILURES,
  'The new secretary; or a ConflictError when the member has left.',
);

@ArgsType()
export class MemberRegisterArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'Whether to list members who have left too (default false).' })
  includeLeft?: boolean | null;
}

@ObjectType({ description: 'A member in the register, in the order admitted.' })
export class CoOpMemberEdge extends EdgeType(CoOpMember) {}

@ObjectType({ description: 'A page of a co-op’s register of members, in the order admitted.' })
export class CoOpMemberConnection extends ConnectionType(CoOpMemberEdge) {}

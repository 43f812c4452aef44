import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, Float, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import { ErrorCode } from '../common/exceptions.js';
import { MemberClass } from '../directory/directory.enums.js';
import { ConflictError, errorResult, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { MotionKind, VoteChoice } from './governance.enums.js';
import { Motion } from './motion.entity.js';

export const MAX_TITLE_LENGTH = 200;
export const MAX_BODY_LENGTH = 10_000;
export const MAX_STATEMENT_LENGTH = 2_000;
export const MAX_CANDIDATES = 50;
/** A motion closes at least this long after it opens, so members have a moment to vote. */
export const MIN_OPEN_MINUTES = 5;
export const MAX_OPEN_DAYS = 90;

export enum MotionStatus {
  OPEN = 'OPEN',
  CLOSED = 'CLOSED',
}
registerEnumType(MotionStatus, {
  name: 'MotionStatus',
  description: 'Whether members may still vote.',
  valuesConfig: {
    OPEN: { description: 'Before its closing time: votes are taken.' },
    CLOSED: { description: 'Its closing time has passed: no more votes; the result is published.' },
  },
});

@InputType({ description: 'A member standing in a board election.' })
export class CandidateInput {
  @Field(() => ID, { description: 'The member standing: in force, of the class electing.' })
  memberId: string;

  @Field(() => String, { nullable: true, description: `What they say to the voters, at most ${MAX_STATEMENT_LENGTH} characters.` })
  statement?: string | null;
}

@InputType({ description: 'A motion put to a co-op’s members.' })
export class OpenMotionInput {
  @Field(() => ID, { description: 'The co-op (provider); it must have set out its constitution.' })
  providerId: string;

  @Field(() => MotionKind, { description: 'A resolution (ordinary or special) or a board election.' })
  kind: MotionKind;

  @Field(() => String, { description: `1 to ${MAX_TITLE_LENGTH} characters.` })
  title: string;

  @Field(() => String, { description: `What members are asked to decide, 1 to ${MAX_BODY_LENGTH.toLocaleString('en-GB')} characters.` })
  body: string;

  @Field(() => Boolean, {
    nullable: true,
    description:
      'Secret ballot: who voted is kept apart from how, and nobody (not the officers) can link the two. Left out: secret for an ' +
      'election, open for a resolution.',
  })
  secret?: boolean | null;

  @Field(() => GraphQLDateTime, {
    description: `When voting closes: at least ${MIN_OPEN_MINUTES} minutes and at most ${MAX_OPEN_DAYS} days from now.`,
  })
  closesAt: Date;

  @Field(() => MemberClass, { nullable: true, description: 'An election only: the class whose members elect its board seats.' })
  memberClass?: MemberClass | null;

  @Field(() => Int, {
    nullable: true,
    description: 'An election only: how many seats, 1 up to that class’s board seats in the constitution.',
  })
  seatsToFill?: number | null;

  @Field(() => [CandidateInput], {
    nullable: true,
    description: `An election only: 1 to ${MAX_CANDIDATES} members in force of the class electing, none twice.`,
  })
  candidates?: CandidateInput[] | null;
}

export const OPEN_MOTION_FAILURES = [ConflictError];

export const OpenMotionResult = resultUnion(
  'OpenMotionResult',
  Motion,
  OPEN_MOTION_FAILURES,
  'The motion, open for votes; or a ConflictError when an election for that class’s seats is open already.',
);

@InputType({ description: 'A vote on a motion. Cast once: a vote is never changed or withdrawn.' })
export class CastVoteInput {
  @Field(() => ID, { description: 'The motion.' })
  motionId: string;

  @Field(() => ID, {
    nullable: true,
    description:
      'The membership voting: your own, or one whose person granted you VOTE. Left out when you may vote for exactly one membership ' +
      'of the motion’s co-op.',
  })
  memberId?: string | null;

  @Field(() => VoteChoice, { nullable: true, description: 'A resolution: for, against or abstain.' })
  choice?: VoteChoice | null;

  @Field(() => [ID], {
    nullable: true,
    description: 'An election: the candidates approved, any number of the motion’s candidates; none is an abstention.',
  })
  approve?: string[] | null;
}

@ObjectType({
  description:
    'A vote cast, with its receipt code. The code is shown this once: keep it to check later (ballotReceipt) that the vote is in ' +
    'the count.',
})
export class CastVote {
  @Field(() => ID, { description: 'The motion.' })
  motionId: string;

  @Field(() => ID, { description: 'The membership that voted.' })
  memberId: string;

  @Field(() => String, {
    description: 'The receipt code: 32 characters in eight groups of four (160 random bits), shown once; coopcare keeps only its hash.',
  })
  receiptCode: string;
}

export const AlreadyVotedError = errorResult(
  'AlreadyVotedError',
  ErrorCode.ALREADY_VOTED,
  'The member has voted on this motion already. A vote is never changed, so a secret ballot holds nothing that could find it again.',
);
export const VotingClosedError = errorResult('VotingClosedError', ErrorCode.VOTING_CLOSED, 'The motion closed before the vote was cast.');
export const NotEntitledToVoteError = errorResult(
  'NotEntitledToVoteError',
  ErrorCode.NOT_ENTITLED_TO_VOTE,
  'The member may not vote on this motion: only members on the register before it opened, who have not left, and (an election) ' +
    'of the class electing.',
);

export const CAST_VOTE_FAILURES = [AlreadyVotedError, VotingClosedError, NotEntitledToVoteError];

export const CastVoteResult = resultUnion(
  'CastVoteResult',
  CastVote,
  CAST_VOTE_FAILURES,
  'The vote with its receipt code; or why it was not taken (voted already, closed, not entitled). Nothing is written then.',
);

@ObjectType({ description: 'A candidate in a board election.' })
export class MotionCandidate {
  @Field(() => ID, { description: 'The candidacy: what a ballot approves.' })
  id: string;

  @Field(() => ID, { description: 'The member standing.' })
  memberId: string;

  @Field(() => String, { description: 'Their name.' })
  name: string;

  @Field(() => String, { nullable: true, description: 'What they say to the voters.' })
  statement: string | null;
}

@ObjectType({
  description: 'One class’s part in a closed motion’s count. Published for secret ballots too: a class of one shows its vote.',
})
export class ClassTally {
  @Field(() => MemberClass, { description: 'The class.' })
  memberClass: MemberClass;

  @Field(() => Int, { description: 'Votes for (an election: ballots approving anyone).' })
  for: number;

  @Field(() => Int, { description: 'Votes against (an election: always 0).' })
  against: number;

  @Field(() => Int, { description: 'Abstentions (an election: ballots approving nobody).' })
  abstain: number;

  @Field(() => Int, { description: 'Members of the class entitled to vote when the motion opened.' })
  electorate: number;

  @Field(() => Int, { nullable: true, description: 'The class’s share of the vote, in percent; null under one member one vote.' })
  weightPercent: number | null;
}

@ObjectType({ description: 'A candidate’s count in a closed election.' })
export class CandidateTally {
  @Field(() => ID, { description: 'The candidacy.' })
  candidateId: string;

  @Field(() => ID, { description: 'The member who stood.' })
  memberId: string;

  @Field(() => Int, { description: 'Ballots approving them.' })
  approvals: number;

  @Field(() => Boolean, { description: 'Whether they won a seat.' })
  elected: boolean;
}

@ObjectType({ description: 'A closed motion’s result, counted once at its close under the rules fixed when it opened.' })
export class MotionResult {
  @Field(() => Boolean, { description: 'Whether enough of the electorate voted (abstentions count towards it).' })
  quorumMet: boolean;

  @Field(() => Boolean, { description: 'A resolution: whether it passed. An election: whether any seat was filled.' })
  passed: boolean;

  @Field(() => Int, { description: 'Ballots cast.' })
  ballotsCast: number;

  @Field(() => Int, { description: 'Members entitled to vote when it opened.' })
  electorate: number;

  @Field(() => Float, {
    nullable: true,
    description: 'A resolution: the share for of the votes for or against, weighted by class where the rules say, in percent to 2 places.',
  })
  forSharePercent: number | null;

  @Field(() => [ClassTally], { description: 'Each class’s votes, electorate and weight.' })
  classes: ClassTally[];

  @Field(() => [CandidateTally], { description: 'An election: each candidate, most approved first.' })
  candidates: CandidateTally[];

  @Field(() => [ID], { description: 'An election: candidates tied for the last seat, which stays unfilled.' })
  tiedForLastSeat: string[];

  @Field(() => String, { description: 'The result in words; an election’s names those elected, as the register names them.' })
  summary: string;
}

@ObjectType({ description: 'A membership you may vote with on a motion, and whether it has voted (never how).' })
export class MotionVoteStatus {
  @Field(() => ID, { description: 'The membership.' })
  memberId: string;

  @Field(() => String, { description: 'The member’s name.' })
  name: string;

  @Field(() => Boolean, { description: 'Whether it may vote on this motion (on the register before it opened; the class electing).' })
  entitled: boolean;

  @Field(() => Boolean, { description: 'Whether it has voted.' })
  voted: boolean;
}

@ObjectType({ description: 'How a member voted on an open (not secret) motion, published once it closed.' })
export class RecordedVote {
  @Field(() => ID, { description: 'The membership.' })
  memberId: string;

  @Field(() => String, { description: 'The member’s name.' })
  name: string;

  @Field(() => VoteChoice, { nullable: true, description: 'A resolution: the choice.' })
  choice: VoteChoice | null;

  @Field(() => [ID], { description: 'An election: the candidacies approved.' })
  approved: string[];
}

@ObjectType({
  description:
    'What a receipt code shows: whether its ballot is in the count, of which motion and class. For a secret ballot never the choice: ' +
    'a receipt that proved how someone voted would let them be pressured to show it, a safeguarding risk for people who draw on care.',
})
export class BallotReceiptCheck {
  @Field(() => Boolean, { description: 'Whether a ballot with this receipt is in the count.' })
  counted: boolean;

  @Field(() => ID, { nullable: true, description: 'The motion; null when not counted.' })
  motionId: string | null;

  @Field(() => String, { nullable: true, description: 'The motion’s title.' })
  motionTitle: string | null;

  @Field(() => MemberClass, { nullable: true, description: 'The class it counts in.' })
  memberClass: MemberClass | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the motion has closed.' })
  motionClosed: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'Whether the ballot was secret.' })
  secret: boolean | null;

  @Field(() => VoteChoice, { nullable: true, description: 'An open resolution’s choice; always null for a secret ballot.' })
  choice: VoteChoice | null;

  @Field(() => [ID], { nullable: true, description: 'An open election’s approvals; always null for a secret ballot.' })
  approved: string[] | null;
}

@ArgsType()
export class MotionsArgs extends PageArgs {
  @Field(() => Boolean, { nullable: true, description: 'True: only motions still open; false: only closed ones; left out: all.' })
  open?: boolean | null;
}

@ObjectType({ description: 'A motion in a list, newest first.' })
export class MotionEdge extends EdgeType(Motion) {}

@ObjectType({ description: 'A page of a co-op’s motions, newest first.' })
export class MotionConnection extends ConnectionType(MotionEdge) {}

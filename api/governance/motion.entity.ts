import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { MemberClass } from '../directory/directory.enums.js';
import { ID } from '../graphql/scalars.js';
import { MotionKind, type VoteChoice } from './governance.enums.js';

/**
 * A motion put to a co-op's members (migrations/1771000000000-MemberGovernance.ts). `rules` fixes, when it
 * opens, what it is counted under; `result` is written once, at the close (the table's trigger refuses any
 * other change).
 */
@ObjectType({ description: 'A motion put to a co-op’s members: a resolution or a board election, open until its closing time.' })
@Entity('motion')
@Check('motion_kind', `"kind" IN ('ORDINARY_RESOLUTION', 'SPECIAL_RESOLUTION', 'BOARD_ELECTION')`)
@Check('motion_text', `char_length("title") BETWEEN 1 AND 200 AND char_length("body") BETWEEN 1 AND 10000`)
@Check(
  'motion_election',
  `("kind" = 'BOARD_ELECTION') = ("election_class" IS NOT NULL) AND ("election_class" IS NULL) = ("seats_to_fill" IS NULL) ` +
    `AND ("seats_to_fill" IS NULL OR "seats_to_fill" BETWEEN 1 AND 20)`,
)
@Check('motion_closes_after_opening', `"closes_at" > "opened_at"`)
@Check('motion_closed', `("closed_at" IS NULL) = ("result" IS NULL) AND ("closed_at" IS NULL OR "closed_at" >= "closes_at")`)
@Index('motion_provider_idx', { synchronize: false })
@Index('motion_due_idx', { synchronize: false })
export class Motion {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('CoOpConstitution', { name: 'FK_motion_constitution', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @Field(() => MotionKind, { description: 'A resolution (ordinary or special) or a board election.' })
  @Column({ type: 'text' })
  kind: MotionKind;

  @Field(() => String, { description: 'What it is called.' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => String, { description: 'What members are asked to decide.' })
  @Column({ type: 'text' })
  body: string;

  @Field(() => Boolean, { description: 'A secret ballot: who voted is kept apart from how, and no query links them.' })
  @Column({ type: 'boolean' })
  secret: boolean;

  @Field(() => MemberClass, { nullable: true, description: 'An election: the class whose members elect its seats.' })
  @Column({ name: 'election_class', type: 'enum', enum: MemberClass, enumName: 'member_class', nullable: true })
  electionClass: MemberClass | null;

  @Field(() => Int, { nullable: true, description: 'An election: how many seats it fills.' })
  @Column({ name: 'seats_to_fill', type: 'integer', nullable: true })
  seatsToFill: number | null;

  @ForeignKey('Person', { name: 'FK_motion_opened_by', onDelete: 'SET NULL' })
  @Column({ name: 'opened_by_id', type: 'uuid', nullable: true })
  openedById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When it opened: members on the register before this may vote.' })
  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz', precision: 3 })
  openedAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When voting closes.' })
  @Column({ name: 'closes_at', type: 'timestamptz' })
  closesAt: Date;

  @Column({ type: 'jsonb' })
  rules: unknown;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  result: unknown;
}

/** A member standing in a board election. */
@Entity('election_candidate')
@Unique('election_candidate_once', ['motionId', 'memberId'])
@Check('election_candidate_statement', `char_length("statement") <= 2000`)
export class ElectionCandidate {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Motion', { name: 'FK_election_candidate_motion', onDelete: 'RESTRICT' })
  @Column({ name: 'motion_id', type: 'uuid' })
  motionId: string;

  @ForeignKey('CoOpMember', { name: 'FK_election_candidate_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Column({ type: 'text', nullable: true })
  statement: string | null;
}

/** That a member voted on a motion, and who cast it. For an open ballot, which ballot; for a secret one, nothing more. */
@Entity('motion_voter')
@Unique('motion_voter_ballot_key', ['ballotId'])
export class MotionVoter {
  @ForeignKey('Motion', { name: 'FK_motion_voter_motion', onDelete: 'RESTRICT' })
  @PrimaryColumn({ name: 'motion_id', type: 'uuid' })
  motionId: string;

  @ForeignKey('CoOpMember', { name: 'FK_motion_voter_member', onDelete: 'RESTRICT' })
  @PrimaryColumn({ name: 'member_id', type: 'uuid' })
  memberId: string;

  /** The member, or the representative with VOTE who cast it for them. */
  @ForeignKey('Person', { name: 'FK_motion_voter_cast_by', onDelete: 'SET NULL' })
  @Column({ name: 'cast_by_id', type: 'uuid', nullable: true })
  castById: string | null;

  @Column({ name: 'voted_at', type: 'timestamptz', default: () => 'clock_timestamp()' })
  votedAt: Date;

  @ForeignKey('Ballot', { name: 'FK_motion_voter_ballot', onDelete: 'RESTRICT' })
  @Column({ name: 'ballot_id', type: 'uuid', nullable: true })
  ballotId: string | null;
}

/** How one vote went: its class, its choice or approvals, its receipt's hash. Nothing in it names its voter or when it was cast. */
@Entity('ballot')
@Check('ballot_choice', `"choice" IN ('FOR', 'AGAINST', 'ABSTAIN')`)
@Check('ballot_receipt_hash', `octet_length("receipt_hash") = 32`)
@Unique('ballot_receipt_key', ['receiptHash'])
@Index('ballot_motion_idx', { synchronize: false })
export class Ballot {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Motion', { name: 'FK_ballot_motion', onDelete: 'RESTRICT' })
  @Column({ name: 'motion_id', type: 'uuid' })
  motionId: string;

  @Column({ name: 'member_class', type: 'enum', enum: MemberClass, enumName: 'member_class' })
  memberClass: MemberClass;

  /** A resolution's vote; null on an election's ballot (its approvals are BallotApproval rows). */
  @Column({ type: 'text', nullable: true })
  choice: VoteChoice | null;

  /** SHA-256 of the receipt code the voter was shown once. */
  @Column({ name: 'receipt_hash', type: 'bytea' })
  receiptHash: Buffer;
}

/** A candidate an election ballot approves. */
@Entity('ballot_approval')
@Index('ballot_approval_candidate_idx', { synchronize: false })
export class BallotApproval {
  @ForeignKey('Ballot', { name: 'FK_ballot_approval_ballot', onDelete: 'RESTRICT' })
  @PrimaryColumn({ name: 'ballot_id', type: 'uuid' })
  ballotId: string;

  @ForeignKey('ElectionCandidate', { name: 'FK_ballot_approval_candidate', onDelete: 'RESTRICT' })
  @PrimaryColumn({ name: 'candidate_id', type: 'uuid' })
  candidateId: string;
}

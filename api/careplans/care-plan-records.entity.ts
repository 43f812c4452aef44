import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import type { AgreementSide, CarePlanRole, ProposalStatus } from './careplans.enums.js';
import type { CarePlanChange } from './care-plan-content.js';

/**
 * Someone invited into a plan's circle by email: pending (no person) until the person signed in with
 * that email accepts; removal keeps the row. The person and their representatives are never rows here.
 */
@Entity('care_plan_circle_member')
@Check('care_plan_circle_member_role', `"role" IN ('VIEW', 'SUGGEST', 'EDIT')`)
@Check('care_plan_circle_member_accepted', '("person_id" IS NULL) = ("accepted_at" IS NULL)')
// Partial, made in the migration: one live invitation per address and per person; pending ones by address.
@Index('care_plan_circle_member_email_key', { synchronize: false })
@Index('care_plan_circle_member_person_key', { synchronize: false })
@Index('care_plan_circle_member_pending_email_idx', { synchronize: false })
@Index('care_plan_circle_member_person_idx', { synchronize: false })
export class CircleMemberRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('CarePlan', { name: 'FK_care_plan_circle_member_plan', onDelete: 'CASCADE' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @ForeignKey('Person', { name: 'FK_care_plan_circle_member_person', onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid', nullable: true })
  personId: string | null;

  /** Lower-cased; matched against the accepting account's email. */
  @Column({ name: 'invited_email', type: 'text' })
  invitedEmail: string;

  @Column({ name: 'invited_name', type: 'text' })
  invitedName: string;

  @Column({ type: 'text' })
  role: CarePlanRole;

  @Column({ name: 'as_lead_coordinator', type: 'boolean', default: false })
  asLeadCoordinator: boolean;

  @ForeignKey('Person', { name: 'FK_care_plan_circle_member_invited_by', onDelete: 'SET NULL' })
  @Column({ name: 'invited_by_id', type: 'uuid', nullable: true })
  invitedById: string | null;

  @CreateDateColumn({ name: 'invited_at', type: 'timestamptz' })
  invitedAt: Date;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Column({ name: 'removed_at', type: 'timestamptz', nullable: true })
  removedAt: Date | null;

  @ForeignKey('Person', { name: 'FK_care_plan_circle_member_removed_by', onDelete: 'SET NULL' })
  @Column({ name: 'removed_by_id', type: 'uuid', nullable: true })
  removedById: string | null;
}

/** The person's own 1–10 ratings of one goal, given at a review (or as its baseline). Append-only. */
@Entity('care_plan_goal_review')
@Check(
  'care_plan_goal_review_ratings',
  '"importance" BETWEEN 1 AND 10 AND "performance" BETWEEN 1 AND 10 AND "satisfaction" BETWEEN 1 AND 10',
)
@Index('care_plan_goal_review_goal_idx', ['planId', 'goalId', 'ratedOn', 'recordedAt'])
export class GoalReviewRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('CarePlan', { name: 'FK_care_plan_goal_review_plan', onDelete: 'CASCADE' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  /** The goal's item id. */
  @Column({ name: 'goal_id', type: 'uuid' })
  goalId: string;

  @Column({ type: 'smallint' })
  importance: number;

  @Column({ type: 'smallint' })
  performance: number;

  @Column({ type: 'smallint' })
  satisfaction: number;

  @Column({ name: 'rated_on', type: 'date' })
  ratedOn: string;

  @ForeignKey('Person', { name: 'FK_care_plan_goal_review_recorded_by', onDelete: 'SET NULL' })
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

/** A proposed change to a plan against a base version, until the person decides or the proposer withdraws it. */
@Entity('care_plan_proposal')
@Check('care_plan_proposal_status', `"status" IN ('OPEN', 'ACCEPTED', 'REJECTED', 'WITHDRAWN')`)
@Index('care_plan_proposal_plan_idx', ['planId', 'status', 'proposedAt'])
export class ProposalRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('CarePlan', { name: 'FK_care_plan_proposal_plan', onDelete: 'CASCADE' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  @Column({ name: 'base_version', type: 'integer' })
  baseVersion: number;

  @Column({ type: 'jsonb' })
  changes: CarePlanChange[];

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @ForeignKey('Person', { name: 'FK_care_plan_proposal_proposed_by', onDelete: 'SET NULL' })
  @Column({ name: 'proposed_by_id', type: 'uuid', nullable: true })
  proposedById: string | null;

  @CreateDateColumn({ name: 'proposed_at', type: 'timestamptz' })
  proposedAt: Date;

  @Column({ type: 'text', default: 'OPEN' })
  status: ProposalStatus;

  @ForeignKey('Person', { name: 'FK_care_plan_proposal_decided_by', onDelete: 'SET NULL' })
  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById: string | null;

  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Column({ name: 'resulting_version', type: 'integer', nullable: true })
  resultingVersion: number | null;
}

/** One side's signature of one version. Append-only; the key makes signing twice one signature. */
@Entity('care_plan_signature')
@Check('care_plan_signature_side', `"side" IN ('PERSON', 'COORDINATOR')`)
@ForeignKey('CarePlanVersionRow', ['planId', 'version'], ['planId', 'version'], {
  name: 'FK_care_plan_signature_version',
  onDelete: 'CASCADE',
})
export class SignatureRow {
  @PrimaryColumn({ name: 'plan_id', type: 'uuid', primaryKeyConstraintName: 'PK_care_plan_signature' })
  planId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_care_plan_signature' })
  version: number;

  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_care_plan_signature' })
  side: AgreementSide;

  @ForeignKey('Person', { name: 'FK_care_plan_signature_signed_by', onDelete: 'SET NULL' })
  @Column({ name: 'signed_by_id', type: 'uuid', nullable: true })
  signedById: string | null;

  @CreateDateColumn({ name: 'signed_at', type: 'timestamptz' })
  signedAt: Date;
}

/** A comment on a plan, or on one of its goals. */
@Entity('care_plan_comment')
@Index('care_plan_comment_plan_idx', ['planId', 'goalId', 'createdAt'])
export class CommentRow {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('CarePlan', { name: 'FK_care_plan_comment_plan', onDelete: 'CASCADE' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  /** The goal's item id; null for a comment on the plan. */
  @Column({ name: 'goal_id', type: 'uuid', nullable: true })
  goalId: string | null;

  @Column({ type: 'text' })
  body: string;

  @ForeignKey('Person', { name: 'FK_care_plan_comment_author', onDelete: 'SET NULL' })
  @Column({ name: 'author_id', type: 'uuid', nullable: true })
  authorId: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

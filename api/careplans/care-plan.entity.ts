import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../graphql/scalars.js';
import { CarePlanItemKind, ConsentMethod } from './careplans.enums.js';
import type { ItemContent } from './care-plan-content.js';

/**
 * A person's care and support plan: one per person. The row holds what is not versioned (review date,
 * lead coordinator, how it was started); the content of each version is in care_plan_item.
 */
@ObjectType({ description: 'A person’s care and support plan, written with their circle. Only the circle sees it.' })
@Entity('care_plan')
@Check('care_plan_consent_method', `"consent_method" IN ('WRITTEN', 'VERBAL')`)
@Check('care_plan_consent_whole', '("consent_method" IS NULL) = ("consent_given_on" IS NULL)')
@Check('care_plan_current_version', '"current_version" >= 1')
@Index('care_plan_lead_review_idx', ['leadCoordinatorId', 'reviewDate'])
export class CarePlan {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Person', { name: 'FK_care_plan_person', onDelete: 'CASCADE' })
  @Index('care_plan_person_key', { unique: true })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  /** The person's council when the plan was made: the audit trail's council for every event on it. */
  @ForeignKey('Council', { name: 'FK_care_plan_council', onDelete: 'SET NULL' })
  @Column({ name: 'council_id', type: 'uuid', nullable: true })
  councilId: string | null;

  @Field(() => Int, { description: 'The current version: 1 when made, one more for each accepted proposal.' })
  @Column({ name: 'current_version', type: 'integer', default: 1 })
  currentVersion: number;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When the plan is next to be reviewed with the person (UK local date).' })
  @Column({ name: 'review_date', type: 'date', nullable: true })
  reviewDate: string | null;

  /** A coordinator in the circle who signs for the co-op; null until one is chosen, or after they leave. */
  @ForeignKey('Person', { name: 'FK_care_plan_lead_coordinator', onDelete: 'SET NULL' })
  @Column({ name: 'lead_coordinator_id', type: 'uuid', nullable: true })
  leadCoordinatorId: string | null;

  @ForeignKey('Person', { name: 'FK_care_plan_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  /** How the person consented, when staff started the plan for them. */
  @Column({ name: 'consent_method', type: 'text', nullable: true })
  consentMethod: ConsentMethod | null;

  @Column({ name: 'consent_given_on', type: 'date', nullable: true })
  consentGivenOn: string | null;

  /**
   * Why an officer started the plan of a person lacking capacity. Stored for whoever later asks who acted
   * and why (the audit event names the act, never the words); the API never shows it.
   */
  @Column({ name: 'created_on_behalf_reason', type: 'text', nullable: true })
  createdOnBehalfReason: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the plan was started.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When the current version was made.' })
  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** One version of a plan: who made it and from which proposal. Append-only. */
@Entity('care_plan_version')
@Check('care_plan_version_positive', '"version" >= 1')
export class CarePlanVersionRow {
  @ForeignKey('CarePlan', { name: 'FK_care_plan_version_plan', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'plan_id', type: 'uuid', primaryKeyConstraintName: 'PK_care_plan_version' })
  planId: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_care_plan_version' })
  version: number;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ForeignKey('Person', { name: 'FK_care_plan_version_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  /** The accepted proposal that made it; null for version 1. */
  @Column({ name: 'proposal_id', type: 'uuid', nullable: true })
  proposalId: string | null;
}

/**
 * One revision of one item (an About-me section, goal, support or risk). It stands in versions
 * from_version up to, not including, until_version (null: still current), so every version stays readable
 * and only until_version is ever written after the insert.
 */
@Entity('care_plan_item')
@Check('care_plan_item_kind', `"kind" IN ('ABOUT_ME', 'GOAL', 'SUPPORT', 'RISK')`)
@Check('care_plan_item_span', '"until_version" IS NULL OR "until_version" > "from_version"')
@Index('care_plan_item_revision_key', ['planId', 'itemId', 'fromVersion'], { unique: true })
// Partial, made in the migration: a plan's current items, the supports of a booking, one section per heading.
@Index('care_plan_item_current_idx', { synchronize: false })
@Index('care_plan_item_booking_idx', { synchronize: false })
@Index('care_plan_item_about_me_heading_key', { synchronize: false })
export class CarePlanItemRow {
  /** The revision's id: it changes whenever the item does. */
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('CarePlan', { name: 'FK_care_plan_item_plan', onDelete: 'CASCADE' })
  @Column({ name: 'plan_id', type: 'uuid' })
  planId: string;

  /** Stable across versions. */
  @Column({ name: 'item_id', type: 'uuid' })
  itemId: string;

  @Column({ type: 'text' })
  kind: CarePlanItemKind;

  @Column({ name: 'from_version', type: 'integer' })
  fromVersion: number;

  @Column({ name: 'until_version', type: 'integer', nullable: true })
  untilVersion: number | null;

  /** Where the item stands among the plan's items of its kind; kept by every revision of it. */
  @Column({ type: 'integer' })
  position: number;

  @Column({ type: 'jsonb' })
  content: ItemContent['content'];

  /** A support's links, copied from its content so the supports of a booking are found by index. */
  @Column({ name: 'booking_id', type: 'uuid', nullable: true })
  bookingId: string | null;

  @Column({ name: 'budget_id', type: 'uuid', nullable: true })
  budgetId: string | null;

  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId: string | null;
}

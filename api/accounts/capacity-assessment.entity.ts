import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../graphql/scalars.js';

export enum CapacityAssessmentStatus {
  AWAITING_CONFIRMATION = 'AWAITING_CONFIRMATION',
  IN_FORCE = 'IN_FORCE',
  SUPERSEDED = 'SUPERSEDED',
}
registerEnumType(CapacityAssessmentStatus, {
  name: 'CapacityAssessmentStatus',
  description: 'Whether a recorded capacity decision is what officers act on.',
  valuesConfig: {
    AWAITING_CONFIRMATION: {
      description: 'A finding that the person lacks capacity, recorded by one officer: it enables nothing until another confirms it.',
    },
    IN_FORCE: { description: 'The decision officers act on: a confirmed lack of capacity, or a finding that the person has capacity.' },
    SUPERSEDED: { description: 'Replaced by a later decision; kept so the history of who could act for the person stays answerable.' },
  },
});

/**
 * One capacity decision about a person (Mental Capacity Act 2005). A finding that the person lacks
 * capacity lets their council's officers act for them, so it takes two officers: one records it, another
 * confirms it. A finding that the person has capacity only takes officers' powers away, so it is in force
 * when recorded. `person.lacks_capacity` mirrors the decision in force; the database keeps at most one
 * decision in force and one awaiting confirmation per person.
 */
@ObjectType({ description: 'A recorded outcome of a mental capacity assessment, seen by officers of the person’s council and admins.' })
@Entity('capacity_assessment')
@Check('capacity_assessment_confirmed_by_another', 'confirmed_by_id <> recorded_by_id')
@Check('capacity_assessment_only_lack_is_confirmed', 'lacks_capacity OR confirmed_at IS NULL')
// Partial uniques, made in the migration: one awaiting confirmation, one in force, per person.
@Index('capacity_assessment_awaiting_key', { synchronize: false })
@Index('capacity_assessment_in_force_key', { synchronize: false })
export class CapacityAssessment {
  @Field(() => ID, { description: 'Opaque and stable: what `confirmCapacityAssessment` takes.' })
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_capacity_assessment' })
  id: string;

  @Field(() => ID, { description: 'The person assessed.' })
  @Index('capacity_assessment_person_idx')
  @ForeignKey('Person', { name: 'FK_capacity_assessment_person', onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Field(() => Boolean, { description: 'True when the assessment found the person lacks capacity.' })
  @Column({ name: 'lacks_capacity', type: 'boolean' })
  lacksCapacity: boolean;

  /** The assessment reference and why: may hold health information, so never in the audit trail. */
  @Field(() => String, { description: 'The assessment reference and why, as the recording officer gave it.' })
  @Column({ type: 'text' })
  reason: string;

  @Field(() => ID, { nullable: true, description: 'The officer (or admin) who recorded it.' })
  @ForeignKey('Person', { name: 'FK_capacity_assessment_recorded_by', onDelete: 'SET NULL' })
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true })
  recordedById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When it was recorded.' })
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @Field(() => ID, { nullable: true, description: 'The second officer who confirmed a finding of lack of capacity; null until then.' })
  @ForeignKey('Person', { name: 'FK_capacity_assessment_confirmed_by', onDelete: 'SET NULL' })
  @Column({ name: 'confirmed_by_id', type: 'uuid', nullable: true })
  confirmedById: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a finding of lack of capacity was confirmed; null until then.' })
  @Column({ name: 'confirmed_at', type: 'timestamptz', nullable: true })
  confirmedAt: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a later decision replaced it; null while it stands.' })
  @Column({ name: 'superseded_at', type: 'timestamptz', nullable: true })
  supersededAt: Date | null;

  @Field(() => CapacityAssessmentStatus, { description: 'Awaiting confirmation, in force, or superseded.' })
  get status(): CapacityAssessmentStatus {
    if (this.supersededAt) return CapacityAssessmentStatus.SUPERSEDED;
    return this.lacksCapacity && !this.confirmedAt ? CapacityAssessmentStatus.AWAITING_CONFIRMATION : CapacityAssessmentStatus.IN_FORCE;
  }
}

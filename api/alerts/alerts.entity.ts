import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../graphql/scalars.js';
import type { CrisisAlertKind } from './alerts.enums.js';

/** Someone a person chose to be told at once when an alert is raised about them (migrations/1768000200000-CrisisAlerts.ts). */
@ObjectType({ description: 'Someone a person chose to be told at once when a crisis alert is raised about them.' })
@Entity('emergency_contact')
@Check('emergency_contact_position', `"position" BETWEEN 1 AND 5`)
@Index('emergency_contact_person_position_key', ['personId', 'position'], { unique: true })
export class EmergencyContact {
  @Field(() => ID, { description: 'Opaque; a new id each time the list is set.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Person', { name: 'FK_emergency_contact_person', onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Field(() => Int, { description: 'Where the contact stands in the person’s list, from 1.' })
  @Column({ type: 'integer' })
  position: number;

  @Field(() => String, { description: 'The contact’s name, as the person wrote it.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'Where the alert email goes.' })
  @Column({ type: 'text' })
  email: string;

  @Field(() => String, { nullable: true, description: 'A phone number for text messages, once the council has an SMS provider.' })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** An alert raised about a person: acknowledged once, escalated once when nobody acknowledged it in time. */
@ObjectType({ description: 'A crisis alert raised about a person.' })
@Entity('crisis_alert')
@Check('crisis_alert_kind', `"kind" IN ('FALLEN', 'NO_ANSWER', 'UNWELL', 'OTHER')`)
@Check('crisis_alert_note_length', `char_length("note") <= 2000`)
@Check('crisis_alert_acknowledged_whole', `("acknowledged_by_id" IS NULL) = ("acknowledged_at" IS NULL)`)
@Index('crisis_alert_person_idx', ['personId', 'raisedAt'])
@Index('crisis_alert_waiting_idx', ['raisedAt'], { where: `"acknowledged_at" IS NULL AND "escalated_at" IS NULL` })
export class CrisisAlert {
  @Field(() => ID, { description: 'Opaque and stable: what `crisisAlert(id)` and `acknowledgeCrisisAlert` take.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Person', { name: 'FK_crisis_alert_person', onDelete: 'RESTRICT' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  /** The person's council when the alert was raised: its duty contact or officers get the escalation. */
  @ForeignKey('Council', { name: 'FK_crisis_alert_council', onDelete: 'RESTRICT' })
  @Column({ name: 'council_id', type: 'uuid', nullable: true })
  councilId: string | null;

  /** Health details, like `note`: the GraphQL field (CrisisAlertsResolver) audits who reads them. */
  @Column({ type: 'text' })
  kind: CrisisAlertKind;

  @Column({ type: 'text', default: '' })
  note: string;

  @ForeignKey('Person', { name: 'FK_crisis_alert_raised_by', onDelete: 'RESTRICT' })
  @Column({ name: 'raised_by_id', type: 'uuid' })
  raisedById: string;

  @Field(() => GraphQLDateTime, { description: 'When it was raised.' })
  @Column({ name: 'raised_at', type: 'timestamptz', default: () => 'now()' })
  raisedAt: Date;

  /** The providers whose coordinators were told: they may read the alert. */
  @Column({ name: 'notified_provider_ids', type: 'uuid', array: true, default: () => "'{}'" })
  notifiedProviderIds: string[];

  @ForeignKey('Person', { name: 'FK_crisis_alert_acknowledged_by', onDelete: 'RESTRICT' })
  @Column({ name: 'acknowledged_by_id', type: 'uuid', nullable: true })
  acknowledgedById: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When someone acknowledged it; null while it is open.' })
  @Column({ name: 'acknowledged_at', type: 'timestamptz', nullable: true })
  acknowledgedAt: Date | null;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When it went to the council’s duty contact because nobody had acknowledged it in time; null if it has not.',
  })
  @Column({ name: 'escalated_at', type: 'timestamptz', nullable: true })
  escalatedAt: Date | null;
}

/** Whom a council's escalated alerts go to: one duty contact (a team's shared inbox, usually). */
@ObjectType({ description: 'Where a council’s escalated crisis alerts go.' })
@Entity('council_duty_contact')
export class CouncilDutyContact {
  @Field(() => ID, { description: 'The council.' })
  @ForeignKey('Council', { name: 'FK_council_duty_contact_council', onDelete: 'CASCADE' })
  @Column({ name: 'council_id', type: 'uuid', primary: true })
  councilId: string;

  @Field(() => String, { description: 'The duty officer’s or team’s name.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'Where escalations are emailed.' })
  @Column({ type: 'text' })
  email: string;

  @Field(() => String, { nullable: true, description: 'A phone number for text messages, once the council has an SMS provider.' })
  @Column({ type: 'text', nullable: true })
  phone: string | null;

  @ForeignKey('Person', { name: 'FK_council_duty_contact_updated_by', onDelete: 'SET NULL' })
  @Column({ name: 'updated_by_id', type: 'uuid', nullable: true })
  updatedById: string | null;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../graphql/scalars.js';

/** Training a coordinator recorded for a volunteer. */
@ObjectType({ description: 'Training a volunteer completed, as a coordinator of the co-op recorded it.' })
@Entity('time_bank_training')
@Check('time_bank_training_text', `char_length("title") BETWEEN 1 AND 200 AND char_length("given_by") <= 200`)
@Check('time_bank_training_dates', `"expires_on" IS NULL OR "expires_on" > "completed_on"`)
@Index('time_bank_training_member_idx', { synchronize: false })
export class VolunteerTraining {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_training_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Field(() => String, { description: 'What the training was, e.g. "Safeguarding adults, level 2".' })
  @Column({ type: 'text' })
  title: string;

  @Field(() => String, { description: 'Who gave it; empty when not recorded.' })
  @Column({ name: 'given_by', type: 'text', default: '' })
  givenBy: string;

  @Field(() => GraphQLLocalDate, { description: 'When the volunteer completed it (UK date).' })
  @Column({ name: 'completed_on', type: 'date' })
  completedOn: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'When it needs renewing (UK date); null when it does not.' })
  @Column({ name: 'expires_on', type: 'date', nullable: true })
  expiresOn: string | null;

  @ForeignKey('Person', { name: 'FK_time_bank_training_recorded_by', onDelete: 'SET NULL' })
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

/** A reference given for a volunteer, as a coordinator recorded it. */
@ObjectType({ description: 'A reference someone gave for a volunteer, as a coordinator of the co-op recorded it.' })
@Entity('time_bank_reference')
@Check(
  'time_bank_reference_text',
  `char_length("referee_name") BETWEEN 1 AND 200 AND char_length("referee_role") <= 200 AND char_length("text") BETWEEN 1 AND 4000`,
)
@Index('time_bank_reference_member_idx', { synchronize: false })
export class VolunteerReference {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_reference_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Field(() => String, { description: 'Who gave the reference.' })
  @Column({ name: 'referee_name', type: 'text' })
  refereeName: string;

  @Field(() => String, { description: 'What the referee is to the volunteer, e.g. "Coordinator"; empty when not recorded.' })
  @Column({ name: 'referee_role', type: 'text', default: '' })
  refereeRole: string;

  @Field(() => String, { description: 'The reference, as given.' })
  @Column({ type: 'text' })
  text: string;

  @Field(() => GraphQLLocalDate, { description: 'When it was given (UK date).' })
  @Column({ name: 'given_on', type: 'date' })
  givenOn: string;

  @ForeignKey('Person', { name: 'FK_time_bank_reference_recorded_by', onDelete: 'SET NULL' })
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

/** A link that shows a volunteer's record to someone without an account; only its token's hash is kept. */
@Entity('volunteer_record_link')
@Index('volunteer_record_link_member_idx', { synchronize: false })
export class VolunteerRecordLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('TimeBankMember', { name: 'FK_volunteer_record_link_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Column({ name: 'token_hash', type: 'text', unique: true })
  tokenHash: string;

  @ForeignKey('Person', { name: 'FK_volunteer_record_link_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

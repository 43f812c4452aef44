import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { Column, Entity, CreateDateColumn, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A person's consent that one partner key may mint widget sessions for them. Given by the person (or by
 * an officer, with a reason, for a person who lacks capacity) and revocable; revoking keeps the row.
 */
@ObjectType({ description: 'Your consent that a partner may open coopcare widgets for you on its pages.' })
@Entity('widget_consent')
// Partial unique (person_id, api_key_id) WHERE revoked_at IS NULL: made in the migration.
@Index('widget_consent_live_key', { synchronize: false })
export class WidgetConsent {
  @Field(() => ID, { description: 'Opaque and stable; consenting again after withdrawing makes a new consent.' })
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_widget_consent' })
  id: string;

  @Field(() => ID, { description: 'The person who consented, or for whom an officer did.' })
  @ForeignKey('Person', { name: 'FK_widget_consent_person', onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Field(() => ID, { description: 'The partner key the consent is for.' })
  @Index('widget_consent_api_key_idx')
  @ForeignKey('ApiKey', { name: 'FK_widget_consent_api_key', onDelete: 'CASCADE' })
  @Column({ name: 'api_key_id', type: 'uuid' })
  apiKeyId: string;

  @ForeignKey('Person', { name: 'FK_widget_consent_given_by', onDelete: 'SET NULL' })
  @Column({ name: 'given_by_id', type: 'uuid', nullable: true })
  givenById: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why an officer consented for a person who lacks capacity; null when the person did.',
  })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the consent was given.' })
  @CreateDateColumn({ name: 'given_at', type: 'timestamptz' })
  givenAt: Date;

  @Field(() => GraphQLDateTime, {
    nullable: true,
    description: 'When the consent was withdrawn (ending the partner’s widget sessions for the person); null while in force.',
  })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @ForeignKey('Person', { name: 'FK_widget_consent_revoked_by', onDelete: 'SET NULL' })
  @Column({ name: 'revoked_by_id', type: 'uuid', nullable: true })
  revokedById: string | null;

  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason: string | null;
}

import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../graphql/scalars.js';
import { ProviderStatus } from './directory.enums.js';

/**
 * A listing published or suspended, with the officer's reason. The reason is free text (it may name
 * someone the listing's care concerned), so it lives here, read only by officers of the councils the
 * provider serves and admins, and the audit trail records only that one was given.
 */
@ObjectType({ description: 'A provider’s listing published or suspended: when, by whom and why.' })
@Entity('provider_status_change')
@Index('provider_status_change_provider_idx', ['providerId', 'changedAt'])
export class ProviderStatusChange {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_provider_status_change' })
  id: string;

  @Field(() => ID, { description: 'The provider whose listing changed.' })
  @ForeignKey('Provider', { name: 'FK_provider_status_change_provider', onDelete: 'CASCADE' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @Field(() => ProviderStatus, { description: 'The status before.' })
  @Column({ name: 'from_status', type: 'enum', enum: ProviderStatus, enumName: 'provider_status' })
  from: ProviderStatus;

  @Field(() => ProviderStatus, { description: 'The status after.' })
  @Column({ name: 'to_status', type: 'enum', enum: ProviderStatus, enumName: 'provider_status' })
  to: ProviderStatus;

  @Field(() => String, { nullable: true, description: 'Why, as the officer gave it; null when they gave none.' })
  @Column({ type: 'text', nullable: true })
  reason: string | null;

  /** No foreign key: people are the accounts domain's, and this history outlives their records, as the audit trail does. */
  @Field(() => ID, { nullable: true, description: 'The officer or admin who changed it.' })
  @Column({ name: 'changed_by_id', type: 'uuid', nullable: true })
  changedById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When.' })
  @CreateDateColumn({ name: 'changed_at', type: 'timestamptz' })
  changedAt: Date;
}

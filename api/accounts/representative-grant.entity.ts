import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RepresentativeRight } from './accounts.enums.js';

/**
 * One right one person gave one representative. Revoking keeps the row (who, when, why), so the history
 * of who could act for the person stays answerable; at most one live grant per right.
 */
@ObjectType({ description: 'A right a person (or, where they lack capacity, an officer) gave a representative.' })
@Entity('representative_grant')
@Check('representative_grant_not_self', 'person_id <> representative_id')
// Partial unique (person_id, representative_id, right) WHERE revoked_at IS NULL: made in the migration.
@Index('representative_grant_live_key', { synchronize: false })
export class RepresentativeGrant {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID)
  @ForeignKey('Person', { onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Field(() => ID)
  @Index('representative_grant_representative_idx')
  @ForeignKey('Person', { onDelete: 'CASCADE' })
  @Column({ name: 'representative_id', type: 'uuid' })
  representativeId: string;

  @Field(() => RepresentativeRight)
  @Column({ type: 'text' })
  right: RepresentativeRight;

  @Field(() => GraphQLDateTime)
  @CreateDateColumn({ name: 'granted_at', type: 'timestamptz' })
  grantedAt: Date;

  @ForeignKey('Person', { onDelete: 'SET NULL' })
  @Column({ name: 'granted_by_id', type: 'uuid', nullable: true })
  grantedById: string | null;

  @Field(() => String, { nullable: true, description: 'Why an officer granted it for a person who lacks capacity; null when the person did.' })
  @Column({ name: 'grant_reason', type: 'text', nullable: true })
  grantReason: string | null;

  @Field(() => GraphQLDateTime, { nullable: true })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @ForeignKey('Person', { onDelete: 'SET NULL' })
  @Column({ name: 'revoked_by_id', type: 'uuid', nullable: true })
  revokedById: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason: string | null;
}

import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { RepresentativeGrantStatus, RepresentativeRight } from '../auth/auth.enums.js';

/**
 * One right one person gave one representative. A grant starts as an invitation to an email address
 * (pending: no account named, no right in force) and takes effect when the person signed in with that
 * email accepts it, so neither a granter learns who holds an address nor does anyone become a
 * representative without agreeing. Revoking keeps the row (who, when, why), so the history of who could
 * act for the person stays answerable; at most one live grant per right.
 */
@ObjectType({ description: 'A right a person (or, where they lack capacity, an officer) gave a representative.' })
@Entity('representative_grant')
@Check('representative_grant_not_self', 'person_id <> representative_id')
@Check('representative_grant_accepted_by_representative', '(representative_id IS NULL) = (accepted_at IS NULL)')
@Check(
  'representative_grant_pending_names_invitee',
  'representative_id IS NOT NULL OR (invited_email IS NOT NULL AND invited_name IS NOT NULL)',
)
// Partial unique (person_id, representative_id, right) WHERE revoked_at IS NULL: made in the migration.
@Index('representative_grant_live_key', { synchronize: false })
// Partial unique (person_id, invited_email, right) and an index on invited_email, of pending invitations only.
@Index('representative_grant_pending_key', { synchronize: false })
@Index('representative_grant_invited_email_idx', { synchronize: false })
export class RepresentativeGrant {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The person represented.' })
  @ForeignKey('Person', { onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Field(() => ID, { nullable: true, description: 'The representative’s account; null while the invitation is pending.' })
  @Index('representative_grant_representative_idx')
  @ForeignKey('Person', { onDelete: 'CASCADE' })
  @Column({ name: 'representative_id', type: 'uuid', nullable: true })
  representativeId: string | null;

  /** Where the invitation went; matched against the accepting account's email. */
  @Column({ name: 'invited_email', type: 'text', nullable: true })
  invitedEmail: string | null;

  @Field(() => String, { nullable: true, description: 'The name the granter gave the representative when inviting them.' })
  @Column({ name: 'invited_name', type: 'text', nullable: true })
  invitedName: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the representative accepted; null while pending.' })
  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @Field(() => RepresentativeGrantStatus, { description: 'PENDING until the representative accepts, then ACTIVE.' })
  get status(): RepresentativeGrantStatus {
    return this.representativeId ? RepresentativeGrantStatus.ACTIVE : RepresentativeGrantStatus.PENDING;
  }

  @Field(() => RepresentativeRight, {
    description: 'The one right this grant gives; a representative with several rights holds one grant for each.',
  })
  @Column({ type: 'text' })
  right: RepresentativeRight;

  @Field(() => GraphQLDateTime, { description: 'When the invitation was made.' })
  @CreateDateColumn({ name: 'granted_at', type: 'timestamptz' })
  grantedAt: Date;

  @ForeignKey('Person', { onDelete: 'SET NULL' })
  @Column({ name: 'granted_by_id', type: 'uuid', nullable: true })
  grantedById: string | null;

  /**
   * Why an officer granted it for a person who lacks capacity; may be health information, so GraphQL
   * shows it only to some (RepresentativeGrantResolver).
   */
  @Column({ name: 'grant_reason', type: 'text', nullable: true })
  grantReason: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the right was taken back or given up; null while it stands.' })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @ForeignKey('Person', { onDelete: 'SET NULL' })
  @Column({ name: 'revoked_by_id', type: 'uuid', nullable: true })
  revokedById: string | null;

  /** Shown like grantReason. */
  @Column({ name: 'revoke_reason', type: 'text', nullable: true })
  revokeReason: string | null;
}

import { GraphQLDateTime, GraphQLJSONObject } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One thing someone did. Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE. No foreign keys,
 * so no later change elsewhere (a person erased, a provider removed) can rewrite or block the trail.
 */
@ObjectType({ description: 'One thing someone did: who, what, to which object, when, in which request.' })
@Entity('audit_event')
export class AuditEvent {
  /** Ascending with insertion, so it orders the trail and keys its cursors. */
  @Field(() => ID, { description: 'Opaque; events are numbered in the order they were written.' })
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: number;

  @Field(() => GraphQLDateTime, { description: 'When it was recorded.' })
  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => String, {
    description:
      'Who acted: `person`, `admin`, `partner` (an API key), `widget` (a widget session), ' +
      '`anonymous` (e.g. a failed sign-in) or `system` (a migration, a scheduled job).',
  })
  @Column({ name: 'actor_kind', type: 'text' })
  actorKind: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The account that acted; for a widget session, the person it was minted for. Null for partners and anonymous callers.',
  })
  @Index('audit_event_actor_person_idx')
  @Column({ name: 'actor_person_id', type: 'uuid', nullable: true })
  actorPersonId: string | null;

  @Field(() => ID, { nullable: true, description: 'The partner API key that acted, itself or through a widget session it minted.' })
  @Column({ name: 'actor_api_key_id', type: 'uuid', nullable: true })
  actorApiKeyId: string | null;

  @Field(() => String, { description: 'What was done, e.g. provider.publish.' })
  @Column({ type: 'text' })
  action: string;

  @Field(() => String, { description: 'The kind of thing acted on, e.g. `Provider`, `Person`, `ApiKey`.' })
  @Column({ name: 'object_type', type: 'text' })
  objectType: string;

  @Field(() => ID, { nullable: true, description: 'The id of the thing acted on, when there is one.' })
  @Index('audit_event_object_idx')
  @Column({ name: 'object_id', type: 'text', nullable: true })
  objectId: string | null;

  /** The councils whose officers may read this event (several for a provider serving several), the one it is chiefly about first. */
  @Field(() => [ID], { description: 'Every council whose officers may read this event (councilId among them).' })
  @Index('audit_event_council_ids_idx', { synchronize: false })
  @Column({ name: 'council_ids', type: 'uuid', array: true, default: () => "'{}'" })
  councilIds: string[];

  @Field(() => ID, { nullable: true, description: 'The council chiefly concerned, whose officers may read the event.' })
  get councilId(): string | null {
    return this.councilIds[0] ?? null;
  }

  @Field(() => ID, { nullable: true, description: 'The provider concerned, if any.' })
  @Column({ name: 'provider_id', type: 'uuid', nullable: true })
  providerId: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The id of the HTTP request that did it (the `X-Request-Id` the client sent, when usable, else one coopcare chose), to match logs.',
  })
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @Field(() => GraphQLJSONObject, { description: 'What changed, without secrets or health information.' })
  @Column({ type: 'jsonb', default: () => "'{}'" })
  summary: Record<string, unknown>;
}

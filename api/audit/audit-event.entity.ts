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
  @Field(() => ID)
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id: number;

  @Field(() => GraphQLDateTime)
  @CreateDateColumn({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @Field(() => String, { description: 'person, admin, partner, widget, anonymous or system.' })
  @Column({ name: 'actor_kind', type: 'text' })
  actorKind: string;

  @Field(() => ID, { nullable: true })
  @Index('audit_event_actor_person_idx')
  @Column({ name: 'actor_person_id', type: 'uuid', nullable: true })
  actorPersonId: string | null;

  @Field(() => ID, { nullable: true })
  @Column({ name: 'actor_api_key_id', type: 'uuid', nullable: true })
  actorApiKeyId: string | null;

  @Field(() => String, { description: 'What was done, e.g. provider.publish.' })
  @Column({ type: 'text' })
  action: string;

  @Field(() => String)
  @Column({ name: 'object_type', type: 'text' })
  objectType: string;

  @Field(() => ID, { nullable: true })
  @Index('audit_event_object_idx')
  @Column({ name: 'object_id', type: 'text', nullable: true })
  objectId: string | null;

  /** The councils whose officers may read this event (several for a provider serving several), the one it is chiefly about first. */
  @Field(() => [ID], { description: 'Every council whose officers may read this event (councilId among them).' })
  @Index('audit_event_council_ids_idx', { synchronize: false })
  @Column({ name: 'council_ids', type: 'uuid', array: true, default: () => "'{}'" })
  councilIds: string[];

  /** The council the event is chiefly about. */
  @Field(() => ID, { nullable: true })
  get councilId(): string | null {
    return this.councilIds[0] ?? null;
  }

  @Field(() => ID, { nullable: true })
  @Column({ name: 'provider_id', type: 'uuid', nullable: true })
  providerId: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'request_id', type: 'text', nullable: true })
  requestId: string | null;

  @Field(() => GraphQLJSONObject, { description: 'What changed, without secrets or health information.' })
  @Column({ type: 'jsonb', default: () => "'{}'" })
  summary: Record<string, unknown>;
}

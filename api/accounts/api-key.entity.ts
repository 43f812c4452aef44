import { GraphQLDateTime } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ApiKeyScope } from '../auth/auth.enums.js';

/**
 * A partner's API key. Only the SHA-256 of its secret is kept (the secret has 256 random bits, so a
 * fast hash is enough: nothing to brute-force); the secret is shown once, when created.
 */
@ObjectType({ description: 'A partner API key (its secret is shown once, when it is created).' })
@Entity('api_key')
export class ApiKey {
  @Field(() => ID, { description: 'Opaque and stable: what `revokeApiKey`, widget consents and `WidgetPartner.id` name.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'What the key is for, e.g. "Carers Count booking page".' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'The partner organisation the key was issued to.' })
  @Column({ name: 'organisation_name', type: 'text' })
  organisationName: string;

  @Field(() => ID, { description: 'The council that issued the key; widget sessions are for its people only.' })
  @Index('api_key_council_idx')
  @ForeignKey('Council', { onDelete: 'RESTRICT' })
  @Column({ name: 'council_id', type: 'uuid' })
  councilId: string;

  @Field(() => String, { description: 'The first characters of the secret, to tell keys apart.' })
  @Column({ name: 'key_prefix', type: 'text' })
  keyPrefix: string;

  @Index('api_key_secret_hash_key', { unique: true })
  @Column({ name: 'secret_hash', type: 'text' })
  secretHash: string;

  @Field(() => [ApiKeyScope], { description: 'What the key may do.' })
  @Column({ type: 'text', array: true })
  scopes: ApiKeyScope[];

  @Field(() => [String], { description: 'Web origins (scheme://host[:port]) the key and its widget sessions may be used from.' })
  @Column({ name: 'allowed_origins', type: 'text', array: true })
  allowedOrigins: string[];

  @ForeignKey('Person', { onDelete: 'SET NULL' })
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the key was issued.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the key was revoked; null while it works.' })
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @ForeignKey('Person', { onDelete: 'SET NULL' })
  @Column({ name: 'revoked_by_id', type: 'uuid', nullable: true })
  revokedById: string | null;
}

import { Field, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { GraphQLDateTime } from 'graphql-scalars';

/** A commissioning council; its area (postcode districts) decides which providers are "local" in its reports. */
@ObjectType({ description: 'A commissioning local authority.' })
@Entity('council')
export class Council {
  @Field(() => ID, { description: 'Opaque and stable; what `createApiKey(input: { councilId })` and audit filters take.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'The council’s name, e.g. "Kirklees Council".' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'Unique, URL-safe name, e.g. `kirklees`.' })
  @Column({ type: 'text', unique: true })
  slug: string;

  @Field(() => String, { description: "The ONS GSS code of the local authority, e.g. Kirklees's E08000034." })
  @Column({ name: 'ons_code', type: 'text', unique: true })
  onsCode: string;

  @Field(() => [String], { description: 'The postcode districts (outcodes) making up the council area, e.g. HD1.' })
  @Column({ name: 'postcode_districts', type: 'text', array: true, default: () => "'{}'" })
  postcodeDistricts: string[];

  @Field(() => GraphQLDateTime, { description: 'When the council was added to coopcare.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

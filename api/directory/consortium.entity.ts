import { Field, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { GraphQLDateTime } from 'graphql-scalars';

@ObjectType({ description: 'Providers that work together and share back-office, training or bank staff.' })
@Entity('consortium')
export class Consortium {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'The consortium’s name.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'Unique, URL-safe name, e.g. `kirklees-care-co-operatives`.' })
  @Column({ type: 'text', unique: true })
  slug: string;

  @Field(() => String, { description: 'What the consortium is and does (plain text).' })
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => [String], { description: 'What the members share, e.g. "rota and payroll", "a bank of relief workers".' })
  @Column({ name: 'shared_resources', type: 'text', array: true, default: () => "'{}'" })
  sharedResources: string[];

  @Field(() => String, { nullable: true, description: 'The consortium’s web site (an http or https address), if it has one.' })
  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the consortium was added.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

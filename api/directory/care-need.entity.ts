import { Field, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

@ObjectType({ description: 'A need or condition a service can say it supports, e.g. dementia or sight loss.' })
@Entity('care_need')
export class CareNeed {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'Stable identifier used in filters and in upsertService’s `supports`, e.g. `learning-disability`.' })
  @Column({ type: 'text', unique: true })
  slug: string;

  @Field(() => String, { description: 'The need’s name for people, e.g. "Learning disability".' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'Who the need covers, in a sentence (plain text).' })
  @Column({ type: 'text', default: '' })
  description: string;

  /** Display order. */
  @Column({ type: 'integer', default: 0 })
  position: number;
}

import { Field, Int, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { Column, Entity, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';

@ObjectType({ description: 'A term of the service taxonomy.' })
@Entity('service_category')
export class ServiceCategory {
  @Field(() => ID, { description: 'Opaque and stable; also the category’s taxonomy_term id in the ORUK API.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'Stable identifier used in filters, e.g. `personal-care`.' })
  @Column({ type: 'text', unique: true })
  slug: string;

  @Field(() => String, { description: 'The category’s name for people, e.g. "Personal care".' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'What services in the category do (plain text).' })
  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => ServiceCategory, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<ServiceCategory>;

  @Field(() => Int, { description: 'Display order among its siblings.' })
  @Column({ type: 'integer', default: 0 })
  position: number;
}

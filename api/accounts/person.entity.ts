import { Field, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

/**
 * Anyone with an account: a person who receives care, a representative, staff, an admin. Staff and
 * representative rights come from relationships (StaffMembership, RepresentativeGrant), not from here.
 * A person created by a council (a budget allocation) has no password until they set one.
 */
@ObjectType('Person', { description: 'Someone known to coopcare. Only their name is public to those who may see them at all.' })
@Entity('person')
@Check('person_email_is_lowercase', 'email = lower(email)')
export class Person {
  @Field(() => ID, { description: 'Opaque and stable: what the `personId` arguments take.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Stored lower-cased, so uniqueness is case-insensitive without an expression index. */
  @Index('person_email_key', { unique: true })
  @Column({ type: 'text' })
  email: string;

  @Field(() => String, { description: 'The name the person goes by.' })
  @Column({ type: 'text' })
  name: string;

  @Column({ name: 'password_hash', type: 'text', nullable: true })
  passwordHash: string | null;

  @Column({ name: 'is_admin', type: 'boolean', default: false })
  isAdmin: boolean;

  /** The council responsible for the person's care; its officers act for the person where the law lets them. */
  @ForeignKey('Council', { onDelete: 'RESTRICT' })
  @Column({ name: 'council_id', type: 'uuid', nullable: true })
  councilId: string | null;

  /**
   * True while a confirmed finding that the person lacks capacity is in force (CapacityAssessment): lets
   * their council's officers manage their representatives and consents. Only the capacity service writes it.
   */
  @Column({ name: 'lacks_capacity', type: 'boolean', default: false })
  lacksCapacity: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

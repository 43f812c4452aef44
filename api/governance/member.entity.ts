import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Check, Column, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MemberClass } from '../directory/directory.enums.js';
import { ID } from '../graphql/scalars.js';
import { MemberOffice } from './governance.enums.js';

/**
 * A member on a co-op's register (migrations/1771000000000-MemberGovernance.ts). joinedOn is the date the
 * co-op admitted them, which may be before coopcare held its register; enteredAt is when this register
 * first held them, and it alone decides which motions they may vote on (those opened after it).
 */
@ObjectType('CoOpMember', {
  description: 'A member on a co-op’s register of members: their class, share, and the dates admitted and ceased.',
})
@Entity('co_op_member')
@Check(
  'co_op_member_organisation',
  `("member_class" = 'LEGAL_ENTITY') = ("organisation_name" IS NOT NULL) AND char_length("organisation_name") <= 200`,
)
@Check('co_op_member_name_as_entered', `char_length("name_as_entered") BETWEEN 1 AND 200`)
@Check('co_op_member_public_body', `NOT "is_public_body" OR "member_class" = 'LEGAL_ENTITY'`)
@Check('co_op_member_share', `"share_pence" BETWEEN 0 AND 10000000`)
@Check('co_op_member_office', `"office" IS NULL OR ("office" IN ('SECRETARY') AND "left_at" IS NULL)`)
@Check(
  'co_op_member_left',
  `("left_on" IS NULL) = ("left_at" IS NULL) AND ("left_on" IS NULL OR "left_on" >= "joined_on") ` +
    `AND ("leaving_reason" IS NULL OR char_length("leaving_reason") <= 500)`,
)
@Index('co_op_member_current_key', { synchronize: false })
@Index('co_op_member_secretary_key', { synchronize: false })
@Index('co_op_member_person_idx', { synchronize: false })
@Index('co_op_member_register_idx', { synchronize: false })
@Index('co_op_member_class_idx', { synchronize: false })
export class CoOpMember {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The co-op (provider) whose register it is.' })
  @ForeignKey('Provider', { name: 'FK_co_op_member_provider', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ForeignKey('Person', { name: 'FK_co_op_member_person', onDelete: 'RESTRICT' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Field(() => MemberClass, { description: 'The class the member belongs to.' })
  @Column({ name: 'member_class', type: 'enum', enum: MemberClass, enumName: 'member_class' })
  memberClass: MemberClass;

  /** For a LEGAL_ENTITY member: the organisation, whose nominee the person is. */
  @Field(() => String, { nullable: true, description: 'For a LEGAL_ENTITY member: the organisation whose nominee the person is.' })
  @Column({ name: 'organisation_name', type: 'text', nullable: true })
  organisationName: string | null;

  /**
   * The name the officer typed when admitting by email: the register's name for the member. An account's
   * own name is never shown to whoever typed its address (CoOpMember.name). Null when admitted by personId.
   */
  @Column({ name: 'name_as_entered', type: 'text', nullable: true })
  nameAsEntered: string | null;

  /** A council or other public body (SCIC's rule caps their share of the votes). */
  @Field(() => Boolean, { description: 'Whether the member is a council or other public body (LEGAL_ENTITY only).' })
  @Column({ name: 'is_public_body', type: 'boolean', default: false })
  isPublicBody: boolean;

  @Column({ name: 'share_pence', type: 'integer', default: 100 })
  sharePence: number;

  /** ISO date (YYYY-MM-DD). */
  @Field(() => GraphQLLocalDate, { description: 'The date the co-op admitted the member.' })
  @Column({ name: 'joined_on', type: 'date' })
  joinedOn: string;

  @Column({ name: 'entered_at', type: 'timestamptz', precision: 3, default: () => 'now()' })
  enteredAt: Date;

  @ForeignKey('Person', { name: 'FK_co_op_member_admitted_by', onDelete: 'SET NULL' })
  @Column({ name: 'admitted_by_id', type: 'uuid', nullable: true })
  admittedById: string | null;

  @Field(() => MemberOffice, { nullable: true, description: 'The office the member holds, if any.' })
  @Column({ type: 'text', nullable: true })
  office: MemberOffice | null;

  /** ISO date (YYYY-MM-DD) the membership ended; null while a member. */
  @Field(() => GraphQLLocalDate, { nullable: true, description: 'The date the membership ceased; null while a member.' })
  @Column({ name: 'left_on', type: 'date', nullable: true })
  leftOn: string | null;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt: Date | null;

  @Column({ name: 'leaving_reason', type: 'text', nullable: true })
  leavingReason: string | null;

  @ForeignKey('Person', { name: 'FK_co_op_member_leaving_recorded_by', onDelete: 'SET NULL' })
  @Column({ name: 'leaving_recorded_by_id', type: 'uuid', nullable: true })
  leavingRecordedById: string | null;
}

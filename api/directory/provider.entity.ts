import { Field, Float, Int, ObjectType } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { GraphQLDateTime } from 'graphql-scalars';
import { Consortium } from './consortium.entity.js';
import { CqcRating, LegalForm, MemberClass, ProviderStatus } from './directory.enums.js';

@ObjectType({ description: 'An organisation offering care and support: a co-operative or another kind of provider.' })
@Entity('provider')
@Index('provider_name_idx', { synchronize: false })
@Check('provider_slug_format', `slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'`)
export class Provider {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String)
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'Unique, URL-safe; `provider(slug:)` finds it.' })
  @Column({ type: 'text', unique: true })
  slug: string;

  @Field(() => String, { description: 'One or two sentences for a search result.' })
  @Column({ type: 'text', default: '' })
  summary: string;

  @Field(() => String)
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => LegalForm)
  @Column({ name: 'legal_form', type: 'enum', enum: LegalForm, enumName: 'legal_form' })
  legalForm: LegalForm;

  @Field(() => Boolean)
  @Column({ name: 'is_cooperative', type: 'boolean', default: false })
  isCooperative: boolean;

  @Field(() => String, { nullable: true, description: 'FCA mutuals register, Companies House or Charity Commission number.' })
  @Column({ name: 'registration_number', type: 'text', nullable: true })
  registrationNumber: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone: string | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Field(() => String, { nullable: true })
  @Column({ name: 'cqc_location_id', type: 'text', nullable: true })
  cqcLocationId: string | null;

  @Field(() => CqcRating)
  @Column({ name: 'cqc_rating', type: 'enum', enum: CqcRating, enumName: 'cqc_rating', default: CqcRating.NOT_YET_RATED })
  cqcRating: CqcRating;

  @Field(() => Boolean, { description: 'Accredited by the Living Wage Foundation.' })
  @Column({ name: 'pays_real_living_wage', type: 'boolean', default: false })
  paysRealLivingWage: boolean;

  @Field(() => Float, { nullable: true, description: 'Staff who left in the last 12 months, as a percentage of headcount.' })
  @Column({ name: 'staff_turnover_percent', type: 'double precision', nullable: true })
  staffTurnoverPercent: number | null;

  @Field(() => ProviderStatus)
  @Column({ type: 'enum', enum: ProviderStatus, enumName: 'provider_status', default: ProviderStatus.DRAFT })
  status: ProviderStatus;

  @Column({ name: 'consortium_id', type: 'uuid', nullable: true })
  consortiumId: string | null;

  @ManyToOne(() => Consortium, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'consortium_id' })
  consortium?: Relation<Consortium>;

  /** The co-op that helped start this one. */
  @Column({ name: 'parent_id', type: 'uuid', nullable: true })
  parentId: string | null;

  @ManyToOne(() => Provider, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'parent_id' })
  parent?: Relation<Provider>;

  @Field(() => GraphQLDateTime)
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLDateTime)
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

@ObjectType({ description: 'How many members of one class a co-operative has.' })
@Entity('provider_member_class')
@Unique('provider_member_class_unique', ['providerId', 'memberClass'])
@Check('provider_member_class_count', 'member_count >= 0')
export class ProviderMemberClass {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ManyToOne(() => Provider, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Relation<Provider>;

  @Field(() => MemberClass)
  @Column({ name: 'member_class', type: 'enum', enum: MemberClass, enumName: 'member_class' })
  memberClass: MemberClass;

  @Field(() => Int)
  @Column({ name: 'member_count', type: 'integer' })
  memberCount: number;
}

@ObjectType({ description: 'Board seats reserved for one class of member.' })
@Entity('provider_board_seat')
@Unique('provider_board_seat_unique', ['providerId', 'memberClass'])
@Check('provider_board_seat_count', 'seats >= 0')
export class ProviderBoardSeat {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ManyToOne(() => Provider, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Relation<Provider>;

  @Field(() => MemberClass)
  @Column({ name: 'member_class', type: 'enum', enum: MemberClass, enumName: 'member_class' })
  memberClass: MemberClass;

  @Field(() => Int)
  @Column({ type: 'integer' })
  seats: number;
}

@ObjectType({ description: 'A place a provider works from.' })
@Entity('provider_location')
@Index('provider_location_provider_idx', ['providerId'])
@Index('provider_location_point_idx', { synchronize: false })
// UK_BOUNDS of api/geo/postcode.ts.
@Check('provider_location_in_uk', 'latitude BETWEEN 49 AND 61.5 AND longitude BETWEEN -8.9 AND 2.1')
export class ProviderLocation {
  @Field(() => ID)
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ManyToOne(() => Provider, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Relation<Provider>;

  @Field(() => String)
  @Column({ type: 'text' })
  name: string;

  @Field(() => String)
  @Column({ name: 'address_line1', type: 'text' })
  addressLine1: string;

  @Field(() => String, { nullable: true })
  @Column({ name: 'address_line2', type: 'text', nullable: true })
  addressLine2: string | null;

  @Field(() => String)
  @Column({ type: 'text' })
  town: string;

  @Field(() => String)
  @Column({ type: 'text' })
  postcode: string;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  latitude: number;

  @Field(() => Float)
  @Column({ type: 'double precision' })
  longitude: number;
}


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
@Check('provider_care_worker_pay', 'care_worker_hourly_pay_pence IS NULL OR care_worker_hourly_pay_pence BETWEEN 1 AND 100000')
export class Provider {
  @Field(() => ID, { description: 'Opaque and stable; also the provider’s organization id in the ORUK API.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => String, { description: 'The name the provider trades under, up to 200 characters.' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'Unique, URL-safe; `provider(slug:)` finds it.' })
  @Column({ type: 'text', unique: true })
  slug: string;

  @Field(() => String, { description: 'One or two sentences for a search result.' })
  @Column({ type: 'text', default: '' })
  summary: string;

  @Field(() => String, { description: 'A fuller account of the provider, for its own page (plain text, up to 10,000 characters).' })
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => LegalForm, { description: 'How the provider is constituted in law.' })
  @Column({ name: 'legal_form', type: 'enum', enum: LegalForm, enumName: 'legal_form' })
  legalForm: LegalForm;

  @Field(() => Boolean, {
    description:
      'Whether the provider is a co-operative (owned and democratically controlled by its members), whatever its legal form; ' +
      '`cooperativesOnly` filters on it.',
  })
  @Column({ name: 'is_cooperative', type: 'boolean', default: false })
  isCooperative: boolean;

  @Field(() => Boolean, {
    description:
      'Whether the co-op keeps its register of members and its constitution in coopcare: then `memberClasses` are counted from the ' +
      'register and `boardSeats` come from the constitution, and its coordinators no longer type them in.',
  })
  @Column({ name: 'member_facts_from_register', type: 'boolean', default: false })
  memberFactsFromRegister: boolean;

  @Field(() => String, { nullable: true, description: 'FCA mutuals register, Companies House or Charity Commission number.' })
  @Column({ name: 'registration_number', type: 'text', nullable: true })
  registrationNumber: string | null;

  @Field(() => String, { nullable: true, description: 'Where people and councils may write to the provider.' })
  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail: string | null;

  @Field(() => String, { nullable: true, description: 'A phone number for enquiries, as the provider writes it.' })
  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone: string | null;

  @Field(() => String, { nullable: true, description: 'The provider’s own web site (an http or https address).' })
  @Column({ type: 'text', nullable: true })
  website: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The provider’s location id on the Care Quality Commission register (e.g. 1-123456789); null when not regulated.',
  })
  @Column({ name: 'cqc_location_id', type: 'text', nullable: true })
  cqcLocationId: string | null;

  @Field(() => CqcRating, {
    description: 'The CQC overall rating, as last recorded here; NOT_REGULATED for providers of unregulated services only.',
  })
  @Column({ name: 'cqc_rating', type: 'enum', enum: CqcRating, enumName: 'cqc_rating', default: CqcRating.NOT_YET_RATED })
  cqcRating: CqcRating;

  @Field(() => Boolean, { description: 'Accredited by the Living Wage Foundation.' })
  @Column({ name: 'pays_real_living_wage', type: 'boolean', default: false })
  paysRealLivingWage: boolean;

  @Field(() => Int, {
    nullable: true,
    description:
      'What the provider says it pays its care workers for an hour, in pence, before tax; null where it does not publish it. ' +
      'Councils compare it with what they pay for an hour of care.',
  })
  @Column({ name: 'care_worker_hourly_pay_pence', type: 'integer', nullable: true })
  careWorkerHourlyPayPence: number | null;

  @Field(() => Float, { nullable: true, description: 'Staff who left in the last 12 months, as a percentage of headcount.' })
  @Column({ name: 'staff_turnover_percent', type: 'double precision', nullable: true })
  staffTurnoverPercent: number | null;

  @Field(() => ProviderStatus, {
    description:
      'Whether the listing is public. Public queries return only PUBLISHED providers; its coordinators and council officers see the rest.',
  })
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

  @Field(() => GraphQLDateTime, { description: 'When the listing was created.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When the listing last changed.' })
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

  @Field(() => MemberClass, { description: 'The class of member.' })
  @Column({ name: 'member_class', type: 'enum', enum: MemberClass, enumName: 'member_class' })
  memberClass: MemberClass;

  @Field(() => Int, { description: 'How many members of this class the co-operative has (0 or more).' })
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

  @Field(() => MemberClass, { description: 'The class of member the seats are reserved for.' })
  @Column({ name: 'member_class', type: 'enum', enum: MemberClass, enumName: 'member_class' })
  memberClass: MemberClass;

  @Field(() => Int, { description: 'How many board seats that class elects (0 or more).' })
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
  @Field(() => ID, { description: 'Opaque and stable; also the location’s id in the ORUK API.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ManyToOne(() => Provider, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Relation<Provider>;

  @Field(() => String, { description: 'What the provider calls the place, e.g. "Slaithwaite office".' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'First line of the street address.' })
  @Column({ name: 'address_line1', type: 'text' })
  addressLine1: string;

  @Field(() => String, { nullable: true, description: 'Second line of the street address, if any.' })
  @Column({ name: 'address_line2', type: 'text', nullable: true })
  addressLine2: string | null;

  @Field(() => String, { description: 'The post town, e.g. Huddersfield.' })
  @Column({ type: 'text' })
  town: string;

  @Field(() => String, { description: 'A full UK postcode, normalised ("HD7 5AB").' })
  @Column({ type: 'text' })
  postcode: string;

  @Field(() => Float, {
    description:
      'WGS84 degrees: the postcode’s point unless the provider gave its own. Distances (`distanceMiles`) are measured from here.',
  })
  @Column({ type: 'double precision' })
  latitude: number;

  @Field(() => Float, { description: 'WGS84 degrees: the postcode’s point unless the provider gave its own.' })
  @Column({ type: 'double precision' })
  longitude: number;
}

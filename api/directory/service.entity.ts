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
  UpdateDateColumn,
  type Relation,
} from 'typeorm';
import { GraphQLDateTime } from 'graphql-scalars';
import { DayOfWeek, LateCancellationPolicy, ServiceAreaKind, ServiceStatus } from './directory.enums.js';
import { Provider } from './provider.entity.js';
import { ServiceCategory } from './service-category.entity.js';

@ObjectType({ description: 'Something a provider offers, at an hourly rate.' })
@Entity('service')
@Index('service_provider_idx', ['providerId'])
@Index('service_category_idx', ['categoryId'])
@Index('service_name_idx', { synchronize: false })
@Index('service_price_idx', ['hourlyRatePence', 'id'])
@Index('service_supports_idx', { synchronize: false })
@Index('service_languages_idx', { synchronize: false })
@Check('service_age_range', 'minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age')
@Check('service_money', 'hourly_rate_pence >= 0 AND travel_charge_pence_per_visit >= 0')
export class Service {
  @Field(() => ID, { description: 'Opaque and stable; also the service’s id in the ORUK API.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ManyToOne(() => Provider, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Relation<Provider>;

  @Column({ name: 'category_id', type: 'uuid' })
  categoryId: string;

  @ManyToOne(() => ServiceCategory, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'category_id' })
  category?: Relation<ServiceCategory>;

  @Field(() => String, { description: 'What the service is called, up to 200 characters, e.g. "Home care visits".' })
  @Column({ type: 'text' })
  name: string;

  @Field(() => String, { description: 'What the service offers and to whom (plain text, up to 10,000 characters).' })
  @Column({ type: 'text', default: '' })
  description: string;

  @Field(() => Int, { description: 'Price of an hour, in pence.' })
  @Column({ name: 'hourly_rate_pence', type: 'integer' })
  hourlyRatePence: number;

  @Field(() => Int, { description: 'The shortest visit the service books, in minutes.' })
  @Column({ name: 'minimum_visit_minutes', type: 'integer', default: 60 })
  minimumVisitMinutes: number;

  @Field(() => Int, { description: 'Travel charged per visit, in pence; 0 means travel is included in the rate.' })
  @Column({ name: 'travel_charge_pence_per_visit', type: 'integer', default: 0 })
  travelChargePencePerVisit: number;

  @Field(() => Int, { description: 'Hours of notice needed to cancel a visit without charge.' })
  @Column({ name: 'cancellation_notice_hours', type: 'integer', default: 24 })
  cancellationNoticeHours: number;

  @Field(() => LateCancellationPolicy, {
    description:
      'What happens to a visit cancelled with less than `cancellationNoticeHours` of notice: charged in full, or not cancellable.',
  })
  @Column({
    name: 'late_cancellation_policy',
    type: 'enum',
    enum: LateCancellationPolicy,
    enumName: 'late_cancellation_policy',
    default: LateCancellationPolicy.CHARGE_IN_FULL,
  })
  lateCancellationPolicy: LateCancellationPolicy;

  @Field(() => Boolean, {
    description: 'Takes payment from a direct payment: a personal budget the council pays to the person, who buys their own care.',
  })
  @Column({ name: 'accepts_direct_payments', type: 'boolean', default: true })
  acceptsDirectPayments: boolean;

  @Field(() => Boolean, {
    description: 'Can be commissioned from a council-managed budget, which the council holds and pays providers from.',
  })
  @Column({ name: 'accepts_council_managed_budgets', type: 'boolean', default: false })
  acceptsCouncilManagedBudgets: boolean;

  @Field(() => Boolean, {
    description:
      'Can be paid from an individual service fund: a budget the council pays to a provider the person chose, to spend as they decide.',
  })
  @Column({ name: 'accepts_individual_service_funds', type: 'boolean', default: false })
  acceptsIndividualServiceFunds: boolean;

  @Field(() => [String], { description: 'Languages the service can be delivered in besides English, e.g. "Urdu".' })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  languages: string[];

  /** Slugs of the care needs the service supports (CareNeed.slug); GraphQL shows them as CareNeeds. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  supports: string[];

  @Field(() => Int, { nullable: true, description: 'Youngest age served, in years; null when there is no lower limit.' })
  @Column({ name: 'minimum_age', type: 'integer', nullable: true })
  minimumAge: number | null;

  @Field(() => Int, { nullable: true, description: 'Oldest age served, in years; null when there is no upper limit.' })
  @Column({ name: 'maximum_age', type: 'integer', nullable: true })
  maximumAge: number | null;

  @Field(() => ServiceStatus, {
    description:
      'Whether the service is offered now. Public queries return only ACTIVE services of PUBLISHED providers; coordinators see the rest.',
  })
  @Column({ type: 'enum', enum: ServiceStatus, enumName: 'service_status', default: ServiceStatus.ACTIVE })
  status: ServiceStatus;

  @Field(() => GraphQLDateTime, { description: 'When the service was listed.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When the listing of the service last changed.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;

  @Field(() => Boolean, { description: 'Travel is included in the hourly rate.' })
  get travelIncluded(): boolean {
    return this.travelChargePencePerVisit === 0;
  }
}

/** Postgres gives times as HH:MM:SS; the API speaks HH:MM. */
const HH_MM = { from: (v: string | null) => v?.slice(0, 5) ?? v, to: (v: string | null) => v };

@ObjectType({ description: 'When a service runs on one day of the week (local time).' })
@Entity('service_opening_time')
@Index('service_opening_time_service_idx', ['serviceId'])
// Opening-time filters (day, opens, closes) answered from the index alone, service id included.
@Index('service_opening_time_day_idx', ['dayOfWeek', 'opens', 'closes', 'serviceId'])
@Check('service_opening_time_order', 'opens < closes')
export class ServiceOpeningTime {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'service_id', type: 'uuid' })
  serviceId: string;

  @ManyToOne(() => Service, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'service_id' })
  service?: Relation<Service>;

  @Field(() => DayOfWeek, { description: 'The day of the week.' })
  @Column({ name: 'day_of_week', type: 'enum', enum: DayOfWeek, enumName: 'day_of_week' })
  dayOfWeek: DayOfWeek;

  @Field(() => String, { description: 'HH:MM, 24-hour, UK local time.' })
  @Column({ type: 'time', transformer: HH_MM })
  opens: string;

  @Field(() => String, { description: 'HH:MM, 24-hour, UK local time.' })
  @Column({ type: 'time', transformer: HH_MM })
  closes: string;
}

/**
 * Where a provider works: a postcode district, or a radius around a point. With `serviceId` the area is
 * one service's only; a service serves its provider's general areas plus its own.
 */
@ObjectType({ description: 'An area a provider (or one of its services) covers: a postcode district or a radius around a point.' })
@Entity('service_area')
@Index('service_area_provider_idx', ['providerId'])
@Index('service_area_service_idx', ['serviceId'])
@Index('service_area_outcode_idx', ['outcode'])
@Index('service_area_point_idx', { synchronize: false })
@Check(
  'service_area_shape',
  '(outcode IS NOT NULL AND latitude IS NULL AND longitude IS NULL AND radius_miles IS NULL) OR ' +
    '(outcode IS NULL AND latitude IS NOT NULL AND longitude IS NOT NULL AND radius_miles > 0 AND radius_miles <= 100)',
)
// UK_BOUNDS of api/geo/postcode.ts; outcodes as parsePostcode reads them (GIR is Girobank's).
@Check('service_area_in_uk', 'latitude IS NULL OR (latitude BETWEEN 49 AND 61.5 AND longitude BETWEEN -8.9 AND 2.1)')
@Check('service_area_outcode_format', `outcode IS NULL OR outcode ~ '^([A-Z]{1,2}[0-9][A-Z0-9]?|GIR)$'`)
export class ServiceArea {
  @Field(() => ID, {
    description: 'Opaque. Saving a list of areas replaces it whole, so an area gets a new id each time its list is saved.',
  })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ManyToOne(() => Provider, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'provider_id' })
  provider?: Relation<Provider>;

  @Column({ name: 'service_id', type: 'uuid', nullable: true })
  serviceId: string | null;

  @ManyToOne(() => Service, { onDelete: 'CASCADE', nullable: true })
  @JoinColumn({ name: 'service_id' })
  service?: Relation<Service>;

  @Field(() => String, { nullable: true, description: 'The postcode district (outcode), e.g. HD7, for a POSTCODE_DISTRICT area.' })
  @Column({ type: 'text', nullable: true })
  outcode: string | null;

  @Field(() => Float, { nullable: true, description: 'WGS84 degrees: the centre of a RADIUS area; null for a POSTCODE_DISTRICT.' })
  @Column({ type: 'double precision', nullable: true })
  latitude: number | null;

  @Field(() => Float, { nullable: true, description: 'WGS84 degrees: the centre of a RADIUS area; null for a POSTCODE_DISTRICT.' })
  @Column({ type: 'double precision', nullable: true })
  longitude: number | null;

  @Field(() => Float, {
    nullable: true,
    description: 'Miles around the centre a RADIUS area covers, more than 0 and at most 100; null for a POSTCODE_DISTRICT.',
  })
  @Column({ name: 'radius_miles', type: 'double precision', nullable: true })
  radiusMiles: number | null;

  @Field(() => ServiceAreaKind, { description: 'Whether the area is a postcode district or a radius around a point.' })
  get kind(): ServiceAreaKind {
    return this.outcode ? ServiceAreaKind.POSTCODE_DISTRICT : ServiceAreaKind.RADIUS;
  }
}

import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Exclusion,
  ForeignKey,
  Index,
  PrimaryGeneratedColumn,
  Unique,
  UpdateDateColumn,
} from 'typeorm';
import { LateCancellationPolicy } from '../directory/directory.enums.js';
import { ID } from '../graphql/scalars.js';
import { BookingStatus, VisitStatus } from './brokerage.enums.js';

/**
 * Visits of one service paid from one budget. Its total is held on the budget's ledger from the moment
 * it is requested; each visit's share is later charged or released, once.
 */
@ObjectType({ description: 'Visits of one service booked against one personal budget.' })
@Entity('booking')
@Check('booking_money', '"total_pence" >= 0 AND "hourly_rate_pence" >= 0 AND "travel_pence_per_visit" >= 0')
@Check('booking_idempotency_key_size', 'length("idempotency_key") BETWEEN 1 AND 200')
@Check('booking_cancellation_notice', '"cancellation_notice_hours" >= 0')
// A key is the budget holder's: the same key from the person, a representative or a widget is one request.
@Index('booking_idempotency_key', ['personId', 'idempotencyKey'], { unique: true })
@Index('booking_budget_idx', ['budgetId', 'createdAt'])
@Index('booking_provider_idx', ['providerId', 'status', 'createdAt'])
export class Booking {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('PersonalBudget', { name: 'FK_booking_budget', onDelete: 'RESTRICT' })
  @Column({ name: 'budget_id', type: 'uuid' })
  budgetId: string;

  /** The budget holder, copied from the budget: idempotency keys and continuity are theirs. */
  @ForeignKey('Person', { name: 'FK_booking_person', onDelete: 'RESTRICT' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @ForeignKey('Service', { name: 'FK_booking_service', onDelete: 'RESTRICT' })
  @Column({ name: 'service_id', type: 'uuid' })
  serviceId: string;

  /** The service's provider, copied so a coordinator's bookings are one indexed read. */
  @ForeignKey('Provider', { name: 'FK_booking_provider', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @Field(() => BookingStatus, { description: 'Where the booking is, from request to completion.' })
  @Column({ type: 'enum', enum: BookingStatus, enumName: 'booking_status', default: BookingStatus.REQUESTED })
  status: BookingStatus;

  @Field(() => Int, { description: 'What the visits cost when booked, travel included, in pence: the amount held on the budget.' })
  @Column({ name: 'total_pence', type: 'integer' })
  totalPence: number;

  @Field(() => Int, { description: 'The service’s hourly rate when booked, in pence; later changes to the listing do not touch it.' })
  @Column({ name: 'hourly_rate_pence', type: 'integer' })
  hourlyRatePence: number;

  @Field(() => Int, { description: 'Travel charged per visit when booked, in pence (0 when included).' })
  @Column({ name: 'travel_pence_per_visit', type: 'integer' })
  travelPencePerVisit: number;

  /** Copied from the service by the database as the booking is inserted (migration 1766000410000): the terms booked under. */
  @Field(() => Int, { description: 'The notice the service asked for when this was booked, in hours: cancelling later is late.' })
  @Column({ name: 'cancellation_notice_hours', type: 'integer' })
  cancellationNoticeHours: number;

  @Field(() => LateCancellationPolicy, {
    description: 'What the service did about late cancellations when this was booked: the terms that apply.',
  })
  @Column({ name: 'late_cancellation_policy', type: 'enum', enum: LateCancellationPolicy, enumName: 'late_cancellation_policy' })
  lateCancellationPolicy: LateCancellationPolicy;

  @Column({ name: 'idempotency_key', type: 'text' })
  idempotencyKey: string;

  /** A hash of the request's input, so a key sent again with a different input is refused. */
  @Column({ name: 'request_fingerprint', type: 'text' })
  requestFingerprint: string;

  /** May mention the person's health, so never audited; read through BookingResolver, which says who may. */
  @Column({ type: 'text', default: '' })
  notes: string;

  @Column({ name: 'preferred_worker_ids', type: 'uuid', array: true, default: () => "'{}'" })
  preferredWorkerIds: string[];

  @Column({ name: 'requested_by_id', type: 'uuid', nullable: true })
  requestedById: string | null;

  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the provider confirmed or declined it.' })
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  /** Free text from the provider, so never audited; read through BookingResolver, which says who may. */
  @Column({ name: 'decline_reason', type: 'text', nullable: true })
  declineReason: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When its last visit was settled.' })
  @Column({ name: 'completed_at', type: 'timestamptz', nullable: true })
  completedAt: Date | null;

  @Field(() => GraphQLDateTime, { description: 'When it was requested.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When it last changed.' })
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt: Date;
}

/** One visit of a booking. The database refuses to give one worker two overlapping live visits. */
@ObjectType({ description: 'One visit of a booking.' })
@Entity('booking_visit')
@Check('booking_visit_minutes', '"minutes" BETWEEN 1 AND 1440')
@Check('booking_visit_ends', 'extract(epoch FROM "ends_at" - "starts_at") = "minutes" * 60')
@Check('booking_visit_price', '"price_pence" >= 0')
@Check('booking_visit_actual_minutes', '"actual_minutes" IS NULL OR "actual_minutes" BETWEEN 0 AND 1440')
@Check('booking_visit_invoiced_when_delivered', `"invoice_id" IS NULL OR "status" = 'DELIVERED'`)
@Check('booking_visit_cancellation_reason_size', '"cancellation_reason" IS NULL OR length("cancellation_reason") <= 500')
@Exclusion(
  'booking_visit_worker_once',
  'USING gist ("worker_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&) ' +
    `WHERE ("worker_id" IS NOT NULL AND "status" IN ('SCHEDULED', 'DELIVERED'))`,
)
@Index('booking_visit_booking_idx', ['bookingId', 'startsAt'])
// Partial, made in the migrations: a worker's visits, an invoice's visits, the visits still to remind of.
@Index('booking_visit_worker_idx', { synchronize: false })
@Index('booking_visit_invoice_idx', { synchronize: false })
@Index('booking_visit_reminder_due_idx', { synchronize: false })
export class BookingVisit {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Booking', { name: 'FK_booking_visit_booking', onDelete: 'RESTRICT' })
  @Column({ name: 'booking_id', type: 'uuid' })
  bookingId: string;

  @Field(() => GraphQLDateTime, { description: 'When the visit starts.' })
  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When the visit ends.' })
  @Column({ name: 'ends_at', type: 'timestamptz' })
  endsAt: Date;

  @Field(() => Int, { description: 'How long the visit is booked for, in minutes.' })
  @Column({ type: 'integer' })
  minutes: number;

  @Field(() => Int, { description: 'What the visit costs, travel included, in pence: its share of the booking’s hold.' })
  @Column({ name: 'price_pence', type: 'integer' })
  pricePence: number;

  @Field(() => VisitStatus, { description: 'What became of the visit.' })
  @Column({ type: 'enum', enum: VisitStatus, enumName: 'visit_status', default: VisitStatus.SCHEDULED })
  status: VisitStatus;

  @ForeignKey('Person', { name: 'FK_booking_visit_worker', onDelete: 'RESTRICT' })
  @Column({ name: 'worker_id', type: 'uuid', nullable: true })
  workerId: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the worker says the visit began; null until recorded.' })
  @Column({ name: 'actual_start', type: 'timestamptz', nullable: true })
  actualStart: Date | null;

  @Field(() => Int, { nullable: true, description: 'How long the worker says it lasted, in minutes; null until recorded.' })
  @Column({ name: 'actual_minutes', type: 'integer', nullable: true })
  actualMinutes: number | null;

  /** The worker's note on the visit; may describe the person's health, so never audited. */
  @Column({ type: 'text', nullable: true })
  note: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When the worker recorded the visit delivered or missed.' })
  @Column({ name: 'outcome_recorded_at', type: 'timestamptz', nullable: true })
  outcomeRecordedAt: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was cancelled.' })
  @Column({ name: 'cancelled_at', type: 'timestamptz', nullable: true })
  cancelledAt: Date | null;

  @Column({ name: 'cancelled_by_id', type: 'uuid', nullable: true })
  cancelledById: string | null;

  /** Why it was cancelled, in the canceller's words; may mention the person's health, so never audited. Read through VisitPlaceResolver. */
  @Column({ name: 'cancellation_reason', type: 'text', nullable: true })
  cancellationReason: string | null;

  @ForeignKey('Invoice', { name: 'FK_booking_visit_invoice', onDelete: 'RESTRICT' })
  @Column({ name: 'invoice_id', type: 'uuid', nullable: true })
  invoiceId: string | null;

  /** When the day-before reminder was written (VisitReminders); null until then. */
  @Column({ name: 'reminded_at', type: 'timestamptz', nullable: true })
  remindedAt: Date | null;
}

/** A provider's invoice for delivered visits of one booking: each of them charged to the budget once. */
@ObjectType({ description: 'An invoice for delivered visits of one booking.' })
@Entity('invoice')
@Check('invoice_total', '"total_pence" >= 0')
@Unique('invoice_number_key', ['invoiceNumber'])
@Index('invoice_booking_idx', ['bookingId'])
@Index('invoice_provider_idx', ['providerId', 'issuedAt'])
export class Invoice {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => Int, { description: 'The invoice’s number, unique across coopcare, in the order invoices were issued.' })
  @Column({
    name: 'invoice_number',
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    transformer: { to: (v) => v, from: (v) => Number(v) },
  })
  invoiceNumber: number;

  @ForeignKey('Booking', { name: 'FK_invoice_booking', onDelete: 'RESTRICT' })
  @Column({ name: 'booking_id', type: 'uuid' })
  bookingId: string;

  @ForeignKey('PersonalBudget', { name: 'FK_invoice_budget', onDelete: 'RESTRICT' })
  @Column({ name: 'budget_id', type: 'uuid' })
  budgetId: string;

  @ForeignKey('Provider', { name: 'FK_invoice_provider', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @Field(() => Int, { description: 'The sum of its visits’ prices, in pence: what was charged to the budget.' })
  @Column({ name: 'total_pence', type: 'integer' })
  totalPence: number;

  @Column({ name: 'issued_by_id', type: 'uuid', nullable: true })
  issuedById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When it was issued.' })
  @CreateDateColumn({ name: 'issued_at', type: 'timestamptz' })
  issuedAt: Date;
}

/** A secret calendar address for one person's visits; only a hash of its token is kept. */
@Entity('calendar_link')
@Unique('calendar_link_token_hash_key', ['tokenHash'])
@Index('calendar_link_person_idx', ['personId'])
export class CalendarLink {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Person', { name: 'FK_calendar_link_person', onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

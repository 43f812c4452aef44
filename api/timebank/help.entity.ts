import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { HelpRequestStatus } from './timebank.enums.js';

/** A slot of a week a helper is free, in London time: day 1 (Monday) to 7, 'HH:MM' to 'HH:MM'. */
export interface AvailabilitySlot {
  day: number;
  from: string;
  until: string;
}

/** Help a member offers: what, where from and how far, and when in the week. */
@Entity('time_bank_offer')
@Check('time_bank_offer_description', `char_length("description") <= 1000`)
@Check('time_bank_offer_radius', `"radius_miles" > 0 AND "radius_miles" <= 50`)
@Check('time_bank_offer_availability', `jsonb_typeof("availability") = 'array' AND jsonb_array_length("availability") <= 21`)
@Index('time_bank_offer_open_idx', { synchronize: false })
@Index('time_bank_offer_member_idx', { synchronize: false })
@Index('time_bank_offer_point_idx', { synchronize: false })
export class HelpOffer {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('TimeBank', { name: 'FK_time_bank_offer_time_bank', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_offer_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  /** A directory category slug or a time-bank one (time-bank-categories.ts). */
  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text' })
  postcode: string;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  @Column({ name: 'radius_miles', type: 'numeric', precision: 4, scale: 1, transformer: { to: (v: number) => v, from: Number } })
  radiusMiles: number;

  @Column({ type: 'jsonb', default: () => "'[]'" })
  availability: AvailabilitySlot[];

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt: Date | null;
}

/** Help a member asks for (or a representative asks for them): what, where, when and for how long. */
@Entity('time_bank_request')
@Check('time_bank_request_description', `char_length("description") <= 1000`)
@Check('time_bank_request_minutes', `"minutes" BETWEEN 1 AND 1440`)
@Check('time_bank_request_status', `"status" IN ('OPEN', 'ACCEPTED', 'DONE', 'CANCELLED')`)
@Check(
  'time_bank_request_helper',
  `("status" IN ('ACCEPTED', 'DONE')) <= ("helper_member_id" IS NOT NULL AND "accepted_at" IS NOT NULL) ` +
    `AND "helper_member_id" IS DISTINCT FROM "member_id"`,
)
@Index('time_bank_request_open_idx', { synchronize: false })
@Index('time_bank_request_open_soonest_idx', { synchronize: false })
@Index('time_bank_request_member_idx', { synchronize: false })
@Index('time_bank_request_helper_idx', { synchronize: false })
export class HelpRequest {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('TimeBank', { name: 'FK_time_bank_request_time_bank', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  /** The member to be helped, whose balance the help is debited from. */
  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_request_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @ForeignKey('Person', { name: 'FK_time_bank_request_asked_by', onDelete: 'SET NULL' })
  @Column({ name: 'asked_by_id', type: 'uuid', nullable: true })
  askedById: string | null;

  @Column({ type: 'text' })
  category: string;

  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ type: 'text' })
  postcode: string;

  @Column({ type: 'double precision' })
  latitude: number;

  @Column({ type: 'double precision' })
  longitude: number;

  @Column({ name: 'starts_at', type: 'timestamptz' })
  startsAt: Date;

  @Column({ type: 'integer' })
  minutes: number;

  /** The helper would be alone with the person at home: like personal care, it needs a checked helper. */
  @Column({ name: 'alone_at_home', type: 'boolean', default: false })
  aloneAtHome: boolean;

  /** Decided when asked, from the category and aloneAtHome, so matching never offers an unchecked helper. */
  @Column({ name: 'needs_background_check', type: 'boolean' })
  needsBackgroundCheck: boolean;

  @Column({ type: 'text', default: 'OPEN' })
  status: HelpRequestStatus;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_request_helper', onDelete: 'RESTRICT' })
  @Column({ name: 'helper_member_id', type: 'uuid', nullable: true })
  helperMemberId: string | null;

  @Column({ name: 'accepted_at', type: 'timestamptz', nullable: true })
  acceptedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'closed_at', type: 'timestamptz', nullable: true })
  closedAt: Date | null;
}

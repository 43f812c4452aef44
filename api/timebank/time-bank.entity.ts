import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../graphql/scalars.js';
import { BackgroundCheckKind, TimeBankMembershipStatus, TimeBankRole } from './timebank.enums.js';

/** Where a co-op's bank holidays come from: GOV.UK publishes one list for each. */
export type BankHolidayRegion = 'ENGLAND_AND_WALES' | 'SCOTLAND' | 'NORTHERN_IRELAND';

/** A co-op's time bank and its rules (migrations/1770000000000-TimeBank.ts): one per provider, opened by a coordinator. */
@ObjectType({ description: 'A co-op’s time bank: members give and receive help and bank the time in minutes; its rules are public.' })
@Entity('time_bank')
@Check('time_bank_normal_hours', `"normal_hours_start" < "normal_hours_end"`)
@Check('time_bank_region', `"bank_holiday_region" IN ('ENGLAND_AND_WALES', 'SCOTLAND', 'NORTHERN_IRELAND')`)
@Check('time_bank_out_of_hours_percent', `"out_of_hours_percent" BETWEEN 100 AND 300`)
@Check('time_bank_overdraft', `"overdraft_minutes" BETWEEN 0 AND 6000`)
@Check('time_bank_travel_rate', `"travel_pence_per_mile" BETWEEN 0 AND 200`)
export class TimeBank {
  @Field(() => ID, { description: 'The co-op (provider) whose time bank it is: a time bank is named by its co-op.' })
  @ForeignKey('Provider', { name: 'FK_time_bank_provider', onDelete: 'RESTRICT' })
  @PrimaryColumn({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  /** London time, 'HH:MM:SS': help between these on a working day is normal hours. */
  @Field(() => String, { description: 'Normal hours start, London time (HH:MM:SS); earlier is out of hours.' })
  @Column({ name: 'normal_hours_start', type: 'time', default: '08:00:00' })
  normalHoursStart: string;

  @Field(() => String, { description: 'Normal hours end, London time (HH:MM:SS); later is out of hours.' })
  @Column({ name: 'normal_hours_end', type: 'time', default: '18:00:00' })
  normalHoursEnd: string;

  @Field(() => Boolean, { description: 'Whether all of Saturday and Sunday is out of hours.' })
  @Column({ name: 'weekends_out_of_hours', type: 'boolean', default: true })
  weekendsOutOfHours: boolean;

  @Field(() => Boolean, { description: 'Whether all of a bank holiday (GOV.UK’s list for the region) is out of hours.' })
  @Column({ name: 'bank_holidays_out_of_hours', type: 'boolean', default: true })
  bankHolidaysOutOfHours: boolean;

  @Column({ name: 'bank_holiday_region', type: 'text', default: 'ENGLAND_AND_WALES' })
  bankHolidayRegion: BankHolidayRegion;

  /** Credit for a minute given out of hours, in hundredths of a minute: 150 is 1.5×. */
  @Field(() => Int, { description: 'Credit for a minute given out of hours, as a percentage of a minute: 150 is 1.5×.' })
  @Column({ name: 'out_of_hours_percent', type: 'integer', default: 150 })
  outOfHoursPercent: number;

  /** How far below nothing a member's balance may go, so a new member can receive before giving. */
  @Field(() => Int, {
    description: 'How far below nothing a member’s balance may go for help received, so a new member can receive before giving (0: none).',
  })
  @Column({ name: 'overdraft_minutes', type: 'integer', default: 0 })
  overdraftMinutes: number;

  @Field(() => Int, {
    description: 'What a mile of a volunteer’s travel is paid, in pence (HMRC’s approved 45p unless the co-op set another).',
  })
  @Column({ name: 'travel_pence_per_mile', type: 'integer', default: 45 })
  travelPencePerMile: number;

  @ForeignKey('Person', { name: 'FK_time_bank_opened_by', onDelete: 'SET NULL' })
  @Column({ name: 'opened_by_id', type: 'uuid', nullable: true })
  openedById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When a coordinator opened it.' })
  @CreateDateColumn({ name: 'opened_at', type: 'timestamptz' })
  openedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** A person's membership of one co-op's time bank; their account on its ledger. */
@ObjectType({ description: 'A person’s membership of a co-op’s time bank, and their account on its ledger.' })
@Entity('time_bank_member')
@Check(
  'time_bank_member_roles',
  `cardinality("roles") BETWEEN 1 AND 3 AND "roles" <@ ARRAY['VOLUNTEER', 'FAMILY_CARER', 'RECEIVER']::text[]`,
)
@Check('time_bank_member_status', `"status" IN ('PENDING', 'APPROVED', 'REFUSED', 'LEFT')`)
@Check('time_bank_member_decided', `"status" = 'PENDING' OR "decided_at" IS NOT NULL`)
@Check(
  'time_bank_member_refusal_reason',
  `("status" = 'REFUSED') = ("refusal_reason" IS NOT NULL) AND char_length("refusal_reason") <= 1000`,
)
@Check('time_bank_member_left', `("status" = 'LEFT') = ("left_at" IS NOT NULL)`)
@Index('time_bank_member_person_key', { synchronize: false })
@Index('time_bank_member_person_idx', { synchronize: false })
@Index('time_bank_member_waiting_idx', { synchronize: false })
@Index('time_bank_member_asked_idx', { synchronize: false })
export class TimeBankMember {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Field(() => ID, { description: 'The co-op whose time bank it is.' })
  @ForeignKey('TimeBank', { name: 'FK_time_bank_member_time_bank', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ForeignKey('Person', { name: 'FK_time_bank_member_person', onDelete: 'RESTRICT' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Field(() => [TimeBankRole], { description: 'How the person takes part: one or more.' })
  @Column({ type: 'text', array: true })
  roles: TimeBankRole[];

  @Field(() => TimeBankMembershipStatus, { description: 'Where the membership stands.' })
  @Column({ type: 'text', default: 'PENDING' })
  status: TimeBankMembershipStatus;

  /** Who asked: the person, or a representative joining them as someone who receives support. */
  @ForeignKey('Person', { name: 'FK_time_bank_member_asked_by', onDelete: 'SET NULL' })
  @Column({ name: 'asked_by_id', type: 'uuid', nullable: true })
  askedById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the person (or their representative) asked to join.' })
  @CreateDateColumn({ name: 'asked_at', type: 'timestamptz' })
  askedAt: Date;

  @ForeignKey('Person', { name: 'FK_time_bank_member_decided_by', onDelete: 'SET NULL' })
  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a coordinator approved or refused the membership.' })
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Column({ name: 'refusal_reason', type: 'text', nullable: true })
  refusalReason: string | null;

  @Column({ name: 'left_at', type: 'timestamptz', nullable: true })
  leftAt: Date | null;
}

/** A background check a coordinator saw, with the dates that say whether it still counts. */
@Entity('time_bank_background_check')
@Check('time_bank_background_check_kind', `"kind" IN ('DBS_BASIC', 'DBS_STANDARD', 'DBS_ENHANCED', 'DBS_ENHANCED_WITH_ADULTS_BARRED_LIST')`)
@Check('time_bank_background_check_dates', `"expires_on" > "checked_on"`)
@Check('time_bank_background_check_reference', `char_length("reference") <= 40`)
@Index('time_bank_background_check_member_idx', { synchronize: false })
export class BackgroundCheck {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_background_check_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Column({ type: 'text' })
  kind: BackgroundCheckKind;

  /** ISO dates (YYYY-MM-DD). */
  @Column({ name: 'checked_on', type: 'date' })
  checkedOn: string;

  @Column({ name: 'expires_on', type: 'date' })
  expiresOn: string;

  /** The certificate's number, when the coordinator noted it (for the DBS update service). */
  @Column({ type: 'text', nullable: true })
  reference: string | null;

  @ForeignKey('Person', { name: 'FK_time_bank_background_check_recorded_by', onDelete: 'SET NULL' })
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

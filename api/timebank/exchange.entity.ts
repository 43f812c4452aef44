import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ID } from '../graphql/scalars.js';
import { ExchangeStatus, type TimeLedgerEntryKind, TimeTransferKind } from './timebank.enums.js';

/** Help given, as the helper recorded it; confirming it moves the time (TimeLedgerEntry), once. */
@ObjectType({ description: 'Help one member gave another, as the helper recorded it; confirming it moves the time, once.' })
@Entity('time_bank_exchange')
@Check('time_bank_exchange_two_members', `"helper_member_id" <> "receiver_member_id"`)
@Check(
  'time_bank_exchange_minutes',
  `"minutes" BETWEEN 1 AND 1440 AND "out_of_hours_minutes" BETWEEN 0 AND "minutes" AND "credited_minutes" >= "minutes"`,
)
@Check('time_bank_exchange_note', `char_length("note") <= 1000`)
@Check('time_bank_exchange_status', `"status" IN ('RECORDED', 'CONFIRMED', 'REJECTED')`)
@Check('time_bank_exchange_decided', `("status" = 'RECORDED') = ("decided_at" IS NULL)`)
@Check(
  'time_bank_exchange_rejection_reason',
  `("status" = 'REJECTED') = ("rejection_reason" IS NOT NULL) AND char_length("rejection_reason") <= 1000`,
)
@Exclusion(
  'time_bank_exchange_helper_once',
  `USING gist ("helper_member_id" WITH =, "time_bank_help_span"("started_at", "minutes") WITH &&) WHERE ("status" <> 'REJECTED')`,
)
@Index('time_bank_exchange_request_once', { synchronize: false })
@Index('time_bank_exchange_helper_idx', { synchronize: false })
@Index('time_bank_exchange_receiver_idx', { synchronize: false })
@Index('time_bank_exchange_provider_idx', { synchronize: false })
export class Exchange {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('TimeBank', { name: 'FK_time_bank_exchange_time_bank', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ForeignKey('HelpRequest', { name: 'FK_time_bank_exchange_request', onDelete: 'RESTRICT' })
  @Column({ name: 'request_id', type: 'uuid', nullable: true })
  requestId: string | null;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_exchange_helper', onDelete: 'RESTRICT' })
  @Column({ name: 'helper_member_id', type: 'uuid' })
  helperMemberId: string;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_exchange_receiver', onDelete: 'RESTRICT' })
  @Column({ name: 'receiver_member_id', type: 'uuid' })
  receiverMemberId: string;

  @Field(() => String, { description: 'What help it was: a category slug of the time bank.' })
  @Column({ type: 'text' })
  category: string;

  @Field(() => GraphQLDateTime, { description: 'When the help began.' })
  @Column({ name: 'started_at', type: 'timestamptz' })
  startedAt: Date;

  @Field(() => Int, { description: 'Minutes of help given: what confirming debits the receiver.' })
  @Column({ type: 'integer' })
  minutes: number;

  /** Of `minutes`, those outside the time bank's normal hours when the help was given. */
  @Field(() => Int, { description: 'Of those minutes, how many fell outside the time bank’s normal hours.' })
  @Column({ name: 'out_of_hours_minutes', type: 'integer' })
  outOfHoursMinutes: number;

  /** What confirming credits the helper: minutes, with out-of-hours minutes at the time bank's multiplier. */
  @Field(() => Int, {
    description: 'What confirming credits the helper: the minutes, out-of-hours minutes at the time bank’s percentage.',
  })
  @Column({ name: 'credited_minutes', type: 'integer' })
  creditedMinutes: number;

  @Column({ type: 'text', default: '' })
  note: string;

  @Field(() => ExchangeStatus, { description: 'Recorded, confirmed (time moved) or rejected (nothing moved).' })
  @Column({ type: 'text', default: 'RECORDED' })
  status: ExchangeStatus;

  @ForeignKey('Person', { name: 'FK_time_bank_exchange_recorded_by', onDelete: 'SET NULL' })
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true })
  recordedById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the helper (or a coordinator) recorded it.' })
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;

  @ForeignKey('Person', { name: 'FK_time_bank_exchange_decided_by', onDelete: 'SET NULL' })
  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When it was confirmed or rejected; null while RECORDED.' })
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why it was rejected, in the words of who rejected it; null unless REJECTED.' })
  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;
}

/** Time moved between accounts without help given: a gift, a gift to the pool, a draw on the pool. */
@ObjectType({ description: 'Time moved without help given: a gift to a member, a gift to the community pool, a draw on the pool.' })
@Entity('time_bank_transfer')
@Check('time_bank_transfer_minutes', `"minutes" BETWEEN 1 AND 100000`)
@Check('time_bank_transfer_note', `char_length("note") <= 500`)
@Check(
  'time_bank_transfer_ends',
  `("kind" = 'GIFT' AND "from_member_id" IS NOT NULL AND "to_member_id" IS NOT NULL AND "from_member_id" <> "to_member_id") ` +
    `OR ("kind" = 'POOL_GIFT' AND "from_member_id" IS NOT NULL AND "to_member_id" IS NULL) OR ("kind" = 'POOL_DRAW' ` +
    `AND "from_member_id" IS NULL AND "to_member_id" IS NOT NULL)`,
)
@Index('time_bank_transfer_provider_idx', { synchronize: false })
export class TimeTransfer {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('TimeBank', { name: 'FK_time_bank_transfer_time_bank', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @Field(() => TimeTransferKind, { description: 'A gift to a member, a gift to the pool, or a draw on the pool.' })
  @Column({ type: 'text' })
  kind: TimeTransferKind;

  /** Null: the community pool. */
  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_transfer_from', onDelete: 'RESTRICT' })
  @Column({ name: 'from_member_id', type: 'uuid', nullable: true })
  fromMemberId: string | null;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_transfer_to', onDelete: 'RESTRICT' })
  @Column({ name: 'to_member_id', type: 'uuid', nullable: true })
  toMemberId: string | null;

  @Field(() => Int, { description: 'Minutes moved.' })
  @Column({ type: 'integer' })
  minutes: number;

  @Field(() => String, { description: 'The giver’s note, or a coordinator’s reason for a draw on the pool; may be empty.' })
  @Column({ type: 'text', default: '' })
  note: string;

  // RESTRICT, not SET NULL: the table is append-only, so nulling the column would be refused anyway.
  @ForeignKey('Person', { name: 'FK_time_bank_transfer_made_by', onDelete: 'RESTRICT' })
  @Column({ name: 'made_by_id', type: 'uuid', nullable: true })
  madeById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the time moved.' })
  @CreateDateColumn({ name: 'made_at', type: 'timestamptz' })
  madeAt: Date;
}

/** One line of a time bank's append-only ledger: a member's account, or the pool's when memberId is null. */
@Entity('time_bank_ledger_entry')
@Check(
  'time_bank_ledger_entry_kind',
  `"kind" IN ('HELP_GIVEN', 'OUT_OF_HOURS_BONUS', 'HELP_RECEIVED', 'GIFT_SENT', 'GIFT_RECEIVED', ` +
    `'GIVEN_TO_POOL', 'POOL_RECEIVED', 'POOL_DRAWN', 'DRAWN_FROM_POOL')`,
)
@Check(
  'time_bank_ledger_entry_sign',
  `"minutes" BETWEEN -100000 AND 100000 AND "minutes" <> 0 AND ` +
    `("minutes" > 0) = ("kind" IN ('HELP_GIVEN', 'OUT_OF_HOURS_BONUS', 'GIFT_RECEIVED', 'POOL_RECEIVED', 'DRAWN_FROM_POOL'))`,
)
@Check('time_bank_ledger_entry_pool_lines', `("member_id" IS NULL) = ("kind" IN ('POOL_RECEIVED', 'POOL_DRAWN'))`)
@Check(
  'time_bank_ledger_entry_cause',
  `("exchange_id" IS NOT NULL) = ("kind" IN ('HELP_GIVEN', 'OUT_OF_HOURS_BONUS', 'HELP_RECEIVED')) ` +
    `AND ("transfer_id" IS NOT NULL) = ("exchange_id" IS NULL)`,
)
@Unique('time_bank_ledger_entry_number_key', ['entryNumber'])
@Index('time_bank_ledger_entry_exchange_once', { synchronize: false })
@Index('time_bank_ledger_entry_transfer_once', { synchronize: false })
@Index('time_bank_ledger_entry_member_idx', { synchronize: false })
@Index('time_bank_ledger_entry_provider_idx', { synchronize: false })
@Index('time_bank_ledger_entry_pool_idx', { synchronize: false })
export class TimeLedgerEntry {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Commit order across every time bank: the order a statement lists lines in. */
  @Column({
    name: 'entry_number',
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    transformer: { to: (v) => v, from: (v) => Number(v) },
  })
  entryNumber: number;

  @ForeignKey('TimeBank', { name: 'FK_time_bank_ledger_entry_time_bank', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_ledger_entry_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid', nullable: true })
  memberId: string | null;

  @Column({ type: 'text' })
  kind: TimeLedgerEntryKind;

  /** Signed: credits positive, debits negative. */
  @Column({ type: 'integer' })
  minutes: number;

  @ForeignKey('Exchange', { name: 'FK_time_bank_ledger_entry_exchange', onDelete: 'RESTRICT' })
  @Column({ name: 'exchange_id', type: 'uuid', nullable: true })
  exchangeId: string | null;

  @ForeignKey('TimeTransfer', { name: 'FK_time_bank_ledger_entry_transfer', onDelete: 'RESTRICT' })
  @Column({ name: 'transfer_id', type: 'uuid', nullable: true })
  transferId: string | null;

  // RESTRICT, not SET NULL: the ledger is append-only, so nulling the column would be refused anyway.
  @ForeignKey('Person', { name: 'FK_time_bank_ledger_entry_recorded_by', onDelete: 'RESTRICT' })
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

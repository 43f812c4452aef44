import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Field, Float, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { ID } from '../graphql/scalars.js';
import { ExpenseClaimStatus, ExpenseKind } from './timebank.enums.js';

/** A receipt as uploaded: its bytes, checked for type and size before they are kept. */
@Entity('time_bank_receipt')
@Check(
  'time_bank_receipt_media_type',
  `"media_type" IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf')`,
)
@Check('time_bank_receipt_size', `"byte_size" BETWEEN 1 AND 5242880 AND octet_length("content") = "byte_size"`)
@Index('time_bank_receipt_uploaded_idx', { synchronize: false })
export class Receipt {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Person', { name: 'FK_time_bank_receipt_uploaded_by', onDelete: 'CASCADE' })
  @Column({ name: 'uploaded_by_id', type: 'uuid' })
  uploadedById: string;

  /** What the bytes are, read from the bytes themselves, never from what the uploader said. */
  @Column({ name: 'media_type', type: 'text' })
  mediaType: string;

  @Column({ name: 'byte_size', type: 'integer' })
  byteSize: number;

  @Column({ type: 'text' })
  sha256: string;

  @Column({ type: 'bytea', select: false })
  content: Buffer;

  @CreateDateColumn({ name: 'uploaded_at', type: 'timestamptz' })
  uploadedAt: Date;
}

/** A volunteer's claim for what helping cost them. */
@ObjectType({
  description:
    'A volunteer’s claim for what helping cost them, in pence: travel at the time bank’s rate a mile, or a receipted cost. ' +
    'Seen by the volunteer and the co-op’s coordinators.',
})
@Entity('time_bank_expense_claim')
@Check('time_bank_expense_claim_kind', `"kind" IN ('TRAVEL', 'CHILDCARE', 'MEALS', 'OTHER')`)
@Check('time_bank_expense_claim_description', `char_length("description") <= 500`)
@Check('time_bank_expense_claim_amount', `"amount_pence" BETWEEN 1 AND 100000`)
@Check(
  'time_bank_expense_claim_travel',
  `("kind" = 'TRAVEL') = ("miles" IS NOT NULL AND "pence_per_mile" IS NOT NULL) AND ("miles" IS NULL OR ("miles" > 0 ` +
    `AND "amount_pence" = round("miles" * "pence_per_mile")))`,
)
@Check('time_bank_expense_claim_receipted', `"kind" = 'TRAVEL' OR "receipt_id" IS NOT NULL`)
@Check('time_bank_expense_claim_status', `"status" IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'PAID')`)
@Check('time_bank_expense_claim_decided', `("status" = 'SUBMITTED') = ("decided_at" IS NULL)`)
@Check(
  'time_bank_expense_claim_rejection_reason',
  `("status" = 'REJECTED') = ("rejection_reason" IS NOT NULL) AND char_length("rejection_reason") <= 1000`,
)
@Check('time_bank_expense_claim_paid', `("status" = 'PAID') = ("paid_at" IS NOT NULL)`)
@Index('time_bank_expense_claim_receipt_key', { synchronize: false })
@Index('time_bank_expense_claim_status_idx', { synchronize: false })
@Index('time_bank_expense_claim_submitted_idx', { synchronize: false })
@Index('time_bank_expense_claim_member_idx', { synchronize: false })
export class ExpenseClaim {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('TimeBank', { name: 'FK_time_bank_expense_claim_time_bank', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ForeignKey('TimeBankMember', { name: 'FK_time_bank_expense_claim_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  @Field(() => ExpenseKind, { description: 'What the money was spent on.' })
  @Column({ type: 'text' })
  kind: ExpenseKind;

  /** ISO date (YYYY-MM-DD), never in the future. */
  @Field(() => GraphQLLocalDate, { description: 'The London date the cost was incurred on.' })
  @Column({ name: 'incurred_on', type: 'date' })
  incurredOn: string;

  @Field(() => String, { description: 'What the cost was, in the volunteer’s words (at most 500 characters).' })
  @Column({ type: 'text', default: '' })
  description: string;

  /** Travel only: miles, to a tenth. */
  @Field(() => Float, { nullable: true, description: 'Travel only: the miles driven, to a tenth of a mile.' })
  @Column({
    type: 'numeric',
    precision: 6,
    scale: 1,
    nullable: true,
    transformer: { to: (v: number | null) => v, from: (v: string | null) => (v === null ? null : Number(v)) },
  })
  miles: number | null;

  /** Travel only: the time bank's rate when the claim was made. */
  @Field(() => Int, { nullable: true, description: 'Travel only: the time bank’s rate a mile, in pence, when the claim was made.' })
  @Column({ name: 'pence_per_mile', type: 'integer', nullable: true })
  pencePerMile: number | null;

  @Field(() => Int, { description: 'What the volunteer is owed, in pence: for travel, miles × rate rounded to the penny.' })
  @Column({ name: 'amount_pence', type: 'integer' })
  amountPence: number;

  @ForeignKey('Receipt', { name: 'FK_time_bank_expense_claim_receipt', onDelete: 'RESTRICT' })
  @Column({ name: 'receipt_id', type: 'uuid', nullable: true })
  receiptId: string | null;

  @Field(() => ExpenseClaimStatus, { description: 'Where the claim stands.' })
  @Column({ type: 'text', default: 'SUBMITTED' })
  status: ExpenseClaimStatus;

  @ForeignKey('Person', { name: 'FK_time_bank_expense_claim_submitted_by', onDelete: 'SET NULL' })
  @Column({ name: 'submitted_by_id', type: 'uuid', nullable: true })
  submittedById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the volunteer claimed.' })
  @CreateDateColumn({ name: 'submitted_at', type: 'timestamptz' })
  submittedAt: Date;

  @ForeignKey('Person', { name: 'FK_time_bank_expense_claim_decided_by', onDelete: 'SET NULL' })
  @Column({ name: 'decided_by_id', type: 'uuid', nullable: true })
  decidedById: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a coordinator approved or rejected it.' })
  @Column({ name: 'decided_at', type: 'timestamptz', nullable: true })
  decidedAt: Date | null;

  @Field(() => String, { nullable: true, description: 'Why a coordinator rejected it; null unless REJECTED.' })
  @Column({ name: 'rejection_reason', type: 'text', nullable: true })
  rejectionReason: string | null;

  @ForeignKey('Person', { name: 'FK_time_bank_expense_claim_paid_by', onDelete: 'SET NULL' })
  @Column({ name: 'paid_by_id', type: 'uuid', nullable: true })
  paidById: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'When a coordinator marked it paid.' })
  @Column({ name: 'paid_at', type: 'timestamptz', nullable: true })
  paidAt: Date | null;
}

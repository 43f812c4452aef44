import { GraphQLDateTime, GraphQLLocalDate } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn, Unique } from 'typeorm';
import { ID } from '../graphql/scalars.js';
import { LedgerEntryKind, PersonalBudgetKind } from './brokerage.enums.js';

/**
 * Money set aside for one person's care over a period. The row says whose it is and how it is held;
 * how much there is lives only in its ledger (LedgerEntry), summed by the `personal_budget_balance` view.
 */
@ObjectType({ description: 'A personal budget: money for one person’s care over a period, and where each penny of it is.' })
@Entity('personal_budget')
@Check('personal_budget_care_postcode', 'length("care_postcode") BETWEEN 2 AND 8')
@Check('personal_budget_period', '"period_end" >= "period_start"')
@Check('personal_budget_council', `"kind" = 'SELF_FUNDED' OR "council_id" IS NOT NULL`)
@Check('personal_budget_fund_holder', `("kind" = 'INDIVIDUAL_SERVICE_FUND') = ("held_by_provider_id" IS NOT NULL)`)
@Index('personal_budget_person_idx', ['personId'])
@Index('personal_budget_council_idx', ['councilId'])
export class PersonalBudget {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Person', { name: 'FK_personal_budget_person', onDelete: 'RESTRICT' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  /** Null only for a SELF_FUNDED budget. */
  @ForeignKey('Council', { name: 'FK_personal_budget_council', onDelete: 'RESTRICT' })
  @Column({ name: 'council_id', type: 'uuid', nullable: true })
  councilId: string | null;

  @Field(() => PersonalBudgetKind, { description: 'How the budget is held and paid.' })
  @Column({ type: 'enum', enum: PersonalBudgetKind, enumName: 'personal_budget_kind' })
  kind: PersonalBudgetKind;

  /** The provider holding an INDIVIDUAL_SERVICE_FUND; null for every other kind. */
  @ForeignKey('Provider', { name: 'FK_personal_budget_holder', onDelete: 'RESTRICT' })
  @Column({ name: 'held_by_provider_id', type: 'uuid', nullable: true })
  heldByProviderId: string | null;

  /** For an ISF: the outcomes agreed between the person, the provider and the council, in their words. */
  @Column({ name: 'agreed_outcomes', type: 'text', nullable: true })
  agreedOutcomes: string | null;

  @Field(() => String, {
    description:
      'Where the care it pays for is given: a full UK postcode, normalised ("HD7 5AB"); bookings must be from services covering it.',
  })
  @Column({ name: 'care_postcode', type: 'text' })
  carePostcode: string;

  @Field(() => GraphQLLocalDate, { description: 'First day the budget covers (UK local date).' })
  @Column({ name: 'period_start', type: 'date' })
  periodStart: string;

  @Field(() => GraphQLLocalDate, { description: 'Last day the budget covers, inclusive (UK local date).' })
  @Column({ name: 'period_end', type: 'date' })
  periodEnd: string;

  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the budget was opened.' })
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;
}

/** A budget's balances, as the `personal_budget_balance` view sums its ledger. */
@ObjectType({ description: 'Where a budget’s money is, summed from its ledger.' })
export class BudgetBalance {
  budgetId: string;

  @Field(() => Int, { description: 'Allocated by the council for the period (0 for a SELF_FUNDED budget).' })
  allocatedPence: number;

  @Field(() => Int, { description: 'Paid in: direct-payment instalments and top-ups.' })
  paidInPence: number;

  @Field(() => Int, { description: 'Held for booked visits not yet charged or released.' })
  committedPence: number;

  @Field(() => Int, { description: 'Charged for visits, less refunds.' })
  spentPence: number;

  @Field(() => Int, { description: 'What a new booking may still commit. Never negative.' })
  availablePence: number;
}

/** One line of a budget's ledger. The table refuses UPDATE and DELETE; a correction is a new line. */
@ObjectType({ description: 'One line of a personal budget’s ledger. Lines are never changed or removed.' })
@Entity('budget_ledger_entry')
@Check(
  'budget_ledger_entry_amount',
  `"amount_pence" BETWEEN -100000000 AND 100000000 AND ("amount_pence" > 0 OR ("kind" = 'ADJUSTMENT' AND "amount_pence" <> 0))`,
)
@Check('budget_ledger_entry_hold_names_booking', `"kind" <> 'HOLD' OR "booking_id" IS NOT NULL`)
@Check('budget_ledger_entry_settles_a_visit', `"kind" NOT IN ('CHARGE', 'RELEASE') OR "visit_id" IS NOT NULL`)
@Check('budget_ledger_entry_description_size', 'length("description") <= 500')
@Unique('budget_ledger_entry_number_key', ['entryNumber'])
@Index('budget_ledger_entry_budget_idx', ['budgetId', 'entryNumber'])
// Partial, made in the migration: one HOLD per booking, one CHARGE or RELEASE per visit, an invoice's lines.
@Index('budget_ledger_entry_one_hold', { synchronize: false })
@Index('budget_ledger_entry_visit_settled_once', { synchronize: false })
@Index('budget_ledger_entry_invoice_idx', { synchronize: false })
// Partial (migrations/1766000500000): a council's spend report finds its budgets' charges and refunds by time.
@Index('budget_ledger_entry_spend_idx', { synchronize: false })
export class LedgerEntry {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  /** Commit order across every budget: the order a statement lists lines in. */
  @Column({
    name: 'entry_number',
    type: 'bigint',
    generated: 'identity',
    generatedIdentity: 'ALWAYS',
    transformer: { to: (v) => v, from: (v) => Number(v) },
  })
  entryNumber: number;

  @ForeignKey('PersonalBudget', { name: 'FK_budget_ledger_entry_budget', onDelete: 'RESTRICT' })
  @Column({ name: 'budget_id', type: 'uuid' })
  budgetId: string;

  @Field(() => LedgerEntryKind, { description: 'What the line records.' })
  @Column({ type: 'enum', enum: LedgerEntryKind, enumName: 'ledger_entry_kind' })
  kind: LedgerEntryKind;

  @Field(() => Int, { description: 'The amount in pence: positive, except an ADJUSTMENT that takes money away.' })
  @Column({ name: 'amount_pence', type: 'integer' })
  amountPence: number;

  @Field(() => GraphQLLocalDate, { description: 'The day the money moved (for a payment, the day it was paid).' })
  @Column({ name: 'effective_on', type: 'date' })
  effectiveOn: string;

  @Field(() => ID, { nullable: true, description: 'The booking the line is for, if any.' })
  @ForeignKey('Booking', { name: 'FK_budget_ledger_entry_booking', onDelete: 'RESTRICT' })
  @Column({ name: 'booking_id', type: 'uuid', nullable: true })
  bookingId: string | null;

  @Field(() => ID, { nullable: true, description: 'The visit a CHARGE or RELEASE settles.' })
  @ForeignKey('BookingVisit', { name: 'FK_budget_ledger_entry_visit', onDelete: 'RESTRICT' })
  @Column({ name: 'visit_id', type: 'uuid', nullable: true })
  visitId: string | null;

  @Field(() => ID, { nullable: true, description: 'The invoice a CHARGE belongs to, if any.' })
  @ForeignKey('Invoice', { name: 'FK_budget_ledger_entry_invoice', onDelete: 'RESTRICT' })
  @Column({ name: 'invoice_id', type: 'uuid', nullable: true })
  invoiceId: string | null;

  @Field(() => String, { description: 'A short description of the line, never details of someone’s health.' })
  @Column({ type: 'text', default: '' })
  description: string;

  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true })
  recordedById: string | null;

  @Field(() => GraphQLDateTime, { description: 'When the line was written.' })
  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

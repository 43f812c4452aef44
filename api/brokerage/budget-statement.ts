import { stringify } from 'csv-stringify/sync';
import type { PeopleService } from '../accounts/people.service.js';
import type { Acting } from '../auth/actor.js';
import { neutralised } from '../common/spreadsheet-cell.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { LedgerEntryKind, PersonalBudgetKind } from './brokerage.enums.js';
import type { BrokerageReader } from './brokerage.reader.js';
import type { LedgerService } from './ledger.service.js';
import type { BudgetBalance, PersonalBudget } from './personal-budget.entity.js';

const KIND_IN_WORDS: Record<PersonalBudgetKind, string> = {
  DIRECT_PAYMENT: 'Direct payment',
  COUNCIL_MANAGED: 'Council-managed budget',
  INDIVIDUAL_SERVICE_FUND: 'Individual service fund',
  SELF_FUNDED: 'Self-funded',
};

const ENTRY_IN_WORDS: Record<LedgerEntryKind, string> = {
  ALLOCATION: 'Allocation',
  PAYMENT_IN: 'Direct payment received',
  TOP_UP: 'Top-up',
  HOLD: 'Held for booking',
  RELEASE: 'Hold released',
  CHARGE: 'Charged for visit',
  REFUND: 'Refund',
  ADJUSTMENT: 'Adjustment',
};

/** One ledger line with what it refers to, as the statement shows it. */
interface StatementLine {
  entryNumber: number;
  kind: LedgerEntryKind;
  amountPence: number;
  effectiveOn: string;
  bookingId: string | null;
  invoiceNumber: number | null;
  visitStartsAt: Date | null;
  description: string;
}

interface StatementData {
  budget: PersonalBudget;
  personName: string;
  councilName: string | null;
  heldByName: string | null;
  lines: StatementLine[];
  balance: BudgetBalance;
  generatedAt: Date;
}

const money = (pence: number) => (pence / 100).toFixed(2);

const londonTime = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
});

/** "2026-03-29 09:00 BST": ISO order, UK wall-clock time. */
function ukTime(at: Date): string {
  const p = Object.fromEntries(londonTime.formatToParts(at).map((x) => [x.type, x.value]));
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} ${p.timeZoneName}`;
}

/** How one line moves the budget's money: what it can commit (available) and what is held for bookings. */
function movement(kind: PersonalBudgetKind, line: StatementLine): { available: number; held: number } {
  const a = line.amountPence;
  const fundedByPayments = kind === PersonalBudgetKind.DIRECT_PAYMENT || kind === PersonalBudgetKind.SELF_FUNDED;
  switch (line.kind) {
    case LedgerEntryKind.ALLOCATION:
      return { available: fundedByPayments ? 0 : a, held: 0 };
    case LedgerEntryKind.PAYMENT_IN:
      return { available: fundedByPayments ? a : 0, held: 0 };
    case LedgerEntryKind.TOP_UP:
    case LedgerEntryKind.ADJUSTMENT:
    case LedgerEntryKind.REFUND:
      return { available: a, held: 0 };
    case LedgerEntryKind.HOLD:
      return { available: -a, held: a };
    case LedgerEntryKind.RELEASE:
      return { available: a, held: -a };
    case LedgerEntryKind.CHARGE:
      return { available: 0, held: -a };
  }
}

function reference(line: StatementLine): string {
  return [
    line.bookingId && `Booking ${line.bookingId}`,
    line.invoiceNumber !== null && `Invoice ${line.invoiceNumber}`,
    line.visitStartsAt && `Visit ${ukTime(line.visitStartsAt)}`,
  ]
    .filter(Boolean)
    .join('; ');
}

/**
 * The statement a council's direct-payment audit reads: whose budget, then one row per ledger line in
 * the order written, each with a running available balance, then totals that equal the balances.
 */
function statementCsv(data: StatementData): string {
  const { budget, balance } = data;
  const header: string[][] = [
    ['Personal budget statement'],
    ['Budget', budget.id],
    ['Person', neutralised(data.personName)],
    ['Kind', KIND_IN_WORDS[budget.kind]],
    ['Council', neutralised(data.councilName ?? 'None (self-funded)')],
    ...(data.heldByName ? [['Held by', neutralised(data.heldByName)]] : []),
    ['Care postcode', budget.carePostcode],
    ['Period', `${budget.periodStart} to ${budget.periodEnd}`],
    ['Generated', ukTime(data.generatedAt)],
    ['Amounts', 'Pounds sterling; dates are UK dates'],
    [],
  ];
  const columns = ['Date', 'Entry', 'Type', 'Reference', 'Description', 'Allocated', 'Money in', 'Money out', 'Held', 'Available'];
  let available = 0;
  const totals = { allocated: 0, in: 0, out: 0, held: 0 };
  const rows = data.lines.map((line) => {
    const moved = movement(budget.kind, line);
    available += moved.available;
    const a = line.amountPence;
    const allocated = line.kind === LedgerEntryKind.ALLOCATION ? a : 0;
    const moneyIn =
      [LedgerEntryKind.PAYMENT_IN, LedgerEntryKind.TOP_UP, LedgerEntryKind.REFUND].includes(line.kind) ||
      (line.kind === LedgerEntryKind.ADJUSTMENT && a > 0)
        ? a
        : 0;
    const moneyOut = line.kind === LedgerEntryKind.CHARGE ? a : line.kind === LedgerEntryKind.ADJUSTMENT && a < 0 ? -a : 0;
    totals.allocated += allocated;
    totals.in += moneyIn;
    totals.out += moneyOut;
    totals.held += moved.held;
    const shown = (pence: number) => (pence === 0 ? '' : money(pence));
    return [
      line.effectiveOn,
      String(line.entryNumber),
      ENTRY_IN_WORDS[line.kind],
      reference(line),
      neutralised(line.description),
      shown(allocated),
      shown(moneyIn),
      shown(moneyOut),
      shown(moved.held),
      money(available),
    ];
  });
  const footer = [
    ['Totals', '', '', '', '', money(totals.allocated), money(totals.in), money(totals.out), money(totals.held), money(available)],
    [],
    ['Allocated', money(balance.allocatedPence)],
    ['Paid in', money(balance.paidInPence)],
    ['Committed', money(balance.committedPence)],
    ['Spent', money(balance.spentPence)],
    ['Available', money(balance.availablePence)],
  ];
  // A byte-order mark and CRLF lines: what Excel needs to read UTF-8 names (Siân, Zoë) and lines rightly.
  return stringify([...header, columns, ...rows, ...footer], { bom: true, record_delimiter: 'windows' });
}

interface LineRow {
  entry_number: string;
  kind: LedgerEntryKind;
  amount_pence: number;
  effective_on: string;
  booking_id: string | null;
  invoice_number: string | null;
  visit_starts_at: Date | null;
  description: string;
}

/** Gathers a statement for someone who may view the budget (the reader's rules: NOT_FOUND, FORBIDDEN). */
export class BudgetStatements {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: BrokerageReader,
    private readonly ledger: LedgerService,
    private readonly people: PeopleService,
    private readonly directory: DirectoryService,
  ) {}

  async csv(acting: Acting, budgetId: string): Promise<{ filename: string; body: string }> {
    const data = await this.uow.transaction(async (em) => {
      // One snapshot: the lines and the balance must be of the same moment for the totals to agree.
      await em.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
      const budget = await this.reader.budgetFor(acting, budgetId);
      const rows: LineRow[] = await em.query(
        `SELECT e.entry_number, e.kind, e.amount_pence, to_char(e.effective_on, 'YYYY-MM-DD') AS effective_on, e.booking_id,
                i.invoice_number, v.starts_at AS visit_starts_at, e.description
           FROM budget_ledger_entry e
           LEFT JOIN invoice i ON i.id = e.invoice_id
           LEFT JOIN booking_visit v ON v.id = e.visit_id
          WHERE e.budget_id = $1
          ORDER BY e.entry_number`,
        [budget.id],
      );
      const [person, council, heldBy, balance] = await Promise.all([
        this.people.personById(budget.personId),
        budget.councilId ? this.directory.getCouncil(budget.councilId) : null,
        budget.heldByProviderId ? this.directory.getProvider(budget.heldByProviderId, { includeUnpublished: true }) : null,
        this.ledger.balanceOf(budget.id),
      ]);
      return {
        budget,
        personName: person?.name ?? '',
        councilName: council?.name ?? null,
        heldByName: heldBy?.name ?? null,
        balance,
        generatedAt: new Date(),
        lines: rows.map((r) => ({
          entryNumber: Number(r.entry_number),
          kind: r.kind,
          amountPence: r.amount_pence,
          effectiveOn: r.effective_on,
          bookingId: r.booking_id,
          invoiceNumber: r.invoice_number === null ? null : Number(r.invoice_number),
          visitStartsAt: r.visit_starts_at,
          description: r.description,
        })),
      };
    });
    return { filename: `budget-${budgetId.slice(0, 8)}-statement.csv`, body: statementCsv(data) };
  }
}

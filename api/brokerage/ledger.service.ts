import type { EntityManager } from 'typeorm';
import { type Acting, actingPersonId } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { BrokerageException, BrokerageExceptionCode } from './brokerage.exception.js';
import type { LedgerEntryKind } from './brokerage.enums.js';
import { type BudgetBalance, LedgerEntry, PersonalBudget } from './personal-budget.entity.js';

export type NewLedgerEntry = Pick<LedgerEntry, 'kind' | 'amountPence' | 'effectiveOn'> &
  Partial<Pick<LedgerEntry, 'bookingId' | 'visitId' | 'invoiceId' | 'description'>>;

interface BalanceRow {
  budget_id: string;
  allocated_pence: string;
  paid_in_pence: string;
  committed_pence: string;
  spent_pence: string;
  available_pence: string;
}

/** Balances of the budgets, in no particular order, in one statement (the ledger service's and the loaders'). */
export async function readBalances(db: Pick<EntityManager, 'query'>, budgetIds: readonly string[]): Promise<BudgetBalance[]> {
  const rows: BalanceRow[] = await db.query(`SELECT * FROM personal_budget_balance WHERE budget_id = ANY($1::uuid[])`, [budgetIds]);
  return rows.map((r) => ({
    budgetId: r.budget_id,
    allocatedPence: Number(r.allocated_pence),
    paidInPence: Number(r.paid_in_pence),
    committedPence: Number(r.committed_pence),
    spentPence: Number(r.spent_pence),
    availablePence: Number(r.available_pence),
  }));
}

/**
 * The one writer of budget ledgers. Every service that moves money locks the budget, reads its balance,
 * decides, and appends here, in one transaction; the database refuses any line that would overdraw the
 * budget or settle a visit twice, so a mistake in a caller fails loudly instead of losing money.
 */
export class LedgerService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /**
   * The budget, locked until the transaction ends: every change to its money queues behind the holder
   * of this lock, so a balance read after it stays true until the caller commits.
   */
  lockBudget(budgetId: string): Promise<PersonalBudget | null> {
    return this.uow.transaction((em) =>
      em.getRepository(PersonalBudget).findOne({ where: { id: budgetId }, lock: { mode: 'pessimistic_write' } }),
    );
  }

  async balanceOf(budgetId: string): Promise<BudgetBalance> {
    const [balance] = await this.balances([budgetId]);
    if (!balance) throw new BrokerageException(BrokerageExceptionCode.LEDGER_INCONSISTENT, `No balance for budget ${budgetId}.`);
    return balance;
  }

  balances(budgetIds: readonly string[]): Promise<BudgetBalance[]> {
    return readBalances(this.uow.manager, budgetIds);
  }

  /**
   * Appends lines to one budget's ledger and records the movement in the audit trail, in the caller's
   * transaction. The caller holds the budget's lock (lockBudget) and has checked the balance.
   */
  async append(acting: Acting, budget: PersonalBudget, entries: readonly NewLedgerEntry[]): Promise<LedgerEntry[]> {
    if (entries.length === 0) return [];
    return this.uow.transaction(async (em) => {
      const rows = entries.map((e) =>
        em.create(LedgerEntry, {
          ...e,
          budgetId: budget.id,
          description: e.description ?? '',
          recordedById: actingPersonId(acting.actor),
        }),
      );
      const saved = await em.save(LedgerEntry, rows);
      const totals: Partial<Record<LedgerEntryKind, number>> = {};
      for (const e of entries) totals[e.kind] = (totals[e.kind] ?? 0) + e.amountPence;
      await this.audit.record(acting, {
        action: 'budget.ledger',
        objectType: 'PersonalBudget',
        objectId: budget.id,
        councilId: budget.councilId,
        summary: { lines: entries.length, pence: totals, bookingId: entries[0].bookingId ?? null },
      });
      return saved;
    });
  }
}

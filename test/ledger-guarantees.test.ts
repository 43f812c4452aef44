import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced, holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import { useWorld } from './support/world.js';

/**
 * What the database itself guarantees about budgets' money, whatever code writes to it: the ledger is
 * append-only, and no statement may leave a budget overdrawn (available, committed or spent below
 * zero), not even two racing writers that each fit alone. The services check first and answer typed
 * failures; these are the guarantees behind them.
 */
describe('the budget ledger', () => {
  const t = useTestApp({ seeded: 'world' });
  const w = useWorld(t);
  const budget = (allocatedPence: number) => personsBudget(t, w, 'COUNCIL_MANAGED', allocatedPence);
  /** A ledger line written past the services, as a buggy writer would. */
  const line = (budgetId: string, kind: string, amount: number, visitId: string | null = null) =>
    t.services.db.query(
      `INSERT INTO budget_ledger_entry (budget_id, kind, amount_pence, effective_on, visit_id) VALUES ($1, $2, $3, current_date, $4)`,
      [budgetId, kind, amount, visitId],
    );

  test('refuses to change or remove a line: the app’s role has no right to, and a trigger stops even the owner', async () => {
    const budgetId = await budget(10_000);
    await expect(t.services.db.query(`UPDATE budget_ledger_entry SET amount_pence = 1 WHERE budget_id = $1`, [budgetId])).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.services.db.query(`DELETE FROM budget_ledger_entry WHERE budget_id = $1`, [budgetId])).rejects.toThrow(
      /permission denied/,
    );
    await expect(t.db.query(`UPDATE budget_ledger_entry SET amount_pence = 1 WHERE budget_id = $1`, [budgetId])).rejects.toThrow(
      /append-only/,
    );
    await expect(t.db.query(`DELETE FROM budget_ledger_entry WHERE budget_id = $1`, [budgetId])).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE budget_ledger_entry CASCADE`)).rejects.toThrow(/append-only|permission denied/);
  });

  test('refuses a line that would overdraw the budget, spend money never charged or release money never held', async () => {
    const budgetId = await budget(5_000);
    // An hour of the world's home care with its travel: 3,550 held, 1,450 left.
    const { visitIds } = await holdBooking(t.services, {
      budgetId,
      serviceId: w.services.home,
      visits: [{ start: hoursFromNow(72), minutes: 60 }],
    });
    await expect(line(budgetId, 'ADJUSTMENT', -1_451)).rejects.toThrow(/would be overdrawn/);
    await expect(line(budgetId, 'REFUND', 1)).rejects.toThrow(/would be overdrawn/);
    await expect(line(budgetId, 'RELEASE', 3_551, visitIds[0])).rejects.toThrow(/would be overdrawn/);
    await line(budgetId, 'ADJUSTMENT', -1_450);
    const [{ available }] = await t.db.query(`SELECT available_pence AS available FROM personal_budget_balance WHERE budget_id = $1`, [
      budgetId,
    ]);
    expect(Number(available)).toBe(0);
  });

  test('two writers racing past the services cannot together overdraw a budget each alone fits', async () => {
    const budgetId = await budget(3_550 + 100);
    await holdBooking(t.services, { budgetId, serviceId: w.services.home, visits: [{ start: hoursFromNow(120), minutes: 60 }] });
    // Two transactions each take 80 of the 100 left: the second writes while the first is still open.
    const first = t.services.db.createQueryRunner();
    const second = t.services.db.createQueryRunner();
    try {
      const adjust = `INSERT INTO budget_ledger_entry (budget_id, kind, amount_pence, effective_on)
                      VALUES ($1, 'ADJUSTMENT', -80, current_date)`;
      await first.startTransaction();
      await second.startTransaction();
      await first.query(adjust, [budgetId]);
      const racing = second.query(adjust, [budgetId]).then(
        () => 'written',
        (error: Error) => error.message,
      );
      await first.commitTransaction();
      expect(await racing).toMatch(/would be overdrawn/);
      await second.rollbackTransaction();
    } finally {
      await first.release();
      await second.release();
    }
    const [{ available }] = await t.db.query(`SELECT available_pence AS available FROM personal_budget_balance WHERE budget_id = $1`, [
      budgetId,
    ]);
    expect(Number(available)).toBe(20);
  });

  test('every budget’s balances are its ledger’s sums', async () => {
    await expectLedgersBalanced(t.db);
  });
});

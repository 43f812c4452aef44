import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A council's spend report reads the CHARGE and REFUND lines of its budgets recorded in a window: this
 * index finds them per budget by time, without reading the budget's holds, payments and releases.
 */
export class SpendReportIndex1766000500000 implements MigrationInterface {
  name = 'SpendReportIndex1766000500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "budget_ledger_entry_spend_idx" ON "budget_ledger_entry" ("budget_id", "recorded_at") WHERE "kind" IN ('CHARGE', 'REFUND')`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "budget_ledger_entry_spend_idx"`);
  }
}

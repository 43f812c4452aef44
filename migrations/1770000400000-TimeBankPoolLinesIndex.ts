import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The community pool's lines on their own: the pool's balance (`time_bank_pool_balance`, read by every
 * co-op's picture) sums them without walking every member's lines of the time bank, which outnumber them.
 */
export class TimeBankPoolLinesIndex1770000400000 implements MigrationInterface {
  name = 'TimeBankPoolLinesIndex1770000400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "time_bank_ledger_entry_pool_idx" ON "time_bank_ledger_entry" ("provider_id", "entry_number") WHERE "member_id" IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "time_bank_ledger_entry_pool_idx"`);
  }
}

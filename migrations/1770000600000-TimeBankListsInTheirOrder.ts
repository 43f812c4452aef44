import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes in the order of three lists a co-op reads a page at a time, so a page is read from the index rather
 * than sorting everything the co-op ever had: its open requests soonest first (the category index serves
 * only a filtered list), its expense claims of any status longest waiting first (the status index leads with
 * status), and its memberships of any status oldest asked first (only waiting ones were indexed).
 */
export class TimeBankListsInTheirOrder1770000600000 implements MigrationInterface {
  name = 'TimeBankListsInTheirOrder1770000600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE INDEX "time_bank_request_open_soonest_idx" ON "time_bank_request" ("provider_id", "starts_at", "id") WHERE "status" = 'OPEN'`,
    );
    await q.query(
      `CREATE INDEX "time_bank_expense_claim_submitted_idx" ON "time_bank_expense_claim" ("provider_id", "submitted_at", "id")`,
    );
    await q.query(`CREATE INDEX "time_bank_member_asked_idx" ON "time_bank_member" ("provider_id", "asked_at", "id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "time_bank_member_asked_idx"`);
    await q.query(`DROP INDEX "time_bank_expense_claim_submitted_idx"`);
    await q.query(`DROP INDEX "time_bank_request_open_soonest_idx"`);
  }
}

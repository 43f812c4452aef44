import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * When the day-before reminder of a visit was written: the reminder job claims tomorrow's unreminded
 * visits (FOR UPDATE SKIP LOCKED) and marks them in the transaction that writes their messages, so each
 * run on each instance finds only what is still to do, through an index of exactly those visits.
 */
export class VisitRemindersWrittenOnce1768000300000 implements MigrationInterface {
  name = 'VisitRemindersWrittenOnce1768000300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "booking_visit" ADD "reminded_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE INDEX "booking_visit_reminder_due_idx" ON "booking_visit" ("starts_at") WHERE "status" = 'SCHEDULED' AND "reminded_at" IS NULL`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "booking_visit_reminder_due_idx"`);
    await q.query(`ALTER TABLE "booking_visit" DROP COLUMN "reminded_at"`);
  }
}

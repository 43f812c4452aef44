import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Who cancelled a visit and why, in their words: the provider reads it with the booking. The reason may
 * mention the person's health, so it stays on the visit and never reaches the audit trail.
 */
export class VisitCancellationReasons1766000400000 implements MigrationInterface {
  name = 'VisitCancellationReasons1766000400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "booking_visit" ADD "cancelled_by_id" uuid`);
    await q.query(`ALTER TABLE "booking_visit" ADD "cancellation_reason" text`);
    await q.query(`ALTER TABLE "booking_visit" ADD CONSTRAINT "booking_visit_cancellation_reason_size"
      CHECK ("cancellation_reason" IS NULL OR length("cancellation_reason") <= 500)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "booking_visit" DROP CONSTRAINT "booking_visit_cancellation_reason_size"`);
    await q.query(`ALTER TABLE "booking_visit" DROP COLUMN "cancellation_reason"`);
    await q.query(`ALTER TABLE "booking_visit" DROP COLUMN "cancelled_by_id"`);
  }
}

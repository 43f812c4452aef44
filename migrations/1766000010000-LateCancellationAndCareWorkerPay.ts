import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a service does about a visit cancelled inside its notice period (charge it, or refuse the
 * cancellation), and the hourly pay a provider says its care workers get, for the council's report of
 * how much of each pound reaches them.
 */
export class LateCancellationAndCareWorkerPay1766000010000 implements MigrationInterface {
  name = 'LateCancellationAndCareWorkerPay1766000010000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "late_cancellation_policy" AS ENUM ('CHARGE_IN_FULL', 'REFUSE')`);
    await q.query(`ALTER TABLE "service" ADD "late_cancellation_policy" "late_cancellation_policy" NOT NULL DEFAULT 'CHARGE_IN_FULL'`);
    await q.query(`ALTER TABLE "provider" ADD "care_worker_hourly_pay_pence" integer`);
    await q.query(`ALTER TABLE "provider" ADD CONSTRAINT "provider_care_worker_pay"
      CHECK ("care_worker_hourly_pay_pence" IS NULL OR "care_worker_hourly_pay_pence" BETWEEN 1 AND 100000)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "provider" DROP CONSTRAINT "provider_care_worker_pay"`);
    await q.query(`ALTER TABLE "provider" DROP COLUMN "care_worker_hourly_pay_pence"`);
    await q.query(`ALTER TABLE "service" DROP COLUMN "late_cancellation_policy"`);
    await q.query(`DROP TYPE "late_cancellation_policy"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Why a provider declined a booking, kept with it for the person to read (free text, so never audited). */
export class BookingDeclineReason1766000300000 implements MigrationInterface {
  name = 'BookingDeclineReason1766000300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "booking" ADD "decline_reason" text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "booking" DROP COLUMN "decline_reason"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A helper is in one place at a time: help recorded twice (a double tap, or the helper and a coordinator
 * both recording it) would be confirmed and credited twice. The database refuses a second exchange by
 * the same helper overlapping one not rejected, so two recordings racing each other leave one.
 *
 * timestamptz + interval is only STABLE (a day's length depends on the time zone), which an exclusion
 * constraint refuses; minutes alone never depend on it, so the span is declared IMMUTABLE.
 */
export class TimeBankHelpRecordedOnce1770000700000 implements MigrationInterface {
  name = 'TimeBankHelpRecordedOnce1770000700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION "time_bank_help_span"(started_at timestamptz, minutes integer) RETURNS tstzrange
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT tstzrange(started_at, started_at + make_interval(mins => minutes)) $$`);
    await q.query(`ALTER TABLE "time_bank_exchange" ADD CONSTRAINT "time_bank_exchange_helper_once" EXCLUDE USING gist (
      "helper_member_id" WITH =, "time_bank_help_span"("started_at", "minutes") WITH &&
    ) WHERE ("status" <> 'REJECTED')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "time_bank_exchange" DROP CONSTRAINT "time_bank_exchange_helper_once"`);
    await q.query(`DROP FUNCTION "time_bank_help_span"(timestamptz, integer)`);
  }
}

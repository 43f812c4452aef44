import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cancellation terms a booking was made under: the service's notice and late-cancellation policy
 * when it was requested. A provider that later lengthens its notice or stops allowing late cancellations
 * does not change what the person agreed to. The database copies them from the service as the booking is
 * inserted, so every writer of bookings records them without knowing of them.
 */
export class BookingCancellationTerms1766000410000 implements MigrationInterface {
  name = 'BookingCancellationTerms1766000410000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "booking" ADD "cancellation_notice_hours" integer, ADD "late_cancellation_policy" "late_cancellation_policy"`,
    );
    await q.query(`UPDATE "booking" b SET "cancellation_notice_hours" = s."cancellation_notice_hours",
      "late_cancellation_policy" = s."late_cancellation_policy" FROM "service" s WHERE s."id" = b."service_id"`);
    await q.query(`ALTER TABLE "booking" ALTER "cancellation_notice_hours" SET NOT NULL, ALTER "late_cancellation_policy" SET NOT NULL`);
    await q.query(`ALTER TABLE "booking" ADD CONSTRAINT "booking_cancellation_notice" CHECK ("cancellation_notice_hours" >= 0)`);
    await q.query(`CREATE FUNCTION booking_cancellation_terms() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        SELECT coalesce(NEW.cancellation_notice_hours, s.cancellation_notice_hours), coalesce(NEW.late_cancellation_policy, s.late_cancellation_policy)
          INTO NEW.cancellation_notice_hours, NEW.late_cancellation_policy
          FROM service s WHERE s.id = NEW.service_id;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER booking_cancellation_terms BEFORE INSERT ON "booking"
      FOR EACH ROW EXECUTE FUNCTION booking_cancellation_terms()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER booking_cancellation_terms ON "booking"`);
    await q.query(`DROP FUNCTION booking_cancellation_terms()`);
    await q.query(`ALTER TABLE "booking" DROP CONSTRAINT "booking_cancellation_notice"`);
    await q.query(`ALTER TABLE "booking" DROP COLUMN "late_cancellation_policy", DROP COLUMN "cancellation_notice_hours"`);
  }
}

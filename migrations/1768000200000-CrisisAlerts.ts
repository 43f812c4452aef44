import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Crisis alerts: the people a person chose to be told when something is wrong (emergency_contact, up to
 * five, in order), the alerts raised about them (crisis_alert: acknowledged once, escalated once when
 * nobody acknowledged in time), and each council's duty contact the escalation goes to.
 */
export class CrisisAlerts1768000200000 implements MigrationInterface {
  name = 'CrisisAlerts1768000200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "emergency_contact" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "person_id" uuid NOT NULL,
      "position" integer NOT NULL,
      "name" text NOT NULL,
      "email" text NOT NULL,
      "phone" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_emergency_contact" PRIMARY KEY ("id"),
      CONSTRAINT "FK_emergency_contact_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
      CONSTRAINT "emergency_contact_position" CHECK ("position" BETWEEN 1 AND 5)
    )`);
    await q.query(`CREATE UNIQUE INDEX "emergency_contact_person_position_key" ON "emergency_contact" ("person_id", "position")`);

    await q.query(`CREATE TABLE "crisis_alert" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "person_id" uuid NOT NULL,
      "council_id" uuid,
      "kind" text NOT NULL,
      "note" text NOT NULL DEFAULT '',
      "raised_by_id" uuid NOT NULL,
      "raised_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "notified_provider_ids" uuid array NOT NULL DEFAULT '{}',
      "acknowledged_by_id" uuid,
      "acknowledged_at" TIMESTAMP WITH TIME ZONE,
      "escalated_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_crisis_alert" PRIMARY KEY ("id"),
      CONSTRAINT "FK_crisis_alert_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_crisis_alert_council" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_crisis_alert_raised_by" FOREIGN KEY ("raised_by_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_crisis_alert_acknowledged_by" FOREIGN KEY ("acknowledged_by_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "crisis_alert_kind" CHECK ("kind" IN ('FALLEN', 'NO_ANSWER', 'UNWELL', 'OTHER')),
      CONSTRAINT "crisis_alert_note_length" CHECK (char_length("note") <= 2000),
      CONSTRAINT "crisis_alert_acknowledged_whole" CHECK (("acknowledged_by_id" IS NULL) = ("acknowledged_at" IS NULL))
    )`);
    await q.query(`CREATE INDEX "crisis_alert_person_idx" ON "crisis_alert" ("person_id", "raised_at")`);
    await q.query(
      `CREATE INDEX "crisis_alert_waiting_idx" ON "crisis_alert" ("raised_at") WHERE "acknowledged_at" IS NULL AND "escalated_at" IS NULL`,
    );

    await q.query(`CREATE TABLE "council_duty_contact" (
      "council_id" uuid NOT NULL,
      "name" text NOT NULL,
      "email" text NOT NULL,
      "phone" text,
      "updated_by_id" uuid,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_council_duty_contact" PRIMARY KEY ("council_id"),
      CONSTRAINT "FK_council_duty_contact_council" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_council_duty_contact_updated_by" FOREIGN KEY ("updated_by_id") REFERENCES "person"("id") ON DELETE SET NULL
    )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "council_duty_contact"`);
    await q.query(`DROP TABLE "crisis_alert"`);
    await q.query(`DROP TABLE "emergency_contact"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Capacity decisions become rows of their own, and a finding that a person lacks capacity counts only
 * once a second officer confirms it. Findings recorded before, by one officer alone, are kept but await
 * confirmation: until then officers may no longer act for those people. Findings of capacity stay in force.
 */
export class CapacityDecisionsTakeTwoOfficers1765000200000 implements MigrationInterface {
  name = 'CapacityDecisionsTakeTwoOfficers1765000200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "capacity_assessment" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "person_id" uuid NOT NULL,
      "lacks_capacity" boolean NOT NULL,
      "reason" text NOT NULL,
      "recorded_by_id" uuid,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "confirmed_by_id" uuid,
      "confirmed_at" TIMESTAMP WITH TIME ZONE,
      "superseded_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "capacity_assessment_confirmed_by_another" CHECK (confirmed_by_id <> recorded_by_id),
      CONSTRAINT "capacity_assessment_only_lack_is_confirmed" CHECK (lacks_capacity OR confirmed_at IS NULL),
      CONSTRAINT "PK_capacity_assessment" PRIMARY KEY ("id"),
      CONSTRAINT "FK_capacity_assessment_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_capacity_assessment_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_capacity_assessment_confirmed_by" FOREIGN KEY ("confirmed_by_id") REFERENCES "person"("id") ON DELETE SET NULL
    )`);
    await q.query(`CREATE INDEX "capacity_assessment_person_idx" ON "capacity_assessment" ("person_id")`);
    // At most one finding awaiting a second officer, and one decision in force, per person.
    await q.query(`CREATE UNIQUE INDEX "capacity_assessment_awaiting_key" ON "capacity_assessment" ("person_id")
      WHERE lacks_capacity AND confirmed_at IS NULL AND superseded_at IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "capacity_assessment_in_force_key" ON "capacity_assessment" ("person_id")
      WHERE superseded_at IS NULL AND (NOT lacks_capacity OR confirmed_at IS NOT NULL)`);
    await q.query(`INSERT INTO capacity_assessment (person_id, lacks_capacity, reason, recorded_by_id, recorded_at)
      SELECT id, lacks_capacity, coalesce(capacity_reason, ''), capacity_recorded_by_id, coalesce(capacity_recorded_at, now())
        FROM person WHERE capacity_recorded_at IS NOT NULL OR lacks_capacity`);
    await q.query(`UPDATE person SET lacks_capacity = false WHERE lacks_capacity`);
    await q.query(`ALTER TABLE "person" DROP CONSTRAINT "FK_0c71fc34a5400c38051ae929576"`);
    await q.query(
      `ALTER TABLE "person" DROP COLUMN "capacity_reason", DROP COLUMN "capacity_recorded_by_id", DROP COLUMN "capacity_recorded_at"`,
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "person" ADD "capacity_reason" text, ADD "capacity_recorded_by_id" uuid,
      ADD "capacity_recorded_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "person" ADD CONSTRAINT "FK_0c71fc34a5400c38051ae929576"
      FOREIGN KEY ("capacity_recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL`);
    // The one-officer model had one decision per person, in force when recorded: the latest standing one.
    await q.query(`UPDATE person p SET lacks_capacity = a.lacks_capacity, capacity_reason = a.reason,
        capacity_recorded_by_id = a.recorded_by_id, capacity_recorded_at = a.recorded_at
      FROM (SELECT DISTINCT ON (person_id) * FROM capacity_assessment WHERE superseded_at IS NULL
             ORDER BY person_id, recorded_at DESC, id DESC) a
      WHERE a.person_id = p.id`);
    await q.query(`DROP TABLE "capacity_assessment"`);
  }
}

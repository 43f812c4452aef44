import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The audit trail: one row per thing someone did. No foreign keys, so no later change elsewhere (a
 * person erased, a provider removed) can rewrite or block it; and append-only, so the database itself
 * refuses UPDATE, DELETE and TRUNCATE, whatever the code asks.
 */
export class AuditSchema1764000300000 implements MigrationInterface {
  name = 'AuditSchema1764000300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_event" (
      "id" BIGSERIAL NOT NULL,
      "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "actor_kind" text NOT NULL,
      "actor_person_id" uuid,
      "actor_api_key_id" uuid,
      "action" text NOT NULL,
      "object_type" text NOT NULL,
      "object_id" text,
      "council_ids" uuid array NOT NULL DEFAULT '{}',
      "provider_id" uuid,
      "request_id" text,
      "summary" jsonb NOT NULL DEFAULT '{}',
      CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id")
    )`);
    await q.query(`CREATE INDEX "audit_event_actor_person_idx" ON "audit_event" ("actor_person_id")`);
    await q.query(`CREATE INDEX "audit_event_object_idx" ON "audit_event" ("object_id")`);
    // An officer reads the events of any of their councils.
    await q.query(`CREATE INDEX "audit_event_council_ids_idx" ON "audit_event" USING gin ("council_ids")`);
    await q.query(`CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await q.query(`CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON "audit_event"
      FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event"
      FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // Its indexes, sequence and triggers go with it.
    await q.query(`DROP TABLE "audit_event"`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accounts, access and the audit trail: people, staff ties, representative grants, sessions, sign-in
 * throttling, partner API keys, widget sessions and the append-only audit log. Runs after the
 * directory (it references council and provider).
 */
export class Accounts1763800200000 implements MigrationInterface {
  name = 'Accounts1763800200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "person" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "email" text NOT NULL, "name" text NOT NULL, "password_hash" text, "is_admin" boolean NOT NULL DEFAULT false, "council_id" uuid, "lacks_capacity" boolean NOT NULL DEFAULT false, "capacity_reason" text, "capacity_recorded_by_id" uuid, "capacity_recorded_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "person_email_is_lowercase" CHECK (email = lower(email)), CONSTRAINT "PK_5fdaf670315c4b7e70cce85daa3" PRIMARY KEY ("id"))`);
    await q.query(`CREATE UNIQUE INDEX "person_email_key" ON "person"("email")`);
    await q.query(`CREATE TABLE "staff_membership" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "role" text NOT NULL, "provider_id" uuid, "council_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "staff_membership_target" CHECK ((role = 'COUNCIL_OFFICER' AND council_id IS NOT NULL AND provider_id IS NULL) OR (role IN ('COORDINATOR', 'CARE_WORKER') AND provider_id IS NOT NULL AND council_id IS NULL)), CONSTRAINT "PK_2e8be2ced5badd7744ed536e748" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "staff_membership_person_idx" ON "staff_membership"("person_id")`);
    await q.query(`CREATE INDEX "staff_membership_provider_idx" ON "staff_membership"("provider_id")`);
    await q.query(`CREATE TABLE "representative_grant" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "representative_id" uuid NOT NULL, "right" text NOT NULL, "granted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "granted_by_id" uuid, "grant_reason" text, "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by_id" uuid, "revoke_reason" text, CONSTRAINT "representative_grant_not_self" CHECK (person_id <> representative_id), CONSTRAINT "PK_45996d1fbaa8cfcab9e6e3f45de" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "representative_grant_representative_idx" ON "representative_grant"("representative_id")`);
    await q.query(`CREATE TABLE "account_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "refresh_hash" text NOT NULL, "previous_refresh_hash" text, "refresh_expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_5c3e060425fa96014c285fc6c1e" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "account_session_person_idx" ON "account_session"("person_id")`);
    await q.query(`CREATE UNIQUE INDEX "account_session_refresh_key" ON "account_session"("refresh_hash")`);
    await q.query(`CREATE INDEX "account_session_previous_refresh_idx" ON "account_session"("previous_refresh_hash")`);
    await q.query(`CREATE TABLE "login_throttle" ("key_hash" text NOT NULL, "failures" integer NOT NULL DEFAULT '0', "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL, "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_58297e0a1c374c7c17bd4b74521" PRIMARY KEY ("key_hash"))`);
    await q.query(`CREATE TABLE "api_key" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "organisation_name" text NOT NULL, "council_id" uuid NOT NULL, "key_prefix" text NOT NULL, "secret_hash" text NOT NULL, "scopes" text array NOT NULL, "allowed_origins" text array NOT NULL, "created_by_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by_id" uuid, CONSTRAINT "PK_b1bd840641b8acbaad89c3d8d11" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "api_key_council_idx" ON "api_key"("council_id")`);
    await q.query(`CREATE UNIQUE INDEX "api_key_secret_hash_key" ON "api_key"("secret_hash")`);
    await q.query(`CREATE TABLE "widget_session" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "api_key_id" uuid NOT NULL, "person_id" uuid NOT NULL, "purpose" text NOT NULL, "origin" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_2714d48f3df35d22dbbeb5d93e0" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "widget_session_api_key_idx" ON "widget_session"("api_key_id")`);
    await q.query(`CREATE TABLE "audit_event" ("id" BIGSERIAL NOT NULL, "occurred_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "actor_kind" text NOT NULL, "actor_person_id" uuid, "actor_api_key_id" uuid, "action" text NOT NULL, "object_type" text NOT NULL, "object_id" text, "council_id" uuid, "provider_id" uuid, "request_id" text, "summary" jsonb NOT NULL DEFAULT '{}', CONSTRAINT "PK_481efbe8b0a403efe3f47a6528f" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "audit_event_actor_person_idx" ON "audit_event"("actor_person_id")`);
    await q.query(`CREATE INDEX "audit_event_object_idx" ON "audit_event"("object_id")`);
    await q.query(`CREATE INDEX "audit_event_council_idx" ON "audit_event"("council_id", "id")`);
    await q.query(`ALTER TABLE "person" ADD CONSTRAINT "FK_132a69909316649cfe02f40d410" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "person" ADD CONSTRAINT "FK_0c71fc34a5400c38051ae929576" FOREIGN KEY ("capacity_recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "staff_membership" ADD CONSTRAINT "FK_d6b0dd0f654e6cdf5f8c550c913" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "staff_membership" ADD CONSTRAINT "FK_87859da5bdb5dddeb4f54b73568" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "staff_membership" ADD CONSTRAINT "FK_f8def3b7e8f49b8f134180dd6a1" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "representative_grant" ADD CONSTRAINT "FK_689b60db0607a0ce0051f73d044" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "representative_grant" ADD CONSTRAINT "FK_1c4f01f87e87164b81338f665b0" FOREIGN KEY ("representative_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "representative_grant" ADD CONSTRAINT "FK_c8434d7fc35ba1e0915eb7c6ce6" FOREIGN KEY ("granted_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "representative_grant" ADD CONSTRAINT "FK_f47ba005157f020dfdc34005088" FOREIGN KEY ("revoked_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "account_session" ADD CONSTRAINT "FK_552e8c580df2c040feafb013489" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "api_key" ADD CONSTRAINT "FK_5cb492a71b5cbe144464160fc71" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "api_key" ADD CONSTRAINT "FK_1799b360b8b068fa98feb7bef75" FOREIGN KEY ("created_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "api_key" ADD CONSTRAINT "FK_2f10ffe96d897761448d137c0b4" FOREIGN KEY ("revoked_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "widget_session" ADD CONSTRAINT "FK_28394d95a4b144e20790cc27d60" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "widget_session" ADD CONSTRAINT "FK_23b2637881f2aaad6082fb92a35" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // What TypeORM cannot express: the partial unique index of live grants, and the audit trail made append-only.
    await q.query(`CREATE UNIQUE INDEX "representative_grant_live_key" ON "representative_grant" ("person_id", "representative_id", "right") WHERE revoked_at IS NULL`);
    await q.query(`CREATE FUNCTION audit_event_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_event is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END
    $$`);
    await q.query(`CREATE TRIGGER audit_event_no_update_or_delete BEFORE UPDATE OR DELETE ON "audit_event" FOR EACH ROW EXECUTE FUNCTION audit_event_append_only()`);
    await q.query(`CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON "audit_event" FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "audit_event" CASCADE`);
    await q.query(`DROP TABLE "widget_session" CASCADE`);
    await q.query(`DROP TABLE "api_key" CASCADE`);
    await q.query(`DROP TABLE "login_throttle" CASCADE`);
    await q.query(`DROP TABLE "account_session" CASCADE`);
    await q.query(`DROP TABLE "representative_grant" CASCADE`);
    await q.query(`DROP TABLE "staff_membership" CASCADE`);
    await q.query(`DROP TABLE "person" CASCADE`);
    await q.query(`DROP FUNCTION audit_event_append_only()`);
  }
}

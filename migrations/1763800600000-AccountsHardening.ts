import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Representative grants become invitations the representative accepts (pending rows name no account,
 * only the email and name the granter typed); partner widget sessions need the person's consent to that
 * partner's key; sign-in throttling counts lock-outs and keeps a slow-down slot per email; audit events
 * may belong to several councils (a provider serving more than one).
 */
export class AccountsHardening1763800600000 implements MigrationInterface {
  name = 'AccountsHardening1763800600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "representative_grant" ALTER COLUMN "representative_id" DROP NOT NULL`);
    await q.query(`ALTER TABLE "representative_grant" ADD "invited_email" text`);
    await q.query(`ALTER TABLE "representative_grant" ADD "invited_name" text`);
    await q.query(`ALTER TABLE "representative_grant" ADD "accepted_at" TIMESTAMP WITH TIME ZONE`);
    // Grants made before invitations existed were in force: they count as accepted when made.
    await q.query(`UPDATE "representative_grant" SET "accepted_at" = "granted_at"`);
    await q.query(`ALTER TABLE "representative_grant" ADD CONSTRAINT "representative_grant_accepted_by_representative" CHECK ((representative_id IS NULL) = (accepted_at IS NULL))`);
    await q.query(`ALTER TABLE "representative_grant" ADD CONSTRAINT "representative_grant_pending_names_invitee" CHECK (representative_id IS NOT NULL OR (invited_email IS NOT NULL AND invited_name IS NOT NULL))`);
    await q.query(`CREATE UNIQUE INDEX "representative_grant_pending_key" ON "representative_grant" ("person_id", "invited_email", "right") WHERE revoked_at IS NULL AND representative_id IS NULL`);
    await q.query(`CREATE INDEX "representative_grant_invited_email_idx" ON "representative_grant" ("invited_email") WHERE revoked_at IS NULL AND representative_id IS NULL`);

    await q.query(`CREATE TABLE "widget_consent" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "person_id" uuid NOT NULL, "api_key_id" uuid NOT NULL, "given_by_id" uuid, "reason" text, "given_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "revoked_at" TIMESTAMP WITH TIME ZONE, "revoked_by_id" uuid, "revoke_reason" text, CONSTRAINT "PK_widget_consent" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "widget_consent_api_key_idx" ON "widget_consent"("api_key_id")`);
    await q.query(`CREATE UNIQUE INDEX "widget_consent_live_key" ON "widget_consent" ("person_id", "api_key_id") WHERE revoked_at IS NULL`);
    await q.query(`ALTER TABLE "widget_consent" ADD CONSTRAINT "FK_widget_consent_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "widget_consent" ADD CONSTRAINT "FK_widget_consent_api_key" FOREIGN KEY ("api_key_id") REFERENCES "api_key"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "widget_consent" ADD CONSTRAINT "FK_widget_consent_given_by" FOREIGN KEY ("given_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "widget_consent" ADD CONSTRAINT "FK_widget_consent_revoked_by" FOREIGN KEY ("revoked_by_id") REFERENCES "person"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);

    await q.query(`ALTER TABLE "login_throttle" ADD "lock_count" integer NOT NULL DEFAULT '0'`);
    await q.query(`ALTER TABLE "login_throttle" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE`);

    await q.query(`ALTER TABLE "audit_event" ADD "council_ids" uuid array NOT NULL DEFAULT '{}'`);
    await q.query(`CREATE INDEX "audit_event_council_ids_idx" ON "audit_event" USING gin ("council_ids")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "audit_event_council_ids_idx"`);
    await q.query(`ALTER TABLE "audit_event" DROP COLUMN "council_ids"`);
    await q.query(`ALTER TABLE "login_throttle" DROP COLUMN "next_attempt_at"`);
    await q.query(`ALTER TABLE "login_throttle" DROP COLUMN "lock_count"`);
    await q.query(`DROP TABLE "widget_consent" CASCADE`);
    await q.query(`DELETE FROM "representative_grant" WHERE representative_id IS NULL`);
    await q.query(`DROP INDEX "representative_grant_invited_email_idx"`);
    await q.query(`DROP INDEX "representative_grant_pending_key"`);
    await q.query(`ALTER TABLE "representative_grant" DROP CONSTRAINT "representative_grant_pending_names_invitee"`);
    await q.query(`ALTER TABLE "representative_grant" DROP CONSTRAINT "representative_grant_accepted_by_representative"`);
    await q.query(`ALTER TABLE "representative_grant" DROP COLUMN "accepted_at"`);
    await q.query(`ALTER TABLE "representative_grant" DROP COLUMN "invited_name"`);
    await q.query(`ALTER TABLE "representative_grant" DROP COLUMN "invited_email"`);
    await q.query(`ALTER TABLE "representative_grant" ALTER COLUMN "representative_id" SET NOT NULL`);
  }
}

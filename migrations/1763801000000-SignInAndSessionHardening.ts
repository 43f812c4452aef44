import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every used refresh token is kept (hashed) with its session, so replaying any of them ends the session,
 * not only the one just replaced; the email-wide sign-in slow-down slot goes (a stranger could hold it to
 * keep the owner out), replaced by a per-client-address limit that needs no column of its own.
 */
export class SignInAndSessionHardening1763801000000 implements MigrationInterface {
  name = 'SignInAndSessionHardening1763801000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "used_refresh_token" ("token_hash" text NOT NULL, "session_id" uuid NOT NULL, "used_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_used_refresh_token" PRIMARY KEY ("token_hash"))`);
    await q.query(`CREATE INDEX "used_refresh_token_session_idx" ON "used_refresh_token" ("session_id")`);
    await q.query(`ALTER TABLE "used_refresh_token" ADD CONSTRAINT "FK_used_refresh_token_session" FOREIGN KEY ("session_id") REFERENCES "account_session"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    // The one used token each session remembered so far stays detectable.
    await q.query(`INSERT INTO "used_refresh_token" ("token_hash", "session_id") SELECT "previous_refresh_hash", "id" FROM "account_session" WHERE "previous_refresh_hash" IS NOT NULL ON CONFLICT DO NOTHING`);
    await q.query(`DROP INDEX "account_session_previous_refresh_idx"`);
    await q.query(`ALTER TABLE "account_session" DROP COLUMN "previous_refresh_hash"`);
    // Email-wide slow-down rows (keys of their own) mean nothing now.
    await q.query(`ALTER TABLE "login_throttle" DROP COLUMN "next_attempt_at"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "login_throttle" ADD "next_attempt_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "account_session" ADD "previous_refresh_hash" text`);
    await q.query(`CREATE INDEX "account_session_previous_refresh_idx" ON "account_session" ("previous_refresh_hash")`);
    await q.query(`DROP TABLE "used_refresh_token"`);
  }
}

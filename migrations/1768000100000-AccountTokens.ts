import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The links coopcare emails to let someone in: an invitation to set a first password, a password reset,
 * the confirmation of a new email address. Only the SHA-256 of each link's secret is kept, so a copy of
 * the table lets nobody in; a link works once (`used_at`) and until `expires_at`.
 */
export class AccountTokens1768000100000 implements MigrationInterface {
  name = 'AccountTokens1768000100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "account_token" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "person_id" uuid NOT NULL,
      "purpose" text NOT NULL,
      "token_hash" text NOT NULL,
      "new_email" text,
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "used_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "created_by_id" uuid,
      CONSTRAINT "PK_account_token" PRIMARY KEY ("id"),
      CONSTRAINT "account_token_purpose_check" CHECK ("purpose" IN ('INVITATION', 'PASSWORD_RESET', 'EMAIL_CHANGE')),
      CONSTRAINT "account_token_new_email_check" CHECK (("purpose" = 'EMAIL_CHANGE') = ("new_email" IS NOT NULL)),
      CONSTRAINT "FK_account_token_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_account_token_created_by" FOREIGN KEY ("created_by_id") REFERENCES "person"("id") ON DELETE SET NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX "account_token_hash_key" ON "account_token" ("token_hash")`);
    await q.query(`CREATE INDEX "account_token_person_idx" ON "account_token" ("person_id", "purpose")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "account_token"`);
  }
}

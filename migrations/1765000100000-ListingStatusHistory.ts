import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Each publish or suspend of a listing, with the officer's reason, kept with the listing where only
 * officers of the councils it serves and admins read it; the audit trail records only that a reason was given.
 */
export class ListingStatusHistory1765000100000 implements MigrationInterface {
  name = 'ListingStatusHistory1765000100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "provider_status_change" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "from_status" "public"."provider_status" NOT NULL,
      "to_status" "public"."provider_status" NOT NULL,
      "reason" text,
      "changed_by_id" uuid,
      "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_provider_status_change" PRIMARY KEY ("id"),
      CONSTRAINT "FK_provider_status_change_provider" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX "provider_status_change_provider_idx" ON "provider_status_change" ("provider_id", "changed_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "provider_status_change"`);
  }
}

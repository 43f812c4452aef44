import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Care plans: one per person, versioned. A version's content is the item revisions standing in it
 * (care_plan_item: from_version ≤ V < until_version), so every version stays readable and writing version
 * N+1 only closes revisions and adds new ones. Versions, ratings and signatures are append-only for the
 * app (api/db/roles.ts revokes the rest), and of an item revision only until_version may change.
 */
export class CarePlans1767000000000 implements MigrationInterface {
  name = 'CarePlans1767000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "care_plan" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "person_id" uuid NOT NULL,
      "council_id" uuid,
      "current_version" integer NOT NULL DEFAULT 1,
      "review_date" date,
      "lead_coordinator_id" uuid,
      "created_by_id" uuid,
      "consent_method" text,
      "consent_given_on" date,
      "created_on_behalf_reason" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_care_plan" PRIMARY KEY ("id"),
      CONSTRAINT "FK_care_plan_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_care_plan_council" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_care_plan_lead_coordinator" FOREIGN KEY ("lead_coordinator_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_care_plan_created_by" FOREIGN KEY ("created_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "care_plan_consent_method" CHECK ("consent_method" IN ('WRITTEN', 'VERBAL')),
      CONSTRAINT "care_plan_consent_whole" CHECK (("consent_method" IS NULL) = ("consent_given_on" IS NULL)),
      CONSTRAINT "care_plan_current_version" CHECK ("current_version" >= 1)
    )`);
    await q.query(`CREATE UNIQUE INDEX "care_plan_person_key" ON "care_plan" ("person_id")`);
    await q.query(`CREATE INDEX "care_plan_lead_review_idx" ON "care_plan" ("lead_coordinator_id", "review_date")`);

    await q.query(`CREATE TABLE "care_plan_version" (
      "plan_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "created_by_id" uuid,
      "proposal_id" uuid,
      CONSTRAINT "PK_care_plan_version" PRIMARY KEY ("plan_id", "version"),
      CONSTRAINT "FK_care_plan_version_plan" FOREIGN KEY ("plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_care_plan_version_created_by" FOREIGN KEY ("created_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "care_plan_version_positive" CHECK ("version" >= 1)
    )`);

    await q.query(`CREATE TABLE "care_plan_item" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "plan_id" uuid NOT NULL,
      "item_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "from_version" integer NOT NULL,
      "until_version" integer,
      "position" integer NOT NULL,
      "content" jsonb NOT NULL,
      "booking_id" uuid,
      "budget_id" uuid,
      "service_id" uuid,
      CONSTRAINT "PK_care_plan_item" PRIMARY KEY ("id"),
      CONSTRAINT "FK_care_plan_item_plan" FOREIGN KEY ("plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE,
      CONSTRAINT "care_plan_item_kind" CHECK ("kind" IN ('ABOUT_ME', 'GOAL', 'SUPPORT', 'RISK')),
      CONSTRAINT "care_plan_item_span" CHECK ("until_version" IS NULL OR "until_version" > "from_version")
    )`);
    await q.query(`CREATE UNIQUE INDEX "care_plan_item_revision_key" ON "care_plan_item" ("plan_id", "item_id", "from_version")`);
    await q.query(`CREATE INDEX "care_plan_item_current_idx" ON "care_plan_item" ("plan_id") WHERE "until_version" IS NULL`);
    await q.query(
      `CREATE INDEX "care_plan_item_booking_idx" ON "care_plan_item" ("booking_id") WHERE "until_version" IS NULL AND "booking_id" IS NOT NULL`,
    );
    // At most one section per About-me heading in a version.
    await q.query(`CREATE UNIQUE INDEX "care_plan_item_about_me_heading_key" ON "care_plan_item" ("plan_id", ("content"->>'heading'))
      WHERE "kind" = 'ABOUT_ME' AND "until_version" IS NULL`);

    await q.query(`CREATE TABLE "care_plan_goal_review" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "plan_id" uuid NOT NULL,
      "goal_id" uuid NOT NULL,
      "importance" smallint NOT NULL,
      "performance" smallint NOT NULL,
      "satisfaction" smallint NOT NULL,
      "rated_on" date NOT NULL,
      "recorded_by_id" uuid,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_care_plan_goal_review" PRIMARY KEY ("id"),
      CONSTRAINT "FK_care_plan_goal_review_plan" FOREIGN KEY ("plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_care_plan_goal_review_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "care_plan_goal_review_ratings" CHECK (
        "importance" BETWEEN 1 AND 10 AND "performance" BETWEEN 1 AND 10 AND "satisfaction" BETWEEN 1 AND 10
      )
    )`);
    await q.query(
      `CREATE INDEX "care_plan_goal_review_goal_idx" ON "care_plan_goal_review" ("plan_id", "goal_id", "rated_on", "recorded_at")`,
    );

    await q.query(`CREATE TABLE "care_plan_circle_member" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "plan_id" uuid NOT NULL,
      "person_id" uuid,
      "invited_email" text NOT NULL,
      "invited_name" text NOT NULL,
      "role" text NOT NULL,
      "as_lead_coordinator" boolean NOT NULL DEFAULT false,
      "invited_by_id" uuid,
      "invited_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "accepted_at" TIMESTAMP WITH TIME ZONE,
      "removed_at" TIMESTAMP WITH TIME ZONE,
      "removed_by_id" uuid,
      CONSTRAINT "PK_care_plan_circle_member" PRIMARY KEY ("id"),
      CONSTRAINT "FK_care_plan_circle_member_plan" FOREIGN KEY ("plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_care_plan_circle_member_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_care_plan_circle_member_invited_by" FOREIGN KEY ("invited_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_care_plan_circle_member_removed_by" FOREIGN KEY ("removed_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "care_plan_circle_member_role" CHECK ("role" IN ('VIEW', 'SUGGEST', 'EDIT')),
      CONSTRAINT "care_plan_circle_member_accepted" CHECK (("person_id" IS NULL) = ("accepted_at" IS NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX "care_plan_circle_member_email_key" ON "care_plan_circle_member" ("plan_id", "invited_email")
      WHERE "removed_at" IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "care_plan_circle_member_person_key" ON "care_plan_circle_member" ("plan_id", "person_id")
      WHERE "removed_at" IS NULL AND "person_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "care_plan_circle_member_pending_email_idx" ON "care_plan_circle_member" ("invited_email")
      WHERE "person_id" IS NULL AND "removed_at" IS NULL`);
    await q.query(
      `CREATE INDEX "care_plan_circle_member_person_idx" ON "care_plan_circle_member" ("person_id") WHERE "removed_at" IS NULL`,
    );

    await q.query(`CREATE TABLE "care_plan_proposal" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "plan_id" uuid NOT NULL,
      "base_version" integer NOT NULL,
      "changes" jsonb NOT NULL,
      "comment" text,
      "proposed_by_id" uuid,
      "proposed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "status" text NOT NULL DEFAULT 'OPEN',
      "decided_by_id" uuid,
      "decided_at" TIMESTAMP WITH TIME ZONE,
      "reason" text,
      "resulting_version" integer,
      CONSTRAINT "PK_care_plan_proposal" PRIMARY KEY ("id"),
      CONSTRAINT "FK_care_plan_proposal_plan" FOREIGN KEY ("plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_care_plan_proposal_proposed_by" FOREIGN KEY ("proposed_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_care_plan_proposal_decided_by" FOREIGN KEY ("decided_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "care_plan_proposal_status" CHECK ("status" IN ('OPEN', 'ACCEPTED', 'REJECTED', 'WITHDRAWN'))
    )`);
    await q.query(`CREATE INDEX "care_plan_proposal_plan_idx" ON "care_plan_proposal" ("plan_id", "status", "proposed_at")`);

    await q.query(`CREATE TABLE "care_plan_signature" (
      "plan_id" uuid NOT NULL,
      "version" integer NOT NULL,
      "side" text NOT NULL,
      "signed_by_id" uuid,
      "signed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_care_plan_signature" PRIMARY KEY ("plan_id", "version", "side"),
      CONSTRAINT "FK_care_plan_signature_version" FOREIGN KEY ("plan_id", "version")
        REFERENCES "care_plan_version"("plan_id", "version") ON DELETE CASCADE,
      CONSTRAINT "FK_care_plan_signature_signed_by" FOREIGN KEY ("signed_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "care_plan_signature_side" CHECK ("side" IN ('PERSON', 'COORDINATOR'))
    )`);

    await q.query(`CREATE TABLE "care_plan_comment" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "plan_id" uuid NOT NULL,
      "goal_id" uuid,
      "body" text NOT NULL,
      "author_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_care_plan_comment" PRIMARY KEY ("id"),
      CONSTRAINT "FK_care_plan_comment_plan" FOREIGN KEY ("plan_id") REFERENCES "care_plan"("id") ON DELETE CASCADE,
      CONSTRAINT "FK_care_plan_comment_author" FOREIGN KEY ("author_id") REFERENCES "person"("id") ON DELETE SET NULL
    )`);
    await q.query(`CREATE INDEX "care_plan_comment_plan_idx" ON "care_plan_comment" ("plan_id", "goal_id", "created_at")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'care_plan_comment',
      'care_plan_signature',
      'care_plan_proposal',
      'care_plan_circle_member',
      'care_plan_goal_review',
      'care_plan_item',
      'care_plan_version',
      'care_plan',
    ])
      await q.query(`DROP TABLE "${table}"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Personal budgets and the bookings paid from them. Money lives in one append-only ledger per budget;
 * every balance is a sum over it (the `personal_budget_balance` view), and the database itself refuses
 * to rewrite an entry, to let a budget's available money go below zero, to settle one visit's hold
 * twice, and to give one care worker two overlapping visits.
 */
export class PersonalBudgetsAndBookings1766000000000 implements MigrationInterface {
  name = 'PersonalBudgetsAndBookings1766000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TYPE "personal_budget_kind" AS ENUM ('DIRECT_PAYMENT', 'COUNCIL_MANAGED', 'INDIVIDUAL_SERVICE_FUND', 'SELF_FUNDED')`,
    );
    await q.query(
      `CREATE TYPE "ledger_entry_kind" AS ENUM ('ALLOCATION', 'PAYMENT_IN', 'TOP_UP', 'HOLD', 'RELEASE', 'CHARGE', 'REFUND', 'ADJUSTMENT')`,
    );
    await q.query(`CREATE TYPE "booking_status" AS ENUM ('REQUESTED', 'CONFIRMED', 'DECLINED', 'CANCELLED', 'COMPLETED')`);
    await q.query(`CREATE TYPE "visit_status" AS ENUM ('SCHEDULED', 'DELIVERED', 'MISSED', 'CANCELLED')`);

    await q.query(`CREATE TABLE "personal_budget" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "person_id" uuid NOT NULL,
      "council_id" uuid,
      "kind" "personal_budget_kind" NOT NULL,
      "held_by_provider_id" uuid,
      "agreed_outcomes" text,
      "care_postcode" text NOT NULL,
      "period_start" date NOT NULL,
      "period_end" date NOT NULL,
      "created_by_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_personal_budget" PRIMARY KEY ("id"),
      CONSTRAINT "FK_personal_budget_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_personal_budget_council" FOREIGN KEY ("council_id") REFERENCES "council"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_personal_budget_holder" FOREIGN KEY ("held_by_provider_id") REFERENCES "provider"("id") ON DELETE RESTRICT,
      CONSTRAINT "personal_budget_care_postcode" CHECK (length("care_postcode") BETWEEN 2 AND 8),
      CONSTRAINT "personal_budget_period" CHECK ("period_end" >= "period_start"),
      CONSTRAINT "personal_budget_council" CHECK ("kind" = 'SELF_FUNDED' OR "council_id" IS NOT NULL),
      CONSTRAINT "personal_budget_fund_holder" CHECK (("kind" = 'INDIVIDUAL_SERVICE_FUND') = ("held_by_provider_id" IS NOT NULL))
    )`);
    await q.query(`CREATE INDEX "personal_budget_person_idx" ON "personal_budget" ("person_id")`);
    await q.query(`CREATE INDEX "personal_budget_council_idx" ON "personal_budget" ("council_id")`);

    await q.query(`CREATE TABLE "booking" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "budget_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "service_id" uuid NOT NULL,
      "provider_id" uuid NOT NULL,
      "status" "booking_status" NOT NULL DEFAULT 'REQUESTED',
      "total_pence" integer NOT NULL,
      "hourly_rate_pence" integer NOT NULL,
      "travel_pence_per_visit" integer NOT NULL,
      "idempotency_key" text NOT NULL,
      "request_fingerprint" text NOT NULL,
      "notes" text NOT NULL DEFAULT '',
      "preferred_worker_ids" uuid[] NOT NULL DEFAULT '{}',
      "requested_by_id" uuid,
      "decided_by_id" uuid,
      "decided_at" TIMESTAMP WITH TIME ZONE,
      "completed_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_booking" PRIMARY KEY ("id"),
      CONSTRAINT "FK_booking_budget" FOREIGN KEY ("budget_id") REFERENCES "personal_budget"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_booking_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_booking_service" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_booking_provider" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE RESTRICT,
      CONSTRAINT "booking_money" CHECK ("total_pence" >= 0 AND "hourly_rate_pence" >= 0 AND "travel_pence_per_visit" >= 0),
      CONSTRAINT "booking_idempotency_key_size" CHECK (length("idempotency_key") BETWEEN 1 AND 200)
    )`);
    // A key is the budget holder's: the same key from the person, a representative or a widget is one request.
    await q.query(`CREATE UNIQUE INDEX "booking_idempotency_key" ON "booking" ("person_id", "idempotency_key")`);
    await q.query(`CREATE INDEX "booking_budget_idx" ON "booking" ("budget_id", "created_at")`);
    await q.query(`CREATE INDEX "booking_provider_idx" ON "booking" ("provider_id", "status", "created_at")`);

    await q.query(`CREATE TABLE "invoice" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "invoice_number" bigint GENERATED ALWAYS AS IDENTITY,
      "booking_id" uuid NOT NULL,
      "budget_id" uuid NOT NULL,
      "provider_id" uuid NOT NULL,
      "total_pence" integer NOT NULL,
      "issued_by_id" uuid,
      "issued_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_invoice" PRIMARY KEY ("id"),
      CONSTRAINT "invoice_number_key" UNIQUE ("invoice_number"),
      CONSTRAINT "FK_invoice_booking" FOREIGN KEY ("booking_id") REFERENCES "booking"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_invoice_budget" FOREIGN KEY ("budget_id") REFERENCES "personal_budget"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_invoice_provider" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE RESTRICT,
      CONSTRAINT "invoice_total" CHECK ("total_pence" >= 0)
    )`);
    await q.query(`CREATE INDEX "invoice_booking_idx" ON "invoice" ("booking_id")`);
    await q.query(`CREATE INDEX "invoice_provider_idx" ON "invoice" ("provider_id", "issued_at")`);

    await q.query(`CREATE TABLE "booking_visit" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "booking_id" uuid NOT NULL,
      "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "ends_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "minutes" integer NOT NULL,
      "price_pence" integer NOT NULL,
      "status" "visit_status" NOT NULL DEFAULT 'SCHEDULED',
      "worker_id" uuid,
      "actual_start" TIMESTAMP WITH TIME ZONE,
      "actual_minutes" integer,
      "note" text,
      "outcome_recorded_at" TIMESTAMP WITH TIME ZONE,
      "cancelled_at" TIMESTAMP WITH TIME ZONE,
      "invoice_id" uuid,
      CONSTRAINT "PK_booking_visit" PRIMARY KEY ("id"),
      CONSTRAINT "FK_booking_visit_booking" FOREIGN KEY ("booking_id") REFERENCES "booking"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_booking_visit_worker" FOREIGN KEY ("worker_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_booking_visit_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT,
      CONSTRAINT "booking_visit_minutes" CHECK ("minutes" BETWEEN 1 AND 1440),
      CONSTRAINT "booking_visit_ends" CHECK (extract(epoch FROM "ends_at" - "starts_at") = "minutes" * 60),
      CONSTRAINT "booking_visit_price" CHECK ("price_pence" >= 0),
      CONSTRAINT "booking_visit_actual_minutes" CHECK ("actual_minutes" IS NULL OR "actual_minutes" BETWEEN 0 AND 1440),
      CONSTRAINT "booking_visit_invoiced_when_delivered" CHECK ("invoice_id" IS NULL OR "status" = 'DELIVERED'),
      CONSTRAINT "booking_visit_worker_once" EXCLUDE USING gist (
        "worker_id" WITH =, tstzrange("starts_at", "ends_at") WITH &&
      ) WHERE ("worker_id" IS NOT NULL AND "status" IN ('SCHEDULED', 'DELIVERED'))
    )`);
    await q.query(`CREATE INDEX "booking_visit_booking_idx" ON "booking_visit" ("booking_id", "starts_at")`);
    await q.query(`CREATE INDEX "booking_visit_worker_idx" ON "booking_visit" ("worker_id", "starts_at") WHERE "worker_id" IS NOT NULL`);
    await q.query(`CREATE INDEX "booking_visit_invoice_idx" ON "booking_visit" ("invoice_id") WHERE "invoice_id" IS NOT NULL`);

    await q.query(`CREATE TABLE "budget_ledger_entry" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "entry_number" bigint GENERATED ALWAYS AS IDENTITY,
      "budget_id" uuid NOT NULL,
      "kind" "ledger_entry_kind" NOT NULL,
      "amount_pence" integer NOT NULL,
      "effective_on" date NOT NULL,
      "booking_id" uuid,
      "visit_id" uuid,
      "invoice_id" uuid,
      "description" text NOT NULL DEFAULT '',
      "recorded_by_id" uuid,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_budget_ledger_entry" PRIMARY KEY ("id"),
      CONSTRAINT "budget_ledger_entry_number_key" UNIQUE ("entry_number"),
      CONSTRAINT "FK_budget_ledger_entry_budget" FOREIGN KEY ("budget_id") REFERENCES "personal_budget"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_budget_ledger_entry_booking" FOREIGN KEY ("booking_id") REFERENCES "booking"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_budget_ledger_entry_visit" FOREIGN KEY ("visit_id") REFERENCES "booking_visit"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_budget_ledger_entry_invoice" FOREIGN KEY ("invoice_id") REFERENCES "invoice"("id") ON DELETE RESTRICT,
      CONSTRAINT "budget_ledger_entry_amount" CHECK (
        "amount_pence" BETWEEN -100000000 AND 100000000 AND ("amount_pence" > 0 OR ("kind" = 'ADJUSTMENT' AND "amount_pence" <> 0))
      ),
      CONSTRAINT "budget_ledger_entry_hold_names_booking" CHECK ("kind" <> 'HOLD' OR "booking_id" IS NOT NULL),
      CONSTRAINT "budget_ledger_entry_settles_a_visit" CHECK ("kind" NOT IN ('CHARGE', 'RELEASE') OR "visit_id" IS NOT NULL),
      CONSTRAINT "budget_ledger_entry_description_size" CHECK (length("description") <= 500)
    )`);
    await q.query(`CREATE INDEX "budget_ledger_entry_budget_idx" ON "budget_ledger_entry" ("budget_id", "entry_number")`);
    // One hold per booking, and each visit's share of it settled once: charged or released, never both, never twice.
    await q.query(`CREATE UNIQUE INDEX "budget_ledger_entry_one_hold" ON "budget_ledger_entry" ("booking_id") WHERE "kind" = 'HOLD'`);
    await q.query(
      `CREATE UNIQUE INDEX "budget_ledger_entry_visit_settled_once" ON "budget_ledger_entry" ("visit_id") WHERE "kind" IN ('CHARGE', 'RELEASE')`,
    );
    await q.query(`CREATE INDEX "budget_ledger_entry_invoice_idx" ON "budget_ledger_entry" ("invoice_id") WHERE "invoice_id" IS NOT NULL`);

    await q.query(`CREATE FUNCTION budget_ledger_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'budget_ledger_entry is append-only: % refused', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`CREATE TRIGGER budget_ledger_no_update_or_delete BEFORE UPDATE OR DELETE ON "budget_ledger_entry"
      FOR EACH ROW EXECUTE FUNCTION budget_ledger_append_only()`);
    await q.query(`CREATE TRIGGER budget_ledger_no_truncate BEFORE TRUNCATE ON "budget_ledger_entry"
      FOR EACH STATEMENT EXECUTE FUNCTION budget_ledger_append_only()`);

    // Where the money of a budget is, from its ledger alone. Money a budget can commit is what was paid in
    // for a direct payment or a self-funded budget, and the allocation for a council-managed budget or an ISF.
    await q.query(`CREATE VIEW "personal_budget_balance" AS
      SELECT s.budget_id,
        s.allocated AS allocated_pence,
        s.paid_in AS paid_in_pence,
        s.held - s.released - s.charged AS committed_pence,
        s.charged - s.refunded AS spent_pence,
        (CASE WHEN s.kind IN ('DIRECT_PAYMENT', 'SELF_FUNDED') THEN s.paid_in ELSE s.allocated + s.topped_up END)
          + s.adjusted - (s.held - s.released - s.charged) - (s.charged - s.refunded) AS available_pence
      FROM (
        SELECT b.id AS budget_id, b.kind,
          coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'ALLOCATION'), 0)::bigint AS allocated,
          coalesce(sum(e.amount_pence) FILTER (WHERE e.kind IN ('PAYMENT_IN', 'TOP_UP')), 0)::bigint AS paid_in,
          coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'TOP_UP'), 0)::bigint AS topped_up,
          coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'ADJUSTMENT'), 0)::bigint AS adjusted,
          coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'HOLD'), 0)::bigint AS held,
          coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'RELEASE'), 0)::bigint AS released,
          coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'CHARGE'), 0)::bigint AS charged,
          coalesce(sum(e.amount_pence) FILTER (WHERE e.kind = 'REFUND'), 0)::bigint AS refunded
        FROM personal_budget b LEFT JOIN budget_ledger_entry e ON e.budget_id = b.id
        GROUP BY b.id, b.kind
      ) s`);

    // The last line of defence behind the services' checks, after each statement that adds lines (one
    // sum per budget it touched, however many lines), with the budget locked so two transactions cannot
    // each pass on a balance the other is about to change.
    await q.query(`CREATE FUNCTION budget_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched uuid;
        balance record;
      BEGIN
        FOR touched IN SELECT DISTINCT budget_id FROM added_lines ORDER BY budget_id LOOP
          PERFORM 1 FROM personal_budget WHERE id = touched FOR NO KEY UPDATE;
          SELECT * INTO balance FROM personal_budget_balance WHERE budget_id = touched;
          IF balance.available_pence < 0 OR balance.committed_pence < 0 OR balance.spent_pence < 0 THEN
            RAISE EXCEPTION 'personal budget % would be overdrawn', touched USING ERRCODE = 'check_violation';
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER budget_ledger_never_overdrawn AFTER INSERT ON "budget_ledger_entry"
      REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION budget_ledger_balanced()`);

    await q.query(`CREATE TABLE "calendar_link" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "person_id" uuid NOT NULL,
      "token_hash" text NOT NULL,
      "created_by_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_calendar_link" PRIMARY KEY ("id"),
      CONSTRAINT "calendar_link_token_hash_key" UNIQUE ("token_hash"),
      CONSTRAINT "FK_calendar_link_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
    )`);
    await q.query(`CREATE INDEX "calendar_link_person_idx" ON "calendar_link" ("person_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "calendar_link"`);
    await q.query(`DROP TRIGGER budget_ledger_never_overdrawn ON "budget_ledger_entry"`);
    await q.query(`DROP FUNCTION budget_ledger_balanced()`);
    await q.query(`DROP VIEW "personal_budget_balance"`);
    await q.query(`DROP TABLE "budget_ledger_entry"`);
    await q.query(`DROP FUNCTION budget_ledger_append_only()`);
    await q.query(`DROP TABLE "booking_visit"`);
    await q.query(`DROP TABLE "invoice"`);
    await q.query(`DROP TABLE "booking"`);
    await q.query(`DROP TABLE "personal_budget"`);
    for (const type of ['visit_status', 'booking_status', 'ledger_entry_kind', 'personal_budget_kind'])
      await q.query(`DROP TYPE "${type}"`);
  }
}

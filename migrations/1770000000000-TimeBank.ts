import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-ops' time banks. Time lives in one append-only ledger of integer minutes per time bank: a line per
 * member account, or the community pool's (member_id NULL); every balance is a sum over it
 * (`time_bank_balance`, `time_bank_pool_balance`). The database refuses a line that would take a member
 * below the time bank's overdraft or the pool below nothing, and credits an exchange or a transfer once.
 */
export class TimeBank1770000000000 implements MigrationInterface {
  name = 'TimeBank1770000000000';

  public async up(q: QueryRunner): Promise<void> {
    // Normal hours are weekdays 08:00 to 18:00 London time unless the co-op says otherwise; help outside
    // them credits out_of_hours_percent. Bank holidays follow GOV.UK's list for the region.
    await q.query(`CREATE TABLE "time_bank" (
      "provider_id" uuid NOT NULL,
      "normal_hours_start" time NOT NULL DEFAULT '08:00',
      "normal_hours_end" time NOT NULL DEFAULT '18:00',
      "weekends_out_of_hours" boolean NOT NULL DEFAULT true,
      "bank_holidays_out_of_hours" boolean NOT NULL DEFAULT true,
      "bank_holiday_region" text NOT NULL DEFAULT 'ENGLAND_AND_WALES',
      "out_of_hours_percent" integer NOT NULL DEFAULT 150,
      "overdraft_minutes" integer NOT NULL DEFAULT 0,
      "travel_pence_per_mile" integer NOT NULL DEFAULT 45,
      "opened_by_id" uuid,
      "opened_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_time_bank" PRIMARY KEY ("provider_id"),
      CONSTRAINT "FK_time_bank_provider" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_opened_by" FOREIGN KEY ("opened_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "time_bank_normal_hours" CHECK ("normal_hours_start" < "normal_hours_end"),
      CONSTRAINT "time_bank_region" CHECK ("bank_holiday_region" IN ('ENGLAND_AND_WALES', 'SCOTLAND', 'NORTHERN_IRELAND')),
      CONSTRAINT "time_bank_out_of_hours_percent" CHECK ("out_of_hours_percent" BETWEEN 100 AND 300),
      CONSTRAINT "time_bank_overdraft" CHECK ("overdraft_minutes" BETWEEN 0 AND 6000),
      CONSTRAINT "time_bank_travel_rate" CHECK ("travel_pence_per_mile" BETWEEN 0 AND 200)
    )`);

    await q.query(`CREATE TABLE "time_bank_member" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "roles" text array NOT NULL,
      "status" text NOT NULL DEFAULT 'PENDING',
      "asked_by_id" uuid,
      "asked_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "decided_by_id" uuid,
      "decided_at" TIMESTAMP WITH TIME ZONE,
      "refusal_reason" text,
      "left_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_time_bank_member" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_member_time_bank" FOREIGN KEY ("provider_id") REFERENCES "time_bank"("provider_id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_member_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_member_asked_by" FOREIGN KEY ("asked_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_time_bank_member_decided_by" FOREIGN KEY ("decided_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "time_bank_member_roles" CHECK (
        cardinality("roles") BETWEEN 1 AND 3 AND "roles" <@ ARRAY['VOLUNTEER', 'FAMILY_CARER', 'RECEIVER']::text[]
      ),
      CONSTRAINT "time_bank_member_status" CHECK ("status" IN ('PENDING', 'APPROVED', 'REFUSED', 'LEFT')),
      CONSTRAINT "time_bank_member_decided" CHECK ("status" = 'PENDING' OR "decided_at" IS NOT NULL),
      CONSTRAINT "time_bank_member_refusal_reason" CHECK (
        ("status" = 'REFUSED') = ("refusal_reason" IS NOT NULL) AND char_length("refusal_reason") <= 1000
      ),
      CONSTRAINT "time_bank_member_left" CHECK (("status" = 'LEFT') = ("left_at" IS NOT NULL))
    )`);
    await q.query(`CREATE UNIQUE INDEX "time_bank_member_person_key" ON "time_bank_member" ("provider_id", "person_id")`);
    await q.query(`CREATE INDEX "time_bank_member_person_idx" ON "time_bank_member" ("person_id")`);
    await q.query(`CREATE INDEX "time_bank_member_asked_idx" ON "time_bank_member" ("provider_id", "asked_at", "id")`);
    await q.query(
      `CREATE INDEX "time_bank_member_waiting_idx" ON "time_bank_member" ("provider_id", "asked_at") WHERE "status" = 'PENDING'`,
    );

    await q.query(`CREATE TABLE "time_bank_background_check" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "member_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "checked_on" date NOT NULL,
      "expires_on" date NOT NULL,
      "reference" text,
      "recorded_by_id" uuid,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_time_bank_background_check" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_background_check_member" FOREIGN KEY ("member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_background_check_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "time_bank_background_check_kind" CHECK (
        "kind" IN ('DBS_BASIC', 'DBS_STANDARD', 'DBS_ENHANCED', 'DBS_ENHANCED_WITH_ADULTS_BARRED_LIST')
      ),
      CONSTRAINT "time_bank_background_check_dates" CHECK ("expires_on" > "checked_on"),
      CONSTRAINT "time_bank_background_check_reference" CHECK (char_length("reference") <= 40)
    )`);
    await q.query(`CREATE INDEX "time_bank_background_check_member_idx" ON "time_bank_background_check" ("member_id", "expires_on")`);

    // Where help is offered or wanted: the postcode as typed and its point from the geo domain, so matching
    // measures miles in one indexed statement.
    const place = `"postcode" text NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL`;
    await q.query(`CREATE TABLE "time_bank_offer" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "member_id" uuid NOT NULL,
      "category" text NOT NULL,
      "description" text NOT NULL DEFAULT '',
      ${place},
      "radius_miles" numeric(4,1) NOT NULL,
      "availability" jsonb NOT NULL DEFAULT '[]',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "withdrawn_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_time_bank_offer" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_offer_time_bank" FOREIGN KEY ("provider_id") REFERENCES "time_bank"("provider_id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_offer_member" FOREIGN KEY ("member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "time_bank_offer_description" CHECK (char_length("description") <= 1000),
      CONSTRAINT "time_bank_offer_radius" CHECK ("radius_miles" > 0 AND "radius_miles" <= 50),
      CONSTRAINT "time_bank_offer_availability" CHECK (jsonb_typeof("availability") = 'array' AND jsonb_array_length("availability") <= 21)
    )`);
    await q.query(`CREATE INDEX "time_bank_offer_open_idx" ON "time_bank_offer" ("provider_id", "category") WHERE "withdrawn_at" IS NULL`);
    await q.query(`CREATE INDEX "time_bank_offer_member_idx" ON "time_bank_offer" ("member_id")`);
    await q.query(
      `CREATE INDEX "time_bank_offer_point_idx" ON "time_bank_offer" USING gist (ll_to_earth("latitude", "longitude")) WHERE "withdrawn_at" IS NULL`,
    );

    await q.query(`CREATE TABLE "time_bank_request" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "member_id" uuid NOT NULL,
      "asked_by_id" uuid,
      "category" text NOT NULL,
      "description" text NOT NULL DEFAULT '',
      ${place},
      "starts_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "minutes" integer NOT NULL,
      "alone_at_home" boolean NOT NULL DEFAULT false,
      "needs_background_check" boolean NOT NULL,
      "status" text NOT NULL DEFAULT 'OPEN',
      "helper_member_id" uuid,
      "accepted_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "closed_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_time_bank_request" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_request_time_bank" FOREIGN KEY ("provider_id") REFERENCES "time_bank"("provider_id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_request_member" FOREIGN KEY ("member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_request_asked_by" FOREIGN KEY ("asked_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_time_bank_request_helper" FOREIGN KEY ("helper_member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "time_bank_request_description" CHECK (char_length("description") <= 1000),
      CONSTRAINT "time_bank_request_minutes" CHECK ("minutes" BETWEEN 1 AND 1440),
      CONSTRAINT "time_bank_request_status" CHECK ("status" IN ('OPEN', 'ACCEPTED', 'DONE', 'CANCELLED')),
      CONSTRAINT "time_bank_request_helper" CHECK (
        ("status" IN ('ACCEPTED', 'DONE')) <= ("helper_member_id" IS NOT NULL AND "accepted_at" IS NOT NULL)
        AND "helper_member_id" IS DISTINCT FROM "member_id"
      )
    )`);
    await q.query(
      `CREATE INDEX "time_bank_request_open_idx" ON "time_bank_request" ("provider_id", "category", "starts_at") WHERE "status" = 'OPEN'`,
    );
    // Open requests soonest first, whatever the category: the list volunteers read.
    await q.query(
      `CREATE INDEX "time_bank_request_open_soonest_idx" ON "time_bank_request" ("provider_id", "starts_at", "id") WHERE "status" = 'OPEN'`,
    );
    await q.query(`CREATE INDEX "time_bank_request_member_idx" ON "time_bank_request" ("member_id", "created_at")`);
    await q.query(
      `CREATE INDEX "time_bank_request_helper_idx" ON "time_bank_request" ("helper_member_id") WHERE "helper_member_id" IS NOT NULL`,
    );

    await q.query(`CREATE TABLE "time_bank_exchange" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "request_id" uuid,
      "helper_member_id" uuid NOT NULL,
      "receiver_member_id" uuid NOT NULL,
      "category" text NOT NULL,
      "started_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "minutes" integer NOT NULL,
      "out_of_hours_minutes" integer NOT NULL,
      "credited_minutes" integer NOT NULL,
      "note" text NOT NULL DEFAULT '',
      "status" text NOT NULL DEFAULT 'RECORDED',
      "recorded_by_id" uuid,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "decided_by_id" uuid,
      "decided_at" TIMESTAMP WITH TIME ZONE,
      "rejection_reason" text,
      CONSTRAINT "PK_time_bank_exchange" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_exchange_time_bank" FOREIGN KEY ("provider_id") REFERENCES "time_bank"("provider_id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_exchange_request" FOREIGN KEY ("request_id") REFERENCES "time_bank_request"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_exchange_helper" FOREIGN KEY ("helper_member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_exchange_receiver" FOREIGN KEY ("receiver_member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_exchange_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_time_bank_exchange_decided_by" FOREIGN KEY ("decided_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "time_bank_exchange_two_members" CHECK ("helper_member_id" <> "receiver_member_id"),
      CONSTRAINT "time_bank_exchange_minutes" CHECK (
        "minutes" BETWEEN 1 AND 1440 AND "out_of_hours_minutes" BETWEEN 0 AND "minutes" AND "credited_minutes" >= "minutes"
      ),
      CONSTRAINT "time_bank_exchange_note" CHECK (char_length("note") <= 1000),
      CONSTRAINT "time_bank_exchange_status" CHECK ("status" IN ('RECORDED', 'CONFIRMED', 'REJECTED')),
      CONSTRAINT "time_bank_exchange_decided" CHECK (("status" = 'RECORDED') = ("decided_at" IS NULL)),
      CONSTRAINT "time_bank_exchange_rejection_reason" CHECK (
        ("status" = 'REJECTED') = ("rejection_reason" IS NOT NULL) AND char_length("rejection_reason") <= 1000
      )
    )`);
    // A request's help is exchanged once: a rejected record may be recorded again.
    await q.query(
      `CREATE UNIQUE INDEX "time_bank_exchange_request_once" ON "time_bank_exchange" ("request_id") WHERE "request_id" IS NOT NULL AND "status" <> 'REJECTED'`,
    );
    await q.query(`CREATE INDEX "time_bank_exchange_helper_idx" ON "time_bank_exchange" ("helper_member_id", "started_at")`);
    await q.query(`CREATE INDEX "time_bank_exchange_receiver_idx" ON "time_bank_exchange" ("receiver_member_id", "started_at")`);
    await q.query(`CREATE INDEX "time_bank_exchange_provider_idx" ON "time_bank_exchange" ("provider_id", "started_at")`);
    // A helper is never in two places at once: help not rejected may not overlap their other help, so a
    // double tap cannot record (and credit) one hour twice. The span's function is immutable, as an index
    // needs: it adds only minutes, which no time zone changes.
    await q.query(`CREATE FUNCTION "time_bank_help_span"(started_at timestamptz, minutes integer) RETURNS tstzrange
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
      AS $$ SELECT tstzrange(started_at, started_at + make_interval(mins => minutes)) $$`);
    await q.query(`ALTER TABLE "time_bank_exchange" ADD CONSTRAINT "time_bank_exchange_helper_once" EXCLUDE USING gist (
      "helper_member_id" WITH =, "time_bank_help_span"("started_at", "minutes") WITH &&
    ) WHERE ("status" <> 'REJECTED')`);

    await q.query(`CREATE TABLE "time_bank_transfer" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "from_member_id" uuid,
      "to_member_id" uuid,
      "minutes" integer NOT NULL,
      "note" text NOT NULL DEFAULT '',
      "made_by_id" uuid,
      "made_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_time_bank_transfer" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_transfer_time_bank" FOREIGN KEY ("provider_id") REFERENCES "time_bank"("provider_id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_transfer_from" FOREIGN KEY ("from_member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_transfer_to" FOREIGN KEY ("to_member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_transfer_made_by" FOREIGN KEY ("made_by_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "time_bank_transfer_minutes" CHECK ("minutes" BETWEEN 1 AND 100000),
      CONSTRAINT "time_bank_transfer_note" CHECK (char_length("note") <= 500),
      CONSTRAINT "time_bank_transfer_ends" CHECK (
        ("kind" = 'GIFT' AND "from_member_id" IS NOT NULL AND "to_member_id" IS NOT NULL AND "from_member_id" <> "to_member_id")
        OR ("kind" = 'POOL_GIFT' AND "from_member_id" IS NOT NULL AND "to_member_id" IS NULL)
        OR ("kind" = 'POOL_DRAW' AND "from_member_id" IS NULL AND "to_member_id" IS NOT NULL)
      )
    )`);
    await q.query(`CREATE INDEX "time_bank_transfer_provider_idx" ON "time_bank_transfer" ("provider_id", "made_at")`);

    await q.query(`CREATE TABLE "time_bank_ledger_entry" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "entry_number" bigint GENERATED ALWAYS AS IDENTITY,
      "provider_id" uuid NOT NULL,
      "member_id" uuid,
      "kind" text NOT NULL,
      "minutes" integer NOT NULL,
      "exchange_id" uuid,
      "transfer_id" uuid,
      "recorded_by_id" uuid,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_time_bank_ledger_entry" PRIMARY KEY ("id"),
      CONSTRAINT "time_bank_ledger_entry_number_key" UNIQUE ("entry_number"),
      CONSTRAINT "FK_time_bank_ledger_entry_time_bank" FOREIGN KEY ("provider_id") REFERENCES "time_bank"("provider_id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_ledger_entry_member" FOREIGN KEY ("member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_ledger_entry_exchange" FOREIGN KEY ("exchange_id") REFERENCES "time_bank_exchange"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_ledger_entry_transfer" FOREIGN KEY ("transfer_id") REFERENCES "time_bank_transfer"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_ledger_entry_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "time_bank_ledger_entry_kind" CHECK ("kind" IN (
        'HELP_GIVEN', 'OUT_OF_HOURS_BONUS', 'HELP_RECEIVED', 'GIFT_SENT', 'GIFT_RECEIVED',
        'GIVEN_TO_POOL', 'POOL_RECEIVED', 'POOL_DRAWN', 'DRAWN_FROM_POOL'
      )),
      CONSTRAINT "time_bank_ledger_entry_sign" CHECK (
        "minutes" BETWEEN -100000 AND 100000 AND "minutes" <> 0 AND
        ("minutes" > 0) = ("kind" IN ('HELP_GIVEN', 'OUT_OF_HOURS_BONUS', 'GIFT_RECEIVED', 'POOL_RECEIVED', 'DRAWN_FROM_POOL'))
      ),
      CONSTRAINT "time_bank_ledger_entry_pool_lines" CHECK (("member_id" IS NULL) = ("kind" IN ('POOL_RECEIVED', 'POOL_DRAWN'))),
      CONSTRAINT "time_bank_ledger_entry_cause" CHECK (
        ("exchange_id" IS NOT NULL) = ("kind" IN ('HELP_GIVEN', 'OUT_OF_HOURS_BONUS', 'HELP_RECEIVED'))
        AND ("transfer_id" IS NOT NULL) = ("exchange_id" IS NULL)
      )
    )`);
    // Each exchange and transfer moves time once: a second confirmation finds its lines already written.
    await q.query(
      `CREATE UNIQUE INDEX "time_bank_ledger_entry_exchange_once" ON "time_bank_ledger_entry" ("exchange_id", "kind") WHERE "exchange_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE UNIQUE INDEX "time_bank_ledger_entry_transfer_once" ON "time_bank_ledger_entry" ("transfer_id", "kind") WHERE "transfer_id" IS NOT NULL`,
    );
    await q.query(`CREATE INDEX "time_bank_ledger_entry_member_idx" ON "time_bank_ledger_entry" ("member_id", "entry_number")`);
    await q.query(`CREATE INDEX "time_bank_ledger_entry_provider_idx" ON "time_bank_ledger_entry" ("provider_id", "entry_number")`);
    // The pool's lines alone: a co-op's pool balance without walking its members' lines.
    await q.query(
      `CREATE INDEX "time_bank_ledger_entry_pool_idx" ON "time_bank_ledger_entry" ("provider_id", "entry_number") WHERE "member_id" IS NULL`,
    );

    await q.query(`CREATE FUNCTION time_bank_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['time_bank_ledger_entry', 'time_bank_transfer']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION time_bank_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION time_bank_append_only()`);
    }

    // Every member's balance, from the ledger alone (a member with no lines has 0).
    await q.query(`CREATE VIEW "time_bank_balance" AS
      SELECT m.id AS member_id, m.provider_id,
        coalesce(sum(e.minutes), 0)::bigint AS balance_minutes,
        coalesce(sum(e.minutes) FILTER (WHERE e.kind IN ('HELP_GIVEN', 'OUT_OF_HOURS_BONUS')), 0)::bigint AS earned_minutes,
        coalesce(-sum(e.minutes) FILTER (WHERE e.kind = 'HELP_RECEIVED'), 0)::bigint AS spent_minutes,
        coalesce(sum(e.minutes) FILTER (WHERE e.kind IN ('GIFT_SENT', 'GIFT_RECEIVED', 'GIVEN_TO_POOL', 'DRAWN_FROM_POOL')), 0)::bigint
          AS transferred_minutes
      FROM time_bank_member m LEFT JOIN time_bank_ledger_entry e ON e.member_id = m.id
      GROUP BY m.id, m.provider_id`);
    await q.query(`CREATE VIEW "time_bank_pool_balance" AS
      SELECT t.provider_id, coalesce(sum(e.minutes), 0)::bigint AS balance_minutes
      FROM time_bank t LEFT JOIN time_bank_ledger_entry e ON e.provider_id = t.provider_id AND e.member_id IS NULL
      GROUP BY t.provider_id`);

    // The last line of defence behind the services' checks, after each statement that adds lines: each
    // account touched is locked, so two transactions cannot both pass on a balance the other is changing, and
    // an account the statement debits must stay at or above the time bank's overdraft (the pool at or above
    // nothing). Credits are never refused: a member who owes more than a since-lowered overdraft can still
    // be paid back.
    await q.query(`CREATE FUNCTION time_bank_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched record;
        floor_minutes integer;
        balance bigint;
      BEGIN
        FOR touched IN SELECT provider_id, member_id, sum(minutes) AS net FROM added_lines
            GROUP BY provider_id, member_id ORDER BY provider_id, member_id LOOP
          IF touched.member_id IS NULL THEN
            PERFORM 1 FROM time_bank WHERE provider_id = touched.provider_id FOR NO KEY UPDATE;
            SELECT balance_minutes INTO balance FROM time_bank_pool_balance WHERE provider_id = touched.provider_id;
            floor_minutes := 0;
          ELSE
            PERFORM 1 FROM time_bank_member WHERE id = touched.member_id FOR NO KEY UPDATE;
            SELECT b.balance_minutes, t.overdraft_minutes INTO balance, floor_minutes
              FROM time_bank_balance b JOIN time_bank t ON t.provider_id = b.provider_id WHERE b.member_id = touched.member_id;
          END IF;
          IF touched.net < 0 AND balance < -floor_minutes THEN
            RAISE EXCEPTION 'time bank account % would be overdrawn', coalesce(touched.member_id::text, 'pool')
              USING ERRCODE = 'check_violation';
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER time_bank_ledger_never_overdrawn AFTER INSERT ON "time_bank_ledger_entry"
      REFERENCING NEW TABLE AS added_lines FOR EACH STATEMENT EXECUTE FUNCTION time_bank_ledger_balanced()`);

    await q.query(`CREATE TABLE "time_bank_receipt" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "uploaded_by_id" uuid NOT NULL,
      "media_type" text NOT NULL,
      "byte_size" integer NOT NULL,
      "sha256" text NOT NULL,
      "content" bytea NOT NULL,
      "uploaded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_time_bank_receipt" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_receipt_uploaded_by" FOREIGN KEY ("uploaded_by_id") REFERENCES "person"("id") ON DELETE CASCADE,
      CONSTRAINT "time_bank_receipt_media_type" CHECK (
        "media_type" IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf')
      ),
      CONSTRAINT "time_bank_receipt_size" CHECK ("byte_size" BETWEEN 1 AND 5242880 AND octet_length("content") = "byte_size")
    )`);
    await q.query(`CREATE INDEX "time_bank_receipt_uploaded_idx" ON "time_bank_receipt" ("uploaded_at")`);

    await q.query(`CREATE TABLE "time_bank_expense_claim" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "member_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "incurred_on" date NOT NULL,
      "description" text NOT NULL DEFAULT '',
      "miles" numeric(6,1),
      "pence_per_mile" integer,
      "amount_pence" integer NOT NULL,
      "receipt_id" uuid,
      "status" text NOT NULL DEFAULT 'SUBMITTED',
      "submitted_by_id" uuid,
      "submitted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "decided_by_id" uuid,
      "decided_at" TIMESTAMP WITH TIME ZONE,
      "rejection_reason" text,
      "paid_by_id" uuid,
      "paid_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_time_bank_expense_claim" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_expense_claim_time_bank" FOREIGN KEY ("provider_id") REFERENCES "time_bank"("provider_id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_expense_claim_member" FOREIGN KEY ("member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_expense_claim_receipt" FOREIGN KEY ("receipt_id") REFERENCES "time_bank_receipt"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_expense_claim_submitted_by" FOREIGN KEY ("submitted_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_time_bank_expense_claim_decided_by" FOREIGN KEY ("decided_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_time_bank_expense_claim_paid_by" FOREIGN KEY ("paid_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "time_bank_expense_claim_kind" CHECK ("kind" IN ('TRAVEL', 'CHILDCARE', 'MEALS', 'OTHER')),
      CONSTRAINT "time_bank_expense_claim_description" CHECK (char_length("description") <= 500),
      CONSTRAINT "time_bank_expense_claim_amount" CHECK ("amount_pence" BETWEEN 1 AND 100000),
      CONSTRAINT "time_bank_expense_claim_travel" CHECK (
        ("kind" = 'TRAVEL') = ("miles" IS NOT NULL AND "pence_per_mile" IS NOT NULL)
        AND ("miles" IS NULL OR ("miles" > 0 AND "amount_pence" = round("miles" * "pence_per_mile")))
      ),
      CONSTRAINT "time_bank_expense_claim_receipted" CHECK ("kind" = 'TRAVEL' OR "receipt_id" IS NOT NULL),
      CONSTRAINT "time_bank_expense_claim_status" CHECK ("status" IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'PAID')),
      CONSTRAINT "time_bank_expense_claim_decided" CHECK (("status" = 'SUBMITTED') = ("decided_at" IS NULL)),
      CONSTRAINT "time_bank_expense_claim_rejection_reason" CHECK (
        ("status" = 'REJECTED') = ("rejection_reason" IS NOT NULL) AND char_length("rejection_reason") <= 1000
      ),
      CONSTRAINT "time_bank_expense_claim_paid" CHECK (("status" = 'PAID') = ("paid_at" IS NOT NULL))
    )`);
    await q.query(
      `CREATE UNIQUE INDEX "time_bank_expense_claim_receipt_key" ON "time_bank_expense_claim" ("receipt_id") WHERE "receipt_id" IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "time_bank_expense_claim_status_idx" ON "time_bank_expense_claim" ("provider_id", "status", "submitted_at")`,
    );
    await q.query(`CREATE INDEX "time_bank_expense_claim_member_idx" ON "time_bank_expense_claim" ("member_id", "submitted_at")`);
    await q.query(
      `CREATE INDEX "time_bank_expense_claim_submitted_idx" ON "time_bank_expense_claim" ("provider_id", "submitted_at", "id")`,
    );

    await q.query(`CREATE TABLE "time_bank_training" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "member_id" uuid NOT NULL,
      "title" text NOT NULL,
      "given_by" text NOT NULL DEFAULT '',
      "completed_on" date NOT NULL,
      "expires_on" date,
      "recorded_by_id" uuid,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_time_bank_training" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_training_member" FOREIGN KEY ("member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_training_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "time_bank_training_text" CHECK (char_length("title") BETWEEN 1 AND 200 AND char_length("given_by") <= 200),
      CONSTRAINT "time_bank_training_dates" CHECK ("expires_on" IS NULL OR "expires_on" > "completed_on")
    )`);
    await q.query(`CREATE INDEX "time_bank_training_member_idx" ON "time_bank_training" ("member_id", "completed_on")`);

    await q.query(`CREATE TABLE "time_bank_reference" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "member_id" uuid NOT NULL,
      "referee_name" text NOT NULL,
      "referee_role" text NOT NULL DEFAULT '',
      "text" text NOT NULL,
      "given_on" date NOT NULL,
      "recorded_by_id" uuid,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_time_bank_reference" PRIMARY KEY ("id"),
      CONSTRAINT "FK_time_bank_reference_member" FOREIGN KEY ("member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_time_bank_reference_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "time_bank_reference_text" CHECK (
        char_length("referee_name") BETWEEN 1 AND 200 AND char_length("referee_role") <= 200 AND char_length("text") BETWEEN 1 AND 4000
      )
    )`);
    await q.query(`CREATE INDEX "time_bank_reference_member_idx" ON "time_bank_reference" ("member_id", "given_on")`);

    // A link a volunteer makes to show their record to someone without an account (an employer): only its hash is kept.
    await q.query(`CREATE TABLE "volunteer_record_link" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "member_id" uuid NOT NULL,
      "token_hash" text NOT NULL,
      "created_by_id" uuid,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "revoked_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_volunteer_record_link" PRIMARY KEY ("id"),
      CONSTRAINT "volunteer_record_link_token_hash_key" UNIQUE ("token_hash"),
      CONSTRAINT "FK_volunteer_record_link_member" FOREIGN KEY ("member_id") REFERENCES "time_bank_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_volunteer_record_link_created_by" FOREIGN KEY ("created_by_id") REFERENCES "person"("id") ON DELETE SET NULL
    )`);
    await q.query(`CREATE INDEX "volunteer_record_link_member_idx" ON "volunteer_record_link" ("member_id")`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'volunteer_record_link',
      'time_bank_reference',
      'time_bank_training',
      'time_bank_expense_claim',
      'time_bank_receipt',
    ])
      await q.query(`DROP TABLE "${table}"`);
    await q.query(`DROP TRIGGER time_bank_ledger_never_overdrawn ON "time_bank_ledger_entry"`);
    await q.query(`DROP FUNCTION time_bank_ledger_balanced()`);
    await q.query(`DROP VIEW "time_bank_pool_balance"`);
    await q.query(`DROP VIEW "time_bank_balance"`);
    for (const table of ['time_bank_ledger_entry', 'time_bank_transfer', 'time_bank_exchange', 'time_bank_request', 'time_bank_offer'])
      await q.query(`DROP TABLE "${table}"`);
    await q.query(`DROP FUNCTION "time_bank_help_span"(timestamptz, integer)`);
    await q.query(`DROP FUNCTION time_bank_append_only()`);
    for (const table of ['time_bank_background_check', 'time_bank_member', 'time_bank']) await q.query(`DROP TABLE "${table}"`);
  }
}

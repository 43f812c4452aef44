import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Co-ops' own governance: the register of members, the constitution's rules as data, the board, and
 * motions with their ballots. A secret ballot keeps who voted (`motion_voter`) apart from how
 * (`ballot`): no column, time or number joins the two. Ballots and voters are append-only, and none is
 * written once a motion has closed; a motion's result is written once, at its close, and never changed.
 * The secret holds against everything the API answers, logs and audits, not against someone who can run
 * SQL on the database or read its files: one transaction writes a voter row and its ballot, so their
 * system column xmin is equal (and their physical order follows), which a ballot box kept apart from the
 * voters' database, or ballots encrypted to tellers and shuffled at the close, would be needed to hide.
 */
export class MemberGovernance1771000000000 implements MigrationInterface {
  name = 'MemberGovernance1771000000000';

  public async up(q: QueryRunner): Promise<void> {
    // A share of something (a board, the members, the votes) as a fraction, so "a third" is exact.
    const fraction = (column: string) =>
      `"${column}_numerator" integer, "${column}_denominator" integer,
      CONSTRAINT "co_op_class_rule_${column}" CHECK (
        ("${column}_numerator" IS NULL) = ("${column}_denominator" IS NULL)
        AND ("${column}_numerator" IS NULL OR ("${column}_numerator" BETWEEN 1 AND "${column}_denominator" AND "${column}_denominator" <= 100))
      )`;

    // One constitution per co-op. Majorities: an ordinary resolution passes with MORE THAN its percentage
    // of the votes cast for or against; a special one needs AT LEAST its percentage. Quorum is the share
    // of the members entitled to vote who cast a ballot (abstentions count).
    await q.query(`CREATE TABLE "co_op_constitution" (
      "provider_id" uuid NOT NULL,
      "template" text NOT NULL,
      "voting_basis" text NOT NULL,
      "quorum_percent" integer NOT NULL,
      "ordinary_majority_percent" integer NOT NULL DEFAULT 50,
      "special_majority_percent" integer NOT NULL DEFAULT 75,
      "minimum_classes" integer NOT NULL DEFAULT 1,
      "public_bodies_max_vote_share_numerator" integer,
      "public_bodies_max_vote_share_denominator" integer,
      "board_term_months" integer NOT NULL DEFAULT 36,
      "adopted_by_id" uuid,
      "adopted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_co_op_constitution" PRIMARY KEY ("provider_id"),
      CONSTRAINT "FK_co_op_constitution_provider" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_co_op_constitution_adopted_by" FOREIGN KEY ("adopted_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "co_op_constitution_template" CHECK (
        "template" IN ('BRIGHTON_40_40_20', 'ITALIAN_TYPE_A', 'QUEBEC_SOLIDARITY', 'SCIC', 'CUSTOM')
      ),
      CONSTRAINT "co_op_constitution_voting_basis" CHECK ("voting_basis" IN ('ONE_MEMBER_ONE_VOTE', 'WEIGHTED_BY_CLASS')),
      CONSTRAINT "co_op_constitution_quorum" CHECK ("quorum_percent" BETWEEN 1 AND 100),
      CONSTRAINT "co_op_constitution_ordinary_majority" CHECK ("ordinary_majority_percent" BETWEEN 50 AND 99),
      CONSTRAINT "co_op_constitution_special_majority" CHECK ("special_majority_percent" BETWEEN 50 AND 100),
      CONSTRAINT "co_op_constitution_minimum_classes" CHECK ("minimum_classes" BETWEEN 1 AND 7),
      CONSTRAINT "co_op_constitution_public_bodies" CHECK (
        ("public_bodies_max_vote_share_numerator" IS NULL) = ("public_bodies_max_vote_share_denominator" IS NULL)
        AND ("public_bodies_max_vote_share_numerator" IS NULL OR ("public_bodies_max_vote_share_numerator"
          BETWEEN 1 AND "public_bodies_max_vote_share_denominator" AND "public_bodies_max_vote_share_denominator" <= 100))
      ),
      CONSTRAINT "co_op_constitution_board_term" CHECK ("board_term_months" BETWEEN 6 AND 60)
    )`);

    // The classes the constitution has. A class missing here has no place in the co-op. Weights are
    // whole percentages adding up to 100 under WEIGHTED_BY_CLASS (the service checks the sum) and NULL
    // under one member one vote.
    await q.query(`CREATE TABLE "co_op_class_rule" (
      "provider_id" uuid NOT NULL,
      "member_class" "public"."member_class" NOT NULL,
      "vote_weight_percent" integer,
      "board_seats" integer NOT NULL DEFAULT 0,
      "minimum_board_seats" integer NOT NULL DEFAULT 0,
      "required" boolean NOT NULL DEFAULT false,
      ${fraction('max_board_share')},
      ${fraction('max_member_share')},
      ${fraction('max_vote_share')},
      CONSTRAINT "PK_co_op_class_rule" PRIMARY KEY ("provider_id", "member_class"),
      CONSTRAINT "FK_co_op_class_rule_constitution" FOREIGN KEY ("provider_id")
        REFERENCES "co_op_constitution"("provider_id") ON DELETE CASCADE,
      CONSTRAINT "co_op_class_rule_weight" CHECK ("vote_weight_percent" BETWEEN 0 AND 100),
      CONSTRAINT "co_op_class_rule_board_seats" CHECK ("board_seats" BETWEEN 0 AND 20),
      CONSTRAINT "co_op_class_rule_minimum_board_seats" CHECK ("minimum_board_seats" BETWEEN 0 AND "board_seats")
    )`);

    // The register. joined_on is the date the co-op admitted the member (earlier than entered_at for a
    // register brought in from paper); entered_at is when coopcare's register first held them, and is what
    // decides whether they may vote on a motion: only members entered before it opened. entered_at and the
    // motion's opened_at are kept to the millisecond, all a JavaScript Date holds, so the electorate counted
    // in SQL and the entitlement the app checks compare the same two times.
    await q.query(`CREATE TABLE "co_op_member" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "person_id" uuid NOT NULL,
      "member_class" "public"."member_class" NOT NULL,
      "organisation_name" text,
      "name_as_entered" text,
      "is_public_body" boolean NOT NULL DEFAULT false,
      "share_pence" integer NOT NULL DEFAULT 100,
      "joined_on" date NOT NULL,
      "entered_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
      "admitted_by_id" uuid,
      "office" text,
      "left_on" date,
      "left_at" TIMESTAMP WITH TIME ZONE,
      "leaving_reason" text,
      "leaving_recorded_by_id" uuid,
      CONSTRAINT "PK_co_op_member" PRIMARY KEY ("id"),
      CONSTRAINT "FK_co_op_member_provider" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_co_op_member_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_co_op_member_admitted_by" FOREIGN KEY ("admitted_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "FK_co_op_member_leaving_recorded_by" FOREIGN KEY ("leaving_recorded_by_id")
        REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "co_op_member_organisation" CHECK (
        ("member_class" = 'LEGAL_ENTITY') = ("organisation_name" IS NOT NULL) AND char_length("organisation_name") <= 200
      ),
      CONSTRAINT "co_op_member_name_as_entered" CHECK (char_length("name_as_entered") BETWEEN 1 AND 200),
      CONSTRAINT "co_op_member_public_body" CHECK (NOT "is_public_body" OR "member_class" = 'LEGAL_ENTITY'),
      CONSTRAINT "co_op_member_share" CHECK ("share_pence" BETWEEN 0 AND 10000000),
      CONSTRAINT "co_op_member_office" CHECK ("office" IS NULL OR ("office" IN ('SECRETARY') AND "left_at" IS NULL)),
      CONSTRAINT "co_op_member_left" CHECK (
        ("left_on" IS NULL) = ("left_at" IS NULL) AND ("left_on" IS NULL OR "left_on" >= "joined_on")
        AND ("leaving_reason" IS NULL OR char_length("leaving_reason") <= 500)
      )
    )`);
    // One membership in force per person per co-op, and one secretary.
    await q.query(`CREATE UNIQUE INDEX "co_op_member_current_key" ON "co_op_member" ("provider_id", "person_id") WHERE "left_at" IS NULL`);
    await q.query(`CREATE UNIQUE INDEX "co_op_member_secretary_key" ON "co_op_member" ("provider_id") WHERE "office" = 'SECRETARY'`);
    await q.query(`CREATE INDEX "co_op_member_person_idx" ON "co_op_member" ("person_id")`);
    // The register in its order (members who joined the same day in the order entered), and the counts by class the directory shows.
    await q.query(`CREATE INDEX "co_op_member_register_idx" ON "co_op_member" ("provider_id", "joined_on", "entered_at", "id")`);
    await q.query(
      `CREATE INDEX "co_op_member_class_idx" ON "co_op_member" ("provider_id", "member_class", "entered_at") WHERE "left_at" IS NULL`,
    );

    // Motions. rules is what the motion is counted under, fixed when it opens: the voting basis, each
    // class's weight, the quorum and majority, and how many members of each class were entitled to vote.
    // result is written once, at the close, and never changed (motion_closed_once).
    await q.query(`CREATE TABLE "motion" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "title" text NOT NULL,
      "body" text NOT NULL,
      "secret" boolean NOT NULL,
      "election_class" "public"."member_class",
      "seats_to_fill" integer,
      "opened_by_id" uuid,
      "opened_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
      "closes_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "rules" jsonb NOT NULL,
      "closed_at" TIMESTAMP WITH TIME ZONE,
      "result" jsonb,
      CONSTRAINT "PK_motion" PRIMARY KEY ("id"),
      CONSTRAINT "FK_motion_constitution" FOREIGN KEY ("provider_id") REFERENCES "co_op_constitution"("provider_id") ON DELETE RESTRICT,
      CONSTRAINT "FK_motion_opened_by" FOREIGN KEY ("opened_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "motion_kind" CHECK ("kind" IN ('ORDINARY_RESOLUTION', 'SPECIAL_RESOLUTION', 'BOARD_ELECTION')),
      CONSTRAINT "motion_text" CHECK (char_length("title") BETWEEN 1 AND 200 AND char_length("body") BETWEEN 1 AND 10000),
      CONSTRAINT "motion_election" CHECK (
        ("kind" = 'BOARD_ELECTION') = ("election_class" IS NOT NULL) AND ("election_class" IS NULL) = ("seats_to_fill" IS NULL)
        AND ("seats_to_fill" IS NULL OR "seats_to_fill" BETWEEN 1 AND 20)
      ),
      CONSTRAINT "motion_closes_after_opening" CHECK ("closes_at" > "opened_at"),
      CONSTRAINT "motion_closed" CHECK (("closed_at" IS NULL) = ("result" IS NULL) AND ("closed_at" IS NULL OR "closed_at" >= "closes_at"))
    )`);
    await q.query(`CREATE INDEX "motion_provider_idx" ON "motion" ("provider_id", "opened_at" DESC, "id")`);
    await q.query(`CREATE INDEX "motion_due_idx" ON "motion" ("closes_at") WHERE "closed_at" IS NULL`);

    await q.query(`CREATE TABLE "election_candidate" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "motion_id" uuid NOT NULL,
      "member_id" uuid NOT NULL,
      "statement" text,
      CONSTRAINT "PK_election_candidate" PRIMARY KEY ("id"),
      CONSTRAINT "FK_election_candidate_motion" FOREIGN KEY ("motion_id") REFERENCES "motion"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_election_candidate_member" FOREIGN KEY ("member_id") REFERENCES "co_op_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "election_candidate_once" UNIQUE ("motion_id", "member_id"),
      CONSTRAINT "election_candidate_statement" CHECK (char_length("statement") <= 2000)
    )`);

    // That a member voted, and who cast it (the member, or their representative with VOTE). ballot_id is
    // set for an open ballot only; for a secret one nothing here leads to the ballot.
    await q.query(`CREATE TABLE "motion_voter" (
      "motion_id" uuid NOT NULL,
      "member_id" uuid NOT NULL,
      "cast_by_id" uuid,
      "voted_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT clock_timestamp(),
      "ballot_id" uuid,
      CONSTRAINT "PK_motion_voter" PRIMARY KEY ("motion_id", "member_id"),
      CONSTRAINT "FK_motion_voter_motion" FOREIGN KEY ("motion_id") REFERENCES "motion"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_motion_voter_member" FOREIGN KEY ("member_id") REFERENCES "co_op_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_motion_voter_cast_by" FOREIGN KEY ("cast_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "motion_voter_ballot_key" UNIQUE ("ballot_id")
    )`);

    // How: the class it counts in, the choice (a resolution) or the candidates approved (an election), and
    // the hash of the receipt code its voter was given. No time, member or sequence: its id is random.
    await q.query(`CREATE TABLE "ballot" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "motion_id" uuid NOT NULL,
      "member_class" "public"."member_class" NOT NULL,
      "choice" text,
      "receipt_hash" bytea NOT NULL,
      CONSTRAINT "PK_ballot" PRIMARY KEY ("id"),
      CONSTRAINT "FK_ballot_motion" FOREIGN KEY ("motion_id") REFERENCES "motion"("id") ON DELETE RESTRICT,
      CONSTRAINT "ballot_choice" CHECK ("choice" IN ('FOR', 'AGAINST', 'ABSTAIN')),
      CONSTRAINT "ballot_receipt_key" UNIQUE ("receipt_hash"),
      CONSTRAINT "ballot_receipt_hash" CHECK (octet_length("receipt_hash") = 32)
    )`);
    await q.query(`CREATE INDEX "ballot_motion_idx" ON "ballot" ("motion_id", "member_class")`);
    await q.query(`ALTER TABLE "motion_voter" ADD CONSTRAINT "FK_motion_voter_ballot"
      FOREIGN KEY ("ballot_id") REFERENCES "ballot"("id") ON DELETE RESTRICT`);

    await q.query(`CREATE TABLE "ballot_approval" (
      "ballot_id" uuid NOT NULL,
      "candidate_id" uuid NOT NULL,
      CONSTRAINT "PK_ballot_approval" PRIMARY KEY ("ballot_id", "candidate_id"),
      CONSTRAINT "FK_ballot_approval_ballot" FOREIGN KEY ("ballot_id") REFERENCES "ballot"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_ballot_approval_candidate" FOREIGN KEY ("candidate_id") REFERENCES "election_candidate"("id") ON DELETE RESTRICT
    )`);
    await q.query(`CREATE INDEX "ballot_approval_candidate_idx" ON "ballot_approval" ("candidate_id")`);

    // Board terms: the seat's class, from and to; ended_on when someone stands down early. One seat at a time.
    await q.query(`CREATE TABLE "board_term" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "provider_id" uuid NOT NULL,
      "member_id" uuid NOT NULL,
      "member_class" "public"."member_class" NOT NULL,
      "starts_on" date NOT NULL,
      "ends_on" date NOT NULL,
      "ended_on" date,
      "end_reason" text,
      "elected_by_motion_id" uuid,
      "recorded_by_id" uuid,
      "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_board_term" PRIMARY KEY ("id"),
      CONSTRAINT "FK_board_term_provider" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_board_term_member" FOREIGN KEY ("member_id") REFERENCES "co_op_member"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_board_term_motion" FOREIGN KEY ("elected_by_motion_id") REFERENCES "motion"("id") ON DELETE RESTRICT,
      CONSTRAINT "FK_board_term_recorded_by" FOREIGN KEY ("recorded_by_id") REFERENCES "person"("id") ON DELETE SET NULL,
      CONSTRAINT "board_term_dates" CHECK (
        "ends_on" > "starts_on" AND ("ended_on" IS NULL OR "ended_on" BETWEEN "starts_on" AND "ends_on")
      ),
      CONSTRAINT "board_term_end_reason" CHECK (("ended_on" IS NULL) = ("end_reason" IS NULL) AND char_length("end_reason") <= 500),
      CONSTRAINT "board_term_one_seat_at_a_time" EXCLUDE USING gist (
        "member_id" WITH =, daterange("starts_on", coalesce("ended_on", "ends_on")) WITH &&
      )
    )`);
    await q.query(`CREATE INDEX "board_term_provider_idx" ON "board_term" ("provider_id", "ends_on")`);

    await q.query(`CREATE FUNCTION governance_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['motion_voter', 'ballot', 'ballot_approval', 'election_candidate']) {
      await q.query(`CREATE TRIGGER ${table}_no_update_or_delete BEFORE UPDATE OR DELETE ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION governance_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON "${table}"
        FOR EACH STATEMENT EXECUTE FUNCTION governance_append_only()`);
    }

    // Nothing is cast once a motion has closed: by its clock, not the transaction's start, so a vote that
    // began a moment before the close and commits after it is refused too. The motion row's lock (FOR
    // SHARE here, FOR UPDATE at the close) keeps a ballot from landing after the count.
    await q.query(`CREATE FUNCTION governance_motion_open() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        the_motion uuid;
        open boolean;
      BEGIN
        -- Separate statements: PL/pgSQL plans each when it runs, and NEW has ballot_id only on ballot_approval.
        IF TG_TABLE_NAME = 'ballot_approval' THEN
          SELECT motion_id INTO the_motion FROM ballot WHERE id = NEW.ballot_id;
        ELSE
          the_motion := NEW.motion_id;
        END IF;
        SELECT closed_at IS NULL AND closes_at > clock_timestamp() INTO open FROM motion WHERE id = the_motion FOR SHARE;
        IF NOT coalesce(open, false) THEN
          RAISE EXCEPTION 'motion % is closed: nothing more is cast', the_motion USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    for (const table of ['motion_voter', 'ballot', 'ballot_approval']) {
      await q.query(`CREATE TRIGGER ${table}_only_while_open BEFORE INSERT ON "${table}"
        FOR EACH ROW EXECUTE FUNCTION governance_motion_open()`);
    }

    // A motion is written twice: when it opens, and once at its close with its result. Nothing else changes it.
    await q.query(`CREATE FUNCTION governance_motion_closed_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' OR OLD.closed_at IS NOT NULL OR NEW.closed_at IS NULL
           OR NEW.closed_at < NEW.closes_at OR clock_timestamp() < NEW.closes_at
           OR (NEW.id, NEW.provider_id, NEW.kind, NEW.title, NEW.body, NEW.secret, NEW.election_class, NEW.seats_to_fill,
               NEW.opened_at, NEW.closes_at, NEW.rules)
              IS DISTINCT FROM (OLD.id, OLD.provider_id, OLD.kind, OLD.title, OLD.body, OLD.secret, OLD.election_class,
               OLD.seats_to_fill, OLD.opened_at, OLD.closes_at, OLD.rules) THEN
          RAISE EXCEPTION 'a motion changes only once, when it closes with its result' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER motion_closed_once BEFORE UPDATE OR DELETE ON "motion"
      FOR EACH ROW EXECUTE FUNCTION governance_motion_closed_once()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['ballot_approval', 'motion_voter', 'ballot', 'election_candidate', 'board_term', 'motion']) {
      await q.query(`DROP TABLE "${table}"`);
    }
    await q.query(`DROP FUNCTION governance_motion_closed_once()`);
    await q.query(`DROP FUNCTION governance_motion_open()`);
    await q.query(`DROP FUNCTION governance_append_only()`);
    for (const table of ['co_op_member', 'co_op_class_rule', 'co_op_constitution']) await q.query(`DROP TABLE "${table}"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** slug, name, description: the categories DESIGN.md fixes. */
const SEED_CATEGORIES: [string, string, string][] = [
  ['personal-care', 'Personal care', 'Help with washing, bathing, dressing, getting up and going to bed, eating, medication prompts and continence care at home.'],
  ['domestic-help', 'Domestic help', 'Cleaning, laundry, ironing, tidying and keeping the home running.'],
  ['gardening-and-maintenance', 'Gardening and maintenance', 'Garden upkeep, lawn mowing, hedge trimming, small repairs and handyperson jobs that keep a home safe.'],
  ['transport', 'Transport', 'Accompanied journeys and door-to-door transport to appointments, shops and activities.'],
  ['advocacy-and-advice', 'Advocacy and advice', 'Independent advocacy, benefits and money advice, help with forms and having your say in care decisions.'],
  ['meals-and-shopping', 'Meals and shopping', 'Cooking, meal preparation and delivery, food shopping and errands.'],
  ['befriending-and-social', 'Befriending and social', 'Companionship visits, phone calls, outings and help staying in touch with friends and community.'],
  ['respite', 'Respite', 'Short breaks for family carers: sitting services, overnight support and short stays.'],
  ['day-activities', 'Day activities', 'Day services, clubs, creative and physical activities, learning and work opportunities.'],
];

/**
 * The provider directory: providers, their services, areas and governance facts, the service taxonomy,
 * and the search machinery (documents, word list, triggers, GiST/GIN indexes) TypeORM cannot express.
 */
export class Directory1763800100000 implements MigrationInterface {
  name = 'Directory1763800100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "council" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "ons_code" text NOT NULL, "postcode_districts" text array NOT NULL DEFAULT '{}', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_13a79cfc360d24e733eda967403" UNIQUE ("slug"), CONSTRAINT "UQ_5eddc98742d36f26821d3980e0a" UNIQUE ("ons_code"), CONSTRAINT "PK_1749decabf3d8cf2edc4385c557" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "consortium" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "description" text NOT NULL DEFAULT '', "shared_resources" text array NOT NULL DEFAULT '{}', "website" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c0c3702e2f29739a8b433950d5d" UNIQUE ("slug"), CONSTRAINT "PK_4824052d8c31b96eb2205e803cb" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TYPE "public"."legal_form" AS ENUM('CO_OPERATIVE_SOCIETY', 'COMMUNITY_BENEFIT_SOCIETY', 'WORKER_CO_OPERATIVE', 'MULTI_STAKEHOLDER_CO_OPERATIVE', 'COMMUNITY_INTEREST_COMPANY', 'CHARITY', 'OTHER')`);
    await q.query(`CREATE TYPE "public"."cqc_rating" AS ENUM('OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE', 'NOT_YET_RATED', 'NOT_REGULATED')`);
    await q.query(`CREATE TYPE "public"."provider_status" AS ENUM('DRAFT', 'PUBLISHED', 'SUSPENDED')`);
    await q.query(`CREATE TABLE "provider" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "name" text NOT NULL, "slug" text NOT NULL, "summary" text NOT NULL DEFAULT '', "description" text NOT NULL DEFAULT '', "legal_form" "public"."legal_form" NOT NULL, "is_cooperative" boolean NOT NULL DEFAULT false, "registration_number" text, "contact_email" text, "contact_phone" text, "website" text, "cqc_location_id" text, "cqc_rating" "public"."cqc_rating" NOT NULL DEFAULT 'NOT_YET_RATED', "pays_real_living_wage" boolean NOT NULL DEFAULT false, "staff_turnover_percent" double precision, "status" "public"."provider_status" NOT NULL DEFAULT 'DRAFT', "consortium_id" uuid, "parent_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a9d01e452a9f508360cba79a429" UNIQUE ("slug"), CONSTRAINT "PK_6ab2f66d8987bf1bfdd6136a2d5" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TYPE "public"."member_class" AS ENUM('WORKER', 'SERVICE_USER', 'VOLUNTEER', 'FAMILY_CARER', 'SUPPORTER', 'INVESTOR', 'LEGAL_ENTITY')`);
    await q.query(`CREATE TABLE "provider_member_class" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "member_class" "public"."member_class" NOT NULL, "member_count" integer NOT NULL, CONSTRAINT "provider_member_class_unique" UNIQUE ("provider_id", "member_class"), CONSTRAINT "PK_82d232e167edfd2578409526e3a" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "provider_board_seat" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "member_class" "public"."member_class" NOT NULL, "seats" integer NOT NULL, CONSTRAINT "provider_board_seat_unique" UNIQUE ("provider_id", "member_class"), CONSTRAINT "PK_e9891b0f8a8af62acada59ff264" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TABLE "provider_location" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "name" text NOT NULL, "address_line1" text NOT NULL, "address_line2" text, "town" text NOT NULL, "postcode" text NOT NULL, "latitude" double precision NOT NULL, "longitude" double precision NOT NULL, CONSTRAINT "PK_da73ca907285d007a9c1924755c" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "provider_location_provider_idx" ON "provider_location"  ("provider_id") `);
    await q.query(`CREATE TABLE "service_category" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "slug" text NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "parent_id" uuid, "position" integer NOT NULL DEFAULT '0', CONSTRAINT "UQ_de7c6bf768165f5d172f1fed699" UNIQUE ("slug"), CONSTRAINT "PK_9d513b39d251063f98f2a7b941d" PRIMARY KEY ("id"))`);
    await q.query(`CREATE TYPE "public"."service_status" AS ENUM('ACTIVE', 'INACTIVE')`);
    await q.query(`CREATE TABLE "service" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "category_id" uuid NOT NULL, "name" text NOT NULL, "description" text NOT NULL DEFAULT '', "hourly_rate_pence" integer NOT NULL, "minimum_visit_minutes" integer NOT NULL DEFAULT '60', "travel_charge_pence_per_visit" integer NOT NULL DEFAULT '0', "cancellation_notice_hours" integer NOT NULL DEFAULT '24', "accepts_direct_payments" boolean NOT NULL DEFAULT true, "accepts_council_managed_budgets" boolean NOT NULL DEFAULT false, "accepts_individual_service_funds" boolean NOT NULL DEFAULT false, "languages" text array NOT NULL DEFAULT '{}', "minimum_age" integer, "maximum_age" integer, "status" "public"."service_status" NOT NULL DEFAULT 'ACTIVE', "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "service_money" CHECK (hourly_rate_pence >= 0 AND travel_charge_pence_per_visit >= 0), CONSTRAINT "service_age_range" CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age), CONSTRAINT "PK_85a21558c006647cd76fdce044b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "service_price_idx" ON "service"  ("hourly_rate_pence", "id") `);
    await q.query(`CREATE INDEX "service_category_idx" ON "service"  ("category_id") `);
    await q.query(`CREATE INDEX "service_provider_idx" ON "service"  ("provider_id") `);
    await q.query(`CREATE TYPE "public"."day_of_week" AS ENUM('MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY')`);
    await q.query(`CREATE TABLE "service_opening_time" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "service_id" uuid NOT NULL, "day_of_week" "public"."day_of_week" NOT NULL, "opens" TIME NOT NULL, "closes" TIME NOT NULL, CONSTRAINT "service_opening_time_order" CHECK (opens < closes), CONSTRAINT "PK_b3cf629c94251f9dc749b51ac47" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "service_opening_time_service_idx" ON "service_opening_time"  ("service_id") `);
    await q.query(`CREATE TABLE "service_area" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "provider_id" uuid NOT NULL, "service_id" uuid, "outcode" text, "latitude" double precision, "longitude" double precision, "radius_miles" double precision, CONSTRAINT "service_area_shape" CHECK ((outcode IS NOT NULL AND latitude IS NULL AND longitude IS NULL AND radius_miles IS NULL) OR (outcode IS NULL AND latitude IS NOT NULL AND longitude IS NOT NULL AND radius_miles > 0 AND radius_miles <= 100)), CONSTRAINT "PK_9daeb85378e2c59f1d2e68665cb" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "service_area_outcode_idx" ON "service_area"  ("outcode") `);
    await q.query(`CREATE INDEX "service_area_service_idx" ON "service_area"  ("service_id") `);
    await q.query(`CREATE INDEX "service_area_provider_idx" ON "service_area"  ("provider_id") `);
    await q.query(`ALTER TABLE "provider" ADD CONSTRAINT "FK_8d3b20a44a09356abc54bf79b06" FOREIGN KEY ("consortium_id") REFERENCES "consortium"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "provider" ADD CONSTRAINT "FK_cf863541ace9080ee8d569673a5" FOREIGN KEY ("parent_id") REFERENCES "provider"("id") ON DELETE SET NULL ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "provider_member_class" ADD CONSTRAINT "FK_a9aee885b7f1ec9f680a0be9151" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "provider_board_seat" ADD CONSTRAINT "FK_e65a8f92d3ba5d5f8383624b39d" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "provider_location" ADD CONSTRAINT "FK_72f136464186e46f7426b0af7fe" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "service_category" ADD CONSTRAINT "FK_ebb4fb22fc119963b6c27fcd43b" FOREIGN KEY ("parent_id") REFERENCES "service_category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "service" ADD CONSTRAINT "FK_7610a92ca242cb29d96009caa19" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "service" ADD CONSTRAINT "FK_9d513b39d251063f98f2a7b941d" FOREIGN KEY ("category_id") REFERENCES "service_category"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "service_opening_time" ADD CONSTRAINT "FK_0c945b2f471851ae56f3115fa57" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "service_area" ADD CONSTRAINT "FK_9b6789836528ffcc84ce03637f1" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "service_area" ADD CONSTRAINT "FK_435b344896575ed8f43ae11172a" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE ON UPDATE NO ACTION`);

    // Indexes TypeORM cannot express (declared in the entities with synchronize: false).
    await q.query(`CREATE INDEX "provider_name_idx" ON "provider" (lower(name), id)`);
    await q.query(`CREATE INDEX "service_name_idx" ON "service" (lower(name), id)`);
    await q.query(`CREATE INDEX "provider_location_earth_idx" ON "provider_location" USING gist (ll_to_earth(latitude, longitude))`);
    await q.query(
      `CREATE INDEX "service_area_earth_idx" ON "service_area" USING gist (ll_to_earth(latitude, longitude)) WHERE radius_miles IS NOT NULL`,
    );

    // Full-text search documents live in a table of their own (one row per service, one per provider's own
    // text) so the entities never see a tsvector; triggers keep them current.
    await q.query(`CREATE TABLE "directory_search" (
      "id" uuid PRIMARY KEY,
      "provider_id" uuid NOT NULL REFERENCES "provider"("id") ON DELETE CASCADE,
      "service_id" uuid REFERENCES "service"("id") ON DELETE CASCADE,
      "document" tsvector NOT NULL
    )`);
    await q.query(`CREATE INDEX "directory_search_document_idx" ON "directory_search" USING gin ("document")`);
    await q.query(`CREATE INDEX "directory_search_provider_idx" ON "directory_search" ("provider_id")`);
    // The words the documents use, unstemmed: a misspelt query word is replaced by its nearest words here.
    await q.query(`CREATE TABLE "directory_search_word" ("word" text PRIMARY KEY)`);
    await q.query(`CREATE INDEX "directory_search_word_trgm_idx" ON "directory_search_word" USING gist ("word" gist_trgm_ops)`);

    await q.query(`CREATE FUNCTION directory_words(t text) RETURNS SETOF text LANGUAGE sql STABLE AS $$
      SELECT DISTINCT w FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') AS w WHERE length(w) >= 3
    $$`);
    // Text → tsquery: every query word must match (AND); a word the documents never use is widened (OR) to
    // the three nearest words they do use, by trigram distance, so "gardning" finds "gardening".
    await q.query(`CREATE FUNCTION directory_query(t text) RETURNS tsquery LANGUAGE sql STABLE AS $$
      WITH words AS (
        SELECT x.w, x.ord FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') WITH ORDINALITY AS x(w, ord)
         WHERE x.w <> ''
      ), options AS (
        SELECT words.ord, words.w AS word FROM words
        UNION
        SELECT words.ord, near.word FROM words CROSS JOIN LATERAL (
          SELECT l.word FROM directory_search_word l
           WHERE length(words.w) >= 4
             AND NOT EXISTS (SELECT 1 FROM directory_search_word e WHERE e.word = words.w)
             AND l.word % words.w
           ORDER BY l.word <-> words.w LIMIT 3
        ) near
      ), per_word AS (
        SELECT ord, string_agg(word, ' | ') AS alternatives FROM options GROUP BY ord
      )
      SELECT to_tsquery('english', coalesce(string_agg('(' || alternatives || ')', ' & ' ORDER BY ord), '')) FROM per_word
    $$`);
    await q.query(`CREATE FUNCTION directory_index_services(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO directory_search (id, provider_id, service_id, document)
      SELECT s.id, s.provider_id, s.id,
             setweight(to_tsvector('english', public.unaccent(s.name)), 'A')
          || setweight(to_tsvector('english', public.unaccent(c.name)), 'B')
          || setweight(to_tsvector('english', public.unaccent(p.name)), 'C')
          || setweight(to_tsvector('english', public.unaccent(s.description || ' ' || c.description)), 'D')
        FROM service s JOIN provider p ON p.id = s.provider_id JOIN service_category c ON c.id = s.category_id
       WHERE s.id = ANY(ids)
      ON CONFLICT (id) DO UPDATE SET provider_id = EXCLUDED.provider_id, document = EXCLUDED.document;
      INSERT INTO directory_search_word (word)
      SELECT directory_words(s.name || ' ' || c.name || ' ' || p.name || ' ' || s.description || ' ' || c.description)
        FROM service s JOIN provider p ON p.id = s.provider_id JOIN service_category c ON c.id = s.category_id
       WHERE s.id = ANY(ids)
      ON CONFLICT DO NOTHING;
    END $$`);
    await q.query(`CREATE FUNCTION directory_index_providers(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO directory_search (id, provider_id, service_id, document)
      SELECT p.id, p.id, NULL,
             setweight(to_tsvector('english', public.unaccent(p.name)), 'A')
          || setweight(to_tsvector('english', public.unaccent(p.summary)), 'B')
          || setweight(to_tsvector('english', public.unaccent(p.description)), 'D')
        FROM provider p WHERE p.id = ANY(ids)
      ON CONFLICT (id) DO UPDATE SET document = EXCLUDED.document;
      INSERT INTO directory_search_word (word)
      SELECT directory_words(p.name || ' ' || p.summary || ' ' || p.description) FROM provider p WHERE p.id = ANY(ids)
      ON CONFLICT DO NOTHING;
      -- A service's document carries its provider's name.
      PERFORM directory_index_services(ARRAY(SELECT s.id FROM service s WHERE s.provider_id = ANY(ids)));
    END $$`);
    await q.query(`CREATE FUNCTION directory_provider_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM directory_index_providers(ARRAY[NEW.id]); RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION directory_service_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM directory_index_services(ARRAY[NEW.id]); RETURN NULL; END $$`);
    await q.query(`CREATE FUNCTION directory_category_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM directory_index_services(ARRAY(SELECT s.id FROM service s WHERE s.category_id = NEW.id)); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER directory_provider_search AFTER INSERT OR UPDATE OF name, summary, description ON provider
      FOR EACH ROW EXECUTE FUNCTION directory_provider_search_trigger()`);
    await q.query(`CREATE TRIGGER directory_service_search AFTER INSERT OR UPDATE OF name, description, category_id, provider_id ON service
      FOR EACH ROW EXECUTE FUNCTION directory_service_search_trigger()`);
    await q.query(`CREATE TRIGGER directory_category_search AFTER UPDATE OF name, description ON service_category
      FOR EACH ROW EXECUTE FUNCTION directory_category_search_trigger()`);

    // Reference data: the service taxonomy every directory starts with.
    await q.query(
      `INSERT INTO service_category (slug, name, description, position) SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
      [
        SEED_CATEGORIES.map((c) => c[0]),
        SEED_CATEGORIES.map((c) => c[1]),
        SEED_CATEGORIES.map((c) => c[2]),
        SEED_CATEGORIES.map((_, i) => i + 1),
      ],
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER directory_category_search ON service_category`);
    await q.query(`DROP TRIGGER directory_service_search ON service`);
    await q.query(`DROP TRIGGER directory_provider_search ON provider`);
    await q.query(`DROP FUNCTION directory_category_search_trigger()`);
    await q.query(`DROP FUNCTION directory_service_search_trigger()`);
    await q.query(`DROP FUNCTION directory_provider_search_trigger()`);
    await q.query(`DROP FUNCTION directory_index_providers(uuid[])`);
    await q.query(`DROP FUNCTION directory_index_services(uuid[])`);
    await q.query(`DROP FUNCTION directory_query(text)`);
    await q.query(`DROP FUNCTION directory_words(text)`);
    await q.query(`DROP TABLE "directory_search_word"`);
    await q.query(`DROP TABLE "directory_search"`);
    await q.query(`DROP INDEX "service_area_earth_idx"`);
    await q.query(`DROP INDEX "provider_location_earth_idx"`);
    await q.query(`DROP INDEX "service_name_idx"`);
    await q.query(`DROP INDEX "provider_name_idx"`);
    await q.query(`ALTER TABLE "service_area" DROP CONSTRAINT "FK_435b344896575ed8f43ae11172a"`);
    await q.query(`ALTER TABLE "service_area" DROP CONSTRAINT "FK_9b6789836528ffcc84ce03637f1"`);
    await q.query(`ALTER TABLE "service_opening_time" DROP CONSTRAINT "FK_0c945b2f471851ae56f3115fa57"`);
    await q.query(`ALTER TABLE "service" DROP CONSTRAINT "FK_9d513b39d251063f98f2a7b941d"`);
    await q.query(`ALTER TABLE "service" DROP CONSTRAINT "FK_7610a92ca242cb29d96009caa19"`);
    await q.query(`ALTER TABLE "service_category" DROP CONSTRAINT "FK_ebb4fb22fc119963b6c27fcd43b"`);
    await q.query(`ALTER TABLE "provider_location" DROP CONSTRAINT "FK_72f136464186e46f7426b0af7fe"`);
    await q.query(`ALTER TABLE "provider_board_seat" DROP CONSTRAINT "FK_e65a8f92d3ba5d5f8383624b39d"`);
    await q.query(`ALTER TABLE "provider_member_class" DROP CONSTRAINT "FK_a9aee885b7f1ec9f680a0be9151"`);
    await q.query(`ALTER TABLE "provider" DROP CONSTRAINT "FK_cf863541ace9080ee8d569673a5"`);
    await q.query(`ALTER TABLE "provider" DROP CONSTRAINT "FK_8d3b20a44a09356abc54bf79b06"`);
    await q.query(`DROP INDEX "public"."service_area_provider_idx"`);
    await q.query(`DROP INDEX "public"."service_area_service_idx"`);
    await q.query(`DROP INDEX "public"."service_area_outcode_idx"`);
    await q.query(`DROP TABLE "service_area"`);
    await q.query(`DROP INDEX "public"."service_opening_time_service_idx"`);
    await q.query(`DROP TABLE "service_opening_time"`);
    await q.query(`DROP TYPE "public"."day_of_week"`);
    await q.query(`DROP INDEX "public"."service_provider_idx"`);
    await q.query(`DROP INDEX "public"."service_category_idx"`);
    await q.query(`DROP INDEX "public"."service_price_idx"`);
    await q.query(`DROP TABLE "service"`);
    await q.query(`DROP TYPE "public"."service_status"`);
    await q.query(`DROP TABLE "service_category"`);
    await q.query(`DROP INDEX "public"."provider_location_provider_idx"`);
    await q.query(`DROP TABLE "provider_location"`);
    await q.query(`DROP TABLE "provider_board_seat"`);
    await q.query(`DROP TABLE "provider_member_class"`);
    await q.query(`DROP TYPE "public"."member_class"`);
    await q.query(`DROP TABLE "provider"`);
    await q.query(`DROP TYPE "public"."provider_status"`);
    await q.query(`DROP TYPE "public"."cqc_rating"`);
    await q.query(`DROP TYPE "public"."legal_form"`);
    await q.query(`DROP TABLE "consortium"`);
    await q.query(`DROP TABLE "council"`);
  }
}

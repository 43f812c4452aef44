/*
 * Longer than the ~400 lines a file should be: this is the directory's whole schema, tables and the
 * search machinery in SQL, which reads best in one place next to the constraints it relies on.
 */
import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The contrib extensions the directory's SQL uses: pg_trgm (typo correction), cube and earthdistance
 * (`<@>` great-circle miles), unaccent (search documents) and uuid-ossp (ORUK's name-based ids).
 * btree_gist no index uses yet: brokerage's exclusion constraint on a worker's visits will. It is made
 * with the others, which the README asks a DATABASE_URL server for, so a server lacking it is found now.
 * In creation order: earthdistance is built on cube.
 */
const EXTENSIONS = ['pg_trgm', 'cube', 'earthdistance', 'btree_gist', 'unaccent', 'uuid-ossp'];

/** slug, name, description: the categories DESIGN.md fixes, in display order. */
const SEED_CATEGORIES: [string, string, string][] = [
  [
    'personal-care',
    'Personal care',
    'Help with washing, bathing, dressing, getting up and going to bed, eating, medication prompts and continence care at home.',
  ],
  ['domestic-help', 'Domestic help', 'Cleaning, laundry, ironing, tidying and keeping the home running.'],
  [
    'gardening-and-maintenance',
    'Gardening and maintenance',
    'Garden upkeep, lawn mowing, hedge trimming, small repairs and handyperson jobs that keep a home safe.',
  ],
  ['transport', 'Transport', 'Accompanied journeys and door-to-door transport to appointments, shops and activities.'],
  [
    'advocacy-and-advice',
    'Advocacy and advice',
    'Independent advocacy, benefits and money advice, help with forms and having your say in care decisions.',
  ],
  ['meals-and-shopping', 'Meals and shopping', 'Cooking, meal preparation and delivery, food shopping and errands.'],
  [
    'befriending-and-social',
    'Befriending and social',
    'Companionship visits, phone calls, outings and help staying in touch with friends and community.',
  ],
  ['respite', 'Respite', 'Short breaks for family carers: sitting services, overnight support and short stays.'],
  ['day-activities', 'Day activities', 'Day services, clubs, creative and physical activities, learning and work opportunities.'],
];

/** UK_BOUNDS of api/geo/postcode.ts: the service refuses places outside them and names the field; this is the backstop. */
const IN_UK = 'latitude BETWEEN 49 AND 61.5 AND longitude BETWEEN -8.9 AND 2.1';

const ENUMS: [name: string, values: string[]][] = [
  [
    'legal_form',
    [
      'CO_OPERATIVE_SOCIETY',
      'COMMUNITY_BENEFIT_SOCIETY',
      'WORKER_CO_OPERATIVE',
      'MULTI_STAKEHOLDER_CO_OPERATIVE',
      'COMMUNITY_INTEREST_COMPANY',
      'CHARITY',
      'OTHER',
    ],
  ],
  ['cqc_rating', ['OUTSTANDING', 'GOOD', 'REQUIRES_IMPROVEMENT', 'INADEQUATE', 'NOT_YET_RATED', 'NOT_REGULATED']],
  ['provider_status', ['DRAFT', 'PUBLISHED', 'SUSPENDED']],
  ['member_class', ['WORKER', 'SERVICE_USER', 'VOLUNTEER', 'FAMILY_CARER', 'SUPPORTER', 'INVESTOR', 'LEGAL_ENTITY']],
  ['service_status', ['ACTIVE', 'INACTIVE']],
  ['day_of_week', ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY']],
];

/**
 * In creation order (a table after those it references). Constraint names are those TypeORM derives
 * from the entities, so the entities and this schema compare equal.
 */
const TABLES: [name: string, definition: string][] = [
  [
    'council',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "name" text NOT NULL,
    "slug" text NOT NULL,
    "ons_code" text NOT NULL,
    "postcode_districts" text array NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT "UQ_13a79cfc360d24e733eda967403" UNIQUE ("slug"),
    CONSTRAINT "UQ_5eddc98742d36f26821d3980e0a" UNIQUE ("ons_code"),
    CONSTRAINT "PK_1749decabf3d8cf2edc4385c557" PRIMARY KEY ("id")
  )`,
  ],
  [
    'consortium',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "name" text NOT NULL,
    "slug" text NOT NULL,
    "description" text NOT NULL DEFAULT '',
    "shared_resources" text array NOT NULL DEFAULT '{}',
    "website" text,
    "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT "UQ_c0c3702e2f29739a8b433950d5d" UNIQUE ("slug"),
    CONSTRAINT "PK_4824052d8c31b96eb2205e803cb" PRIMARY KEY ("id")
  )`,
  ],
  [
    'provider',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "name" text NOT NULL,
    "slug" text NOT NULL,
    "summary" text NOT NULL DEFAULT '',
    "description" text NOT NULL DEFAULT '',
    "legal_form" "public"."legal_form" NOT NULL,
    "is_cooperative" boolean NOT NULL DEFAULT false,
    "registration_number" text,
    "contact_email" text,
    "contact_phone" text,
    "website" text,
    "cqc_location_id" text,
    "cqc_rating" "public"."cqc_rating" NOT NULL DEFAULT 'NOT_YET_RATED',
    "pays_real_living_wage" boolean NOT NULL DEFAULT false,
    "staff_turnover_percent" double precision,
    "status" "public"."provider_status" NOT NULL DEFAULT 'DRAFT',
    "consortium_id" uuid,
    "parent_id" uuid,
    "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    -- Safe in a URL as it is.
    CONSTRAINT "provider_slug_format" CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$'),
    CONSTRAINT "UQ_a9d01e452a9f508360cba79a429" UNIQUE ("slug"),
    CONSTRAINT "PK_6ab2f66d8987bf1bfdd6136a2d5" PRIMARY KEY ("id"),
    CONSTRAINT "FK_8d3b20a44a09356abc54bf79b06" FOREIGN KEY ("consortium_id") REFERENCES "consortium"("id") ON DELETE SET NULL,
    CONSTRAINT "FK_cf863541ace9080ee8d569673a5" FOREIGN KEY ("parent_id") REFERENCES "provider"("id") ON DELETE SET NULL
  )`,
  ],
  [
    'provider_member_class',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "provider_id" uuid NOT NULL,
    "member_class" "public"."member_class" NOT NULL,
    "member_count" integer NOT NULL,
    CONSTRAINT "provider_member_class_count" CHECK (member_count >= 0),
    CONSTRAINT "provider_member_class_unique" UNIQUE ("provider_id", "member_class"),
    CONSTRAINT "PK_82d232e167edfd2578409526e3a" PRIMARY KEY ("id"),
    CONSTRAINT "FK_a9aee885b7f1ec9f680a0be9151" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE
  )`,
  ],
  [
    'provider_board_seat',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "provider_id" uuid NOT NULL,
    "member_class" "public"."member_class" NOT NULL,
    "seats" integer NOT NULL,
    CONSTRAINT "provider_board_seat_count" CHECK (seats >= 0),
    CONSTRAINT "provider_board_seat_unique" UNIQUE ("provider_id", "member_class"),
    CONSTRAINT "PK_e9891b0f8a8af62acada59ff264" PRIMARY KEY ("id"),
    CONSTRAINT "FK_e65a8f92d3ba5d5f8383624b39d" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE
  )`,
  ],
  [
    'provider_location',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "provider_id" uuid NOT NULL,
    "name" text NOT NULL,
    "address_line1" text NOT NULL,
    "address_line2" text,
    "town" text NOT NULL,
    "postcode" text NOT NULL,
    "latitude" double precision NOT NULL,
    "longitude" double precision NOT NULL,
    CONSTRAINT "provider_location_in_uk" CHECK (${IN_UK}),
    CONSTRAINT "PK_da73ca907285d007a9c1924755c" PRIMARY KEY ("id"),
    CONSTRAINT "FK_72f136464186e46f7426b0af7fe" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE
  )`,
  ],
  [
    'service_category',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "slug" text NOT NULL,
    "name" text NOT NULL,
    "description" text NOT NULL DEFAULT '',
    "parent_id" uuid,
    "position" integer NOT NULL DEFAULT '0',
    CONSTRAINT "UQ_de7c6bf768165f5d172f1fed699" UNIQUE ("slug"),
    CONSTRAINT "PK_9d513b39d251063f98f2a7b941d" PRIMARY KEY ("id"),
    CONSTRAINT "FK_ebb4fb22fc119963b6c27fcd43b" FOREIGN KEY ("parent_id") REFERENCES "service_category"("id") ON DELETE RESTRICT
  )`,
  ],
  [
    'service',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "provider_id" uuid NOT NULL,
    "category_id" uuid NOT NULL,
    "name" text NOT NULL,
    "description" text NOT NULL DEFAULT '',
    "hourly_rate_pence" integer NOT NULL,
    "minimum_visit_minutes" integer NOT NULL DEFAULT '60',
    "travel_charge_pence_per_visit" integer NOT NULL DEFAULT '0',
    "cancellation_notice_hours" integer NOT NULL DEFAULT '24',
    "accepts_direct_payments" boolean NOT NULL DEFAULT true,
    "accepts_council_managed_budgets" boolean NOT NULL DEFAULT false,
    "accepts_individual_service_funds" boolean NOT NULL DEFAULT false,
    "languages" text array NOT NULL DEFAULT '{}',
    "minimum_age" integer,
    "maximum_age" integer,
    "status" "public"."service_status" NOT NULL DEFAULT 'ACTIVE',
    "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
    CONSTRAINT "service_money" CHECK (hourly_rate_pence >= 0 AND travel_charge_pence_per_visit >= 0),
    CONSTRAINT "service_age_range" CHECK (minimum_age IS NULL OR maximum_age IS NULL OR minimum_age <= maximum_age),
    CONSTRAINT "PK_85a21558c006647cd76fdce044b" PRIMARY KEY ("id"),
    CONSTRAINT "FK_7610a92ca242cb29d96009caa19" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE,
    CONSTRAINT "FK_9d513b39d251063f98f2a7b941d" FOREIGN KEY ("category_id") REFERENCES "service_category"("id") ON DELETE RESTRICT
  )`,
  ],
  [
    'service_opening_time',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "service_id" uuid NOT NULL,
    "day_of_week" "public"."day_of_week" NOT NULL,
    "opens" TIME NOT NULL,
    "closes" TIME NOT NULL,
    CONSTRAINT "service_opening_time_order" CHECK (opens < closes),
    CONSTRAINT "PK_b3cf629c94251f9dc749b51ac47" PRIMARY KEY ("id"),
    CONSTRAINT "FK_0c945b2f471851ae56f3115fa57" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE
  )`,
  ],
  // A postcode district, or a radius around a point; with service_id, one service's own.
  [
    'service_area',
    `(
    "id" uuid NOT NULL DEFAULT gen_random_uuid(),
    "provider_id" uuid NOT NULL,
    "service_id" uuid,
    "outcode" text,
    "latitude" double precision,
    "longitude" double precision,
    "radius_miles" double precision,
    CONSTRAINT "service_area_shape" CHECK (
      (outcode IS NOT NULL AND latitude IS NULL AND longitude IS NULL AND radius_miles IS NULL)
      OR (outcode IS NULL AND latitude IS NOT NULL AND longitude IS NOT NULL AND radius_miles > 0 AND radius_miles <= 100)),
    CONSTRAINT "service_area_in_uk" CHECK (latitude IS NULL OR (${IN_UK})),
    -- Outcodes as parsePostcode reads them (GIR is Girobank's).
    CONSTRAINT "service_area_outcode_format" CHECK (outcode IS NULL OR outcode ~ '^([A-Z]{1,2}[0-9][A-Z0-9]?|GIR)$'),
    CONSTRAINT "PK_9daeb85378e2c59f1d2e68665cb" PRIMARY KEY ("id"),
    CONSTRAINT "FK_9b6789836528ffcc84ce03637f1" FOREIGN KEY ("provider_id") REFERENCES "provider"("id") ON DELETE CASCADE,
    CONSTRAINT "FK_435b344896575ed8f43ae11172a" FOREIGN KEY ("service_id") REFERENCES "service"("id") ON DELETE CASCADE
  )`,
  ],
  // Full-text documents, one per service and one per provider's own text, kept by triggers, so the entities never see a tsvector.
  [
    'directory_search',
    `(
    "id" uuid PRIMARY KEY,
    "provider_id" uuid NOT NULL REFERENCES "provider"("id") ON DELETE CASCADE,
    "service_id" uuid REFERENCES "service"("id") ON DELETE CASCADE,
    "document" tsvector NOT NULL
  )`,
  ],
  // The words the documents use, unstemmed: a misspelt query word is replaced by its nearest words here.
  // Words stay after their documents change or go; the query functions check that a word is public.
  ['directory_search_word', `("word" text PRIMARY KEY)`],
  // Each (service, location of its provider) pair under its ORUK id, kept by triggers, so a lookup by id is one primary-key read.
  [
    'service_at_location',
    `(
    "id" uuid PRIMARY KEY,
    "service_id" uuid NOT NULL REFERENCES "service" ("id") ON DELETE CASCADE,
    "location_id" uuid NOT NULL REFERENCES "provider_location" ("id") ON DELETE CASCADE
  )`,
  ],
];

const INDEXES: string[] = [
  `CREATE INDEX "provider_location_provider_idx" ON "provider_location" ("provider_id")`,
  `CREATE INDEX "service_price_idx" ON "service" ("hourly_rate_pence", "id")`,
  `CREATE INDEX "service_category_idx" ON "service" ("category_id")`,
  `CREATE INDEX "service_provider_idx" ON "service" ("provider_id")`,
  `CREATE INDEX "service_opening_time_service_idx" ON "service_opening_time" ("service_id")`,
  // Opening-time filters (a day, opening or closing before or after given times) answered from the index alone.
  `CREATE INDEX "service_opening_time_day_idx" ON "service_opening_time" ("day_of_week", "opens", "closes", "service_id")`,
  `CREATE INDEX "service_area_outcode_idx" ON "service_area" ("outcode")`,
  `CREATE INDEX "service_area_service_idx" ON "service_area" ("service_id")`,
  `CREATE INDEX "service_area_provider_idx" ON "service_area" ("provider_id")`,
  // Keyset pages sorted by NAME.
  `CREATE INDEX "provider_name_idx" ON "provider" (lower(name), id)`,
  `CREATE INDEX "service_name_idx" ON "service" (lower(name), id)`,
  // "Near me": the index answers a bounding box the service works out from the radius; the exact
  // distance is earthdistance's `<@>` on the same point, one C function a row.
  `CREATE INDEX "provider_location_point_idx" ON "provider_location" USING gist (point(longitude, latitude))`,
  `CREATE INDEX "service_area_point_idx" ON "service_area" USING gist (point(longitude, latitude)) WHERE radius_miles IS NOT NULL`,
  `CREATE INDEX "directory_search_document_idx" ON "directory_search" USING gin ("document")`,
  `CREATE INDEX "directory_search_provider_idx" ON "directory_search" ("provider_id")`,
  // `%` (similar words) answered by the index before the few candidates are ordered by similarity.
  `CREATE INDEX "directory_search_word_trgm_idx" ON "directory_search_word" USING gist ("word" gist_trgm_ops)`,
  `CREATE INDEX "service_at_location_service_idx" ON "service_at_location" ("service_id")`,
  `CREATE INDEX "service_at_location_location_idx" ON "service_at_location" ("location_id")`,
];

interface SqlFunction {
  /** Name and arguments, as CREATE and DROP FUNCTION both take them. */
  signature: string;
  definition: string;
}

/**
 * Text → tsquery. Every query word must match (AND). A word of four letters or more that is not
 * `known` is widened (OR) to the nearest public words of the word list: the ten nearest by trigram
 * similarity are checked for being public, the best three kept, so "gardning" finds "gardening" but
 * never a word only a draft uses.
 */
function textQueryFunction(name: string, known: string): SqlFunction {
  return {
    signature: `${name}(t text)`,
    definition: `RETURNS tsquery LANGUAGE sql STABLE AS $$
      WITH words AS (
        SELECT x.w, x.ord FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') WITH ORDINALITY AS x(w, ord)
         WHERE x.w <> ''
      ), unknown AS MATERIALIZED (
        SELECT words.ord, words.w FROM words
         WHERE length(words.w) >= 4 AND NOT (${known})
      ), options AS (
        SELECT words.ord, words.w AS word FROM words
        UNION
        SELECT u.ord, near.word FROM unknown u CROSS JOIN LATERAL (
          SELECT c.word FROM (
            SELECT l.word, similarity(l.word, u.w) AS sim FROM directory_search_word l
             WHERE l.word % u.w
             ORDER BY sim DESC, l.word LIMIT 10
          ) c
           WHERE directory_public_word(c.word)
           ORDER BY c.sim DESC, c.word LIMIT 3
        ) near
      ), per_word AS (
        SELECT ord, string_agg(word, ' | ') AS alternatives FROM options GROUP BY ord
      )
      SELECT to_tsquery('english', coalesce(string_agg('(' || alternatives || ')', ' & ' ORDER BY ord), '')) FROM per_word
    $$`,
  };
}

const LISTED_WORD = 'EXISTS (SELECT 1 FROM directory_search_word e WHERE e.word = words.w)';

/** In creation order: each after the functions and tables it calls. */
const FUNCTIONS: SqlFunction[] = [
  {
    signature: 'directory_words(t text)',
    definition: `RETURNS SETOF text LANGUAGE sql STABLE AS $$
      SELECT DISTINCT w FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') AS w WHERE length(w) >= 3
    $$`,
  },
  // Whether a published provider's document, or an active service's, uses the word.
  {
    signature: 'directory_public_word(w text)',
    definition: `RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT EXISTS (
        SELECT 1 FROM directory_search ds
          JOIN provider p ON p.id = ds.provider_id AND p.status = 'PUBLISHED'
          LEFT JOIN service s ON s.id = ds.service_id
         WHERE ds.document @@ plainto_tsquery('english', w)
           AND (ds.service_id IS NULL OR s.status = 'ACTIVE'))
    $$`,
  },
  // Every search's first try: a word the list holds is taken as it is. Asking whether a public document
  // uses each word costs about 1 ms a word over 20,000 services (a GIN bitmap cannot stop at the first match).
  textQueryFunction('directory_query', LISTED_WORD),
  // The second try, when the first matched nothing: a listed word only drafts or edited-away text used
  // (a misspelling typed once into any listing) is corrected too. See DirectoryService's any-word fallback.
  textQueryFunction('directory_query_public', `${LISTED_WORD} AND directory_public_word(words.w)`),
  {
    signature: 'directory_index_services(ids uuid[])',
    definition: `RETURNS void LANGUAGE plpgsql AS $$
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
    END $$`,
  },
  {
    signature: 'directory_index_providers(ids uuid[])',
    definition: `RETURNS void LANGUAGE plpgsql AS $$
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
    END $$`,
  },
  {
    signature: 'directory_provider_search_trigger()',
    definition: `RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM directory_index_providers(ARRAY[NEW.id]); RETURN NULL; END $$`,
  },
  {
    signature: 'directory_service_search_trigger()',
    definition: `RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM directory_index_services(ARRAY[NEW.id]); RETURN NULL; END $$`,
  },
  {
    signature: 'directory_category_search_trigger()',
    definition: `RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN PERFORM directory_index_services(ARRAY(SELECT s.id FROM service s WHERE s.category_id = NEW.id)); RETURN NULL; END $$`,
  },
  // The namespace and name format must stay those of derivedId('service_at_location', …) in api/oruk/oruk.ids.ts.
  {
    signature: 'oruk_service_at_location_id(service_id uuid, location_id uuid)',
    definition: `RETURNS uuid LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
      SELECT public.uuid_generate_v5('3d6f1c0e-6a58-4d1b-9a3e-2f4f9c1b7a10'::uuid,
                                     'service_at_location:' || service_id::text || ':' || location_id::text)
    $$`,
  },
  {
    signature: 'service_at_location_of_service()',
    definition: `RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN DELETE FROM service_at_location WHERE service_id = NEW.id; END IF;
        INSERT INTO service_at_location (id, service_id, location_id)
          SELECT oruk_service_at_location_id(NEW.id, l.id), NEW.id, l.id FROM provider_location l WHERE l.provider_id = NEW.provider_id
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`,
  },
  {
    signature: 'service_at_location_of_location()',
    definition: `RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN DELETE FROM service_at_location WHERE location_id = NEW.id; END IF;
        INSERT INTO service_at_location (id, service_id, location_id)
          SELECT oruk_service_at_location_id(s.id, NEW.id), s.id, NEW.id FROM service s WHERE s.provider_id = NEW.provider_id
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`,
  },
];

/** Row triggers keeping the search documents and the ORUK service-at-location pairs current. */
const TRIGGERS: [name: string, event: string, table: string, fn: string][] = [
  ['directory_provider_search', 'AFTER INSERT OR UPDATE OF name, summary, description', 'provider', 'directory_provider_search_trigger'],
  [
    'directory_service_search',
    'AFTER INSERT OR UPDATE OF name, description, category_id, provider_id',
    'service',
    'directory_service_search_trigger',
  ],
  ['directory_category_search', 'AFTER UPDATE OF name, description', 'service_category', 'directory_category_search_trigger'],
  ['service_at_location_of_service', 'AFTER INSERT OR UPDATE OF provider_id', 'service', 'service_at_location_of_service'],
  ['service_at_location_of_location', 'AFTER INSERT OR UPDATE OF provider_id', 'provider_location', 'service_at_location_of_location'],
];

/**
 * The provider directory: councils, consortia, providers with their places, areas and governance facts,
 * the service taxonomy (seeded with DESIGN.md's categories) and services with their weekly schedules;
 * and what TypeORM cannot express: the search documents, word list, functions and triggers, the
 * expression and GiST indexes, and the ORUK service-at-location ids. The checks repeat the service's
 * own validation so that no other path can store what it refuses.
 */
export class DirectorySchema1764000100000 implements MigrationInterface {
  name = 'DirectorySchema1764000100000';

  public async up(q: QueryRunner): Promise<void> {
    for (const extension of EXTENSIONS) await q.query(`CREATE EXTENSION IF NOT EXISTS "${extension}"`);
    for (const [name, values] of ENUMS) await q.query(`CREATE TYPE "public"."${name}" AS ENUM(${values.map((v) => `'${v}'`).join(', ')})`);
    for (const [name, definition] of TABLES) await q.query(`CREATE TABLE "${name}" ${definition}`);
    for (const index of INDEXES) await q.query(index);
    for (const { signature, definition } of FUNCTIONS) await q.query(`CREATE FUNCTION ${signature} ${definition}`);
    for (const [name, event, table, fn] of TRIGGERS) {
      await q.query(`CREATE TRIGGER ${name} ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${fn}()`);
    }
    await q.query(
      `INSERT INTO service_category (slug, name, description, position)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
      [
        SEED_CATEGORIES.map((c) => c[0]),
        SEED_CATEGORIES.map((c) => c[1]),
        SEED_CATEGORIES.map((c) => c[2]),
        SEED_CATEGORIES.map((_, i) => i + 1),
      ],
    );
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const [name, , table] of [...TRIGGERS].reverse()) await q.query(`DROP TRIGGER ${name} ON ${table}`);
    for (const { signature } of [...FUNCTIONS].reverse()) await q.query(`DROP FUNCTION ${signature}`);
    // Their indexes and constraints go with them.
    for (const [name] of [...TABLES].reverse()) await q.query(`DROP TABLE "${name}"`);
    for (const [name] of [...ENUMS].reverse()) await q.query(`DROP TYPE "public"."${name}"`);
    // Not CASCADE: should anything outside this schema have come to use one, the undo fails rather than drop that too.
    for (const extension of [...EXTENSIONS].reverse()) await q.query(`DROP EXTENSION IF EXISTS "${extension}"`);
  }
}

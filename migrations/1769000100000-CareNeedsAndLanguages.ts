import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * slug, name, description: the needs and conditions a service can say it supports, in display order.
 * The list follows the specialisms the CQC asks providers to state ("Service user bands", cqc.org.uk,
 * guidance for providers: dementia, learning disabilities, autistic spectrum disorder, mental health,
 * physical disability, sensory impairment, substance misuse), with sensory impairment split as sight
 * and hearing services list it, and the conditions NHS and council directories name their own support
 * groups and home-care specialisms after (NHS "Health A to Z": stroke, Parkinson's disease, multiple
 * sclerosis, acquired brain injury, falls; the NHS "End of life care" pages).
 */
const SEED_NEEDS: [string, string, string][] = [
  ['dementia', 'Dementia', "Alzheimer's disease and other dementias, including memory loss and confusion."],
  ['stroke', 'Stroke', 'Recovering from a stroke and living with its effects.'],
  ['learning-disability', 'Learning disability', 'Support for people with a learning disability, including Down’s syndrome.'],
  ['autism', 'Autism', 'Autistic people, including Asperger’s.'],
  ['physical-disability', 'Physical disability', 'Limited mobility, wheelchair users and people with physical impairments.'],
  ['sight-loss', 'Sight loss', 'Blind and partially sighted people.'],
  ['hearing-loss', 'Hearing loss', 'Deaf, deafened and hard of hearing people, and deafblind people.'],
  ['mental-health', 'Mental health', 'Depression, anxiety and other mental health conditions.'],
  ['end-of-life', 'End of life', 'Palliative care and support in the last months of life, for the person and their family.'],
  ['parkinsons', 'Parkinson’s', 'Living with Parkinson’s disease.'],
  ['multiple-sclerosis', 'Multiple sclerosis', 'Living with MS.'],
  ['acquired-brain-injury', 'Acquired brain injury', 'After a head injury, brain haemorrhage or infection.'],
  ['frailty-and-falls', 'Frailty and falls', 'Older people who are frail or at risk of falling.'],
  ['substance-misuse', 'Drug and alcohol use', 'Support for people affected by drugs or alcohol.'],
];

/**
 * Each language of api/directory/vocabulary/languages.csv as this migration found it: its name, then the
 * keys (`languageKey`) of its name, code and other names. A frozen copy, because the file may change and a
 * migration must do what it did when it first ran.
 */
const LANGUAGE_KEYS: string[][] = [
  ['English', 'english', 'en'],
  ['British Sign Language', 'british sign language', 'bfi', 'bsl', 'sign language'],
  ['Irish Sign Language', 'irish sign language', 'isg', 'isl'],
  ['Welsh', 'welsh', 'cy', 'cymraeg'],
  ['Scottish Gaelic', 'scottish gaelic', 'gd', 'gaelic', 'gaidhlig'],
  ['Irish', 'irish', 'ga', 'gaeilge'],
  ['Cornish', 'cornish', 'kw'],
  ['Polish', 'polish', 'pl'],
  ['Romanian', 'romanian', 'ro'],
  ['Punjabi', 'punjabi', 'pa', 'panjabi'],
  ['Urdu', 'urdu', 'ur'],
  ['Mirpuri', 'mirpuri', 'phr', 'pahari', 'pahari potwari', 'potwari'],
  ['Hindko', 'hindko', 'hno'],
  ['Pashto', 'pashto', 'ps', 'pushto'],
  ['Bengali', 'bengali', 'bn', 'bangla'],
  ['Sylheti', 'sylheti', 'syl'],
  ['Gujarati', 'gujarati', 'gu'],
  ['Hindi', 'hindi', 'hi'],
  ['Marathi', 'marathi', 'mr'],
  ['Tamil', 'tamil', 'ta'],
  ['Telugu', 'telugu', 'te'],
  ['Malayalam', 'malayalam', 'ml'],
  ['Kannada', 'kannada', 'kn'],
  ['Sinhala', 'sinhala', 'si', 'sinhalese'],
  ['Nepali', 'nepali', 'ne'],
  ['Kashmiri', 'kashmiri', 'ks'],
  ['Sindhi', 'sindhi', 'sd'],
  ['Arabic', 'arabic', 'ar'],
  ['Kurdish', 'kurdish', 'ku', 'kurmanji', 'sorani'],
  ['Persian', 'persian', 'fa', 'farsi'],
  ['Dari', 'dari', 'prs'],
  ['Turkish', 'turkish', 'tr'],
  ['Somali', 'somali', 'so'],
  ['Tigrinya', 'tigrinya', 'ti'],
  ['Amharic', 'amharic', 'am'],
  ['Oromo', 'oromo', 'om'],
  ['Swahili', 'swahili', 'sw', 'kiswahili'],
  ['Yoruba', 'yoruba', 'yo'],
  ['Igbo', 'igbo', 'ig'],
  ['Akan', 'akan', 'ak', 'twi', 'fante'],
  ['Shona', 'shona', 'sn'],
  ['Hausa', 'hausa', 'ha'],
  ['Lingala', 'lingala', 'ln'],
  ['Portuguese', 'portuguese', 'pt'],
  ['Spanish', 'spanish', 'es'],
  ['Italian', 'italian', 'it'],
  ['French', 'french', 'fr'],
  ['German', 'german', 'de'],
  ['Dutch', 'dutch', 'nl'],
  ['Greek', 'greek', 'el'],
  ['Lithuanian', 'lithuanian', 'lt'],
  ['Latvian', 'latvian', 'lv'],
  ['Estonian', 'estonian', 'et'],
  ['Russian', 'russian', 'ru'],
  ['Ukrainian', 'ukrainian', 'uk'],
  ['Bulgarian', 'bulgarian', 'bg'],
  ['Czech', 'czech', 'cs'],
  ['Slovak', 'slovak', 'sk'],
  ['Hungarian', 'hungarian', 'hu'],
  ['Slovenian', 'slovenian', 'sl'],
  ['Croatian', 'croatian', 'hr'],
  ['Serbian', 'serbian', 'sr'],
  ['Bosnian', 'bosnian', 'bs'],
  ['Albanian', 'albanian', 'sq'],
  ['Macedonian', 'macedonian', 'mk'],
  ['Romani', 'romani', 'rom', 'romany'],
  ['Cantonese', 'cantonese', 'yue'],
  ['Mandarin', 'mandarin', 'cmn', 'putonghua'],
  ['Chinese', 'chinese', 'zh'],
  ['Vietnamese', 'vietnamese', 'vi'],
  ['Thai', 'thai', 'th'],
  ['Tagalog', 'tagalog', 'tl', 'filipino'],
  ['Malay', 'malay', 'ms'],
  ['Japanese', 'japanese', 'ja'],
  ['Korean', 'korean', 'ko'],
  ['Hebrew', 'hebrew', 'he'],
  ['Yiddish', 'yiddish', 'yi'],
];

/** languages.ts's `languageKey` as this migration found it: lower case, accents dropped, other than letters and digits a space. */
function languageKey(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

const LANGUAGE_BY_KEY = new Map(LANGUAGE_KEYS.flatMap(([name, ...keys]) => keys.map((key) => [key, name!] as const)));

/**
 * Rewrites the languages services stated before the registry (any text was accepted: "urdu", "Farsi",
 * "Panjabi") as the registry names them, each once, English left out, as `upsertService` now stores them;
 * a value the registry does not know is kept as typed, and counted in a NOTICE for someone to correct.
 */
export async function normaliseServiceLanguages(q: QueryRunner): Promise<void> {
  const rows: { id: string; languages: string[] }[] = await q.query(`SELECT id, languages FROM service WHERE cardinality(languages) > 0`);
  const changed: { id: string; languages: string[] }[] = [];
  let unknown = 0;
  for (const row of rows) {
    const names: string[] = [];
    for (const value of row.languages) {
      const name = LANGUAGE_BY_KEY.get(languageKey(value));
      if (name === undefined) unknown++;
      const stored = name ?? value;
      if (stored !== 'English' && !names.includes(stored)) names.push(stored);
    }
    if (names.length !== row.languages.length || names.some((n, i) => n !== row.languages[i])) {
      changed.push({ id: row.id, languages: names });
    }
  }
  if (changed.length > 0) {
    await q.query(
      `UPDATE service s SET languages = ARRAY(SELECT jsonb_array_elements_text(c.languages))
         FROM jsonb_to_recordset($1::jsonb) AS c(id uuid, languages jsonb) WHERE s.id = c.id`,
      [JSON.stringify(changed)],
    );
  }
  if (unknown > 0) {
    await q.query(`DO $$ BEGIN RAISE NOTICE '% stated language(s) the registry does not know, kept as typed', ${unknown}; END $$`);
  }
}

/**
 * A service's search document, as 1764000100000-DirectorySchema made it, plus its needs' names and its
 * languages at weight B (beside the category's name): a resident typing "dementia" or "urdu" finds the
 * services that state them. Their words join the word list, so a misspelt "demensia" is corrected too.
 */
const INDEX_SERVICES_WITH_NEEDS = `RETURNS void LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO directory_search (id, provider_id, service_id, document)
      SELECT s.id, s.provider_id, s.id,
             setweight(to_tsvector('english', public.unaccent(s.name)), 'A')
          || setweight(to_tsvector('english', public.unaccent(c.name || ' ' || directory_service_stated(s.supports, s.languages))), 'B')
          || setweight(to_tsvector('english', public.unaccent(p.name)), 'C')
          || setweight(to_tsvector('english', public.unaccent(s.description || ' ' || c.description)), 'D')
        FROM service s JOIN provider p ON p.id = s.provider_id JOIN service_category c ON c.id = s.category_id
       WHERE s.id = ANY(ids)
      ON CONFLICT (id) DO UPDATE SET provider_id = EXCLUDED.provider_id, document = EXCLUDED.document;
      INSERT INTO directory_search_word (word)
      SELECT directory_words(s.name || ' ' || c.name || ' ' || directory_service_stated(s.supports, s.languages) || ' ' || p.name || ' ' || s.description || ' ' || c.description)
        FROM service s JOIN provider p ON p.id = s.provider_id JOIN service_category c ON c.id = s.category_id
       WHERE s.id = ANY(ids)
      ON CONFLICT DO NOTHING;
    END $$`;

/**
 * The body 1764000100000-DirectorySchema gave the function, which `down` restores. A copy because a
 * migration is a record of what it did: importing from another migration would let that one change this.
 */
const INDEX_SERVICES_BEFORE = `RETURNS void LANGUAGE plpgsql AS $$
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
    END $$`;

const SERVICE_SEARCH_EVENTS_BEFORE = 'AFTER INSERT OR UPDATE OF name, description, category_id, provider_id';

/**
 * The needs and conditions services state (`care_need`, `service.supports`), and the search documents
 * carrying them and the languages services work in. The triggers repeat the service's own checks, so no
 * other path (nor two transactions racing) stores a need that is not in the list or names one twice, or
 * removes a need still stated.
 */
export class CareNeedsAndLanguages1769000100000 implements MigrationInterface {
  name = 'CareNeedsAndLanguages1769000100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "care_need" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "slug" text NOT NULL,
      "name" text NOT NULL,
      "description" text NOT NULL DEFAULT '',
      "position" integer NOT NULL DEFAULT '0',
      CONSTRAINT "UQ_16b3aab7cff083e2d309b4d534c" UNIQUE ("slug"),
      CONSTRAINT "PK_7c721cd9f96eccbe1b3ae73609a" PRIMARY KEY ("id")
    )`);
    await q.query(
      `INSERT INTO care_need (slug, name, description, position)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[])`,
      [SEED_NEEDS.map((n) => n[0]), SEED_NEEDS.map((n) => n[1]), SEED_NEEDS.map((n) => n[2]), SEED_NEEDS.map((_, i) => i + 1)],
    );
    await q.query(`ALTER TABLE "service" ADD "supports" text array NOT NULL DEFAULT '{}'`);
    // The `supports` and `languages` filters ask `&&` (any of).
    await q.query(`CREATE INDEX "service_supports_idx" ON "service" USING gin ("supports")`);
    await q.query(`CREATE INDEX "service_languages_idx" ON "service" USING gin ("languages")`);

    await q.query(`CREATE FUNCTION service_supports_known() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        -- Locked first, so a need being deleted waits for this transaction and then sees the service
        -- (care_need_unused), or has been deleted and is missing from the check below.
        PERFORM 1 FROM care_need c WHERE c.slug = ANY(NEW.supports) FOR KEY SHARE;
        IF EXISTS (SELECT 1 FROM unnest(NEW.supports) n WHERE NOT EXISTS (SELECT 1 FROM care_need c WHERE c.slug = n)) THEN
          RAISE EXCEPTION 'service.supports names a need that is not in care_need' USING ERRCODE = 'foreign_key_violation';
        END IF;
        IF cardinality(NEW.supports) <> (SELECT count(DISTINCT n) FROM unnest(NEW.supports) n) THEN
          RAISE EXCEPTION 'service.supports names a need twice' USING ERRCODE = 'check_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER service_supports_known BEFORE INSERT OR UPDATE OF supports ON service
      FOR EACH ROW EXECUTE FUNCTION service_supports_known()`);
    await q.query(`CREATE FUNCTION care_need_unused() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' AND OLD.slug = NEW.slug THEN RETURN NEW; END IF;
        IF EXISTS (SELECT 1 FROM service s WHERE OLD.slug = ANY(s.supports)) THEN
          RAISE EXCEPTION 'a service still supports this need' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
      END $$`);
    await q.query(`CREATE TRIGGER care_need_unused BEFORE DELETE OR UPDATE OF slug ON care_need
      FOR EACH ROW EXECUTE FUNCTION care_need_unused()`);
    // TRUNCATE fires no row triggers; its lock waits for services being given a need (their KEY SHARE).
    await q.query(`CREATE FUNCTION care_need_untruncated() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF EXISTS (SELECT 1 FROM service s WHERE cardinality(s.supports) > 0) THEN
          RAISE EXCEPTION 'a service still supports a need' USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER care_need_untruncated BEFORE TRUNCATE ON care_need
      FOR EACH STATEMENT EXECUTE FUNCTION care_need_untruncated()`);

    // What a service states, as words: its needs' names, in display order, and its languages.
    await q.query(`CREATE FUNCTION directory_service_stated(supports text[], languages text[]) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT coalesce((SELECT string_agg(c.name, ' ' ORDER BY c.position) FROM care_need c WHERE c.slug = ANY(supports)), '')
               || ' ' || array_to_string(languages, ' ')
      $$`);
    await normaliseServiceLanguages(q);
    await q.query(`CREATE OR REPLACE FUNCTION directory_index_services(ids uuid[]) ${INDEX_SERVICES_WITH_NEEDS}`);
    await this.serviceSearchTrigger(q, `${SERVICE_SEARCH_EVENTS_BEFORE}, supports, languages`);
    await q.query(`CREATE FUNCTION directory_care_need_search_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM directory_index_services(ARRAY(SELECT s.id FROM service s WHERE NEW.slug = ANY(s.supports))); RETURN NULL; END $$`);
    await q.query(`CREATE TRIGGER directory_care_need_search AFTER UPDATE OF name ON care_need
      FOR EACH ROW EXECUTE FUNCTION directory_care_need_search_trigger()`);
    await q.query('SELECT directory_index_services(ARRAY(SELECT id FROM service))');
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TRIGGER directory_care_need_search ON care_need');
    await q.query('DROP FUNCTION directory_care_need_search_trigger()');
    await this.serviceSearchTrigger(q, SERVICE_SEARCH_EVENTS_BEFORE);
    await q.query(`CREATE OR REPLACE FUNCTION directory_index_services(ids uuid[]) ${INDEX_SERVICES_BEFORE}`);
    await q.query('DROP FUNCTION directory_service_stated(text[], text[])');
    await q.query('DROP TRIGGER care_need_untruncated ON care_need');
    await q.query('DROP FUNCTION care_need_untruncated()');
    await q.query('DROP TRIGGER care_need_unused ON care_need');
    await q.query('DROP FUNCTION care_need_unused()');
    await q.query('DROP TRIGGER service_supports_known ON service');
    await q.query('DROP FUNCTION service_supports_known()');
    await q.query('DROP INDEX "service_languages_idx"');
    await q.query('DROP INDEX "service_supports_idx"');
    await q.query('ALTER TABLE "service" DROP COLUMN "supports"');
    await q.query('DROP TABLE "care_need"');
    // The documents again without needs and languages (the words they added stay in the list, as edited-away words do).
    await q.query('SELECT directory_index_services(ARRAY(SELECT id FROM service))');
  }

  private async serviceSearchTrigger(q: QueryRunner, events: string): Promise<void> {
    await q.query('DROP TRIGGER directory_service_search ON service');
    await q.query(
      `CREATE TRIGGER directory_service_search ${events} ON service FOR EACH ROW EXECUTE FUNCTION directory_service_search_trigger()`,
    );
  }
}

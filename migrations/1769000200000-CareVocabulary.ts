import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The longest phrase the vocabulary may hold, in words: the query function looks for phrases up to this long. */
const MAX_PHRASE_WORDS = 6;
/** How many vocabulary words a misspelt word may be read as. */
const VOCABULARY_CORRECTIONS = 3;

interface SqlObject {
  create: string;
  drop: string;
}

/** In creation order: each after what it uses. */
const OBJECTS: SqlObject[] = [
  // The english stemmer without its stop-word list: a phrase's glue words stay, so "getting up" is
  // "get up" and not just "get", while "doctors" still meets "doctor".
  {
    create: `CREATE TEXT SEARCH DICTIONARY care_stem (TEMPLATE = snowball, Language = english)`,
    drop: `DROP TEXT SEARCH DICTIONARY care_stem`,
  },
  // A phrase as the vocabulary and a query's runs of words are compared: lower case, unaccented, split as
  // the query functions split text, each word stemmed, words joined by single spaces.
  {
    create: `CREATE FUNCTION care_phrase_key(t text) RETURNS text LANGUAGE sql STABLE AS $$
      SELECT string_agg(coalesce((ts_lexize('care_stem', x.w))[1], x.w), ' ' ORDER BY x.ord)
        FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') WITH ORDINALITY AS x(w, ord)
       WHERE x.w <> ''
    $$`,
    drop: `DROP FUNCTION care_phrase_key(text)`,
  },
  // The words people use and what each widens to, loaded from api/directory/vocabulary/care-words.csv at
  // start-up (care-vocabulary.ts), never by a migration: editing the file needs none.
  {
    create: `CREATE TABLE care_vocabulary (
      phrase text PRIMARY KEY,
      words smallint NOT NULL CHECK (words BETWEEN 1 AND ${MAX_PHRASE_WORDS}),
      expansion tsquery NOT NULL CHECK (numnode(expansion) > 0)
    )`,
    drop: `DROP TABLE care_vocabulary`,
  },
  // The vocabulary's one-word phrases as written (lower case, unaccented, unstemmed: trigrams of a stem
  // are a poor likeness of what was typed), each with its phrase: what a misspelt word is corrected toward.
  {
    create: `CREATE TABLE care_vocabulary_spelling (
      spelling text PRIMARY KEY,
      phrase text NOT NULL REFERENCES care_vocabulary (phrase) ON DELETE CASCADE
    )`,
    drop: `DROP TABLE care_vocabulary_spelling`,
  },
  {
    create: `CREATE INDEX care_vocabulary_spelling_trgm_idx ON care_vocabulary_spelling USING gist (spelling gist_trgm_ops)`,
    drop: `DROP INDEX care_vocabulary_spelling_trgm_idx`,
  },
  // Which file the table holds, by its SHA-256: a start reloads only a changed file.
  {
    create: `CREATE TABLE care_vocabulary_file (
      singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
      sha256 text NOT NULL,
      loaded_at timestamptz NOT NULL DEFAULT now()
    )`,
    drop: `DROP TABLE care_vocabulary_file`,
  },
  {
    create: `CREATE AGGREGATE directory_tsquery_all(tsquery) (SFUNC = tsquery_and, STYPE = tsquery)`,
    drop: `DROP AGGREGATE directory_tsquery_all(tsquery)`,
  },
  {
    create: `CREATE AGGREGATE directory_tsquery_any(tsquery) (SFUNC = tsquery_or, STYPE = tsquery)`,
    drop: `DROP AGGREGATE directory_tsquery_any(tsquery)`,
  },
  /*
   * Text → the search's tsqueries. Runs of consecutive words that are vocabulary phrases are found,
   * longest first (a phrase inside a longer one found at the same place is dropped). A word a phrase
   * covers matches itself or the phrase's expansion, and is never typo-corrected: the vocabulary knows
   * what "shower" means better than its nearest listed word ("shopper") does. Any other word is spelt as
   * directory_query (or, with public_words, directory_query_public) spells it: itself, or a misspelling's
   * nearest listed words. A misspelt word (one those functions correct) is also read as its nearest
   * vocabulary words, none less alike than its nearest listed word, and a correction of either kind that
   * is a one-word phrase (by its stem: "gardening" is "garden") brings that phrase's expansion, as if it
   * had been typed. Words are ANDed (identical ones once). Stop words have no spellings, so only a phrase
   * can give them a part.
   *   all_words  every word, widened: the search
   *   any_word   any word, widened: the last fallback
   *   exact      every word as typed that the word list holds (nothing corrected, nothing widened): for
   *              ranking, so a document found through a guess or the vocabulary never joins the top tier
   *   exact_any  any of those words: for ranking
   */
  {
    create: `CREATE FUNCTION directory_text_query(t text, public_words boolean)
      RETURNS TABLE (all_words tsquery, any_word tsquery, exact tsquery, exact_any tsquery) LANGUAGE sql STABLE AS $$
      WITH words AS MATERIALIZED (
        SELECT x.w, row_number() OVER (ORDER BY x.ord) AS pos, coalesce((ts_lexize('care_stem', x.w))[1], x.w) AS stem,
               EXISTS (SELECT 1 FROM directory_search_word e WHERE e.word = x.w) AS listed
          FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') WITH ORDINALITY AS x(w, ord)
         WHERE x.w <> ''
      ), runs AS (
        SELECT a.pos AS first, a.pos + n.n - 1 AS last, string_agg(b.stem, ' ' ORDER BY b.pos) AS phrase
          FROM words a CROSS JOIN generate_series(1, ${MAX_PHRASE_WORDS}) AS n(n)
          JOIN words b ON b.pos BETWEEN a.pos AND a.pos + n.n - 1
         GROUP BY a.pos, n.n HAVING count(*) = n.n
      ), found AS (
        SELECT r.first, r.last, v.expansion FROM runs r JOIN care_vocabulary v ON v.phrase = r.phrase
      ), longest AS (
        SELECT f.* FROM found f
         WHERE NOT EXISTS (SELECT 1 FROM found o WHERE o.first <= f.first AND o.last >= f.last AND o.last - o.first > f.last - f.first)
      ), widened AS (
        SELECT words.pos, directory_tsquery_any(l.expansion) AS q
          FROM words JOIN longest l ON words.pos BETWEEN l.first AND l.last GROUP BY words.pos
      ), spelt AS (
        SELECT words.pos, words.w,
               CASE WHEN x.q IS NOT NULL THEN to_tsquery('english', words.w)
                    WHEN public_words THEN directory_query_public(words.w) ELSE directory_query(words.w) END AS q,
               CASE WHEN words.listed THEN to_tsquery('english', words.w) END AS exact,
               -- As directory_query and directory_query_public choose the words they correct.
               x.q IS NULL AND length(words.w) >= 4
                 AND CASE WHEN NOT words.listed THEN true WHEN public_words THEN NOT directory_public_word(words.w) ELSE false END
                 AS misspelt
          FROM words LEFT JOIN widened x ON x.pos = words.pos
         WHERE (ts_lexize('english_stem', words.w))[1] IS NOT NULL
      ), corrections AS (
        -- The listed-word corrections, as the stems their spelling holds (the word list's words are [a-z0-9]).
        SELECT s.pos, m[1] AS phrase, NULL::tsquery AS q
          FROM spelt s CROSS JOIN LATERAL regexp_matches(s.q::text, '''([a-z0-9]+)''', 'g') AS m
         WHERE s.misspelt
        UNION ALL
        SELECT s.pos, n.phrase, to_tsquery('english', n.spelling)
          FROM spelt s
          -- No likelier than the nearest listed word: "befreinding" is befriending, not "bedding". Once a word.
          CROSS JOIN LATERAL (
            SELECT coalesce(max(similarity(l.word, s.w)), 0) AS likeness FROM directory_search_word l WHERE l.word % s.w
          ) listed
          CROSS JOIN LATERAL (
            SELECT c.spelling, c.phrase FROM care_vocabulary_spelling c
             WHERE c.spelling % s.w AND similarity(c.spelling, s.w) >= listed.likeness
             ORDER BY c.spelling <-> s.w, c.spelling LIMIT ${VOCABULARY_CORRECTIONS}
          ) n
         WHERE s.misspelt
      ), corrected AS (
        SELECT u.pos, directory_tsquery_any(u.q ORDER BY u.q) AS q FROM (
          SELECT c.pos, c.q FROM corrections c WHERE c.q IS NOT NULL
          UNION
          SELECT c.pos, v.expansion FROM corrections c JOIN care_vocabulary v ON v.phrase = c.phrase
        ) u GROUP BY u.pos
      ), per_word AS (
        SELECT words.pos, s.exact, coalesce(s.q || coalesce(x.q, k.q), s.q, x.q) AS q
          FROM words LEFT JOIN spelt s ON s.pos = words.pos LEFT JOIN widened x ON x.pos = words.pos
          LEFT JOIN corrected k ON k.pos = words.pos
      ), distinct_words AS (
        SELECT q, min(pos) AS pos FROM per_word WHERE q IS NOT NULL GROUP BY q
      ), distinct_exact AS (
        SELECT exact, min(pos) AS pos FROM per_word WHERE exact IS NOT NULL GROUP BY exact
      )
      SELECT coalesce((SELECT directory_tsquery_all(q ORDER BY pos) FROM distinct_words), ''),
             coalesce((SELECT directory_tsquery_any(q ORDER BY pos) FROM distinct_words), ''),
             coalesce((SELECT directory_tsquery_all(exact ORDER BY pos) FROM distinct_exact), ''),
             coalesce((SELECT directory_tsquery_any(exact ORDER BY pos) FROM distinct_exact), '')
    $$`,
    drop: `DROP FUNCTION directory_text_query(text, boolean)`,
  },
];

/**
 * The care vocabulary: the words residents, family carers and social workers use ("lonely", "a lift to the
 * doctors", "hoovering") and what each widens a search to, and the query function that applies it.
 * The rows come from a data file at start-up (api/directory/vocabulary/README.md).
 */
export class CareVocabulary1769000200000 implements MigrationInterface {
  name = 'CareVocabulary1769000200000';

  public async up(q: QueryRunner): Promise<void> {
    for (const { create } of OBJECTS) await q.query(create);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const { drop } of [...OBJECTS].reverse()) await q.query(drop);
  }
}

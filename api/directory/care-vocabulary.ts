import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { DataSource, EntityManager } from 'typeorm';
import { projectRoot } from '../config.js';
import type { AfterMigration } from '../db/database.js';

/**
 * The care vocabulary (vocabulary/care-words.csv, described in vocabulary/README.md): the words people
 * search with and what each widens to. Loaded into `care_vocabulary` after the migrations at every start,
 * when the file differs from the one loaded; the query function `directory_text_query` applies it.
 */
export const CARE_WORDS_CSV = path.join(projectRoot, 'api', 'directory', 'vocabulary', 'care-words.csv');

/** Bounds checked before anything is parsed or stored: the file is data anyone may edit. */
const MAX_FILE_BYTES = 512 * 1024;
const MAX_ROWS = 5000;
const MAX_RECORD_CHARACTERS = 2000;
/** As the query function's runs of words: migrations/1769000200000-CareVocabulary.ts. */
const MAX_PHRASE_WORDS = 6;
const MAX_PHRASE_CHARACTERS = 80;
const MAX_TERMS = 8;
const MAX_TERM_WORDS = 4;
const MAX_TERM_CHARACTERS = 60;
const MAX_CATEGORIES = 3;
const MAX_SOURCE_CHARACTERS = 500;
/** A phrase's expansion (all its rows together) in tsquery nodes: each covered word of a query carries it. */
const MAX_EXPANSION_NODES = 30;

const COLUMNS = ['words', 'widens to', 'categories', 'source'] as const;

/** The file cannot be loaded; the message names the line. */
export class CareVocabularyError extends Error {}

/** One thing a row widens to: search words (a phrase is matched as a phrase) or a category (its name). */
export interface Widening {
  line: number;
  words: string;
  kind: 'term' | 'category';
  value: string;
}

/** Words as the query functions split them: lower case, accents dropped, runs of letters and digits. */
const wordsOf = (text: string) =>
  text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');

const listOf = (cell: string) =>
  cell
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v !== '');

/** Parses and checks the file: every row's widenings, or CareVocabularyError naming the first bad line. */
export function readCareVocabulary(csv: Buffer, categorySlugs: ReadonlySet<string>): Widening[] {
  if (csv.length > MAX_FILE_BYTES) throw new CareVocabularyError(`the file is over ${MAX_FILE_BYTES / 1024} KiB`);
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(csv, {
      columns: (header: string[]) => {
        if (header.join(',') !== COLUMNS.join(',')) throw new CareVocabularyError(`line 1: the columns must be ${COLUMNS.join(', ')}`);
        return header;
      },
      info: true,
      trim: true,
      skip_empty_lines: true,
      max_record_size: MAX_RECORD_CHARACTERS,
      to: MAX_ROWS + 1,
    });
  } catch (error) {
    if (error instanceof CareVocabularyError) throw error;
    const line = (error as { lines?: number }).lines;
    throw new CareVocabularyError(`${line ? `line ${line}: ` : ''}${(error as Error).message}`);
  }
  if (records.length > MAX_ROWS) throw new CareVocabularyError(`the file has over ${MAX_ROWS} rows`);
  const widenings: Widening[] = [];
  for (const { record, info } of records) {
    const line = info.lines;
    const refuse = (why: string) => new CareVocabularyError(`line ${line}: ${why}`);
    const words = record.words ?? '';
    const phraseWords = wordsOf(words);
    if (phraseWords.length === 0) throw refuse('"words" is empty');
    if (words.length > MAX_PHRASE_CHARACTERS || phraseWords.length > MAX_PHRASE_WORDS) {
      throw refuse(`"words" is over ${MAX_PHRASE_WORDS} words or ${MAX_PHRASE_CHARACTERS} characters`);
    }
    const terms = listOf(record['widens to'] ?? '');
    const categories = listOf(record.categories ?? '');
    if (terms.length + categories.length === 0) throw refuse(`"${words}" widens to nothing: give search words or categories`);
    if (terms.length > MAX_TERMS) throw refuse(`over ${MAX_TERMS} search words in "widens to"`);
    if (categories.length > MAX_CATEGORIES) throw refuse(`over ${MAX_CATEGORIES} categories`);
    for (const term of terms) {
      const termWords = wordsOf(term);
      if (termWords.length === 0 || term.length > MAX_TERM_CHARACTERS || termWords.length > MAX_TERM_WORDS) {
        throw refuse(`"${term}" in "widens to" must have 1 to ${MAX_TERM_WORDS} words and at most ${MAX_TERM_CHARACTERS} characters`);
      }
    }
    for (const slug of categories) if (!categorySlugs.has(slug)) throw refuse(`unknown category "${slug}"`);
    const source = record.source ?? '';
    if (!/^https?:\/\/\S+$/.test(source) || source.length > MAX_SOURCE_CHARACTERS) {
      throw refuse('"source" must be the address (http or https) of the page the wording came from');
    }
    widenings.push(
      ...terms.map((value) => ({ line, words, kind: 'term' as const, value })),
      ...categories.map((value) => ({ line, words, kind: 'category' as const, value })),
    );
  }
  return widenings;
}

/**
 * Loads the file into `care_vocabulary` in one transaction unless the table already holds it (by
 * SHA-256): a phrase's rows are merged, each search word becomes its phrase's tsquery and each category
 * its name's, each once ("doctor" and "doctors" are one). Returns how many phrases were loaded, or null when the file was already there.
 */
export async function loadCareVocabulary(owner: DataSource, csv: Buffer = fs.readFileSync(CARE_WORDS_CSV)): Promise<number | null> {
  const sha256 = createHash('sha256').update(csv).digest('hex');
  return owner.transaction(async (m) => {
    // Instances starting together load it once.
    await m.query(`SELECT pg_advisory_xact_lock(hashtext('coopcare: load the care vocabulary'))`);
    const [loaded]: { sha256: string }[] = await m.query('SELECT sha256 FROM care_vocabulary_file');
    if (loaded?.sha256 === sha256) return null;
    const slugs: { slug: string }[] = await m.query('SELECT slug FROM service_category');
    const widenings = readCareVocabulary(csv, new Set(slugs.map((s) => s.slug)));
    await refuseWideningsToNothing(m, widenings);
    await m.query('DELETE FROM care_vocabulary'); // and, by cascade, care_vocabulary_spelling
    await m.query(
      `INSERT INTO care_vocabulary (phrase, words, expansion)
       SELECT d.phrase, cardinality(string_to_array(d.phrase, ' ')), directory_tsquery_any(d.q ORDER BY d.i)
         FROM (SELECT e.phrase, e.q, min(e.i) AS i
                 FROM (SELECT care_phrase_key(x.words) AS phrase, x.i,
                              phraseto_tsquery('english', public.unaccent(CASE x.kind WHEN 'term' THEN x.value ELSE c.name END)) AS q
                         FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS x(words, kind, value, i)
                         LEFT JOIN service_category c ON x.kind = 'category' AND c.slug = x.value) e
                GROUP BY e.phrase, e.q) d
        GROUP BY d.phrase`,
      [widenings.map((w) => w.words), widenings.map((w) => w.kind), widenings.map((w) => w.value)],
    );
    // One-word phrases as written, for correcting a misspelt word toward (directory_text_query).
    const spellings = [
      ...new Set(
        widenings
          .map((w) => wordsOf(w.words))
          .filter((ws) => ws.length === 1)
          .map(([w]) => w),
      ),
    ];
    await m.query(`INSERT INTO care_vocabulary_spelling (spelling, phrase) SELECT s, care_phrase_key(s) FROM unnest($1::text[]) AS s`, [
      spellings,
    ]);
    const [oversized]: { phrase: string }[] = await m.query(
      'SELECT phrase FROM care_vocabulary WHERE numnode(expansion) > $1 ORDER BY phrase LIMIT 1',
      [MAX_EXPANSION_NODES],
    );
    if (oversized) {
      // The key is stemmed ("hedg"): name the rows as written, which may spell it several ways.
      const [{ rows }]: { rows: number[] }[] = await m.query(
        `SELECT array_agg(x.i::int ORDER BY x.i) AS rows FROM unnest($1::text[]) WITH ORDINALITY AS x(words, i)
          WHERE care_phrase_key(x.words) = $2`,
        [widenings.map((w) => w.words), oversized.phrase],
      );
      const written = [...new Map(rows.map((i) => widenings[i - 1]).map((w) => [w.line, w.words])).entries()];
      throw new CareVocabularyError(
        `lines ${written.map(([line]) => line).join(', ')} (${[...new Set(written.map(([, words]) => `"${words}"`))].join(', ')}) ` +
          `widen to over ${MAX_EXPANSION_NODES} search terms together: keep fewer`,
      );
    }
    await m.query(
      `INSERT INTO care_vocabulary_file (sha256) VALUES ($1)
       ON CONFLICT (singleton) DO UPDATE SET sha256 = EXCLUDED.sha256, loaded_at = now()`,
      [sha256],
    );
    const [{ phrases }]: { phrases: number }[] = await m.query('SELECT count(*)::int AS phrases FROM care_vocabulary');
    return phrases;
  });
}

/** The start-up step (api/instance.ts, the test templates): loads the file when it changed. */
export const LOAD_CARE_VOCABULARY: AfterMigration = {
  step: 'loading the care vocabulary into',
  advice: `Correct that line of ${CARE_WORDS_CSV} (see the README beside it); the vocabulary loaded before is kept.`,
  async run(owner, log) {
    const phrases = await loadCareVocabulary(owner);
    if (phrases !== null) log.info(`loaded the care vocabulary: ${phrases} phrases`);
  },
};

/** A search word made only of stop words ("the", "to") matches nothing: refused with its line. */
async function refuseWideningsToNothing(m: EntityManager, widenings: Widening[]): Promise<void> {
  const terms = widenings.filter((w) => w.kind === 'term');
  const [empty]: { i: number }[] = await m.query(
    `SELECT x.i::int FROM unnest($1::text[]) WITH ORDINALITY AS x(value, i)
      WHERE numnode(phraseto_tsquery('english', public.unaccent(x.value))) = 0 ORDER BY x.i LIMIT 1`,
    [terms.map((w) => w.value)],
  );
  if (empty) {
    const bad = terms[empty.i - 1];
    throw new CareVocabularyError(`line ${bad.line}: "${bad.value}" has only words a search ignores (such as "the" or "to")`);
  }
}

import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { CARE_WORDS_CSV, loadCareVocabulary } from '../api/directory/care-vocabulary.js';
import { graphql } from './generated/index.js';
import { useTestApp } from './support/app.js';
import { demoProviderId } from './support/demo.js';
import { addService } from './support/seed.js';

/**
 * The care vocabulary (api/directory/vocabulary/care-words.csv): the words people use widen a search
 * toward the services meant, the person's own words still rank first, and the file is loaded at start-up
 * (refused with its line when malformed, reloaded when changed).
 */

const SEARCH = graphql(`
  query VocabularySearch($filter: ServiceFilter) {
    services(filter: $filter, first: 20) {
      totalCount
      edges { node { id name category { slug } } }
    }
  }
`);

const header = 'words,widens to,categories,source\n';
const row = (words: string, widensTo: string, categories: string) => `${words},${widensTo},${categories},https://www.example.org/care\n`;

describe('over the Kirklees demo', () => {
  const t = useTestApp({ seeded: true });
  const search = async (text: string) => {
    const res = await t.gql(SEARCH, { filter: { text } });
    expect(res.errors, text).toBeUndefined();
    return res.data!.services;
  };

  test('"lonely", "loneliness" and "isolated" find the befriending services, which say none of those words', async () => {
    for (const text of ['lonely', 'loneliness', 'isolated']) {
      const found = await search(text);
      expect(found.totalCount, text).toBeGreaterThan(0);
      expect(found.edges[0]!.node.category.slug, text).toBe('befriending-and-social');
    }
  });

  test('a phrase widens the words it covers: "lift to the doctors" finds transport first', async () => {
    const found = await search('lift to the doctors');
    expect(found.edges.slice(0, 3).map((e) => e.node.category.slug)).toEqual(['transport', 'transport', 'transport']);
  });

  test('glue words count in a phrase: "getting up" is personal care, though "get" alone widens to nothing', async () => {
    const [{ phrase }]: { phrase: string }[] = await t.db.query(`SELECT care_phrase_key('Getting up') AS phrase`);
    expect(phrase).toBe('get up');
    expect((await search('help getting up')).edges[0]!.node.category.slug).toBe('personal-care');
    const [{ exact, all_words }]: { exact: string; all_words: string }[] = await t.db.query(
      `SELECT exact::text, all_words::text FROM directory_text_query('get', false)`,
    );
    expect(all_words).toBe(exact);
  });

  test('a service whose own text says the words outranks every one found only by widening them', async () => {
    const provider = demoProviderId('colne-valley-care-co-operative');
    const own = await addService(t.services, provider, {
      category: 'day-activities',
      name: 'Tuesday get-together',
      description: 'For anyone who feels lonely: tea, cake and a natter at the Civic.',
    });
    const lonely = await search('lonely');
    expect(lonely.edges[0]!.node.id).toBe(own.id);
    expect(lonely.edges.slice(1).every((e) => e.node.category.slug === 'befriending-and-social')).toBe(true);

    const driven = await addService(t.services, provider, {
      category: 'day-activities',
      name: 'Walking group with a lift home',
      description: 'A gentle walk, then a lift to your door.',
    });
    const lift = await search('lift');
    expect(lift.edges[0]!.node.id).toBe(driven.id);
    expect(lift.edges.slice(1, 4).map((e) => e.node.category.slug)).toEqual(['transport', 'transport', 'transport']);
  });

  test('the vocabulary is what finds them: emptied, "lonely" finds only services that say it', async () => {
    const saved: unknown[] = await t.db.query('SELECT phrase, words, expansion::text FROM care_vocabulary');
    const spellings: unknown[] = await t.db.query('SELECT spelling, phrase FROM care_vocabulary_spelling');
    await t.db.query('DELETE FROM care_vocabulary');
    try {
      const [q]: { all_words: string }[] = await t.db.query(`SELECT all_words::text FROM directory_text_query('isolated', false)`);
      expect(q.all_words).toBe("'isol'");
      // Capitalised: the text cache keys the text as typed, and "lonely" was searched with the vocabulary above.
      const found = await search('Lonely');
      const sayingIt: { id: string }[] = await t.db.query(`SELECT id FROM service WHERE description ~* 'lonely' AND status = 'ACTIVE'`);
      expect(found.edges.map((e) => e.node.id).sort()).toEqual(sayingIt.map((r) => r.id).sort());
    } finally {
      await t.db.query(
        `INSERT INTO care_vocabulary (phrase, words, expansion)
         SELECT x.phrase, x.words, x.expansion::tsquery FROM json_to_recordset($1::json) AS x(phrase text, words smallint, expansion text)`,
        [JSON.stringify(saved)],
      );
      await t.db.query(
        `INSERT INTO care_vocabulary_spelling (spelling, phrase)
         SELECT x.spelling, x.phrase FROM json_to_recordset($1::json) AS x(spelling text, phrase text)`,
        [JSON.stringify(spellings)],
      );
    }
  });

  test('a misspelt vocabulary word no service uses is read as it: "lonelyness" finds befriending in the top 3', async () => {
    const found = await search('lonelyness');
    expect(found.edges.slice(0, 3).map((e) => e.node.category.slug)).toEqual([
      'befriending-and-social',
      'befriending-and-social',
      'befriending-and-social',
    ]);
  });

  test('"hooverin" finds domestic help first, as "hoovering" does', async () => {
    expect((await search('hooverin')).edges[0]!.node.category.slug).toBe('domestic-help');
  });

  test('a misspelling corrected to a vocabulary word widens as it: "gardning" finds what "gardening" finds, in order', async () => {
    const RANKED = graphql(`
      query VocabularyRanked($filter: ServiceFilter) {
        services(filter: $filter, sort: RELEVANCE, first: 20) { totalCount edges { node { id } } }
      }
    `);
    const ranked = async (text: string) => {
      const res = await t.gql(RANKED, { filter: { text } });
      expect(res.errors, text).toBeUndefined();
      return res.data!.services;
    };
    const [right, typo] = [await ranked('gardening'), await ranked('gardning')];
    expect(right.totalCount).toBeGreaterThan(1);
    expect(typo).toEqual(right);
  });
});

describe('loading the file', () => {
  const t = useTestApp();

  test('the start-up loaded the file, and loads it again only once it changes', async () => {
    const [{ n }]: { n: number }[] = await t.db.query('SELECT count(*)::int AS n FROM care_vocabulary');
    expect(n).toBeGreaterThan(300);
    expect(await loadCareVocabulary(t.db, fs.readFileSync(CARE_WORDS_CSV))).toBeNull();

    const changed = Buffer.from(header + row('skivvy', 'cleaning;housework', 'domestic-help') + row('dogsbody', 'odd jobs', ''));
    expect(await loadCareVocabulary(t.db, changed)).toBe(2);
    const [{ all_words }]: { all_words: string }[] = await t.db.query(`SELECT all_words::text FROM directory_text_query('skivvy', false)`);
    expect(all_words).toContain("'clean'");
    expect(all_words).toContain("'domest' <-> 'help'");
    expect(await loadCareVocabulary(t.db, changed)).toBeNull();
  });

  test('a phrase on several rows widens to all of them', async () => {
    await loadCareVocabulary(t.db, Buffer.from(header + row('doctors', 'surgery', '') + row('doctor', 'hospital', 'transport')));
    const rows: { phrase: string; expansion: string }[] = await t.db.query('SELECT phrase, expansion::text FROM care_vocabulary');
    expect(rows).toEqual([{ phrase: 'doctor', expansion: "'surgeri' | 'hospit' | 'transport'" }]);
  });

  test.each([
    ['an unknown category', row('lonely', '', 'befriending'), 'line 3: unknown category "befriending"'],
    ['a row that widens to nothing', row('lonely', '', ''), 'line 3: "lonely" widens to nothing'],
    ['a search word of stop words only', row('lonely', 'to the', ''), 'line 3: "to the" has only words a search ignores'],
    ['a phrase over six words', row('one two three four five six seven', 'x', ''), 'line 3: "words" is over 6 words'],
    ['a row without a source', 'lonely,befriending,,\n', 'line 3: "source" must be the address'],
    ['a row over 2,000 characters', row('lonely', 'a'.repeat(2100), ''), 'line 3: '],
  ])('%s is refused with its line, and the vocabulary loaded before is kept', async (_, bad, message) => {
    const before: unknown[] = await t.db.query('SELECT phrase, expansion::text FROM care_vocabulary ORDER BY phrase');
    const file = Buffer.from(header + row('lift', 'transport', 'transport') + bad);
    await expect(loadCareVocabulary(t.db, file)).rejects.toThrow(message);
    expect(await t.db.query('SELECT phrase, expansion::text FROM care_vocabulary ORDER BY phrase')).toEqual(before);
  });

  test('a phrase widened to too many terms over its rows is refused naming those lines and the words as written', async () => {
    const terms = (from: number) => Array.from({ length: 8 }, (_, i) => `term${from + i}`).join(';');
    const file = Buffer.from(
      header + row('lift', 'transport', '') + row('hedges', terms(0), '') + row('Hedge', terms(8), '') + row('hedging', terms(16), ''),
    );
    await expect(loadCareVocabulary(t.db, file)).rejects.toThrow(
      'lines 3, 4, 5 ("hedges", "Hedge", "hedging") widen to over 30 search terms together: keep fewer',
    );
  });

  test('a file without the four columns is refused', async () => {
    await expect(loadCareVocabulary(t.db, Buffer.from('word,category\nlonely,befriending-and-social\n'))).rejects.toThrow(
      'line 1: the columns must be words, widens to, categories, source',
    );
  });
});

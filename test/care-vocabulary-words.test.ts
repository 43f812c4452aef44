import fs from 'node:fs';
import { expect, test } from 'vitest';
import { CARE_WORDS_CSV, readCareVocabulary } from '../api/directory/care-vocabulary.js';
import { graphql } from './generated/index.js';
import { useTestApp } from './support/app.js';

/**
 * Every single word of the care vocabulary that names a category, searched alone over the Kirklees demo,
 * finds that category in the top 3: the vocabulary, not a typo guess at a listed word ("shower" →
 * "shopper") or another row's widening, decides what the word means.
 */

/** Words whose category the demo cannot put in the top 3, each with the reason. */
const EXCEPTIONS = new Map<string, string>([
  ['trips', 'two demo services say "trips" themselves (hospital trips, shopping trips): the words as typed rank first'],
]);

const TOP_THREE = graphql(`
  query VocabularyWordTopThree($filter: ServiceFilter) {
    services(filter: $filter, first: 3) {
      edges { node { name category { slug } } }
    }
  }
`);

const t = useTestApp({ seeded: true });

test('every single-word row that names a category finds that category in the top 3', async () => {
  const slugs: { slug: string }[] = await t.db.query('SELECT slug FROM service_category');
  const widenings = readCareVocabulary(fs.readFileSync(CARE_WORDS_CSV), new Set(slugs.map((s) => s.slug)));
  const categoriesOf = new Map<string, Set<string>>();
  for (const w of widenings) {
    const word = w.words.trim().toLowerCase();
    if (w.kind !== 'category' || !/^[a-z0-9]+$/.test(word)) continue;
    categoriesOf.set(word, (categoriesOf.get(word) ?? new Set()).add(w.value));
  }
  const misses: string[] = [];
  for (const [word, categories] of categoriesOf) {
    if (EXCEPTIONS.has(word)) continue;
    const res = await t.gql(TOP_THREE, { filter: { text: word } });
    expect(res.errors, word).toBeUndefined();
    const top = res.data!.services.edges.map((e) => e.node);
    if (!top.some((n) => categories.has(n.category.slug))) {
      misses.push(`${word} (${[...categories].join(', ')}) → ${top.map((n) => `${n.name} (${n.category.slug})`).join(', ') || 'nothing'}`);
    }
  }
  console.log(`single-word rows naming a category: ${categoriesOf.size}, exceptions ${EXCEPTIONS.size}, misses ${misses.length}`);
  expect(categoriesOf.size).toBeGreaterThan(150);
  expect(misses).toEqual([]);
  for (const word of EXCEPTIONS.keys()) expect(categoriesOf.has(word), `exception "${word}" is a single-word row`).toBe(true);
});

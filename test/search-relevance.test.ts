import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect, test } from 'vitest';
import { graphql } from './generated/index.js';
import { useTestApp } from './support/app.js';

/**
 * The relevance set (test/relevance/queries.csv): searches written the way residents, family carers and
 * social workers speak, each with what one of the top 3 over the Kirklees demo must be, separated by
 * ";": a category (its slug), a service (its name, when no other service has it) or a service working
 * in a language ("speaks:Urdu"). The rate must stay at 95% or better, and only the queries in
 * known-misses.txt may miss: a query that hits today must go on hitting, so relevance only goes up.
 */

const MINIMUM_RATE = 0.95;

interface RelevanceQuery {
  group: string;
  query: string;
  near: string;
  expect: string;
}

const dir = path.join(import.meta.dirname, 'relevance');
const queries: RelevanceQuery[] = parse(fs.readFileSync(path.join(dir, 'queries.csv')), {
  columns: true,
  trim: true,
  skip_empty_lines: true,
});
const knownMisses = new Set(
  fs
    .readFileSync(path.join(dir, 'known-misses.txt'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#')),
);
const label = (q: RelevanceQuery) => (q.near ? `${q.query} @ ${q.near}` : q.query);

const TOP_THREE = graphql(`
  query RelevanceTopThree($filter: ServiceFilter) {
    services(filter: $filter, first: 3) {
      edges { node { name languages category { slug } } }
    }
  }
`);

const t = useTestApp({ seeded: true });

test('every service a query expects is named so that only one service can be it', async () => {
  const rows: { name: string; n: number }[] = await t.db.query('SELECT name, count(*)::int AS n FROM service GROUP BY name');
  const shared = new Set(rows.filter((r) => r.n > 1).map((r) => r.name));
  const ambiguous = queries.flatMap((q) => q.expect.split(';').map((w) => w.trim())).filter((w) => shared.has(w));
  expect([...new Set(ambiguous)]).toEqual([]);
});

test('the relevance set finds what people mean in the top 3, and no query that hit stops hitting', async () => {
  const misses: string[] = [];
  for (const q of queries) {
    const filter = q.near ? { text: q.query, near: { postcode: q.near } } : { text: q.query };
    const res = await t.gql(TOP_THREE, { filter });
    expect(res.errors, label(q)).toBeUndefined();
    const wanted = q.expect.split(';').map((w) => w.trim());
    const top = res.data!.services.edges.map((e) => e.node);
    const meant = (n: (typeof top)[number]) =>
      wanted.includes(n.name) || wanted.includes(n.category.slug) || n.languages.some((l) => wanted.includes(`speaks:${l}`));
    if (!top.some(meant)) {
      misses.push(`${label(q)} → ${top.map((n) => `${n.name} (${n.category.slug})`).join(', ') || 'nothing'}`);
    }
  }
  const hits = queries.length - misses.length;
  console.log(`top-3 hit rate: ${hits}/${queries.length} = ${((100 * hits) / queries.length).toFixed(1)}%`);
  for (const miss of misses) console.log(`  miss: ${miss}`);
  expect(queries.length).toBeGreaterThanOrEqual(60);
  expect(hits / queries.length).toBeGreaterThanOrEqual(MINIMUM_RATE);
  expect(misses.filter((m) => !knownMisses.has(m.slice(0, m.indexOf(' → '))))).toEqual([]);
});

import { parse } from 'graphql';
import { getMetadataStorage } from 'type-graphql';
import { describe, expect, test } from 'vitest';
import { queryCost } from '../api/graphql/complexity.js';
import { getSchema } from '../api/graphql/schema.js';
import { PRICES } from '../api/graphql/prices.js';
import { useTestApp } from './support/app.js';
import { post } from './support/graphql.js';

/** A directory search's statements name the providers table; nothing else the app runs before a query does. */
const searches = (statements: string[]) => statements.filter((s) => /\bprovider\b/i.test(s));

const aliased = (n: number, field: string) => `{${Array.from({ length: n }, (_, i) => `a${i}:${field}`).join(' ')}}`;

describe('a query costs the work it causes, and one over the budget runs nothing', () => {
  const t = useTestApp({ seeded: 'gazetteer' });

  test.each([
    ['4,000 aliased searches of one item each (the pen test’s 187 kB query)', 4_000, 1],
    ['50 aliased searches of one item each', 50, 1],
    ['five aliased searches of no items each', 5, 0],
  ])('%s: 400 QUERY_TOO_COMPLEX, refused before any search runs', async (_what, n, first) => {
    t.statements.reset();
    const res = await post(t, {
      query: `query($f: ProviderFilter) ${aliased(n, `providers(first:${first},filter:$f){totalCount}`)}`,
      variables: { f: { cooperativesOnly: true } },
    });
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    expect(searches(t.statements.statements)).toEqual([]);
  });

  test('five searches cost more than the budget however few items they ask for', async () => {
    const res = await post(t, { query: aliased(5, 'services(first:1){totalCount}') });
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    expect(res.message).toMatch(/costs too much/);
  });

  test('four searches in one query run', async () => {
    const res = await post(t, { query: aliased(4, 'services(first:5){totalCount edges{node{name}}}') });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
  });
});

describe('every field that runs SQL has a price', () => {
  test('a search costs the same whatever its first; a loader’s field once per batch, its values once per item', async () => {
    const schema = await getSchema();
    const cost = (query: string) => queryCost({ schema, document: parse(query) });
    expect(cost('{ services(first: 0) { totalCount } }')).toBe(4_001);
    // Each word of the text may be a misspelling to correct against every word the index knows.
    expect(cost('{ services(first: 0, filter: { text: "help at home" }) { totalCount } }')).toBe(4_001 + 3 * 500);
    // 100 items: the provider's batch once (100), its two fields (`provider` and `name`) on each item (200).
    const withProvider = cost('{ services(first: 100) { edges { node { id provider { name } } } } }');
    expect(withProvider - cost('{ services(first: 100) { edges { node { id } } } }')).toBe(100 + 100 * 2);
  });

  test('each root field and each field resolver is in the price list, and the list names only real fields', async () => {
    const schema = await getSchema();
    const storage = getMetadataStorage();
    const typeNameOf = (target: unknown) => storage.objectTypes.find((o) => o.target === target)?.name;
    const roots = [schema.getQueryType()!, schema.getMutationType()!].flatMap((type) =>
      Object.keys(type.getFields()).map((name) => `${type.name}.${name}`),
    );
    const fieldResolvers = storage.fieldResolvers
      .filter((r) => r.kind === 'external')
      .map((r) => `${typeNameOf(r.resolverClassMetadata?.getObjectType())}.${r.schemaName}`);

    expect(fieldResolvers.length).toBeGreaterThan(20);
    expect([...roots, ...fieldResolvers].filter((field) => !(field in PRICES))).toEqual([]);
    const real = new Set([...roots, ...fieldResolvers, 'Query.__schema', 'Query.__type']);
    expect(Object.keys(PRICES).filter((field) => !real.has(field))).toEqual([]);
  });
});

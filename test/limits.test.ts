import { getIntrospectionQuery } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';
import { useTestApp } from './support/app.js';
import { internalErrors, post } from './support/graphql.js';

describe('request limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ rateLimitPerMinute: 30 });
  });
  afterAll(async () => t?.close());

  test('lists nested in lists are refused before they run, with QUERY_TOO_COMPLEX', async () => {
    const res = await t.gql(`{
      consortia { members { services { provider { services { provider { services { name } } } } } } }
    }`);
    expect(res.data).toBeUndefined();
    expect(res.errors?.[0]?.extensions?.code).toBe('QUERY_TOO_COMPLEX');
    expect(t.statements.statements.filter((s) => /consortium/i.test(s))).toEqual([]);
  });

  test('a full page of services with their details is within the limit', async () => {
    const res = await t.gql(`{
      services(first: 100) { totalCount edges { cursor node {
        id name hourlyRatePence
        provider { id name slug cqcRating consortium { name } locations { town postcode } }
        category { slug name }
        areasServed { outcode radiusMiles }
        openingTimes { dayOfWeek opens closes }
      } } }
    }`);
    expect(res.errors).toBeUndefined();
  });

  test.each([
    ['a string for an Int', { first: 'abc' }],
    ['an Int beyond 32 bits', { first: 2_147_483_648 }],
    ['null for a non-null variable', { postcode: null }],
  ])('%s is BAD_USER_INPUT, not a 500', async (_name, variables) => {
    const res = await t.gql(
      'query Q($first: Int, $postcode: String!) { services(first: $first) { totalCount } geocode(postcode: $postcode) { __typename } }',
      variables,
    );
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  test.each([
    ['a body over 200 kB', JSON.stringify({ query: `{ __typename }`, variables: { pad: 'x'.repeat(300_000) } }), 413],
    ['a body that is not JSON', '{"query": "{ __typename }"', 400],
  ])('%s is refused in GraphQL’s own shape, not a 500', async (_what, body, status) => {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(res.status).toBe(status);
    expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'BAD_REQUEST' } }] });
  });

  test('past the per-client limit the API answers 429 with RATE_LIMITED', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 35; i++) {
      const res = await fetch(`${t.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ __typename }' }),
      });
      statuses.push(res.status);
      if (res.status === 429) {
        expect(await res.json()).toMatchObject({ errors: [{ extensions: { code: 'RATE_LIMITED' } }] });
        break;
      }
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 200).length).toBeLessThanOrEqual(30);
  });
});

describe('size limits refuse a query before anything runs, with a 400', () => {
  const t = useTestApp();
  /** A query `depth` fields deep: provider, its parent, that one's parent … id. */
  const parentChain = (depth: number) => `{ provider(slug: "x") { ${'parent { '.repeat(depth - 2)}id${' }'.repeat(depth - 2)} } }`;
  /** Each fragment spreads the next twice: a short document that counts as 2^levels fields. */
  const fragmentBomb = (levels: number) => {
    const spreads = Array.from({ length: levels }, (_, i) => `fragment F${i} on Query { ...F${i + 1} ...F${i + 1} }`);
    return `{ ...F0 } ${spreads.join(' ')} fragment F${levels} on Query { councils { name } }`;
  };

  test.each([
    ['a parent chain 3,000 deep (the stack overflow)', parentChain(3_000)],
    ['a parent chain 2,500 deep', parentChain(2_500)],
    ['a query 13 fields deep', parentChain(13)],
    ['fragments spreading fragments twice, 24 levels (16 million fields to count)', fragmentBomb(24)],
    ['4,000 aliased __typename', `{ ${Array.from({ length: 4_000 }, (_, i) => `a${i}: __typename`).join(' ')} }`],
    ['16 aliases', `{ ${Array.from({ length: 16 }, (_, i) => `a${i}: __typename`).join(' ')} }`],
    ['21 directives', `{ ${'... on Query @include(if: true) { __typename } '.repeat(21)} }`],
    [
      'eleven root fields',
      `{ providers(first: 0) { totalCount } services(first: 0) { totalCount } consortia { name } councils { name }
         serviceCategories { name } geocode(postcode: "HD1") { __typename } me { id } provider(slug: "x") { id }
         service(id: "3f9f6f51-7d8e-4b5e-9a49-5d2b7a3f1c11") { id } widgetPartners { id } __typename }`,
    ],
  ])('%s', async (_what, query) => {
    t.statements.reset();
    const res = await post(t, { query });
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code: 'QUERY_TOO_COMPLEX' });
    expect(t.statements.statements).toEqual([]);
    expect(internalErrors(t)).toEqual([]);
  });

  // graphql-js's own MaxIntrospectionDepthRule: each list nested in another multiplies the answer by a type's fields.
  test.each([
    ['introspection lists nested three deep', '{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }'],
    [
      'introspection lists nested three deep through fragments',
      `{ __schema { types { ...T } } }
       fragment T on __Type { fields { type { ...U } } }
       fragment U on __Type { fields { type { fields { name } } } }`,
    ],
  ])('%s: 400 GRAPHQL_VALIDATION_FAILED', async (_what, query) => {
    const res = await post(t, { query });
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
  });

  test('a query 12 fields deep runs', async () => {
    const res = await post(t, { query: parentChain(12) });
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
  });

  test('the standard introspection query (Apollo Sandbox, codegen) runs', async () => {
    const res = await post(t, { query: getIntrospectionQuery({ descriptions: true, specifiedByUrl: true, inputValueDeprecation: true }) });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    expect((res.body.data as { __schema: { types: unknown[] } }).__schema.types.length).toBeGreaterThan(50);
  });
});

describe('a client’s mistake is a 4xx, never a 500', () => {
  const t = useTestApp();

  test.each([
    [
      'a query over the cost budget',
      { query: '{ consortia { members { services { provider { services { provider { services { name } } } } } } } }' },
      'QUERY_TOO_COMPLEX',
    ],
    [
      'a variable of the wrong type',
      { query: 'query($n: Int) { services(first: $n) { totalCount } }', variables: { n: 'x' } },
      'BAD_USER_INPUT',
    ],
    [
      'an operationName for an anonymous operation',
      { query: '{ councils { name } }', operationName: 'Councils' },
      'OPERATION_RESOLUTION_FAILURE',
    ],
    [
      'an operationName naming no operation of the document',
      { query: 'query A { councils { name } } query B { __typename }', operationName: 'C' },
      'OPERATION_RESOLUTION_FAILURE',
    ],
    [
      'two operations and no operationName',
      { query: 'query A { councils { name } } query B { __typename }' },
      'OPERATION_RESOLUTION_FAILURE',
    ],
    ['a subscription, which the schema has none of', { query: 'subscription { councils { name } }' }, 'GRAPHQL_VALIDATION_FAILED'],
    [
      'a persisted query of an unknown version',
      { query: '{ __typename }', extensions: { persistedQuery: { version: 2, sha256Hash: 'ab' } } },
      'BAD_REQUEST',
    ],
    [
      'a persisted query whose hash is not its text’s',
      { query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'ab'.repeat(32) } } },
      'BAD_REQUEST',
    ],
  ])('%s: 400 %s', async (_what, body, expected) => {
    const res = await post(t, body);
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code: expected });
    expect(internalErrors(t)).toEqual([]);
  });
});

describe('in production', () => {
  const t = useTestApp({ nodeEnv: 'production' });

  test('a misspelt field gets no “Did you mean” suggestion', async () => {
    const res = await post(t, { query: '{ provders { totalCount } }' });
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code: 'GRAPHQL_VALIDATION_FAILED' });
    expect(res.message).toBe('Cannot query field "provders" on type "Query".');
  });

  test.each([
    ['a misspelt input field', 'query($f: ProviderFilter) { providers(filter: $f) { totalCount } }', { f: { txt: 'care' } }],
    ['a misspelt enum value', 'query($s: ServiceSort) { services(sort: $s) { totalCount } }', { s: 'NAMEE' }],
  ])('%s in the variables gets no “Did you mean” suggestion', async (_what, query, variables) => {
    const res = await post(t, { query, variables });
    expect({ status: res.status, code: res.code }).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
    expect(res.message).not.toMatch(/Did you mean/);
  });

  test('introspection stays on, for partners', async () => {
    const res = await post(t, { query: '{ __schema { queryType { name } } }' });
    expect(res.body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
  });
});

import { createHash } from 'node:crypto';
import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { demoSignIn, DEMO_PARTNER_KEY } from './support/demo.js';
import { persistedOperation } from './support/web-pages.js';

/**
 * The widgets' operations by id (Apollo's persisted-query extension, ids from codegen's manifest as the
 * build serves it): public directory reads over GET that a CDN may keep, everything else as before.
 */
const t = useTestApp({ seeded: true });

const SEARCH = { filter: { near: { postcode: 'HD7', radiusMiles: 5 } }, sort: 'DISTANCE', first: 5 };

function byIdUrl(id: string, variables: unknown, operationName?: string): string {
  const url = new URL('/graphql', t.url);
  if (operationName) url.searchParams.set('operationName', operationName);
  url.searchParams.set('variables', JSON.stringify(variables));
  url.searchParams.set('extensions', JSON.stringify({ persistedQuery: { version: 1, sha256Hash: id } }));
  return url.href;
}

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  const body = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { status: res.status, headers: res.headers, body, code: body.errors?.[0]?.extensions?.code };
}

describe('a public directory read by id over GET', () => {
  test('answers as the same query sent as text, and may be kept by shared caches for every origin', async () => {
    const search = persistedOperation('ProviderSearchServices');
    const res = await get(byIdUrl(search.id, SEARCH, 'ProviderSearchServices'), { origin: 'https://carers.example' });
    expect(res.status).toBe(200);
    expect(res.body.errors).toBeUndefined();
    const posted = await t.gql(search.text, SEARCH);
    expect(res.body.data).toEqual(posted.data);
    expect((res.body.data as { services: { totalCount: number } }).services.totalCount).toBeGreaterThan(0);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=300');
    expect(res.headers.get('vary')).toBe('Accept, Authorization, X-Api-Key');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
  });

  test('the categories and a provider page are public reads too, with no operation name needed', async () => {
    const categories = await get(byIdUrl(persistedOperation('ProviderSearchCategories').id, {}));
    expect(categories.body.errors).toBeUndefined();
    expect(categories.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=300');
    const provider = await get(byIdUrl(persistedOperation('ProviderPage').id, { slug: 'colne-valley-care-co-operative' }));
    expect(provider.body.data).toMatchObject({ provider: { slug: 'colne-valley-care-co-operative' } });
    expect(provider.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=300');
  });

  test('with a credential (a bearer token or an API key) the same read is private', async () => {
    const headers = await demoSignIn(t, 'margaret');
    const res = await get(byIdUrl(persistedOperation('ProviderSearchServices').id, SEARCH), headers);
    expect(res.body.errors).toBeUndefined();
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const keyed = await get(byIdUrl(persistedOperation('ProviderSearchServices').id, SEARCH), { 'x-api-key': DEMO_PARTNER_KEY });
    expect(keyed.headers.get('cache-control')).toBe('private, no-store');
  });

  test('an answer with errors is not kept', async () => {
    const res = await get(byIdUrl(persistedOperation('ProviderSearchServices').id, { filter: { near: { postcode: 'NOT A POSTCODE 9' } } }));
    expect(res.code).toBe('INVALID_POSTCODE');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('the id over POST is answered, but POST answers are not marked cacheable', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        variables: SEARCH,
        extensions: { persistedQuery: { version: 1, sha256Hash: persistedOperation('ProviderSearchServices').id } },
      }),
    });
    expect(((await res.json()) as { data: unknown }).data).toMatchObject({ services: { totalCount: expect.any(Number) } });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('everything else over GET is not for shared caches', () => {
  test('a query sent as text, even a directory read of the same name, may not be stored', async () => {
    const search = persistedOperation('ProviderSearchServices');
    const url = new URL('/graphql', t.url);
    url.searchParams.set('query', search.text.replace('query ProviderSearchServices', 'query ProviderSearchServices '));
    url.searchParams.set('variables', JSON.stringify(SEARCH));
    const res = await get(url.href);
    expect(res.body.errors).toBeUndefined();
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test("a widget's private read by id, and `me`, are not public", async () => {
    const viewer = await get(byIdUrl(persistedOperation('BudgetViewer').id, {}));
    expect(viewer.headers.get('cache-control')).toBe('no-store');
    const me = await get(`${t.url}/graphql?query=${encodeURIComponent('{ me { id } }')}`);
    expect(me.status).toBe(200);
    expect(me.headers.get('cache-control')).toBe('no-store');
  });
});

describe('ids the widgets never sent', () => {
  test('an unknown id is PERSISTED_QUERY_NOT_FOUND, so a client sends the text instead', async () => {
    const res = await get(byIdUrl('0'.repeat(64), {}));
    expect(res.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test("a widget's id behind anything but Apollo's own prefix is not found", async () => {
    const { id } = persistedOperation('ProviderSearchCategories');
    for (const alias of [`x:${id}`, `:${id}`, id.toUpperCase(), `${id}\n`]) {
      const res = await get(byIdUrl(alias, {}));
      expect(res.code, alias).toBe('PERSISTED_QUERY_NOT_FOUND');
      expect(res.body.data, alias).toBeUndefined();
    }
  });

  test('a client cannot register a document of its own under an id', async () => {
    const query = '{ serviceCategories { slug } }';
    const id = createHash('sha256').update(query).digest('hex');
    const registered = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query, extensions: { persistedQuery: { version: 1, sha256Hash: id } } }),
    });
    expect(((await registered.json()) as { data: unknown }).data).toMatchObject({ serviceCategories: expect.any(Array) });
    expect((await get(byIdUrl(id, {}))).code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });
});

import { HeaderMap } from '@apollo/server';
import { describe, expect, test } from 'vitest';
import { publicReadCachePlugin } from '../api/graphql/public-cache.js';
import { trustedDocuments } from '../api/graphql/trusted-documents.js';
import { useTestApp } from './support/app.js';
import { persistedOperation } from './support/web-pages.js';

/**
 * What a CDN in front of /graphql may keep: a public directory read by id, and nothing else. The answers
 * refused before GraphQL runs are the ones a CDN that caches by default would otherwise keep and hand out.
 */
const categoriesId = persistedOperation('ProviderSearchCategories').id;
const byId = (url: string, hash: string, extra = '') =>
  `${url}/graphql?extensions=${encodeURIComponent(JSON.stringify({ persistedQuery: { version: 1, sha256Hash: hash } }))}${extra}`;

describe('GET answers refused before GraphQL runs are no-store', () => {
  const t = useTestApp({ seeded: true });

  test('variables that are not JSON: 400', async () => {
    const res = await fetch(byId(t.url, categoriesId, '&variables=%7B'));
    expect(res.status).toBe(400);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('an Accept header GraphQL cannot answer: 406', async () => {
    const res = await fetch(byId(t.url, categoriesId), { headers: { accept: 'image/png' } });
    expect(res.status).toBe(406);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('a bearer token that is not one: 401', async () => {
    const res = await fetch(byId(t.url, categoriesId), { headers: { authorization: 'Bearer not-a-token' } });
    expect(res.status).toBe(401);
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  test('the public read itself, the control: shared caches may keep it', async () => {
    const res = await fetch(byId(t.url, categoriesId));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60, s-maxage=300');
  });
});

describe('one URL per public read', () => {
  const t = useTestApp({ seeded: true });
  const refusal = async (url: string, init?: RequestInit) => {
    const res = await fetch(url, init);
    const body = (await res.json()) as { data?: unknown; errors?: { extensions: { code: string } }[] };
    return { status: res.status, code: body.errors?.[0]?.extensions.code, data: body.data, cacheControl: res.headers.get('cache-control') };
  };

  test('a parameter GraphQL does not read, or one given twice, is 400 BAD_REQUEST, not another copy of the read', async () => {
    for (const extra of ['&cachebuster=1', '&Extensions=%7B%7D', `&operationName=ProviderSearchCategories&operationName=x`]) {
      expect(await refusal(byId(t.url, categoriesId, extra)), extra).toEqual({
        status: 400,
        code: 'BAD_REQUEST',
        data: undefined,
        cacheControl: 'no-store',
      });
    }
    expect(await refusal(byId(t.url, categoriesId, '&operationName=ProviderSearchCategories&variables=%7B%7D'))).toMatchObject({
      status: 200,
      cacheControl: 'public, max-age=60, s-maxage=300',
    });
  });

  test('paths Express mounts under /graphql answer 404, not the read', async () => {
    const search = byId(t.url, categoriesId).slice(`${t.url}/graphql`.length);
    for (const path of ['/graphql/', '/graphql/x', '/GRAPHQL', '/graphql/graphql']) {
      expect(await refusal(`${t.url}${path}${search}`), path).toEqual({
        status: 404,
        code: 'NOT_FOUND',
        data: undefined,
        cacheControl: 'no-store',
      });
    }
    const posted = await refusal(`${t.url}/graphql/x`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(posted).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  test('a POST may still carry a parameter in its address, which GraphQL ignores', async () => {
    const res = await fetch(`${t.url}/graphql?via=partner`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('the address rate limit on a public read', () => {
  const t = useTestApp({ seeded: true, rateLimitPerMinute: 5 });

  test('a 429 is no-store, so a CDN cannot hand one address’s refusal to everyone', async () => {
    let res: Response;
    do res = await fetch(byId(t.url, categoriesId));
    while (res.status !== 429);
    expect(res.headers.get('retry-after')).not.toBeNull();
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });
});

describe('the public read plugin', () => {
  test('adds its Vary to one already set, rather than replacing it', async () => {
    const trusted = trustedDocuments({ [`sha256:${categoriesId}`]: 'query ProviderSearchCategories { serviceCategories { slug } }' });
    // Apollo's request context, cut down to what the plugin reads.
    const listener = await publicReadCachePlugin(trusted).requestDidStart!({
      request: { http: { method: 'GET' }, extensions: { persistedQuery: { version: 1, sha256Hash: categoriesId } } },
    } as never);
    const headers = new HeaderMap([['vary', 'Origin']]);
    await listener!.willSendResponse!({
      contextValue: { actor: { kind: 'anonymous' } },
      response: { http: { headers }, body: { kind: 'single', singleResult: { data: {} } } },
    } as never);
    expect(headers.get('cache-control')).toBe('public, max-age=60, s-maxage=300');
    expect(headers.get('vary')).toBe('Origin, Accept, Authorization, X-Api-Key');
  });
});

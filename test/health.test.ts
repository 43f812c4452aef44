import { afterAll, beforeAll, expect, test } from 'vitest';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
});
afterAll(async () => t?.close());

test('/healthz answers while the process is up', async () => {
  const res = await fetch(`${t.url}/healthz`);
  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({ status: 'ok' });
});

test('/readyz is ready when the database answers and every migration is applied', async () => {
  const res = await fetch(`${t.url}/readyz`);
  expect(res.status).toBe(200);
});

test('a malformed query is a typed client error, not a 500', async () => {
  const res = await t.gql('{ nope ');
  expect(res.errors?.[0]?.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
});

test('a GET mutation or a simple cross-site POST is refused by CSRF prevention', async () => {
  const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`);
  expect(res.status).toBe(400);
});

test('GET /graphql in a browser is a usable landing page', async () => {
  const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
});

test('queries also work over GET, with the preflight header CSRF prevention asks for', async () => {
  const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ serviceCategories { slug } }')}`, {
    headers: { 'apollo-require-preflight': 'true' },
  });
  expect(res.status).toBe(200);
  expect(((await res.json()) as { data: { serviceCategories: unknown[] } }).data.serviceCategories.length).toBeGreaterThanOrEqual(9);
});

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

test('GET /graphql in a browser is a usable landing page', async () => {
  const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html' } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/text\/html/);
});

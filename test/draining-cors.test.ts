import { expect, test } from 'vitest';
import { useTestApp } from './support/app.js';

/**
 * A stopping instance refuses new requests with 503: a widget or ORUK client on another origin must be
 * able to read that refusal (and its Retry-After), not meet a network error from a response without CORS.
 */

const t = useTestApp();
const origin = 'https://partner.example';

test('while stopping, /graphql and /oruk refuse with 503 that a page on another origin can read', async () => {
  await t.beginDraining();

  const graphql = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin },
    body: JSON.stringify({ query: '{ serviceCategories { slug } }' }),
  });
  expect(graphql.status).toBe(503);
  expect(graphql.headers.get('access-control-allow-origin')).toBe(origin);
  expect(graphql.headers.get('retry-after')).toBe('5');
  expect(await graphql.json()).toMatchObject({ errors: [{ extensions: { code: 'SERVICE_UNAVAILABLE' } }] });

  const preflight = await fetch(`${t.url}/graphql`, {
    method: 'OPTIONS',
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);

  const oruk = await fetch(`${t.url}/oruk/services`, { headers: { origin } });
  expect(oruk.status).toBe(503);
  expect(oruk.headers.get('access-control-allow-origin')).toBe('*');
  expect(await oruk.json()).toMatchObject({ status: 503, detail: expect.stringMatching(/stopping/) });

  // Routes that give no CORS give none while stopping either.
  const readiness = await fetch(`${t.url}/readyz`, { headers: { origin } });
  expect(readiness.status).toBe(503);
  expect(readiness.headers.get('access-control-allow-origin')).toBeNull();
});

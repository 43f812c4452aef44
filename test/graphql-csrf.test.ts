import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from './support/demo.js';
import { LOGIN } from './support/graphql.js';
import { RATE_LIMIT_TABLE } from '../api/common/rate-limiter.js';
import { installWriteLog, takeWrites } from './support/write-log.js';

/**
 * Cross-site request forgery (README, "At the edge"): a plain GET may read, since a GET runs only a
 * query; nothing else runs from a request another site's page could send without a CORS preflight.
 */
const t = useTestApp({ seeded: true }, (app) => installWriteLog(app.db));
/** What the request wrote, but for counting it against its address. */
const writes = async () => (await takeWrites(t.db)).filter((w) => w.table_name !== RATE_LIMIT_TABLE);
const signIn = JSON.stringify({ query: LOGIN, variables: { e: DEMO_ACCOUNTS.margaret.email, p: DEMO_PASSWORD } });

function postAs(contentType: string | null, body: BodyInit) {
  return fetch(`${t.url}/graphql`, { method: 'POST', headers: contentType ? { 'content-type': contentType } : {}, body });
}

describe('what a cross-site form or simple request can send', () => {
  test('the same sign-in writes a session as JSON (the control for the refusals below)', async () => {
    await takeWrites(t.db);
    const res = await postAs('application/json', signIn);
    expect(res.status).toBe(200);
    expect(await writes()).not.toEqual([]);
  });

  test.each([
    ['text/plain', 'text/plain;charset=UTF-8', signIn],
    ['a urlencoded form', 'application/x-www-form-urlencoded', new URLSearchParams({ query: LOGIN }).toString()],
    ['a multipart form', null, formOf(signIn)],
    ['no content type', null, new Blob([signIn])],
  ])('a mutation sent as %s is refused with 415 and writes nothing', async (_what, contentType, body) => {
    await takeWrites(t.db);
    const res = await postAs(contentType, body);
    expect(res.status).toBe(415);
    expect(await res.json()).toEqual({
      errors: [{ message: 'A POST to /graphql must be sent as Content-Type: application/json.', extensions: { code: 'BAD_REQUEST' } }],
    });
    expect(await writes()).toEqual([]);
  });

  test('a mutation over GET is refused with 405 and writes nothing', async () => {
    await takeWrites(t.db);
    const url = new URL('/graphql', t.url);
    url.searchParams.set('query', LOGIN);
    url.searchParams.set('variables', JSON.stringify({ e: DEMO_ACCOUNTS.margaret.email, p: DEMO_PASSWORD }));
    const res = await fetch(url);
    expect(res.status).toBe(405);
    expect(await writes()).toEqual([]);
  });

  test('a plain GET query needs no extra header', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ serviceCategories { slug } }')}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { data: { serviceCategories: unknown[] } }).data.serviceCategories.length).toBeGreaterThan(0);
  });
});

function formOf(json: string): FormData {
  const form = new FormData();
  form.set('operations', json);
  return form;
}

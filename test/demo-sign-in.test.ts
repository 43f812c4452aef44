import { describe, expect, test } from 'vitest';
import type { TestApp } from './harness.js';
import { useTestApp } from './support/app.js';
import { bearer } from './support/graphql.js';

/**
 * `POST /demo/widget-sessions`: the demo council page's server side, minting a BOOKING and a
 * BUDGET_VIEW widget session for a demo budget holder with the demo partner key, as a council's server
 * would for its signed-in resident. Only where the demo is served; never in production.
 */

function signIn(t: TestApp, body: unknown, headers: Record<string, string> = { origin: t.url }): Promise<Response> {
  return fetch(`${t.url}/demo/widget-sessions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

type Sessions = { bookingToken: string; budgetToken: string; expiresAt: string; name: string };
type Problem = { status: number; title: string; detail: string; errors?: { parameter: string; message: string }[] };

const WIDGET_VIEWER = `{ widgetViewer { name purpose personalBudgets { kind } } }`;

async function viewer(t: TestApp, token: string, origin: string) {
  return t.gql<{ widgetViewer: { name: string; purpose: string; personalBudgets: { kind: string }[] } | null }, unknown>(
    WIDGET_VIEWER,
    undefined,
    { ...bearer(token), origin },
  );
}

async function sessionsMade(t: TestApp): Promise<number> {
  return Number((await t.db.query(`SELECT count(*) AS n FROM widget_session`))[0].n);
}

async function expectProblem(res: Response, status: number, detail: RegExp): Promise<Problem> {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toContain('application/problem+json');
  const problem = (await res.json()) as Problem;
  expect(problem.status).toBe(status);
  expect(problem.detail).toMatch(detail);
  return problem;
}

describe('where the demo is served', () => {
  const t = useTestApp({ seeded: true, demo: true });

  test('mints a booking and a budget session for Margaret, for the page’s origin only, each for its own purpose', async () => {
    const before = Date.now();
    const res = await signIn(t, { person: 'margaret' });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const sessions = (await res.json()) as Sessions;
    expect(sessions.name).toBe('Margaret Hirst');
    expect(Date.parse(sessions.expiresAt)).toBeGreaterThan(before + 14 * 60_000);
    expect(Date.parse(sessions.expiresAt)).toBeLessThanOrEqual(Date.now() + 15 * 60_000);

    const booking = await viewer(t, sessions.bookingToken, t.url);
    expect(booking.data?.widgetViewer).toEqual({
      name: 'Margaret Hirst',
      purpose: 'BOOKING',
      personalBudgets: [{ kind: 'COUNCIL_MANAGED' }],
    });
    expect((await viewer(t, sessions.budgetToken, t.url)).data?.widgetViewer?.purpose).toBe('BUDGET_VIEW');
    // Bound to the page it was made for, as every widget session is.
    expect((await viewer(t, sessions.bookingToken, 'https://elsewhere.example')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // Made by the demo partner, as its server would: audited as the key's.
    const [audit] = await t.db.query(
      `SELECT count(*) AS n FROM audit_event e JOIN api_key k ON k.id = e.actor_api_key_id
        WHERE e.action = 'widgetSession.create' AND k.name = 'Demo booking page'
          AND e.object_id = (SELECT id::text FROM person WHERE email = 'margaret@example.org')`,
    );
    expect(Number(audit.n)).toBe(2);
  });

  test('works from the other address the demo page is served at, and for Arthur', async () => {
    const other = t.url.replace('127.0.0.1', 'localhost');
    const res = await signIn(t, { person: 'arthur' }, { origin: other });
    expect(res.status).toBe(200);
    const sessions = (await res.json()) as Sessions;
    expect(sessions.name).toBe('Arthur Beaumont');
    expect((await viewer(t, sessions.budgetToken, other)).data?.widgetViewer).toMatchObject({
      name: 'Arthur Beaumont',
      personalBudgets: [{ kind: 'DIRECT_PAYMENT' }],
    });
  });

  test('refuses another web site, and a request from no page at all, in words; nothing is minted', async () => {
    const before = await sessionsMade(t);
    await expectProblem(
      await signIn(t, { person: 'margaret' }, { origin: 'https://elsewhere.example' }),
      403,
      /only on this server’s own demo page/,
    );
    await expectProblem(await signIn(t, { person: 'margaret' }, {}), 403, /only on this server’s own demo page/);
    expect(await sessionsMade(t)).toBe(before);
  });

  test('refuses a budget holder who has not consented to the demo partner, naming her', async () => {
    const before = await sessionsMade(t);
    await expectProblem(await signIn(t, { person: 'joan' }), 403, /^Joan Sykes has not agreed to let this demo page book care/);
    expect(await sessionsMade(t)).toBe(before);
  });

  test('a body that names no demo budget holder, or is not JSON, is a 4xx problem, never a 5xx', async () => {
    for (const body of [
      {},
      { person: 'david' },
      { person: 'officer' },
      { person: 'MARGARET' },
      { person: 5 },
      { person: ['margaret'] },
      [],
    ]) {
      const problem = await expectProblem(await signIn(t, body), 400, /^Choose one of the demo residents\.$/);
      expect(problem.errors).toEqual([{ parameter: 'person', message: 'must be one of margaret, arthur, joan' }]);
    }
    for (const body of ['{', '"margaret"', 'null']) {
      await expectProblem(await signIn(t, body), 400, /Send \{"person": "<name>"\} as JSON|Choose one of the demo residents/);
    }
    await expectProblem(await signIn(t, { person: 'margaret', padding: 'x'.repeat(2000) }), 413, /as JSON/);
    const form = await fetch(`${t.url}/demo/widget-sessions`, {
      method: 'POST',
      headers: { origin: t.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'person=margaret',
    });
    await expectProblem(form, 400, /Choose one of the demo residents/);
  });

  test('anything else under /demo is a 404 problem', async () => {
    await expectProblem(await fetch(`${t.url}/demo/widget-sessions`), 404, /only POST \/demo\/widget-sessions/);
    await expectProblem(await fetch(`${t.url}/demo/other`, { method: 'POST', headers: { origin: t.url } }), 404, /only POST/);
  });
});

describe('the demo sign-in is rate-limited like every public route', () => {
  const t = useTestApp({ seeded: true, demo: true, rateLimitPerMinute: 2 });

  test('past the client address’s budget: 429 with Retry-After, before anything is minted', async () => {
    const address = { origin: t.url, 'x-forwarded-for': '198.51.100.77' };
    expect((await signIn(t, { person: 'margaret' }, address)).status).toBe(200);
    expect((await signIn(t, { person: 'margaret' }, address)).status).toBe(200);
    const before = await sessionsMade(t);
    const refused = await signIn(t, { person: 'margaret' }, address);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(await sessionsMade(t)).toBe(before);
  });
});

describe('without the demo data', () => {
  const t = useTestApp({ seeded: true });

  test('there is no demo sign-in: 404, and the council page offers none', async () => {
    expect((await signIn(t, { person: 'margaret' })).status).toBe(404);
    const page = await (await fetch(`${t.url}/`)).text();
    expect(page).not.toContain('Try booking as a demo resident');
    expect(page).not.toContain('data-person');
  });
});

describe('in production, whatever the app is told', () => {
  const t = useTestApp({ seeded: true, demo: true, nodeEnv: 'production' });

  test('there is no demo sign-in: 404, and the council page offers none', async () => {
    expect((await signIn(t, { person: 'margaret' })).status).toBe(404);
    expect(await (await fetch(`${t.url}/`)).text()).not.toContain('Try booking as a demo resident');
  });
});

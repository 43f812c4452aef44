import { beforeAll, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { DEMO_PARTNER_KEY, demoSignIn } from './support/demo.js';
import { code, createWidgetSession } from './support/graphql.js';
import { seedDemoStart } from './support/seed.js';
import { personIdOf } from './support/widget-sessions.js';

/**
 * The demo partner key works from the demo's own pages whatever PORT coopcare starts on: each demo
 * start makes the key's origins that port's, on a database first seeded on another.
 */
const t = useTestApp({ seeded: true });
const ids: Record<'margaret' | 'arthur', string> = { margaret: '', arthur: '' };

beforeAll(async () => {
  for (const person of ['margaret', 'arthur'] as const) {
    ids[person] = await personIdOf(t, await demoSignIn(t, person));
  }
});

/** What minting a session from `origin` with the demo key gives: a token, or the refusal's code. */
async function mintFrom(origin: string, person: keyof typeof ids = 'margaret'): Promise<string | undefined> {
  const res = await createWidgetSession(t, { personId: ids[person], purpose: 'BOOKING', origin }, DEMO_PARTNER_KEY);
  return res.data?.createWidgetSession.token ? 'minted' : code(res);
}

test('a database seeded on port 4000 and started on 4100 mints sessions for 4100’s pages, and no longer for 4000’s', async () => {
  const first = await seedDemoStart(t.services, 4000);
  expect(first.summary).toContain('demo partner API key (X-Api-Key, Kirklees, origins http://localhost:4000 http://127.0.0.1:4000)');
  expect(await mintFrom('http://localhost:4000')).toBe('minted');
  expect(await mintFrom('http://127.0.0.1:4000')).toBe('minted');
  expect(await mintFrom('http://localhost:4100')).toBe('FORBIDDEN');

  const second = await seedDemoStart(t.services, 4100);
  expect(second.summary).toContain('origins http://localhost:4100 http://127.0.0.1:4100');
  expect(await mintFrom('http://localhost:4100')).toBe('minted');
  expect(await mintFrom('http://127.0.0.1:4100', 'arthur')).toBe('minted');
  expect(await mintFrom('http://localhost:4000')).toBe('FORBIDDEN');
  const [key] = await t.db.query(`SELECT allowed_origins FROM api_key WHERE name = 'Demo booking page'`);
  expect(key.allowed_origins).toEqual(['http://localhost:4100', 'http://127.0.0.1:4100']);
});

test('the start-up message names the people who consented to the demo partner, with the ids a partner keeps', async () => {
  const { summary } = await seedDemoStart(t.services, 4000);
  expect(summary).toContain(`${ids.margaret}  Margaret Hirst`);
  expect(summary).toContain(`${ids.arthur}  Arthur Beaumont`);
  expect(summary).not.toContain('Joan Sykes');
});

test('a start gives a consenting demo person who never had a consent one, and leaves a withdrawn consent withdrawn', async () => {
  const consents = async (person: keyof typeof ids) =>
    (
      await t.db.query(
        `SELECT c.revoked_at FROM widget_consent c JOIN api_key k ON k.id = c.api_key_id
          WHERE k.name = 'Demo booking page' AND c.person_id = $1 ORDER BY c.given_at`,
        [ids[person]],
      )
    ).map((row: { revoked_at: Date | null }) => (row.revoked_at ? 'withdrawn' : 'live'));
  // A database seeded before Arthur consented.
  await t.db.query(`DELETE FROM widget_consent WHERE person_id = $1`, [ids.arthur]);
  await t.db.query(`UPDATE widget_consent SET revoked_at = now() WHERE person_id = $1`, [ids.margaret]);

  const { summary } = await seedDemoStart(t.services, 4000);
  expect(await consents('arthur')).toEqual(['live']);
  expect(await consents('margaret')).toEqual(['withdrawn']);
  expect(await mintFrom('http://localhost:4000', 'arthur')).toBe('minted');
  expect(await mintFrom('http://localhost:4000', 'margaret')).toBe('FORBIDDEN');
  expect(summary).not.toContain('Margaret Hirst');
});

import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { canActForPerson, type Actor } from '../api/auth/actor.js';
import { RepresentativeRight, WidgetPurpose } from '../api/auth/auth.enums.js';
import { useTestApp } from './support/app.js';
import { accepted, code, createWidgetSession, cursor, signedIn } from './support/graphql.js';
import { expiredWidgetToken } from './support/widget-sessions.js';
import { PARTNER_ORIGIN, PASSWORD, PEOPLE, SCOPED_KEY, TOKEN_SECRET, useWorld } from './support/world.js';

/**
 * Partners: API keys (scoped, limited to their origins, listed and paged for officers and admins) and
 * the widget sessions a partner's server mints with one for a person: minutes long, for one purpose and
 * one origin, ended with the key.
 */
const t = useTestApp({ seeded: 'world', tokenSecret: TOKEN_SECRET });
const w = useWorld(t);

const mint = (input: Record<string, unknown>, apiKey = SCOPED_KEY) => createWidgetSession(t, input, apiKey);

describe('API keys', () => {
  test('an API key used from an origin it does not allow is FORBIDDEN; an unknown key is UNAUTHENTICATED', async () => {
    expect(await accepted(t, { 'x-api-key': SCOPED_KEY, origin: 'https://evil.example' })).toBe('FORBIDDEN');
    expect(await accepted(t, { 'x-api-key': 'cck_guess' })).toBe('UNAUTHENTICATED');
  });

  test('a crafted or impossible apiKeys cursor is BAD_USER_INPUT; a real time is not', async () => {
    const page = (after: string) =>
      t.gql(`query($a: String) { apiKeys(first: 5, after: $a) { totalCount } }`, { a: after }, w.headers('admin'));
    for (const bad of [
      ['apiKeys', 'not-a-date', w.apiKeyIds.scoped],
      ['apiKeys', '2025-01-01T00:00:00.000000Z', 'not-a-uuid'],
      ['apiKeys', '2025-13-45T99:00:00.000000Z', w.apiKeyIds.scoped],
    ]) {
      expect(code(await page(cursor(bad))), JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    }
    // Dates PostgreSQL would refuse.
    for (const time of [
      '2023-02-30T00:00:00.000000Z',
      '0000-01-01T00:00:00.000000Z',
      '2023-04-31T12:00:00.000000Z',
      '2023-01-01T24:00:00.000000Z',
    ]) {
      expect(code(await page(cursor(['apiKeys', time, w.apiKeyIds.scoped]))), time).toBe('BAD_USER_INPUT');
    }
    expect((await page(cursor(['apiKeys', '2024-02-29T10:00:00.123456Z', w.apiKeyIds.scoped]))).errors).toBeUndefined();
  });

  test('apiKeys made in the same millisecond are each paged once', async () => {
    await t.db.query(
      `INSERT INTO api_key (name, organisation_name, council_id, key_prefix, secret_hash, scopes, allowed_origins, created_at)
       SELECT 'same-ms', 'Org', $1, 'cck_x', md5(random()::text) || g, '{directory:read}', '{}',
         '2030-01-01T00:00:00.123001Z'::timestamptz + g * interval '1 microsecond'
         FROM generate_series(1, 3) g`,
      [w.councilA],
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: {
        data?: {
          apiKeys: { edges: { node: { id: string; name: string } }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
        } | null;
      } = await t.gql(
        `query($a: String) { apiKeys(first: 1, after: $a) { edges { node { id name } } pageInfo { endCursor hasNextPage } } }`,
        { a: after },
        w.headers('admin'),
      );
      const page = res.data!.apiKeys;
      seen.push(...page.edges.filter((e) => e.node.name === 'same-ms').map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(new Set(seen).size).toBe(3);
    expect(seen).toHaveLength(3);
  });
});

describe('widget sessions', () => {
  test('last at most 15 minutes', async () => {
    const res = await mint({ personId: w.ids.person, purpose: 'BOOKING', origin: PARTNER_ORIGIN });
    const minutes = (Date.parse(res.data!.createWidgetSession.expiresAt) - Date.now()) / 60_000;
    expect(minutes).toBeLessThanOrEqual(15);
    expect(code(await mint({ personId: w.ids.person, purpose: 'BOOKING', origin: PARTNER_ORIGIN, minutes: 16 }))).toBe('BAD_USER_INPUT');
  });

  test('only for an origin the key allows', async () => {
    expect(code(await mint({ personId: w.ids.person, purpose: 'BOOKING', origin: 'https://elsewhere.example' }))).toBe('FORBIDDEN');
  });

  test('work only from their origin: none or another is FORBIDDEN', async () => {
    const token = w.widgetToken;
    expect(await accepted(t, { authorization: `Bearer ${token}` })).toBe('FORBIDDEN');
    expect(await accepted(t, { authorization: `Bearer ${token}`, origin: 'https://evil.example' })).toBe('FORBIDDEN');
    expect(await accepted(t, { authorization: `Bearer ${token}`, origin: PARTNER_ORIGIN })).toBeUndefined();
  });

  test('an expired widget token is UNAUTHENTICATED', async () => {
    const expired = await expiredWidgetToken(w.widgetToken);
    expect(await accepted(t, { authorization: `Bearer ${expired}`, origin: PARTNER_ORIGIN })).toBe('UNAUTHENTICATED');
  });

  test('serve only their purpose', async () => {
    const widget = (purpose: WidgetPurpose): Actor => ({
      kind: 'widget',
      widgetSessionId: 'w',
      apiKeyId: 'k',
      personId: 'p',
      purpose,
      origin: PARTNER_ORIGIN,
      expiresAt: new Date(),
    });
    expect(canActForPerson(widget(WidgetPurpose.BUDGET_VIEW), 'p', RepresentativeRight.VIEW_BUDGET)).toBe(true);
    expect(canActForPerson(widget(WidgetPurpose.BUDGET_VIEW), 'p', RepresentativeRight.BOOK)).toBe(false);
    expect(canActForPerson(widget(WidgetPurpose.BOOKING), 'p', RepresentativeRight.BOOK)).toBe(true);
    expect(canActForPerson(widget(WidgetPurpose.BOOKING), 'p', RepresentativeRight.VIEW_PLAN)).toBe(false);
    expect(canActForPerson(widget(WidgetPurpose.BOOKING), 'someone-else', RepresentativeRight.BOOK)).toBe(false);
    // Over HTTP: a widget session cannot do what only the person may.
    const res = await t.gql(
      `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`,
      { i: { representativeEmail: 'x@test.example', representativeName: 'X', rights: ['BOOK'] } },
      w.headers('widget'),
    );
    expect(code(res)).toBe('FORBIDDEN');
  });

  test('end when their key is revoked', async () => {
    const secret = (
      await t.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(
        `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }`,
        { i: { name: 'temp', organisationName: 'Org', scopes: ['WIDGET_SESSIONS_CREATE'], allowedOrigins: [PARTNER_ORIGIN] } },
        w.headers('officer'),
      )
    ).data!.createApiKey;
    const consent = await t.gql(
      `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { id } }`,
      { i: { apiKeyId: secret.apiKey.id } },
      w.headers('person'),
    );
    expect(consent.errors).toBeUndefined();
    const session = (await mint({ personId: w.ids.person, purpose: 'BUDGET_VIEW', origin: PARTNER_ORIGIN }, secret.secret)).data!
      .createWidgetSession;
    const headers = { authorization: `Bearer ${session.token}`, origin: PARTNER_ORIGIN };
    expect(await accepted(t, headers)).toBeUndefined();
    await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: secret.apiKey.id }, w.headers('officer'));
    expect(await accepted(t, headers)).toBe('UNAUTHENTICATED');
    expect(await accepted(t, { 'x-api-key': secret.secret })).toBe('UNAUTHENTICATED');
  });
});

const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { allowedOrigins } } }`;
const keyFor = (...allowedOrigins: string[]) => ({
  i: { name: 'Page', organisationName: 'Org', scopes: ['DIRECTORY_READ'], allowedOrigins },
});
const keyCount = async (app: typeof t) => (await app.db.query(`SELECT count(*)::int AS n FROM api_key`))[0].n as number;

describe("partners' page origins", () => {
  test('in development and test, http:// origins (localhost) are allowed beside https://', async () => {
    const res = await t.gql<{ createApiKey: { apiKey: { allowedOrigins: string[] } } }, unknown>(
      CREATE_KEY,
      keyFor('http://localhost:3000', 'https://partner.example'),
      w.headers('officer'),
    );
    expect(res.data?.createApiKey.apiKey.allowedOrigins).toEqual(['http://localhost:3000', 'https://partner.example']);
  });

  describe('in production', () => {
    // The app reads NODE_ENV once, as it starts; this block's app is the only one started under it.
    beforeAll(() => void vi.stubEnv('NODE_ENV', 'production'));
    afterAll(() => void vi.unstubAllEnvs());
    const live = useTestApp({ seeded: 'world' });

    test('an http:// origin is BAD_USER_INPUT naming allowedOrigins, and no key is made; https:// is accepted', async () => {
      const officer = await signedIn(live, PEOPLE.officer, PASSWORD);
      const before = await keyCount(live);
      for (const origins of [['http://insecure.example'], ['https://partner.example', 'http://localhost:3000']]) {
        const res = await live.gql(CREATE_KEY, keyFor(...origins), officer);
        expect(res.errors?.[0]?.extensions, origins.join()).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'allowedOrigins' });
      }
      expect(await keyCount(live)).toBe(before);
      expect(code(await live.gql(CREATE_KEY, keyFor('https://partner.example'), officer))).toBeUndefined();
    });
  });
});

import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { canActForPerson, type Actor } from '../api/auth/actor.js';
import { RepresentativeRight, WidgetPurpose } from '../api/auth/auth.enums.js';
import { startTestApp, type TestApp } from './harness.js';
import { buildWorld, PARTNER_ORIGIN, PASSWORD, SCOPED_KEY, type World } from './permissions.fixture.js';

const SECRET = 'test-token-secret-0123456789-abcdefghijklmnop';
const key = new TextEncoder().encode(SECRET);

let t: TestApp;
let w: World;
const consoleLines: string[] = [];
beforeAll(async () => {
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
  process.env.COOPCARE_TOKEN_SECRET = SECRET;
  t = await startTestApp();
  delete process.env.COOPCARE_TOKEN_SECRET;
  w = await buildWorld(t);
});
afterAll(async () => {
  vi.restoreAllMocks();
  await t?.close();
});

const ME = `{ me { id } }`;
const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;

function personToken(claims: { sub: string; sid: string }, exp: number, signingKey = key, audience = 'coopcare:person') {
  return new SignJWT({ sid: claims.sid })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('coopcare')
    .setAudience(audience)
    .setSubject(claims.sub)
    .setIssuedAt(exp - 60)
    .setExpirationTime(exp)
    .sign(signingKey);
}

async function sessionOf(token: string): Promise<{ sub: string; sid: string }> {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; sid: string };
  return { sub: payload.sub, sid: payload.sid };
}

describe('bearer tokens', () => {
  test('a valid token signs the request in', async () => {
    expect((await t.gql<{ me: { id: string } }, unknown>(ME, undefined, w.headers('person'))).data?.me.id).toBe(w.ids.person);
  });

  test('an expired token is UNAUTHENTICATED (HTTP 401)', async () => {
    const expired = await personToken(await sessionOf(w.tokens.person!), Math.floor(Date.now() / 1000) - 5);
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${expired}` },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(401);
    expect(code(await res.json())).toBe('UNAUTHENTICATED');
  });

  test('a tampered token is UNAUTHENTICATED: changed claims, another key, alg none', async () => {
    const [h, p, s] = w.tokens.person!.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const otherPayload = Buffer.from(JSON.stringify({ ...claims, sub: w.ids.admin })).toString('base64url');
    const swapped = `${h}.${otherPayload}.${s}`;
    const flipped = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BB' : 'AA'}`;
    const wrongKey = await personToken(await sessionOf(w.tokens.person!), Math.floor(Date.now() / 1000) + 600, new TextEncoder().encode('x'.repeat(40)));
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    for (const bad of [swapped, flipped, wrongKey, none, 'not-a-token']) {
      expect(code(await t.gql(ME, undefined, { authorization: `Bearer ${bad}` })), bad.slice(0, 20)).toBe('UNAUTHENTICATED');
    }
    expect(code(await t.gql(ME, undefined, { authorization: `Basic abc` }))).toBe('UNAUTHENTICATED');
  });

  test('a person token used from a foreign web origin is FORBIDDEN, and the page gets no CORS grant', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.person}`, origin: 'https://evil.example' },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(code(await res.json())).toBe('FORBIDDEN');
  });

  test('public queries are open to any origin', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://any-council.example' },
      body: JSON.stringify({ query: '{ serviceCategories { slug } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://any-council.example');
  });

  test('logout ends the session at once; refresh rotates, and a replayed refresh token ends the session', async () => {
    const login = await t.gql<{ login: { token: string; refreshToken: string } }, unknown>(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token refreshToken } }`,
      { e: w.emails.otherPerson, p: PASSWORD },
    );
    const first = login.data!.login;
    const refresh = (rt: string) =>
      t.gql<{ refreshSession: { token: string; refreshToken: string } }, unknown>(
        `mutation($r: String!) { refreshSession(refreshToken: $r) { token refreshToken } }`,
        { r: rt },
      );
    const second = (await refresh(first.refreshToken)).data!.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    // The old refresh token again: theft is assumed, the whole session ends.
    expect(code(await refresh(first.refreshToken))).toBe('UNAUTHENTICATED');
    expect(code(await refresh(second.refreshToken))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(ME, undefined, { authorization: `Bearer ${second.token}` }))).toBe('UNAUTHENTICATED');

    const again = (await t.gql<{ login: { token: string; refreshToken: string } }, unknown>(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token refreshToken } }`,
      { e: w.emails.otherPerson, p: PASSWORD },
    )).data!.login;
    expect((await t.gql(`mutation { logout }`, undefined, { authorization: `Bearer ${again.token}` })).data).toEqual({ logout: true });
    expect(code(await t.gql(ME, undefined, { authorization: `Bearer ${again.token}` }))).toBe('UNAUTHENTICATED');
    expect(code(await refresh(again.refreshToken))).toBe('UNAUTHENTICATED');
  });
});

describe('widget sessions', () => {
  const mint = (input: Record<string, unknown>, apiKey = SCOPED_KEY) =>
    t.gql<{ createWidgetSession: { token: string; expiresAt: string } }, unknown>(
      `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token expiresAt } }`,
      { i: input },
      { 'x-api-key': apiKey },
    );

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
    expect(code(await t.gql(`{ __typename }`, undefined, { authorization: `Bearer ${token}` }))).toBe('FORBIDDEN');
    expect(code(await t.gql(`{ __typename }`, undefined, { authorization: `Bearer ${token}`, origin: 'https://evil.example' }))).toBe('FORBIDDEN');
    const ok = await t.gql(`{ __typename }`, undefined, { authorization: `Bearer ${token}`, origin: PARTNER_ORIGIN });
    expect(ok.errors).toBeUndefined();
  });

  test('an expired widget token is UNAUTHENTICATED', async () => {
    const claims = JSON.parse(Buffer.from(w.widgetToken.split('.')[1]!, 'base64url').toString());
    const expired = await new SignJWT({ wsid: claims.wsid, purpose: claims.purpose, origin: claims.origin })
      .setProtectedHeader({ alg: 'HS256' })
      .setIssuer('coopcare')
      .setAudience('coopcare:widget')
      .setSubject(claims.sub)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 1)
      .sign(key);
    expect(code(await t.gql(`{ __typename }`, undefined, { authorization: `Bearer ${expired}`, origin: PARTNER_ORIGIN }))).toBe('UNAUTHENTICATED');
  });

  test('serve only their purpose', async () => {
    const widget = (purpose: WidgetPurpose): Actor => ({ kind: 'widget', widgetSessionId: 'w', apiKeyId: 'k', personId: 'p', purpose, origin: PARTNER_ORIGIN });
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
    const secret = (await t.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }`,
      { i: { name: 'temp', organisationName: 'Org', scopes: ['WIDGET_SESSIONS_CREATE'], allowedOrigins: [PARTNER_ORIGIN] } },
      w.headers('officer'),
    )).data!.createApiKey;
    const consent = await t.gql(
      `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { id } }`,
      { i: { apiKeyId: secret.apiKey.id } },
      w.headers('person'),
    );
    expect(consent.errors).toBeUndefined();
    const session = (await mint({ personId: w.ids.person, purpose: 'BUDGET_VIEW', origin: PARTNER_ORIGIN }, secret.secret)).data!.createWidgetSession;
    const headers = { authorization: `Bearer ${session.token}`, origin: PARTNER_ORIGIN };
    expect((await t.gql(`{ __typename }`, undefined, headers)).errors).toBeUndefined();
    await t.gql(`mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }`, { id: secret.apiKey.id }, w.headers('officer'));
    expect(code(await t.gql(`{ __typename }`, undefined, headers))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(`{ __typename }`, undefined, { 'x-api-key': secret.secret }))).toBe('UNAUTHENTICATED');
  });

  test('an API key used from an origin it does not allow is FORBIDDEN', async () => {
    expect(code(await t.gql(`{ __typename }`, undefined, { 'x-api-key': SCOPED_KEY, origin: 'https://evil.example' }))).toBe('FORBIDDEN');
    expect(code(await t.gql(`{ __typename }`, undefined, { 'x-api-key': 'cck_guess' }))).toBe('UNAUTHENTICATED');
  });
});

describe('sign-in', () => {
  const login = (email: string, password: string) =>
    // An address of its own: the per-address sign-in limit (20 a minute) is not what these tests are about.
    t.gql<{ login: { token: string } }, unknown>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: password }, { 'x-forwarded-for': '192.0.2.200' });

  test('a wrong password and an unknown email get the same answer', async () => {
    const wrong = await login(w.emails.friend, 'not the password');
    const unknown = await login('nobody@test.example', 'not the password');
    expect(code(wrong)).toBe('UNAUTHENTICATED');
    expect(wrong.errors![0]!.message).toBe(unknown.errors![0]!.message);
    expect(code(unknown)).toBe('UNAUTHENTICATED');
    // Email is case-insensitive.
    expect((await login(w.emails.friend.toUpperCase(), PASSWORD)).data?.login.token).toBeTruthy();
  });

  test('repeated failures lock the email for a while, even for the right password; unknown emails alike', async () => {
    for (let i = 0; i < 5; i++) expect(code(await login(w.emails.representativeNone, `guess ${i}`))).toBe('UNAUTHENTICATED');
    const locked = await login(w.emails.representativeNone, PASSWORD);
    expect(code(locked)).toBe('RATE_LIMITED');
    expect(locked.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    for (let i = 0; i < 5; i++) await login('ghost@test.example', `guess ${i}`);
    expect(code(await login('ghost@test.example', PASSWORD))).toBe('RATE_LIMITED');
    // Other accounts are unaffected.
    expect((await login(w.emails.friend, PASSWORD)).data?.login.token).toBeTruthy();
  });
});

describe('the audit trail', () => {
  test('records who did what, in which request', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${w.tokens.officer}`, 'x-request-id': 'req-audit-1' },
      body: JSON.stringify({
        query: `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }`,
        variables: { i: { name: 'audited', organisationName: 'Org', scopes: ['DIRECTORY_READ'], allowedOrigins: [] } },
      }),
    });
    const keyId = ((await res.json()) as { data: { createApiKey: { apiKey: { id: string } } } }).data.createApiKey.apiKey.id;
    const events = await t.gql<{ auditEvents: { edges: { node: Record<string, unknown> }[] } }, unknown>(
      `query($id: ID) { auditEvents(first: 5, filter: { objectId: $id }) { edges { node { action actorKind actorPersonId objectType councilId requestId summary } } } }`,
      { id: keyId },
      w.headers('officer'),
    );
    expect(events.data!.auditEvents.edges[0]!.node).toMatchObject({
      action: 'apiKey.create',
      actorKind: 'person',
      actorPersonId: w.ids.officer,
      objectType: 'ApiKey',
      councilId: w.councilA,
      requestId: 'req-audit-1',
    });
  });

  test('the database refuses UPDATE, DELETE and TRUNCATE on it', async () => {
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM audit_event`);
    expect(count).toBeGreaterThan(0);
    await expect(t.db.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    const [{ after }] = await t.db.query(`SELECT count(*)::int AS after FROM audit_event`);
    expect(after).toBe(count);
  });
});

// Last: everything above has run, so every secret has passed through the system.
test('passwords, tokens and API key secrets never reach logs, error responses or the audit trail', async () => {
  const bad = await t.gql(`mutation { login(email: "person@test.example", password: "${PASSWORD}x") { token } }`);
  const created = (await t.gql<{ createApiKey: { secret: string } }, unknown>(
    `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
    { i: { name: 'leak check', organisationName: 'Org', scopes: ['DIRECTORY_READ'], allowedOrigins: [] } },
    w.headers('officer'),
  )).data!.createApiKey.secret;
  const audit = JSON.stringify(await t.db.query(`SELECT * FROM audit_event`));
  const logs = JSON.stringify(t.logs) + consoleLines.join('\n');
  const secrets = [PASSWORD, SCOPED_KEY, created, w.widgetToken, ...Object.values(w.tokens)];
  for (const secret of secrets) {
    expect(audit.includes(secret!), 'audit').toBe(false);
    expect(logs.includes(secret!), 'logs').toBe(false);
    expect(JSON.stringify(bad).includes(secret!), 'error').toBe(false);
  }
  // Refresh tokens and password hashes are stored only as hashes.
  const stored = JSON.stringify(await t.db.query(`SELECT * FROM account_session`)) + JSON.stringify(await t.db.query(`SELECT password_hash FROM person`));
  expect(stored).not.toContain('ccr_');
  expect(stored).toContain('$argon2id$');
});

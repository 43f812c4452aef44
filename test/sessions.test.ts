import { request } from 'node:http';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { useTestApp } from './support/app.js';
import { auditCount, bearer, code, login, ME, refresh } from './support/graphql.js';
import { PASSWORD, SCOPED_KEY, TOKEN_SECRET, useWorld } from './support/world.js';

/**
 * Sessions: bearer tokens (signed, short-lived, refused when expired or tampered with, or used from a
 * foreign web page), refresh-token rotation where replaying a used token ends the session, logout; and
 * no secret of a session ever reaching a log, an error or the audit trail.
 */
const key = new TextEncoder().encode(TOKEN_SECRET);

const consoleLines: string[] = [];
beforeAll(() => {
  for (const method of ['log', 'error', 'warn', 'info', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      consoleLines.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
});
afterAll(() => vi.restoreAllMocks());

const t = useTestApp({ seeded: 'world', tokenSecret: TOKEN_SECRET });
const w = useWorld(t);

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

function sessionOf(token: string): { sub: string; sid: string } {
  const payload = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string; sid: string };
  return { sub: payload.sub, sid: payload.sid };
}

describe('bearer tokens', () => {
  test('a valid token signs the request in', async () => {
    expect((await t.gql<{ me: { id: string } }, unknown>(ME, undefined, w.headers('person'))).data?.me.id).toBe(w.ids.person);
  });

  test('an expired token is UNAUTHENTICATED (HTTP 401)', async () => {
    const expired = await personToken(sessionOf(w.tokens.person!), Math.floor(Date.now() / 1000) - 5);
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(expired) },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(401);
    expect(code(await res.json())).toBe('UNAUTHENTICATED');
  });

  test('a page can read that its token expired, so it can refresh it: the 401 carries the CORS grant', async () => {
    const expired = await personToken(sessionOf(w.tokens.person!), Math.floor(Date.now() / 1000) - 5);
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(expired), origin: 'https://council.example' },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://council.example');
    expect(code(await res.json())).toBe('UNAUTHENTICATED');
  });

  test('a tampered token is UNAUTHENTICATED: changed claims, another key, alg none', async () => {
    const [h, p, s] = w.tokens.person!.split('.');
    const claims = JSON.parse(Buffer.from(p!, 'base64url').toString());
    const otherPayload = Buffer.from(JSON.stringify({ ...claims, sub: w.ids.admin })).toString('base64url');
    const swapped = `${h}.${otherPayload}.${s}`;
    const flipped = `${h}.${p}.${s!.slice(0, -2)}${s!.endsWith('AA') ? 'BB' : 'AA'}`;
    const wrongKey = await personToken(
      sessionOf(w.tokens.person!),
      Math.floor(Date.now() / 1000) + 600,
      new TextEncoder().encode('x'.repeat(40)),
    );
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${p}.`;
    for (const bad of [swapped, flipped, wrongKey, none, 'not-a-token']) {
      expect(code(await t.gql(ME, undefined, bearer(bad))), bad.slice(0, 20)).toBe('UNAUTHENTICATED');
    }
    expect(code(await t.gql(ME, undefined, { authorization: `Basic abc` }))).toBe('UNAUTHENTICATED');
  });

  test('a person token used from a foreign web origin is FORBIDDEN, and the page gets no CORS grant', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(w.tokens.person!), origin: 'https://evil.example' },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(code(await res.json())).toBe('FORBIDDEN');
  });

  test("a person token used from coopcare's own address (COOPCARE_PUBLIC_URL, where /account runs) is accepted", async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(w.tokens.person!), origin: t.services.config.publicUrl },
      body: JSON.stringify({ query: ME }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(t.services.config.publicUrl);
    expect((await res.json()).data.me.id).toBe(sessionOf(w.tokens.person!).sub);
  });

  test('a token without an expiry or an issue time is UNAUTHENTICATED, though signed with the right key', async () => {
    const { sub, sid } = sessionOf(w.tokens.person!);
    const now = Math.floor(Date.now() / 1000);
    const claims = () => new SignJWT({ sid }).setProtectedHeader({ alg: 'HS256' }).setIssuer('coopcare').setAudience('coopcare:person');
    const forever = await claims().setSubject(sub).setIssuedAt(now).sign(key);
    const undated = await claims()
      .setSubject(sub)
      .setExpirationTime(now + 600)
      .sign(key);
    expect(code(await t.gql(ME, undefined, bearer(forever))), 'no exp').toBe('UNAUTHENTICATED');
    expect(code(await t.gql(ME, undefined, bearer(undated))), 'no iat').toBe('UNAUTHENTICATED');
  });

  test('a person token from a foreign page is FORBIDDEN even when the Host header names that page', async () => {
    const { port } = new URL(t.url);
    const body = JSON.stringify({ query: ME });
    // fetch sets Host itself; a plain request sends the one an attacker's client would.
    const status = (origin: string, forwardedProto?: string) =>
      new Promise<number>((resolve, reject) => {
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          host: 'evil.example',
          origin,
          ...bearer(w.tokens.person!),
        };
        if (forwardedProto) headers['x-forwarded-proto'] = forwardedProto;
        const req = request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', headers }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', reject);
        req.end(body);
      });
    expect(await status('http://evil.example')).toBe(403);
    // The test client is on loopback, a trusted proxy, so it may say the request came over TLS.
    expect(await status('https://evil.example', 'https')).toBe(403);
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

  test('me is null without a sign-in and says who you are with one', async () => {
    const anon = await t.gql<{ me: unknown }, unknown>(ME);
    expect(anon.data?.me).toBeNull();
    const asRep = await t.gql<{ me: { id: string; roles: string[]; representing: { right: string; person: { id: string } }[] } }, unknown>(
      `{ me { id roles representing { right person { id } } } }`,
      undefined,
      w.headers('representativeAll'),
    );
    expect(asRep.data!.me.id).toBe(w.ids.representativeAll);
    expect(asRep.data!.me.roles).toEqual(expect.arrayContaining(['REPRESENTATIVE']));
    expect(asRep.data!.me.representing.map((g) => g.right).sort()).toEqual(['BOOK', 'EDIT_PLAN', 'VIEW_BUDGET', 'VIEW_PLAN']);
    const asOfficer = await t.gql<{ me: { roles: string[] } }, unknown>(`{ me { roles } }`, undefined, w.headers('officer'));
    expect(asOfficer.data!.me.roles).toEqual(['COUNCIL_OFFICER']);
  });
});

describe('refresh and logout', () => {
  test('a refresh rotates the refresh token and is audited', async () => {
    const first = (await login(t, w.emails.personB, PASSWORD)).data!.login;
    const second = (await refresh(t, first.refreshToken)).data!.refreshSession;
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await t.gql<{ me: { id: string } }, unknown>(ME, undefined, bearer(second.token))).data?.me.id).toBe(w.ids.personB);
    expect(await auditCount(t, 'session.refresh', w.ids.personB)).toBe(1);
  });

  test('replaying any used refresh token, not only the last, ends the whole session and is audited', async () => {
    const r0 = (await login(t, w.emails.otherPerson, PASSWORD)).data!.login.refreshToken;
    const r1 = (await refresh(t, r0)).data!.refreshSession.refreshToken;
    const second = (await refresh(t, r1)).data!.refreshSession;
    const before = await auditCount(t, 'session.refreshReused', w.ids.otherPerson);
    // The oldest token again: theft is assumed, the whole session ends.
    expect(code(await refresh(t, r0))).toBe('UNAUTHENTICATED');
    expect(await auditCount(t, 'session.refreshReused', w.ids.otherPerson)).toBe(before + 1);
    expect(code(await refresh(t, r1))).toBe('UNAUTHENTICATED');
    expect(code(await refresh(t, second.refreshToken))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(ME, undefined, bearer(second.token)))).toBe('UNAUTHENTICATED');
    const live: unknown[] = await t.db.query(
      `SELECT 1 FROM account_session WHERE person_id = $1 AND revoked_at IS NULL AND id <> ALL($2::uuid[])`,
      [w.ids.otherPerson, [sessionOf(w.tokens.otherPerson!).sid]],
    );
    expect(live).toEqual([]);
  });

  test('logout ends the session at once, its refresh token with it', async () => {
    const again = (await login(t, w.emails.otherPerson, PASSWORD)).data!.login;
    expect((await t.gql(`mutation { logout }`, undefined, bearer(again.token))).data).toEqual({ logout: true });
    expect(code(await t.gql(ME, undefined, bearer(again.token)))).toBe('UNAUTHENTICATED');
    expect(code(await refresh(t, again.refreshToken))).toBe('UNAUTHENTICATED');
  });
});

// Last: everything above has run, so every secret has passed through the system.
test('passwords, tokens and API key secrets never reach logs, error responses or the audit trail', async () => {
  const bad = await t.gql(`mutation { login(email: "person@test.example", password: "${PASSWORD}x") { token } }`);
  const created = (
    await t.gql<{ createApiKey: { secret: string } }, unknown>(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      { i: { name: 'leak check', organisationName: 'Org', scopes: ['DIRECTORY_READ'], allowedOrigins: [] } },
      w.headers('officer'),
    )
  ).data!.createApiKey.secret;
  const audit = JSON.stringify(await t.db.query(`SELECT * FROM audit_event`));
  const logs = JSON.stringify(t.logs) + consoleLines.join('\n');
  const secrets = [PASSWORD, SCOPED_KEY, created, w.widgetToken, ...Object.values(w.tokens)];
  for (const secret of secrets) {
    expect(audit.includes(secret!), 'audit').toBe(false);
    expect(logs.includes(secret!), 'logs').toBe(false);
    expect(JSON.stringify(bad).includes(secret!), 'error').toBe(false);
  }
  // Refresh tokens and password hashes are stored only as hashes.
  const stored =
    JSON.stringify(await t.db.query(`SELECT * FROM account_session`)) +
    JSON.stringify(await t.db.query(`SELECT password_hash FROM person`));
  expect(stored).not.toContain('ccr_');
  expect(stored).toContain('$argon2id$');
});

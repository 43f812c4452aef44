import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mayReadRepresentationReasons } from '../api/accounts/representatives.service.js';
import { toPersonActor } from '../api/auth/actor.js';
import { clientAddressKey } from '../api/auth/sign-in-throttle.js';
import { StaffRole } from '../api/auth/auth.enums.js';
import { ANONYMOUS } from '../api/auth/actor.js';
import { startTestApp, type TestApp } from './harness.js';
import { buildWorld, PARTNER_ORIGIN, PASSWORD, SCOPED_KEY, type World } from './permissions.fixture.js';

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

const code = (res: { errors?: { extensions?: { code?: string } }[] }) => res.errors?.[0]?.extensions?.code;
const auditCount = async (action: string, objectId?: string) =>
  Number(
    (await t.db.query(`SELECT count(*) AS n FROM audit_event WHERE action = $1 AND ($2::text IS NULL OR object_id = $2)`, [action, objectId ?? null]))[0].n,
  );
const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token refreshToken } }`;
const login = (email: string, password: string, address: string) =>
  t.gql<{ login: { token: string; refreshToken: string } }, unknown>(LOGIN, { e: email, p: password }, { 'x-forwarded-for': address });
const count = (codes: (string | undefined)[], c: string | undefined) => codes.filter((x) => x === c).length;

describe('sign-in throttling', () => {
  test('every attempt is counted before the password check: 100 concurrent guesses from 4 addresses get 5 checks each', async () => {
    const addresses = ['203.0.113.21', '203.0.113.22', '203.0.113.23', '203.0.113.24'];
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => login(w.emails.otherCoordinator, `guess ${i}`, addresses[i % 4]!)));
    const codes = results.map(code);
    expect(count(codes, 'UNAUTHENTICATED')).toBe(20);
    expect(count(codes, 'RATE_LIMITED')).toBe(80);
    expect(await auditCount('session.loginFailed', w.ids.otherCoordinator)).toBe(20);
  });

  test('one address may try at most 20 sign-ins a minute across all emails, counted under concurrency', async () => {
    const results = await Promise.all(Array.from({ length: 30 }, (_, i) => login(`spray${i}@test.example`, 'guess', '198.51.100.60')));
    const codes = results.map(code);
    expect(count(codes, 'UNAUTHENTICATED')).toBe(20);
    expect(count(codes, 'RATE_LIMITED')).toBe(10);
    const limited = results.find((r) => code(r) === 'RATE_LIMITED')!;
    expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    expect(limited.errors![0]!.extensions!.retryAfterSeconds).toBeLessThanOrEqual(60);
    // Even the right password of a real account waits out the minute from that address.
    expect(code(await login(w.emails.friend, PASSWORD, '198.51.100.60'))).toBe('RATE_LIMITED');
    expect((await login(w.emails.friend, PASSWORD, '198.51.100.61')).data?.login.token).toBeTruthy();
  });

  test('a stranger rotating addresses cannot keep the owner from signing in', async () => {
    await Promise.all(Array.from({ length: 40 }, (_, i) => login(w.emails.careWorker, `guess ${i}`, `10.9.${Math.floor(i / 5)}.${i}`)));
    const owner = [];
    for (let i = 0; i < 10; i++) owner.push(await login(w.emails.careWorker, PASSWORD, '192.0.2.80'));
    expect(owner.map(code)).toEqual(Array(10).fill(undefined));
    expect(owner.every((r) => !!r.data?.login.token)).toBe(true);
  });

  test('an IPv6 client counts by its /64: rotating within it does not escape the lock', async () => {
    const codes = [];
    for (let i = 1; i <= 6; i++) codes.push(code(await login(w.emails.otherOfficer, `guess ${i}`, `2001:db8:aa:bb::${i.toString(16)}`)));
    expect(codes).toEqual([...Array(5).fill('UNAUTHENTICATED'), 'RATE_LIMITED']);
    expect(code(await login(w.emails.otherOfficer, PASSWORD, '2001:db8:aa:bb:ffff:1:2:3'))).toBe('RATE_LIMITED');
    // Another /64 is another client.
    expect((await login(w.emails.otherOfficer, PASSWORD, '2001:db8:aa:bc::1')).data?.login.token).toBeTruthy();
    expect(clientAddressKey('2001:db8:aa:bb::1')).toBe(clientAddressKey('2001:0db8:00aa:00bb:ffff:ffff:ffff:ffff'));
    expect(clientAddressKey('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(clientAddressKey('192.0.2.1')).toBe('192.0.2.1');
  });

  test('a successful sign-in clears the count for that email and address', async () => {
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 4; i++) expect(code(await login(w.emails.coordinator, `guess ${i}`, '192.0.2.90'))).toBe('UNAUTHENTICATED');
      expect((await login(w.emails.coordinator, PASSWORD, '192.0.2.90')).data?.login.token).toBeTruthy();
    }
  });

  test('stale rows are cleaned up without waiting on rows other sign-ins hold', async () => {
    await t.db.query(
      `INSERT INTO login_throttle (key_hash, failures, last_failure_at) SELECT 'stale-' || g, 3, now() - interval '2 days' FROM generate_series(1, 50) g`,
    );
    const runner = t.db.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      // Another transaction holds one stale row: the cleanup skips it instead of blocking.
      await runner.query(`SELECT 1 FROM login_throttle WHERE key_hash = 'stale-1' FOR UPDATE`);
      const res = await Promise.race([
        login('cleanup@test.example', 'guess', '192.0.2.91'),
        new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 5000)),
      ]);
      expect(res).not.toBe('timeout');
      expect(code(res as never)).toBe('UNAUTHENTICATED');
    } finally {
      await runner.rollbackTransaction();
      await runner.release();
    }
    const left: { key_hash: string }[] = await t.db.query(`SELECT key_hash FROM login_throttle WHERE key_hash LIKE 'stale-%'`);
    expect(left.map((r) => r.key_hash)).toEqual(['stale-1']);
  });
});

describe('refresh tokens', () => {
  const REFRESH = `mutation($r: String!) { refreshSession(refreshToken: $r) { token refreshToken } }`;
  const refresh = (r: string) => t.gql<{ refreshSession: { token: string; refreshToken: string } }, unknown>(REFRESH, { r });

  test('replaying any used refresh token, not only the last, ends the session and is audited', async () => {
    const r0 = (await login(w.emails.personB, PASSWORD, '192.0.2.100')).data!.login.refreshToken;
    const r1 = (await refresh(r0)).data!.refreshSession.refreshToken;
    const second = (await refresh(r1)).data!.refreshSession;
    const before = await auditCount('session.refreshReused', w.ids.personB);
    expect(code(await refresh(r0))).toBe('UNAUTHENTICATED');
    expect(await auditCount('session.refreshReused', w.ids.personB)).toBe(before + 1);
    expect(code(await refresh(second.refreshToken))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(`{ me { id } }`, undefined, { authorization: `Bearer ${second.token}` }))).toBe('UNAUTHENTICATED');
  });
});

describe('widget sessions and consent', () => {
  const mint = async () =>
    (
      await t.gql<{ createWidgetSession: { token: string } }, unknown>(
        `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token } }`,
        { i: { personId: w.ids.person, purpose: 'BUDGET_VIEW', origin: PARTNER_ORIGIN } },
        { 'x-api-key': SCOPED_KEY },
      )
    ).data!.createWidgetSession.token;
  const asWidget = (token: string) => t.gql(`{ __typename }`, undefined, { authorization: `Bearer ${token}`, origin: PARTNER_ORIGIN });
  const consent = (verb: 'give' | 'revoke') =>
    t.gql(
      verb === 'give'
        ? `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { id } }`
        : `mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`,
      { i: { apiKeyId: w.apiKeyIds.scoped } },
      w.headers('person'),
    );

  test('a session ended by withdrawing consent stays ended when consent is given again', async () => {
    const old = await mint();
    expect(code(await asWidget(old))).toBeUndefined();
    expect((await consent('revoke')).errors).toBeUndefined();
    expect(code(await asWidget(old))).toBe('UNAUTHENTICATED');
    expect((await consent('give')).errors).toBeUndefined();
    expect(code(await asWidget(old))).toBe('UNAUTHENTICATED');
    expect(code(await asWidget(await mint()))).toBeUndefined();
  });
});

describe('reasons on representative grants', () => {
  const REASON = 'Best interests: advanced dementia';
  type Grant = { right: string; grantReason: string | null; revokeReason: string | null };

  test('the reason is shown to the person and officers, never to the invitee or representative', async () => {
    await t.gql(
      `mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { id } }`,
      { i: { personId: w.ids.assessed, lacksCapacity: true, reason: 'MCA assessment 7' } },
      w.headers('officer'),
    );
    const granted = await t.gql<{ grantRepresentativeRights: Grant[] }, unknown>(
      `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { right grantReason revokeReason } }`,
      { i: { personId: w.ids.assessed, representativeEmail: w.emails.representativeNone, representativeName: 'Advocate', rights: ['BOOK', 'VIEW_PLAN'], reason: REASON } },
      w.headers('officer'),
    );
    expect(granted.errors).toBeUndefined();
    expect(granted.data!.grantRepresentativeRights.map((g) => g.grantReason)).toEqual([REASON, REASON]);

    const invitee = await t.gql<{ me: { representativeInvitations: Grant[] } }, unknown>(
      `{ me { representativeInvitations { right grantReason revokeReason } } }`,
      undefined,
      w.headers('representativeNone'),
    );
    expect(invitee.data!.me.representativeInvitations).toHaveLength(2);
    expect(invitee.data!.me.representativeInvitations.every((g) => g.grantReason === null)).toBe(true);

    const accepted = await t.gql<{ acceptRepresentativeInvitation: Grant[] }, unknown>(
      `mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { right grantReason } }`,
      { p: w.ids.assessed },
      w.headers('representativeNone'),
    );
    expect(accepted.data!.acceptRepresentativeInvitation.map((g) => g.grantReason)).toEqual([null, null]);
    const representing = await t.gql<{ me: { representing: (Grant & { personId: string })[] } }, unknown>(
      `{ me { representing { personId right grantReason } } }`,
      undefined,
      w.headers('representativeNone'),
    );
    expect(representing.data!.me.representing.filter((g) => g.personId === w.ids.assessed).map((g) => g.grantReason)).toEqual([null, null]);

    const own = await t.gql<{ me: { representatives: Grant[] } }, unknown>(
      `{ me { representatives { right grantReason } } }`,
      undefined,
      { authorization: `Bearer ${await w.login(w.emails.assessed)}` },
    );
    expect(own.data!.me.representatives.map((g) => g.grantReason)).toEqual([REASON, REASON]);
  });

  test('the policy as a matrix: person, officer of the council and admin may; everyone else may not', () => {
    const person = { id: 'p', councilId: 'c1' };
    const actor = (personId: string, opts: { admin?: boolean; officerOf?: string; coordinatorOf?: string; represents?: boolean } = {}) =>
      toPersonActor(personId, 's', {
        isAdmin: !!opts.admin,
        staff: [
          ...(opts.officerOf ? [{ role: StaffRole.COUNCIL_OFFICER, councilId: opts.officerOf, providerId: null }] : []),
          ...(opts.coordinatorOf ? [{ role: StaffRole.COORDINATOR, providerId: opts.coordinatorOf, councilId: null }] : []),
        ],
        grants: opts.represents ? [{ personId: 'p', right: 'BOOK' as never }] : [],
      });
    const matrix: [string, Parameters<typeof mayReadRepresentationReasons>[0], boolean][] = [
      ['the person', actor('p'), true],
      ['officer of the council', actor('o', { officerOf: 'c1' }), true],
      ['admin', actor('a', { admin: true }), true],
      ['officer of another council', actor('o2', { officerOf: 'c2' }), false],
      ['representative with a right', actor('r', { represents: true }), false],
      ['another person', actor('x'), false],
      ['coordinator', actor('k', { coordinatorOf: 'prov' }), false],
      ['public', ANONYMOUS, false],
      ['partner', { kind: 'partner', apiKeyId: 'k', councilId: 'c1', scopes: [], allowedOrigins: [] }, false],
      ['widget', { kind: 'widget', widgetSessionId: 'w', apiKeyId: 'k', personId: 'p', purpose: 'BOOKING' as never, origin: PARTNER_ORIGIN }, false],
    ];
    for (const [who, a, allowed] of matrix) expect(mayReadRepresentationReasons(a, person), who).toBe(allowed);
  });
});

describe('NUL characters in accounts and audit input', () => {
  test('sign-in with one is refused at the edge, before any account is looked up or attempt counted', async () => {
    const attempts = async () => (await t.db.query('SELECT coalesce(sum(failures), 0)::int AS n FROM login_throttle'))[0].n as number;
    const before = await attempts();
    const res = await login('a\u0000@x.org', 'whatever', '192.0.2.120');
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(await attempts()).toBe(before);
  });

  test('every other accounts and audit text input is BAD_USER_INPUT', async () => {
    const cases: [string, string, unknown, string][] = [
      ['grant name', `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`, { i: { representativeEmail: 'x@test.example', representativeName: 'A\u0000', rights: ['BOOK'] } }, 'person'],
      ['grant email', `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`, { i: { representativeEmail: 'x\u0000@test.example', representativeName: 'A', rights: ['BOOK'] } }, 'person'],
      ['revoke email', `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { id } }`, { i: { representativeEmail: 'x\u0000@test.example' } }, 'person'],
      ['api key name', `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`, { i: { name: 'n\u0000', organisationName: 'Org', scopes: ['DIRECTORY_READ'], allowedOrigins: [] } }, 'officer'],
      ['audit action', `query($f: AuditEventFilter) { auditEvents(filter: $f) { totalCount } }`, { f: { action: 'a\u0000' } }, 'admin'],
      ['consent reason', `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { id } }`, { i: { apiKeyId: w.apiKeyIds.scoped, personId: w.ids.assessed, reason: 'r\u0000' } }, 'officer'],
      ['consent withdrawal reason', `mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`, { i: { apiKeyId: w.apiKeyIds.scoped, personId: w.ids.assessed, reason: 'r\u0000' } }, 'officer'],
      ['capacity reason', `mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { id } }`, { i: { personId: w.ids.assessed, lacksCapacity: true, reason: 'r\u0000' } }, 'officer'],
      ['widget origin', `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token } }`, { i: { personId: w.ids.person, purpose: 'BOOKING', origin: 'https://partner.example\u0000' } }, 'partner'],
    ];
    const audits = Number((await t.db.query(`SELECT count(*) AS n FROM audit_event`))[0].n);
    for (const [what, doc, vars, role] of cases) {
      const res = await t.gql(doc, vars, w.headers(role as never));
      expect(code(res), what).toBe('BAD_USER_INPUT');
    }
    // Nothing was written on the way.
    expect(Number((await t.db.query(`SELECT count(*) AS n FROM audit_event`))[0].n)).toBe(audits);
  });
});

describe('apiKeys cursors', () => {
  const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');
  test('dates PostgreSQL would refuse are BAD_USER_INPUT', async () => {
    for (const time of ['2023-02-30T00:00:00.000000Z', '0000-01-01T00:00:00.000000Z', '2023-04-31T12:00:00.000000Z', '2023-01-01T24:00:00.000000Z']) {
      const res = await t.gql(`query($a: String) { apiKeys(first: 5, after: $a) { totalCount } }`, { a: cursor(['apiKeys', time, w.apiKeyIds.scoped]) }, w.headers('admin'));
      expect(code(res), time).toBe('BAD_USER_INPUT');
    }
    const ok = await t.gql(`query($a: String) { apiKeys(first: 5, after: $a) { totalCount } }`, { a: cursor(['apiKeys', '2024-02-29T10:00:00.123456Z', w.apiKeyIds.scoped]) }, w.headers('admin'));
    expect(ok.errors).toBeUndefined();
  });
});

describe('withdrawing a representative by the email invited', () => {
  const REVOKE = `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { right representativeId } }`;

  test('removes an accepted representative too; with nothing to withdraw it is NOT_FOUND and unaudited', async () => {
    await t.gql(
      `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`,
      { i: { representativeEmail: w.emails.otherCoordinator, representativeName: 'Neighbour', rights: ['VIEW_BUDGET'] } },
      w.headers('person'),
    );
    const coordinator = { authorization: `Bearer ${(await login(w.emails.otherCoordinator, PASSWORD, '192.0.2.130')).data!.login.token}` };
    const accepted = await t.gql(`mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { right } }`, { p: w.ids.person }, coordinator);
    expect(accepted.errors).toBeUndefined();

    const before = await auditCount('representative.revoke', w.ids.person);
    const res = await t.gql<{ revokeRepresentativeRights: { representativeId: string }[] }, unknown>(
      REVOKE,
      { i: { representativeEmail: w.emails.otherCoordinator.toUpperCase() } },
      w.headers('person'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.revokeRepresentativeRights.some((g) => g.representativeId === w.ids.otherCoordinator)).toBe(false);
    expect(await auditCount('representative.revoke', w.ids.person)).toBe(before + 1);
    const rep = await t.gql<{ me: { representing: unknown[] } }, unknown>(`{ me { representing { right } } }`, undefined, coordinator);
    expect(rep.data!.me.representing).toEqual([]);

    const again = await t.gql(REVOKE, { i: { representativeEmail: w.emails.otherCoordinator } }, w.headers('person'));
    expect(code(again)).toBe('NOT_FOUND');
    const never = await t.gql(REVOKE, { i: { representativeEmail: 'never-invited@test.example' } }, w.headers('person'));
    expect(code(never)).toBe('NOT_FOUND');
    expect(await auditCount('representative.revoke', w.ids.person)).toBe(before + 1);
  });
});

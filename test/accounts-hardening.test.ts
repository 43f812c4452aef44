import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { loadConfig, trustProxyFrom } from '../api/config.js';
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

describe('giving up representative rights', () => {
  const giveUp = (role: 'otherPerson' | 'friend', personId: string, representativeId: string) =>
    t.gql<{ revokeRepresentativeRights: { right: string; representativeId: string }[] }, unknown>(
      `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { right representativeId grantReason invitedName } }`,
      { i: { personId, representativeId } },
      role === 'friend' ? { authorization: `Bearer ${friendToken}` } : w.headers(role),
    );
  let friendToken: string;
  beforeAll(async () => {
    friendToken = await w.login(w.emails.friend);
  });

  test('a stranger naming themselves as representative learns nothing and leaves no revoke in the trail', async () => {
    const before = await auditCount('representative.giveUp', w.ids.person);
    const res = await giveUp('otherPerson', w.ids.person, w.ids.otherPerson);
    expect(code(res)).toBe('FORBIDDEN');
    expect(res.data?.revokeRepresentativeRights ?? null).toBeNull();
    // The same answer as for a person who does not exist.
    const unknown = await giveUp('otherPerson', '00000000-0000-4000-8000-000000000001', w.ids.otherPerson);
    expect(code(unknown)).toBe('FORBIDDEN');
    expect(unknown.errors![0]!.message).toBe(res.errors![0]!.message);
    expect(await auditCount('representative.giveUp', w.ids.person)).toBe(before);
  });

  test('a representative gives up their own rights and sees only their own remaining grants', async () => {
    await t.db.query(
      `INSERT INTO representative_grant (person_id, representative_id, "right", granted_by_id, accepted_at) VALUES ($1, $2, 'BOOK', $1, now())`,
      [w.ids.person, w.ids.friend],
    );
    const res = await t.gql<{ revokeRepresentativeRights: { right: string; representativeId: string }[] }, unknown>(
      `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { right representativeId } }`,
      { i: { personId: w.ids.person, representativeId: w.ids.friend, rights: ['BOOK'] } },
      { authorization: `Bearer ${friendToken}` },
    );
    expect(res.errors).toBeUndefined();
    // representativeAll's four grants stay hidden from the friend.
    expect(res.data!.revokeRepresentativeRights).toEqual([{ right: 'VIEW_PLAN', representativeId: w.ids.friend }]);
    expect(await auditCount('representative.giveUp', w.ids.person)).toBe(1);
  });
});

describe('representative invitations', () => {
  const GRANT = `mutation($i: GrantRepresentativeRightsInput!) {
    grantRepresentativeRights(input: $i) { id right status representativeId invitedName representative { id name } }
  }`;
  type Grant = { id: string; right: string; status: string; representativeId: string | null; invitedName: string | null; representative: { id: string; name: string } | null };

  test('a grant to an existing account is a pending invitation that reveals nothing of the account and gives no right', async () => {
    const res = await t.gql<{ grantRepresentativeRights: Grant[] }, unknown>(
      GRANT,
      { i: { representativeEmail: w.emails.coordinator.toUpperCase(), representativeName: 'Whoever I typed', rights: ['BOOK', 'VIEW_BUDGET'] } },
      w.headers('otherPerson'),
    );
    expect(res.errors).toBeUndefined();
    const pending = res.data!.grantRepresentativeRights.filter((g) => g.status === 'PENDING');
    expect(pending.map((g) => g.right).sort()).toEqual(['BOOK', 'VIEW_BUDGET']);
    for (const g of pending) expect(g).toMatchObject({ representativeId: null, invitedName: 'Whoever I typed', representative: null });
    expect(JSON.stringify(res)).not.toContain(w.ids.coordinator);
    // No right yet: the invitee's actor holds nothing for otherPerson.
    const me = await t.gql<{ me: { representing: unknown[]; representativeInvitations: { right: string; person: { id: string } }[] } }, unknown>(
      `{ me { representing { right } representativeInvitations { right person { id } } } }`,
      undefined,
      w.headers('coordinator'),
    );
    expect(me.data!.me.representing).toEqual([]);
    expect(me.data!.me.representativeInvitations.map((g) => g.right).sort()).toEqual(['BOOK', 'VIEW_BUDGET']);
  });

  test('an invitation to an unknown email creates no account', async () => {
    const before = Number((await t.db.query(`SELECT count(*) AS n FROM person`))[0].n);
    const res = await t.gql<{ grantRepresentativeRights: Grant[] }, unknown>(
      GRANT,
      { i: { representativeEmail: 'brand-new@test.example', representativeName: 'Chosen Name', rights: ['VIEW_PLAN'] } },
      w.headers('otherPerson'),
    );
    expect(res.errors).toBeUndefined();
    expect(Number((await t.db.query(`SELECT count(*) AS n FROM person`))[0].n)).toBe(before);
    expect(await t.db.query(`SELECT 1 FROM person WHERE name = 'Chosen Name'`)).toEqual([]);
  });

  test('only the account with the invited email can accept; then the rights are in force', async () => {
    const accept = (headers: Record<string, string>) =>
      t.gql<{ acceptRepresentativeInvitation: { right: string; status: string; representativeId: string }[] }, unknown>(
        `mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { right status representativeId } }`,
        { p: w.ids.otherPerson },
        headers,
      );
    expect(code(await accept(w.headers('careWorker')))).toBe('FORBIDDEN');
    const accepted = await accept(w.headers('coordinator'));
    expect(accepted.errors).toBeUndefined();
    expect(accepted.data!.acceptRepresentativeInvitation.map((g) => [g.right, g.status, g.representativeId]).sort()).toEqual([
      ['BOOK', 'ACTIVE', w.ids.coordinator],
      ['VIEW_BUDGET', 'ACTIVE', w.ids.coordinator],
    ]);
    expect(code(await accept(w.headers('coordinator')))).toBe('FORBIDDEN');
    const me = await t.gql<{ me: { representing: { right: string }[] } }, unknown>(`{ me { representing { right } } }`, undefined, w.headers('coordinator'));
    expect(me.data!.me.representing.map((g) => g.right).sort()).toEqual(['BOOK', 'VIEW_BUDGET']);
    expect(await auditCount('representative.accept', w.ids.otherPerson)).toBe(1);
  });

  test('a pending invitation can be withdrawn by its email', async () => {
    const res = await t.gql<{ revokeRepresentativeRights: Grant[] }, unknown>(
      `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { right status invitedName } }`,
      { i: { representativeEmail: 'brand-new@test.example' } },
      w.headers('otherPerson'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.revokeRepresentativeRights.some((g) => g.invitedName === 'Chosen Name')).toBe(false);
  });

  test('an officer’s grant for a person who lacks capacity also waits for the representative', async () => {
    await t.gql(
      `mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { id } }`,
      { i: { personId: w.ids.assessed, lacksCapacity: true, reason: 'MCA assessment' } },
      w.headers('officer'),
    );
    const res = await t.gql<{ grantRepresentativeRights: Grant[] }, unknown>(
      GRANT,
      { i: { personId: w.ids.assessed, representativeEmail: w.emails.careWorker, representativeName: 'Advocate', rights: ['BOOK'], reason: 'Best interests' } },
      w.headers('officer'),
    );
    expect(res.data!.grantRepresentativeRights).toEqual([expect.objectContaining({ right: 'BOOK', status: 'PENDING', representative: null })]);
    const me = await t.gql<{ me: { representing: unknown[] } }, unknown>(`{ me { representing { right } } }`, undefined, w.headers('careWorker'));
    expect(me.data!.me.representing).toEqual([]);
  });
});

describe('sign-in throttling', () => {
  const login = (email: string, password: string, address: string) =>
    t.gql<{ login: { token: string } }, unknown>(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
      { e: email, p: password },
      { 'x-forwarded-for': address },
    );

  test('40 concurrent wrong guesses from one address get exactly 5 checked', async () => {
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => login(w.emails.otherOfficer, `guess ${i}`, '203.0.113.7')));
    const codes = results.map(code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
    expect(codes.filter((c) => c === 'RATE_LIMITED')).toHaveLength(35);
    expect(await auditCount('session.lockedOut', w.ids.otherOfficer)).toBe(1);
    // That address stays locked even with the right password.
    expect(code(await login(w.emails.otherOfficer, PASSWORD, '203.0.113.7'))).toBe('RATE_LIMITED');
  });

  test('a stranger at another address cannot lock the owner out', async () => {
    for (let i = 0; i < 8; i++) await login(w.emails.careWorker, `guess ${i}`, '198.51.100.9');
    expect(code(await login(w.emails.careWorker, PASSWORD, '198.51.100.9'))).toBe('RATE_LIMITED');
    const owner = await login(w.emails.careWorker, PASSWORD, '192.0.2.44');
    expect(owner.errors).toBeUndefined();
    expect(owner.data!.login.token).toBeTruthy();
  });

  test('failures for one email from many addresses lock no one else out (no email-wide slot)', async () => {
    const email = w.emails.otherPerson;
    for (let i = 0; i < 25; i++) await login(email, 'x', `10.1.0.${i}`);
    const [a, b] = await Promise.all([login(email, PASSWORD, '10.2.0.1'), login(email, PASSWORD, '10.2.0.2')]);
    expect([code(a), code(b)]).toEqual([undefined, undefined]);
  });

  test('the client address honours COOPCARE_TRUST_PROXY (default loopback)', () => {
    expect(loadConfig({}).trustProxy).toBe('loopback');
    expect(trustProxyFrom('2')).toBe(2);
    expect(trustProxyFrom('false')).toBe(false);
    expect(trustProxyFrom('loopback, 10.0.0.0/8')).toBe('loopback, 10.0.0.0/8');
    expect(() => trustProxyFrom('everyone')).toThrow(/COOPCARE_TRUST_PROXY/);
  });
});

describe('paging cursors', () => {
  const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

  test('a crafted apiKeys cursor is BAD_USER_INPUT', async () => {
    for (const bad of [['apiKeys', 'not-a-date', w.apiKeyIds.scoped], ['apiKeys', '2025-01-01T00:00:00.000000Z', 'not-a-uuid'], ['apiKeys', '2025-13-45T99:00:00.000000Z', w.apiKeyIds.scoped]]) {
      const res = await t.gql(`query($a: String) { apiKeys(first: 5, after: $a) { totalCount } }`, { a: cursor(bad) }, w.headers('admin'));
      expect(code(res), JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    }
  });

  test('apiKeys made in the same millisecond are each paged once', async () => {
    await t.db.query(
      `INSERT INTO api_key (name, organisation_name, council_id, key_prefix, secret_hash, scopes, allowed_origins, created_at)
       SELECT 'same-ms', 'Org', $1, 'cck_x', md5(random()::text) || g, '{directory:read}', '{}', '2030-01-01T00:00:00.123001Z'::timestamptz + g * interval '1 microsecond'
         FROM generate_series(1, 3) g`,
      [w.councilA],
    );
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: { apiKeys: { edges: { node: { id: string; name: string } }[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } } } | null } = await t.gql(
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

  test('a crafted auditEvents cursor or id filter is BAD_USER_INPUT', async () => {
    for (const bad of [['audit', 1.5], ['audit', -1], ['audit', 1e300]]) {
      const res = await t.gql(`query($a: String) { auditEvents(first: 5, after: $a) { totalCount } }`, { a: cursor(bad) }, w.headers('admin'));
      expect(code(res), JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    }
    for (const filter of [{ actorPersonId: 'nope' }, { councilId: 'nope' }]) {
      const res = await t.gql(`query($f: AuditEventFilter) { auditEvents(first: 5, filter: $f) { totalCount } }`, { f: filter }, w.headers('admin'));
      expect(code(res), JSON.stringify(filter)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('the audit trail of sessions and curation', () => {
  test('a refresh is audited; a replayed refresh token ends the session and is audited with it', async () => {
    const first = (await t.gql<{ login: { refreshToken: string } }, unknown>(
      `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { refreshToken } }`,
      { e: w.emails.personB, p: PASSWORD },
    )).data!.login;
    const refresh = (r: string) => t.gql<{ refreshSession: { refreshToken: string } }, unknown>(`mutation($r: String!) { refreshSession(refreshToken: $r) { refreshToken } }`, { r });
    expect((await refresh(first.refreshToken)).errors).toBeUndefined();
    expect(await auditCount('session.refresh', w.ids.personB)).toBe(1);
    expect(code(await refresh(first.refreshToken))).toBe('UNAUTHENTICATED');
    expect(await auditCount('session.refreshReused', w.ids.personB)).toBe(1);
    const live: unknown[] = await t.db.query(`SELECT 1 FROM account_session WHERE person_id = $1 AND revoked_at IS NULL`, [w.ids.personB]);
    expect(live).toEqual([]);
  });

  test('an officer sees a coordinator’s edits of a provider serving their council; another council’s officer does not', async () => {
    const edited = await t.gql<{ updateProvider: { id: string } }, unknown>(
      `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`,
      { i: { id: w.providerA, summary: 'Edited for the audit test.' } },
      w.headers('coordinator'),
    );
    expect(edited.errors).toBeUndefined();
    const service = await t.gql<{ upsertService: { id: string } }, unknown>(
      `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
      { i: { providerId: w.providerA, category: 'personal-care', name: 'Evening calls', hourlyRatePence: 2700 } },
      w.headers('coordinator'),
    );
    const actions = async (role: 'officer' | 'otherOfficer', objectId: string) =>
      (await t.gql<{ auditEvents: { edges: { node: { action: string; councilIds: string[] } }[] } }, unknown>(
        `query($o: ID) { auditEvents(first: 20, filter: { objectId: $o }) { edges { node { action councilIds } } } }`,
        { o: objectId },
        w.headers(role),
      )).data!.auditEvents.edges.map((e) => e.node);
    expect((await actions('officer', w.providerA)).map((e) => e.action)).toContain('provider.update');
    expect(await actions('officer', service.data!.upsertService.id)).toEqual([{ action: 'service.create', councilIds: [w.councilA] }]);
    expect(await actions('otherOfficer', w.providerA)).toEqual([]);
    expect(await actions('otherOfficer', service.data!.upsertService.id)).toEqual([]);
  });
});

describe('widget consent', () => {
  const mint = (personId: string) =>
    t.gql<{ createWidgetSession: { token: string } }, unknown>(
      `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token } }`,
      { i: { personId, purpose: 'BOOKING', origin: PARTNER_ORIGIN } },
      { 'x-api-key': SCOPED_KEY },
    );

  test('without consent a partner gets the same FORBIDDEN as for an unknown person; consent is given, audited and revocable', async () => {
    const unconsented = await mint(w.ids.otherPerson);
    const unknown = await mint('00000000-0000-4000-8000-000000000002');
    expect(code(unconsented)).toBe('FORBIDDEN');
    expect(unconsented.errors![0]!.message).toBe(unknown.errors![0]!.message);

    const partners = await t.gql<{ widgetPartners: { id: string; organisationName: string }[] }, unknown>(`{ widgetPartners { id organisationName } }`, undefined, w.headers('otherPerson'));
    expect(partners.data!.widgetPartners.map((p) => p.id)).toContain(w.apiKeyIds.scoped);
    const given = await t.gql(
      `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { apiKeyId partner { organisationName } } }`,
      { i: { apiKeyId: w.apiKeyIds.scoped } },
      w.headers('otherPerson'),
    );
    expect(given.errors).toBeUndefined();
    expect(await auditCount('widgetConsent.give', w.ids.otherPerson)).toBe(1);
    const token = (await mint(w.ids.otherPerson)).data!.createWidgetSession.token;
    const headers = { authorization: `Bearer ${token}`, origin: PARTNER_ORIGIN };
    expect((await t.gql(`{ __typename }`, undefined, headers)).errors).toBeUndefined();

    const revoked = await t.gql(`mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`, { i: { apiKeyId: w.apiKeyIds.scoped } }, w.headers('otherPerson'));
    expect(revoked.data).toEqual({ revokeWidgetConsent: true });
    expect(await auditCount('widgetConsent.revoke', w.ids.otherPerson)).toBe(1);
    // The session made under the consent ends with it.
    expect(code(await t.gql(`{ __typename }`, undefined, headers))).toBe('UNAUTHENTICATED');
    expect(code(await mint(w.ids.otherPerson))).toBe('FORBIDDEN');
  });

  test('an officer may consent only for a person who lacks capacity, with a reason', async () => {
    const give = (personId: string, reason: string | null) =>
      t.gql(`mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { reason } }`, { i: { apiKeyId: w.apiKeyIds.scoped, personId, reason } }, w.headers('officer'));
    expect(code(await give(w.ids.otherPerson, 'r'))).toBe('FORBIDDEN');
    await t.gql(
      `mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { id } }`,
      { i: { personId: w.ids.assessed, lacksCapacity: true, reason: 'MCA assessment' } },
      w.headers('officer'),
    );
    expect(code(await give(w.ids.assessed, null))).toBe('BAD_USER_INPUT');
    expect((await give(w.ids.assessed, 'Best interests')).data).toEqual({ giveWidgetConsent: { reason: 'Best interests' } });
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ApiKeyScope } from '../api/auth/auth.enums.js';
import { getSchema } from '../api/graphql/schema.js';
import { startTestApp, type TestApp } from './harness.js';
import { buildWorld, PARTNER_ORIGIN, ROLES, type RoleName, type World } from './permissions.fixture.js';

/**
 * The permission matrix, as data. Every Query and Mutation field of the schema is either listed in
 * PUBLIC_OPERATIONS or has at least one case below, which says for every role what happens: allowed
 * ('ok') or the exact denial. A new operation fails the completeness test until it is added here.
 */
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';

interface Case {
  /** `Query.x` or `Mutation.x`. */
  operation: string;
  /** What is special about this case (the object asked for). */
  about: string;
  request(w: World, role: RoleName, t: TestApp): Promise<{ doc: string; vars?: Record<string, unknown>; headers?: Record<string, string> }>;
  expect: Record<RoleName, Outcome>;
}

/** Public operations: anyone may call them (what they return may still depend on who asks). */
const PUBLIC_OPERATIONS = [
  'Query.providers',
  'Query.provider',
  'Query.services',
  'Query.service',
  'Query.serviceCategories',
  'Query.consortia',
  'Query.councils',
  'Query.geocode',
  'Query.me',
  'Mutation.login',
  'Mutation.refreshSession',
];

/** `allowed` may; anyone else signed in is FORBIDDEN; no credential is UNAUTHENTICATED. */
function only(...allowed: RoleName[]): Record<RoleName, Outcome> {
  return Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'ok' : r === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN'])) as Record<RoleName, Outcome>;
}
const PEOPLE_ROLES: RoleName[] = ROLES.filter((r) => !['public', 'partner', 'partnerNoScope', 'widget'].includes(r));

let freshKeyCount = 0;

/** A pending invitation, as `grantRepresentativeRights` leaves one (idempotent while pending). */
async function invite(t: TestApp, personId: string, email: string, right: string) {
  await t.db.query(
    `INSERT INTO representative_grant (person_id, invited_email, invited_name, "right", granted_by_id) VALUES ($1, $2, 'Invited', $3, $1)
     ON CONFLICT (person_id, invited_email, "right") WHERE revoked_at IS NULL AND representative_id IS NULL DO NOTHING`,
    [personId, email, right],
  );
}

/** The caller's own person id, or an id no one has for roles that are not people. */
function callerId(w: World, role: RoleName): string {
  return (w.ids as Record<string, string>)[role] ?? '00000000-0000-4000-8000-000000000000';
}
const CASES: Case[] = [
  {
    operation: 'Query.auditEvents',
    about: 'unfiltered (officers get their council’s only)',
    request: async () => ({ doc: `{ auditEvents(first: 5) { totalCount } }` }),
    expect: only('admin', 'officer', 'otherOfficer'),
  },
  {
    operation: 'Query.auditEvents',
    about: 'council A’s trail',
    request: async (w) => ({ doc: `query($c: ID) { auditEvents(first: 5, filter: { councilId: $c }) { totalCount } }`, vars: { c: w.councilA } }),
    expect: only('admin', 'officer'),
  },
  {
    operation: 'Query.apiKeys',
    about: 'keys (officers get their council’s only)',
    request: async () => ({ doc: `{ apiKeys(first: 5) { totalCount } }` }),
    expect: only('admin', 'officer', 'otherOfficer'),
  },
  {
    operation: 'Mutation.createApiKey',
    about: 'a key for council A',
    request: async (w) => ({
      doc: `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      vars: { i: { name: 'k', organisationName: 'Org', councilId: w.councilA, scopes: ['DIRECTORY_READ'], allowedOrigins: ['https://org.example'] } },
    }),
    expect: only('admin', 'officer'),
  },
  {
    operation: 'Mutation.revokeApiKey',
    about: 'a key of council A',
    request: async (w, _role, t) => {
      const key = await t.services.uow.transaction((em) =>
        t.services.partners.insertApiKey({ name: 'r', organisationName: 'Org', councilId: w.councilA, scopes: [ApiKeyScope.DIRECTORY_READ], allowedOrigins: [], createdById: null },
          `cck_fresh-${freshKeyCount++}-${Math.random()}`,
        ),
      );
      return { doc: `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, vars: { id: key.id } };
    },
    expect: only('admin', 'officer'),
  },
  {
    operation: 'Mutation.createWidgetSession',
    about: 'for a person of the key’s council',
    request: async (w) => ({
      doc: `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { expiresAt } }`,
      vars: { i: { personId: w.ids.person, purpose: 'BOOKING', origin: PARTNER_ORIGIN } },
    }),
    expect: only('partner'),
  },
  {
    operation: 'Mutation.createWidgetSession',
    about: 'for a person of another council',
    request: async (w) => ({
      doc: `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { expiresAt } }`,
      vars: { i: { personId: w.ids.personB, purpose: 'BOOKING', origin: PARTNER_ORIGIN } },
    }),
    expect: only(),
  },
  {
    operation: 'Mutation.createWidgetSession',
    about: 'for a person of the key’s council who has not consented to the key',
    request: async (w) => ({
      doc: `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { expiresAt } }`,
      vars: { i: { personId: w.ids.otherPerson, purpose: 'BOOKING', origin: PARTNER_ORIGIN } },
    }),
    expect: only(),
  },
  {
    operation: 'Query.widgetPartners',
    about: 'the partners the person may consent to',
    request: async (w) => ({ doc: `query($p: ID) { widgetPartners(personId: $p) { id } }`, vars: { p: w.ids.person } }),
    expect: only('person', 'officer', 'admin'),
  },
  {
    operation: 'Mutation.giveWidgetConsent',
    about: 'the person’s consent to the scoped partner (who has capacity)',
    request: async (w) => ({
      doc: `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { id } }`,
      vars: { i: { apiKeyId: w.apiKeyIds.scoped, personId: w.ids.person, reason: 'r' } },
    }),
    expect: only('person'),
  },
  {
    operation: 'Mutation.revokeWidgetConsent',
    about: 'the other person’s consent (given afresh for each role)',
    request: async (w, _role, t) => {
      await t.db.query(
        `INSERT INTO widget_consent (person_id, api_key_id, given_by_id) VALUES ($1, $2, $1) ON CONFLICT (person_id, api_key_id) WHERE revoked_at IS NULL DO NOTHING`,
        [w.ids.otherPerson, w.apiKeyIds.scoped],
      );
      return {
        doc: `mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`,
        vars: { i: { apiKeyId: w.apiKeyIds.scoped, personId: w.ids.otherPerson, reason: 'r' } },
      };
    },
    expect: only('otherPerson'),
  },
  {
    operation: 'Mutation.acceptRepresentativeInvitation',
    about: 'the other person’s invitation to rep-none (sent afresh for each role)',
    request: async (w, _role, t) => {
      await invite(t, w.ids.otherPerson, w.emails.representativeNone, 'BOOK');
      return { doc: `mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { id } }`, vars: { p: w.ids.otherPerson } };
    },
    expect: only('representativeNone'),
  },
  {
    operation: 'Mutation.declineRepresentativeInvitation',
    about: 'the other person’s invitation to rep-none (sent afresh for each role)',
    request: async (w, _role, t) => {
      await invite(t, w.ids.otherPerson, w.emails.representativeNone, 'VIEW_BUDGET');
      return { doc: `mutation($p: ID!) { declineRepresentativeInvitation(personId: $p) }`, vars: { p: w.ids.otherPerson } };
    },
    expect: only('representativeNone'),
  },
  {
    operation: 'Mutation.revokeRepresentativeRights',
    about: 'giving up, as the representative, rights a person never gave you',
    request: async (w, role) => ({
      doc: `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { id invitedName } }`,
      vars: { i: { personId: w.ids.assessed, representativeId: callerId(w, role) } },
    }),
    expect: only(),
  },
  {
    operation: 'Mutation.grantRepresentativeRights',
    about: 'for the person (who has capacity)',
    request: async (w) => ({
      doc: `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`,
      vars: { i: { personId: w.ids.person, representativeEmail: w.emails.friend, representativeName: 'Friend', rights: ['VIEW_PLAN'], reason: 'r' } },
    }),
    expect: only('person'),
  },
  {
    operation: 'Mutation.revokeRepresentativeRights',
    about: 'the person’s friend’s rights',
    request: async (w) => ({
      doc: `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { id } }`,
      vars: { i: { personId: w.ids.person, representativeId: w.ids.friend, reason: 'r' } },
    }),
    expect: only('person'),
  },
  {
    operation: 'Mutation.recordCapacityAssessment',
    about: 'a person of council A',
    request: async (w) => ({
      doc: `mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { id } }`,
      vars: { i: { personId: w.ids.assessed, lacksCapacity: false, reason: 'MCA ref 1' } },
    }),
    expect: only('officer', 'admin'),
  },
  {
    operation: 'Mutation.updateProvider',
    about: 'provider A’s listing',
    request: async (w) => ({
      doc: `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`,
      vars: { i: { id: w.providerA, summary: 'Home care owned by its workers and clients.' } },
    }),
    expect: only('coordinator', 'admin'),
  },
  {
    operation: 'Mutation.upsertService',
    about: 'a new service of provider A',
    request: async (w) => ({
      doc: `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
      vars: { i: { providerId: w.providerA, category: 'personal-care', name: 'Morning calls', hourlyRatePence: 2650 } },
    }),
    expect: only('coordinator', 'admin'),
  },
  {
    operation: 'Mutation.publishProvider',
    about: 'provider A, serving council A',
    request: async (w) => ({ doc: `mutation($id: ID!) { publishProvider(id: $id) { status } }`, vars: { id: w.providerA } }),
    expect: only('officer', 'admin'),
  },
  {
    operation: 'Mutation.suspendProvider',
    about: 'provider B, serving council B',
    request: async (w) => ({ doc: `mutation($id: ID!) { suspendProvider(id: $id, reason: "CQC concerns") { status } }`, vars: { id: w.providerB } }),
    expect: only('otherOfficer', 'admin'),
  },
  {
    operation: 'Mutation.logout',
    about: 'one’s own session (a fresh one per role)',
    request: async (w, role) => ({
      doc: `mutation { logout }`,
      headers: PEOPLE_ROLES.includes(role) ? { authorization: `Bearer ${await w.login(w.emails[role as keyof World['emails']])}` } : w.headers(role),
    }),
    expect: only(...PEOPLE_ROLES),
  },
];

let t: TestApp;
let w: World;
beforeAll(async () => {
  t = await startTestApp();
  w = await buildWorld(t);
});
afterAll(async () => t?.close());

test('every operation in the schema is in the matrix (or listed public), and nothing listed is stale', async () => {
  const schema = await getSchema();
  const inSchema = [
    ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map((f) => `Query.${f}`),
    ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((f) => `Mutation.${f}`),
  ].sort();
  const covered = new Set([...PUBLIC_OPERATIONS, ...CASES.map((c) => c.operation)]);
  expect(inSchema.filter((op) => !covered.has(op)), 'operations missing from the permission matrix').toEqual([]);
  expect([...covered].filter((op) => !inSchema.includes(op)), 'matrix entries for operations that no longer exist').toEqual([]);
  for (const c of CASES) expect(Object.keys(c.expect).sort()).toEqual([...ROLES].sort());
});

describe.each(CASES)('$operation ($about)', (c) => {
  test.each([...ROLES])('as %s', async (role) => {
    const { doc, vars, headers } = await c.request(w, role, t);
    const res = await t.gql(doc, vars, headers ?? w.headers(role));
    const field = c.operation.split('.')[1]!;
    const outcome = c.expect[role];
    if (outcome === 'ok') {
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect((res.data as Record<string, unknown>)[field]).toBeTruthy();
    } else {
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res)).toBe(outcome);
      expect((res.data as Record<string, unknown> | null | undefined)?.[field] ?? null).toBeNull();
    }
  });
});

test('an officer sees only their own council’s audit events and keys', async () => {
  const asOther = await t.gql<{ auditEvents: { edges: { node: { councilId: string | null } }[] } }, unknown>(
    `{ auditEvents(first: 100) { edges { node { councilId } } } }`,
    undefined,
    w.headers('otherOfficer'),
  );
  expect(asOther.data!.auditEvents.edges.every((e) => e.node.councilId === w.councilB)).toBe(true);
  const keys = await t.gql<{ apiKeys: { edges: { node: { councilId: string } }[] } }, unknown>(
    `{ apiKeys(first: 100) { edges { node { councilId } } } }`,
    undefined,
    w.headers('otherOfficer'),
  );
  expect(keys.data!.apiKeys.edges.length).toBeGreaterThan(0);
  expect(keys.data!.apiKeys.edges.every((e) => e.node.councilId === w.councilB)).toBe(true);
});

test('a coordinator cannot move a service to, or edit, another provider; every listing change is audited', async () => {
  const created = await t.gql<{ upsertService: { id: string } }, unknown>(
    `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
    { i: { providerId: w.providerB, category: 'gardening-and-maintenance', name: 'Garden tidy', hourlyRatePence: 1800 } },
    w.headers('otherCoordinator'),
  );
  const serviceId = created.data!.upsertService.id;
  const hijack = await t.gql(
    `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
    { i: { id: serviceId, providerId: w.providerA, category: 'gardening-and-maintenance', name: 'Mine now', hourlyRatePence: 1 } },
    w.headers('coordinator'),
  );
  expect(hijack.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const updated = await t.gql<{ upsertService: { id: string; hourlyRatePence: number } }, unknown>(
    `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id hourlyRatePence } }`,
    { i: { id: serviceId, providerId: w.providerB, category: 'gardening-and-maintenance', name: 'Garden tidy', hourlyRatePence: 1900 } },
    w.headers('otherCoordinator'),
  );
  expect(updated.data!.upsertService).toEqual({ id: serviceId, hourlyRatePence: 1900 });
  const actions: { action: string }[] = await t.db.query(`SELECT action FROM audit_event WHERE object_id = $1 ORDER BY id`, [serviceId]);
  expect(actions.map((a) => a.action)).toEqual(['service.create', 'service.update']);
  const published: { action: string; council_ids: string[] }[] = await t.db.query(
    `SELECT action, council_ids FROM audit_event WHERE object_id = $1 AND action = 'provider.publish' AND actor_person_id = $2`,
    [w.providerA, w.ids.officer],
  );
  expect(published).toEqual([{ action: 'provider.publish', council_ids: [w.councilA] }]);
});

test('me is null without a sign-in and says who you are with one', async () => {
  const anon = await t.gql<{ me: unknown }, unknown>(`{ me { id } }`);
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

test('an officer acts for a person only after recording that they lack capacity, and with a reason', async () => {
  const grant = (reason: string | null) =>
    t.gql(
      `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { right grantReason } }`,
      { i: { personId: w.ids.assessed, representativeEmail: 'advocate@test.example', representativeName: 'Advocate', rights: ['BOOK'], reason } },
      w.headers('officer'),
    );
  expect((await grant('Best-interests decision')).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  const recorded = await t.gql(
    `mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { id } }`,
    { i: { personId: w.ids.assessed, lacksCapacity: true, reason: 'MCA assessment 2025-11' } },
    w.headers('officer'),
  );
  expect(recorded.errors).toBeUndefined();
  expect((await grant(null)).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  expect((await grant('Best-interests decision')).data).toEqual({ grantRepresentativeRights: [{ right: 'BOOK', grantReason: 'Best-interests decision' }] });
  // The other council's officer still may not.
  const other = await t.gql(
    `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { right } }`,
    { i: { personId: w.ids.assessed, representativeEmail: 'x@test.example', representativeName: 'X', rights: ['BOOK'], reason: 'r' } },
    w.headers('otherOfficer'),
  );
  expect(other.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  // The capacity reason is kept with the person, never in the audit trail.
  const audit: { summary: unknown }[] = await t.db.query(`SELECT summary FROM audit_event`);
  expect(JSON.stringify(audit)).not.toContain('MCA assessment');
  expect(JSON.stringify(audit)).not.toContain('Best-interests');
});

import { ApiKeyScope, RepresentativeRight, StaffRole } from '../api/auth/auth.enums.js';
import { Person } from '../api/accounts/person.entity.js';
import { LegalForm } from '../api/directory/directory.enums.js';
import { listings } from '../api/directory/fixtures/builders.js';
import type { TestApp } from './harness.js';

export const PASSWORD = 'correct horse battery staple';
export const PARTNER_ORIGIN = 'https://partner.example';
export const SCOPED_KEY = 'cck_test-scoped-key-0123456789abcdefghijklmnopqrstuvwxyz';
export const UNSCOPED_KEY = 'cck_test-unscoped-key-0123456789abcdefghijklmnopqrstuvwxy';
export const COUNCIL_B_KEY = 'cck_test-councilb-key-0123456789abcdefghijklmnopqrstuvwxy';

/** Every role the permission matrix asks about. */
export const ROLES = [
  'public',
  'person',
  'otherPerson',
  'representativeAll',
  'representativeNone',
  'coordinator',
  'otherCoordinator',
  'careWorker',
  'officer',
  'otherOfficer',
  'partner',
  'partnerNoScope',
  'widget',
  'admin',
] as const;
export type RoleName = (typeof ROLES)[number];

const PEOPLE = {
  person: 'person@test.example',
  otherPerson: 'other@test.example',
  representativeAll: 'rep-all@test.example',
  representativeNone: 'rep-none@test.example',
  coordinator: 'coord-a@test.example',
  otherCoordinator: 'coord-b@test.example',
  careWorker: 'worker-a@test.example',
  officer: 'officer-a@test.example',
  otherOfficer: 'officer-b@test.example',
  admin: 'admin@test.example',
  friend: 'friend@test.example',
  assessed: 'assessed@test.example',
  personB: 'person-b@test.example',
} as const;

export interface World {
  councilA: string;
  councilB: string;
  providerA: string;
  providerB: string;
  ids: Record<keyof typeof PEOPLE, string>;
  apiKeyIds: { scoped: string; councilB: string };
  tokens: Partial<Record<RoleName, string>>;
  widgetToken: string;
  /** Headers that make a request as the role. */
  headers(role: RoleName): Record<string, string>;
  login(email: string): Promise<string>;
  emails: typeof PEOPLE;
}

/**
 * Two councils, two providers, a person with representatives (one with every right, one with none of
 * hers), staff of each side, partners with and without scope, a widget session, an admin.
 */
export async function buildWorld(t: TestApp): Promise<World> {
  const { people, partners, uow } = t.services;
  const directory = listings(t.services);
  const councilA = (await directory.createCouncil({ name: 'Kirklees (test)', slug: 'test-a', onsCode: 'E0000001', postcodeDistricts: ['HD1'] })).id;
  const councilB = (await directory.createCouncil({ name: 'Calderdale (test)', slug: 'test-b', onsCode: 'E0000002', postcodeDistricts: ['HX1'] })).id;
  const providerA = (
    await directory.createProvider({ name: 'Co-op A', slug: 'co-op-a', legalForm: LegalForm.CO_OPERATIVE_SOCIETY, isCooperative: true, serviceAreas: [{ outcode: 'HD1' }] })
  ).id;
  const providerB = (
    await directory.createProvider({ name: 'Co-op B', slug: 'co-op-b', legalForm: LegalForm.CO_OPERATIVE_SOCIETY, isCooperative: true, serviceAreas: [{ outcode: 'HX1' }] })
  ).id;

  const ids = {} as Record<keyof typeof PEOPLE, string>;
  const apiKeyIds = {} as World['apiKeyIds'];
  await uow.transaction(async (em) => {
    for (const [key, email] of Object.entries(PEOPLE) as [keyof typeof PEOPLE, string][]) {
      const councilId = key === 'personB' ? councilB : ['person', 'otherPerson', 'assessed'].includes(key) ? councilA : null;
      const p = await people.ensurePerson({ email, name: key, councilId });
      await people.setPassword(p.id, PASSWORD);
      ids[key] = p.id;
    }
    await em.update(Person, { id: ids.admin }, { isAdmin: true });
    await people.addStaffMembership(ids.coordinator, { role: StaffRole.COORDINATOR, providerId: providerA, councilId: null });
    await people.addStaffMembership(ids.otherCoordinator, { role: StaffRole.COORDINATOR, providerId: providerB, councilId: null });
    await people.addStaffMembership(ids.careWorker, { role: StaffRole.CARE_WORKER, providerId: providerA, councilId: null });
    await people.addStaffMembership(ids.officer, { role: StaffRole.COUNCIL_OFFICER, councilId: councilA, providerId: null });
    await people.addStaffMembership(ids.otherOfficer, { role: StaffRole.COUNCIL_OFFICER, councilId: councilB, providerId: null });
    const grant = (personId: string, repId: string, right: RepresentativeRight) =>
      em.query(`INSERT INTO representative_grant (person_id, representative_id, "right", granted_by_id, accepted_at) VALUES ($1, $2, $3, $1, now())`, [
        personId,
        repId,
        right,
      ]);
    for (const right of Object.values(RepresentativeRight)) await grant(ids.person, ids.representativeAll, right);
    // A representative, but of someone else: holds none of `person`'s rights.
    await grant(ids.otherPerson, ids.representativeNone, RepresentativeRight.VIEW_PLAN);
    await grant(ids.person, ids.friend, RepresentativeRight.VIEW_PLAN);
    const key = (secret: string, councilId: string, scopes: ApiKeyScope[]) =>
      partners.insertApiKey({ name: 'test', organisationName: 'Partner', councilId, scopes, allowedOrigins: [PARTNER_ORIGIN], createdById: ids.admin }, secret);
    const scoped = await key(SCOPED_KEY, councilA, [ApiKeyScope.WIDGET_SESSIONS_CREATE, ApiKeyScope.DIRECTORY_READ]);
    await key(UNSCOPED_KEY, councilA, [ApiKeyScope.DIRECTORY_READ]);
    const councilBKey = await key(COUNCIL_B_KEY, councilB, [ApiKeyScope.WIDGET_SESSIONS_CREATE]);
    // `person` consented to the scoped partner; `otherPerson` did not; personB consented to council B's key.
    await em.query(`INSERT INTO widget_consent (person_id, api_key_id, given_by_id) VALUES ($1, $2, $1)`, [ids.person, scoped.id]);
    await em.query(`INSERT INTO widget_consent (person_id, api_key_id, given_by_id) VALUES ($1, $2, $1)`, [ids.personB, councilBKey.id]);
    apiKeyIds.scoped = scoped.id;
    apiKeyIds.councilB = councilBKey.id;
  });

  const login = async (email: string) => {
    const res = await t.gql<{ login: { token: string } }, unknown>(`mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
      e: email,
      p: PASSWORD,
    });
    if (!res.data?.login) throw new Error(`login failed for ${email}: ${JSON.stringify(res.errors)}`);
    return res.data.login.token;
  };
  const tokens: Partial<Record<RoleName, string>> = {};
  for (const role of ROLES) {
    if (role in PEOPLE) tokens[role] = await login(PEOPLE[role as keyof typeof PEOPLE]);
  }
  const widget = await t.gql<{ createWidgetSession: { token: string } }, unknown>(
    `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token } }`,
    { i: { personId: ids.person, purpose: 'BUDGET_VIEW', origin: PARTNER_ORIGIN } },
    { 'x-api-key': SCOPED_KEY },
  );
  if (!widget.data?.createWidgetSession) throw new Error(`widget session failed: ${JSON.stringify(widget.errors)}`);
  const widgetToken = widget.data.createWidgetSession.token;

  return {
    councilA,
    councilB,
    providerA,
    providerB,
    ids,
    apiKeyIds,
    tokens,
    widgetToken,
    emails: PEOPLE,
    login,
    headers(role): Record<string, string> {
      if (role === 'public') return {};
      if (role === 'partner') return { 'x-api-key': SCOPED_KEY };
      if (role === 'partnerNoScope') return { 'x-api-key': UNSCOPED_KEY };
      if (role === 'widget') return { authorization: `Bearer ${widgetToken}`, origin: PARTNER_ORIGIN };
      return { authorization: `Bearer ${tokens[role]}` };
    },
  };
}

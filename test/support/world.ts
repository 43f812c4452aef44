import { afterAll, beforeAll, inject } from 'vitest';
import type { AppServices } from '../../api/modules.js';
import type { TestApp } from '../harness.js';
import { addPerson, addStaff, giveConsent, grantAccepted, insertApiKey, makeAdmin } from './accounts.js';
import { LateCancellationPolicy } from '../../api/directory/directory.enums.js';
import { addService, createCouncil, createProvider } from './seed.js';
import { createWidgetSession, login } from './graphql.js';

export const PASSWORD = 'correct horse battery staple';
/** For `startTestApp({ tokenSecret })`, where a test signs tokens of its own (expired, tampered). */
export const TOKEN_SECRET = 'test-token-secret-0123456789-abcdefghijklmnop';
export const PARTNER_ORIGIN = 'https://partner.example';
export const SCOPED_KEY = 'cck_test-scoped-key-0123456789abcdefghijklmnopqrstuvwxyz';
export const UNSCOPED_KEY = 'cck_test-unscoped-key-0123456789abcdefghijklmnopqrstuvwxy';
export const COUNCIL_B_KEY = 'cck_test-councilb-key-0123456789abcdefghijklmnopqrstuvwxy';
/** A second widget partner of council A that nobody has consented to yet. */
export const SECOND_PARTNER_KEY = 'cck_test-second-partner-0123456789abcdefghijklmnopqrstuv';

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

export const PEOPLE = {
  person: 'person@test.example',
  otherPerson: 'other@test.example',
  representativeAll: 'rep-all@test.example',
  representativeNone: 'rep-none@test.example',
  coordinator: 'coord-a@test.example',
  otherCoordinator: 'coord-b@test.example',
  careWorker: 'worker-a@test.example',
  officer: 'officer-a@test.example',
  otherOfficer: 'officer-b@test.example',
  // A second officer of council A: capacity decisions take two.
  secondOfficer: 'officer-a2@test.example',
  admin: 'admin@test.example',
  friend: 'friend@test.example',
  assessed: 'assessed@test.example',
  // Two more people of council A whose capacity an officer may record, for tests that each need a fresh one.
  assessed2: 'assessed2@test.example',
  assessed3: 'assessed3@test.example',
  personB: 'person-b@test.example',
  // Provider A's second coordinator and second care worker: two coordinators racing for one worker.
  secondCoordinator: 'coord-a2@test.example',
  secondCareWorker: 'worker-a2@test.example',
} as const;
export type PersonName = keyof typeof PEOPLE;

/** What the world template holds: ids only, so global setup can hand them to every test file. */
export interface WorldIds {
  councilA: string;
  councilB: string;
  providerA: string;
  providerB: string;
  /**
   * Provider A's bookable services in HD1: `home` takes every kind of budget (£33 an hour, £2.50 travel a
   * visit, 30 minutes at least, 24 hours' notice, a late cancellation charged in full); `strict` takes
   * direct payments only and refuses late cancellations (48 hours' notice). Provider B's `draft` is in a
   * listing that is not published.
   */
  services: { home: string; strict: string; draft: string };
  ids: Record<PersonName, string>;
  apiKeyIds: { scoped: string; councilB: string; second: string };
}

export interface World extends WorldIds {
  tokens: Partial<Record<RoleName, string>>;
  widgetToken: string;
  /** Headers that make a request as the role. */
  headers(role: RoleName): Record<string, string>;
  /** Signs the person in afresh (a new session) and returns the bearer token. */
  login(email: string): Promise<string>;
  emails: typeof PEOPLE;
}

/**
 * Two councils, two providers (A published, B a draft), a person with representatives (one with every right,
 * one with none of hers), staff of each side, partners with and without scope, an admin. Run once a test
 * run, into the world template (test/support/templates.ts); sessions are made per test file by useWorld.
 */
export async function seedWorld(services: AppServices): Promise<WorldIds> {
  const councilA = (
    await createCouncil(services, { name: 'Kirklees (test)', slug: 'test-a', onsCode: 'E0000001', postcodeDistricts: ['HD1'] })
  ).id;
  const councilB = (
    await createCouncil(services, { name: 'Calderdale (test)', slug: 'test-b', onsCode: 'E0000002', postcodeDistricts: ['HX1'] })
  ).id;
  const providerA = (
    await createProvider(services, { name: 'Co-op A', slug: 'co-op-a', status: 'PUBLISHED', serviceAreas: [{ outcode: 'HD1' }] })
  ).id;
  const providerB = (await createProvider(services, { name: 'Co-op B', slug: 'co-op-b', serviceAreas: [{ outcode: 'HX1' }] })).id;
  const bookable = {
    hourlyRatePence: 3300,
    minimumVisitMinutes: 30,
    travelChargePencePerVisit: 250,
    cancellationNoticeHours: 24,
    acceptsDirectPayments: true,
    acceptsCouncilManagedBudgets: true,
    acceptsIndividualServiceFunds: true,
  };
  const worldServices = {
    home: (await addService(services, providerA, { name: 'Home care (test)', ...bookable })).id,
    strict: (
      await addService(services, providerA, {
        name: 'Night sitting (test)',
        ...bookable,
        acceptsCouncilManagedBudgets: false,
        acceptsIndividualServiceFunds: false,
        cancellationNoticeHours: 48,
        lateCancellationPolicy: LateCancellationPolicy.REFUSE,
      })
    ).id,
    draft: (await addService(services, providerB, { name: 'Draft care (test)', ...bookable })).id,
  };

  const ids = {} as Record<PersonName, string>;
  const apiKeyIds = {} as WorldIds['apiKeyIds'];
  await services.uow.transaction(async (em) => {
    for (const [key, email] of Object.entries(PEOPLE) as [PersonName, string][]) {
      const councilId =
        key === 'personB' ? councilB : ['person', 'otherPerson', 'assessed', 'assessed2', 'assessed3'].includes(key) ? councilA : null;
      ids[key] = await addPerson(services, { email, name: key, councilId, password: PASSWORD });
    }
    await makeAdmin(em, ids.admin);
    await addStaff(services, ids.coordinator, { role: 'COORDINATOR', providerId: providerA });
    await addStaff(services, ids.otherCoordinator, { role: 'COORDINATOR', providerId: providerB });
    await addStaff(services, ids.careWorker, { role: 'CARE_WORKER', providerId: providerA });
    await addStaff(services, ids.secondCoordinator, { role: 'COORDINATOR', providerId: providerA });
    await addStaff(services, ids.secondCareWorker, { role: 'CARE_WORKER', providerId: providerA });
    await addStaff(services, ids.officer, { role: 'COUNCIL_OFFICER', councilId: councilA });
    await addStaff(services, ids.otherOfficer, { role: 'COUNCIL_OFFICER', councilId: councilB });
    await addStaff(services, ids.secondOfficer, { role: 'COUNCIL_OFFICER', councilId: councilA });
    for (const right of ['BOOK', 'VIEW_BUDGET', 'EDIT_PLAN', 'VIEW_PLAN'] as const)
      await grantAccepted(em, ids.person, ids.representativeAll, right);
    // A representative, but of someone else: holds none of `person`'s rights.
    await grantAccepted(em, ids.otherPerson, ids.representativeNone, 'VIEW_PLAN');
    await grantAccepted(em, ids.person, ids.friend, 'VIEW_PLAN');
    const key = (secret: string, councilId: string, scopes: ('WIDGET_SESSIONS_CREATE' | 'DIRECTORY_READ')[]) =>
      insertApiKey(services, {
        secret,
        councilId,
        scopes,
        allowedOrigins: [PARTNER_ORIGIN],
        createdById: ids.admin,
        organisationName: 'Partner',
      });
    apiKeyIds.scoped = await key(SCOPED_KEY, councilA, ['WIDGET_SESSIONS_CREATE', 'DIRECTORY_READ']);
    await key(UNSCOPED_KEY, councilA, ['DIRECTORY_READ']);
    apiKeyIds.councilB = await key(COUNCIL_B_KEY, councilB, ['WIDGET_SESSIONS_CREATE']);
    apiKeyIds.second = await key(SECOND_PARTNER_KEY, councilA, ['WIDGET_SESSIONS_CREATE']);
    // `person` consented to the scoped partner; `otherPerson` did not; personB consented to council B's key.
    await giveConsent(em, ids.person, apiKeyIds.scoped);
    await giveConsent(em, ids.personB, apiKeyIds.councilB);
  });
  return { councilA, councilB, providerA, providerB, services: worldServices, ids, apiKeyIds };
}

/** Signs every person of the world in (over HTTP) and mints the widget session. */
export async function connectWorld(t: TestApp, ids: WorldIds = inject('world')): Promise<World> {
  const signIn = async (email: string) => {
    const res = await login(t, email, PASSWORD);
    if (!res.data?.login) throw new Error(`login failed for ${email}: ${JSON.stringify(res.errors)}`);
    return res.data.login.token;
  };
  const tokens: Partial<Record<RoleName, string>> = {};
  for (const role of ROLES) {
    if (role in PEOPLE) tokens[role] = await signIn(PEOPLE[role as PersonName]);
  }
  const widget = await createWidgetSession(t, { personId: ids.ids.person, purpose: 'BUDGET_VIEW', origin: PARTNER_ORIGIN }, SCOPED_KEY);
  if (!widget.data?.createWidgetSession) throw new Error(`widget session failed: ${JSON.stringify(widget.errors)}`);
  const widgetToken = widget.data.createWidgetSession.token;
  return {
    ...ids,
    tokens,
    widgetToken,
    emails: PEOPLE,
    login: signIn,
    headers(role): Record<string, string> {
      if (role === 'public') return {};
      if (role === 'partner') return { 'x-api-key': SCOPED_KEY };
      if (role === 'partnerNoScope') return { 'x-api-key': UNSCOPED_KEY };
      if (role === 'widget') return { authorization: `Bearer ${widgetToken}`, origin: PARTNER_ORIGIN };
      return { authorization: `Bearer ${tokens[role]}` };
    },
  };
}

/**
 * The world, signed in, for the app of the enclosing describe (or file): call after useTestApp({ seeded:
 * 'world' }). The object stands for the world connected in beforeAll.
 */
export function useWorld(t: TestApp): World {
  let current: World | undefined;
  beforeAll(async () => {
    current = await connectWorld(t);
  });
  afterAll(() => {
    current = undefined;
  });
  return new Proxy({} as World, {
    get(_target, property) {
      if (!current) throw new Error('useWorld: the world is connected in beforeAll; use it inside a test or hook');
      return current[property as keyof World];
    },
  });
}

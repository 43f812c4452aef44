import type { EntityManager } from 'typeorm';
import type { AppServices } from '../modules.js';
import { ApiKeyScope, RepresentativeRight, StaffRole } from '../auth/auth.enums.js';
import { ApiKey } from './api-key.entity.js';
import { Person } from './person.entity.js';
import { sha256 } from '../auth/secrets.js';

export const DEMO_PASSWORD = 'coopcare-demo';
/** Fixed so the README can name it; demo seeding never runs in production, so no live system has it. */
export const DEMO_PARTNER_KEY = 'cck_demo-kirklees-partner-key-not-for-production';

/**
 * The demo partner key's pages: the demo council page itself, wherever coopcare listens. Derived from
 * the port rather than fixed, so a demo started with another PORT can still mint widget sessions.
 */
export function demoPartnerOrigins(port: number): string[] {
  return [`http://localhost:${port}`, `http://127.0.0.1:${port}`];
}

export const DEMO_ACCOUNTS = {
  officer: { email: 'officer@kirklees.example', name: 'Priya Shah', note: 'council officer, Kirklees' },
  officer2: {
    email: 'officer2@kirklees.example',
    name: 'Tom Booth',
    note: 'a second council officer, Kirklees: confirms the capacity decisions Priya records',
  },
  margaret: {
    email: 'margaret@example.org',
    name: 'Margaret Hirst',
    note: 'person who receives care, with a council-managed personal budget',
  },
  david: { email: 'david@example.org', name: 'David Hirst', note: 'Margaret’s son, representative with every grant' },
  coordinator: { email: 'coordinator@colnevalley.example', name: 'Joe Armitage', note: 'coordinator of the Colne Valley co-op' },
  worker: { email: 'worker@colnevalley.example', name: 'Aisha Khan', note: 'care worker of the Colne Valley co-op' },
  admin: { email: 'admin@coopcare.example', name: 'Sam Operator', note: 'admin' },
  arthur: {
    email: 'arthur@example.org',
    name: 'Arthur Beaumont',
    note: 'a second person, with a direct payment; his daughter Susan represents him with VIEW_BUDGET',
  },
  susan: { email: 'susan@example.org', name: 'Susan Beaumont', note: 'Arthur’s daughter, representative with VIEW_BUDGET' },
  joan: {
    email: 'joan@example.org',
    name: 'Joan Sykes',
    note: 'a third person, whose individual service fund the Colne Valley co-op holds',
  },
  volunteer: {
    email: 'volunteer@colnevalley.example',
    name: 'Jean Brook',
    note: 'a volunteer of the Colne Valley time bank: checked, with training, references and expense claims',
  },
} as const;

export type DemoAccountKey = keyof typeof DEMO_ACCOUNTS;

/** The demo people who hold a personal budget of Kirklees. */
export const DEMO_BUDGET_HOLDERS = ['margaret', 'arthur', 'joan'] as const satisfies readonly DemoAccountKey[];
/** Who agreed that the demo partner (the council page's own server) may open widgets for them; Joan did not. */
export const DEMO_WIDGET_CONSENTS = ['margaret', 'arthur'] as const satisfies readonly (typeof DEMO_BUDGET_HOLDERS)[number][];

/**
 * The demo people, their relationships (David's and Susan's grants already accepted) and a demo partner
 * key Margaret and Arthur consented to, linked to the directory's Kirklees council and Colne Valley co-op
 * (looked up by slug). Idempotent: a second run adds nothing, except that the demo key's origins follow
 * the port of this start (`services.config.port`). Returns lines for the start-up message.
 */
export async function seedAccounts(services: AppServices): Promise<string[]> {
  const { people, directory, uow } = services;
  const councils = await directory.listCouncils();
  const kirklees = councils.find((c) => c.slug === 'kirklees') ?? councils.find((c) => /kirklees/i.test(c.name)) ?? null;
  const colneProvider = await directory.getProviderBySlug('colne-valley-care-co-operative', { includeUnpublished: true });

  const origins = demoPartnerOrigins(services.config.port);
  const consenting = await uow.transaction(async (em) => {
    const person: DemoPeople = {} as never;
    const fresh = !(await em.findOneBy(Person, { email: DEMO_ACCOUNTS.margaret.email }));
    for (const [key, account] of Object.entries(DEMO_ACCOUNTS) as [DemoAccountKey, (typeof DEMO_ACCOUNTS)[DemoAccountKey]][]) {
      const receivesCare = (DEMO_BUDGET_HOLDERS as readonly string[]).includes(key);
      person[key] = await people.ensurePerson({
        email: account.email,
        name: account.name,
        councilId: receivesCare ? (kirklees?.id ?? null) : null,
      });
      if (fresh) await people.setPassword(person[key].id, DEMO_PASSWORD);
    }
    if (fresh) await seedRelationships(services, em, person, kirklees?.id ?? null, colneProvider?.id ?? null, origins);
    return updateDemoPartner(
      em,
      origins,
      DEMO_WIDGET_CONSENTS.map((key) => person[key]),
    );
  });

  const width = Math.max(...Object.values(DEMO_ACCOUNTS).map((a) => a.email.length));
  return [
    `demo accounts (password ${DEMO_PASSWORD}):`,
    ...Object.values(DEMO_ACCOUNTS).map((a) => `    ${a.email.padEnd(width)}  ${a.note}`),
    ...(kirklees
      ? [
          `demo partner API key (X-Api-Key, Kirklees, origins ${origins.join(' ')}):`,
          `    ${DEMO_PARTNER_KEY}`,
          // A partner keeps the ids of the people who consented to it in its own records; these are the demo's.
          'people who consented to the demo partner (person ids, for examples/partner-charity):',
          ...consenting.map((p) => `    ${p.id}  ${p.name}`),
        ]
      : []),
  ];
}

type DemoPeople = Record<DemoAccountKey, Person>;

/** What a fresh demo database gets once: roles, representatives, and the demo partner's key. */
async function seedRelationships(
  { people, partners }: AppServices,
  em: EntityManager,
  person: DemoPeople,
  kirkleesId: string | null,
  colneId: string | null,
  origins: string[],
): Promise<void> {
  await em.update(Person, { id: person.admin.id }, { isAdmin: true });
  if (kirkleesId) {
    for (const officer of [person.officer, person.officer2]) {
      await people.addStaffMembership(officer.id, { role: StaffRole.COUNCIL_OFFICER, councilId: kirkleesId, providerId: null });
    }
  }
  if (colneId) {
    await people.addStaffMembership(person.coordinator.id, { role: StaffRole.COORDINATOR, providerId: colneId, councilId: null });
    await people.addStaffMembership(person.worker.id, { role: StaffRole.CARE_WORKER, providerId: colneId, councilId: null });
  }
  for (const right of Object.values(RepresentativeRight)) {
    await em.query(
      `INSERT INTO representative_grant (person_id, representative_id, "right", granted_by_id, accepted_at)
        VALUES ($1, $2, $3, $1, now())`,
      [person.margaret.id, person.david.id, right],
    );
  }
  await em.query(
    `INSERT INTO representative_grant (person_id, representative_id, "right", granted_by_id, accepted_at) VALUES ($1, $2, $3, $1, now())`,
    [person.arthur.id, person.susan.id, RepresentativeRight.VIEW_BUDGET],
  );
  if (kirkleesId && !(await em.findOneBy(ApiKey, { secretHash: sha256(DEMO_PARTNER_KEY) }))) {
    await partners.insertApiKey(
      {
        name: 'Demo booking page',
        organisationName: 'Kirklees Demo Carers Charity',
        councilId: kirkleesId,
        scopes: [ApiKeyScope.DIRECTORY_READ, ApiKeyScope.WIDGET_SESSIONS_CREATE],
        allowedOrigins: origins,
        createdById: person.officer.id,
      },
      DEMO_PARTNER_KEY,
    );
  }
}

/**
 * On every demo start: the demo key's origins become this start's, so a database seeded on one port
 * works on another; and each consenting demo person who never had a consent to the key gets one (a
 * database seeded before Arthur consented catches up, while a consent someone withdrew stays withdrawn).
 * Seeding never runs in production, so no live key is touched. Returns the people who consent now.
 */
async function updateDemoPartner(em: EntityManager, origins: string[], consenting: Person[]): Promise<Person[]> {
  const key = await em.findOneBy(ApiKey, { secretHash: sha256(DEMO_PARTNER_KEY) });
  if (!key) return [];
  await em.update(ApiKey, { id: key.id }, { allowedOrigins: origins });
  for (const person of consenting) {
    await em.query(
      `INSERT INTO widget_consent (person_id, api_key_id, given_by_id)
       SELECT $1, $2, $1 WHERE NOT EXISTS (SELECT 1 FROM widget_consent WHERE person_id = $1 AND api_key_id = $2)`,
      [person.id, key.id],
    );
  }
  const live: { person_id: string }[] = await em.query(
    `SELECT person_id FROM widget_consent WHERE api_key_id = $1 AND revoked_at IS NULL`,
    [key.id],
  );
  return consenting.filter((p) => live.some((row) => row.person_id === p.id));
}

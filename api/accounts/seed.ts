import type { AppServices } from '../modules.js';
import { ApiKeyScope, RepresentativeRight, StaffRole } from '../auth/auth.enums.js';
import { ApiKey } from './api-key.entity.js';
import { Person } from './person.entity.js';
import { sha256 } from '../auth/secrets.js';

export const DEMO_PASSWORD = 'coopcare-demo';
/** Fixed so the README can name it; demo seeding never runs in production, so no live system has it. */
export const DEMO_PARTNER_KEY = 'cck_demo-kirklees-partner-key-not-for-production';
export const DEMO_PARTNER_ORIGINS = ['http://localhost:4000', 'http://127.0.0.1:4000', 'http://localhost:5173'];

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
} as const;

/**
 * The demo people, their relationships (David's and Susan's grants already accepted) and a demo partner
 * key Margaret consented to, linked to the directory's Kirklees
 * council and Colne Valley co-op (looked up by slug). Idempotent: a second run adds nothing. Returns
 * lines for the start-up message.
 */
export async function seedAccounts(services: AppServices): Promise<string[]> {
  const { people, partners, directory, uow } = services;
  const councils = await directory.listCouncils();
  const kirklees = councils.find((c) => c.slug === 'kirklees') ?? councils.find((c) => /kirklees/i.test(c.name)) ?? null;
  const colne = (await directory.publishedCooperativesSummary()).find((p) => p.slug.includes('colne'));
  const colneProvider = colne ? await directory.getProviderBySlug(colne.slug, { includeUnpublished: true }) : null;

  await uow.transaction(async (em) => {
    const person: Record<keyof typeof DEMO_ACCOUNTS, Person> = {} as never;
    const fresh = !(await em.findOneBy(Person, { email: DEMO_ACCOUNTS.margaret.email }));
    for (const [key, account] of Object.entries(DEMO_ACCOUNTS) as [
      keyof typeof DEMO_ACCOUNTS,
      (typeof DEMO_ACCOUNTS)[keyof typeof DEMO_ACCOUNTS],
    ][]) {
      const receivesCare = key === 'margaret' || key === 'arthur' || key === 'joan';
      person[key] = await people.ensurePerson({
        email: account.email,
        name: account.name,
        councilId: receivesCare ? (kirklees?.id ?? null) : null,
      });
      if (fresh) await people.setPassword(person[key].id, DEMO_PASSWORD);
    }
    if (!fresh) return;
    await em.update(Person, { id: person.admin.id }, { isAdmin: true });
    if (kirklees) {
      for (const officer of [person.officer, person.officer2]) {
        await people.addStaffMembership(officer.id, { role: StaffRole.COUNCIL_OFFICER, councilId: kirklees.id, providerId: null });
      }
    }
    if (colneProvider) {
      await people.addStaffMembership(person.coordinator.id, {
        role: StaffRole.COORDINATOR,
        providerId: colneProvider.id,
        councilId: null,
      });
      await people.addStaffMembership(person.worker.id, { role: StaffRole.CARE_WORKER, providerId: colneProvider.id, councilId: null });
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
    if (kirklees && !(await em.findOneBy(ApiKey, { secretHash: sha256(DEMO_PARTNER_KEY) }))) {
      const demoKey = await partners.insertApiKey(
        {
          name: 'Demo booking page',
          organisationName: 'Kirklees Demo Carers Charity',
          councilId: kirklees.id,
          scopes: [ApiKeyScope.DIRECTORY_READ, ApiKeyScope.WIDGET_SESSIONS_CREATE],
          allowedOrigins: DEMO_PARTNER_ORIGINS,
          createdById: person.officer.id,
        },
        DEMO_PARTNER_KEY,
      );
      // Margaret has agreed that the demo partner may open widgets for her.
      await em.query(`INSERT INTO widget_consent (person_id, api_key_id, given_by_id) VALUES ($1, $2, $1)`, [
        person.margaret.id,
        demoKey.id,
      ]);
    }
  });

  const width = Math.max(...Object.values(DEMO_ACCOUNTS).map((a) => a.email.length));
  return [
    `demo accounts (password ${DEMO_PASSWORD}):`,
    ...Object.values(DEMO_ACCOUNTS).map((a) => `    ${a.email.padEnd(width)}  ${a.note}`),
    ...(kirklees
      ? [`demo partner API key (X-Api-Key, Kirklees, origins ${DEMO_PARTNER_ORIGINS.join(' ')}):`, `    ${DEMO_PARTNER_KEY}`]
      : []),
  ];
}

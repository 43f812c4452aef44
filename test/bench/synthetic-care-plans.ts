import type { DataSource } from 'typeorm';
import { DEMO_PASSWORD } from '../../api/accounts/seed.js';
import { toPersonActor } from '../../api/auth/actor.js';
import { itemsAt } from '../../api/careplans/care-plan-store.js';
import { AboutMeHeading, CarePlanItemKind, GoalArea, SupportGiver } from '../../api/careplans/careplans.enums.js';
import type { AppServices } from '../../api/modules.js';

/**
 * Care plans at scale for the bench, on the Kirklees demo: one plan made through the care-plan services as
 * a person makes it (six About-me sections, five rated goals, six supports, three risks), moved on to
 * `versions` by accepted proposals that each reword a goal and a support, then copied in bulk SQL to
 * `plans - 1` new people, row for row as the app wrote it, with ids of their own; and checked, as the app
 * reads it, against the plan it copies. The template's person signs in with the demo password.
 */
export const TEMPLATE_EMAIL = 'bench-template@bench.example';

async function actingFor(services: AppServices, personId: string) {
  return { actor: toPersonActor(personId, 'bench', (await services.credentials.actorTies(personId))!), requestId: 'bench' };
}

async function templatePlan(services: AppServices, versions: number) {
  const kirklees = (await services.directory.listCouncils()).find((c) => c.slug === 'kirklees');
  const person = await services.people.ensurePerson({ email: TEMPLATE_EMAIL, name: 'Bench Template', councilId: kirklees?.id ?? null });
  await services.people.setPassword(person.id, DEMO_PASSWORD);
  const acting = await actingFor(services, person.id);
  const line = (what: string, n: number) => `${what} ${n}: ${'words the person chose, '.repeat(6)}`.trim();
  const marsden = await services.directory.getProviderBySlug('marsden-moor-homecare-co-op', { includeUnpublished: true });
  const service = await services.directory.serviceNamed(marsden!.id, 'Shopping and meal preparation');
  const plan = await services.carePlans.create(acting, {
    aboutMe: Object.values(AboutMeHeading).map((heading, i) => ({ heading, text: line('about me', i) })),
    goals: [0, 1, 2, 3, 4].map((i) => ({
      description: line('goal', i),
      area: Object.values(GoalArea)[i % 3],
      baseline: { importance: 8, performance: 3, satisfaction: 3 },
    })),
    supports: [0, 1, 2, 3, 4, 5].map((i) =>
      i === 0
        ? { what: line('support', i), giver: SupportGiver.SERVICE, serviceId: service!.id, when: 'Mornings', goalIndexes: [0, 1] }
        : { what: line('support', i), giver: SupportGiver.VOLUNTEER, carerName: 'A volunteer', when: 'Weekly', goalIndexes: [i % 5] },
    ),
    risks: [0, 1, 2].map((i) => ({ description: line('risk', i), personsChoice: line('choice', i), safeguards: line('safeguard', i) })),
  });
  for (let version = 1; version < versions; version++) {
    const items = await itemsAt(services.uow, plan.id, version);
    const goal = items.filter((i) => i.kind === CarePlanItemKind.GOAL)[version % 5];
    const support = items.filter((i) => i.kind === CarePlanItemKind.SUPPORT)[version % 6];
    const proposal = await services.proposals.propose(acting, {
      planId: plan.id,
      baseVersion: version,
      changes: [
        { editGoal: { goalId: goal.itemId, description: line('goal, reworded', version) } },
        { editSupport: { supportId: support.itemId, when: `Week ${version}` } },
      ],
    });
    await services.proposals.accept(acting, proposal.id);
  }
  const booked = (await itemsAt(services.uow, plan.id, 1)).find((i) => i.kind === CarePlanItemKind.SUPPORT)!;
  return { planId: plan.id, bookedSupportId: booked.itemId };
}

/**
 * The copies. Their first support is linked to a booking (an id of each plan's own: booking_id has no
 * foreign key and only the care-plan look-ups read it), so the booking index holds a row per plan.
 */
async function copyPlans(db: DataSource, plans: number, template: { planId: string; bookedSupportId: string }) {
  const remap = (column: string) => `md5(s.plan_id::text || ${column}::text)::uuid`;
  const booked = `i.item_id = '${template.bookedSupportId}'`;
  const statements = [
    `CREATE TEMP TABLE synthetic ON COMMIT DROP AS
      WITH people AS (INSERT INTO person (email, name, council_id)
        SELECT 'bench-' || g || '@bench.example', 'Bench Person ' || g, t.council_id
          FROM generate_series(2, ${plans}) g, care_plan t WHERE t.id = $1 RETURNING id, council_id)
      SELECT gen_random_uuid() AS plan_id, id AS person_id, council_id, gen_random_uuid() AS booking_id FROM people`,
    `INSERT INTO care_plan (id, person_id, council_id, current_version, review_date, created_by_id, created_at, updated_at)
      SELECT s.plan_id, s.person_id, s.council_id, t.current_version, t.review_date, s.person_id, t.created_at, t.updated_at
        FROM synthetic s, care_plan t WHERE t.id = $1`,
    `INSERT INTO care_plan_version (plan_id, version, created_at, created_by_id, proposal_id)
      SELECT s.plan_id, v.version, v.created_at, s.person_id, ${remap('v.proposal_id')}
        FROM synthetic s, care_plan_version v WHERE v.plan_id = $1`,
    // The changes keep the template's item ids: nothing measured here reads an accepted proposal's changes.
    `INSERT INTO care_plan_proposal (id, plan_id, base_version, changes, proposed_by_id, proposed_at, status,
        decided_by_id, decided_at, resulting_version)
      SELECT ${remap('p.id')}, s.plan_id, p.base_version, p.changes, s.person_id, p.proposed_at, p.status, s.person_id,
        p.decided_at, p.resulting_version FROM synthetic s, care_plan_proposal p WHERE p.plan_id = $1`,
    `INSERT INTO care_plan_goal_review (plan_id, goal_id, importance, performance, satisfaction, rated_on, recorded_by_id)
      SELECT s.plan_id, ${remap('r.goal_id')}, r.importance, r.performance, r.satisfaction, r.rated_on, s.person_id
        FROM synthetic s, care_plan_goal_review r WHERE r.plan_id = $1`,
    `INSERT INTO care_plan_item (plan_id, item_id, kind, from_version, until_version, position, content,
        booking_id, budget_id, service_id)
      SELECT s.plan_id, ${remap('i.item_id')}, i.kind, i.from_version, i.until_version, i.position,
        CASE WHEN i.kind <> 'SUPPORT' THEN i.content ELSE i.content
          || jsonb_build_object('goalIds',
               (SELECT coalesce(jsonb_agg(${remap('g')}), '[]') FROM jsonb_array_elements_text(i.content->'goalIds') g))
          || CASE WHEN ${booked} THEN jsonb_build_object('giver', 'BOOKING', 'bookingId', s.booking_id, 'serviceId', null)
             ELSE '{}' END END,
        CASE WHEN ${booked} THEN s.booking_id END, i.budget_id, CASE WHEN ${booked} THEN NULL ELSE i.service_id END
        FROM synthetic s, care_plan_item i WHERE i.plan_id = $1`,
  ];
  await db.transaction(async (em) => {
    for (const sql of statements) await em.query(sql, [template.planId]);
  });
  await db.query('ANALYZE');
}

/** Refuses copies the app would not read as it reads the template (ids aside), at their first and last version. */
async function checkCopy(services: AppServices, db: DataSource, plans: number, versions: number, templateId: string) {
  const [copy] = await db.query('SELECT c.id, c.person_id FROM care_plan c JOIN person p ON p.id = c.person_id WHERE p.email = $1', [
    `bench-${plans}@bench.example`,
  ]);
  const [template] = await db.query('SELECT id, person_id FROM care_plan WHERE id = $1', [templateId]);
  const shape = async (plan: { id: string; person_id: string }, version: number) => {
    const d = await services.carePlans.document(await actingFor(services, plan.person_id), plan.id, version, 'graphql');
    const goal = (id: string) => d.goals.findIndex((g) => g.id === id);
    return JSON.stringify({
      version: d.version,
      aboutMe: d.aboutMe,
      goals: d.goals.map((g) => [g.description, g.area, g.baseline, g.latest]),
      supports: d.supports.map((s) => [s.what, s.when, s.carerName, s.goalIds.map(goal)]),
      risks: d.risks.map((r) => [r.description, r.personsChoice, r.safeguards]),
    });
  };
  for (const version of [1, versions]) {
    if ((await shape(copy, version)) !== (await shape(template, version))) throw new Error(`a synthetic plan's version ${version} differs`);
  }
}

/** Makes the plans; returns the template's id (its person signs in as TEMPLATE_EMAIL) and how many item revisions there are. */
export async function generateSyntheticCarePlans(
  services: AppServices,
  db: DataSource,
  { plans, versions }: { plans: number; versions: number },
) {
  const template = await templatePlan(services, versions);
  await copyPlans(db, plans, template);
  await checkCopy(services, db, plans, versions, template.planId);
  const [{ items }] = await db.query('SELECT count(*)::int AS items FROM care_plan_item');
  return { templatePlanId: template.planId, items: items as number };
}

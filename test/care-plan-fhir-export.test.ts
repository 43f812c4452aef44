import type { Bundle, CarePlan, Goal, OperationOutcome } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor, homeCareBooking, joinCircle } from './support/care-plans.js';
import { expectValidFhir, structureProblem } from './support/fhir.js';
import { auditCount, bearer } from './support/graphql.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * `GET /fhir/CarePlan/{id}`: a plan made through the API, exported as a FHIR R4 Bundle that Medplum's
 * validator accepts against the official R4 definitions, for the plan's readers only, each read by anyone
 * but the person in the audit trail. Failures are OperationOutcomes that say nothing of someone else's plan.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const fhir = (id: string, headers: Record<string, string> = {}, query = '') => fetch(`${t.url}/fhir/CarePlan/${id}${query}`, { headers });
const GOAL_REVIEW = `mutation($i: RecordGoalReviewInput!) { recordGoalReview(input: $i) { id } }`;
const REMOVE = `mutation($p: ID!, $m: ID!) { removeFromCircle(planId: $p, memberId: $m) }`;
const CIRCLE = `query($id: ID!) { carePlan(id: $id) { circle { name kind status } } }`;

let planId = '';
let goalIds: string[] = [];
let friend: Record<string, string> = {};

beforeAll(async () => {
  const { bookingId } = await homeCareBooking(t, w, { workerId: w.ids.careWorker });
  // Every kind of giver: a family carer, a directory service, a booking, a volunteer.
  const supports = [
    { what: 'Walks with me to the shop', giver: 'INFORMAL_CARER', carerName: 'Dee', when: 'Saturdays', goalIndexes: [0] },
    { what: 'Help with getting up', giver: 'SERVICE', serviceId: w.services.home, when: 'Every morning, 8 to 9', goalIndexes: [1] },
    { what: 'Help with a bath', giver: 'BOOKING', bookingId, when: 'Thursdays', goalIndexes: [0, 1] },
    { what: 'Takes me to the choir', giver: 'VOLUNTEER', carerName: 'Alan', when: 'Tuesday evenings', goalIndexes: [] },
  ];
  ({ planId, goalIds } = await createPlanFor(t, w, { input: { supports } }));
  // A review moves the first goal by 3 (meaningful) and the second by 1.
  for (const [goalId, performance, satisfaction] of [
    [goalIds[0], 6, 7],
    [goalIds[1], 3, 3],
  ] as const) {
    const reviewed = await t.gql(GOAL_REVIEW, { i: { planId, goalId, importance: 8, performance, satisfaction } }, w.headers('person'));
    expect(reviewed.errors).toBeUndefined();
  }
  await joinCircle(t, w, planId, 'coordinator', 'SUGGEST', { asLeadCoordinator: true });
  await joinCircle(t, w, planId, 'otherPerson', 'VIEW');
  const removed = await joinCircle(t, w, planId, 'representativeNone', 'SUGGEST');
  expect((await t.gql(REMOVE, { p: planId, m: removed }, w.headers('person'))).errors).toBeUndefined();
  friend = bearer(await w.login(w.emails.friend));
  // Both sides sign version 1, so the export is of an agreed plan.
  for (const role of ['person', 'coordinator'] as const) {
    const agreed = await t.gql(
      `mutation($p: ID!) { agreeCarePlan(planId: $p, version: 1) { __typename } }`,
      { p: planId },
      w.headers(role),
    );
    expect(agreed.errors).toBeUndefined();
  }
});

describe('the export of a plan', () => {
  let bundle: Bundle;
  let response: Response;

  beforeAll(async () => {
    response = await fhir(planId, w.headers('person'));
    bundle = (await response.json()) as Bundle;
  });

  test('is a FHIR R4 Bundle the validator accepts, as application/fhir+json, never cached', async () => {
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(bundle.resourceType).toBe('Bundle');
    expectValidFhir(bundle);
    const types = bundle.entry!.map((e) => e.resource!.resourceType);
    expect(types).toEqual(['CarePlan', 'Goal', 'Goal', 'Patient']);
    for (const entry of bundle.entry!) expect(entry.fullUrl).toBe(`${t.url}/fhir/${entry.resource!.resourceType}/${entry.resource!.id}`);
  });

  test('its CarePlan names the active circle as contributors and every support as an activity', async () => {
    const plan = bundle.entry![0]!.resource as CarePlan;
    expect(plan).toMatchObject({ id: planId, status: 'active', intent: 'plan', meta: { versionId: '1' } });
    const agreements = (plan.note ?? []).filter((n) => n.text.startsWith('Agreed version'));
    expect(agreements.map((n) => [n.authorString, n.text]).sort()).toEqual([
      ['coordinator', 'Agreed version 1 as lead coordinator.'],
      ['person', 'Agreed version 1 for the person.'],
    ]);
    expect(plan.subject).toEqual({ reference: `Patient/${w.ids.person}`, display: 'person' });
    const circle = (
      await t.gql<{ carePlan: { circle: { name: string; kind: string; status: string }[] } }, unknown>(
        CIRCLE,
        { id: planId },
        w.headers('person'),
      )
    ).data!.carePlan.circle;
    const active = circle.filter((m) => m.status === 'ACTIVE' && m.kind !== 'PERSON').map((m) => m.name);
    expect(active.sort()).toEqual(['coordinator', 'friend', 'otherPerson', 'representativeAll']);
    expect(plan.contributor).toEqual([
      { reference: `Patient/${w.ids.person}`, display: 'person' },
      ...circle.filter((m) => m.status === 'ACTIVE' && m.kind !== 'PERSON').map((m) => expect.objectContaining({ display: m.name })),
    ]);
    expect(JSON.stringify(plan.contributor)).not.toContain('representativeNone');
    expect(plan.author).toEqual({ type: 'Practitioner', display: 'coordinator' });
    const activities = plan.activity!.map((a) => [a.detail!.description, a.detail!.status, a.detail!.performer![0]!.display]);
    expect(activities).toEqual([
      ['Walks with me to the shop', 'unknown', 'Dee'],
      ['Help with getting up', 'not-started', 'Home care (test), Co-op A'],
      ['Help with a bath', 'scheduled', 'Home care (test), Co-op A'],
      ['Takes me to the choir', 'unknown', 'Alan (volunteer)'],
    ]);
    expect(plan.activity![2]!.detail!.goal).toEqual(goalIds.map((id) => ({ reference: `Goal/${id}` })));
    expect(plan.goal).toEqual(goalIds.map((id) => ({ reference: `Goal/${id}` })));
  });

  test('its Goals carry the person’s words, their ratings at the start and at the review, and a meaningful change', async () => {
    const [walk, choir] = bundle.entry!.slice(1, 3).map((e) => e.resource as Goal);
    expect(walk!.description.text).toBe('Walk to the shop on my own');
    expect(walk!.achievementStatus?.coding?.[0]?.code).toBe('improving');
    expect(walk!.note!.map((n) => n.text)).toEqual([
      "At the start, the person's own ratings out of 10: importance 9, performance 3, satisfaction 4.",
      "At the latest review, the person's own ratings out of 10: importance 8, performance 6, satisfaction 7.",
      'Change since the start: performance +3, satisfaction +3: a meaningful change (2 or more).',
    ]);
    expect(choir!.achievementStatus?.coding?.[0]?.code).toBe('no-change');
  });

  test('?version=N exports an earlier version; a version that never was is 404, one that cannot be is 400', async () => {
    // Version 2 made by hand as an accepted proposal would make it: the first goal reworded.
    await t.db.query(`INSERT INTO care_plan_version (plan_id, version) VALUES ($1, 2)`, [planId]);
    const [old] = await t.db.query(
      `UPDATE care_plan_item SET until_version = 2 WHERE plan_id = $1 AND item_id = $2 AND until_version IS NULL RETURNING *`,
      [planId, goalIds[0]],
    );
    await t.db.query(
      `INSERT INTO care_plan_item (plan_id, item_id, kind, from_version, position, content) VALUES ($1, $2, 'GOAL', 2, $3, $4)`,
      [planId, goalIds[0], old[0].position, { ...old[0].content, description: 'Walk to the shop and back on my own' }],
    );
    await t.db.query(`UPDATE care_plan SET current_version = 2 WHERE id = $1`, [planId]);
    const goalWords = async (query: string) => {
      const b = (await (await fhir(planId, w.headers('person'), query)).json()) as Bundle;
      return [(b.entry![0]!.resource as CarePlan).meta!.versionId, (b.entry![1]!.resource as Goal).description.text];
    };
    expect(await goalWords('')).toEqual(['2', 'Walk to the shop and back on my own']);
    expect(await goalWords('?version=1')).toEqual(['1', 'Walk to the shop on my own']);
    expect(await goalWords('?version=2')).toEqual(['2', 'Walk to the shop and back on my own']);
    const missing = await fhir(planId, w.headers('person'), '?version=3');
    expect(missing.status).toBe(404);
    for (const bad of ['?version=0', '?version=-1', '?version=two', '?version=1.5', '?version=1&version=2', '?version=99999999999']) {
      const res = await fhir(planId, w.headers('person'), bad);
      expect([bad, res.status]).toEqual([bad, 400]);
      expect(((await res.json()) as OperationOutcome).issue[0]!.code).toBe('invalid');
    }
  });
});

describe('who may export a plan', () => {
  type Outcome = { status: number; issue: string | null };
  const outcomeOf = async (headers: Record<string, string>, id = planId): Promise<Outcome & { body: string }> => {
    const res = await fhir(id, headers);
    const body = await res.text();
    const parsed = JSON.parse(body) as Bundle | OperationOutcome;
    if (res.status !== 200) {
      expect(res.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
      expect(res.headers.get('cache-control')).toBe('no-store');
      expect(structureProblem(parsed as OperationOutcome)).toBeNull();
    }
    return { status: res.status, issue: parsed.resourceType === 'OperationOutcome' ? (parsed.issue[0]!.code as string) : null, body };
  };
  const READ: Outcome = { status: 200, issue: null };
  const DENIED: Outcome = { status: 403, issue: 'forbidden' };

  test('the circle reads it; everyone else, staff and partners included, is refused with nothing of the plan', async () => {
    const expected: [string, Record<string, string>, Outcome][] = [
      ['person', w.headers('person'), READ],
      ['EDIT_PLAN representative', w.headers('representativeAll'), READ],
      ['VIEW_PLAN representative', friend, READ],
      ['circle member', w.headers('otherPerson'), READ],
      ['lead coordinator', w.headers('coordinator'), READ],
      ['removed member', w.headers('representativeNone'), DENIED],
      ['coordinator not in the circle', w.headers('otherCoordinator'), DENIED],
      ['care worker sent to the visits', w.headers('careWorker'), DENIED],
      ['officer of the person’s council', w.headers('officer'), DENIED],
      ['admin', w.headers('admin'), DENIED],
      ['partner key', w.headers('partner'), DENIED],
      ['widget session of the person', w.headers('widget'), DENIED],
      ['anonymous', w.headers('public'), { status: 401, issue: 'login' }],
    ];
    const seen: [string, Outcome][] = [];
    for (const [who, headers] of expected) {
      const { body, ...outcome } = await outcomeOf(headers);
      seen.push([who, outcome]);
      if (outcome.status !== 200) for (const words of ['Walk to the shop', 'Dee', planId]) expect(body).not.toContain(words);
    }
    expect(seen).toEqual(expected.map(([who, , outcome]) => [who, outcome]));
  });

  test('anonymous is asked for a bearer token; a bad token is 401 too', async () => {
    const res = await fhir(planId);
    expect(res.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fhir(planId, bearer('not-a-token'))).status).toBe(401);
  });

  test('an unknown plan is 404 and someone else’s is 403 with the same words as any plan not theirs', async () => {
    const unknown = await outcomeOf(w.headers('person'), crypto.randomUUID());
    expect([unknown.status, unknown.issue]).toEqual([404, 'not-found']);
    const other = await createPlanFor(t, w, { personId: w.ids.otherPerson, as: 'otherPerson' });
    const theirs = JSON.parse((await outcomeOf(w.headers('person'), other.planId)).body) as OperationOutcome;
    const mine = JSON.parse((await outcomeOf(w.headers('officer'))).body) as OperationOutcome;
    expect(theirs.issue).toEqual(mine.issue);
  });

  test('a malformed id is 400; any other address under /fhir is a 404 OperationOutcome', async () => {
    const bad = await outcomeOf(w.headers('person'), 'not-a-uuid');
    expect([bad.status, bad.issue]).toEqual([400, 'invalid']);
    for (const path of ['/fhir/Patient/x', '/fhir/CarePlan', '/fhir/']) {
      const res = await fetch(`${t.url}${path}`, { headers: w.headers('person') });
      expect([path, res.status, res.headers.get('content-type')]).toEqual([path, 404, 'application/fhir+json; charset=utf-8']);
    }
  });
});

describe('the trail of exports', () => {
  const reads = async () =>
    (
      await t.db.query(`SELECT actor_person_id, summary FROM audit_event WHERE action = 'carePlan.read' AND object_id = $1 ORDER BY id`, [
        planId,
      ])
    ).map((r: { actor_person_id: string; summary: object }) => [r.actor_person_id, r.summary]);

  test('a representative’s export is in the audit trail with via fhir and the version; the person’s own is not', async () => {
    const before = await auditCount(t, 'carePlan.read', planId);
    expect((await fhir(planId, w.headers('person'))).status).toBe(200);
    expect(await auditCount(t, 'carePlan.read', planId)).toBe(before);
    expect((await fhir(planId, w.headers('representativeAll'), '?version=1')).status).toBe(200);
    expect((await reads()).at(-1)).toEqual([w.ids.representativeAll, { version: 1, via: 'fhir' }]);
    expect(await auditCount(t, 'carePlan.read', planId)).toBe(before + 1);
  });

  test('a refused export is no read', async () => {
    const before = await auditCount(t, 'carePlan.read', planId);
    for (const role of ['officer', 'admin', 'careWorker', 'public'] as RoleName[]) await fhir(planId, w.headers(role));
    expect(await auditCount(t, 'carePlan.read', planId)).toBe(before);
  });
});

describe('too many exports', () => {
  const limited = useTestApp({ rateLimitPerMinute: 1 });

  test('are refused with 429 as an OperationOutcome, saying when to try again', async () => {
    const url = `${limited.url}/fhir/CarePlan/${crypto.randomUUID()}`;
    expect((await fetch(url)).status).toBe(401);
    const refused = await fetch(url);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('content-type')).toBe('application/fhir+json; charset=utf-8');
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    const outcome = (await refused.json()) as OperationOutcome;
    expect(outcome.issue[0]).toMatchObject({ severity: 'error', code: 'throttled' });
    expect(structureProblem(outcome)).toBeNull();
  });
});

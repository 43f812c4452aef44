import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import { CREATE_PLAN, createPlanFor, homeCareBooking, PLAN_FIELDS } from './support/care-plans.js';
import { auditCount, code, establishLackOfCapacity } from './support/graphql.js';
import { useWorld } from './support/world.js';

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const PLAN = `query($id: ID!) { carePlan(id: $id) { ${PLAN_FIELDS} } }`;
const tableCounts = async () =>
  (
    await t.db.query(`SELECT (SELECT count(*) FROM care_plan)::int AS plans, (SELECT count(*) FROM care_plan_item)::int AS items,
      (SELECT count(*) FROM care_plan_version)::int AS versions, (SELECT count(*) FROM care_plan_goal_review)::int AS reviews,
      (SELECT count(*) FROM care_plan_circle_member)::int AS members`)
  )[0];
const create = (input: Record<string, unknown>, role: Parameters<typeof w.headers>[0] = 'person') =>
  t.gql<{ createCarePlan: Record<string, any> }, unknown>(CREATE_PLAN, { i: input }, w.headers(role));

describe('the person starts their own plan', () => {
  test('version 1 holds what they wrote, in order, with each goal’s baseline and the supports’ links', async () => {
    const ids = await createPlanFor(t, w, { booking: true });
    const res = await t.gql<{ carePlan: Record<string, any> }, unknown>(PLAN, { id: ids.planId }, w.headers('person'));
    expect(res.errors).toBeUndefined();
    const plan = res.data!.carePlan;
    expect(plan).toMatchObject({
      version: 1,
      status: 'DRAFT',
      agreedVersion: null,
      myRole: 'OWNER',
      consent: null,
      isReviewOverdue: false,
    });
    expect(plan.aboutMe.map((s: { heading: string; title: string }) => [s.heading, s.title])).toEqual([
      ['WHAT_MATTERS_TO_ME', 'What matters to me'],
      ['GOOD_DAY', 'Things that make a good day'],
    ]);
    expect(plan.goals.map((g: { description: string }) => g.description)).toEqual(['Walk to the shop on my own', 'Get back to the choir']);
    expect(plan.goals[0]).toMatchObject({ importance: 9, baseline: { importance: 9, performance: 3, satisfaction: 4 }, change: null });
    expect(plan.supports.map((s: { giver: string }) => s.giver)).toEqual(['INFORMAL_CARER', 'SERVICE', 'BOOKING']);
    expect(plan.supports[2]).toMatchObject({ bookingId: ids.bookingId, budgetId: ids.budgetId, booking: { id: ids.bookingId } });
    expect(plan.supports[2].service.id).toBe(w.services.home);
    expect(plan.supports[2].goals.map((g: { id: string }) => g.id)).toEqual([ids.goalIds[0]]);
    expect(plan.supports[0].goals.map((g: { id: string }) => g.id)).toEqual([ids.goalIds[0]]);
    // A year on, in UK time.
    expect(plan.reviewDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(plan.circle.map((m: { kind: string; role: string }) => [m.kind, m.role])).toEqual([
      ['PERSON', 'OWNER'],
      ['REPRESENTATIVE', 'OWNER'],
      ['REPRESENTATIVE', 'VIEW'],
    ]);
    expect(await auditCount(t, 'carePlan.create', ids.planId)).toBe(1);
    const [event] = await t.db.query(`SELECT summary::text AS s FROM audit_event WHERE action = 'carePlan.create' AND object_id = $1`, [
      ids.planId,
    ]);
    for (const secret of ['garden', 'shop', 'Dee', 'fall', 'stick', 'choir']) expect(event.s).not.toContain(secret);
  });

  test('a second plan for the same person is CarePlanExistsError, naming the plan to those who may read it only', async () => {
    const { planId } = await createPlanFor(t, w);
    const again = await create({ goals: [] });
    expect(again.data?.createCarePlan).toEqual({
      __typename: 'CarePlanExistsError',
      code: 'CONFLICT',
      message: 'This person already has a care plan.',
      carePlanId: planId,
    });
    // The coordinator may start plans for people their provider cares for, but is not in this one's circle.
    await homeCareBooking(t, w, { hoursAhead: 90 });
    const staff = await create({ personId: w.ids.person, consent: { method: 'VERBAL', givenOn: '2026-01-02' } }, 'coordinator');
    expect(staff.data?.createCarePlan).toMatchObject({ __typename: 'CarePlanExistsError', carePlanId: null });
  });
});

describe('staff start a plan with the person’s consent', () => {
  test('a coordinator of a provider caring for the person leads it and joins with EDIT; consent is recorded', async () => {
    await homeCareBooking(t, w, { hoursAhead: 80 });
    const { planId } = await createPlanFor(t, w, { as: 'coordinator' });
    const plan = (await t.gql<{ carePlan: Record<string, any> }, unknown>(PLAN, { id: planId }, w.headers('coordinator'))).data!.carePlan;
    expect(plan.consent).toEqual({ method: 'WRITTEN', givenOn: '2026-01-05' });
    expect(plan.myRole).toBe('EDIT');
    expect(plan.leadCoordinator.name).toBe('coordinator');
    const member = plan.circle.find((m: { kind: string }) => m.kind === 'MEMBER');
    expect(member).toMatchObject({ role: 'EDIT', status: 'ACTIVE', isLeadCoordinator: true, invitedEmail: null });
  });

  test('an officer of the person’s council joins with EDIT and does not lead', async () => {
    const { planId } = await createPlanFor(t, w, { as: 'officer' });
    const plan = (await t.gql<{ carePlan: Record<string, any> }, unknown>(PLAN, { id: planId }, w.headers('officer'))).data!.carePlan;
    expect([plan.myRole, plan.leadCoordinator]).toEqual(['EDIT', null]);
  });

  test('without consent it is refused naming consent; consent dated in the future or year 0 is refused; nothing is written', async () => {
    await t.db.query(`DELETE FROM care_plan WHERE person_id = $1`, [w.ids.person]);
    const before = await tableCounts();
    const none = await create({ personId: w.ids.person, goals: [{ description: 'x', area: 'LEISURE' }] }, 'officer');
    expect([code(none), none.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'consent']);
    const future = await create({ personId: w.ids.person, consent: { method: 'VERBAL', givenOn: '2099-01-01' } }, 'officer');
    expect([code(future), future.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'consent.givenOn']);
    const yearZero = await create({ personId: w.ids.person, consent: { method: 'VERBAL', givenOn: '0000-06-01' } }, 'officer');
    expect([code(yearZero), yearZero.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'consent.givenOn']);
    expect(await tableCounts()).toEqual(before);
  });

  test('staff with no tie to the person, admins, partners and widgets are refused without a hint', async () => {
    await t.db.query(`DELETE FROM care_plan WHERE person_id = $1`, [w.ids.person]);
    const consent = { method: 'WRITTEN', givenOn: '2026-01-01' };
    for (const role of ['otherCoordinator', 'otherOfficer', 'admin', 'careWorker', 'otherPerson', 'representativeNone'] as const)
      expect(code(await create({ personId: w.ids.person, consent }, role)), role).toBe('FORBIDDEN');
    expect(code(await create({ personId: w.ids.person, consent }, 'widget'))).toBe('FORBIDDEN');
    expect(code(await create({ personId: w.ids.person, consent }, 'public'))).toBe('UNAUTHENTICATED');
    // An unknown person is refused the same way.
    expect(code(await create({ personId: '00000000-0000-4000-8000-000000000001', consent }, 'officer'))).toBe('FORBIDDEN');
  });

  test('for a person lacking capacity, an officer of their council gives a reason instead of consent; it is never shown', async () => {
    await establishLackOfCapacity(
      t,
      w.headers('officer'),
      { authorization: `Bearer ${await w.login(w.emails.secondOfficer)}` },
      {
        personId: w.ids.assessed,
        reason: 'Two assessments agree',
      },
    );
    const without = await create({ personId: w.ids.assessed, consent: { method: 'VERBAL', givenOn: '2026-01-01' } }, 'officer');
    expect([code(without), without.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'reason']);
    expect(code(await create({ personId: w.ids.assessed, reason: 'Needs a plan before discharge' }, 'coordinator'))).toBe('FORBIDDEN');
    const made = await create({ personId: w.ids.assessed, reason: 'Needs a plan before discharge' }, 'officer');
    expect(made.data?.createCarePlan.__typename).toBe('CarePlan');
    const [row] = await t.db.query(`SELECT created_on_behalf_reason AS reason FROM care_plan WHERE person_id = $1`, [w.ids.assessed]);
    expect(row.reason).toBe('Needs a plan before discharge');
  });
});

describe('a capacity decision and a plan started on it', () => {
  test('a finding of capacity that commits while an officer starts the plan is the one the officer is judged by', async () => {
    await t.db.query(`DELETE FROM care_plan WHERE person_id = $1`, [w.ids.assessed]);
    await t.db.query(`UPDATE person SET lacks_capacity = true WHERE id = $1`, [w.ids.assessed]);
    const finding = t.services.db.createQueryRunner();
    await finding.connect();
    try {
      // As CapacityService records that the person has capacity: their row locked, then changed.
      await finding.startTransaction();
      await finding.query(`SELECT id FROM person WHERE id = $1 FOR UPDATE`, [w.ids.assessed]);
      await finding.query(`UPDATE person SET lacks_capacity = false WHERE id = $1`, [w.ids.assessed]);
      const started = create({ personId: w.ids.assessed, reason: 'Needs a plan before discharge' }, 'officer');
      await new Promise((resolve) => setTimeout(resolve, 300));
      await finding.commitTransaction();
      // Now the person decides: an officer needs their consent, which this officer did not record.
      const res = await started;
      expect([code(res), res.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'consent']);
    } finally {
      if (finding.isTransactionActive) await finding.rollbackTransaction();
      await finding.release();
    }
    expect(await t.db.query(`SELECT id FROM care_plan WHERE person_id = $1`, [w.ids.assessed])).toEqual([]);
  });
});

describe('bad input is refused naming the field, and nothing is written', () => {
  const goal = { description: 'A goal', area: 'SELF_CARE' };
  test.each([
    [
      'a rating of 0',
      { goals: [{ ...goal, baseline: { importance: 0, performance: 5, satisfaction: 5 } }] },
      'goals[0].baseline.importance',
    ],
    [
      'a rating of 11',
      { goals: [{ ...goal, baseline: { importance: 5, performance: 11, satisfaction: 5 } }] },
      'goals[0].baseline.performance',
    ],
    ['a goal over 500 characters', { goals: [{ ...goal, description: 'x'.repeat(501) }] }, 'goals[0].description'],
    ['an empty goal', { goals: [{ ...goal, description: '   ' }] }, 'goals[0].description'],
    ['21 goals', { goals: Array.from({ length: 21 }, () => goal) }, 'goals'],
    ['About me over 2,000 characters', { aboutMe: [{ heading: 'GOOD_DAY', text: 'x'.repeat(2001) }] }, 'aboutMe[0].text'],
    [
      'a heading twice',
      {
        aboutMe: [
          { heading: 'GOOD_DAY', text: 'a' },
          { heading: 'GOOD_DAY', text: 'b' },
        ],
      },
      'aboutMe[1]',
    ],
    ['a carer without a name', { supports: [{ what: 'Shopping', giver: 'INFORMAL_CARER', when: 'Mondays' }] }, 'supports[0].carerName'],
    [
      'a goal index out of range',
      { supports: [{ what: 'a', giver: 'VOLUNTEER', carerName: 'V', when: 'b', goalIndexes: [3] }] },
      'supports[0].goalIndexes',
    ],
    ['a risk choice over 1,000', { risks: [{ description: 'a', personsChoice: 'x'.repeat(1001) }] }, 'risks[0].personsChoice'],
    [
      'an unlisted service',
      { supports: [{ what: 'a', giver: 'SERVICE', serviceId: '00000000-0000-4000-8000-000000000002', when: 'b' }] },
      'supports[0].serviceId',
    ],
    ['a review date in the past', { reviewDate: '2020-01-01' }, 'reviewDate'],
    [
      'goalIds on a new plan (its goals are named by goalIndexes)',
      { supports: [{ what: 'a', giver: 'VOLUNTEER', carerName: 'V', when: 'b', goalIds: ['00000000-0000-4000-8000-000000000003'] }] },
      'supports[0].goalIds',
    ],
  ])('%s', async (_about, input, argument) => {
    await t.db.query(`DELETE FROM care_plan WHERE person_id = $1`, [w.ids.person]);
    const before = await tableCounts();
    const res = await create(input);
    expect([code(res), res.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', argument]);
    expect(res.errors?.[0]?.message).not.toContain('xxxx');
    expect(await tableCounts()).toEqual(before);
  });

  test('a booking or budget of someone else’s is refused as if it did not exist', async () => {
    await t.db.query(`DELETE FROM care_plan WHERE person_id = $1`, [w.ids.person]);
    const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 10_000, { personId: w.ids.otherPerson });
    const { bookingId } = await holdBooking(t.services, {
      budgetId,
      serviceId: w.services.home,
      visits: [{ start: hoursFromNow(100), minutes: 60 }],
    });
    const before = await tableCounts();
    const booking = await create({ supports: [{ what: 'a', giver: 'BOOKING', bookingId, when: 'b' }] });
    expect([code(booking), booking.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'supports[0].bookingId']);
    const budget = await create({ supports: [{ what: 'a', giver: 'VOLUNTEER', carerName: 'V', when: 'b', budgetId }] });
    expect([code(budget), budget.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'supports[0].budgetId']);
    expect(await tableCounts()).toEqual(before);
  });
});

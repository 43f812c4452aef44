import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import { createPlanFor, joinCircle, type PlanIds } from './support/care-plans.js';
import {
  ACCEPT,
  AGREE,
  accept,
  COMMENT,
  coDesignRows,
  joinAs,
  newPerson,
  ok,
  PROPOSE,
  propose,
  REJECT,
  WITHDRAW,
  type Headers,
  type NewPerson,
} from './support/co-design.js';
import { code } from './support/graphql.js';
import { useWorld } from './support/world.js';

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

let daughter: NewPerson;

beforeAll(async () => {
  daughter = await newPerson(t, w, 'daughter');
});

const PROPOSALS = `query($id: ID!) { carePlan(id: $id) { proposals { totalCount } } }`;
const proposalCount = async (id: string, headers: Headers) => (await ok(t, PROPOSALS, { id }, headers)).carePlan.proposals.totalCount;

describe('each role’s limits, and refusals that write nothing', () => {
  let ids: PlanIds;
  let editor: NewPerson;
  let leaver: NewPerson;
  let leaverMember: string;
  const goal = (description: string) => [{ addGoal: { description, area: 'SELF_CARE' } }];

  beforeAll(async () => {
    ids = await createPlanFor(t, w);
    editor = await newPerson(t, w, 'editor');
    leaver = await newPerson(t, w, 'leaver');
    await joinAs(t, w, ids.planId, daughter, 'SUGGEST');
    await joinAs(t, w, ids.planId, editor, 'EDIT');
    leaverMember = await joinAs(t, w, ids.planId, leaver, 'SUGGEST');
    await joinCircle(t, w, ids.planId, 'coordinator', 'EDIT', { asLeadCoordinator: true });
  });

  /** Runs the request and checks it failed with `expected` and left every co-design row and audit event as it was. */
  async function refused(doc: string, vars: Record<string, unknown>, headers: Headers, expected: string) {
    const before = await coDesignRows(t, ids.planId);
    const res = await t.gql<any, unknown>(doc, vars, headers);
    expect(code(res), JSON.stringify(res)).toBe(expected);
    expect(await coDesignRows(t, ids.planId)).toEqual(before);
    return res.errors![0]!;
  }
  const proposeVars = (description = 'Go swimming') => ({ i: { planId: ids.planId, baseVersion: 1, changes: goal(description) } });

  test('VIEW (a VIEW_PLAN representative) reads proposals but cannot propose or comment', async () => {
    await propose(t, daughter.headers, ids.planId, 1, goal('Read the paper'));
    expect(await proposalCount(ids.planId, w.headers('representativeAll'))).toBeGreaterThan(0);
    const friend = { authorization: `Bearer ${await w.login(w.emails.friend)}` };
    expect(await proposalCount(ids.planId, friend)).toBeGreaterThan(0);
    await refused(PROPOSE, proposeVars(), friend, 'FORBIDDEN');
    await refused(COMMENT, { i: { planId: ids.planId, text: 'Hello' } }, friend, 'FORBIDDEN');
  });

  test('SUGGEST proposes and comments but cannot accept, reject or sign; EDIT cannot accept or sign', async () => {
    const p = await propose(t, editor.headers, ids.planId, 1, goal('Go to the library'));
    for (const headers of [daughter.headers, editor.headers]) {
      await refused(ACCEPT, { p: p.id }, headers, 'FORBIDDEN');
      await refused(REJECT, { p: p.id, r: null }, headers, 'FORBIDDEN');
      await refused(AGREE, { id: ids.planId, v: 1 }, headers, 'FORBIDDEN');
    }
  });

  test('the lead coordinator proposes, comments and signs for the co-op, but cannot accept or reject', async () => {
    const p = await propose(t, w.headers('coordinator'), ids.planId, 1, goal('See the nurse'));
    await refused(ACCEPT, { p: p.id }, w.headers('coordinator'), 'FORBIDDEN');
    await refused(REJECT, { p: p.id, r: 'no' }, w.headers('coordinator'), 'FORBIDDEN');
    expect((await ok(t, COMMENT, { i: { planId: ids.planId, text: 'Noted' } }, w.headers('coordinator'))).commentOnCarePlan.text).toBe(
      'Noted',
    );
    // An EDIT_PLAN representative decides as the person does.
    expect((await ok(t, REJECT, { p: p.id, r: 'Not yet' }, w.headers('representativeAll'))).rejectProposal).toMatchObject({
      status: 'REJECTED',
      reason: 'Not yet',
      decidedBy: { id: w.ids.representativeAll },
    });
  });

  test('a removed member can do nothing, not even withdraw what they proposed', async () => {
    const p = await propose(t, leaver.headers, ids.planId, 1, goal('Learn the ukulele'));
    await ok(
      t,
      `mutation($p: ID!, $m: ID!) { removeFromCircle(planId: $p, memberId: $m) }`,
      { p: ids.planId, m: leaverMember },
      w.headers('person'),
    );
    await refused(PROPOSE, proposeVars(), leaver.headers, 'FORBIDDEN');
    await refused(COMMENT, { i: { planId: ids.planId, text: 'Bye' } }, leaver.headers, 'FORBIDDEN');
    await refused(WITHDRAW, { p: p.id }, leaver.headers, 'FORBIDDEN');
    await refused(AGREE, { id: ids.planId, v: 1 }, leaver.headers, 'FORBIDDEN');
  });

  test('someone outside the circle is FORBIDDEN with no hint of the plan; without a credential, UNAUTHENTICATED', async () => {
    const p = await propose(t, daughter.headers, ids.planId, 1, goal('Plant bulbs'));
    const hidden = [
      [PROPOSE, proposeVars()],
      [ACCEPT, { p: p.id }],
      [REJECT, { p: p.id, r: null }],
      [WITHDRAW, { p: p.id }],
      [AGREE, { id: ids.planId, v: 1 }],
      [COMMENT, { i: { planId: ids.planId, text: 'Hi' } }],
    ] as const;
    for (const role of ['officer', 'admin', 'otherPerson', 'careWorker'] as const) {
      for (const [doc, vars] of hidden) {
        const error = await refused(doc, vars, w.headers(role), 'FORBIDDEN');
        expect(error.message).toBe('You are not allowed to do this.');
      }
    }
    for (const [doc, vars] of hidden) await refused(doc, vars, {}, 'UNAUTHENTICATED');
  });

  test('a decided proposal cannot be decided again; only its proposer withdraws one', async () => {
    const p = await propose(t, daughter.headers, ids.planId, 1, goal('Sing in the choir again'));
    await refused(WITHDRAW, { p: p.id }, editor.headers, 'FORBIDDEN');
    await refused(WITHDRAW, { p: p.id }, w.headers('person'), 'FORBIDDEN');
    expect((await ok(t, WITHDRAW, { p: p.id }, daughter.headers)).withdrawProposal).toMatchObject({
      status: 'WITHDRAWN',
      decidedBy: { id: daughter.id },
    });
    const before = await coDesignRows(t, ids.planId);
    for (const [doc, vars, headers] of [
      [ACCEPT, { p: p.id }, w.headers('person')],
      [REJECT, { p: p.id, r: null }, w.headers('person')],
      [WITHDRAW, { p: p.id }, daughter.headers],
    ] as const) {
      const data = await ok(t, doc, vars, headers);
      expect(Object.values(data)[0]).toMatchObject({ __typename: 'CarePlanConflictError', code: 'CONFLICT', conflicts: [] });
    }
    expect(await coDesignRows(t, ids.planId)).toEqual(before);
  });

  test('only the current version is signed; a version that never existed is NOT_FOUND', async () => {
    const p = await propose(t, daughter.headers, ids.planId, 1, goal('Visit my sister'));
    const version = (await accept(t, w.headers('person'), p.id)).version;
    const before = await coDesignRows(t, ids.planId);
    const old = await ok(t, AGREE, { id: ids.planId, v: version - 1 }, w.headers('person'));
    expect(old.agreeCarePlan).toMatchObject({ __typename: 'CarePlanConflictError', code: 'CONFLICT', conflicts: [] });
    expect(await coDesignRows(t, ids.planId)).toEqual(before);
    const never = await refused(AGREE, { id: ids.planId, v: version + 1 }, w.headers('person'), 'NOT_FOUND');
    expect(never.extensions?.argument).toBe('version');
  });

  test('bad input is refused naming the field, and writes nothing', async () => {
    const base = await refused(
      PROPOSE,
      { i: { planId: ids.planId, baseVersion: 99, changes: goal('Swim') } },
      daughter.headers,
      'NOT_FOUND',
    );
    expect(base.extensions?.argument).toBe('baseVersion');
    const cases: [unknown[], string][] = [
      [[{ addGoal: { description: 'Swim', area: 'LEISURE' }, removeGoal: { goalId: ids.goalIds[0] } }], 'changes[0]'],
      [[{}], 'changes[0]'],
      [[], 'changes'],
      [goal('x'.repeat(501)), 'changes[0].addGoal.description'],
      [
        [{ addGoal: { description: 'Swim', area: 'LEISURE', baseline: { importance: 11, performance: 1, satisfaction: 1 } } }],
        'changes[0].addGoal.baseline.importance',
      ],
      [[{ editGoal: { goalId: ids.supportIds[0], description: 'Swim' } }], 'changes[0].editGoal.goalId'],
      [
        [{ addSupport: { what: 'Lifts', giver: 'SERVICE', serviceId: w.services.draft, when: 'Mondays' } }],
        'changes[0].addSupport.serviceId',
      ],
    ];
    for (const [changes, argument] of cases) {
      const error = await refused(PROPOSE, { i: { planId: ids.planId, baseVersion: 1, changes } }, daughter.headers, 'BAD_USER_INPUT');
      expect(error.extensions?.argument, JSON.stringify(changes).slice(0, 80)).toBe(argument);
    }
    const comment = await refused(PROPOSE, { i: { ...proposeVars().i, comment: 'x'.repeat(2001) } }, daughter.headers, 'BAD_USER_INPUT');
    expect(comment.extensions?.argument).toBe('comment');
    const long = await refused(COMMENT, { i: { planId: ids.planId, text: 'x'.repeat(2001) } }, daughter.headers, 'BAD_USER_INPUT');
    expect(long.extensions?.argument).toBe('text');
    expect(
      (await refused(COMMENT, { i: { planId: ids.planId, text: '   ' } }, daughter.headers, 'BAD_USER_INPUT')).extensions?.argument,
    ).toBe('text');
    const notAGoal = { i: { planId: ids.planId, goalId: ids.riskIds[0], text: 'Hi' } };
    expect((await refused(COMMENT, notAGoal, daughter.headers, 'BAD_USER_INPUT')).extensions?.argument).toBe('goalId');
    const reason = await refused(
      REJECT,
      { p: (await propose(t, daughter.headers, ids.planId, 1, goal('Knit'))).id, r: 'x'.repeat(2001) },
      w.headers('person'),
      'BAD_USER_INPUT',
    );
    expect(reason.extensions?.argument).toBe('reason');
    await refused(ACCEPT, { p: '00000000-0000-4000-8000-000000000000' }, w.headers('person'), 'NOT_FOUND');
    await refused(PROPOSE, { i: { ...proposeVars().i, planId: '00000000-0000-4000-8000-000000000000' } }, daughter.headers, 'NOT_FOUND');
  });

  test('a support may link only to the person’s own booking and budget', async () => {
    const othersBudget = await personsBudget(t, w, 'COUNCIL_MANAGED', 50_000, { personId: w.ids.otherPerson });
    const { bookingId } = await holdBooking(t.services, {
      budgetId: othersBudget,
      serviceId: w.services.home,
      status: 'CONFIRMED',
      visits: [{ start: hoursFromNow(72), minutes: 60 }],
    });
    const support = (extra: Record<string, unknown>) => [{ addSupport: { what: 'Help', when: 'Fridays', ...extra } }];
    for (const [changes, argument] of [
      [support({ giver: 'BOOKING', bookingId }), 'changes[0].addSupport.bookingId'],
      [support({ giver: 'INFORMAL_CARER', carerName: 'Dee', budgetId: othersBudget }), 'changes[0].addSupport.budgetId'],
    ] as const) {
      const error = await refused(
        PROPOSE,
        { i: { planId: ids.planId, baseVersion: 1, changes } },
        w.headers('coordinator'),
        'BAD_USER_INPUT',
      );
      expect(error.extensions?.argument).toBe(argument);
    }
  });
});

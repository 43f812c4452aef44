import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor, joinCircle, PLAN_FIELDS } from './support/care-plans.js';
import { useWorld } from './support/world.js';

/**
 * A plan's lists (goals, supports, risks, the circle, versions) and a member's list of plans are read
 * through loaders: many plans, or a plan holding many goals, cost the statements one does.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const VERSION = `versions(first: 5) { edges { node { version createdBy { name } signatures { side signedBy { name } } isAgreed
  goals { id } supports { id goals { id } } } } }`;
const ALL = `${PLAN_FIELDS} ${VERSION} v1: atVersion(version: 1) { aboutMe { heading } risks { id } }
  goals { reviews { ratedOn recordedBy { name } } }`;

async function statements(headers: Record<string, string>, query: string, vars: Record<string, unknown> = {}) {
  t.statements.reset();
  const res = await t.gql<any, unknown>(query, vars, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { count: t.statements.count, data: res.data };
}

const GOALS = Array.from({ length: 12 }, (_, i) => ({
  description: `Goal ${i}`,
  area: 'LEISURE',
  baseline: { importance: 5, performance: 5, satisfaction: 5 },
}));

describe('statements per request', () => {
  let small: string;
  let large: string;
  beforeAll(async () => {
    small = (await createPlanFor(t, w, { booking: true })).planId;
    large = (
      await createPlanFor(t, w, {
        personId: w.ids.otherPerson,
        as: 'otherPerson',
        booking: true,
        input: {
          goals: GOALS,
          supports: GOALS.map((_, i) =>
            i === 0
              ? { what: 'Help getting up', giver: 'SERVICE', serviceId: w.services.home, when: 'Daily', goalIndexes: [0] }
              : { what: `Support ${i}`, giver: 'VOLUNTEER', carerName: 'V', when: 'Weekly', goalIndexes: [i] },
          ),
          risks: GOALS.map((_, i) => ({ description: `Risk ${i}`, personsChoice: 'Go ahead' })),
        },
      })
    ).planId;
    // The coordinator is in both circles; a third plan makes the list longer.
    await joinCircle(t, w, small, 'coordinator', 'VIEW');
    await joinCircle(t, w, large, 'coordinator', 'VIEW', { by: 'otherPerson' });
    await joinCircle(t, w, large, 'representativeNone', 'EDIT', { by: 'otherPerson' });
  });

  test('a plan with twelve goals, supports and risks costs what a plan with two does', async () => {
    const one = await statements(w.headers('coordinator'), `query($id: ID!) { carePlan(id: $id) { ${ALL} } }`, { id: small });
    const many = await statements(w.headers('coordinator'), `query($id: ID!) { carePlan(id: $id) { ${ALL} } }`, { id: large });
    expect(many.data.carePlan.goals).toHaveLength(12);
    expect(many.count).toBe(one.count);
  });

  test('a member’s list of plans costs what a list of one does, with each plan’s read audited', async () => {
    const one = await statements(w.headers('representativeNone'), `{ me { carePlans { ${PLAN_FIELDS} } } }`);
    const two = await statements(w.headers('coordinator'), `{ me { carePlans { ${PLAN_FIELDS} } } }`);
    expect(one.data.me.carePlans).toHaveLength(1);
    expect(two.data.me.carePlans).toHaveLength(2);
    expect(two.count).toBe(one.count);
  });

  test('the document FHIR and print render costs the same few statements whatever the plan holds', async () => {
    const count = async (planId: string) => {
      t.statements.reset();
      const doc = await t.services.carePlans.document(
        {
          actor: { kind: 'person', personId: w.ids.coordinator, sessionId: 'x', isAdmin: false, staff: [], representing: new Map() },
          requestId: 'r',
        },
        planId,
        null,
        'print',
      );
      return { statements: t.statements.count, doc };
    };
    const a = await count(small);
    const b = await count(large);
    expect(b.doc.goals).toHaveLength(12);
    expect(a.doc.supports.map((s) => s.serviceName)).toEqual([null, 'Home care (test)', 'Home care (test)']);
    expect(b.doc.supports).toHaveLength(13);
    expect(b.statements).toBe(a.statements);
    expect(a.statements).toBeLessThanOrEqual(14);
  });
});

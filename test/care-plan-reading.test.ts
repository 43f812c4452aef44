import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor, joinCircle, PLAN_FIELDS, type PlanIds } from './support/care-plans.js';
import { auditCount, code } from './support/graphql.js';
import { ROLES, type RoleName, useWorld } from './support/world.js';

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const PLAN = `query($id: ID!) { carePlan(id: $id) { ${PLAN_FIELDS} } }`;
const readAs = (role: RoleName, id: string, query = PLAN) =>
  t.gql<{ carePlan: Record<string, any> | null }, unknown>(query, { id }, w.headers(role));
const reads = async (planId: string) =>
  (await t.db.query(`SELECT actor_person_id, summary FROM audit_event WHERE action = 'carePlan.read' AND object_id = $1 ORDER BY id`, [
    planId,
  ])) as { actor_person_id: string; summary: { version: number; via: string } }[];

let plan: PlanIds;
beforeAll(async () => {
  plan = await createPlanFor(t, w, { booking: true });
  await joinCircle(t, w, plan.planId, 'otherPerson', 'VIEW');
});

describe('who reads a plan', () => {
  const expected: Record<RoleName, string> = {
    public: 'UNAUTHENTICATED',
    person: 'OWNER',
    otherPerson: 'VIEW',
    representativeAll: 'OWNER',
    representativeNone: 'FORBIDDEN',
    coordinator: 'FORBIDDEN',
    otherCoordinator: 'FORBIDDEN',
    careWorker: 'FORBIDDEN',
    officer: 'FORBIDDEN',
    otherOfficer: 'FORBIDDEN',
    partner: 'FORBIDDEN',
    partnerNoScope: 'FORBIDDEN',
    widget: 'FORBIDDEN',
    admin: 'FORBIDDEN',
  };
  test.each([...ROLES])('as %s', async (role) => {
    const res = await readAs(role, plan.planId);
    const outcome = expected[role];
    if (['OWNER', 'EDIT', 'SUGGEST', 'VIEW'].includes(outcome)) {
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data?.carePlan?.myRole).toBe(outcome);
    } else {
      expect(code(res)).toBe(outcome);
      expect(res.data?.carePlan ?? null).toBeNull();
      // The generic denial: nothing says the plan exists or whose it is.
      if (outcome === 'FORBIDDEN') expect(res.errors?.[0]?.message).toBe('You are not allowed to do this.');
    }
  });

  test('an unknown plan is NOT_FOUND; a friend with VIEW_PLAN reads as VIEW', async () => {
    expect(code(await readAs('person', '00000000-0000-4000-8000-00000000000a'))).toBe('NOT_FOUND');
    const friend = await t.gql<{ carePlan: { myRole: string } }, unknown>(
      `query($id: ID!) { carePlan(id: $id) { myRole } }`,
      { id: plan.planId },
      {
        authorization: `Bearer ${await w.login(w.emails.friend)}`,
      },
    );
    expect(friend.data?.carePlan.myRole).toBe('VIEW');
  });

  test('invitees’ addresses are for OWNERs only; a VIEW member sees the booking only if brokerage lets them', async () => {
    const owner = (await readAs('person', plan.planId)).data!.carePlan!;
    const viewer = (await readAs('otherPerson', plan.planId)).data!.carePlan!;
    expect(owner.circle.at(-1).invitedEmail).toBe(w.emails.otherPerson);
    expect(viewer.circle.at(-1).invitedEmail).toBeNull();
    expect(owner.supports[2].booking).toEqual({ id: plan.bookingId });
    expect(viewer.supports[2]).toMatchObject({ bookingId: plan.bookingId, booking: null });
    // Otherwise a VIEW member sees the same plan.
    const { myRole: _a, circle: _b, supports: _c, ...ownersRest } = owner;
    const { myRole: _d, circle: _e, supports: _f, ...viewersRest } = viewer;
    expect(viewersRest).toEqual(ownersRest);
  });

  test('me.carePlans lists one’s own plan and those one is in the circle of', async () => {
    const mine = await t.gql<{ me: { carePlans: { id: string }[] } }, unknown>(
      `{ me { carePlans { id } } }`,
      undefined,
      w.headers('person'),
    );
    expect(mine.data?.me.carePlans).toEqual([{ id: plan.planId }]);
    const member = await t.gql<{ me: { carePlans: { id: string }[] } }, unknown>(
      `{ me { carePlans { id } } }`,
      undefined,
      w.headers('otherPerson'),
    );
    expect(member.data?.me.carePlans).toEqual([{ id: plan.planId }]);
    const outsider = await t.gql<{ me: { carePlans: unknown[] } }, unknown>(`{ me { carePlans { id } } }`, undefined, w.headers('officer'));
    expect(outsider.data?.me.carePlans).toEqual([]);
  });
});

describe('reads are audited', () => {
  test('once per plan per request, for everyone but the person, naming who and which version; never any plan text', async () => {
    const before = (await reads(plan.planId)).length;
    await readAs('person', plan.planId);
    expect((await reads(plan.planId)).length).toBe(before);
    const twice = `query($id: ID!) { a: carePlan(id: $id) { id } b: carePlan(id: $id) { goals { description } } me { carePlans { id } } }`;
    expect((await readAs('otherPerson', plan.planId, twice)).errors).toBeUndefined();
    const after = await reads(plan.planId);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toEqual({ actor_person_id: w.ids.otherPerson, summary: { version: 1, via: 'graphql' } });
    const [{ at }] = await t.db.query(`SELECT max(occurred_at) AS at FROM audit_event WHERE action = 'carePlan.read' AND object_id = $1`, [
      plan.planId,
    ]);
    expect(Date.now() - new Date(at).getTime()).toBeLessThan(60_000);
  });

  test('a mutation answering with the plan’s content is a read too, audited once; one answering with its id is not', async () => {
    const setReviewDate = (fields: string) =>
      t.gql<unknown, unknown>(
        `mutation($id: ID!) { setCarePlanReviewDate(planId: $id, reviewDate: "2099-01-01") { ${fields} } }`,
        { id: plan.planId },
        w.headers('representativeAll'),
      );
    const before = (await reads(plan.planId)).length;
    expect((await setReviewDate('id reviewDate')).errors).toBeUndefined();
    expect((await reads(plan.planId)).length).toBe(before);
    const res = await setReviewDate(
      'aboutMe { text } goals { description } risks { description } versions { totalCount } comments { totalCount }',
    );
    expect(res.errors).toBeUndefined();
    const after = await reads(plan.planId);
    expect(after.length).toBe(before + 1);
    expect(after.at(-1)).toEqual({ actor_person_id: w.ids.representativeAll, summary: { version: 1, via: 'graphql' } });
  });

  test('a refused read writes nothing to the trail', async () => {
    const before = await auditCount(t, 'carePlan.read', plan.planId);
    await readAs('admin', plan.planId);
    await readAs('coordinator', plan.planId);
    expect(await auditCount(t, 'carePlan.read', plan.planId)).toBe(before);
  });

  test('answers carrying a plan are not stored by caches, and no log line carries plan text', async () => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...w.headers('otherPerson') },
      body: JSON.stringify({ query: PLAN, variables: { id: plan.planId } }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toMatch(/no-store/);
    const logged = JSON.stringify(t.logs);
    for (const secret of ['garden', 'Walk to the shop', 'Dee', 'fall']) expect(logged).not.toContain(secret);
  });
});

describe('versions', () => {
  test('version 1 is readable whole, newest first in the history; atVersion of a version never made is null', async () => {
    const res = await readAs(
      'person',
      plan.planId,
      `query($id: ID!) { carePlan(id: $id) {
        versions(first: 5) { totalCount edges { node { version createdBy { id } proposalId isAgreed signatures { side }
          goals { description } aboutMe { heading } supports { what } risks { description } } } }
        v1: atVersion(version: 1) { version goals { id } }
        v9: atVersion(version: 9) { version } } }`,
    );
    expect(res.errors).toBeUndefined();
    const p = res.data!.carePlan!;
    expect(p.versions.totalCount).toBe(1);
    expect(p.versions.edges[0].node).toMatchObject({
      version: 1,
      createdBy: { id: w.ids.person },
      proposalId: null,
      isAgreed: false,
      signatures: [],
    });
    expect(p.versions.edges[0].node.goals).toHaveLength(2);
    expect(p.v1.goals.map((g: { id: string }) => g.id)).toEqual(plan.goalIds);
    expect(p.v9).toBeNull();
  });
});

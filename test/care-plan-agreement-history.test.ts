import type { Bundle, CarePlan } from '@medplum/fhirtypes';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import { createPlanFor, joinCircle, type PlanIds } from './support/care-plans.js';
import { addStaff } from './support/accounts.js';
import { ACCEPT, AGREE, accept, coDesignRows, newPerson, ok, PROPOSE, propose } from './support/co-design.js';
import { code } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * What a person and their coordinator rely on once a plan has moved on: an agreed version stays agreed when
 * exported or printed, only someone who coordinates for a co-op signs for one, and a support never names a
 * booking that brings no care.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const fhir = async (planId: string, query: string) => {
  const res = await fetch(`${t.url}/fhir/CarePlan/${planId}${query}`, { headers: w.headers('person') });
  expect(res.status).toBe(200);
  return ((await res.json()) as Bundle).entry![0]!.resource as CarePlan;
};
const printed = async (planId: string, query: string) => {
  const res = await fetch(`${t.url}/care-plans/${planId}/print${query}`, { headers: w.headers('person') });
  expect(res.status).toBe(200);
  return res.text();
};
const sign = (planId: string, version: number, role: 'person' | 'coordinator') =>
  t.gql<{ agreeCarePlan: { __typename: string; status?: string } }, unknown>(AGREE, { id: planId, v: version }, w.headers(role));
const CREATE = `mutation($i: CreateCarePlanInput!) { createCarePlan(input: $i) { __typename } }`;
const INVITE = `mutation($i: InviteToCircleInput!) { inviteToCircle(input: $i) { id } }`;
const ADD_RISK = { addRisk: { description: 'I may get lost in the fog', personsChoice: 'I will take my phone' } };

describe('an agreed version once the plan has moved on', () => {
  let ids: PlanIds;

  beforeAll(async () => {
    ids = await createPlanFor(t, w);
    await joinCircle(t, w, ids.planId, 'coordinator', 'SUGGEST', { asLeadCoordinator: true });
    expect((await sign(ids.planId, 1, 'person')).data?.agreeCarePlan.status).toBe('DRAFT');
    expect((await sign(ids.planId, 1, 'coordinator')).data?.agreeCarePlan.status).toBe('AGREED');
    const proposal = await propose(t, w.headers('person'), ids.planId, 1, [ADD_RISK]);
    expect(await accept(t, w.headers('person'), proposal.id)).toMatchObject({ version: 2, status: 'DRAFT', agreedVersion: 1 });
  });

  test('exports as the active, agreed plan it was, with both signatures; the current version exports as a draft', async () => {
    const first = await fhir(ids.planId, '?version=1');
    expect(first).toMatchObject({ status: 'active', meta: { versionId: '1' } });
    expect((first.note ?? []).filter((n) => n.text.startsWith('Agreed version 1'))).toHaveLength(2);
    const second = await fhir(ids.planId, '');
    expect(second).toMatchObject({ status: 'draft', meta: { versionId: '2' } });
    expect((second.note ?? []).filter((n) => n.text.startsWith('Agreed version'))).toEqual([]);
  });

  test('prints as agreed, signed on both sides; the current version prints as a draft naming version 1 as the last agreed', async () => {
    const first = await printed(ids.planId, '?version=1');
    expect(first).toContain('<dt>Status</dt><dd>Agreed</dd>');
    expect(first).not.toContain('not signed yet');
    const second = await printed(ids.planId, '');
    expect(second).toContain('Draft, not yet agreed (version 1 was the last one agreed)');
    expect(second.match(/not signed yet/g)).toHaveLength(2);
  });
});

describe('when a plan was last changed', () => {
  test('updatedAt is exactly when its current version was made, and a new review date or comment does not move it', async () => {
    const { planId } = await createPlanFor(t, w);
    const WHEN = `query($id: ID!) { carePlan(id: $id) { version updatedAt versions(first: 1) { edges { node { version createdAt } } } } }`;
    const when = async () => (await ok(t, WHEN, { id: planId }, w.headers('person'))).carePlan;
    const proposal = await propose(t, w.headers('person'), planId, 1, [ADD_RISK]);
    await accept(t, w.headers('person'), proposal.id);
    const made = await when();
    expect(made.versions.edges[0].node).toEqual({ version: 2, createdAt: made.updatedAt });
    await ok(
      t,
      `mutation($p: ID!) { setCarePlanReviewDate(planId: $p, reviewDate: "2099-01-01") { id } }`,
      { p: planId },
      w.headers('person'),
    );
    await ok(
      t,
      `mutation($i: CommentOnCarePlanInput!) { commentOnCarePlan(input: $i) { id } }`,
      { i: { planId, text: 'Lovely' } },
      w.headers('person'),
    );
    expect(await when()).toEqual(made);
  });
});

describe('the lead coordinator’s signature', () => {
  test('is refused once they coordinate for no provider, nothing written; the person can still sign their side', async () => {
    const { planId } = await createPlanFor(t, w);
    const leaver = await newPerson(t, w, 'leaver');
    await addStaff(t.services, leaver.id, { role: 'COORDINATOR', providerId: w.providerA });
    await ok(t, INVITE, { i: { planId, email: leaver.email, name: 'Lee', role: 'SUGGEST', asLeadCoordinator: true } }, w.headers('person'));
    const joined = await ok(
      t,
      `mutation($p: ID!) { acceptCircleInvitation(planId: $p) { leadCoordinator { id } } }`,
      { p: planId },
      leaver.headers,
    );
    expect(joined.acceptCircleInvitation.leadCoordinator).not.toBeNull();
    // They left the co-op: their staff membership is gone, their place in the circle (for now) is not.
    await t.db.query(`DELETE FROM staff_membership WHERE person_id = $1`, [leaver.id]);
    const before = await coDesignRows(t, planId);
    const refused = await t.gql(AGREE, { id: planId, v: 1 }, leaver.headers);
    expect(code(refused)).toBe('FORBIDDEN');
    expect(await coDesignRows(t, planId)).toEqual(before);
    expect((await sign(planId, 1, 'person')).data?.agreeCarePlan.status).toBe('DRAFT');
  });
});

describe('a support linked to a booking', () => {
  test('names a booking asked for or confirmed, never one declined or cancelled, nor one cancelled before acceptance', async () => {
    const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 50_000);
    const book = async (status: 'REQUESTED' | 'CONFIRMED' | 'DECLINED' | 'CANCELLED') => {
      const { bookingId } = await holdBooking(t.services, {
        budgetId,
        serviceId: w.services.home,
        status: status === 'CONFIRMED' ? 'CONFIRMED' : 'REQUESTED',
        visits: [{ start: hoursFromNow(96), minutes: 60 }],
      });
      if (status === 'DECLINED' || status === 'CANCELLED')
        await t.db.query(`UPDATE booking SET status = $2 WHERE id = $1`, [bookingId, status]);
      return bookingId;
    };
    const support = (bookingId: string) => ({ what: 'Help with a bath', giver: 'BOOKING', bookingId, when: 'Thursdays' });
    const refusal = (res: { errors?: { message: string; extensions?: Record<string, unknown> }[] }) => [
      code(res),
      res.errors?.[0]?.extensions?.argument,
      res.errors?.[0]?.message,
    ];
    const declined = await book('DECLINED');
    await t.db.query(`DELETE FROM care_plan WHERE person_id = $1`, [w.ids.person]);
    const created = await t.gql(CREATE, { i: { supports: [support(declined)] } }, w.headers('person'));
    expect(refusal(created)).toEqual(['BAD_USER_INPUT', 'supports[0].bookingId', 'That booking was declined or cancelled.']);
    expect(await t.db.query(`SELECT id FROM care_plan WHERE person_id = $1`, [w.ids.person])).toEqual([]);

    const { planId } = await createPlanFor(t, w, { input: { supports: [support(await book('REQUESTED'))] } });
    for (const bookingId of [declined, await book('CANCELLED')]) {
      const before = await coDesignRows(t, planId);
      const proposed = await t.gql(
        PROPOSE,
        { i: { planId, baseVersion: 1, changes: [{ addSupport: support(bookingId) }] } },
        w.headers('person'),
      );
      expect(refusal(proposed)).toEqual(['BAD_USER_INPUT', 'changes[0].addSupport.bookingId', 'That booking was declined or cancelled.']);
      expect(await coDesignRows(t, planId)).toEqual(before);
    }
    const confirmed = await book('CONFIRMED');
    const proposal = (
      await ok(t, PROPOSE, { i: { planId, baseVersion: 1, changes: [{ addSupport: support(confirmed) }] } }, w.headers('person'))
    ).proposeCarePlanChange;
    // Cancelled after it was proposed: accepting it now would write a support naming care that will not come.
    await t.db.query(`UPDATE booking SET status = 'CANCELLED' WHERE id = $1`, [confirmed]);
    const before = await coDesignRows(t, planId);
    const accepted = await ok(t, ACCEPT, { p: proposal.id }, w.headers('person'));
    expect(accepted.acceptProposal).toEqual({
      __typename: 'CarePlanConflictError',
      code: 'CONFLICT',
      message: 'That booking was declined or cancelled.',
      conflicts: [],
    });
    expect(await coDesignRows(t, planId)).toEqual(before);
  });
});

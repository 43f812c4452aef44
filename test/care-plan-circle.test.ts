import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createPlanFor, joinCircle, type PlanIds } from './support/care-plans.js';
import { auditCount, code } from './support/graphql.js';
import type { RoleName } from './support/world.js';
import { useWorld } from './support/world.js';

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const INVITE = `mutation($i: InviteToCircleInput!) { inviteToCircle(input: $i) { id } }`;
const CIRCLE = `query($id: ID!) { carePlan(id: $id) { myRole circle { id name role kind status isLeadCoordinator invitedEmail } } }`;
const READ = `query($id: ID!) { carePlan(id: $id) { id goals { description } } }`;
const REMOVE = `mutation($p: ID!, $m: ID!) { removeFromCircle(planId: $p, memberId: $m) }`;
const ROLE = `mutation($p: ID!, $m: ID!, $r: CarePlanRole!) { changeCircleRole(planId: $p, memberId: $m, role: $r) { id } }`;
const LEAD = `mutation($p: ID!, $m: ID!) { setLeadCoordinator(planId: $p, memberId: $m) { leadCoordinator { name } } }`;
const REVIEW_DATE = `mutation($p: ID!, $d: LocalDate!) { setCarePlanReviewDate(planId: $p, reviewDate: $d) { reviewDate } }`;
const RECORD_REVIEW = `mutation($i: RecordGoalReviewInput!) { recordGoalReview(input: $i) { id } }`;

const invite = (planId: string, who: string, role: string, by: RoleName = 'person', extra: Record<string, unknown> = {}) =>
  t.gql(INVITE, { i: { planId, email: who, name: 'Someone', role, ...extra } }, w.headers(by));
const circle = async (planId: string, as: RoleName = 'person') =>
  (await t.gql<{ carePlan: { myRole: string; circle: Record<string, any>[] } }, unknown>(CIRCLE, { id: planId }, w.headers(as))).data!
    .carePlan;

let plan: PlanIds;
beforeEach(async () => {
  plan = await createPlanFor(t, w);
});

describe('inviting by email', () => {
  test('pending: the invitee sees the invitation but nothing of the plan until they accept; then reads it with their role', async () => {
    expect((await invite(plan.planId, w.emails.otherPerson, 'SUGGEST')).errors).toBeUndefined();
    const invitations = await t.gql<{ me: { circleInvitations: Record<string, unknown>[] } }, unknown>(
      `{ me { circleInvitations { planId personName role asLeadCoordinator } } }`,
      undefined,
      w.headers('otherPerson'),
    );
    expect(invitations.data!.me.circleInvitations).toEqual([
      { planId: plan.planId, personName: 'person', role: 'SUGGEST', asLeadCoordinator: false },
    ]);
    expect(code(await t.gql(READ, { id: plan.planId }, w.headers('otherPerson')))).toBe('FORBIDDEN');
    const pending = (await circle(plan.planId)).circle.at(-1)!;
    expect(pending).toMatchObject({ name: 'Someone', status: 'PENDING', role: 'SUGGEST', invitedEmail: w.emails.otherPerson });

    const accepted = await t.gql(
      `mutation($p: ID!) { acceptCircleInvitation(planId: $p) { myRole } }`,
      { p: plan.planId },
      w.headers('otherPerson'),
    );
    expect(accepted.data).toEqual({ acceptCircleInvitation: { myRole: 'SUGGEST' } });
    const seen = await circle(plan.planId, 'otherPerson');
    expect(seen.circle.at(-1)).toMatchObject({ name: 'otherPerson', status: 'ACTIVE', role: 'SUGGEST', invitedEmail: null });
    expect(await auditCount(t, 'carePlan.invite', plan.planId)).toBe(1);
    expect(await auditCount(t, 'carePlan.acceptInvitation', plan.planId)).toBe(1);
    const summaries: { s: string }[] = await t.db.query(`SELECT summary::text AS s FROM audit_event WHERE object_id = $1`, [plan.planId]);
    for (const { s } of summaries) expect(s).not.toContain('@');
  });

  test('declining closes the invitation; accepting or declining with none is FORBIDDEN', async () => {
    await invite(plan.planId, w.emails.otherPerson, 'VIEW');
    expect(
      (await t.gql(`mutation($p: ID!) { declineCircleInvitation(planId: $p) }`, { p: plan.planId }, w.headers('otherPerson'))).data,
    ).toEqual({
      declineCircleInvitation: true,
    });
    expect(
      code(await t.gql(`mutation($p: ID!) { acceptCircleInvitation(planId: $p) { id } }`, { p: plan.planId }, w.headers('otherPerson'))),
    ).toBe('FORBIDDEN');
    expect(
      code(await t.gql(`mutation($p: ID!) { declineCircleInvitation(planId: $p) }`, { p: plan.planId }, w.headers('otherPerson'))),
    ).toBe('FORBIDDEN');
    expect((await circle(plan.planId)).circle.filter((m) => m.kind === 'MEMBER')).toEqual([]);
  });

  test('an acceptance and a decline of one invitation at once: the one that runs second finds nothing to answer', async () => {
    await invite(plan.planId, w.emails.otherPerson, 'VIEW');
    const [row] = await t.db.query(`SELECT id FROM care_plan_circle_member WHERE plan_id = $1 AND person_id IS NULL`, [plan.planId]);
    const holder = t.services.db.createQueryRunner();
    await holder.connect();
    try {
      // The acceptance gets as far as writing the invitation's row, then waits on this lock; the decline starts meanwhile.
      await holder.startTransaction();
      await holder.query(`SELECT id FROM care_plan_circle_member WHERE id = $1 FOR UPDATE`, [row.id]);
      const accepting = t.gql(
        `mutation($p: ID!) { acceptCircleInvitation(planId: $p) { id } }`,
        { p: plan.planId },
        w.headers('otherPerson'),
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      const declining = t.gql(`mutation($p: ID!) { declineCircleInvitation(planId: $p) }`, { p: plan.planId }, w.headers('otherPerson'));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.commitTransaction();
      const [accepted, declined] = await Promise.all([accepting, declining]);
      expect([accepted.errors, code(declined)]).toEqual([undefined, 'FORBIDDEN']);
    } finally {
      if (holder.isTransactionActive) await holder.rollbackTransaction();
      await holder.release();
    }
    expect((await circle(plan.planId, 'otherPerson')).myRole).toBe('VIEW');
  });

  test.each([
    ['a malformed address', 'not-an-email', 'VIEW', 'email'],
    ['the person’s own address', 'person@test.example', 'VIEW', 'email'],
    ['OWNER', 'new@test.example', 'OWNER', 'role'],
  ])('%s is BAD_USER_INPUT', async (_about, email, role, argument) => {
    const res = await invite(plan.planId, email, role);
    expect([code(res), res.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', argument]);
    expect(await auditCount(t, 'carePlan.invite', plan.planId)).toBe(0);
  });

  test('an address already invited, or in the circle, is refused (the role is changed with changeCircleRole)', async () => {
    await invite(plan.planId, w.emails.otherPerson, 'VIEW');
    const again = await invite(plan.planId, 'OTHER@test.example', 'EDIT');
    expect([code(again), again.errors?.[0]?.message]).toEqual([
      'BAD_USER_INPUT',
      'That address is already invited to, or in, this circle.',
    ]);
  });

  test('only the person and their EDIT_PLAN representative invite; a name over 200 characters is refused', async () => {
    await joinCircle(t, w, plan.planId, 'otherPerson', 'EDIT');
    expect(code(await invite(plan.planId, 'x@test.example', 'VIEW', 'otherPerson'))).toBe('FORBIDDEN');
    expect(code(await invite(plan.planId, 'x@test.example', 'VIEW', 'coordinator'))).toBe('FORBIDDEN');
    expect((await invite(plan.planId, 'x@test.example', 'VIEW', 'representativeAll')).errors).toBeUndefined();
    const long = await t.gql(
      INVITE,
      { i: { planId: plan.planId, email: 'y@test.example', name: 'n'.repeat(201), role: 'VIEW' } },
      w.headers('person'),
    );
    expect([code(long), long.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'name']);
  });
});

describe('roles, removal and leaving', () => {
  test('VIEW reads; SUGGEST may not record reviews or move the review date; EDIT may', async () => {
    await joinCircle(t, w, plan.planId, 'otherPerson', 'SUGGEST');
    const review = { planId: plan.planId, goalId: plan.goalIds[0], importance: 5, performance: 5, satisfaction: 5 };
    expect(code(await t.gql(RECORD_REVIEW, { i: review }, w.headers('otherPerson')))).toBe('FORBIDDEN');
    expect(code(await t.gql(REVIEW_DATE, { p: plan.planId, d: '2099-01-01' }, w.headers('otherPerson')))).toBe('FORBIDDEN');
    const memberId = (await circle(plan.planId)).circle.at(-1)!.id;
    await t.gql(ROLE, { p: plan.planId, m: memberId, r: 'EDIT' }, w.headers('person'));
    expect((await circle(plan.planId, 'otherPerson')).myRole).toBe('EDIT');
    expect((await t.gql(RECORD_REVIEW, { i: review }, w.headers('otherPerson'))).errors).toBeUndefined();
    expect((await t.gql(REVIEW_DATE, { p: plan.planId, d: '2099-01-01' }, w.headers('otherPerson'))).data).toEqual({
      setCarePlanReviewDate: { reviewDate: '2099-01-01' },
    });
    expect(code(await t.gql(ROLE, { p: plan.planId, m: memberId, r: 'VIEW' }, w.headers('otherPerson')))).toBe('FORBIDDEN');
  });

  test('the person removes a member, who then reads nothing; a member may leave; the person and representatives stay', async () => {
    const memberId = await joinCircle(t, w, plan.planId, 'otherPerson', 'VIEW');
    expect((await t.gql(REMOVE, { p: plan.planId, m: memberId }, w.headers('person'))).data).toEqual({ removeFromCircle: true });
    expect(code(await t.gql(READ, { id: plan.planId }, w.headers('otherPerson')))).toBe('FORBIDDEN');

    const leaving = await joinCircle(t, w, plan.planId, 'representativeNone', 'EDIT');
    const other = await joinCircle(t, w, plan.planId, 'otherPerson', 'EDIT');
    // A member may not remove someone else.
    expect(code(await t.gql(REMOVE, { p: plan.planId, m: other }, w.headers('representativeNone')))).toBe('FORBIDDEN');
    expect((await t.gql(REMOVE, { p: plan.planId, m: leaving }, w.headers('representativeNone'))).data).toEqual({ removeFromCircle: true });
    expect(code(await t.gql(READ, { id: plan.planId }, w.headers('representativeNone')))).toBe('FORBIDDEN');
    expect(await auditCount(t, 'carePlan.removeMember', plan.planId)).toBe(2);

    // The person and a representative are listed under their person ids, and removing them says why it cannot be done.
    const listed = (await circle(plan.planId)).circle;
    const personMember = listed.find((m) => m.kind === 'PERSON')!;
    const representative = listed.find((m) => m.kind === 'REPRESENTATIVE' && m.role === 'OWNER')!;
    expect([personMember.id, representative.id]).toEqual([w.ids.person, w.ids.representativeAll]);
    for (const [id, words] of [
      [personMember.id, 'always in their own circle'],
      [representative.id, 'revokeRepresentativeRights'],
    ]) {
      const refused = await t.gql(REMOVE, { p: plan.planId, m: id }, w.headers('person'));
      expect([code(refused), refused.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'memberId']);
      expect(refused.errors?.[0]?.message).toContain(words);
    }
    expect(code(await t.gql(REMOVE, { p: plan.planId, m: '00000000-0000-4000-8000-000000000009' }, w.headers('person')))).toBe('NOT_FOUND');
    expect((await circle(plan.planId)).circle.filter((m) => m.kind !== 'MEMBER')).toHaveLength(
      listed.filter((m) => m.kind !== 'MEMBER').length,
    );
  });

  test('a representative whose EDIT_PLAN is revoked loses OWNER at once (VIEW_PLAN leaves them VIEW)', async () => {
    await t.db.query(
      `UPDATE representative_grant SET revoked_at = now(), revoked_by_id = person_id
        WHERE person_id = $1 AND representative_id = $2 AND "right" = 'EDIT_PLAN'`,
      [w.ids.person, w.ids.representativeAll],
    );
    try {
      // The session signed in before the revocation: rights are read afresh on each request.
      const seen = await t.gql<{ carePlan: { myRole: string } }, unknown>(CIRCLE, { id: plan.planId }, w.headers('representativeAll'));
      expect(seen.data?.carePlan.myRole).toBe('VIEW');
      expect(
        code(
          await t.gql(
            INVITE,
            { i: { planId: plan.planId, email: 'z@test.example', name: 'Z', role: 'VIEW' } },
            w.headers('representativeAll'),
          ),
        ),
      ).toBe('FORBIDDEN');
    } finally {
      await t.db.query(
        `UPDATE representative_grant SET revoked_at = NULL, revoked_by_id = NULL
          WHERE person_id = $1 AND representative_id = $2 AND "right" = 'EDIT_PLAN'`,
        [w.ids.person, w.ids.representativeAll],
      );
    }
  });
});

describe('the lead coordinator', () => {
  test('invited as lead, a coordinator leads on accepting, anyone else joins without leading; removing the lead clears it', async () => {
    await joinCircle(t, w, plan.planId, 'otherPerson', 'SUGGEST', { asLeadCoordinator: true });
    expect((await circle(plan.planId)).circle.some((m) => m.isLeadCoordinator)).toBe(false);
    const lead = await joinCircle(t, w, plan.planId, 'coordinator', 'VIEW', { asLeadCoordinator: true });
    const seen = await circle(plan.planId, 'coordinator');
    // The lead acts at least as SUGGEST, and may record reviews and move the review date.
    expect(seen.myRole).toBe('SUGGEST');
    expect(seen.circle.find((m) => m.isLeadCoordinator)?.name).toBe('coordinator');
    expect((await t.gql(REVIEW_DATE, { p: plan.planId, d: '2098-01-01' }, w.headers('coordinator'))).errors).toBeUndefined();
    expect((await t.gql(REMOVE, { p: plan.planId, m: lead }, w.headers('person'))).data).toEqual({ removeFromCircle: true });
    const [{ lead_coordinator_id }] = await t.db.query(`SELECT lead_coordinator_id FROM care_plan WHERE id = $1`, [plan.planId]);
    expect(lead_coordinator_id).toBeNull();
  });

  test('a lead who no longer coordinates for any provider neither signs for the co-op nor acts as lead', async () => {
    await joinCircle(t, w, plan.planId, 'coordinator', 'VIEW', { asLeadCoordinator: true });
    const ties = await t.db.query(`SELECT role, provider_id, council_id FROM staff_membership WHERE person_id = $1`, [w.ids.coordinator]);
    await t.db.query(`DELETE FROM staff_membership WHERE person_id = $1`, [w.ids.coordinator]);
    try {
      const agree = await t.gql(
        `mutation($p: ID!) { agreeCarePlan(planId: $p, version: 1) { __typename } }`,
        { p: plan.planId },
        w.headers('coordinator'),
      );
      expect(code(agree)).toBe('FORBIDDEN');
      expect(code(await t.gql(REVIEW_DATE, { p: plan.planId, d: '2098-01-01' }, w.headers('coordinator')))).toBe('FORBIDDEN');
      expect((await circle(plan.planId, 'coordinator')).myRole).toBe('VIEW');
    } finally {
      for (const tie of ties)
        await t.db.query(`INSERT INTO staff_membership (person_id, role, provider_id, council_id) VALUES ($1, $2, $3, $4)`, [
          w.ids.coordinator,
          tie.role,
          tie.provider_id,
          tie.council_id,
        ]);
    }
  });

  test('setLeadCoordinator takes an active member who coordinates; anyone else is BAD_USER_INPUT', async () => {
    const friend = await joinCircle(t, w, plan.planId, 'otherPerson', 'EDIT');
    const res = await t.gql(LEAD, { p: plan.planId, m: friend }, w.headers('person'));
    expect([code(res), res.errors?.[0]?.extensions?.argument]).toEqual(['BAD_USER_INPUT', 'memberId']);
    const coordinator = await joinCircle(t, w, plan.planId, 'coordinator', 'EDIT');
    expect(code(await t.gql(LEAD, { p: plan.planId, m: coordinator }, w.headers('coordinator')))).toBe('FORBIDDEN');
    expect((await t.gql(LEAD, { p: plan.planId, m: coordinator }, w.headers('person'))).data).toEqual({
      setLeadCoordinator: { leadCoordinator: { name: 'coordinator' } },
    });
    expect(await auditCount(t, 'carePlan.setLead', plan.planId)).toBe(1);
  });
});

test('a circle holds at most 50 members and invitations', async () => {
  await t.db.query(
    `INSERT INTO care_plan_circle_member (plan_id, invited_email, invited_name, role)
     SELECT $1, 'member' || n || '@test.example', 'Member', 'VIEW' FROM generate_series(1, 50) n`,
    [plan.planId],
  );
  const res = await invite(plan.planId, 'one-more@test.example', 'VIEW');
  expect(code(res)).toBe('BAD_USER_INPUT');
});

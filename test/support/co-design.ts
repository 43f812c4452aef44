import { expect } from 'vitest';
import type { TestApp } from '../harness.js';
import { addPerson } from './accounts.js';
import { PASSWORD, type World } from './world.js';

/** Co-design over GraphQL: proposing, deciding, signing, commenting, as whoever the headers say. */

export type Headers = Record<string, string>;

/** Someone added to the world for a test, signed in. */
export interface NewPerson {
  id: string;
  email: string;
  headers: Headers;
}

export const PROPOSAL_FIELDS = `id baseVersion comment status isStale proposedAt decidedAt reason resultingVersion
  proposedBy { id } decidedBy { id }
  changes { action item itemId heading text goal { description area } support { what giver bookingId budgetId serviceId goalIds }
    risk { description personsChoice safeguards } baseline { importance performance satisfaction } }
  conflicts { item itemId heading why }`;

export const PROPOSE = `mutation($i: ProposeCarePlanChangeInput!) { proposeCarePlanChange(input: $i) { ${PROPOSAL_FIELDS} } }`;
export const ACCEPT = `mutation($p: ID!) { acceptProposal(proposalId: $p) {
  __typename
  ... on CarePlan { id version status agreedVersion goals { id description } }
  ... on CarePlanConflictError { code message conflicts { item itemId heading why } }
} }`;
export const REJECT = `mutation($p: ID!, $r: String) { rejectProposal(proposalId: $p, reason: $r) {
  __typename
  ... on CarePlanProposal { id status reason decidedBy { id } }
  ... on CarePlanConflictError { code message conflicts { item } }
} }`;
export const WITHDRAW = `mutation($p: ID!) { withdrawProposal(proposalId: $p) {
  __typename
  ... on CarePlanProposal { id status decidedBy { id } }
  ... on CarePlanConflictError { code message conflicts { item } }
} }`;
export const AGREE = `mutation($id: ID!, $v: Int!) { agreeCarePlan(planId: $id, version: $v) {
  __typename
  ... on CarePlan { id version status agreedVersion }
  ... on CarePlanConflictError { code message conflicts { item } }
} }`;
export const COMMENT = `mutation($i: CommentOnCarePlanInput!) { commentOnCarePlan(input: $i) { id text goalId author { id } createdAt } }`;

/** Runs a request that must succeed and returns its data. */
export async function ok<T = any>(t: TestApp, doc: string, vars: Record<string, unknown>, headers: Headers): Promise<T> {
  const res = await t.gql<T, unknown>(doc, vars, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data as T;
}

export async function propose(t: TestApp, headers: Headers, planId: string, baseVersion: number, changes: unknown[], comment?: string) {
  return (await ok(t, PROPOSE, { i: { planId, baseVersion, changes, ...(comment ? { comment } : {}) } }, headers)).proposeCarePlanChange;
}

export async function accept(t: TestApp, headers: Headers, proposalId: string) {
  return (await ok(t, ACCEPT, { p: proposalId }, headers)).acceptProposal;
}

/** Signs a new person up (email `<name>@test.example`) and signs them in. */
export async function newPerson(t: TestApp, w: World, name: string): Promise<NewPerson> {
  const email = `${name}@test.example`;
  const id = await addPerson(t.services, { email, name, councilId: w.councilA, password: PASSWORD });
  return { id, email, headers: { authorization: `Bearer ${await w.login(email)}` } };
}

/** Invites by email as the person and accepts as the invitee; returns the member id. */
export async function joinAs(
  t: TestApp,
  w: World,
  planId: string,
  who: { email: string; headers: Headers },
  role: 'VIEW' | 'SUGGEST' | 'EDIT',
): Promise<string> {
  const invited = await ok(
    t,
    `mutation($i: InviteToCircleInput!) { inviteToCircle(input: $i) { circle { id status } } }`,
    { i: { planId, email: who.email, name: 'Invitee', role, asLeadCoordinator: false } },
    w.headers('person'),
  );
  expect(invited.inviteToCircle.circle.some((m: { status: string }) => m.status === 'PENDING')).toBe(true);
  const joined = await ok(t, `mutation($p: ID!) { acceptCircleInvitation(planId: $p) { id myRole } }`, { p: planId }, who.headers);
  expect(joined.acceptCircleInvitation.myRole).toBe(role);
  const [{ id }] = await t.db.query(
    `SELECT m.id FROM care_plan_circle_member m JOIN person p ON p.id = m.person_id
      WHERE m.plan_id = $1 AND p.email = $2 AND m.removed_at IS NULL`,
    [planId, who.email],
  );
  return id;
}

/** Every row co-design could write for a plan, and its audit events: a refused request leaves them all as they were. */
export async function coDesignRows(t: TestApp, planId: string) {
  const [rows] = await t.db.query(
    `SELECT (SELECT current_version FROM care_plan WHERE id = $1) AS current,
            (SELECT count(*) FROM care_plan_version WHERE plan_id = $1)::int AS versions,
            (SELECT count(*) FROM care_plan_item WHERE plan_id = $1)::int AS items,
            (SELECT count(*) FROM care_plan_item WHERE plan_id = $1 AND until_version IS NULL)::int AS current_items,
            (SELECT count(*) FROM care_plan_goal_review WHERE plan_id = $1)::int AS reviews,
            (SELECT json_agg(json_build_object('id', id, 'status', status, 'reason', reason) ORDER BY id)
               FROM care_plan_proposal WHERE plan_id = $1) AS proposals,
            (SELECT count(*) FROM care_plan_comment WHERE plan_id = $1)::int AS comments,
            (SELECT count(*) FROM care_plan_signature WHERE plan_id = $1)::int AS signatures,
            (SELECT count(*) FROM audit_event WHERE object_id = $1::text AND action <> 'carePlan.read')::int AS audited`,
    [planId],
  );
  return rows;
}

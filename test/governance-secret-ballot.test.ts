import { beforeAll, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import {
  addMember,
  BRIGHTON,
  CAST_VOTE,
  grantVote,
  insertMotion,
  RECEIPT,
  setConstitution,
  signedInPeople,
  waitUntil,
} from './support/governance.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * A secret ballot cannot be linked to its voter: not through any query that shows motions, ballots,
 * receipts or the audit trail, nor through the audit rows or the tables' columns. Who voted is kept
 * (motion_voter), and how (ballot), and nothing joins them.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const EVERYTHING = `query($id: ID!, $p: ID!) {
  motion(id: $id) { id kind title body secret status openedAt closesAt electionClass seatsToFill electorate ballotsCast
    candidates { id memberId name statement }
    result { quorumMet passed ballotsCast electorate forSharePercent summary tiedForLastSeat
      classes { memberClass for against abstain electorate weightPercent } candidates { candidateId memberId approvals elected } }
    myVotes { memberId name entitled voted }
    recordedVotes { memberId name choice approved } }
  provider(id: $p) { motions(first: 100) { edges { node {
    id ballotsCast myVotes { memberId voted } recordedVotes { memberId choice approved } } } } }
}`;
const AUDIT = `query($id: ID) { auditEvents(first: 100, filter: { objectId: $id }) { edges { node {
  id action objectType objectId actorPersonId summary } } } }`;

interface Voter {
  name: string;
  headers: Record<string, string>;
  memberId: string;
  choice: 'FOR' | 'AGAINST' | 'ABSTAIN';
  receipt?: string;
}
const voters: Voter[] = [];
let resolution: string;
let election: string;
let closesAt: Date;

beforeAll(async () => {
  await setConstitution(t, w.providerA, BRIGHTON);
  const people = await signedInPeople(t, 'secret', 6);
  const choices = ['FOR', 'AGAINST', 'ABSTAIN', 'FOR', 'AGAINST', 'FOR'] as const;
  for (const [i, p] of people.entries())
    voters.push({
      name: `secret voter ${i}`,
      headers: p.headers,
      choice: choices[i]!,
      memberId: await addMember(t, w.providerA, p.personId, i < 3 ? 'WORKER' : 'SERVICE_USER'),
    });
  // The person is a member too, and their friend votes for them with VOTE: a representative's vote is as secret.
  const personMember = await addMember(t, w.providerA, w.ids.person, 'SUPPORTER');
  await grantVote(t, w.ids.person, w.ids.friend);
  voters.push({
    name: 'friend',
    headers: { authorization: `Bearer ${await w.login(w.emails.friend)}` },
    memberId: personMember,
    choice: 'AGAINST',
  });

  closesAt = new Date(Date.now() + 2_500);
  resolution = await insertMotion(t, { providerId: w.providerA, secret: true, closesAt });
  election = await insertMotion(t, {
    providerId: w.providerA,
    secret: true,
    closesAt,
    kind: 'BOARD_ELECTION',
    memberClass: 'WORKER',
    seatsToFill: 1,
  });
  const [{ id: candidate }] = await t.db.query(`INSERT INTO election_candidate (motion_id, member_id) VALUES ($1, $2) RETURNING id`, [
    election,
    voters[0]!.memberId,
  ]);
  for (const v of voters) {
    const res = await t.gql<{ castVote: { __typename: string; receiptCode: string } }, unknown>(
      CAST_VOTE,
      { i: { motionId: resolution, memberId: v.memberId, choice: v.choice } },
      v.headers,
    );
    expect(res.data?.castVote.__typename, JSON.stringify(res)).toBe('CastVote');
    v.receipt = res.data!.castVote.receiptCode;
  }
  for (const v of voters.slice(0, 3)) {
    const res = await t.gql<{ castVote: { __typename: string } }, unknown>(
      CAST_VOTE,
      { i: { motionId: election, approve: v.choice === 'FOR' ? [candidate] : [] } },
      v.headers,
    );
    expect(res.data?.castVote.__typename).toBe('CastVote');
  }
});

/** Every answer the API gives about the motions, to each who may ask, before and after the close. */
async function everythingSaid(): Promise<unknown[]> {
  const said: unknown[] = [];
  const askers: (RoleName | Record<string, string>)[] = ['coordinator', 'admin', 'person', ...voters.map((v) => v.headers)];
  for (const asker of askers) {
    const headers = typeof asker === 'string' ? w.headers(asker) : asker;
    for (const id of [resolution, election]) said.push(await t.gql(EVERYTHING, { id, p: w.providerA }, headers));
  }
  for (const v of voters) said.push(await t.gql(RECEIPT, { c: v.receipt }, v.headers));
  for (const id of [resolution, election, null]) said.push(await t.gql(AUDIT, { id }, w.headers('admin')));
  for (const answer of said) expect((answer as { errors?: unknown }).errors, JSON.stringify(answer)).toBeUndefined();
  return said;
}

function expectNoLink(said: unknown[], ballotIds: string[]) {
  const text = JSON.stringify(said);
  for (const id of ballotIds) expect(text).not.toContain(id);
  // No answer holds a choice beside a voter: no object with both a member and a choice or approvals.
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) walk(item);
    } else if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      const namesVoter = 'memberId' in o || 'actorPersonId' in o;
      const hasChoice = (o.choice !== undefined && o.choice !== null) || (Array.isArray(o.approved) && o.approved.length > 0);
      if (namesVoter) expect(hasChoice, JSON.stringify(o)).toBe(false);
      for (const item of Object.values(o)) walk(item);
    }
  };
  walk(said);
}

test('the ballot table holds only the class, the choice and the receipt’s hash; the voter rows point at no ballot', async () => {
  const columns = await t.db.query(
    `SELECT column_name FROM information_schema.columns WHERE table_name = 'ballot' AND table_schema = 'public' ORDER BY column_name`,
  );
  expect(columns.map((c: { column_name: string }) => c.column_name)).toEqual(['choice', 'id', 'member_class', 'motion_id', 'receipt_hash']);
  const [{ linked, voted }] = await t.db.query(
    `SELECT count(*) FILTER (WHERE ballot_id IS NOT NULL)::int AS linked, count(*)::int AS voted
       FROM motion_voter WHERE motion_id = ANY($1)`,
    [[resolution, election]],
  );
  expect({ linked, voted }).toEqual({ linked: 0, voted: voters.length + 3 });
});

test('no query, open or closed, and no audit row links a voter to a choice or a ballot', async () => {
  const ballotIds: string[] = (await t.db.query(`SELECT id FROM ballot WHERE motion_id = ANY($1)`, [[resolution, election]])).map(
    (b: { id: string }) => b.id,
  );
  expect(ballotIds).toHaveLength(voters.length + 3);
  expectNoLink(await everythingSaid(), ballotIds);

  await waitUntil(t, closesAt);
  const closed = await everythingSaid();
  expectNoLink(closed, ballotIds);
  const first = (closed[0] as { data: { motion: Record<string, any> } }).data.motion;
  expect(first.status).toBe('CLOSED');
  expect(first.recordedVotes).toEqual([]);
  // The count is published by class: FOR 1 of 3 workers' decided votes, and so on; never by member.
  expect(first.result.ballotsCast).toBe(voters.length);

  // The receipts say counted, where and whether closed; never how.
  for (const v of voters) {
    const check = await t.gql<{ ballotReceipt: Record<string, unknown> }, unknown>(RECEIPT, { c: v.receipt }, v.headers);
    expect(check.data!.ballotReceipt).toMatchObject({
      counted: true,
      motionId: resolution,
      motionClosed: true,
      secret: true,
      choice: null,
      approved: null,
    });
  }

  // The audit rows of a vote name the motion and the member, nothing of the ballot.
  const votes = await t.db.query(`SELECT summary, object_id FROM audit_event WHERE action = 'governance.vote' AND object_id = ANY($1)`, [
    [resolution, election],
  ]);
  expect(votes).toHaveLength(voters.length + 3);
  for (const row of votes) expect(Object.keys(row.summary)).toEqual(['memberId']);
  const [{ mentions }] = await t.db.query(
    `SELECT count(*)::int AS mentions FROM audit_event a, unnest($1::text[]) AS b(id) WHERE row_to_json(a)::text LIKE '%' || b.id || '%'`,
    [ballotIds],
  );
  expect(mentions).toBe(0);
});

test('the app’s own database role may not change or delete a vote, a voter, an approval or a candidate', async () => {
  for (const [table, column] of [
    ['ballot', 'choice'],
    ['motion_voter', 'cast_by_id'],
    ['ballot_approval', 'candidate_id'],
    ['election_candidate', 'statement'],
  ]) {
    await expect(t.appDb.query(`UPDATE ${table} SET ${column} = ${column}`), table).rejects.toThrow(/permission denied/);
    await expect(t.appDb.query(`DELETE FROM ${table}`), table).rejects.toThrow(/permission denied/);
  }
});

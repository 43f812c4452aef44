import { beforeAll, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { internalErrors } from './support/graphql.js';
import { addMember, BRIGHTON, CAST_VOTE, insertMotion, setConstitution, signedInPeople, waitUntil } from './support/governance.js';
import { useWorld } from './support/world.js';

/**
 * Votes at once, as real concurrent HTTP requests: a hundred members' votes are each counted once, one
 * member's two votes leave one ballot, and votes racing the close are either in the count or refused,
 * never a 500 and never a ballot after the count.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const VOTERS = 100;
let voters: { personId: string; headers: Record<string, string>; memberId: string }[] = [];

type Answer = Record<string, any> & { __typename: string };

async function vote(headers: Record<string, string>, input: Record<string, unknown>): Promise<Answer> {
  const res = await t.gql<{ castVote: Answer }, unknown>(CAST_VOTE, { i: input }, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.castVote;
}

async function counts(motionId: string): Promise<{ voters: number; ballots: number }> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM motion_voter WHERE motion_id = $1) AS voters,
            (SELECT count(*)::int FROM ballot WHERE motion_id = $1) AS ballots`,
    [motionId],
  );
  return row;
}

beforeAll(async () => {
  await setConstitution(t, w.providerA, BRIGHTON);
  const people = await signedInPeople(t, 'racer', VOTERS);
  voters = [];
  for (const [i, p] of people.entries())
    voters.push({
      ...p,
      memberId: await addMember(t, w.providerA, p.personId, (['WORKER', 'SERVICE_USER', 'SUPPORTER'] as const)[i % 3]!),
    });
});

test('100 members voting at once on a secret motion: 100 voters, 100 ballots, each counted once', async () => {
  const motionId = await insertMotion(t, { providerId: w.providerA, secret: true, closesAt: new Date(Date.now() + 3_600_000) });
  const answers = await Promise.all(voters.map((v, i) => vote(v.headers, { motionId, choice: i % 2 ? 'FOR' : 'AGAINST' })));
  expect(answers.map((a) => a.__typename)).toEqual(Array(VOTERS).fill('CastVote'));
  expect(new Set(answers.map((a) => a.memberId)).size).toBe(VOTERS);
  expect(new Set(answers.map((a) => a.receiptCode)).size).toBe(VOTERS);
  expect(await counts(motionId)).toEqual({ voters: VOTERS, ballots: VOTERS });
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM motion_voter WHERE motion_id = $1 AND ballot_id IS NOT NULL`, [
    motionId,
  ]);
  expect(n).toBe(0);
  expect(internalErrors(t)).toEqual([]);
});

test('one member voting ten times at once: one ballot, and every other answer is AlreadyVotedError', async () => {
  for (const secret of [true, false]) {
    const motionId = await insertMotion(t, { providerId: w.providerA, secret, closesAt: new Date(Date.now() + 3_600_000) });
    const answers = await Promise.all(Array.from({ length: 10 }, () => vote(voters[0]!.headers, { motionId, choice: 'FOR' })));
    expect(answers.filter((a) => a.__typename === 'CastVote')).toHaveLength(1);
    expect(answers.filter((a) => a.__typename === 'AlreadyVotedError')).toHaveLength(9);
    expect(await counts(motionId)).toEqual({ voters: 1, ballots: 1 });
  }
  expect(internalErrors(t)).toEqual([]);
});

test('votes racing the close: each is counted or refused as VotingClosedError, and none lands after the count', async () => {
  const closesAt = new Date(Date.now() + 1_000);
  const motionId = await insertMotion(t, { providerId: w.providerA, closesAt });
  const closing = waitUntil(t, closesAt).then(() => t.services.motionClosing.close(motionId));
  const answers = await Promise.all(
    voters.slice(0, 40).map(async (v, i) => {
      await new Promise((r) => setTimeout(r, i * 40));
      return vote(v.headers, { motionId, choice: 'FOR' });
    }),
  );
  expect(await closing).toBe(true);
  expect(answers.every((a) => a.__typename === 'CastVote' || a.__typename === 'VotingClosedError')).toBe(true);
  const cast = answers.filter((a) => a.__typename === 'CastVote').length;
  // The first votes come well before the close and the last well after it: both outcomes are seen.
  expect(cast).toBeGreaterThan(0);
  expect(cast).toBeLessThan(40);
  const [{ result }] = await t.db.query(`SELECT result FROM motion WHERE id = $1`, [motionId]);
  expect(result.ballotsCast).toBe(cast);
  expect(await counts(motionId)).toEqual({ voters: cast, ballots: cast });
  expect(internalErrors(t)).toEqual([]);
});

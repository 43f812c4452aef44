import { beforeAll, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { LEAVE } from './support/governance-register.js';
import { internalErrors } from './support/graphql.js';
import { addMember, BRIGHTON, insertMotion, RESULT, setConstitution, signedInPeople, waitUntil } from './support/motions.js';
import { useWorld } from './support/world.js';

/**
 * What the register, the board and a motion's count must agree on when things happen around the same time:
 * a winner who left before the close, and an admission in flight while a motion opens.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

type Answer = Record<string, any> & { __typename: string };

async function answer(doc: string, vars: Record<string, unknown>, headers: Record<string, string>): Promise<Answer> {
  const res = await t.gql<Record<string, any>, Record<string, unknown>>(doc, vars, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.values(res.data!)[0] as Answer;
}

beforeAll(async () => {
  await setConstitution(t, w.providerB, BRIGHTON);
});

test('an election’s most approved candidate who left before the close takes no seat: the next most approved does', async () => {
  const people = await signedInPeople(t, 'stood-down', 4);
  const workers: string[] = [];
  for (const p of people) workers.push(await addMember(t, w.providerB, p.personId, 'WORKER'));
  const closesAt = new Date(Date.now() + 1_500);
  const motionId = await insertMotion(t, {
    providerId: w.providerB,
    closesAt,
    kind: 'BOARD_ELECTION',
    memberClass: 'WORKER',
    seatsToFill: 1,
  });
  const candidates: string[] = [];
  for (const member of workers.slice(0, 2))
    candidates.push(
      (await t.db.query(`INSERT INTO election_candidate (motion_id, member_id) VALUES ($1, $2) RETURNING id`, [motionId, member]))[0].id,
    );
  // Three ballots approve the first candidate, two the second.
  for (const approved of [[0], [0, 1], [0, 1]]) {
    const [{ id }] = await t.db.query(
      `INSERT INTO ballot (motion_id, member_class, receipt_hash) VALUES ($1, 'WORKER', sha256(gen_random_uuid()::text::bytea)) RETURNING id`,
      [motionId],
    );
    for (const c of approved)
      await t.db.query(`INSERT INTO ballot_approval (ballot_id, candidate_id) VALUES ($1, $2)`, [id, candidates[c]]);
  }
  expect(await answer(LEAVE, { i: { memberId: workers[0], reason: 'moved away' } }, w.headers('otherCoordinator'))).toMatchObject({
    __typename: 'CoOpMember',
  });
  await waitUntil(t, closesAt);

  const { result } = await answer(RESULT, { id: motionId }, w.headers('otherCoordinator'));
  expect(result.candidates.map((c: Answer) => [c.memberId, c.approvals, c.elected])).toEqual([
    [workers[0], 3, false],
    [workers[1], 2, true],
  ]);
  expect(result.summary).toBe('1 of 1 seats filled. 1 candidate left the co-op before the close and took no seat.');
  const terms = await t.db.query(`SELECT member_id FROM board_term WHERE elected_by_motion_id = $1`, [motionId]);
  expect(terms).toEqual([{ member_id: workers[1] }]);
  expect(internalErrors(t)).toEqual([]);
});

import { beforeAll, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { internalErrors } from './support/graphql.js';
import { rulesSnapshot } from '../api/governance/motion-rules.js';
import {
  ADMIT,
  addMember,
  BRIGHTON,
  CAST_VOTE,
  freshPerson,
  insertMotion,
  LEAVE,
  OPEN_MOTION,
  RESULT,
  setConstitution,
  signedInPeople,
  waitUntil,
} from './support/governance.js';
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
      `INSERT INTO ballot (motion_id, member_class, receipt_hash)
       VALUES ($1, 'WORKER', sha256(gen_random_uuid()::text::bytea)) RETURNING id`,
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
  expect(result.summary).toBe(
    '1 of 1 seats filled. 1 candidate left the co-op before the close and took no seat. Elected: stood-down voter 1.',
  );
  const terms = await t.db.query(`SELECT member_id FROM board_term WHERE elected_by_motion_id = $1`, [motionId]);
  expect(terms).toEqual([{ member_id: workers[1] }]);
  expect(internalErrors(t)).toEqual([]);
});

test('a motion opening while an admission is in flight counts the new member in its electorate exactly when they may vote', async () => {
  const personId = await freshPerson(t, 'Latecomer');
  // Another register write holds the lock, so the admission begins, then waits; the motion opens after it began.
  const holder = t.db.createQueryRunner();
  await holder.connect();
  await holder.startTransaction();
  await holder.query(`SELECT pg_advisory_xact_lock(hashtextextended('co_op_register:' || $1, 0))`, [w.providerB]);
  const waiting = async (n: number) => {
    for (let i = 0; i < 200; i++) {
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
      if (count >= n) return;
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const admitted = answer(ADMIT, { i: { providerId: w.providerB, personId, memberClass: 'WORKER' } }, w.headers('otherCoordinator'));
  await waiting(1);
  let opened = false;
  const motion = answer(
    OPEN_MOTION,
    {
      i: {
        providerId: w.providerB,
        kind: 'ORDINARY_RESOLUTION',
        title: 'Opened mid-admission',
        body: 'That the register and the count agree.',
        closesAt: new Date(Date.now() + 3_600_000).toISOString(),
      },
    },
    w.headers('otherCoordinator'),
  ).then((m) => {
    opened = true;
    return m;
  });
  await Promise.race([motion, waiting(2)]);
  await holder.commitTransaction();
  await holder.release();
  const member = await admitted;
  const { id, electorate } = await motion;
  expect(member.__typename).toBe('CoOpMember');
  expect(opened).toBe(true);
  // isEntitled's rule in SQL: entered before the motion opened, not left, of a class it counts.
  const [{ entitled, latecomerEntitled }] = await t.db.query(
    `SELECT count(*)::int AS entitled, bool_or(m.person_id = $2) AS "latecomerEntitled"
       FROM co_op_member m JOIN motion o ON o.provider_id = m.provider_id
      WHERE o.id = $1 AND m.left_at IS NULL AND m.entered_at < o.opened_at`,
    [id, personId],
  );
  expect(electorate).toBe(entitled);
  expect(latecomerEntitled ?? false).toBe(false);
  expect(internalErrors(t)).toEqual([]);
});

test('two elections for one class opened at once: one opens, the other is a ConflictError', async () => {
  const people = await signedInPeople(t, 'twin-election', 6);
  // One round per class with board seats, each with two candidates of its own.
  for (const [round, memberClass] of (['WORKER', 'SERVICE_USER', 'SUPPORTER'] as const).entries()) {
    const candidates: string[] = [];
    for (const p of people.slice(round * 2, round * 2 + 2)) candidates.push(await addMember(t, w.providerB, p.personId, memberClass));
    const answers = await Promise.all(
      candidates.map((memberId) =>
        answer(
          OPEN_MOTION,
          {
            i: {
              providerId: w.providerB,
              kind: 'BOARD_ELECTION',
              title: `A ${memberClass} seat`,
              body: 'Elect a member of the board.',
              closesAt: new Date(Date.now() + 3_600_000).toISOString(),
              memberClass,
              seatsToFill: 1,
              candidates: [{ memberId }],
            },
          },
          w.headers('otherCoordinator'),
        ),
      ),
    );
    expect(answers.map((a) => a.__typename).sort()).toEqual(['ConflictError', 'Motion']);
  }
  expect(internalErrors(t)).toEqual([]);
});

test('a member entered a fraction of a millisecond before a motion opened is both in its electorate and entitled to vote', async () => {
  const [voter] = await signedInPeople(t, 'sub-millisecond', 1);
  // The register and the motion keep their times to the millisecond, which is all the app reads of them: a time
  // given in microseconds is rounded as it is stored, so the count (in SQL) and the vote (in the app) agree.
  const [{ id: memberId }] = await t.db.query(
    `INSERT INTO co_op_member (provider_id, person_id, member_class, joined_on, entered_at)
     VALUES ($1, $2, 'SUPPORTER', '2020-01-01', '2026-01-01T10:00:00.123300Z') RETURNING id`,
    [w.providerB, voter!.personId],
  );
  const [{ id: motionId }] = await t.db.query(
    `INSERT INTO motion (provider_id, kind, title, body, secret, opened_at, closes_at, rules)
     SELECT c.provider_id, 'ORDINARY_RESOLUTION', 'Opened a moment later', 'That the count and the vote agree.', false,
       '2026-01-01T10:00:00.123600Z', now() + interval '1 hour',
       ${rulesSnapshot({ kind: "'ORDINARY_RESOLUTION'", electionClass: 'NULL', at: "'2026-01-01T10:00:00.123600Z'::timestamptz" })}
     FROM co_op_constitution c WHERE c.provider_id = $1 RETURNING id`,
    [w.providerB],
  );
  const [{ counted }] = await t.db.query(
    `SELECT count(*)::int AS counted FROM co_op_member m JOIN motion o ON o.provider_id = m.provider_id
      WHERE o.id = $1 AND m.id = $2 AND m.entered_at < o.opened_at`,
    [motionId, memberId],
  );
  const vote = await answer(CAST_VOTE, { i: { motionId, memberId, choice: 'FOR' } }, voter!.headers);
  expect(vote.__typename).toBe(counted === 1 ? 'CastVote' : 'NotEntitledToVoteError');
  expect(internalErrors(t)).toEqual([]);
});

test('a secret election’s vote sends the same statements whether it approves nobody, one candidate or two', async () => {
  const people = await signedInPeople(t, 'same-statements', 5);
  const members: string[] = [];
  for (const p of people) members.push(await addMember(t, w.providerB, p.personId, 'SERVICE_USER'));
  const motionId = await insertMotion(t, {
    providerId: w.providerB,
    closesAt: new Date(Date.now() + 3_600_000),
    kind: 'BOARD_ELECTION',
    memberClass: 'SERVICE_USER',
    seatsToFill: 1,
    secret: true,
  });
  const candidates: string[] = [];
  for (const member of members.slice(0, 2))
    candidates.push(
      (await t.db.query(`INSERT INTO election_candidate (motion_id, member_id) VALUES ($1, $2) RETURNING id`, [motionId, member]))[0].id,
    );
  const sent: string[][] = [];
  for (const [i, approve] of [[], candidates.slice(0, 1), candidates, []].entries()) {
    t.statements.reset();
    expect(await answer(CAST_VOTE, { i: { motionId, approve } }, people[i]!.headers)).toMatchObject({ __typename: 'CastVote' });
    sent.push([...t.statements.statements]);
  }
  expect(sent[1]).toEqual(sent[0]);
  expect(sent[2]).toEqual(sent[0]);
  expect(sent[3]).toEqual(sent[0]);
  expect(internalErrors(t)).toEqual([]);
});

test('while an open ballot is open, not even the audit trail says how anyone voted: it names the member, never the choice', async () => {
  const [voter] = await signedInPeople(t, 'audited-open', 1);
  await addMember(t, w.providerB, voter!.personId, 'WORKER');
  const motionId = await insertMotion(t, { providerId: w.providerB, closesAt: new Date(Date.now() + 3_600_000) });
  const cast = await answer(CAST_VOTE, { i: { motionId, choice: 'AGAINST' } }, voter!.headers);
  expect(cast.__typename).toBe('CastVote');
  const trail = await answer(
    `query($id: ID) { auditEvents(first: 10, filter: { objectId: $id }) { edges { node { action summary } } } }`,
    { id: motionId },
    w.headers('admin'),
  );
  expect(trail.edges.map((e: Answer) => e.node)).toEqual([{ action: 'governance.vote', summary: { memberId: cast.memberId } }]);
});

import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { auditCount, code, internalErrors } from './support/graphql.js';
import {
  addMember,
  BRIGHTON,
  CAST_VOTE,
  governanceRows,
  grantVote,
  insertBallots,
  insertMotion,
  OPEN_MOTION,
  RECEIPT,
  RESULT,
  setConstitution,
  signedInPeople,
  waitUntil,
} from './support/governance.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * Motions and votes over GraphQL: opening one (and every way of asking wrongly, which writes nothing), who
 * may vote and when, receipts, and the count at the close: a weighted tally worked by hand.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

type Answer = Record<string, any> & { __typename: string };

async function ask(doc: string, vars: Record<string, unknown>, role: RoleName | Record<string, string>) {
  return t.gql<Record<string, any>, Record<string, unknown>>(doc, vars, typeof role === 'string' ? w.headers(role) : role);
}
async function answer(doc: string, vars: Record<string, unknown>, role: RoleName | Record<string, string>): Promise<Answer> {
  const res = await ask(doc, vars, role);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.values(res.data!)[0] as Answer;
}

const inMinutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
const resolution = (extra: Record<string, unknown> = {}) => ({
  providerId: w.providerA,
  kind: 'ORDINARY_RESOLUTION',
  title: 'Adopt the winter rota',
  body: 'That the co-op adopts the winter rota as circulated.',
  closesAt: inMinutes(60),
  ...extra,
});

const m = {} as Record<'person' | 'otherPerson' | 'careWorker' | 'representativeNone', string>;

beforeAll(async () => {
  await setConstitution(t, w.providerA, BRIGHTON);
  m.person = await addMember(t, w.providerA, w.ids.person, 'SERVICE_USER');
  m.otherPerson = await addMember(t, w.providerA, w.ids.otherPerson, 'SUPPORTER');
  m.careWorker = await addMember(t, w.providerA, w.ids.careWorker, 'WORKER');
  m.representativeNone = await addMember(t, w.providerA, w.ids.representativeNone, 'WORKER');
  // The person grants their representative VOTE; representativeAll holds BOOK and the rest, never VOTE.
  await grantVote(t, w.ids.person, w.ids.friend);
});

describe('opening a motion', () => {
  test('a coordinator opens a resolution, open ballot by default, with the register as it stands as its electorate', async () => {
    const motion = await answer(OPEN_MOTION, { i: resolution() }, 'coordinator');
    expect(motion).toMatchObject({ __typename: 'Motion', kind: 'ORDINARY_RESOLUTION', secret: false, status: 'OPEN', electorate: 4 });
    const [{ rules }] = await t.db.query(`SELECT rules FROM motion WHERE id = $1`, [motion.id]);
    expect(rules).toMatchObject({ votingBasis: 'WEIGHTED_BY_CLASS', quorumPercent: 50, majority: { rule: 'MORE_THAN', percent: 50 } });
    expect(await auditCount(t, 'motion.open', motion.id)).toBe(1);
  });

  test.each([
    ['a closing time in the past', { closesAt: inMinutes(-5) }, 'input.closesAt'],
    ['a closing time two minutes away', { closesAt: inMinutes(2) }, 'input.closesAt'],
    ['a closing time after 90 days', { closesAt: inMinutes(91 * 24 * 60) }, 'input.closesAt'],
    ['a blank title', { title: '   ' }, 'input.title'],
    ['a class on a resolution', { memberClass: 'WORKER' }, 'input.kind'],
    [
      'an election with no candidates',
      { kind: 'BOARD_ELECTION', memberClass: 'WORKER', seatsToFill: 1, candidates: [] },
      'input.candidates',
    ],
    [
      'an election of more seats than the class has',
      { kind: 'BOARD_ELECTION', memberClass: 'WORKER', seatsToFill: 3 },
      'input.seatsToFill',
    ],
    ['an election of a class with no seats', { kind: 'BOARD_ELECTION', memberClass: 'VOLUNTEER', seatsToFill: 1 }, 'input.memberClass'],
  ])('%s is refused as bad input and writes nothing', async (_what, extra, argument) => {
    const withCandidates =
      (extra as { kind?: string; candidates?: unknown }).kind && !('candidates' in extra)
        ? { candidates: [{ memberId: m.careWorker }] }
        : {};
    const before = await governanceRows(t);
    const res = await ask(OPEN_MOTION, { i: resolution({ ...withCandidates, ...extra }) }, 'coordinator');
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.argument).toBe(argument);
    expect(await governanceRows(t)).toEqual(before);
  });

  test('a candidate of another class, or who stands twice, is refused and nothing is written', async () => {
    const before = await governanceRows(t);
    for (const candidates of [[{ memberId: m.person }], [{ memberId: m.careWorker }, { memberId: m.careWorker }]]) {
      const res = await ask(
        OPEN_MOTION,
        { i: resolution({ kind: 'BOARD_ELECTION', memberClass: 'WORKER', seatsToFill: 1, candidates }) },
        'coordinator',
      );
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.candidates' });
    }
    expect(await governanceRows(t)).toEqual(before);
  });

  test('a co-op without a constitution is named in the error', async () => {
    const res = await ask(OPEN_MOTION, { i: resolution({ providerId: w.providerB }) }, 'otherCoordinator');
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'input.providerId' });
  });

  test('a member, a representative or another co-op’s coordinator may not open one', async () => {
    for (const role of ['person', 'friend', 'otherCoordinator', 'officer'] as const) {
      const headers = role === 'friend' ? { authorization: `Bearer ${await w.login(w.emails.friend)}` } : w.headers(role);
      expect(code(await ask(OPEN_MOTION, { i: resolution() }, headers))).toBe('FORBIDDEN');
    }
  });
});

describe('voting', () => {
  let motionId: string;
  beforeAll(async () => {
    motionId = (await answer(OPEN_MOTION, { i: resolution() }, 'coordinator')).id;
  });

  test('a member votes once, gets a receipt that checks, and a second vote is refused', async () => {
    const vote = await answer(CAST_VOTE, { i: { motionId, choice: 'FOR' } }, 'careWorker');
    expect(vote).toMatchObject({ __typename: 'CastVote', motionId, memberId: m.careWorker });
    expect(vote.receiptCode).toMatch(/^([A-Z2-7]{4}-){7}[A-Z2-7]{4}$/);
    const before = await governanceRows(t);
    expect(await answer(CAST_VOTE, { i: { motionId, choice: 'AGAINST' } }, 'careWorker')).toMatchObject({
      __typename: 'AlreadyVotedError',
      code: 'ALREADY_VOTED',
    });
    expect(await governanceRows(t)).toEqual(before);
    // Any signed-in person may check a code: the code is the secret. An open ballot shows its choice.
    expect(await answer(RECEIPT, { c: vote.receiptCode.toLowerCase().replaceAll('-', ' ') }, 'otherPerson')).toEqual({
      counted: true,
      motionId,
      motionTitle: 'Adopt the winter rota',
      memberClass: 'WORKER',
      motionClosed: false,
      secret: false,
      choice: 'FOR',
      approved: [],
    });
    expect(await auditCount(t, 'governance.vote', motionId)).toBe(1);
  });

  test('a wrong or garbled code is not counted; an over-long one is refused before hashing', async () => {
    for (const c of ['AAAA-BBBB-CCCC-DDDD-EEEE-FFFF-GGGG-HHHH', '!!', ''])
      expect(await answer(RECEIPT, { c }, 'person')).toMatchObject({ counted: false, motionId: null, choice: null });
    const res = await ask(RECEIPT, { c: 'A'.repeat(65) }, 'person');
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'code' });
    expect(code(await ask(RECEIPT, { c: 'AAAA' }, 'public'))).toBe('UNAUTHENTICATED');
  });

  test('a representative the person granted VOTE votes for them; one with BOOK and no VOTE may not', async () => {
    const friend = { authorization: `Bearer ${await w.login(w.emails.friend)}` };
    expect(await answer(CAST_VOTE, { i: { motionId, memberId: m.person, choice: 'AGAINST' } }, friend)).toMatchObject({
      __typename: 'CastVote',
      memberId: m.person,
    });
    const [voter] = await t.db.query(`SELECT cast_by_id FROM motion_voter WHERE motion_id = $1 AND member_id = $2`, [motionId, m.person]);
    expect(voter.cast_by_id).toBe(w.ids.friend);
    const other = (await answer(OPEN_MOTION, { i: resolution() }, 'coordinator')).id;
    const before = await governanceRows(t);
    expect(code(await ask(CAST_VOTE, { i: { motionId: other, memberId: m.person, choice: 'FOR' } }, 'representativeAll'))).toBe(
      'FORBIDDEN',
    );
    expect(await governanceRows(t)).toEqual(before);
  });

  test('a non-member and another co-op’s coordinator are refused, and nothing is written', async () => {
    const before = await governanceRows(t);
    for (const role of ['admin', 'otherCoordinator', 'representativeAll'] as const)
      expect(code(await ask(CAST_VOTE, { i: { motionId, choice: 'FOR' } }, role))).toBe('FORBIDDEN');
    expect(code(await ask(CAST_VOTE, { i: { motionId, memberId: m.careWorker, choice: 'FOR' } }, 'otherPerson'))).toBe('FORBIDDEN');
    expect(await governanceRows(t)).toEqual(before);
  });

  test('a member admitted after the motion opened is not entitled: the register decides, not the backdated joining date', async () => {
    const [late] = await signedInPeople(t, 'late', 1);
    await addMember(t, w.providerA, late!.personId, 'WORKER', { enteredAt: new Date() });
    const before = await governanceRows(t);
    expect(await answer(CAST_VOTE, { i: { motionId, choice: 'FOR' } }, late!.headers)).toMatchObject({
      __typename: 'NotEntitledToVoteError',
      code: 'NOT_ENTITLED_TO_VOTE',
    });
    expect(await governanceRows(t)).toEqual(before);
  });

  test('an unknown motion: NOT_FOUND to an admin, FORBIDDEN to others, who learn nothing of whether it exists', async () => {
    const unknown = '00000000-0000-4000-8000-000000000000';
    const res = await ask(CAST_VOTE, { i: { motionId: unknown, choice: 'FOR' } }, 'admin');
    expect(res.errors![0]!.extensions).toMatchObject({ code: 'NOT_FOUND', argument: 'input.motionId' });
    expect(code(await ask(CAST_VOTE, { i: { motionId: unknown, choice: 'FOR' } }, 'person'))).toBe('FORBIDDEN');
  });

  test('a choice on an election, approvals on a resolution and another election’s candidate are bad input, nothing written', async () => {
    const election = async (memberClass: string, memberId: string) =>
      answer(
        OPEN_MOTION,
        { i: resolution({ kind: 'BOARD_ELECTION', memberClass, seatsToFill: 1, candidates: [{ memberId }] }) },
        'coordinator',
      );
    const first = (await election('WORKER', m.careWorker)).id;
    const [{ id: candidate }] = await t.db.query(`SELECT id FROM election_candidate WHERE motion_id = $1`, [first]);
    // One election for a class's seats at a time: a second WORKER election is a ConflictError.
    expect(await election('WORKER', m.careWorker)).toMatchObject({ __typename: 'ConflictError' });
    const other = (await election('SERVICE_USER', m.person)).id;
    const [{ id: othersCandidate }] = await t.db.query(`SELECT id FROM election_candidate WHERE motion_id = $1`, [other]);
    const before = await governanceRows(t);
    for (const [i, argument] of [
      [{ motionId: first, choice: 'FOR' }, 'input.approve'],
      [{ motionId, approve: [] }, 'input.choice'],
      [{ motionId: first, approve: [othersCandidate] }, 'input.approve'],
      [{ motionId: first, approve: ['00000000-0000-4000-8000-000000000000'] }, 'input.approve'],
      [{ motionId: first, approve: [candidate, candidate] }, 'input.approve'],
    ] as const) {
      const res = await ask(CAST_VOTE, { i }, 'representativeNone');
      expect(res.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    expect(await governanceRows(t)).toEqual(before);
  });

  test('a vote after the closing time is refused, by the service before writing and by the trigger at the line', async () => {
    const closesAt = new Date(Date.now() + 1_000);
    const motion = await insertMotion(t, { providerId: w.providerA, closesAt });
    await waitUntil(t, closesAt);
    const before = await governanceRows(t);
    expect(await answer(CAST_VOTE, { i: { motionId: motion, choice: 'FOR' } }, 'careWorker')).toMatchObject({
      __typename: 'VotingClosedError',
      code: 'VOTING_CLOSED',
    });
    await expect(t.db.query(`INSERT INTO motion_voter (motion_id, member_id) VALUES ($1, $2)`, [motion, m.careWorker])).rejects.toThrow(
      /is closed/,
    );
    expect(await governanceRows(t)).toEqual(before);
  });
});

describe('the count', () => {
  const tally = {} as Record<'quorumFailed' | 'weightsDecide' | 'election' | 'open', string>;
  const members: Record<string, string[]> = { WORKER: [], SERVICE_USER: [], SUPPORTER: [] };

  beforeAll(async () => {
    // Provider B on Brighton's 40/40/20 with ten members in each class: an electorate of 30, a quorum of 15.
    await setConstitution(t, w.providerB, BRIGHTON);
    const people = await signedInPeople(t, 'brighton', 30);
    for (const [i, p] of people.entries()) {
      const cls = (['WORKER', 'SERVICE_USER', 'SUPPORTER'] as const)[Math.floor(i / 10)]!;
      members[cls]!.push(await addMember(t, w.providerB, p.personId, cls));
    }
    const closesAt = new Date(Date.now() + 1_500);
    tally.quorumFailed = await insertMotion(t, { providerId: w.providerB, closesAt });
    tally.weightsDecide = await insertMotion(t, { providerId: w.providerB, closesAt });
    tally.election = await insertMotion(t, {
      providerId: w.providerB,
      closesAt,
      kind: 'BOARD_ELECTION',
      memberClass: 'WORKER',
      seatsToFill: 2,
    });
    tally.open = await insertMotion(t, { providerId: w.providerB, closesAt });
    for (const [voter, choice] of [
      [people[0]!, 'FOR'],
      [people[10]!, 'AGAINST'],
    ] as const)
      expect(await answer(CAST_VOTE, { i: { motionId: tally.open, choice } }, voter.headers)).toMatchObject({ __typename: 'CastVote' });
    // While it is open, nobody sees how anyone voted, even on an open ballot.
    const recorded = `query($id: ID!) { motion(id: $id) { recordedVotes { memberId name choice } } }`;
    expect((await answer(recorded, { id: tally.open }, 'otherCoordinator')).recordedVotes).toEqual([]);

    await insertBallots(t, tally.quorumFailed, 'WORKER', { for: 6 });
    await insertBallots(t, tally.quorumFailed, 'SERVICE_USER', { against: 4 });
    await insertBallots(t, tally.quorumFailed, 'SUPPORTER', { for: 2, against: 1, abstain: 1 });

    await insertBallots(t, tally.weightsDecide, 'WORKER', { for: 3 });
    await insertBallots(t, tally.weightsDecide, 'SERVICE_USER', { for: 4, against: 4 });
    await insertBallots(t, tally.weightsDecide, 'SUPPORTER', { against: 6 });

    // Four candidates; approvals 6, 3, 3, 1 for two seats: the first is elected, the two on 3 tie for the second.
    const candidates: string[] = [];
    for (const member of members.WORKER!.slice(0, 4))
      candidates.push(
        (
          await t.db.query(`INSERT INTO election_candidate (motion_id, member_id) VALUES ($1, $2) RETURNING id`, [tally.election, member])
        )[0].id,
      );
    const approvals = [[0, 1], [0, 2], [0, 1], [0, 2], [0, 1, 2], [0, 3], [], [], []];
    for (const approved of approvals) {
      const [{ id }] = await t.db.query(
        `INSERT INTO ballot (motion_id, member_class, receipt_hash)
         VALUES ($1, 'WORKER', sha256(gen_random_uuid()::text::bytea)) RETURNING id`,
        [tally.election],
      );
      for (const c of approved)
        await t.db.query(`INSERT INTO ballot_approval (ballot_id, candidate_id) VALUES ($1, $2)`, [id, candidates[c]]);
    }
    await waitUntil(t, closesAt);
  });

  test('quorum failed: 14 of 30 voted, under half, so it does not pass whatever the share', async () => {
    // Ballots: workers 6 for; users 4 against; supporters 2 for, 1 against, 1 abstention: 6 + 4 + 4 = 14.
    // Quorum: 14 × 100 = 1,400 < 50 × 30 = 1,500, so not met (abstentions count towards it, and still fall short).
    // Share for, weighted: workers 40 × 6/6 = 40; users 40 × 0/4 = 0; supporters 20 × 2/3 = 13.333…;
    // (40 + 0 + 13.333…) ÷ (40 + 40 + 20) = 53.33% — a majority, but without a quorum nothing passes.
    const { motion } = (await ask(RESULT, { id: tally.quorumFailed }, 'otherCoordinator')).data!;
    expect(motion.status).toBe('CLOSED');
    expect(motion.result).toMatchObject({ quorumMet: false, passed: false, ballotsCast: 14, electorate: 30, forSharePercent: 53.33 });
    expect(motion.result.summary).toMatch(/quorum not met/);
    expect(motion.result.classes).toEqual([
      { memberClass: 'WORKER', for: 6, against: 0, abstain: 0, electorate: 10, weightPercent: 40 },
      { memberClass: 'SERVICE_USER', for: 0, against: 4, abstain: 0, electorate: 10, weightPercent: 40 },
      { memberClass: 'SUPPORTER', for: 2, against: 1, abstain: 1, electorate: 10, weightPercent: 20 },
    ]);
  });

  test('quorum met, and the weights carry a motion most heads voted against', async () => {
    // Ballots: workers 3 for; users 4 for, 4 against; supporters 6 against: 17 ≥ 15, quorum met.
    // By heads: 7 for, 10 against: 41.18% for, it would fall.
    // By class weights: workers 40 × 3/3 = 40; users 40 × 4/8 = 20; supporters 20 × 0/6 = 0;
    // (40 + 20 + 0) ÷ 100 = 60% > 50%: the ordinary resolution passes.
    const { motion } = (await ask(RESULT, { id: tally.weightsDecide }, 'otherCoordinator')).data!;
    expect(motion.result).toMatchObject({ quorumMet: true, passed: true, ballotsCast: 17, forSharePercent: 60 });
    const [{ closed_at, result }] = await t.db.query(`SELECT closed_at, result FROM motion WHERE id = $1`, [tally.weightsDecide]);
    expect(closed_at).not.toBeNull();
    // Written once: reading again, or the job running, changes nothing; the table refuses a rewrite.
    expect(await t.services.motionClosing.close(tally.weightsDecide)).toBe(false);
    await expect(t.db.query(`UPDATE motion SET result = '{}' WHERE id = $1`, [tally.weightsDecide])).rejects.toThrow(/changes only once/);
    expect((await t.db.query(`SELECT result FROM motion WHERE id = $1`, [tally.weightsDecide]))[0].result).toEqual(result);
  });

  test('an election fills the clear winner’s seat and leaves a tied last seat empty, naming the tied; the winner gets a term', async () => {
    // 9 of the 10 workers voted (quorum met); approvals: candidate 0 six, 1 and 2 three each, 3 one; three ballots approve nobody.
    await t.services.motionClosing.run();
    const { motion } = (await ask(RESULT, { id: tally.election }, 'otherCoordinator')).data!;
    expect(motion.result).toMatchObject({ quorumMet: true, passed: true, ballotsCast: 9 });
    const byApprovals = motion.result.candidates.map((c: { approvals: number; elected: boolean }) => [c.approvals, c.elected]);
    expect(byApprovals).toEqual([
      [6, true],
      [3, false],
      [3, false],
      [1, false],
    ]);
    expect(motion.result.tiedForLastSeat).toHaveLength(2);
    const terms = await t.db.query(`SELECT member_id, starts_on, ends_on FROM board_term WHERE elected_by_motion_id = $1`, [
      tally.election,
    ]);
    expect(terms).toHaveLength(1);
    expect(terms[0].member_id).toBe(members.WORKER![0]);
    expect(await auditCount(t, 'motion.close', tally.election)).toBe(1);
  });

  test('an open ballot, once closed, shows who voted how; its voter rows point at their ballots', async () => {
    const recorded = `query($id: ID!) { motion(id: $id) { recordedVotes { memberId name choice approved } } }`;
    expect((await answer(recorded, { id: tally.open }, 'otherCoordinator')).recordedVotes).toEqual([
      { memberId: members.WORKER![0], name: 'brighton voter 0', choice: 'FOR', approved: [] },
      { memberId: members.SERVICE_USER![0], name: 'brighton voter 10', choice: 'AGAINST', approved: [] },
    ]);
    const [{ linked }] = await t.db.query(`SELECT count(ballot_id)::int AS linked FROM motion_voter WHERE motion_id = $1`, [tally.open]);
    expect(linked).toBe(2);
  });

  test('a page of motions with their results costs the same statements at 5 as at 50', async () => {
    // Provider A's: B is a draft, not shown to anyone but admins. Due motions are closed first, so the reads write nothing.
    for (let i = 0; i < 50; i++) await insertMotion(t, { providerId: w.providerA, closesAt: new Date(Date.now() + 3_600_000) });
    // The newest: an open ballot voted on and closed, so even the page of 5 has recorded votes (and elections' candidates).
    const closesAt = new Date(Date.now() + 1_000);
    const voted = await insertMotion(t, { providerId: w.providerA, openedAt: new Date(), closesAt });
    expect(await answer(CAST_VOTE, { i: { motionId: voted, choice: 'FOR' } }, 'careWorker')).toMatchObject({ __typename: 'CastVote' });
    await waitUntil(t, closesAt);
    await t.services.motionClosing.run();
    // One name-bearing field a query: names come from the people's loader, which two fields' loaders may reach in one batch or two.
    const fields = [
      'id status electorate ballotsCast result { passed forSharePercent } myVotes { memberId entitled voted }',
      'candidates { name statement }',
      'myVotes { name }',
      'recordedVotes { name choice }',
    ];
    const count = async (selection: string, n: number) => {
      t.statements.reset();
      const res = await ask(
        `query($p: ID!, $n: Int) { provider(id: $p) { motions(first: $n) { edges { node { ${selection} } } } } }`,
        {
          p: w.providerA,
          n,
        },
        'careWorker',
      );
      expect(res.errors).toBeUndefined();
      expect(res.data!.provider.motions.edges).toHaveLength(n);
      if (selection.startsWith('recordedVotes')) expect(res.data!.provider.motions.edges[0].node.recordedVotes).toHaveLength(1);
      if (selection.startsWith('candidates'))
        expect(res.data!.provider.motions.edges.some((e: { node: { candidates: unknown[] } }) => e.node.candidates.length)).toBe(true);
      return t.statements.count;
    };
    for (const selection of fields) expect(await count(selection, 50), selection).toBe(await count(selection, 5));
    expect(internalErrors(t)).toEqual([]);
  });
});

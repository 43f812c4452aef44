import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { auditCount, code, internalErrors } from './support/graphql.js';
import {
  addMember,
  END_TERM,
  freshPerson,
  governanceRows,
  grantVote,
  LEAVE,
  londonDay,
  oneMemberOneVote,
  RECORD_TERM,
  setConstitution,
} from './support/governance.js';
import { type RoleName, useWorld } from './support/world.js';
import { MemberClass } from '../api/directory/directory.enums.js';

/**
 * A co-op's board: terms its officers record, standing down (by an officer or the member), who sees the
 * board today, and the terms an election starts (BoardService.startElectedTerms, called by motions).
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const BOARD = `query($p: ID) { provider(id: $p) { board { id memberClass startsOn endsOn endedOn electedByMotionId
  member { id name memberClass sharePence } } } }`;

const record = (input: Record<string, unknown>, role: RoleName = 'coordinator') =>
  t.gql<any, unknown>(RECORD_TERM, { i: input }, w.headers(role));
const boardOf = async (role: RoleName | null, providerId = w.providerA) =>
  (await t.gql<any, unknown>(BOARD, { p: providerId }, role ? w.headers(role) : {})).data.provider?.board;

describe('recording the board', () => {
  test('an officer records a term; without a constitution it runs 36 months, with one its board term', async () => {
    const memberId = await addMember(t, w.providerA, await freshPerson(t), 'WORKER');
    const res = await record({ memberId, startsOn: '2025-01-15' });
    expect(res.data.recordBoardTerm).toMatchObject({
      __typename: 'BoardTerm',
      memberClass: 'WORKER',
      startsOn: '2025-01-15',
      endsOn: '2028-01-15',
      endedOn: null,
      electedByMotionId: null,
    });
    expect(await auditCount(t, 'governance.board.recordTerm', res.data.recordBoardTerm.id)).toBe(1);

    await setConstitution(t, w.providerB, oneMemberOneVote({ SERVICE_USER: 2 }, 24));
    try {
      const other = await addMember(t, w.providerB, await freshPerson(t), 'SERVICE_USER');
      const under = await record({ memberId: other, startsOn: '2025-03-01' }, 'otherCoordinator');
      expect(under.data.recordBoardTerm).toMatchObject({ memberClass: 'SERVICE_USER', endsOn: '2027-03-01' });
      const given = await record({ memberId: other, startsOn: '2027-03-01', endsOn: '2028-01-01' }, 'otherCoordinator');
      expect(given.data.recordBoardTerm).toMatchObject({ startsOn: '2027-03-01', endsOn: '2028-01-01' });
    } finally {
      await t.db.query(`DELETE FROM co_op_constitution WHERE provider_id = $1`, [w.providerB]);
    }
  });

  test('overlapping terms of one member are a ConflictError, one at a time or at once; nothing written', async () => {
    const memberId = await addMember(t, w.providerA, await freshPerson(t), 'SERVICE_USER');
    expect((await record({ memberId, startsOn: '2025-01-01', endsOn: '2026-01-01' })).data.recordBoardTerm.__typename).toBe('BoardTerm');
    const rows = await governanceRows(t);
    const overlap = await record({ memberId, startsOn: '2025-06-01' });
    expect(overlap.data.recordBoardTerm).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await governanceRows(t)).toEqual(rows);

    const racer = await addMember(t, w.providerA, await freshPerson(t), 'WORKER');
    const raced = await Promise.all([
      record({ memberId: racer, startsOn: '2025-01-01' }),
      record({ memberId: racer, startsOn: '2025-02-01' }, 'admin'),
    ]);
    expect(raced.map((r) => r.data.recordBoardTerm.__typename).sort()).toEqual(['BoardTerm', 'ConflictError']);
    expect(internalErrors(t)).toEqual([]);
  });

  test('bad input: dates out of range or order, a term before joining, an unknown member, one who left; nothing written', async () => {
    const memberId = await addMember(t, w.providerA, await freshPerson(t), 'WORKER');
    const gone = await addMember(t, w.providerA, await freshPerson(t), 'WORKER');
    await t.gql(LEAVE, { i: { memberId: gone } }, w.headers('coordinator'));
    const rows = await governanceRows(t);
    const cases: [Record<string, unknown>, string, string | undefined, RoleName][] = [
      [{ memberId, startsOn: '1899-01-01' }, 'BAD_USER_INPUT', 'input.startsOn', 'coordinator'],
      [{ memberId, startsOn: '2025-01-01', endsOn: '2025-01-01' }, 'BAD_USER_INPUT', 'input.endsOn', 'coordinator'],
      [{ memberId, startsOn: '2025-01-01', endsOn: '2101-01-01' }, 'BAD_USER_INPUT', 'input.endsOn', 'coordinator'],
      [{ memberId, startsOn: '2019-12-31' }, 'BAD_USER_INPUT', 'input.startsOn', 'coordinator'],
      [{ memberId: '00000000-0000-4000-8000-000000000000', startsOn: '2025-01-01' }, 'NOT_FOUND', 'input.memberId', 'admin'],
    ];
    for (const [input, expected, argument, role] of cases) {
      const res = await record(input, role);
      expect(code(res), JSON.stringify(input)).toBe(expected);
      expect(res.errors?.[0]?.extensions?.argument).toBe(argument);
    }
    expect((await record({ memberId: gone, startsOn: '2025-01-01' })).data.recordBoardTerm.__typename).toBe('ConflictError');
    expect(await governanceRows(t)).toEqual(rows);
  });

  test('only the co-op’s officers record terms', async () => {
    const memberId = await addMember(t, w.providerA, await freshPerson(t), 'WORKER');
    const rows = await governanceRows(t);
    for (const role of ['otherCoordinator', 'person', 'careWorker', 'officer', 'partner', 'widget'] as RoleName[])
      expect(code(await record({ memberId, startsOn: '2025-01-01' }, role)), role).toBe('FORBIDDEN');
    expect(code(await record({ memberId, startsOn: '2025-01-01' }, 'public'))).toBe('UNAUTHENTICATED');
    expect(await governanceRows(t)).toEqual(rows);
  });
});

describe('standing down', () => {
  test('a member resigns their own seat; an officer ends another’s; a second end is a ConflictError', async () => {
    const own = await addMember(t, w.providerA, w.ids.otherPerson, 'SERVICE_USER');
    const term = (await record({ memberId: own, startsOn: londonDay(-30) })).data.recordBoardTerm.id;
    for (const role of ['person', 'otherCoordinator'] as RoleName[])
      expect(code(await t.gql(END_TERM, { i: { boardTermId: term, reason: 'Not mine' } }, w.headers(role))), role).toBe('FORBIDDEN');
    const ended = await t.gql<any, unknown>(END_TERM, { i: { boardTermId: term, reason: 'Too busy' } }, w.headers('otherPerson'));
    expect(ended.data.endBoardTerm).toMatchObject({ __typename: 'BoardTerm', endedOn: londonDay(0) });
    expect(await auditCount(t, 'governance.board.endTerm', term)).toBe(1);
    const again = await t.gql<any, unknown>(END_TERM, { i: { boardTermId: term, reason: 'Again' } }, w.headers('coordinator'));
    expect(again.data.endBoardTerm).toMatchObject({ __typename: 'ConflictError' });

    const other = await addMember(t, w.providerA, await freshPerson(t), 'WORKER');
    const second = (await record({ memberId: other, startsOn: '2025-01-01' })).data.recordBoardTerm.id;
    const rows = await governanceRows(t);
    for (const [input, argument] of [
      [{ boardTermId: second, reason: ' ' }, 'input.reason'],
      [{ boardTermId: second, reason: 'x'.repeat(501) }, 'input.reason'],
      [{ boardTermId: second, reason: 'Early', endedOn: '2024-12-31' }, 'input.endedOn'],
      [{ boardTermId: second, reason: 'Late', endedOn: '2028-01-02' }, 'input.endedOn'],
    ] as const) {
      const res = await t.gql(END_TERM, { i: input }, w.headers('coordinator'));
      expect(code(res), JSON.stringify(input)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.argument).toBe(argument);
    }
    expect(await governanceRows(t)).toEqual(rows);
    const byOfficer = await t.gql<any, unknown>(
      END_TERM,
      { i: { boardTermId: second, reason: 'Stood down', endedOn: '2026-06-01' } },
      w.headers('coordinator'),
    );
    expect(byOfficer.data.endBoardTerm).toMatchObject({ endedOn: '2026-06-01', endsOn: '2028-01-01' });
  });
});

describe('who sees the board', () => {
  test('officers, members and VOTE representatives see today’s board, a fellow member never a share; the public sees null', async () => {
    await addMember(t, w.providerA, w.ids.person, 'SERVICE_USER');
    await grantVote(t, w.ids.person, w.ids.representativeAll);
    const sitting = await addMember(t, w.providerA, await freshPerson(t, 'Board'), 'WORKER');
    await record({ memberId: sitting, startsOn: londonDay(-10) });
    const ended = await addMember(t, w.providerA, await freshPerson(t, 'Past'), 'WORKER');
    await record({ memberId: ended, startsOn: '2020-01-01', endsOn: '2021-01-01' });
    const future = await addMember(t, w.providerA, await freshPerson(t, 'Future'), 'WORKER');
    await record({ memberId: future, startsOn: londonDay(10) });

    const asCoordinator = await boardOf('coordinator');
    const ids = asCoordinator.map((b: any) => b.member.id);
    expect(ids).toContain(sitting);
    expect(ids).not.toContain(ended);
    expect(ids).not.toContain(future);
    const classOrder = asCoordinator.map((b: any) => b.memberClass);
    expect(classOrder).toEqual(
      [...classOrder].sort(
        (a: string, b: string) => ['WORKER', 'SERVICE_USER', 'VOLUNTEER'].indexOf(a) - ['WORKER', 'SERVICE_USER', 'VOLUNTEER'].indexOf(b),
      ),
    );
    expect(asCoordinator.find((b: any) => b.member.id === sitting).member.sharePence).toBe(100);

    for (const role of ['person', 'representativeAll'] as RoleName[]) {
      const board = await boardOf(role);
      expect(
        board.map((b: any) => b.member.id),
        role,
      ).toEqual(ids);
      expect(board.find((b: any) => b.member.id === sitting).member.sharePence, role).toBeNull();
    }
    for (const role of ['otherCoordinator', 'representativeNone', 'careWorker', 'officer', 'partner', 'widget'] as RoleName[])
      expect(await boardOf(role), role).toBeNull();
    expect(await boardOf(null)).toBeNull();
  });

  test('a board of 10 more terms costs the statements of one of 2 more', async () => {
    const statementsFor = async () => {
      t.statements.reset();
      const res = await t.gql<any, unknown>(BOARD, { p: w.providerA }, w.headers('coordinator'));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return { count: t.statements.count, terms: res.data.provider.board.length as number };
    };
    const seat = async (n: number) => {
      for (let i = 0; i < n; i++)
        await record({ memberId: await addMember(t, w.providerA, await freshPerson(t), 'VOLUNTEER'), startsOn: londonDay(-1) });
    };
    const before = (await statementsFor()).terms;
    await seat(2);
    const two = await statementsFor();
    await seat(8);
    const ten = await statementsFor();
    expect([two.terms, ten.terms]).toEqual([before + 2, before + 10]);
    expect(ten.count).toBe(two.count);
  });
});

describe('terms an election starts', () => {
  test('winners sit from the day given, one already sitting from the day their term ends, for the constitution’s term', async () => {
    // The last test of the file: the motion it opens can never be deleted, so provider B keeps its constitution.
    await setConstitution(t, w.providerB, oneMemberOneVote({ WORKER: 3 }, 12));
    const fresh = await addMember(t, w.providerB, await freshPerson(t), 'WORKER');
    const sitting = await addMember(t, w.providerB, await freshPerson(t), 'WORKER');
    await record({ memberId: sitting, startsOn: '2025-01-01', endsOn: '2026-09-01' }, 'admin');
    const [{ id: motionId }] = await t.db.query(
      `INSERT INTO motion (provider_id, kind, title, body, secret, election_class, seats_to_fill, opened_at, closes_at, rules)
       VALUES ($1, 'BOARD_ELECTION', 'Workers’ seats', 'Two seats', true, 'WORKER', 2, '2026-01-01', '2026-02-01', '{}') RETURNING id`,
      [w.providerB],
    );
    const terms = await t.services.coOpBoard.startElectedTerms(
      w.providerB,
      motionId,
      MemberClass.WORKER,
      [fresh, sitting],
      '2026-03-01',
      12,
    );
    expect(terms.map((b) => [b.memberId, b.startsOn, b.endsOn, b.electedByMotionId])).toEqual([
      [fresh, '2026-03-01', '2027-03-01', motionId],
      [sitting, '2026-09-01', '2027-09-01', motionId],
    ]);
  });
});

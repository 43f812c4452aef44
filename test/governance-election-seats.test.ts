import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { code } from './support/graphql.js';
import {
  BRIGHTON,
  governanceRows,
  insertMotion,
  OPEN_MOTION,
  RESULT,
  seatBoard,
  seatRegister,
  setConstitution,
  waitUntil,
} from './support/governance.js';
import { useWorld } from './support/world.js';

/**
 * An election fills only the seats of its class nobody holds past its closing day (its winners sit from the
 * close), and waits for the class's last election to be counted: otherwise the board would hold more of a
 * class than the constitution gives it. Brighton's rules: workers 2 seats, people who use the service 2, supporters 1.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const inMinutes = (n: number) => new Date(Date.now() + n * 60_000).toISOString();
let members: Record<string, string[]>;

const election = (memberClass: string, seatsToFill: number, candidates: string[]) => ({
  providerId: w.providerA,
  kind: 'BOARD_ELECTION',
  title: `Elect ${memberClass} directors`,
  body: 'To fill the class’s seats on the board.',
  closesAt: inMinutes(60),
  memberClass,
  seatsToFill,
  candidates: candidates.map((memberId) => ({ memberId })),
});
const open = (input: Record<string, unknown>) => t.gql<any, unknown>(OPEN_MOTION, { i: input }, w.headers('coordinator'));

beforeAll(async () => {
  await setConstitution(t, w.providerA, BRIGHTON);
  await setConstitution(t, w.providerB, BRIGHTON);
  members = await seatRegister(t, w.providerA, [
    { memberClass: 'WORKER', members: 4 },
    { memberClass: 'SERVICE_USER', members: 4 },
    { memberClass: 'SUPPORTER', members: 3 },
  ]);
});

describe('an election fills only vacant seats', () => {
  test('with every seat of the class held past the closing day, an election is refused on seatsToFill and nothing is written', async () => {
    const [a, b, c] = members.WORKER!;
    await seatBoard(t, w.providerA, [
      { memberId: a!, memberClass: 'WORKER' },
      { memberId: b!, memberClass: 'WORKER' },
    ]);
    const before = await governanceRows(t);
    const res = await open(election('WORKER', 1, [c!]));
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.argument).toBe('input.seatsToFill');
    expect(res.errors![0]!.message).toContain('All 2 of the WORKER class’s seats are held past the closing day');
    expect(await governanceRows(t)).toEqual(before);
  });

  test('with one of two seats held (and a term already ended), seatsToFill 2 is refused and 1 accepted', async () => {
    const [held, former, c1, c2] = members.SERVICE_USER!;
    await seatBoard(t, w.providerA, [
      { memberId: held!, memberClass: 'SERVICE_USER' },
      { memberId: former!, memberClass: 'SERVICE_USER', when: 'ended' },
    ]);
    const before = await governanceRows(t);
    const two = await open(election('SERVICE_USER', 2, [c1!, c2!]));
    expect(code(two)).toBe('BAD_USER_INPUT');
    expect(two.errors![0]!.extensions!.argument).toBe('input.seatsToFill');
    expect(two.errors![0]!.message).toBe('Fill 1 to 1 seats: the class has 2 in the constitution, 1 held past the closing day.');
    expect(await governanceRows(t)).toEqual(before);

    const one = await open(election('SERVICE_USER', 1, [c1!, c2!]));
    expect(one.errors, JSON.stringify(one.errors)).toBeUndefined();
    expect(one.data.openMotion).toMatchObject({ __typename: 'Motion', kind: 'BOARD_ELECTION', status: 'OPEN' });
  });

  test('a second election for the class while one is due but not yet counted is a ConflictError, and nothing is written', async () => {
    const due = await insertMotion(t, {
      providerId: w.providerA,
      kind: 'BOARD_ELECTION',
      memberClass: 'SUPPORTER',
      seatsToFill: 1,
      secret: true,
      openedAt: new Date(Date.now() - 120_000),
      closesAt: new Date(Date.now() - 1_000),
    });
    const [{ closed_at }] = await t.db.query(`SELECT closed_at FROM motion WHERE id = $1`, [due]);
    expect(closed_at).toBeNull();
    const before = await governanceRows(t);
    const res = await open(election('SUPPORTER', 1, [members.SUPPORTER![0]!]));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.openMotion).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(res.data.openMotion.message).toContain('open or being counted');
    expect(await governanceRows(t)).toEqual(before);
  });

  test('a seat whose term starts after the close counts as held: the winners’ terms would overlap it', async () => {
    const { SERVICE_USER: users } = await seatRegister(t, w.providerB, [{ memberClass: 'SERVICE_USER', members: 3 }]);
    const [sitting, incoming, candidate] = users!;
    await seatBoard(t, w.providerB, [
      { memberId: sitting!, memberClass: 'SERVICE_USER' },
      { memberId: incoming!, memberClass: 'SERVICE_USER', when: 'future' },
    ]);
    const before = await governanceRows(t);
    const input = { ...election('SERVICE_USER', 1, [candidate!]), providerId: w.providerB };
    const res = await t.gql<any, unknown>(OPEN_MOTION, { i: input }, w.headers('otherCoordinator'));
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.argument).toBe('input.seatsToFill');
    expect(await governanceRows(t)).toEqual(before);
  });
});

describe('an election’s result', () => {
  test('names those elected as the register names them, to those who may read the motion and nobody else', async () => {
    const { WORKER: workers } = await seatRegister(t, w.providerB, [{ memberClass: 'WORKER', members: 3 }]);
    // The second was admitted by email: the register holds the name the officer typed.
    await t.db.query(`UPDATE co_op_member SET name_as_entered = 'Typed At Admission' WHERE id = $1`, [workers![1]]);
    const closesAt = new Date(Date.now() + 1_500);
    const motionId = await insertMotion(t, {
      providerId: w.providerB,
      // After the members were entered (by the database's clock, to the millisecond, rounded).
      openedAt: new Date(Date.now() + 50),
      closesAt,
      kind: 'BOARD_ELECTION',
      memberClass: 'WORKER',
      seatsToFill: 2,
    });
    const candidates: string[] = [];
    for (const member of workers!)
      candidates.push(
        (await t.db.query(`INSERT INTO election_candidate (motion_id, member_id) VALUES ($1, $2) RETURNING id`, [motionId, member]))[0].id,
      );
    for (const approved of [[0, 1], [0, 1], [2]]) {
      const [{ id }] = await t.db.query(
        `INSERT INTO ballot (motion_id, member_class, receipt_hash)
         VALUES ($1, 'WORKER', sha256(gen_random_uuid()::text::bytea)) RETURNING id`,
        [motionId],
      );
      for (const c of approved)
        await t.db.query(`INSERT INTO ballot_approval (ballot_id, candidate_id) VALUES ($1, $2)`, [id, candidates[c]]);
    }
    await waitUntil(t, closesAt);
    const read = await t.gql<any, unknown>(RESULT, { id: motionId }, w.headers('otherCoordinator'));
    expect(read.errors, JSON.stringify(read.errors)).toBeUndefined();
    const [{ name: account }] = await t.db.query(`SELECT p.name FROM co_op_member m JOIN person p ON p.id = m.person_id WHERE m.id = $1`, [
      workers![0],
    ]);
    expect(read.data.motion.result.summary).toBe(`2 of 2 seats filled. Elected: ${account} and Typed At Admission.`);
    const [{ stored }] = await t.db.query(`SELECT result->>'summary' AS stored FROM motion WHERE id = $1`, [motionId]);
    expect(stored).toBe('2 of 2 seats filled.');
    for (const headers of [w.headers('coordinator'), w.headers('person'), {}]) {
      const refused = await t.gql<any, unknown>(RESULT, { id: motionId }, headers);
      expect(['FORBIDDEN', 'UNAUTHENTICATED']).toContain(code(refused));
      expect(JSON.stringify(refused)).not.toContain('Typed At Admission');
    }
  });
});

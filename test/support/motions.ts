import { setTimeout as sleep } from 'node:timers/promises';
import { ANONYMOUS } from '../../api/auth/actor.js';
import { rulesSnapshot } from '../../api/governance/motion-rules.js';
import type { TestApp } from '../harness.js';

/**
 * Governance set-up for the motion and vote tests: a constitution and a register written straight into
 * their tables (the constitution's and the register's own services are other parts' work), and motions
 * opened with chosen times, so a test of closing need not wait minutes.
 */

export type Class = 'WORKER' | 'SERVICE_USER' | 'VOLUNTEER' | 'FAMILY_CARER' | 'SUPPORTER' | 'INVESTOR';

export interface ConstitutionSpec {
  basis: 'WEIGHTED_BY_CLASS' | 'ONE_MEMBER_ONE_VOTE';
  quorumPercent: number;
  ordinaryPercent?: number;
  specialPercent?: number;
  boardTermMonths?: number;
  classes: { memberClass: Class; weight?: number | null; seats?: number }[];
}

/** Brighton's model: workers 40%, people who use the service 40%, supporters 20%, half the members for a quorum. */
export const BRIGHTON: ConstitutionSpec = {
  basis: 'WEIGHTED_BY_CLASS',
  quorumPercent: 50,
  classes: [
    { memberClass: 'WORKER', weight: 40, seats: 2 },
    { memberClass: 'SERVICE_USER', weight: 40, seats: 2 },
    { memberClass: 'SUPPORTER', weight: 20, seats: 1 },
  ],
};

/** Sets out (or replaces) the co-op's constitution and its class rules. */
export async function setConstitution(t: Pick<TestApp, 'db'>, providerId: string, spec: ConstitutionSpec): Promise<void> {
  await t.db.query(
    `INSERT INTO co_op_constitution (provider_id, template, voting_basis, quorum_percent, ordinary_majority_percent,
       special_majority_percent, board_term_months)
     VALUES ($1, 'CUSTOM', $2, $3, $4, $5, $6)
     ON CONFLICT (provider_id) DO UPDATE SET voting_basis = EXCLUDED.voting_basis, quorum_percent = EXCLUDED.quorum_percent,
       ordinary_majority_percent = EXCLUDED.ordinary_majority_percent, special_majority_percent = EXCLUDED.special_majority_percent,
       board_term_months = EXCLUDED.board_term_months`,
    [providerId, spec.basis, spec.quorumPercent, spec.ordinaryPercent ?? 50, spec.specialPercent ?? 75, spec.boardTermMonths ?? 36],
  );
  await t.db.query(`DELETE FROM co_op_class_rule WHERE provider_id = $1`, [providerId]);
  for (const c of spec.classes)
    await t.db.query(`INSERT INTO co_op_class_rule (provider_id, member_class, vote_weight_percent, board_seats) VALUES ($1, $2, $3, $4)`, [
      providerId,
      c.memberClass,
      spec.basis === 'WEIGHTED_BY_CLASS' ? (c.weight ?? 0) : null,
      c.seats ?? 0,
    ]);
}

/** A member on the register, entered `enteredAt` (an hour ago unless said). */
export async function addMember(
  t: Pick<TestApp, 'db'>,
  providerId: string,
  personId: string,
  memberClass: Class,
  enteredAt: Date = new Date(Date.now() - 3_600_000),
): Promise<string> {
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO co_op_member (provider_id, person_id, member_class, joined_on, entered_at)
     VALUES ($1, $2, $3, '2020-01-01', $4) RETURNING id`,
    [providerId, personId, memberClass, enteredAt],
  );
  return row!.id;
}

/** The person's membership in force of the co-op, made when there is none (whatever cases did before). */
export async function memberOf(t: Pick<TestApp, 'db'>, providerId: string, personId: string, memberClass: Class): Promise<string> {
  await t.db.query(
    `INSERT INTO co_op_member (provider_id, person_id, member_class, joined_on, entered_at)
     VALUES ($1, $2, $3, '2020-01-01', now() - interval '1 hour')
     ON CONFLICT (provider_id, person_id) WHERE left_at IS NULL DO NOTHING`,
    [providerId, personId, memberClass],
  );
  const [row]: { id: string }[] = await t.db.query(
    `SELECT id FROM co_op_member WHERE provider_id = $1 AND person_id = $2 AND left_at IS NULL`,
    [providerId, personId],
  );
  return row!.id;
}

/** People with no password, each signed in: their ids and the headers that make requests as them. */
export async function signedInPeople(
  t: Pick<TestApp, 'services'>,
  prefix: string,
  n: number,
): Promise<{ personId: string; headers: Record<string, string> }[]> {
  const people = [];
  for (let i = 0; i < n; i++) {
    const person = await t.services.people.ensurePerson({ email: `${prefix}-${i}@voters.example`, name: `${prefix} voter ${i}` });
    const session = await t.services.sessions.open({ actor: ANONYMOUS, requestId: 'test-set-up' }, person.id);
    people.push({ personId: person.id, headers: { authorization: `Bearer ${session.token}` } });
  }
  return people;
}

/**
 * A motion written straight into the table, with the rules openMotion would fix from the register at
 * `openedAt` (members entered before it). Opened in the past and closing soon, a test waits seconds, not minutes.
 */
export async function insertMotion(
  t: Pick<TestApp, 'db'>,
  m: {
    providerId: string;
    kind?: 'ORDINARY_RESOLUTION' | 'SPECIAL_RESOLUTION' | 'BOARD_ELECTION';
    secret?: boolean;
    openedAt?: Date;
    closesAt: Date;
    memberClass?: Class;
    seatsToFill?: number;
  },
): Promise<string> {
  const kind = m.kind ?? 'ORDINARY_RESOLUTION';
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO motion (provider_id, kind, title, body, secret, election_class, seats_to_fill, opened_at, closes_at, rules)
     SELECT c.provider_id, $2, 'A motion', 'That the co-op does a thing.', $3, $4::member_class, $5, $6, $7,
       ${rulesSnapshot({ kind: '$2', electionClass: '$4', at: '$6' })}
     FROM co_op_constitution c WHERE c.provider_id = $1 RETURNING id`,
    [
      m.providerId,
      kind,
      m.secret ?? false,
      m.memberClass ?? null,
      m.seatsToFill ?? null,
      m.openedAt ?? new Date(Date.now() - 60_000),
      m.closesAt,
    ],
  );
  return row!.id;
}

/** Ballots straight into the table (no voters): for counting tests, where only how the votes went matters. */
export async function insertBallots(
  t: Pick<TestApp, 'db'>,
  motionId: string,
  memberClass: Class,
  votes: { for?: number; against?: number; abstain?: number },
): Promise<void> {
  for (const [choice, n] of [
    ['FOR', votes.for ?? 0],
    ['AGAINST', votes.against ?? 0],
    ['ABSTAIN', votes.abstain ?? 0],
  ] as const)
    if (n > 0)
      await t.db.query(
        `INSERT INTO ballot (motion_id, member_class, choice, receipt_hash)
         SELECT $1, $2, $3, sha256(gen_random_uuid()::text::bytea) FROM generate_series(1, $4)`,
        [motionId, memberClass, choice, n],
      );
}

/** Waits until the time has passed (by the database's clock, which the triggers use). */
export async function waitUntil(t: Pick<TestApp, 'db'>, at: Date): Promise<void> {
  for (;;) {
    const [{ left }] = await t.db.query(`SELECT extract(epoch FROM $1::timestamptz - clock_timestamp()) * 1000 AS left`, [at]);
    if (Number(left) < 0) return;
    await sleep(Math.max(20, Number(left) + 20));
  }
}

/** Rows in the vote tables: a refused vote or motion must leave these as they were. */
export async function voteRows(t: Pick<TestApp, 'db'>): Promise<Record<string, number>> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM motion) AS motions, (SELECT count(*)::int FROM election_candidate) AS candidates,
            (SELECT count(*)::int FROM motion_voter) AS voters, (SELECT count(*)::int FROM ballot) AS ballots,
            (SELECT count(*)::int FROM ballot_approval) AS approvals`,
  );
  return row;
}

export const OPEN_MOTION = `mutation($i: OpenMotionInput!) { openMotion(input: $i) {
  __typename ... on Motion { id kind secret status electorate } ... on ErrorResult { code message } } }`;
export const CAST_VOTE = `mutation($i: CastVoteInput!) { castVote(input: $i) {
  __typename ... on CastVote { motionId memberId receiptCode } ... on ErrorResult { code message } } }`;
export const RESULT = `query($id: ID!) { motion(id: $id) { id status ballotsCast electorate result {
  quorumMet passed ballotsCast electorate forSharePercent summary tiedForLastSeat
  classes { memberClass for against abstain electorate weightPercent } candidates { candidateId memberId approvals elected } } } }`;
export const RECEIPT = `query($c: String!) { ballotReceipt(code: $c) {
  counted motionId motionTitle memberClass motionClosed secret choice approved } }`;

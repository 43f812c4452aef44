import { setTimeout as sleep } from 'node:timers/promises';
import { ANONYMOUS } from '../../api/auth/actor.js';
import { londonDate } from '../../api/common/london.js';
import { rulesSnapshot } from '../../api/governance/motion-rules.js';
import type { TestApp } from '../harness.js';
import { addPerson } from './accounts.js';
import { PASSWORD } from './world.js';

/**
 * Governance set-up for every governance test: one way to set out a constitution, put members on the
 * register and seat a board, open motions and count rows. What a test is about goes through GraphQL. The
 * set-up writes SQL where the API would do more than the test wants or refuses it outright:
 * - setConstitution and addMember leave the directory's listing as it was (the API switches a co-op's member
 *   facts to the register, which would change the directory cases of the permission matrix);
 * - addMember enters members an hour ago, and insertMotion opens motions in the past, so a motion can open
 *   after its members and close within seconds (the API takes a closing time at least 5 minutes away).
 */

type Db = Pick<TestApp, 'db'>;

export type Class = 'WORKER' | 'SERVICE_USER' | 'VOLUNTEER' | 'FAMILY_CARER' | 'SUPPORTER' | 'INVESTOR' | 'LEGAL_ENTITY';

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

/** One member one vote, a third for quorum, and these classes with their board seats: for tests of the register and board. */
export function oneMemberOneVote(seats: Partial<Record<Class, number>>, boardTermMonths = 36): ConstitutionSpec {
  return {
    basis: 'ONE_MEMBER_ONE_VOTE',
    quorumPercent: 33,
    boardTermMonths,
    classes: Object.entries(seats).map(([memberClass, n]) => ({ memberClass: memberClass as Class, seats: n })),
  };
}

/** Sets out (or replaces) the co-op's constitution and its class rules. */
export async function setConstitution(t: Db, providerId: string, spec: ConstitutionSpec): Promise<void> {
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

/** Takes the co-op's governance back to nothing: no constitution, register or board. */
export async function clearGovernance(t: Db, providerId: string): Promise<void> {
  await t.db.query(`DELETE FROM board_term WHERE provider_id = $1`, [providerId]);
  await t.db.query(`DELETE FROM co_op_member WHERE provider_id = $1`, [providerId]);
  await t.db.query(`DELETE FROM co_op_constitution WHERE provider_id = $1`, [providerId]);
}

let made = 0;

/** A fresh person with an account, for admitting: each test's members are its own. */
export async function freshPerson(t: Pick<TestApp, 'services'>, name = 'Member'): Promise<string> {
  made += 1;
  const tag = `${process.pid}-${made}-${Math.random().toString(36).slice(2, 8)}`;
  return addPerson(t.services, { email: `member-${tag}@test.example`, name: `${name} ${made}`, password: PASSWORD });
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
 * A member on the co-op's register, as from a register brought in from paper: joined on `joinedOn`
 * (2020-01-01 unless said), entered `enteredAt` (an hour ago unless said, so a motion opened now counts them).
 */
export async function addMember(
  t: Db,
  providerId: string,
  personId: string,
  memberClass: Class = 'WORKER',
  when: { joinedOn?: string; enteredAt?: Date } = {},
): Promise<string> {
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO co_op_member (provider_id, person_id, member_class, joined_on, entered_at, organisation_name)
     VALUES ($1, $2, $3::member_class, $4, $5, CASE WHEN $3::text = 'LEGAL_ENTITY' THEN 'An organisation' END) RETURNING id`,
    [providerId, personId, memberClass, when.joinedOn ?? '2020-01-01', when.enteredAt ?? new Date(Date.now() - 3_600_000)],
  );
  return row!.id;
}

/** The person's membership in force of the co-op, added when there is none (whatever cases did before). */
export async function memberOf(t: Db, providerId: string, personId: string, memberClass: Class): Promise<string> {
  const [row]: { id: string }[] = await t.db.query(
    `SELECT id FROM co_op_member WHERE provider_id = $1 AND person_id = $2 AND left_at IS NULL`,
    [providerId, personId],
  );
  return row?.id ?? addMember(t, providerId, personId, memberClass);
}

export interface RegisterClass {
  memberClass: Class;
  members: number;
  /** Of them, public bodies (LEGAL_ENTITY only). */
  publicBodies?: number;
  /** Members of the class who have left: not in force. */
  left?: number;
}

/** Puts new people on the co-op's register by class, a statement a class; returns each class's member ids, those in force first. */
export async function seatRegister(t: Db, providerId: string, classes: readonly RegisterClass[]): Promise<Record<string, string[]>> {
  const ids: Record<string, string[]> = {};
  for (const c of classes) {
    const n = c.members + (c.left ?? 0);
    const rows: { id: string; left_at: Date | null }[] = await t.db.query(
      `WITH people AS (
         INSERT INTO person (email, name)
         SELECT 'member-' || gen_random_uuid() || '@governance.test', 'Member ' || i FROM generate_series(1, $2::int) i
         RETURNING id, name
       )
       INSERT INTO co_op_member (provider_id, person_id, member_class, organisation_name, is_public_body, joined_on, left_on, left_at)
       SELECT $1, p.id, $3::member_class,
              CASE WHEN $3 = 'LEGAL_ENTITY' THEN 'Organisation ' || p.name END,
              row_number() OVER (ORDER BY p.name) <= $4::int,
              current_date - 100,
              CASE WHEN row_number() OVER (ORDER BY p.name) > $5::int THEN current_date END,
              CASE WHEN row_number() OVER (ORDER BY p.name) > $5::int THEN now() END
       FROM people p
       RETURNING id, left_at`,
      [providerId, n, c.memberClass, c.publicBodies ?? 0, c.members],
    );
    ids[c.memberClass] = [...rows.filter((r) => !r.left_at), ...rows.filter((r) => r.left_at)].map((r) => r.id);
  }
  return ids;
}

/** Seats members on the board in the class's seats, terms in force today (and one that ended or has not begun when asked). */
export async function seatBoard(
  t: Db,
  providerId: string,
  seats: readonly { memberId: string; memberClass: string; when?: 'now' | 'ended' | 'future' }[],
): Promise<void> {
  for (const s of seats) {
    const [starts, ends] = { now: ['-30', '+700'], ended: ['-800', '-10'], future: ['+10', '+700'] }[s.when ?? 'now'];
    await t.db.query(
      `INSERT INTO board_term (provider_id, member_id, member_class, starts_on, ends_on)
       VALUES ($1, $2, $3, current_date + ($4)::int, current_date + ($5)::int)`,
      [providerId, s.memberId, s.memberClass, starts, ends],
    );
  }
}

/** A representative holding VOTE for the person, granted as the person would; nothing more when they hold it already. */
export async function grantVote(t: Db, personId: string, representativeId: string): Promise<void> {
  await t.db.query(
    `INSERT INTO representative_grant (person_id, representative_id, "right", granted_by_id, accepted_at)
     SELECT $1, $2, 'VOTE', $1, now()
     WHERE NOT EXISTS (SELECT 1 FROM representative_grant
       WHERE person_id = $1 AND representative_id = $2 AND "right" = 'VOTE' AND revoked_at IS NULL)`,
    [personId, representativeId],
  );
}

/**
 * A motion written straight into the table, with the rules openMotion would fix from the register at
 * `openedAt` (members entered before it). Opened in the past and closing soon, a test waits seconds, not minutes.
 */
export async function insertMotion(
  t: Db,
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
  t: Db,
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
export async function waitUntil(t: Db, at: Date): Promise<void> {
  for (;;) {
    const [{ left }] = await t.db.query(`SELECT extract(epoch FROM $1::timestamptz - clock_timestamp()) * 1000 AS left`, [at]);
    if (Number(left) < 0) return;
    await sleep(Math.max(20, Number(left) + 20));
  }
}

/** An ISO date `days` from today in London. */
export function londonDay(days: number): string {
  const d = new Date(`${londonDate()}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * How many rows the register, the board and the votes hold, and the register's, board's and votes' audit
 * events: a refused write must leave these as they were.
 */
export async function governanceRows(t: Db): Promise<Record<string, number>> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM co_op_member) AS members, (SELECT count(*)::int FROM board_term) AS terms,
            (SELECT count(*)::int FROM motion) AS motions, (SELECT count(*)::int FROM election_candidate) AS candidates,
            (SELECT count(*)::int FROM motion_voter) AS voters, (SELECT count(*)::int FROM ballot) AS ballots,
            (SELECT count(*)::int FROM ballot_approval) AS approvals,
            (SELECT count(*)::int FROM audit_event WHERE action LIKE 'governance.%') AS audit`,
  );
  return row;
}

/** The co-op's constitution rows and class rules, and the audit events of constitution.set: to show nothing was written. */
export async function constitutionRows(t: Db, providerId: string): Promise<{ constitutions: number; classes: number; audits: number }> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM co_op_constitution WHERE provider_id = $1) AS constitutions,
            (SELECT count(*)::int FROM co_op_class_rule WHERE provider_id = $1) AS classes,
            (SELECT count(*)::int FROM audit_event WHERE action = 'constitution.set' AND object_id = $1::text) AS audits`,
    [providerId],
  );
  return row;
}

export const MEMBER_FIELDS = `id providerId memberClass name organisationName isPublicBody sharePence joinedOn leftOn office`;
export const ADMIT = `mutation($i: AdmitMemberInput!) { admitMember(input: $i) {
  __typename ... on CoOpMember { ${MEMBER_FIELDS} } ... on ErrorResult { code message } } }`;
export const LEAVE = `mutation($i: RecordMemberLeavingInput!) { recordMemberLeaving(input: $i) {
  __typename ... on CoOpMember { ${MEMBER_FIELDS} } ... on ErrorResult { code message } } }`;
export const APPOINT = `mutation($i: AppointSecretaryInput!) { appointSecretary(input: $i) {
  __typename ... on CoOpMember { id office } ... on ErrorResult { code message } } }`;
export const RECORD_TERM = `mutation($i: RecordBoardTermInput!) { recordBoardTerm(input: $i) {
  __typename ... on BoardTerm { id memberClass startsOn endsOn endedOn electedByMotionId } ... on ErrorResult { code message } } }`;
export const END_TERM = `mutation($i: EndBoardTermInput!) { endBoardTerm(input: $i) {
  __typename ... on BoardTerm { id endsOn endedOn } ... on ErrorResult { code message } } }`;
export const OPEN_MOTION = `mutation($i: OpenMotionInput!) { openMotion(input: $i) {
  __typename ... on Motion { id kind secret status electorate } ... on ErrorResult { code message } } }`;
export const CAST_VOTE = `mutation($i: CastVoteInput!) { castVote(input: $i) {
  __typename ... on CastVote { motionId memberId receiptCode } ... on ErrorResult { code message } } }`;
export const RESULT = `query($id: ID!) { motion(id: $id) { id status ballotsCast electorate result {
  quorumMet passed ballotsCast electorate forSharePercent summary tiedForLastSeat
  classes { memberClass for against abstain electorate weightPercent } candidates { candidateId memberId approvals elected } } } }`;
export const RECEIPT = `query($c: String!) { ballotReceipt(code: $c) {
  counted motionId motionTitle memberClass motionClosed secret choice approved } }`;

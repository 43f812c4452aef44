import type { TestApp } from '../harness.js';
import { addPerson } from './accounts.js';
import { PASSWORD } from './world.js';

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

let made = 0;

/** A fresh person with an account, for admitting: each test's members are its own. */
export async function freshPerson(t: TestApp, name = 'Member'): Promise<string> {
  made += 1;
  const tag = `${process.pid}-${made}-${Math.random().toString(36).slice(2, 8)}`;
  return addPerson(t.services, { email: `member-${tag}@test.example`, name: `${name} ${made}`, password: PASSWORD });
}

/** A member on the co-op's register, entered straight into the table (as a register brought in from paper). */
export async function addCoOpMember(
  t: Pick<TestApp, 'db'>,
  providerId: string,
  personId: string,
  memberClass = 'WORKER',
  joinedOn = '2020-01-01',
): Promise<string> {
  const [row] = await t.db.query(
    `INSERT INTO co_op_member (provider_id, person_id, member_class, joined_on, organisation_name)
     VALUES ($1, $2, $3::member_class, $4, CASE WHEN $3::text = 'LEGAL_ENTITY' THEN 'An organisation' END) RETURNING id`,
    [providerId, personId, memberClass, joinedOn],
  );
  return row.id;
}

/**
 * A constitution of the co-op with these classes and board seats, written straight into part C's tables
 * until the constitution's own service is merged: one member one vote, a third for quorum.
 */
export async function setConstitution(
  t: Pick<TestApp, 'db'>,
  providerId: string,
  classes: Record<string, number>,
  boardTermMonths = 36,
): Promise<void> {
  await t.db.query(`DELETE FROM co_op_class_rule WHERE provider_id = $1`, [providerId]);
  await t.db.query(
    `INSERT INTO co_op_constitution (provider_id, template, voting_basis, quorum_percent, board_term_months)
     VALUES ($1, 'CUSTOM', 'ONE_MEMBER_ONE_VOTE', 33, $2)
     ON CONFLICT (provider_id) DO UPDATE SET board_term_months = EXCLUDED.board_term_months`,
    [providerId, boardTermMonths],
  );
  for (const [memberClass, seats] of Object.entries(classes))
    await t.db.query(`INSERT INTO co_op_class_rule (provider_id, member_class, board_seats) VALUES ($1, $2, $3)`, [
      providerId,
      memberClass,
      seats,
    ]);
}

/** A representative holding VOTE for the person, granted as the person would. */
export async function grantVote(t: Pick<TestApp, 'db'>, personId: string, representativeId: string): Promise<void> {
  await t.db.query(
    `INSERT INTO representative_grant (person_id, representative_id, "right", granted_by_id, accepted_at)
     SELECT $1, $2, 'VOTE', $1, now()
     WHERE NOT EXISTS (SELECT 1 FROM representative_grant
       WHERE person_id = $1 AND representative_id = $2 AND "right" = 'VOTE' AND revoked_at IS NULL)`,
    [personId, representativeId],
  );
}

/** How many rows the register and the board hold, to show a refused write left nothing. */
export async function governanceRows(t: Pick<TestApp, 'db'>): Promise<{ members: number; terms: number; audit: number }> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM co_op_member) AS members, (SELECT count(*)::int FROM board_term) AS terms,
            (SELECT count(*)::int FROM audit_event WHERE action LIKE 'governance.%') AS audit`,
  );
  return row;
}

/** An ISO date `days` from today in London. */
export function londonDay(days: number): string {
  const d = new Date(`${new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date())}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

import type { TestApp } from '../harness.js';

/**
 * Governance set-up for the constitution's tests: a register and a board written with SQL, as the register's
 * own mutations are another part's (test/support/governance-register.ts once merged). What a test is about,
 * setting the constitution and checking it, goes through GraphQL.
 */

type Db = Pick<TestApp, 'db'>;

export interface RegisterClass {
  memberClass: string;
  members: number;
  /** Of them, public bodies (LEGAL_ENTITY only). */
  publicBodies?: number;
  /** Members of the class who have left: not in force. */
  left?: number;
}

/** Takes the co-op's governance back to nothing: no constitution, register or board. */
export async function clearGovernance(t: Db, providerId: string): Promise<void> {
  await t.db.query(`DELETE FROM board_term WHERE provider_id = $1`, [providerId]);
  await t.db.query(`DELETE FROM co_op_member WHERE provider_id = $1`, [providerId]);
  await t.db.query(`DELETE FROM co_op_constitution WHERE provider_id = $1`, [providerId]);
}

/** Puts new people on the co-op's register by class; returns the member ids of each class, those in force first. */
export async function seatRegister(t: Db, providerId: string, classes: readonly RegisterClass[]): Promise<Record<string, string[]>> {
  const ids: Record<string, string[]> = {};
  for (const c of classes) {
    const n = c.members + (c.left ?? 0);
    const rows: { id: string }[] = await t.db.query(
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
    ids[c.memberClass] = [...rows.filter((r: any) => !r.left_at), ...rows.filter((r: any) => r.left_at)].map((r) => r.id);
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

/** How many constitution rows and class rules the co-op has, and the audit events of constitution.set: to show nothing was written. */
export async function constitutionRows(t: Db, providerId: string): Promise<{ constitutions: number; classes: number; audits: number }> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM co_op_constitution WHERE provider_id = $1) AS constitutions,
            (SELECT count(*)::int FROM co_op_class_rule WHERE provider_id = $1) AS classes,
            (SELECT count(*)::int FROM audit_event WHERE action = 'constitution.set' AND object_id = $1::text) AS audits`,
    [providerId],
  );
  return row;
}

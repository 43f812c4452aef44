import type { DataSource } from 'typeorm';
import { expect } from 'vitest';
import type { TestApp } from '../harness.js';

/**
 * Time-bank set-up for tests whose story starts after a time bank is open and its members approved, and
 * the end-of-file check every time-bank test file ends with. Set-up writes as the admin, as the seeded
 * templates do; what a test is about goes through GraphQL.
 */

type Role = 'VOLUNTEER' | 'FAMILY_CARER' | 'RECEIVER';

export interface TimeBankRules {
  normalHoursStart: string;
  normalHoursEnd: string;
  weekendsOutOfHours: boolean;
  bankHolidaysOutOfHours: boolean;
  outOfHoursPercent: number;
  overdraftMinutes: number;
  travelPencePerMile: number;
}

/** Opens the provider's time bank with the default rules, changed by `rules`. */
export async function openTimeBank(t: Pick<TestApp, 'db'>, providerId: string, rules: Partial<TimeBankRules> = {}): Promise<void> {
  const r = {
    normalHoursStart: '08:00',
    normalHoursEnd: '18:00',
    weekendsOutOfHours: true,
    bankHolidaysOutOfHours: true,
    outOfHoursPercent: 150,
    overdraftMinutes: 0,
    travelPencePerMile: 45,
    ...rules,
  };
  await t.db.query(
    `INSERT INTO time_bank (provider_id, normal_hours_start, normal_hours_end, weekends_out_of_hours, bank_holidays_out_of_hours,
       out_of_hours_percent, overdraft_minutes, travel_pence_per_mile) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      providerId,
      r.normalHoursStart,
      r.normalHoursEnd,
      r.weekendsOutOfHours,
      r.bankHolidaysOutOfHours,
      r.outOfHoursPercent,
      r.overdraftMinutes,
      r.travelPencePerMile,
    ],
  );
}

/** A member of the provider's time bank, approved unless `status` says otherwise; returns the member id. */
export async function addTimeBankMember(
  t: Pick<TestApp, 'db'>,
  providerId: string,
  personId: string,
  roles: Role[],
  status: 'PENDING' | 'APPROVED' = 'APPROVED',
): Promise<string> {
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO time_bank_member (provider_id, person_id, roles, status, asked_by_id, decided_at)
     VALUES ($1, $2, $3, $4, $2, CASE WHEN $4 = 'PENDING' THEN NULL ELSE now() END) RETURNING id`,
    [providerId, personId, roles, status],
  );
  return row.id;
}

/**
 * The person's approved membership of the provider's time bank with at least `roles`, whatever set-up or cases did
 * to it before (left, refused, waiting); made when there is none. Returns the member id, which never changes.
 */
export async function approvedMemberOf(t: Pick<TestApp, 'db'>, providerId: string, personId: string, roles: Role[]): Promise<string> {
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO time_bank_member (provider_id, person_id, roles, status, asked_by_id, decided_at)
     VALUES ($1, $2, $3, 'APPROVED', $2, now())
     ON CONFLICT (provider_id, person_id) DO UPDATE SET status = 'APPROVED', decided_at = now(), refusal_reason = NULL, left_at = NULL,
       roles = time_bank_member.roles || ARRAY(SELECT r FROM unnest(EXCLUDED.roles) AS r WHERE r <> ALL(time_bank_member.roles))
     RETURNING id`,
    [providerId, personId, roles],
  );
  return row!.id;
}

/** A background check on the member's record, as a coordinator records one. */
export async function addBackgroundCheck(
  t: Pick<TestApp, 'db'>,
  memberId: string,
  check: { kind?: string; checkedOn: string; expiresOn: string },
): Promise<void> {
  await t.db.query(`INSERT INTO time_bank_background_check (member_id, kind, checked_on, expires_on) VALUES ($1, $2, $3, $4)`, [
    memberId,
    check.kind ?? 'DBS_ENHANCED_WITH_ADULTS_BARRED_LIST',
    check.checkedOn,
    check.expiresOn,
  ]);
}

/**
 * The end-of-file check of every time-bank test file: each member's balance as the database derives it
 * equals the sum of their ledger lines computed here afresh; a member below their time bank's overdraft
 * got there only because the overdraft was lowered since, so no line has debited them since the rules last
 * changed (credits may: what is owed can always be paid back); each pool's balance is its lines' sum and
 * never negative; every confirmed exchange was credited and debited exactly once for what it records, and
 * no other exchange moved any time; every transfer's lines sum to nothing.
 */
export async function expectTimeLedgersBalanced(db: DataSource): Promise<void> {
  type MemberRow = { member_id: string; view: string; sum: string; floor: number; debits_since_rules: string };
  const members: MemberRow[] = await db.query(`
    SELECT b.member_id, b.balance_minutes AS view, t.overdraft_minutes AS floor,
      (SELECT coalesce(sum(e.minutes), 0) FROM time_bank_ledger_entry e WHERE e.member_id = b.member_id) AS sum,
      (SELECT count(*) FROM time_bank_ledger_entry e
        WHERE e.member_id = b.member_id AND e.minutes < 0 AND e.recorded_at >= t.updated_at) AS debits_since_rules
    FROM time_bank_balance b JOIN time_bank t ON t.provider_id = b.provider_id`);
  for (const m of members) {
    expect(Number(m.view), `member ${m.member_id}`).toBe(Number(m.sum));
    if (Number(m.view) < -m.floor) expect(Number(m.debits_since_rules), `member ${m.member_id} overdrawn by a debit`).toBe(0);
  }
  const pools: { provider_id: string; view: string; sum: string }[] = await db.query(`
    SELECT p.provider_id, p.balance_minutes AS view,
      (SELECT coalesce(sum(e.minutes), 0) FROM time_bank_ledger_entry e WHERE e.provider_id = p.provider_id AND e.member_id IS NULL) AS sum
    FROM time_bank_pool_balance p`);
  for (const p of pools) {
    expect(Number(p.view), `pool of ${p.provider_id}`).toBe(Number(p.sum));
    expect(Number(p.view), `pool of ${p.provider_id} overdrawn`).toBeGreaterThanOrEqual(0);
  }
  const exchanges: { id: string; status: string; credited: number; minutes: number; got: string; paid: string; lines: string }[] =
    await db.query(`
    SELECT x.id, x.status, x.credited_minutes AS credited, x.minutes,
      coalesce(sum(e.minutes) FILTER (WHERE e.member_id = x.helper_member_id), 0) AS got,
      coalesce(-sum(e.minutes) FILTER (WHERE e.member_id = x.receiver_member_id), 0) AS paid,
      count(e.id) AS lines
    FROM time_bank_exchange x LEFT JOIN time_bank_ledger_entry e ON e.exchange_id = x.id GROUP BY x.id`);
  for (const x of exchanges) {
    const moved = { credited: Number(x.got), debited: Number(x.paid) };
    if (x.status === 'CONFIRMED') expect(moved, `exchange ${x.id}`).toEqual({ credited: x.credited, debited: x.minutes });
    else expect(Number(x.lines), `unconfirmed exchange ${x.id} moved time`).toBe(0);
  }
  const transfers: { id: string; net: string; lines: string }[] = await db.query(`
    SELECT tr.id, coalesce(sum(e.minutes), 0) AS net, count(e.id) AS lines
    FROM time_bank_transfer tr LEFT JOIN time_bank_ledger_entry e ON e.transfer_id = tr.id GROUP BY tr.id`);
  for (const tr of transfers) expect({ net: Number(tr.net), lines: Number(tr.lines) }, `transfer ${tr.id}`).toEqual({ net: 0, lines: 2 });
}

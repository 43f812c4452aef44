import type { EntityManager } from 'typeorm';
import { timeBankInvalidInput } from './timebank.exception.js';
import type { TimeBankMonth, TimeBankPicture } from './co-op-picture.types.js';

export const PICTURE_MONTHS = { min: 1, max: 36, default: 12 } as const;
/** Whoever gave confirmed help this recently counts as an active volunteer. */
const ACTIVE_DAYS = 90;

/** The window as months, or BAD_USER_INPUT naming `months`. */
export function pictureMonths(months: number): number {
  if (!Number.isInteger(months) || months < PICTURE_MONTHS.min || months > PICTURE_MONTHS.max)
    throw timeBankInvalidInput(`The picture covers ${PICTURE_MONTHS.min} to ${PICTURE_MONTHS.max} months.`, 'months');
  return months;
}

interface PictureRow {
  provider_id: string;
  months: TimeBankMonth[];
  active: number;
  members: number;
  pool: string | null;
  paid: string;
  waiting: string;
  waiting_count: number;
  median: number | null;
}

/**
 * Every co-op's picture over the same window in one statement, whatever the number of co-ops or months:
 * the window starts on the first day (London) of the month `months − 1` before this one, and each month is
 * the London month the help was given in. Each part reads one time bank's rows through an index that
 * leads with its provider: exchanges by (provider, started_at), members by (provider, person), the pool's
 * lines by (provider, entry_number), claims by (provider, status, submitted_at).
 */
const PICTURES_SQL = `
  WITH win AS (
    SELECT start_local, start_local AT TIME ZONE 'Europe/London' AS start_at, this_month
    FROM (SELECT date_trunc('month', now() AT TIME ZONE 'Europe/London') AS this_month) t
    CROSS JOIN LATERAL (SELECT t.this_month - make_interval(months => $2::int - 1) AS start_local) s
  )
  SELECT b.provider_id,
    (SELECT json_agg(json_build_object('month', to_char(s.m, 'YYYY-MM'), 'minutesExchanged', coalesce(x.minutes, 0),
              'exchanges', coalesce(x.n, 0), 'outOfHoursMinutes', coalesce(x.ooh, 0)) ORDER BY s.m)
       FROM generate_series(win.start_local, win.this_month, interval '1 month') AS s(m)
       LEFT JOIN (SELECT date_trunc('month', started_at AT TIME ZONE 'Europe/London') AS m, sum(minutes)::int AS minutes,
                    count(*)::int AS n, sum(out_of_hours_minutes)::int AS ooh
                  FROM time_bank_exchange WHERE provider_id = b.provider_id AND status = 'CONFIRMED' AND started_at >= win.start_at
                  GROUP BY 1) x ON x.m = s.m) AS months,
    (SELECT count(DISTINCT helper_member_id)::int FROM time_bank_exchange
      WHERE provider_id = b.provider_id AND status = 'CONFIRMED' AND started_at >= now() - make_interval(days => ${ACTIVE_DAYS})) AS active,
    (SELECT count(*)::int FROM time_bank_member WHERE provider_id = b.provider_id AND status = 'APPROVED') AS members,
    (SELECT balance_minutes FROM time_bank_pool_balance p WHERE p.provider_id = b.provider_id) AS pool,
    e.paid, e.waiting, e.waiting_count, e.median
  FROM unnest($1::uuid[]) AS b(provider_id) CROSS JOIN win
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(amount_pence) FILTER (WHERE status = 'PAID' AND paid_at >= win.start_at), 0) AS paid,
      coalesce(sum(amount_pence) FILTER (WHERE status IN ('SUBMITTED', 'APPROVED')), 0) AS waiting,
      (count(*) FILTER (WHERE status IN ('SUBMITTED', 'APPROVED')))::int AS waiting_count,
      percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM decided_at - submitted_at) / 86400)
        FILTER (WHERE decided_at >= win.start_at) AS median
    FROM time_bank_expense_claim WHERE provider_id = b.provider_id) e`;

/** The pictures of these co-ops' time banks over the last `months` months (validated by pictureMonths). */
export async function readPictures(
  db: EntityManager,
  providerIds: readonly string[],
  months: number,
): Promise<Map<string, TimeBankPicture>> {
  const rows: PictureRow[] = await db.query(PICTURES_SQL, [providerIds, months]);
  return new Map(
    rows.map((r) => [
      r.provider_id,
      {
        months: r.months,
        activeVolunteers: r.active,
        members: r.members,
        outOfHoursMinutes: r.months.reduce((sum, m) => sum + m.outOfHoursMinutes, 0),
        poolBalanceMinutes: Number(r.pool ?? 0),
        expensesPaidPence: Number(r.paid),
        expensesWaitingPence: Number(r.waiting),
        expensesWaitingCount: r.waiting_count,
        medianDaysToApprove: r.median === null ? null : Math.round(r.median * 10) / 10,
      },
    ]),
  );
}

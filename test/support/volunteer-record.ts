import type { TestApp } from '../harness.js';

/**
 * Exchanges as the admin writes them, for the volunteer record's and the co-op picture's tests while the
 * exchange service is written elsewhere: a confirmed one with its ledger lines (the helper credited minutes
 * plus the bonus at the time bank's 150%, the receiver debited the minutes), so the ledger check holds.
 */
export interface ExchangeSetUp {
  providerId: string;
  helper: string;
  receiver: string;
  category: string;
  startedAt: Date;
  minutes: number;
  outOfHoursMinutes?: number;
  status?: 'RECORDED' | 'CONFIRMED' | 'REJECTED';
}

export async function addExchange(t: Pick<TestApp, 'db'>, x: ExchangeSetUp): Promise<string> {
  const ooh = x.outOfHoursMinutes ?? 0;
  const credited = x.minutes + Math.round(ooh / 2);
  const status = x.status ?? 'CONFIRMED';
  const [row]: { id: string }[] = await t.db.query(
    `INSERT INTO time_bank_exchange (provider_id, helper_member_id, receiver_member_id, category, started_at, minutes,
       out_of_hours_minutes, credited_minutes, status, decided_at, rejection_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, CASE WHEN $9 = 'RECORDED' THEN NULL ELSE now() END,
       CASE WHEN $9 = 'REJECTED' THEN 'Not given' END) RETURNING id`,
    [x.providerId, x.helper, x.receiver, x.category, x.startedAt, x.minutes, ooh, credited, status],
  );
  if (status === 'CONFIRMED') {
    await t.db.query(
      `INSERT INTO time_bank_ledger_entry (provider_id, member_id, kind, minutes, exchange_id)
       SELECT $1, m, k, n, $2 FROM (VALUES ($3::uuid, 'HELP_GIVEN', $5::int), ($3::uuid, 'OUT_OF_HOURS_BONUS', $6::int),
         ($4::uuid, 'HELP_RECEIVED', -$5::int)) v(m, k, n) WHERE n <> 0`,
      [x.providerId, row.id, x.helper, x.receiver, x.minutes, credited - x.minutes],
    );
  }
  return row.id;
}

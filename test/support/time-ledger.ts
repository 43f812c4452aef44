import { Temporal } from '@js-temporal/polyfill';
import { isBankHoliday } from '../../api/timebank/out-of-hours.js';
import type { BankHolidayRegion } from '../../api/timebank/time-bank.entity.js';
import type { TestApp } from '../harness.js';

/**
 * The ledger's GraphQL, and the times and balances its tests need. Help is recorded once given and at most
 * 90 days ago, so the tests' times are recent London days found from today.
 */

const LONDON = 'Europe/London';

export const EXCHANGE_FIELDS = `id status category minutes outOfHoursMinutes creditedMinutes helperName receiverName note
  startedAt recordedAt decidedAt rejectionReason`;
export const RECORD = `mutation($i: RecordExchangeInput!) { recordExchange(input: $i) {
  __typename ... on Exchange { ${EXCHANGE_FIELDS} } ... on ErrorResult { code message } } }`;
export const CONFIRM = `mutation($id: ID!) { confirmExchange(exchangeId: $id) {
  __typename ... on Exchange { ${EXCHANGE_FIELDS} } ... on InsufficientTimeCreditError { shortByMinutes }
  ... on ErrorResult { code message } } }`;
export const REJECT = `mutation($i: RejectExchangeInput!) { rejectExchange(input: $i) {
  __typename ... on Exchange { ${EXCHANGE_FIELDS} } ... on ErrorResult { code message } } }`;
const TRANSFER_FIELDS = `__typename ... on TimeTransfer { id kind minutes note madeAt fromName toName }
  ... on InsufficientTimeCreditError { shortByMinutes } ... on ErrorResult { code message }`;
export const GIVE = `mutation($i: GiveTimeCreditInput!) { giveTimeCredit(input: $i) { ${TRANSFER_FIELDS} } }`;
export const GIVE_TO_POOL = `mutation($i: GiveToCommunityPoolInput!) { giveToCommunityPool(input: $i) { ${TRANSFER_FIELDS} } }`;
export const DRAW = `mutation($i: DrawFromCommunityPoolInput!) { drawFromCommunityPool(input: $i) { ${TRANSFER_FIELDS} } }`;

/** The instant of a London wall-clock time on a London date. */
export function londonAt(date: Temporal.PlainDate, time: string): Date {
  return new Date(date.toZonedDateTime({ timeZone: LONDON, plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds);
}

const yesterday = () => Temporal.Now.plainDateISO(LONDON).subtract({ days: 1 });

/** The most recent day before today (within 80 days) that passes `fits`. */
export function recentDay(fits: (day: Temporal.PlainDate) => boolean): Temporal.PlainDate | null {
  for (let day = yesterday(), n = 0; n < 80; n++, day = day.subtract({ days: 1 })) if (fits(day)) return day;
  return null;
}

/** A recent working day in England and Wales: Monday to Friday, no bank holiday. */
export const recentWorkingDay = (): Temporal.PlainDate => recentDay((d) => d.dayOfWeek <= 5 && !isBankHoliday('ENGLAND_AND_WALES', d))!;

/** The working day before `day`: help on it does not overlap help a test gave on `day`. */
export const workingDayBefore = (day: Temporal.PlainDate): Temporal.PlainDate => {
  let d = day.subtract({ days: 1 });
  while (d.dayOfWeek > 5 || isBankHoliday('ENGLAND_AND_WALES', d)) d = d.subtract({ days: 1 });
  return d;
};

export const recentSaturday = (): Temporal.PlainDate => recentDay((d) => d.dayOfWeek === 6)!;

/**
 * A recent bank holiday on a weekday in one of the UK's regions, so the weekend rule does not explain it:
 * there is nearly always one within 80 days (St Andrew's Day, the Twelfth, the August ones, Easter…).
 */
export function recentBankHoliday(): { day: Temporal.PlainDate; region: BankHolidayRegion } | null {
  let found: { day: Temporal.PlainDate; region: BankHolidayRegion } | null = null;
  for (const region of ['ENGLAND_AND_WALES', 'SCOTLAND', 'NORTHERN_IRELAND'] as const) {
    const day = recentDay((d) => d.dayOfWeek <= 5 && isBankHoliday(region, d));
    if (day && (!found || Temporal.PlainDate.compare(day, found.day) > 0)) found = { day, region };
  }
  return found;
}

/** A member's balance as the database derives it. */
export async function balanceOf(t: Pick<TestApp, 'db'>, memberId: string): Promise<number> {
  const [row]: { balance_minutes: string }[] = await t.db.query(`SELECT balance_minutes FROM time_bank_balance WHERE member_id = $1`, [
    memberId,
  ]);
  return Number(row!.balance_minutes);
}

export async function poolOf(t: Pick<TestApp, 'db'>, providerId: string): Promise<number> {
  const [row]: { balance_minutes: string }[] = await t.db.query(
    `SELECT balance_minutes FROM time_bank_pool_balance WHERE provider_id = $1`,
    [providerId],
  );
  return Number(row!.balance_minutes);
}

/**
 * The time bank's rules changed in one statement, stamping `updated_at` as `updateTimeBankRules` does: set-up for
 * tests about crediting, not about who may change the rules (test/time-bank-membership.test.ts is).
 */
export async function setRules(
  t: Pick<TestApp, 'db'>,
  providerId: string,
  rules: Partial<{ normalHoursEnd: string; outOfHoursPercent: number; overdraftMinutes: number; bankHolidayRegion: BankHolidayRegion }>,
): Promise<void> {
  await t.db.query(
    `UPDATE time_bank SET normal_hours_end = coalesce($2, normal_hours_end), out_of_hours_percent = coalesce($3, out_of_hours_percent),
       overdraft_minutes = coalesce($4, overdraft_minutes), bank_holiday_region = coalesce($5, bank_holiday_region),
       updated_at = now() WHERE provider_id = $1`,
    [
      providerId,
      rules.normalHoursEnd ?? null,
      rules.outOfHoursPercent ?? null,
      rules.overdraftMinutes ?? null,
      rules.bankHolidayRegion ?? null,
    ],
  );
}

/** Rows of the tables a ledger write touches, to show a refused write left nothing behind. */
export async function ledgerRowCounts(t: Pick<TestApp, 'db'>): Promise<Record<string, number>> {
  const [row]: Record<string, string>[] = await t.db.query(`SELECT
    (SELECT count(*) FROM time_bank_exchange) AS exchanges, (SELECT count(*) FROM time_bank_transfer) AS transfers,
    (SELECT count(*) FROM time_bank_ledger_entry) AS lines`);
  return Object.fromEntries(Object.entries(row!).map(([k, v]) => [k, Number(v)]));
}

/** Where normal hours begin and end by default, in minutes after midnight. */
const NORMAL_HOURS = { from: 8 * 60, to: 18 * 60 };
let slotDay: Temporal.PlainDate | null = null;
let slotMinute = NORMAL_HOURS.from;

/**
 * A start for help of these minutes in normal hours that no earlier slot of the test file overlaps: a helper
 * is in one place at a time, so help a test records for its own sake must not clash with other help. Slots
 * are taken backwards from a week before the most recent working day, clear of the days tests name.
 */
export function nextHelpSlot(minutes: number): string {
  if (!slotDay) slotDay = recentWorkingDay().subtract({ days: 7 });
  if (slotMinute + minutes > NORMAL_HOURS.to) [slotDay, slotMinute] = [workingDayBefore(slotDay), NORMAL_HOURS.from];
  const at = slotDay.toZonedDateTime({ timeZone: LONDON, plainTime: Temporal.PlainTime.from({ hour: 0 }) }).add({ minutes: slotMinute });
  slotMinute += minutes;
  return new Date(at.epochMilliseconds).toISOString();
}

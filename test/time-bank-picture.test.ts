import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { firstError } from './support/graphql.js';
import { addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { addExchange } from './support/volunteer-record.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * The co-op's picture of its time bank, for anyone but its expenses (its coordinators' alone): numbers
 * worked by hand for a small time bank, months by London time, and a list of co-ops costing the statements of one.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const PICTURE = `months { month minutesExchanged exchanges outOfHoursMinutes } activeVolunteers members outOfHoursMinutes
  poolBalanceMinutes expensesPaidPence expensesWaitingPence expensesWaitingCount medianDaysToApprove`;
const PROVIDER = `query($p: ID!, $months: Int) {
  provider(id: $p) { timeBank { outOfHoursPercent picture(months: $months) { ${PICTURE} } } } }`;

const DAY_MS = 24 * 60 * 60_000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY_MS);
const LONDON_MONTH = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit' });
const monthOf = (at: Date) => LONDON_MONTH.format(at).slice(0, 7);
/** The London months from `count − 1` months before this one to this one, oldest first. */
function lastMonths(count: number): string[] {
  const [year, month] = monthOf(new Date()).split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const m = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1));
    return `${m.getUTCFullYear()}-${String(m.getUTCMonth() + 1).padStart(2, '0')}`;
  });
}

// Last year's 31 March is always in British Summer Time (the clocks go forward by the 31st): 23:30 there is
// 22:30 UTC, still March in London; an hour later it is 1 April in London and still 31 March in UTC.
const YEAR = Number(monthOf(new Date()).slice(0, 4)) - 1;
const MARCH_LATE = new Date(`${YEAR}-03-31T22:30:00Z`);
const APRIL_EARLY = new Date(`${YEAR}-03-31T23:30:00Z`);

type Picture = {
  months: { month: string; minutesExchanged: number; exchanges: number; outOfHoursMinutes: number }[];
  [k: string]: unknown;
};
async function picture(months?: number, as?: RoleName): Promise<Picture> {
  const res = await t.gql<{ provider: { timeBank: { picture: Picture } } }, Record<string, unknown>>(
    PROVIDER,
    { p: w.providerA, months },
    as ? w.headers(as) : {},
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.provider.timeBank.picture;
}

async function addClaim(member: string, pence: number, at: { submitted: number; decided?: number; paid?: number; rejected?: boolean }) {
  const status = at.paid !== undefined ? 'PAID' : at.rejected ? 'REJECTED' : at.decided !== undefined ? 'APPROVED' : 'SUBMITTED';
  await t.db.query(
    `INSERT INTO time_bank_expense_claim (provider_id, member_id, kind, incurred_on, miles, pence_per_mile, amount_pence, status,
       submitted_at, decided_at, paid_at, rejection_reason)
     VALUES ($1, $2, 'TRAVEL', ($3::timestamptz)::date, $4 / 45.0, 45, $4, $5, $3, $6, $7,
       CASE WHEN $5 = 'REJECTED' THEN 'No receipt' END)`,
    [
      w.providerA,
      member,
      daysAgo(at.submitted),
      pence,
      status,
      at.decided === undefined ? null : daysAgo(at.decided),
      at.paid === undefined ? null : daysAgo(at.paid),
    ],
  );
}

let recentMonth = '';
let olderMonth = '';

beforeAll(async () => {
  await openTimeBank(t, w.providerA, { overdraftMinutes: 6000 });
  const volunteer = await addTimeBankMember(t, w.providerA, w.ids.person, ['VOLUNTEER']);
  const other = await addTimeBankMember(t, w.providerA, w.ids.otherPerson, ['VOLUNTEER', 'RECEIVER']);
  const friend = await addTimeBankMember(t, w.providerA, w.ids.friend, ['RECEIVER']);
  await addTimeBankMember(t, w.providerA, w.ids.representativeNone, ['VOLUNTEER'], 'PENDING');
  const left = await addTimeBankMember(t, w.providerA, w.ids.assessed, ['VOLUNTEER']);
  await t.db.query(`UPDATE time_bank_member SET status = 'LEFT', left_at = now() WHERE id = $1`, [left]);

  const a = { providerId: w.providerA };
  await addExchange(t, { ...a, helper: volunteer, receiver: other, category: 'shopping', startedAt: MARCH_LATE, minutes: 60 });
  await addExchange(t, {
    ...a,
    helper: volunteer,
    receiver: other,
    category: 'shopping',
    startedAt: APRIL_EARLY,
    minutes: 90,
    outOfHoursMinutes: 30,
  });
  await addExchange(t, {
    ...a,
    helper: volunteer,
    receiver: other,
    category: 'gardening',
    // After the shopping: one volunteer is in one place at a time.
    startedAt: new Date(APRIL_EARLY.getTime() + 2 * 3_600_000),
    minutes: 120,
    status: 'RECORDED',
  });
  // Given 100 days ago: in the window, but its helper is no longer an active volunteer.
  await addExchange(t, { ...a, helper: volunteer, receiver: friend, category: 'lifts', startedAt: daysAgo(100), minutes: 30 });
  await addExchange(t, {
    ...a,
    helper: other,
    receiver: friend,
    category: 'lifts',
    startedAt: daysAgo(10),
    minutes: 45,
    outOfHoursMinutes: 45,
  });
  await addExchange(t, {
    ...a,
    helper: friend,
    receiver: volunteer,
    category: 'lifts',
    startedAt: daysAgo(5),
    minutes: 60,
    status: 'REJECTED',
  });
  recentMonth = monthOf(daysAgo(10));
  olderMonth = monthOf(daysAgo(100));

  // The volunteer gives 30 minutes to the pool.
  const [gift]: { id: string }[] = await t.db.query(
    `INSERT INTO time_bank_transfer (provider_id, kind, from_member_id, minutes) VALUES ($1, 'POOL_GIFT', $2, 30) RETURNING id`,
    [w.providerA, volunteer],
  );
  await t.db.query(
    `INSERT INTO time_bank_ledger_entry (provider_id, member_id, kind, minutes, transfer_id)
     VALUES ($1, $2, 'GIVEN_TO_POOL', -30, $3), ($1, NULL, 'POOL_RECEIVED', 30, $3)`,
    [w.providerA, volunteer, gift.id],
  );

  await addClaim(volunteer, 450, { submitted: 20, decided: 18, paid: 5 });
  await addClaim(volunteer, 900, { submitted: 10, decided: 6 });
  await addClaim(other, 225, { submitted: 1 });
  await addClaim(other, 45, { submitted: 30, decided: 20, rejected: true });
  // Paid over three years ago: out of every window.
  await addClaim(volunteer, 4500, { submitted: 1200, decided: 1199, paid: 1198 });
});

describe('a co-op’s picture', () => {
  test('counts confirmed help by the London month it was given in, every month of the window present', async () => {
    const p = await picture(36);
    const expected = new Map(lastMonths(36).map((month) => [month, { month, minutesExchanged: 0, exchanges: 0, outOfHoursMinutes: 0 }]));
    const add = (month: string, minutes: number, ooh: number) => {
      const m = expected.get(month)!;
      Object.assign(m, {
        minutesExchanged: m.minutesExchanged + minutes,
        exchanges: m.exchanges + 1,
        outOfHoursMinutes: m.outOfHoursMinutes + ooh,
      });
    };
    add(`${YEAR}-03`, 60, 0);
    add(`${YEAR}-04`, 90, 30);
    add(olderMonth, 30, 0);
    add(recentMonth, 45, 45);
    expect(p.months).toEqual([...expected.values()]);
    expect(p.months.find((m) => m.month === `${YEAR}-03`)).toEqual({
      month: `${YEAR}-03`,
      minutesExchanged: 60,
      exchanges: 1,
      outOfHoursMinutes: 0,
    });
    expect(p.months.find((m) => m.month === `${YEAR}-04`)).toEqual({
      month: `${YEAR}-04`,
      minutesExchanged: 90,
      exchanges: 1,
      outOfHoursMinutes: 30,
    });
  });

  test('adds up volunteers, members, out-of-hours help, the pool and expenses as worked by hand', async () => {
    expect(await picture(36, 'coordinator')).toMatchObject({
      activeVolunteers: 1,
      members: 3,
      outOfHoursMinutes: 75,
      poolBalanceMinutes: 30,
      expensesPaidPence: 450,
      expensesWaitingPence: 1125,
      expensesWaitingCount: 2,
      // Decided in the window after 2, 4 and 10 days.
      medianDaysToApprove: 4,
    });
  });

  test('shows expenses only to the co-op’s coordinators and admins: null for anyone else, the rest of the picture the same', async () => {
    const EXPENSES = { expensesPaidPence: 450, expensesWaitingPence: 1125, expensesWaitingCount: 2, medianDaysToApprove: 4 };
    const HIDDEN = { expensesPaidPence: null, expensesWaitingPence: null, expensesWaitingCount: null, medianDaysToApprove: null };
    const coordinators = await picture(36, 'coordinator');
    expect(coordinators).toMatchObject(EXPENSES);
    expect(await picture(36, 'admin')).toMatchObject(EXPENSES);
    for (const role of [undefined, 'person', 'otherCoordinator', 'careWorker', 'officer'] as const) {
      expect(await picture(36, role), role ?? 'nobody signed in').toEqual({ ...coordinators, ...HIDDEN });
    }
  });

  test('is the last 12 months by default, zeros included, and a window of one month is this month alone', async () => {
    const year = await picture();
    expect(year.months.map((m) => m.month)).toEqual(lastMonths(12));
    expect(year.outOfHoursMinutes).toBe(45);
    const month = await picture(1);
    expect(month.months.map((m) => m.month)).toEqual([monthOf(new Date())]);
  });

  test.each([0, 37])('a window of %i months is BAD_USER_INPUT naming months', async (months) => {
    const error = await firstError(t, PROVIDER, { p: w.providerA, months });
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'months' });
    expect(error.message).toBe('The picture covers 1 to 36 months.');
  });

  test('a co-op without a time bank has none', async () => {
    const [{ id }]: { id: string }[] = await t.db.query(
      `INSERT INTO provider (name, slug, summary, legal_form, is_cooperative, status)
       VALUES ('No time bank co-op', 'no-time-bank-co-op', 'A co-op.', 'WORKER_CO_OPERATIVE', true, 'PUBLISHED') RETURNING id`,
    );
    const res = await t.gql(`query($p: ID!) { provider(id: $p) { timeBank { providerId } } }`, { p: id });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ provider: { timeBank: null } });
  });
});

describe('a list of co-ops with their pictures', () => {
  const LIST = `query($first: Int) { providers(first: $first) { edges { node { id timeBank { picture { ${PICTURE} } } } } } }`;

  beforeAll(async () => {
    const rows: { id: string }[] = await t.db.query(
      `INSERT INTO provider (name, slug, summary, legal_form, is_cooperative, status)
       SELECT 'Time bank co-op ' || n, 'time-bank-co-op-' || n, 'A co-op with a time bank.', 'WORKER_CO_OPERATIVE', true, 'PUBLISHED'
       FROM generate_series(1, 55) n RETURNING id`,
    );
    for (const { id } of rows) await openTimeBank(t, id);
  });

  test('costs the same statements for 50 co-ops as for 5', async () => {
    const count = async (first: number, as?: RoleName) => {
      t.statements.reset();
      const res = await t.gql<{ providers: { edges: unknown[] } }, Record<string, unknown>>(LIST, { first }, as ? w.headers(as) : {});
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data!.providers.edges).toHaveLength(first);
      return t.statements.count;
    };
    const five = await count(5);
    expect(await count(50)).toBe(five);
    // A coordinator sees their co-op's expenses among the others': deciding who sees them costs no statement.
    expect(await count(50, 'coordinator')).toBe(await count(5, 'coordinator'));
  });
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

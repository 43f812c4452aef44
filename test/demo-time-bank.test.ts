import { expect, inject, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { type DemoAccount, demoProviderId, demoSignIn } from './support/demo.js';
import { seedDemo } from './support/seed.js';
import { expectTimeLedgersBalanced } from './support/timebank.js';

/**
 * Colne Valley's time bank as `npm start` leaves it, seen over GraphQL by the demo accounts, so that each
 * time-bank story can be tried by hand: a dozen members, David's hours banked and spent on respite, Jean's
 * out-of-hours credit and record, the pool helping Ellen, expenses in every state.
 */
const t = useTestApp({ seeded: true });
const COLNE = 'colne-valley-care-co-operative';

const tokens = new Map<DemoAccount, Promise<Record<string, string>>>();
function signIn(account: DemoAccount): Promise<Record<string, string>> {
  if (!tokens.has(account)) tokens.set(account, demoSignIn(t, account));
  return tokens.get(account)!;
}

async function gql<T>(doc: string, vars: Record<string, unknown> | undefined, headers?: Record<string, string>): Promise<T> {
  const res = await t.gql<T, unknown>(doc, vars, headers);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

type Edges<T> = { edges: { node: T }[] };
const nodes = <T>(c: Edges<T>) => c.edges.map((e) => e.node);

interface Member {
  id: string;
  name: string;
  status: string;
  roles: string[];
}
interface Claim {
  status: string;
  kind: string;
  miles: number | null;
  amountPence: number;
  waitingTooLong: boolean;
  volunteerName: string;
  receiptUrl: string | null;
  rejectionReason: string | null;
}
interface Exchange {
  status: string;
  category: string;
  minutes: number;
  creditedMinutes: number;
  helperName: string;
  receiverName: string;
  rejectionReason: string | null;
}
interface Month {
  month: string;
  exchanges: number;
  minutesExchanged: number;
  outOfHoursMinutes: number;
}
interface Picture {
  members: number;
  activeVolunteers: number;
  outOfHoursMinutes: number;
  poolBalanceMinutes: number;
  expensesPaidPence: number | null;
  expensesWaitingCount: number | null;
  months: Month[];
}
interface CoordinatorView {
  overdraftMinutes: number;
  outOfHoursPercent: number;
  normalHoursStart: string;
  normalHoursEnd: string;
  poolBalanceMinutes: number;
  expenseClaimsWaitingTooLong: number;
  members: Edges<Member>;
  expenseClaims: Edges<Claim>;
  exchanges: Edges<Exchange>;
  openRequests: Edges<{ category: string; memberName: string; matches: { helperName: string }[] }>;
  picture: Picture;
}

const PICTURE = `members activeVolunteers outOfHoursMinutes poolBalanceMinutes expensesPaidPence expensesWaitingCount
  months { month exchanges minutesExchanged outOfHoursMinutes }`;

async function joesView(): Promise<CoordinatorView> {
  const data = await gql<{ timeBank: CoordinatorView }>(
    `query($p: ID!) { timeBank(providerId: $p) {
      overdraftMinutes outOfHoursPercent normalHoursStart normalHoursEnd poolBalanceMinutes expenseClaimsWaitingTooLong
      members(first: 50) { edges { node { id name status roles } } }
      expenseClaims(first: 50) { edges { node { status kind miles amountPence waitingTooLong volunteerName receiptUrl rejectionReason } } }
      exchanges(first: 50) { edges { node { status category minutes creditedMinutes helperName receiverName rejectionReason } } }
      openRequests(first: 20) { edges { node { category memberName matches { helperName } } } }
      picture(months: 4) { ${PICTURE} }
    } }`,
    { p: demoProviderId(COLNE) },
    await signIn('coordinator'),
  );
  return data.timeBank;
}

interface Membership {
  id: string;
  name: string;
  providerId: string;
  balance: { balanceMinutes: number; earnedMinutes: number; spentMinutes: number };
  statement: Edges<{
    kind: string;
    minutes: number;
    runningBalanceMinutes: number;
    exchange: { category: string; helperName: string; receiverName: string } | null;
  }>;
}

async function ownMembership(account: DemoAccount, extra = ''): Promise<Membership & Record<string, unknown>> {
  const data = await gql<{ me: { name: string; timeBankMemberships: (Membership & Record<string, unknown>)[] } }>(
    `{ me { name timeBankMemberships { id name providerId balance { balanceMinutes earnedMinutes spentMinutes }
      statement(first: 50) { edges { node { kind minutes runningBalanceMinutes exchange { category helperName receiverName } } } }
      ${extra} } } }`,
    undefined,
    await signIn(account),
  );
  const own = data.me.timeBankMemberships.filter((m) => m.name === data.me.name && m.providerId === demoProviderId(COLNE));
  expect(own).toHaveLength(1);
  return own[0]!;
}

test('Joe sees a dozen members, eleven approved and Ruth waiting, under the default rules but a starting overdraft', async () => {
  const bank = await joesView();
  const members = nodes(bank.members);
  expect(members).toHaveLength(12);
  expect(members.filter((m) => m.status === 'PENDING').map((m) => m.name)).toEqual(['Ruth Garside']);
  expect(members.filter((m) => m.status === 'APPROVED')).toHaveLength(11);
  expect(members.find((m) => m.name === 'David Hirst')!.roles.sort()).toEqual(['FAMILY_CARER', 'VOLUNTEER']);
  expect(members.find((m) => m.name === 'Margaret Hirst')!.roles).toEqual(['RECEIVER']);
  expect(bank).toMatchObject({ normalHoursStart: '08:00:00', normalHoursEnd: '18:00:00', outOfHoursPercent: 150, overdraftMinutes: 180 });
});

test('the pool: Gareth’s three hours in, two drawn for Ellen, who spent them on Nasreen’s shopping', async () => {
  const bank = await joesView();
  expect(bank.poolBalanceMinutes).toBe(60);
  const shopping = nodes(bank.exchanges).find((x) => x.receiverName === 'Ellen Haigh')!;
  expect(shopping).toMatchObject({ status: 'CONFIRMED', helperName: 'Nasreen Akhtar', minutes: 90 });
});

test('exchanges: one waits for Stan to confirm, one Kath rejected with her reason', async () => {
  const exchanges = nodes((await joesView()).exchanges);
  expect(exchanges.filter((x) => x.status === 'RECORDED').map((x) => [x.helperName, x.receiverName])).toEqual([
    ['Gareth Lumb', 'Stan Sykes'],
  ]);
  const [rejected, ...others] = exchanges.filter((x) => x.status === 'REJECTED');
  expect(others).toEqual([]);
  expect(rejected).toMatchObject({ receiverName: 'Kath Dyson', rejectionReason: expect.stringContaining('called off') });
  expect(exchanges.filter((x) => x.status === 'CONFIRMED')).toHaveLength(8);
});

test('Joe’s claims are in every state, one flagged for waiting over 14 days, receipts on the meal and the rejected one', async () => {
  const bank = await joesView();
  const claims = nodes(bank.expenseClaims);
  expect(new Set(claims.map((c) => c.status))).toEqual(new Set(['SUBMITTED', 'APPROVED', 'PAID', 'REJECTED']));
  expect(new Set(claims.map((c) => c.volunteerName))).toEqual(new Set(['Jean Brook', 'Gareth Lumb']));
  const flagged = claims.filter((c) => c.waitingTooLong);
  expect(flagged).toHaveLength(1);
  expect(flagged[0]).toMatchObject({ status: 'SUBMITTED', kind: 'TRAVEL', volunteerName: 'Gareth Lumb' });
  expect(bank.expenseClaimsWaitingTooLong).toBe(1);
  // 12.4 miles at 45p: £5.58.
  expect(claims.find((c) => c.miles === 12.4)).toMatchObject({ status: 'SUBMITTED', amountPence: 558, waitingTooLong: false });
  expect(claims.find((c) => c.status === 'PAID')).toMatchObject({ kind: 'MEALS', receiptUrl: expect.any(String) });
  expect(claims.find((c) => c.status === 'REJECTED')).toMatchObject({
    kind: 'OTHER',
    receiptUrl: expect.any(String),
    rejectionReason: expect.any(String),
  });
});

test('the receipts are a real PNG and a real PDF that the volunteers can read back', async () => {
  const rows: { media_type: string; byte_size: number }[] = await t.db.query(
    `SELECT media_type, byte_size FROM time_bank_receipt ORDER BY media_type`,
  );
  expect(rows.map((r) => r.media_type)).toEqual(['application/pdf', 'image/png']);
  const claims = nodes(
    (
      await gql<{ me: { timeBankMemberships: { expenseClaims: Edges<{ kind: string; receiptUrl: string | null }> }[] } }>(
        `{ me { timeBankMemberships { expenseClaims(first: 10) { edges { node { kind receiptUrl } } } } } }`,
        undefined,
        await signIn('volunteer'),
      )
    ).me.timeBankMemberships[0]!.expenseClaims,
  );
  const { pathname } = new URL(claims.find((c) => c.kind === 'MEALS')!.receiptUrl!);
  const res = await fetch(`${t.url}${pathname}`, { headers: await signIn('volunteer') });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('image/png');
});

test('David banked hours giving lifts and shopping, then spent two and a half on Jean sitting with his mother', async () => {
  const david = await ownMembership('david');
  const lines = nodes(david.statement);
  const received = lines.filter((l) => l.kind === 'HELP_RECEIVED');
  expect(received).toEqual([
    expect.objectContaining({
      minutes: -150,
      exchange: { category: 'respite-sitting', helperName: 'Jean Brook', receiverName: 'David Hirst' },
    }),
  ]);
  const given = lines.filter((l) => l.kind === 'HELP_GIVEN');
  expect(given.map((l) => l.exchange!.receiverName).sort()).toEqual(['Kath Dyson', 'Stan Sykes']);
  // He had banked what respite cost him before he spent it.
  const spentAt = lines.indexOf(received[0]!);
  expect(lines.slice(spentAt + 1).every((l) => l.kind !== 'HELP_RECEIVED')).toBe(true);
  expect(received[0]!.runningBalanceMinutes).toBeGreaterThanOrEqual(0);
  expect(david.balance.spentMinutes).toBe(150);
  expect(david.balance.earnedMinutes).toBeGreaterThanOrEqual(180);
  expect(david.balance.balanceMinutes).toBe(david.balance.earnedMinutes - 150);
});

test('Jean’s Saturday evening sitting was out of hours: 150 minutes credited as 225, and her record shows it', async () => {
  const jean = await ownMembership(
    'volunteer',
    `volunteerRecord { totalMinutesGiven outOfHoursMinutesGiven hoursByCategory { category minutes }
      training { title } references { refereeName } }`,
  );
  expect(jean.balance.balanceMinutes).toBe(225);
  expect(
    nodes(jean.statement)
      .map((l) => [l.kind, l.minutes])
      .sort(),
  ).toEqual([
    ['HELP_GIVEN', 150],
    ['OUT_OF_HOURS_BONUS', 75],
  ]);
  expect(jean.volunteerRecord).toEqual({
    totalMinutesGiven: 150,
    outOfHoursMinutesGiven: 150,
    hoursByCategory: [{ category: 'respite-sitting', minutes: 150 }],
    training: expect.arrayContaining([{ title: 'Safeguarding adults' }, { title: 'First aid' }]),
    references: [{ refereeName: 'Joe Armitage' }],
  });
});

test('the co-op’s picture shows hours exchanged over several months and those given out of hours', async () => {
  const { picture } = await joesView();
  const busy = picture.months.filter((m) => m.exchanges > 0);
  expect(busy.length).toBeGreaterThanOrEqual(2);
  expect(picture.months.reduce((sum, m) => sum + m.minutesExchanged, 0)).toBe(660);
  // The Saturdays' and the evening call's minutes, and any weekday that fell on a bank holiday.
  expect(picture.outOfHoursMinutes).toBeGreaterThanOrEqual(390);
  // Two claims submitted and one approved wait to be paid.
  expect(picture).toMatchObject({ members: 11, poolBalanceMinutes: 60, expensesPaidPence: 650, expensesWaitingCount: 3 });
});

test('anyone sees the co-op’s picture on its public page, less the expense figures only its coordinators see', async () => {
  const data = await gql<{ provider: { timeBank: { picture: Picture } } }>(
    `query($s: String) { provider(slug: $s) { timeBank { picture(months: 4) { ${PICTURE} } } } }`,
    { s: COLNE },
  );
  const joes = (await joesView()).picture;
  expect(joes.expensesPaidPence).toBeGreaterThan(0);
  expect(data.provider.timeBank.picture).toEqual({ ...joes, expensesPaidPence: null, expensesWaitingCount: null });
});

test('Stan’s open request for a lift matches Gareth, and Tom, whose check expired, is matched to nothing', async () => {
  const bank = await joesView();
  const requests = nodes(bank.openRequests);
  expect(requests.find((r) => r.memberName === 'Stan Sykes')).toMatchObject({
    category: 'lifts',
    matches: [{ helperName: 'Gareth Lumb' }],
  });
  expect(requests.flatMap((r) => r.matches.map((m) => m.helperName))).not.toContain('Tom Crowther');
  const tom = nodes(bank.members).find((m) => m.name === 'Tom Crowther')!;
  const checked = await gql<{ timeBankMember: { hasBackgroundCheckInDate: boolean } }>(
    `query($id: ID!) { timeBankMember(id: $id) { hasBackgroundCheckInDate } }`,
    { id: tom.id },
    await signIn('coordinator'),
  );
  expect(checked.timeBankMember.hasBackgroundCheckInDate).toBe(false);
});

test('David asked a befriending call for his mother next week, and accepted Bev’s offer', async () => {
  const members = nodes((await joesView()).members);
  const margaret = members.find((m) => m.name === 'Margaret Hirst')!;
  const bev = members.find((m) => m.name === 'Bev Sutcliffe')!;
  const data = await gql<{ timeBankMember: { requests: { category: string; status: string; helperMemberId: string | null }[] } }>(
    `query($id: ID!) { timeBankMember(id: $id) { requests { category status helperMemberId } } }`,
    { id: margaret.id },
    await signIn('david'),
  );
  expect(data.timeBankMember.requests).toEqual([{ category: 'befriending-calls', status: 'ACCEPTED', helperMemberId: bev.id }]);
});

test('Margaret’s plan has the Colne Valley time bank’s Saturday sitter', async () => {
  const data = await gql<{
    me: {
      id: string;
      carePlans: { person: { id: string }; supports: { giver: string; what: string; timeBank: { providerId: string } | null }[] }[];
    };
  }>(`{ me { id carePlans { person { id } supports { giver what timeBank { providerId } } } } }`, undefined, await signIn('margaret'));
  const plan = data.me.carePlans.find((p) => p.person.id === data.me.id)!;
  const sitter = plan.supports.filter((s) => s.giver === 'TIME_BANK');
  expect(sitter).toEqual([
    { giver: 'TIME_BANK', what: expect.stringContaining('Saturday evenings'), timeBank: { providerId: demoProviderId(COLNE) } },
  ]);
});

test('the story’s dates agree: no one joined after their first help, checks follow joining, claims follow their days', async () => {
  const lateJoiners: { id: string }[] = await t.db.query(
    `SELECT m.id FROM time_bank_member m
       JOIN time_bank_exchange x ON m.id IN (x.helper_member_id, x.receiver_member_id)
      GROUP BY m.id, m.asked_at, m.decided_at
     HAVING min(x.started_at) < coalesce(m.decided_at, m.asked_at) OR m.asked_at > m.decided_at`,
  );
  expect(lateJoiners).toEqual([]);
  const checksBeforeJoining: { id: string }[] = await t.db.query(
    `SELECT c.id FROM time_bank_background_check c JOIN time_bank_member m ON m.id = c.member_id WHERE c.recorded_at < m.decided_at`,
  );
  expect(checksBeforeJoining).toEqual([]);
  const claims: { incurred_on: string; submitted: boolean; decided: boolean; paid: boolean; waited_days: number | null }[] =
    await t.db.query(
      `SELECT incurred_on::text,
              (submitted_at AT TIME ZONE 'Europe/London')::date >= incurred_on AND submitted_at < now() AS submitted,
              decided_at IS NULL OR decided_at > submitted_at AS decided,
              paid_at IS NULL OR paid_at > decided_at AS paid,
              extract(day FROM decided_at - submitted_at)::int AS waited_days
         FROM time_bank_expense_claim`,
    );
  expect(claims.every((c) => c.submitted && c.decided && c.paid)).toBe(true);
  // The picture's time to approve is days, as a coordinator's would be, not the 0 of a seed made in a second.
  expect(claims.filter((c) => c.waited_days !== null).every((c) => c.waited_days! >= 3)).toBe(true);

  const [sitting]: { day: string }[] = await t.db.query(
    `SELECT (x.started_at AT TIME ZONE 'Europe/London')::date::text AS day FROM time_bank_exchange x WHERE x.category = 'respite-sitting'`,
  );
  const meal: { incurred_on: string }[] = await t.db.query(`SELECT incurred_on::text FROM time_bank_expense_claim WHERE kind = 'MEALS'`);
  expect(meal).toEqual([{ incurred_on: sitting!.day }]);
});

test('seeding again adds nothing to the time bank', async () => {
  const counts = async () =>
    (
      await t.db.query(`SELECT (SELECT count(*) FROM time_bank)::int AS banks, (SELECT count(*) FROM time_bank_member)::int AS members,
        (SELECT count(*) FROM time_bank_exchange)::int AS exchanges, (SELECT count(*) FROM time_bank_ledger_entry)::int AS lines,
        (SELECT count(*) FROM time_bank_expense_claim)::int AS claims, (SELECT count(*) FROM time_bank_request)::int AS requests`)
    )[0];
  const before = await counts();
  expect(before).toMatchObject({ banks: 1, members: 12, exchanges: 10, claims: 5, requests: 2 });
  await seedDemo(t.services);
  expect(await counts()).toEqual(before);
  // The first seeding said what it made, as `npm start` shows it.
  expect(inject('demoSummary')).toContain('time bank: Colne Valley’s, 12 members');
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

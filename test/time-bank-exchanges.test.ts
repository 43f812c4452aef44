import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { bearer } from './support/graphql.js';
import { addBackgroundCheck, addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import {
  balanceOf,
  CONFIRM,
  londonAt,
  nextHelpSlot,
  RECORD,
  REJECT,
  recentBankHoliday,
  recentSaturday,
  recentWorkingDay,
  setRules,
  workingDayBefore,
} from './support/time-ledger.js';
import { useWorld } from './support/world.js';

/**
 * Help recorded by the helper and confirmed by the member helped (or their representative, or a
 * coordinator), end to end over GraphQL: the helper is credited, out-of-hours minutes at the co-op's
 * percentage, the receiver debited the minutes given, once; the helper never confirms their own help.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

/** The file's co-op lets a member go a hundred hours below nothing, so receivers need no savings for the stories. */
const OVERDRAFT = 6000;
const m = {} as Record<'person' | 'helper' | 'carer' | 'volunteer' | 'coordinator' | 'representative' | 'careWorker' | 'otherCoop', string>;
let carerHeaders: Record<string, string>;
let volunteerHeaders: Record<string, string>;

beforeAll(async () => {
  await openTimeBank(t, w.providerA, { overdraftMinutes: OVERDRAFT });
  await openTimeBank(t, w.providerB);
  m.person = await addTimeBankMember(t, w.providerA, w.ids.person, ['RECEIVER']);
  m.helper = await addTimeBankMember(t, w.providerA, w.ids.otherPerson, ['VOLUNTEER']);
  m.carer = await addTimeBankMember(t, w.providerA, w.ids.friend, ['FAMILY_CARER', 'VOLUNTEER']);
  m.volunteer = await addTimeBankMember(t, w.providerA, w.ids.assessed, ['VOLUNTEER']);
  m.coordinator = await addTimeBankMember(t, w.providerA, w.ids.coordinator, ['VOLUNTEER']);
  m.representative = await addTimeBankMember(t, w.providerA, w.ids.representativeAll, ['VOLUNTEER']);
  m.careWorker = await addTimeBankMember(t, w.providerA, w.ids.careWorker, ['RECEIVER']);
  m.otherCoop = await addTimeBankMember(t, w.providerB, w.ids.personB, ['RECEIVER']);
  carerHeaders = bearer(await w.login(w.emails.friend));
  volunteerHeaders = bearer(await w.login(w.emails.assessed));
});

type Answer = Record<string, any> & { __typename: string };

async function answer(doc: string, vars: Record<string, unknown>, headers: Record<string, string>): Promise<Answer> {
  const res = await t.gql<Record<string, Answer>, unknown>(doc, vars, headers);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.values(res.data!)[0]!;
}

interface Help {
  /** When the help began; a free slot in normal hours when the clock is not what the test is about. */
  at?: Date;
  minutes: number;
  receiver: string;
  category?: string;
  by?: Record<string, string>;
}

/** Help recorded by its helper (otherPerson unless `by` says), for a member of co-op A. */
async function record({ at, minutes, receiver, category = 'befriending-calls', by }: Help): Promise<Answer> {
  const startedAt = at ? at.toISOString() : nextHelpSlot(minutes);
  const i = { providerId: w.providerA, receiverMemberId: receiver, category, startedAt, minutes };
  return answer(RECORD, { i }, by ?? w.headers('otherPerson'));
}

async function recordAndConfirm(help: Help, confirmer: Record<string, string> = w.headers('person')) {
  const recorded = await record(help);
  expect(recorded.__typename).toBe('Exchange');
  return answer(CONFIRM, { id: recorded.id }, confirmer);
}

async function balances(...ids: string[]) {
  return Promise.all(ids.map((id) => balanceOf(t, id)));
}

describe('the helper is credited by the clock, the receiver debited the minutes given', () => {
  test.each([
    ['a weekday afternoon, 1×', () => londonAt(recentWorkingDay(), '14:00'), 60, 0, 60],
    ['a weekday evening, 1.5×', () => londonAt(recentWorkingDay(), '19:00'), 60, 60, 90],
    ['17:00 to 19:00, the hour after 18:00 at 1.5×', () => londonAt(recentWorkingDay(), '17:00'), 120, 60, 150],
    ['a Saturday morning, 1.5×', () => londonAt(recentSaturday(), '10:00'), 60, 60, 90],
  ])('%s', async (_, at, minutes, outOfHours, credited) => {
    const [helperBefore, personBefore] = await balances(m.helper, m.person);
    const confirmed = await recordAndConfirm({ at: at(), minutes, receiver: m.person });
    expect(confirmed).toMatchObject({
      __typename: 'Exchange',
      status: 'CONFIRMED',
      minutes,
      outOfHoursMinutes: outOfHours,
      creditedMinutes: credited,
      helperName: 'otherPerson',
      receiverName: 'person',
    });
    expect(await balances(m.helper, m.person)).toEqual([helperBefore! + credited, personBefore! - minutes]);
  });

  test('a bank holiday on a weekday is out of hours all day, by the region the co-op sets', async (ctx) => {
    const holiday = recentBankHoliday();
    // Every region has had a weekday bank holiday within 80 days on all but a few days of the year.
    if (!holiday) ctx.skip();
    await setRules(t, w.providerA, { bankHolidayRegion: holiday!.region });
    try {
      const [helperBefore] = await balances(m.helper);
      const confirmed = await recordAndConfirm({ at: londonAt(holiday!.day, '11:00'), minutes: 60, receiver: m.person });
      expect(confirmed).toMatchObject({ status: 'CONFIRMED', outOfHoursMinutes: 60, creditedMinutes: 90 });
      expect(await balanceOf(t, m.helper)).toBe(helperBefore! + 90);
    } finally {
      await setRules(t, w.providerA, { bankHolidayRegion: 'ENGLAND_AND_WALES' });
    }
  });

  test('the co-op’s own rules: normal hours to 20:00 and 200% make 17:00–21:00 180 minutes at 1× and 60 at 2×', async () => {
    await setRules(t, w.providerA, { normalHoursEnd: '20:00', outOfHoursPercent: 200 });
    try {
      const [helperBefore, personBefore] = await balances(m.helper, m.person);
      const confirmed = await recordAndConfirm({
        at: londonAt(workingDayBefore(recentWorkingDay()), '17:00'),
        minutes: 240,
        receiver: m.person,
      });
      expect(confirmed).toMatchObject({ outOfHoursMinutes: 60, creditedMinutes: 300 });
      expect(await balances(m.helper, m.person)).toEqual([helperBefore! + 300, personBefore! - 240]);
    } finally {
      await setRules(t, w.providerA, { normalHoursEnd: '18:00', outOfHoursPercent: 150 });
    }
  });

  test('out-of-hours help’s ledger lines: minutes and bonus to the helper, minutes from the receiver, each naming the other', async () => {
    const recorded = await record({ at: londonAt(recentSaturday(), '15:00'), minutes: 40, receiver: m.person });
    const lines: { member_id: string; kind: string; minutes: number }[] = await t.db.query(
      `SELECT member_id, kind, minutes FROM time_bank_ledger_entry WHERE exchange_id = $1 ORDER BY kind`,
      [recorded.id],
    );
    expect(lines).toEqual([]);
    const confirmed = await answer(
      `mutation($id: ID!) { confirmExchange(exchangeId: $id) { __typename ... on Exchange { status
        helper { balance { balanceMinutes } statement(first: 2) { edges { node { kind minutes runningBalanceMinutes
          exchange { id } transfer { id } otherMemberName } } } }
        receiver { statement(first: 1) { edges { node { kind minutes runningBalanceMinutes otherMemberName } } } } } } }`,
      { id: recorded.id },
      w.headers('coordinator'),
    );
    const helperBalance = await balanceOf(t, m.helper);
    const ofTheExchange = { exchange: { id: recorded.id }, transfer: null };
    expect(confirmed.helper.balance.balanceMinutes).toBe(helperBalance);
    expect(confirmed.helper.statement.edges.map((e: any) => e.node)).toEqual([
      { kind: 'OUT_OF_HOURS_BONUS', minutes: 20, runningBalanceMinutes: helperBalance, ...ofTheExchange, otherMemberName: 'person' },
      { kind: 'HELP_GIVEN', minutes: 40, runningBalanceMinutes: helperBalance - 20, ...ofTheExchange, otherMemberName: 'person' },
    ]);
    expect(confirmed.receiver.statement.edges[0].node).toEqual({
      kind: 'HELP_RECEIVED',
      minutes: -40,
      runningBalanceMinutes: await balanceOf(t, m.person),
      otherMemberName: 'otherPerson',
    });
  });
});

test('a family carer banks hours helping others, then spends them on respite sitting for herself', async () => {
  const [carerBefore] = await balances(m.carer);
  // Shopping for the volunteer on a Saturday: two hours at 1.5×.
  const shopping = await record({
    at: londonAt(recentSaturday(), '10:00'),
    minutes: 120,
    receiver: m.volunteer,
    category: 'shopping',
    by: carerHeaders,
  });
  expect(shopping).toMatchObject({ __typename: 'Exchange', creditedMinutes: 180 });
  expect(await answer(CONFIRM, { id: shopping.id }, volunteerHeaders)).toMatchObject({ status: 'CONFIRMED' });
  expect(await balanceOf(t, m.carer)).toBe(carerBefore! + 180);

  // Respite sitting leaves the helper alone with the person cared for: an unchecked volunteer is refused.
  const sitting = { at: londonAt(recentWorkingDay(), '09:00'), minutes: 180, receiver: m.carer, category: 'respite-sitting' };
  const unchecked = await record({ ...sitting, by: w.headers('otherPerson') });
  expect(unchecked).toMatchObject({ __typename: 'BackgroundCheckRequiredError', code: 'BACKGROUND_CHECK_REQUIRED' });
  expect(await t.db.query(`SELECT 1 FROM time_bank_exchange WHERE receiver_member_id = $1`, [m.carer])).toEqual([]);

  await addBackgroundCheck(t, m.volunteer, { checkedOn: '2024-01-01', expiresOn: '2099-01-01' });
  const respite = await record({ ...sitting, by: volunteerHeaders });
  expect(respite).toMatchObject({ __typename: 'Exchange', category: 'respite-sitting', creditedMinutes: 180 });
  expect(await answer(CONFIRM, { id: respite.id }, carerHeaders)).toMatchObject({ status: 'CONFIRMED' });
  expect(await balanceOf(t, m.carer)).toBe(carerBefore!);
});

describe('only the member helped, their representative or a coordinator confirms', () => {
  const linesOf = async (exchangeId: string) =>
    Number((await t.db.query(`SELECT count(*) AS n FROM time_bank_ledger_entry WHERE exchange_id = $1`, [exchangeId]))[0].n);

  test.each([
    ['the helper', 'otherPerson', 'otherPerson'],
    ['the helper who is a coordinator of the co-op', 'coordinator', 'coordinator'],
    ['the helper who represents the member helped', 'representativeAll', 'representativeAll'],
  ] as const)('%s cannot confirm their own help', async (_, helper, role) => {
    const recorded = await record({ minutes: 30, receiver: m.person, by: w.headers(helper) });
    expect(recorded.__typename).toBe('Exchange');
    const res = await t.gql(CONFIRM, { id: recorded.id }, w.headers(role));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.errors?.[0]?.message).toMatch(/helper cannot confirm or reject their own help/);
    expect(await linesOf(recorded.id)).toBe(0);
    // Someone else on the receiver's side still can.
    const other = role === 'coordinator' ? 'person' : 'coordinator';
    expect(await answer(CONFIRM, { id: recorded.id }, w.headers(other))).toMatchObject({ status: 'CONFIRMED' });
  });

  test.each([['representativeNone'], ['otherCoordinator'], ['careWorker']] as const)('%s is refused', async (role) => {
    const recorded = await record({ minutes: 30, receiver: m.person });
    const res = await t.gql(CONFIRM, { id: recorded.id }, w.headers(role));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await linesOf(recorded.id)).toBe(0);
  });

  test('a representative with BOOK confirms for the member', async () => {
    const recorded = await record({ minutes: 30, receiver: m.person });
    expect(await answer(CONFIRM, { id: recorded.id }, w.headers('representativeAll'))).toMatchObject({ status: 'CONFIRMED' });
  });

  test('confirming twice moves the time once', async () => {
    const recorded = await record({ minutes: 30, receiver: m.person });
    await answer(CONFIRM, { id: recorded.id }, w.headers('person'));
    const [helperBefore] = await balances(m.helper);
    expect(await answer(CONFIRM, { id: recorded.id }, w.headers('coordinator'))).toMatchObject({ status: 'CONFIRMED' });
    expect(await balanceOf(t, m.helper)).toBe(helperBefore);
    expect(await linesOf(recorded.id)).toBe(2);
  });
});

describe('rejecting', () => {
  test('the member helped rejects with a reason: nothing moves, and it can no longer be confirmed', async () => {
    const recorded = await record({ minutes: 45, receiver: m.person });
    const [helperBefore, personBefore] = await balances(m.helper, m.person);
    const rejected = await answer(REJECT, { i: { exchangeId: recorded.id, reason: 'Nobody came.' } }, w.headers('person'));
    expect(rejected).toMatchObject({ status: 'REJECTED', rejectionReason: 'Nobody came.' });
    expect(rejected.decidedAt).toBeTruthy();
    expect(await answer(CONFIRM, { id: recorded.id }, w.headers('person'))).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
    });
    expect(await balances(m.helper, m.person)).toEqual([helperBefore, personBefore]);
  });

  test('a confirmed exchange cannot be rejected; a reason is needed', async () => {
    const confirmed = await recordAndConfirm({ minutes: 15, receiver: m.person });
    const empty = await t.gql(REJECT, { i: { exchangeId: confirmed.id, reason: '  ' } }, w.headers('person'));
    expect(empty.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reason' });
    const late = await answer(REJECT, { i: { exchangeId: confirmed.id, reason: 'Changed my mind.' } }, w.headers('person'));
    expect(late).toMatchObject({ __typename: 'ConflictError' });
  });

  test('the helper cannot reject their own help', async () => {
    const recorded = await record({ minutes: 15, receiver: m.person });
    const res = await t.gql(REJECT, { i: { exchangeId: recorded.id, reason: 'Oops' } }, w.headers('otherPerson'));
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });
});

test('help for an accepted request: its helper, member and category; the request is done once confirmed', async () => {
  const [request]: { id: string }[] = await t.db.query(
    `INSERT INTO time_bank_request (provider_id, member_id, category, postcode, latitude, longitude, starts_at, minutes,
       needs_background_check, status, helper_member_id, accepted_at)
     VALUES ($1, $2, 'gardening', 'HD1 1AA', 53.6, -1.78, now() - interval '1 day', 90, false, 'ACCEPTED', $3, now()) RETURNING id`,
    [w.providerA, m.person, m.helper],
  );
  const at = nextHelpSlot(90);
  const recorded = await answer(RECORD, { i: { requestId: request!.id, startedAt: at, minutes: 90 } }, w.headers('otherPerson'));
  expect(recorded).toMatchObject({ __typename: 'Exchange', category: 'gardening', helperName: 'otherPerson', receiverName: 'person' });
  const again = await answer(RECORD, { i: { requestId: request!.id, startedAt: at, minutes: 90 } }, w.headers('otherPerson'));
  expect(again).toMatchObject({ __typename: 'ConflictError' });
  await answer(CONFIRM, { id: recorded.id }, w.headers('person'));
  expect((await t.db.query(`SELECT status FROM time_bank_request WHERE id = $1`, [request!.id]))[0].status).toBe('DONE');
});

describe('the same help recorded twice is refused', () => {
  const helpAround = async (at: Date) => {
    const sql = `SELECT count(*) AS n FROM time_bank_exchange
      WHERE helper_member_id = $1
        AND started_at > $2::timestamptz - interval '1 hour' AND started_at < $2::timestamptz + interval '1 hour'`;
    return Number((await t.db.query(sql, [m.helper, at]))[0].n);
  };

  test('help overlapping the helper’s earlier help is a ConflictError naming its time; rejected help is no clash', async () => {
    const at = londonAt(workingDayBefore(workingDayBefore(recentWorkingDay())), '10:00');
    const first = await record({ at, minutes: 60, receiver: m.person });
    expect(first.__typename).toBe('Exchange');
    const day = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', weekday: 'long', day: 'numeric', month: 'long' });
    const overlapping = await record({ at: new Date(at.getTime() + 30 * 60_000), minutes: 60, receiver: m.careWorker });
    expect(overlapping).toEqual({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      message: `You already recorded help from 10:00 to 11:00 on ${day.format(at)}.`,
    });
    const forTheHelper = { providerId: w.providerA, helperMemberId: m.helper, receiverMemberId: m.person, category: 'lifts' };
    const byCoordinator = await answer(
      RECORD,
      { i: { ...forTheHelper, startedAt: at.toISOString(), minutes: 60 } },
      w.headers('coordinator'),
    );
    expect(byCoordinator).toMatchObject({
      __typename: 'ConflictError',
      message: expect.stringMatching(/^The helper already has help recorded from 10:00 to 11:00/),
    });
    expect(await helpAround(at)).toBe(1);

    const reject = { exchangeId: first.id, reason: 'Recorded the wrong hour' };
    expect(await answer(REJECT, { i: reject }, w.headers('person'))).toMatchObject({ status: 'REJECTED' });
    expect(await record({ at, minutes: 60, receiver: m.person })).toMatchObject({ __typename: 'Exchange' });
    const straightAfter = await record({ at: new Date(at.getTime() + 60 * 60_000), minutes: 30, receiver: m.person });
    expect(straightAfter).toMatchObject({ __typename: 'Exchange' });
  });

  test('ten recordings of the same help at once leave one exchange and nine ConflictErrors, never an error', async () => {
    const startedAt = nextHelpSlot(45);
    const i = { providerId: w.providerA, receiverMemberId: m.person, category: 'lifts', startedAt, minutes: 45 };
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => t.gql<Record<string, Answer>, unknown>(RECORD, { i }, w.headers('otherPerson'))),
    );
    expect(answers.flatMap((a) => a.errors ?? [])).toEqual([]);
    const kinds = answers.map((a) => a.data!.recordExchange!.__typename).sort();
    expect(kinds).toEqual([...Array(9).fill('ConflictError'), 'Exchange']);
    expect(await helpAround(new Date(startedAt))).toBe(1);
  });

  test('the database refuses an overlapping exchange written past the service', async () => {
    const [x] = await t.db.query(
      `SELECT provider_id, receiver_member_id, category, started_at, minutes FROM time_bank_exchange
       WHERE helper_member_id = $1 AND status <> 'REJECTED' LIMIT 1`,
      [m.helper],
    );
    await expect(
      t.db.query(
        `INSERT INTO time_bank_exchange (provider_id, helper_member_id, receiver_member_id, category, started_at, minutes,
           out_of_hours_minutes, credited_minutes, status)
         VALUES ($1, $2, $3, $4, $5::timestamptz + interval '1 minute', $6, 0, $6, 'RECORDED')`,
        [x.provider_id, m.helper, x.receiver_member_id, x.category, x.started_at, x.minutes],
      ),
    ).rejects.toThrow(/time_bank_exchange_helper_once/);
  });
});

describe('what others see', () => {
  test('the helper never sees the receiver’s balance, nor the receiver the helper’s; each sees their own', async () => {
    const recordSeeing = (side: 'helper' | 'receiver') =>
      t.gql<any, unknown>(
        `mutation($i: RecordExchangeInput!) { recordExchange(input: $i) { ... on Exchange {
          id ${side} { balance { balanceMinutes } } } } }`,
        { i: { providerId: w.providerA, receiverMemberId: m.person, category: 'lifts', startedAt: nextHelpSlot(20), minutes: 20 } },
        w.headers('otherPerson'),
      );
    const theirs = await recordSeeing('receiver');
    expect(theirs.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([['recordExchange.receiver.balance', 'FORBIDDEN']]);
    const own = await recordSeeing('helper');
    expect(own.errors).toBeUndefined();
    expect(own.data.recordExchange.helper.balance.balanceMinutes).toBe(await balanceOf(t, m.helper));

    const confirmSeeing = (side: 'helper' | 'receiver') =>
      t.gql<any, unknown>(
        `mutation($id: ID!) { confirmExchange(exchangeId: $id) { ... on Exchange { ${side} { statement { totalCount } } } } }`,
        { id: own.data.recordExchange.id },
        w.headers('person'),
      );
    expect((await confirmSeeing('helper')).errors?.map((e) => e.extensions?.code)).toEqual(['FORBIDDEN']);
    const ownStatement = await confirmSeeing('receiver');
    expect(ownStatement.errors).toBeUndefined();
    expect(ownStatement.data.confirmExchange.receiver.statement.totalCount).toBeGreaterThan(5);
  });

  test('a time bank’s exchanges are for its coordinators; a member is refused', async () => {
    const confirmed = await recordAndConfirm({ minutes: 10, receiver: m.person });
    const doc = `mutation($id: ID!) { confirmExchange(exchangeId: $id) { ... on Exchange { timeBank { poolBalanceMinutes
      exchanges(first: 1) { totalCount } } } } }`;
    const asMember = await t.gql(doc, { id: confirmed.id }, w.headers('person'));
    expect(asMember.errors?.map((e) => [e.path?.join('.'), e.extensions?.code])).toEqual([
      ['confirmExchange.timeBank.exchanges', 'FORBIDDEN'],
    ]);
    const asCoordinator = await t.gql<any, unknown>(doc, { id: confirmed.id }, w.headers('coordinator'));
    expect(asCoordinator.errors).toBeUndefined();
    expect(asCoordinator.data.confirmExchange.timeBank.exchanges.totalCount).toBeGreaterThan(10);
  });
});

test('overdraft 0 refuses a new member’s confirmation; 120 allows it down to −120 and no further', async () => {
  await setRules(t, w.providerA, { overdraftMinutes: 0 });
  try {
    const first = await record({ minutes: 60, receiver: m.careWorker });
    const refused = await answer(CONFIRM, { id: first.id }, w.headers('careWorker'));
    expect(refused).toMatchObject({ __typename: 'InsufficientTimeCreditError', code: 'INSUFFICIENT_TIME_CREDIT', shortByMinutes: 60 });
    expect(await balanceOf(t, m.careWorker)).toBe(0);

    await setRules(t, w.providerA, { overdraftMinutes: 120 });
    expect(await answer(CONFIRM, { id: first.id }, w.headers('careWorker'))).toMatchObject({ status: 'CONFIRMED' });
    const second = await record({ minutes: 60, receiver: m.careWorker });
    expect(await answer(CONFIRM, { id: second.id }, w.headers('careWorker'))).toMatchObject({ status: 'CONFIRMED' });
    expect(await balanceOf(t, m.careWorker)).toBe(-120);
    const third = await record({ minutes: 1, receiver: m.careWorker });
    expect(await answer(CONFIRM, { id: third.id }, w.headers('careWorker'))).toMatchObject({ shortByMinutes: 1 });
    expect(await balanceOf(t, m.careWorker)).toBe(-120);
  } finally {
    await setRules(t, w.providerA, { overdraftMinutes: OVERDRAFT });
  }
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

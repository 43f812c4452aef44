import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { bearer } from './support/graphql.js';
import { addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import {
  balanceOf,
  CONFIRM,
  DRAW,
  GIVE,
  GIVE_TO_POOL,
  ledgerRowCounts,
  nextHelpSlot,
  poolOf,
  RECORD,
  REJECT,
  setRules,
} from './support/time-ledger.js';
import { useWorld } from './support/world.js';

/**
 * Gifts of credit between members, the community pool members give to and coordinators draw on, the
 * refusals that leave nothing written, and the statements of lists that cost the same whatever their length.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const OVERDRAFT = 6000;
const m = {} as Record<'carer' | 'relative' | 'volunteer' | 'newcomer' | 'helper' | 'sink' | 'person' | 'otherCoop', string>;
const headers = {} as Record<'carer' | 'relative' | 'volunteer' | 'newcomer', Record<string, string>>;

type Answer = Record<string, any> & { __typename: string };

async function answer(doc: string, vars: Record<string, unknown>, as: Record<string, string>): Promise<Answer> {
  const res = await t.gql<Record<string, Answer>, unknown>(doc, vars, as);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return Object.values(res.data!)[0]!;
}

/** Help the member gave the sink (a member with the overdraft to spare), confirmed by a coordinator: credit to give. */
async function earn(helperHeaders: Record<string, string>, minutes: number): Promise<void> {
  const i = { providerId: w.providerA, receiverMemberId: m.sink, category: 'gardening', startedAt: nextHelpSlot(minutes), minutes };
  const recorded = await answer(RECORD, { i }, helperHeaders);
  expect(await answer(CONFIRM, { id: recorded.id }, w.headers('coordinator'))).toMatchObject({ status: 'CONFIRMED' });
}

beforeAll(async () => {
  await openTimeBank(t, w.providerA, { overdraftMinutes: OVERDRAFT });
  await openTimeBank(t, w.providerB);
  m.carer = await addTimeBankMember(t, w.providerA, w.ids.friend, ['FAMILY_CARER']);
  m.relative = await addTimeBankMember(t, w.providerA, w.ids.assessed3, ['RECEIVER']);
  m.volunteer = await addTimeBankMember(t, w.providerA, w.ids.assessed, ['VOLUNTEER']);
  m.newcomer = await addTimeBankMember(t, w.providerA, w.ids.assessed2, ['RECEIVER']);
  m.helper = await addTimeBankMember(t, w.providerA, w.ids.otherPerson, ['VOLUNTEER']);
  m.sink = await addTimeBankMember(t, w.providerA, w.ids.careWorker, ['RECEIVER']);
  m.person = await addTimeBankMember(t, w.providerA, w.ids.person, ['RECEIVER', 'VOLUNTEER']);
  m.otherCoop = await addTimeBankMember(t, w.providerB, w.ids.personB, ['RECEIVER']);
  headers.carer = bearer(await w.login(w.emails.friend));
  headers.relative = bearer(await w.login(w.emails.assessed3));
  headers.volunteer = bearer(await w.login(w.emails.assessed));
  headers.newcomer = bearer(await w.login(w.emails.assessed2));
});

test('a family carer gives credit to a relative, who spends it on help; the statement names the giver', async () => {
  await earn(headers.carer, 120);
  const gift = await answer(GIVE, { i: { fromMemberId: m.carer, toMemberId: m.relative, minutes: 60, note: 'For Mum' } }, headers.carer);
  expect(gift).toMatchObject({
    __typename: 'TimeTransfer',
    kind: 'GIFT',
    minutes: 60,
    note: 'For Mum',
    fromName: 'friend',
    toName: 'assessed3',
  });
  expect([await balanceOf(t, m.carer), await balanceOf(t, m.relative)]).toEqual([60, 60]);

  const startedAt = nextHelpSlot(60);
  const i = { providerId: w.providerA, receiverMemberId: m.relative, category: 'befriending-calls', startedAt, minutes: 60 };
  const recorded = await answer(RECORD, { i }, w.headers('otherPerson'));
  const confirmed = await answer(
    `mutation($id: ID!) { confirmExchange(exchangeId: $id) { ... on Exchange { status receiver { balance { balanceMinutes
      earnedMinutes spentMinutes transferredMinutes availableToSpendMinutes availableToGiveMinutes }
      statement { totalCount edges { node { kind minutes runningBalanceMinutes otherMemberName
        transfer { kind fromName toName } } } } } } } }`,
    { id: recorded.id },
    headers.relative,
  );
  expect(confirmed.receiver.balance).toEqual({
    balanceMinutes: 0,
    earnedMinutes: 0,
    spentMinutes: 60,
    transferredMinutes: 60,
    availableToSpendMinutes: OVERDRAFT,
    availableToGiveMinutes: 0,
  });
  expect(confirmed.receiver.statement.edges.map((e: any) => e.node)).toEqual([
    { kind: 'HELP_RECEIVED', minutes: -60, runningBalanceMinutes: 0, otherMemberName: 'otherPerson', transfer: null },
    {
      kind: 'GIFT_RECEIVED',
      minutes: 60,
      runningBalanceMinutes: 60,
      otherMemberName: 'friend',
      transfer: { kind: 'GIFT', fromName: 'friend', toName: 'assessed3' },
    },
  ]);
});

test('a member gives to the pool; a coordinator draws on it for a member with no credit, who is then helped', async () => {
  await earn(headers.volunteer, 90);
  const poolBefore = await poolOf(t, w.providerA);
  const given = await answer(GIVE_TO_POOL, { i: { fromMemberId: m.volunteer, minutes: 90 } }, headers.volunteer);
  expect(given).toMatchObject({ __typename: 'TimeTransfer', kind: 'POOL_GIFT', minutes: 90, fromName: 'assessed', toName: null });
  expect(await poolOf(t, w.providerA)).toBe(poolBefore + 90);

  const draw = { providerId: w.providerA, toMemberId: m.newcomer, minutes: 60, reason: 'No savings yet' };
  const drawn = await answer(DRAW, { i: draw }, w.headers('coordinator'));
  expect(drawn).toMatchObject({ __typename: 'TimeTransfer', kind: 'POOL_DRAW', minutes: 60, note: 'No savings yet', fromName: null });
  expect(await poolOf(t, w.providerA)).toBe(poolBefore + 30);

  // With no overdraft, the draw is what lets the newcomer receive an hour's help.
  await setRules(t, w.providerA, { overdraftMinutes: 0 });
  try {
    const startedAt = nextHelpSlot(60);
    const i = { providerId: w.providerA, receiverMemberId: m.newcomer, category: 'shopping', startedAt, minutes: 60 };
    const recorded = await answer(RECORD, { i }, w.headers('otherPerson'));
    const confirmed = await answer(
      `mutation($id: ID!) { confirmExchange(exchangeId: $id) { __typename ... on Exchange { status timeBank { poolBalanceMinutes } } } }`,
      { id: recorded.id },
      headers.newcomer,
    );
    expect(confirmed).toEqual({ __typename: 'Exchange', status: 'CONFIRMED', timeBank: { poolBalanceMinutes: poolBefore + 30 } });
    expect(await balanceOf(t, m.newcomer)).toBe(0);
  } finally {
    await setRules(t, w.providerA, { overdraftMinutes: OVERDRAFT });
  }

  const tooMuch = await answer(DRAW, { i: { ...draw, minutes: poolBefore + 31 } }, w.headers('admin'));
  expect(tooMuch).toMatchObject({ __typename: 'InsufficientTimeCreditError', code: 'INSUFFICIENT_TIME_CREDIT', shortByMinutes: 1 });
});

test('after the overdraft is lowered below what a member owes, they can still be paid back, but not spend more', async () => {
  await earn(headers.carer, 60);
  await answer(GIVE_TO_POOL, { i: { fromMemberId: m.carer, minutes: 10 } }, headers.carer);
  const owed = await balanceOf(t, m.sink);
  expect(owed).toBeLessThan(-30);
  const lowered = await t.gql<any, unknown>(
    `mutation($i: UpdateTimeBankRulesInput!) { updateTimeBankRules(input: $i) { overdraftMinutes } }`,
    { i: { providerId: w.providerA, overdraftMinutes: 0 } },
    w.headers('coordinator'),
  );
  expect(lowered.errors).toBeUndefined();
  try {
    expect(await answer(GIVE, { i: { fromMemberId: m.carer, toMemberId: m.sink, minutes: 20 } }, headers.carer)).toMatchObject({
      __typename: 'TimeTransfer',
    });
    const draw = { providerId: w.providerA, toMemberId: m.sink, minutes: 10, reason: 'Paying back' };
    expect(await answer(DRAW, { i: draw }, w.headers('coordinator'))).toMatchObject({ __typename: 'TimeTransfer' });
    const startedAt = nextHelpSlot(15);
    const helped = { providerId: w.providerA, receiverMemberId: m.carer, category: 'gardening', startedAt, minutes: 15 };
    const recorded = await answer(RECORD, { i: helped }, w.headers('careWorker'));
    expect(await answer(CONFIRM, { id: recorded.id }, headers.carer)).toMatchObject({ status: 'CONFIRMED' });
    expect(await balanceOf(t, m.sink)).toBe(owed + 45);

    const spend = { providerId: w.providerA, receiverMemberId: m.sink, category: 'shopping', startedAt, minutes: 15 };
    const spending = await answer(RECORD, { i: spend }, headers.volunteer);
    expect(await answer(CONFIRM, { id: spending.id }, w.headers('careWorker'))).toMatchObject({ code: 'INSUFFICIENT_TIME_CREDIT' });
    expect(await balanceOf(t, m.sink)).toBe(owed + 45);
  } finally {
    await setRules(t, w.providerA, { overdraftMinutes: OVERDRAFT });
  }
});

test('a member who has left gives their remaining credit to the pool, as may their representative; no gift to a member', async () => {
  await earn(w.headers('person'), 40);
  await t.db.query(`UPDATE time_bank_member SET status = 'LEFT', left_at = now() WHERE id = $1`, [m.person]);
  try {
    const poolBefore = await poolOf(t, w.providerA);
    expect(await answer(GIVE_TO_POOL, { i: { fromMemberId: m.person, minutes: 20 } }, w.headers('person'))).toMatchObject({
      kind: 'POOL_GIFT',
      minutes: 20,
    });
    expect(await answer(GIVE_TO_POOL, { i: { fromMemberId: m.person, minutes: 20 } }, w.headers('representativeAll'))).toMatchObject({
      kind: 'POOL_GIFT',
      minutes: 20,
    });
    expect(await poolOf(t, w.providerA)).toBe(poolBefore + 40);
    const gift = await t.gql(GIVE, { i: { fromMemberId: m.person, toMemberId: m.carer, minutes: 1 } }, w.headers('person'));
    expect(gift.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.fromMemberId' });
  } finally {
    await t.db.query(`UPDATE time_bank_member SET status = 'APPROVED', left_at = NULL WHERE id = $1`, [m.person]);
  }
});

test('help given before a member left is still recorded and confirmed; help after they left is refused', async () => {
  const startedAt = new Date(nextHelpSlot(20));
  const i = { providerId: w.providerA, receiverMemberId: m.person, category: 'lifts', startedAt: startedAt.toISOString(), minutes: 20 };
  await t.db.query(`UPDATE time_bank_member SET status = 'LEFT', left_at = $2 WHERE id = $1`, [
    m.person,
    new Date(startedAt.getTime() + 3_600_000),
  ]);
  try {
    const recorded = await answer(RECORD, { i }, w.headers('otherPerson'));
    expect(await answer(CONFIRM, { id: recorded.id }, w.headers('coordinator'))).toMatchObject({ status: 'CONFIRMED' });
    await t.db.query(`UPDATE time_bank_member SET left_at = $2 WHERE id = $1`, [m.person, new Date(startedAt.getTime() - 60_000)]);
    const after = await t.gql(RECORD, { i }, w.headers('otherPerson'));
    expect(after.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.receiverMemberId' });
  } finally {
    await t.db.query(`UPDATE time_bank_member SET status = 'APPROVED', left_at = NULL WHERE id = $1`, [m.person]);
  }
});

describe('refused, with nothing written', () => {
  let before: Record<string, number>;

  async function refused(doc: string, i: Record<string, unknown>, as: Record<string, string>) {
    before = await ledgerRowCounts(t);
    const res = await t.gql<Record<string, Answer>, unknown>(doc, { i }, as);
    expect(await ledgerRowCounts(t)).toEqual(before);
    return res;
  }

  const help = (changes: Record<string, unknown>) => ({
    providerId: w.providerA,
    receiverMemberId: m.person,
    category: 'lifts',
    startedAt: nextHelpSlot(30),
    minutes: 30,
    ...changes,
  });
  const minutesAgo = (n: number) => new Date(Date.now() - n * 60_000).toISOString();

  test.each([
    ['0 minutes', { minutes: 0 }, 'input.minutes'],
    ['negative minutes', { minutes: -1 }, 'input.minutes'],
    ['over 24 hours', { minutes: 1441 }, 'input.minutes'],
    ['help not yet over', { startedAt: minutesAgo(10), minutes: 30 }, 'input.startedAt'],
    ['help starting tomorrow', { startedAt: new Date(Date.now() + 86_400_000).toISOString() }, 'input.startedAt'],
    ['help 91 days ago', { startedAt: minutesAgo(91 * 1440) }, 'input.startedAt'],
    ['a category the time bank does not have', { category: 'juggling' }, 'input.category'],
    ['help for another co-op’s member', { receiverMemberId: () => m.otherCoop }, 'input.receiverMemberId'],
    ['help for oneself', { receiverMemberId: () => m.helper }, 'input.receiverMemberId'],
  ])('recording %s: BAD_USER_INPUT naming the argument', async (_, changes, argument) => {
    const resolved = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, typeof v === 'function' ? v() : v]));
    const res = await refused(RECORD, help(resolved), w.headers('otherPerson'));
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  test('help that ended a moment ago is recorded, a minute of clock skew allowed', async () => {
    const recorded = await answer(
      RECORD,
      { i: help({ startedAt: new Date(Date.now() - 29.5 * 60_000).toISOString() }) },
      w.headers('otherPerson'),
    );
    expect(recorded.__typename).toBe('Exchange');
    await answer(REJECT, { i: { exchangeId: recorded.id, reason: 'A test of the clock' } }, w.headers('person'));
  });

  test.each([
    ['0 minutes', { minutes: 0 }, 'input.minutes'],
    ['over 100,000 minutes', { minutes: 100_001 }, 'input.minutes'],
    ['to oneself', { toMemberId: () => m.carer }, 'input.toMemberId'],
    ['to another co-op’s member', { toMemberId: () => m.otherCoop }, 'input.toMemberId'],
    ['with a note over 500 characters', { note: 'x'.repeat(501) }, 'input.note'],
  ])('a gift %s: BAD_USER_INPUT naming the argument', async (_, changes, argument) => {
    const resolved = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, typeof v === 'function' ? v() : v]));
    const res = await refused(GIVE, { fromMemberId: m.carer, toMemberId: m.relative, minutes: 1, ...resolved }, headers.carer);
    expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
  });

  test('a gift larger than the balance: INSUFFICIENT_TIME_CREDIT with the shortfall; the overdraft never counts', async () => {
    const has = await balanceOf(t, m.carer);
    const res = await refused(GIVE, { fromMemberId: m.carer, toMemberId: m.relative, minutes: has + 25 }, headers.carer);
    expect(res.data?.giveTimeCredit).toMatchObject({ __typename: 'InsufficientTimeCreditError', shortByMinutes: 25 });
    const toPool = await refused(GIVE_TO_POOL, { fromMemberId: m.newcomer, minutes: 1 }, headers.newcomer);
    expect(toPool.data?.giveToCommunityPool).toMatchObject({ __typename: 'InsufficientTimeCreditError', shortByMinutes: 1 });
  });

  test('giving someone else’s credit, or drawing on the pool without coordinating it: FORBIDDEN', async () => {
    const gift = await refused(GIVE, { fromMemberId: m.carer, toMemberId: m.relative, minutes: 1 }, w.headers('otherPerson'));
    expect(gift.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const draw = { providerId: w.providerA, toMemberId: m.newcomer, minutes: 1, reason: 'Because' };
    for (const role of ['person', 'otherCoordinator', 'careWorker'] as const) {
      expect((await refused(DRAW, draw, w.headers(role))).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    }
    const noReason = await refused(DRAW, { ...draw, reason: '' }, w.headers('coordinator'));
    expect(noReason.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.reason' });
  });

  test('a representative with BOOK gives the person’s credit to the pool, never to a member, themselves included: FORBIDDEN', async () => {
    await earn(w.headers('person'), 30);
    const representative = await addTimeBankMember(t, w.providerA, w.ids.representativeAll, ['FAMILY_CARER']);
    for (const toMemberId of [representative, m.relative]) {
      const gift = await refused(GIVE, { fromMemberId: m.person, toMemberId, minutes: 10 }, w.headers('representativeAll'));
      expect(gift.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(gift.errors?.[0]?.message).toMatch(/community pool/);
    }
    const pooled = await answer(GIVE_TO_POOL, { i: { fromMemberId: m.person, minutes: 10 } }, w.headers('representativeAll'));
    expect(pooled).toMatchObject({ __typename: 'TimeTransfer', kind: 'POOL_GIFT', minutes: 10 });
  });
});

describe('lists cost the statements of a short page, whatever their length', () => {
  beforeAll(async () => {
    const gifts = async (n: number) => {
      for (let k = 0; k < n; k++) {
        const gift = await answer(GIVE, { i: { fromMemberId: m.person, toMemberId: m.relative, minutes: 1 } }, w.headers('person'));
        expect(gift.__typename).toBe('TimeTransfer');
      }
    };
    await earn(w.headers('person'), 30);
    // Set-up, not the story: sixty confirmed exchanges between two members, written as confirming writes them,
    // with gifts before and after, so that a page of 5 holds lines of both causes as a page of 50 does.
    await gifts(3);
    await t.db.query(
      `WITH x AS (
         INSERT INTO time_bank_exchange (provider_id, helper_member_id, receiver_member_id, category, started_at, minutes,
           out_of_hours_minutes, credited_minutes, status, decided_at)
         SELECT $1, $2, $3, 'lifts', now() - make_interval(hours => n), 10, 0, 10, 'CONFIRMED', now() FROM generate_series(1, 60) n
         RETURNING id)
       INSERT INTO time_bank_ledger_entry (provider_id, member_id, kind, minutes, exchange_id)
       SELECT $1, member_id, kind, minutes, x.id FROM x,
         LATERAL (VALUES ($2::uuid, 'HELP_GIVEN', 10), ($3::uuid, 'HELP_RECEIVED', -10)) AS line(member_id, kind, minutes)`,
      [w.providerA, m.person, m.sink],
    );
    await gifts(3);
  });

  const TIME_BANK_EXCHANGES = `query($id: ID!, $first: Int) { timeBank(providerId: $id) {
    exchanges(first: $first) { totalCount edges { node { id helperName receiverName note
    helper { id balance { balanceMinutes } } receiver { balance { availableToSpendMinutes } } timeBank { poolBalanceMinutes } } } } } }`;
  const STATEMENT = `query($id: ID!, $first: Int) { timeBankMember(id: $id) {
    statement(first: $first) { totalCount edges { node { kind minutes runningBalanceMinutes
    otherMemberName exchange { id helperName } transfer { id fromName toName } } } } } }`;
  const MEMBER_EXCHANGES = `query($id: ID!, $first: Int) { timeBankMember(id: $id) {
    exchanges(first: $first) { edges { node { id helperName receiverName note } } } } }`;

  /**
   * The fewest statements of three runs: names load through loaders reached by different paths (a line's other member,
   * its exchange's helper, its transfer's giver), which share one batch or take two as the database's answers happen to
   * arrive; a list that grew with its page would cost dozens more at 50 on every run.
   */
  async function statementsFor(doc: string, first: number) {
    const id = doc === TIME_BANK_EXCHANGES ? w.providerA : m.person;
    let fewest = Number.POSITIVE_INFINITY;
    let data: any;
    for (let run = 0; run < 3; run++) {
      t.statements.reset();
      const res = await t.gql<any, unknown>(doc, { id, first }, w.headers('coordinator'));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      fewest = Math.min(fewest, t.statements.count);
      data = res.data.timeBank ?? res.data.timeBankMember;
    }
    return { statements: fewest, data };
  }

  test('a time bank’s exchanges: a page of 50 costs what a page of 5 does', async () => {
    const five = await statementsFor(TIME_BANK_EXCHANGES, 5);
    const fifty = await statementsFor(TIME_BANK_EXCHANGES, 50);
    expect([five.data.exchanges.edges.length, fifty.data.exchanges.edges.length]).toEqual([5, 50]);
    expect(fifty.statements).toBe(five.statements);
  });

  test('a member’s statement, gifts and exchanges among its lines: a page of 50 costs what a page of 5 does', async () => {
    const five = await statementsFor(STATEMENT, 5);
    const fifty = await statementsFor(STATEMENT, 50);
    const kinds = (page: any) => new Set(page.data.statement.edges.map((e: any) => e.node.kind));
    expect([kinds(five), kinds(fifty)]).toEqual([new Set(['GIFT_SENT', 'HELP_GIVEN']), new Set(['GIFT_SENT', 'HELP_GIVEN'])]);
    expect(fifty.data.statement.edges[0].node.otherMemberName).toBe('assessed3');
    expect(fifty.statements).toBe(five.statements);
  });

  test('a member’s exchanges: a page of 50 costs what a page of 5 does', async () => {
    const five = await statementsFor(MEMBER_EXCHANGES, 5);
    const fifty = await statementsFor(MEMBER_EXCHANGES, 50);
    expect(fifty.data.exchanges.edges).toHaveLength(50);
    expect(fifty.statements).toBe(five.statements);
  });
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

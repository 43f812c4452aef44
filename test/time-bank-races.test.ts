import { beforeAll, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { internalErrors } from './support/graphql.js';
import { addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { balanceOf, CONFIRM, GIVE, nextHelpSlot, RECORD, setRules } from './support/time-ledger.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * Fifty requests at once against one exchange or one account, as real concurrent HTTP requests: an
 * exchange is credited once however many confirm it, and a balance that covers k spends lets exactly k
 * through; every other answer is a typed result, never an error.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const RACERS = 50;
const m = {} as Record<'giver' | 'receiver' | 'helper' | 'spender' | 'sink', string>;

type Answer = Record<string, any> & { __typename: string };

async function race(requests: [doc: string, vars: Record<string, unknown>, role: RoleName][]): Promise<Answer[]> {
  const responses = await Promise.all(
    requests.map(([doc, vars, role]) => t.gql<Record<string, Answer>, unknown>(doc, vars, w.headers(role))),
  );
  for (const res of responses) expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return responses.map((res) => Object.values(res.data!)[0]!);
}

async function answer(doc: string, vars: Record<string, unknown>, role: RoleName): Promise<Answer> {
  const [one] = await race([[doc, vars, role]]);
  return one!;
}

/** Help recorded by the role's member for the receiver, in normal hours, clear of their other help. */
async function recorded(by: RoleName, receiverMemberId: string, minutes: number): Promise<string> {
  const startedAt = nextHelpSlot(minutes);
  const i = { providerId: w.providerA, receiverMemberId, category: 'lifts', startedAt, minutes };
  const exchange = await answer(RECORD, { i }, by);
  expect(exchange.__typename).toBe('Exchange');
  return exchange.id;
}

/** Credit for the role's member: help they gave the sink, confirmed by a coordinator. */
async function earn(by: RoleName, minutes: number): Promise<void> {
  expect(await answer(CONFIRM, { id: await recorded(by, m.sink, minutes) }, 'coordinator')).toMatchObject({ status: 'CONFIRMED' });
}

beforeAll(async () => {
  await openTimeBank(t, w.providerA, { overdraftMinutes: 6000 });
  m.giver = await addTimeBankMember(t, w.providerA, w.ids.person, ['VOLUNTEER']);
  m.receiver = await addTimeBankMember(t, w.providerA, w.ids.otherPerson, ['RECEIVER']);
  m.helper = await addTimeBankMember(t, w.providerA, w.ids.careWorker, ['VOLUNTEER']);
  m.spender = await addTimeBankMember(t, w.providerA, w.ids.representativeNone, ['RECEIVER', 'VOLUNTEER']);
  m.sink = await addTimeBankMember(t, w.providerA, w.ids.officer, ['RECEIVER']);
});

test('50 confirmations of one exchange at once credit it exactly once', async () => {
  const exchangeId = await recorded('careWorker', m.receiver, 45);
  const before = await Promise.all([balanceOf(t, m.helper), balanceOf(t, m.receiver)]);
  const confirmers: RoleName[] = ['otherPerson', 'coordinator', 'admin'];
  const answers = await race(Array.from({ length: RACERS }, (_, n) => [CONFIRM, { id: exchangeId }, confirmers[n % 3]!] as const));

  for (const a of answers) expect(a).toMatchObject({ __typename: 'Exchange', id: exchangeId, status: 'CONFIRMED' });
  const lines: { kind: string; n: string }[] = await t.db.query(
    `SELECT kind, count(*) AS n FROM time_bank_ledger_entry WHERE exchange_id = $1 GROUP BY kind ORDER BY kind`,
    [exchangeId],
  );
  expect(lines.map((l) => [l.kind, Number(l.n)])).toEqual([
    ['HELP_GIVEN', 1],
    ['HELP_RECEIVED', 1],
  ]);
  expect(await Promise.all([balanceOf(t, m.helper), balanceOf(t, m.receiver)])).toEqual([before[0]! + 45, before[1]! - 45]);
  expect(internalErrors(t)).toEqual([]);
});

test('50 gifts of 30 minutes at once from a balance that covers 17 of them: exactly 17 are given', async () => {
  const k = 17;
  await earn('person', k * 30);
  expect(await balanceOf(t, m.giver)).toBe(k * 30);
  const receiverBefore = await balanceOf(t, m.receiver);
  const gift = { i: { fromMemberId: m.giver, toMemberId: m.receiver, minutes: 30 } };
  const answers = await race(Array.from({ length: RACERS }, () => [GIVE, gift, 'person'] as const));

  const given = answers.filter((a) => a.__typename === 'TimeTransfer');
  const refused = answers.filter((a) => a.__typename !== 'TimeTransfer');
  expect(given).toHaveLength(k);
  for (const a of refused)
    expect(a).toMatchObject({ __typename: 'InsufficientTimeCreditError', code: 'INSUFFICIENT_TIME_CREDIT', shortByMinutes: 30 });
  expect(await balanceOf(t, m.giver)).toBe(0);
  expect(await balanceOf(t, m.receiver)).toBe(receiverBefore + k * 30);
  expect(internalErrors(t)).toEqual([]);
});

test('50 confirmations of 50 exchanges debiting one receiver, with no overdraft and a balance for 13: exactly 13 go through', async () => {
  const k = 13;
  const minutes = 20;
  await earn('representativeNone', k * minutes);
  const exchangeIds: string[] = [];
  for (let n = 0; n < RACERS; n++) exchangeIds.push(await recorded('careWorker', m.spender, minutes));
  await setRules(t, w.providerA, { overdraftMinutes: 0 });
  try {
    const answers = await race(exchangeIds.map((id) => [CONFIRM, { id }, 'coordinator'] as const));
    const confirmed = answers.filter((a) => a.__typename === 'Exchange');
    expect(confirmed).toHaveLength(k);
    for (const a of confirmed) expect(a.status).toBe('CONFIRMED');
    for (const a of answers.filter((x) => x.__typename !== 'Exchange')) {
      expect(a).toMatchObject({ __typename: 'InsufficientTimeCreditError', code: 'INSUFFICIENT_TIME_CREDIT', shortByMinutes: minutes });
    }
    expect(await balanceOf(t, m.spender)).toBe(0);
    const [{ n }]: { n: string }[] = await t.db.query(
      `SELECT count(*) AS n FROM time_bank_exchange WHERE receiver_member_id = $1 AND status = 'CONFIRMED'`,
      [m.spender],
    );
    expect(Number(n)).toBe(k);
  } finally {
    await setRules(t, w.providerA, { overdraftMinutes: 6000 });
  }
  expect(internalErrors(t)).toEqual([]);
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

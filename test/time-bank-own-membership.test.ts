import { beforeAll, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { bearer } from './support/graphql.js';
import { addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { CONFIRM, DRAW, ledgerRowCounts, londonAt, RECORD, recentWorkingDay } from './support/time-ledger.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * Coordinators who are members of their own co-op's time bank: they never approve, refuse, check, vouch
 * for or pay themselves from the pool, and help one of them recorded is confirmed by someone else.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

let second: Record<string, string>;
const m = {} as Record<'coordinator' | 'secondCoordinator' | 'person' | 'helper', string>;

const APPROVE = `mutation($m: ID!) { approveTimeBankMember(memberId: $m) { status } }`;
const REFUSE = `mutation($m: ID!) { refuseTimeBankMember(input: { memberId: $m, reason: "Not yet." }) { status } }`;
const CHECK = `mutation($i: RecordBackgroundCheckInput!) { recordBackgroundCheck(input: $i) { id } }`;
const TRAINING = `mutation($i: RecordVolunteerTrainingInput!) { recordVolunteerTraining(input: $i) { id } }`;
const REFERENCE = `mutation($i: RecordVolunteerReferenceInput!) { recordVolunteerReference(input: $i) { id } }`;

const writtenRows = async () =>
  t.db.query(`SELECT (SELECT count(*) FROM time_bank_background_check) AS checks, (SELECT count(*) FROM time_bank_training) AS training,
    (SELECT count(*) FROM time_bank_reference) AS refs, (SELECT string_agg(status, ',' ORDER BY id) FROM time_bank_member) AS statuses`);

/** The first error of the answer, a GraphQL error or a result union's ErrorResult. */
async function forbiddenTo(as: RoleName | Record<string, string>, doc: string, vars: Record<string, unknown>): Promise<string> {
  const before = [await ledgerRowCounts(t), await writtenRows()];
  const res = await t.gql<Record<string, any>, unknown>(doc, vars, typeof as === 'string' ? w.headers(as) : as);
  const error = res.errors?.[0];
  expect(error?.extensions?.code, JSON.stringify(res)).toBe('FORBIDDEN');
  expect([await ledgerRowCounts(t), await writtenRows()]).toEqual(before);
  return error!.message;
}

beforeAll(async () => {
  await openTimeBank(t, w.providerA, { overdraftMinutes: 600 });
  m.coordinator = await addTimeBankMember(t, w.providerA, w.ids.coordinator, ['VOLUNTEER']);
  m.secondCoordinator = await addTimeBankMember(t, w.providerA, w.ids.secondCoordinator, ['VOLUNTEER'], 'PENDING');
  m.person = await addTimeBankMember(t, w.providerA, w.ids.person, ['RECEIVER', 'VOLUNTEER']);
  m.helper = await addTimeBankMember(t, w.providerA, w.ids.otherPerson, ['VOLUNTEER']);
  second = bearer(await w.login(w.emails.secondCoordinator));
});

test('a coordinator neither approves nor refuses their own membership: another coordinator does', async () => {
  expect(await forbiddenTo(second, APPROVE, { m: m.secondCoordinator })).toMatch(/own membership/);
  expect(await forbiddenTo(second, REFUSE, { m: m.secondCoordinator })).toMatch(/own membership/);
  const approved = await t.gql<any, unknown>(APPROVE, { m: m.secondCoordinator }, w.headers('coordinator'));
  expect(approved.data?.approveTimeBankMember, JSON.stringify(approved.errors)).toEqual({ status: 'APPROVED' });
});

test('a coordinator records no background check, training or reference for themselves', async () => {
  const check = { memberId: m.coordinator, kind: 'DBS_ENHANCED_WITH_ADULTS_BARRED_LIST', checkedOn: '2026-01-05', expiresOn: '2029-01-05' };
  expect(await forbiddenTo('coordinator', CHECK, { i: check })).toMatch(/own background check/);
  const training = { memberId: m.coordinator, title: 'Safeguarding adults', completedOn: '2026-01-05' };
  expect(await forbiddenTo('coordinator', TRAINING, { i: training })).toMatch(/own record/);
  const reference = { memberId: m.coordinator, refereeName: 'Sam', text: 'Reliable.', givenOn: '2026-01-05' };
  expect(await forbiddenTo('coordinator', REFERENCE, { i: reference })).toMatch(/own record/);
  const byAnother = await t.gql<any, unknown>(CHECK, { i: check }, second);
  expect(byAnother.errors, JSON.stringify(byAnother.errors)).toBeUndefined();
});

test('a coordinator draws nothing from the pool for themselves', async () => {
  const draw = { providerId: w.providerA, toMemberId: m.coordinator, minutes: 1, reason: 'No credit' };
  expect(await forbiddenTo('coordinator', DRAW, { i: draw })).toMatch(/pool for themselves/);
});

test('help a coordinator recorded for others is confirmed by someone else: the member helped or another coordinator', async () => {
  const startedAt = londonAt(recentWorkingDay(), '10:00').toISOString();
  const i = { providerId: w.providerA, helperMemberId: m.helper, receiverMemberId: m.person, category: 'lifts', startedAt, minutes: 30 };
  const recorded = await t.gql<any, unknown>(RECORD, { i }, w.headers('coordinator'));
  const exchangeId = recorded.data!.recordExchange.id as string;
  expect(await forbiddenTo('coordinator', CONFIRM, { id: exchangeId })).toMatch(/confirmed by someone else/);
  const confirmed = await t.gql<any, unknown>(CONFIRM, { id: exchangeId }, second);
  expect(confirmed.data?.confirmExchange, JSON.stringify(confirmed)).toMatchObject({ status: 'CONFIRMED', creditedMinutes: 30 });
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

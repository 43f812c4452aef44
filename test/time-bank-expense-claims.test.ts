import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import { londonDate } from '../api/common/london.js';
import { useTestApp } from './support/app.js';
import { APPROVE, CLAIM, PAY, PDF, PNG, REJECT, receiptOf, travelClaim } from './support/expenses.js';
import { auditCount, code } from './support/graphql.js';
import { addTimeBankMember, approvedMemberOf, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { useWorld } from './support/world.js';

/**
 * No one out of pocket: a volunteer claims travel at the co-op's rate a mile or a receipted cost; the
 * co-op's coordinators approve or reject it with a reason and mark it paid; claims waiting more than 14
 * days are flagged; approved claims come out as a CSV to pay from. Bad claims are refused with nothing written.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

/** person volunteers with provider A (45p a mile); personB with provider B, whose rate is 30p. */
let memberId = '';
let memberB = '';
let headersB: Record<string, string> = {};
beforeAll(async () => {
  await openTimeBank(t, w.providerA);
  await openTimeBank(t, w.providerB, { travelPencePerMile: 30 });
  memberId = await approvedMemberOf(t, w.providerA, w.ids.person, ['VOLUNTEER']);
  memberB = await approvedMemberOf(t, w.providerB, w.ids.personB, ['VOLUNTEER']);
  headersB = { authorization: `Bearer ${await w.login(w.emails.personB)}` };
});

const today = () => londonDate();
const secondCoordinator = async () => ({ authorization: `Bearer ${await w.login(w.emails.secondCoordinator)}` });
const claimRows = async (): Promise<number> => (await t.db.query(`SELECT count(*)::int AS n FROM time_bank_expense_claim`))[0].n;
const claim = (input: Record<string, unknown>, headers = w.headers('person')) =>
  t.gql<any, unknown>(CLAIM, { i: { memberId, incurredOn: today(), description: 'Lift to the day centre', ...input } }, headers);
const claimed = async (input: Record<string, unknown>, headers = w.headers('person')) => {
  const res = await claim(input, headers);
  expect(res.data?.claimExpense?.__typename, JSON.stringify(res)).toBe('ExpenseClaim');
  return res.data.claimExpense;
};

/** What the database holds for a London date `days` from today. */
function daysFromToday(days: number): string {
  const [y, m, d] = today().split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

describe('claiming', () => {
  test('12.4 miles of travel at the co-op’s 45p a mile is £5.58, the rate kept on the claim, waiting for a coordinator', async () => {
    const c = await claimed({ kind: 'TRAVEL', miles: 12.4 });
    expect(c).toMatchObject({ kind: 'TRAVEL', miles: 12.4, pencePerMile: 45, amountPence: 558, status: 'SUBMITTED' });
    expect(c).toMatchObject({ receiptUrl: null, waitingTooLong: false, volunteerName: expect.any(String), incurredOn: today() });
    expect(await auditCount(t, 'expenseClaim.submit', c.id)).toBe(1);
  });

  test('the same 12.4 miles with a co-op whose rate is 30p is £3.72', async () => {
    const c = await claimed({ memberId: memberB, kind: 'TRAVEL', miles: 12.4 }, headersB);
    expect(c).toMatchObject({ pencePerMile: 30, amountPence: 372 });
  });

  test('childcare is claimed with its receipt (a PDF), which the claim links to', async () => {
    const receiptId = await receiptOf(t, PDF, w.headers('person'));
    const c = await claimed({ kind: 'CHILDCARE', amountPence: 2400, receiptId, description: 'Childminder while I sat with Mrs B' });
    expect(c).toMatchObject({ kind: 'CHILDCARE', amountPence: 2400, miles: null, pencePerMile: null });
    expect(c.receiptUrl).toMatch(new RegExp(`/timebank/receipts/${receiptId}$`));
  });

  test('travel may carry a receipt (a parking ticket’s photo) too', async () => {
    const receiptId = await receiptOf(t, PNG, w.headers('person'));
    const c = await claimed({ kind: 'TRAVEL', miles: 3, receiptId });
    expect(c).toMatchObject({ amountPence: 135 });
    expect(c.receiptUrl).not.toBeNull();
  });
});

describe('a claim refused, with nothing written', () => {
  const refusals: [string, string, () => Record<string, unknown>][] = [
    ['for tomorrow', 'input.incurredOn', () => ({ kind: 'TRAVEL', miles: 2, incurredOn: daysFromToday(1) })],
    ['for more than a year ago', 'input.incurredOn', () => ({ kind: 'TRAVEL', miles: 2, incurredOn: daysFromToday(-367) })],
    ['for year 0', 'input.incurredOn', () => ({ kind: 'TRAVEL', miles: 2, incurredOn: '0000-06-01' })],
    ['of travel by its amount', 'input.amountPence', () => ({ kind: 'TRAVEL', miles: 2, amountPence: 90 })],
    ['of travel without miles', 'input.miles', () => ({ kind: 'TRAVEL' })],
    ['of 0 miles', 'input.miles', () => ({ kind: 'TRAVEL', miles: 0 })],
    ['of 1000.1 miles', 'input.miles', () => ({ kind: 'TRAVEL', miles: 1000.1 })],
    ['of miles to the hundredth', 'input.miles', () => ({ kind: 'TRAVEL', miles: 2.25 })],
    [
      'of a meal with miles',
      'input.miles',
      () => ({ kind: 'MEALS', miles: 2, amountPence: 500, receiptId: '00000000-0000-4000-8000-000000000000' }),
    ],
    ['of childcare without a receipt', 'input.receiptId', () => ({ kind: 'CHILDCARE', amountPence: 2000 })],
    [
      'of £1,000.01',
      'input.amountPence',
      () => ({ kind: 'OTHER', amountPence: 100_001, receiptId: '00000000-0000-4000-8000-000000000000' }),
    ],
    ['of nothing', 'input.amountPence', () => ({ kind: 'OTHER', amountPence: 0, receiptId: '00000000-0000-4000-8000-000000000000' })],
    ['with a description over 500 characters', 'input.description', () => ({ kind: 'TRAVEL', miles: 2, description: 'x'.repeat(501) })],
  ];
  test.each(refusals)('%s: BAD_USER_INPUT naming %s', async (_what, argument, input) => {
    const before = await claimRows();
    const res = await claim(input());
    expect(code(res), JSON.stringify(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.argument).toBe(argument);
    expect(await claimRows()).toBe(before);
  });

  test('a claim without a receipt says which claims need one', async () => {
    const res = await claim({ kind: 'MEALS', amountPence: 800 });
    expect(res.errors![0]!.message).toBe('A receipt is needed for every claim except travel.');
  });

  test('a claim for a day still to come says so', async () => {
    const res = await claim({ kind: 'TRAVEL', miles: 2, incurredOn: daysFromToday(1) });
    expect(res.errors![0]!.message).toMatch(/day still to come/);
  });

  test('someone else’s receipt: FORBIDDEN, and the receipt stays unclaimed', async () => {
    const theirs = await receiptOf(t, PNG, w.headers('otherPerson'));
    const before = await claimRows();
    const res = await claim({ kind: 'MEALS', amountPence: 700, receiptId: theirs });
    expect(code(res)).toBe('FORBIDDEN');
    expect(await claimRows()).toBe(before);
  });

  test('a receipt another claim took: ConflictError, nothing written', async () => {
    const receiptId = await receiptOf(t, PNG, w.headers('person'));
    await claimed({ kind: 'MEALS', amountPence: 700, receiptId });
    const before = await claimRows();
    const res = await claim({ kind: 'OTHER', amountPence: 300, receiptId });
    expect(res.data.claimExpense).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    expect(await claimRows()).toBe(before);
  });

  test('one receipt claimed twice at once: one claim takes it, the other is a ConflictError', async () => {
    const receiptId = await receiptOf(t, PNG, w.headers('person'));
    const results = await Promise.all(
      Array.from({ length: 6 }, () => claim({ kind: 'MEALS', amountPence: 700, receiptId }).then((r) => r.data?.claimExpense.__typename)),
    );
    expect(results.sort()).toEqual(['ConflictError', 'ConflictError', 'ConflictError', 'ConflictError', 'ConflictError', 'ExpenseClaim']);
    expect((await t.db.query(`SELECT count(*)::int AS n FROM time_bank_expense_claim WHERE receipt_id = $1`, [receiptId]))[0].n).toBe(1);
  });

  test.each([
    ['a representative with every right of hers', 'representativeAll'],
    ['the co-op’s coordinator', 'coordinator'],
    ['another member', 'otherPerson'],
  ] as const)('for the volunteer by %s: FORBIDDEN', async (_who, role) => {
    const before = await claimRows();
    expect(code(await claim({ kind: 'TRAVEL', miles: 2 }, w.headers(role)))).toBe('FORBIDDEN');
    expect(await claimRows()).toBe(before);
  });

  test('by a member who only receives support, or is not yet approved: BAD_USER_INPUT naming input.memberId', async () => {
    const receiver = await addTimeBankMember(t, w.providerA, w.ids.otherPerson, ['RECEIVER']);
    const pending = await addTimeBankMember(t, w.providerA, w.ids.representativeNone, ['VOLUNTEER'], 'PENDING');
    const before = await claimRows();
    for (const [id, role] of [
      [receiver, 'otherPerson'],
      [pending, 'representativeNone'],
    ] as const) {
      const res = await claim({ memberId: id, kind: 'TRAVEL', miles: 2 }, w.headers(role));
      expect(code(res), JSON.stringify(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.argument).toBe('input.memberId');
    }
    expect(await claimRows()).toBe(before);
  });
});

describe('deciding', () => {
  test('a coordinator approves, then marks paid; each step audited', async () => {
    const c = await claimed({ kind: 'TRAVEL', miles: 5 });
    const approved = await t.gql<any, unknown>(APPROVE, { id: c.id }, w.headers('coordinator'));
    expect(approved.data.approveExpenseClaim).toMatchObject({
      __typename: 'ExpenseClaim',
      status: 'APPROVED',
      decidedAt: expect.any(String),
    });
    const paid = await t.gql<any, unknown>(PAY, { id: c.id }, await secondCoordinator());
    expect(paid.data.markExpenseClaimPaid).toMatchObject({ status: 'PAID', paidAt: expect.any(String) });
    expect([await auditCount(t, 'expenseClaim.approve', c.id), await auditCount(t, 'expenseClaim.pay', c.id)]).toEqual([1, 1]);
  });

  test('a coordinator rejects with a reason the volunteer reads', async () => {
    const c = await claimed({ kind: 'TRAVEL', miles: 5 });
    const rejected = await t.gql<any, unknown>(
      REJECT,
      { i: { claimId: c.id, reason: 'This trip was claimed last week.' } },
      w.headers('coordinator'),
    );
    expect(rejected.data.rejectExpenseClaim).toMatchObject({ status: 'REJECTED', rejectionReason: 'This trip was claimed last week.' });
    const mine = await t.gql<any, unknown>(
      `query($id: ID!) { timeBankMember(id: $id) { expenseClaims(status: REJECTED) { edges { node { id rejectionReason } } } } }`,
      { id: memberId },
      w.headers('person'),
    );
    expect(mine.data.timeBankMember.expenseClaims.edges.map((e: any) => e.node)).toContainEqual({
      id: c.id,
      rejectionReason: 'This trip was claimed last week.',
    });
  });

  test('a rejection without a reason is BAD_USER_INPUT naming input.reason, the claim still waiting', async () => {
    const c = await claimed({ kind: 'TRAVEL', miles: 5 });
    const res = await t.gql<any, unknown>(REJECT, { i: { claimId: c.id, reason: '   ' } }, w.headers('coordinator'));
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions!.argument).toBe('input.reason');
    expect((await t.db.query(`SELECT status FROM time_bank_expense_claim WHERE id = $1`, [c.id]))[0].status).toBe('SUBMITTED');
  });

  test('only a submitted claim is decided and only an approved one paid: ConflictError otherwise, nothing changed', async () => {
    const c = await claimed({ kind: 'TRAVEL', miles: 5 });
    const early = await t.gql<any, unknown>(PAY, { id: c.id }, w.headers('coordinator'));
    expect(early.data.markExpenseClaimPaid).toMatchObject({
      __typename: 'ConflictError',
      message: 'Only an approved claim can be marked paid; this one is still waiting.',
    });
    await t.gql(APPROVE, { id: c.id }, w.headers('coordinator'));
    const again = await t.gql<any, unknown>(REJECT, { i: { claimId: c.id, reason: 'No' } }, w.headers('coordinator'));
    expect(again.data.rejectExpenseClaim).toMatchObject({
      __typename: 'ConflictError',
      code: 'CONFLICT',
      message: 'Only a submitted claim can be rejected; this one was approved.',
    });
    const refused = await claimed({ kind: 'TRAVEL', miles: 5 });
    await t.gql(REJECT, { i: { claimId: refused.id, reason: 'Not ours' } }, w.headers('coordinator'));
    const payRejected = await t.gql<any, unknown>(PAY, { id: refused.id }, w.headers('coordinator'));
    expect(payRejected.data.markExpenseClaimPaid.message).toBe('Only an approved claim can be marked paid; this one was rejected.');
    expect((await t.db.query(`SELECT status, rejection_reason FROM time_bank_expense_claim WHERE id = $1`, [c.id]))[0]).toEqual({
      status: 'APPROVED',
      rejection_reason: null,
    });
  });

  test('approved and rejected at once by two coordinators: exactly one wins, the other is a ConflictError', async () => {
    for (let round = 0; round < 5; round++) {
      const c = await claimed({ kind: 'TRAVEL', miles: 1 });
      const [a, r] = await Promise.all([
        t.gql<any, unknown>(APPROVE, { id: c.id }, w.headers('coordinator')),
        t.gql<any, unknown>(REJECT, { i: { claimId: c.id, reason: 'Duplicate' } }, w.headers('admin')),
      ]);
      const outcomes = [a.data.approveExpenseClaim.__typename, r.data.rejectExpenseClaim.__typename].sort();
      expect(outcomes).toEqual(['ConflictError', 'ExpenseClaim']);
      const [row] = await t.db.query(`SELECT status FROM time_bank_expense_claim WHERE id = $1`, [c.id]);
      expect(row.status).toBe(a.data.approveExpenseClaim.__typename === 'ExpenseClaim' ? 'APPROVED' : 'REJECTED');
      const decisions = (await auditCount(t, 'expenseClaim.approve', c.id)) + (await auditCount(t, 'expenseClaim.reject', c.id));
      expect(decisions).toBe(1);
    }
  });

  test('a coordinator cannot decide their own claim; another coordinator of the co-op can', async () => {
    const own = await approvedMemberOf(t, w.providerA, w.ids.coordinator, ['VOLUNTEER']);
    const c = await claimed({ memberId: own, kind: 'TRAVEL', miles: 4 }, w.headers('coordinator'));
    for (const doc of [APPROVE, PAY]) expect(code(await t.gql(doc, { id: c.id }, w.headers('coordinator')))).toBe('FORBIDDEN');
    expect(code(await t.gql(REJECT, { i: { claimId: c.id, reason: 'Mine' } }, w.headers('coordinator')))).toBe('FORBIDDEN');
    const other = await t.gql<any, unknown>(APPROVE, { id: c.id }, await secondCoordinator());
    expect(other.data.approveExpenseClaim.status).toBe('APPROVED');
  });
});

const WAITING = `query($p: ID!, $flag: Boolean, $first: Int) { timeBank(providerId: $p) {
  expenseClaimsWaitingTooLong
  expenseClaims(status: SUBMITTED, waitingTooLong: $flag, first: $first) {
    totalCount edges { node { id waitingTooLong submittedAt } } } } }`;

describe('claims waiting', () => {
  test('one submitted 15 days ago is flagged and one of 13 days is not; the list shows the longest waiting first', async () => {
    const volunteer = await approvedMemberOf(t, w.providerB, w.ids.otherPerson, ['VOLUNTEER']);
    const fifteen = await travelClaim(t, volunteer, { daysAgo: 15 });
    const thirteen = await travelClaim(t, volunteer, { daysAgo: 13 });
    const res = await t.gql<any, unknown>(WAITING, { p: w.providerB, first: 50 }, w.headers('otherCoordinator'));
    expect(res.errors).toBeUndefined();
    const nodes = res.data.timeBank.expenseClaims.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => [n.id, n.waitingTooLong]).slice(0, 2)).toEqual([
      [fifteen, true],
      [thirteen, false],
    ]);
    expect(res.data.timeBank.expenseClaimsWaitingTooLong).toBe(1);
    const flagged = await t.gql<any, unknown>(WAITING, { p: w.providerB, flag: true }, w.headers('otherCoordinator'));
    expect(flagged.data.timeBank.expenseClaims.edges.map((e: any) => e.node.id)).toEqual([fifteen]);
    const others = await t.gql<any, unknown>(WAITING, { p: w.providerB, flag: false }, w.headers('otherCoordinator'));
    expect(others.data.timeBank.expenseClaims.edges.map((e: any) => e.node.id)).not.toContain(fifteen);
  });

  test.each(['coordinator', 'person', 'otherPerson', 'representativeAll', 'partner', 'widget'] as const)(
    'another co-op’s claims, as %s: FORBIDDEN',
    async (role) => {
      const res = await t.gql(WAITING, { p: w.providerB }, w.headers(role));
      expect(code(res)).toBe('FORBIDDEN');
    },
  );

  test('anonymous: UNAUTHENTICATED', async () => {
    expect(code(await t.gql(WAITING, { p: w.providerB }, {}))).toBe('UNAUTHENTICATED');
  });
});

describe('a member’s claims', () => {
  const MINE = `query($id: ID!) { timeBankMember(id: $id) { expenseClaims(first: 100) { totalCount edges { node { id } } } } }`;
  test.each([
    ['the volunteer', 'person', null],
    ['the co-op’s coordinator', 'coordinator', null],
    ['an admin', 'admin', null],
    ['another co-op’s coordinator', 'otherCoordinator', 'FORBIDDEN'],
    ['another member', 'otherPerson', 'FORBIDDEN'],
    ['a representative with none of her rights', 'representativeNone', 'FORBIDDEN'],
    ['anonymous', 'public', 'UNAUTHENTICATED'],
  ] as const)('seen by %s: %s', async (_who, role, refusal) => {
    const res = await t.gql<any, unknown>(MINE, { id: memberId }, w.headers(role));
    if (refusal === null) expect(res.data.timeBankMember.expenseClaims.totalCount).toBeGreaterThan(0);
    else expect(code(res)).toBe(refusal);
  });

  test('a representative with every right of hers sees her membership but not her expenses', async () => {
    const res = await t.gql<any, unknown>(MINE, { id: memberId }, w.headers('representativeAll'));
    expect(code(res)).toBe('FORBIDDEN');
    expect(res.errors![0]!.path).toEqual(['timeBankMember', 'expenseClaims']);
  });
});

describe('the CSV of approved claims for payment', () => {
  const csv = (providerId: string, headers: Record<string, string>) =>
    fetch(`${t.url}/timebank/${providerId}/expense-claims/approved.csv`, { headers });

  test('lists every approved, unpaid claim, oldest first, with the right sums, formulas defused; the download is audited', async () => {
    const volunteer = await approvedMemberOf(t, w.providerB, w.ids.personB, ['VOLUNTEER']);
    const older = await claimed(
      { memberId: volunteer, kind: 'TRAVEL', miles: 12.4, description: '=HYPERLINK("https://evil.example")' },
      headersB,
    );
    const receiptId = await receiptOf(t, PNG, headersB);
    const newer = await claimed({ memberId: volunteer, kind: 'MEALS', amountPence: 1050, receiptId, description: 'Soup' }, headersB);
    const paid = await claimed({ memberId: volunteer, kind: 'TRAVEL', miles: 1 }, headersB);
    const waiting = await claimed({ memberId: volunteer, kind: 'TRAVEL', miles: 2 }, headersB);
    for (const id of [older.id, newer.id, paid.id]) await t.gql(APPROVE, { id }, w.headers('otherCoordinator'));
    await t.gql(PAY, { id: paid.id }, w.headers('otherCoordinator'));
    const exportsBefore = await auditCount(t, 'expenseClaims.export', w.providerB);

    const res = await csv(w.providerB, w.headers('otherCoordinator'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="expense-claims-approved-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows: string[][] = parse(await res.text(), { bom: true });
    expect(rows[0]).toEqual([
      'Claim',
      'Volunteer',
      'Kind',
      'Incurred on',
      'Description',
      'Miles',
      'Pence per mile',
      'Amount (£)',
      'Approved on',
      'Approved by',
    ]);
    const body = rows.slice(1);
    expect(body.map((r) => r[0])).toEqual([older.id, newer.id]);
    expect(body.map((r) => r[0])).not.toContain(paid.id);
    expect(body.map((r) => r[0])).not.toContain(waiting.id);
    expect(body[0]).toEqual([
      older.id,
      expect.any(String),
      'Travel',
      today(),
      `'=HYPERLINK("https://evil.example")`,
      '12.4',
      '30',
      '3.72',
      today(),
      expect.any(String),
    ]);
    expect(body[1]!.slice(2, 8)).toEqual(['Meals', today(), 'Soup', '', '', '10.50']);
    const names: { id: string; name: string }[] = await t.db.query(`SELECT id, name FROM person WHERE id = ANY($1)`, [
      [w.ids.personB, w.ids.otherCoordinator],
    ]);
    const nameOf = (id: string) => names.find((n) => n.id === id)!.name;
    expect([body[0]![1], body[0]![9]]).toEqual([nameOf(w.ids.personB), nameOf(w.ids.otherCoordinator)]);
    expect(await auditCount(t, 'expenseClaims.export', w.providerB)).toBe(exportsBefore + 1);
  });

  test.each([
    ['public', 401],
    ['coordinator', 403],
    ['personB', 403],
    ['partner', 403],
    ['widget', 403],
    ['admin', 200],
  ] as const)('as %s: %i', async (role, status) => {
    const headers = role === 'personB' ? headersB : w.headers(role);
    const res = await csv(w.providerB, headers);
    expect(res.status).toBe(status);
    if (status !== 200) expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  test('a co-op without a time bank is 404 and an id that is not one 400', async () => {
    expect((await csv('00000000-0000-4000-8000-000000000000', w.headers('admin'))).status).toBe(404);
    expect((await csv('colne-valley', w.headers('admin'))).status).toBe(400);
  });
});

describe('claim lists are batched', () => {
  const NODE = 'id volunteerName waitingTooLong receiptUrl amountPence';
  const CO_OP = `query($id: ID!, $first: Int) {
    timeBank(providerId: $id) { expenseClaims(first: $first) { edges { node { ${NODE} } } } } }`;
  const MEMBER = `query($id: ID!, $first: Int) {
    timeBankMember(id: $id) { expenseClaims(first: $first) { edges { node { ${NODE} } } } } }`;

  async function statementsFor(query: string, id: string, first: number) {
    t.statements.reset();
    const res = await t.gql<any, unknown>(query, { id, first }, w.headers('admin'));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const list = res.data.timeBank ?? res.data.timeBankMember;
    return { statements: t.statements.count, rows: list.expenseClaims.edges.length };
  }

  beforeAll(async () => {
    const people = [w.ids.person, w.ids.otherPerson, w.ids.careWorker, w.ids.friend, w.ids.assessed, w.ids.assessed2];
    for (const personId of people) {
      const member = await approvedMemberOf(t, w.providerA, personId, ['VOLUNTEER']);
      for (let i = 0; i < 10; i++) await travelClaim(t, member, { daysAgo: i });
    }
  });

  test('a page of 50 of the co-op’s claims, of many volunteers, costs the statements of a page of 5', async () => {
    const five = await statementsFor(CO_OP, w.providerA, 5);
    const fifty = await statementsFor(CO_OP, w.providerA, 50);
    expect([five.rows, fifty.rows]).toEqual([5, 50]);
    expect(fifty.statements).toBe(five.statements);
  });

  test('a page of 50 of a member’s claims costs the statements of a page of 5', async () => {
    const five = await statementsFor(MEMBER, memberId, 5);
    const fifty = await statementsFor(MEMBER, memberId, 50);
    expect(five.rows).toBe(5);
    expect(fifty.rows).toBeGreaterThan(10);
    expect(fifty.statements).toBe(five.statements);
  });
});

test('a coordinator opens the claimant’s membership from a claim', async () => {
  const c = await claimed({ kind: 'TRAVEL', miles: 3 });
  const [{ member_id }] = await t.db.query(`SELECT member_id FROM time_bank_expense_claim WHERE id = $1`, [c.id]);
  const doc = `query($m: ID!) { timeBankMember(id: $m) { expenseClaims(first: 1) { edges { node { id member { id status } } } } } }`;
  const res = await t.gql<any, unknown>(doc, { m: member_id }, w.headers('coordinator'));
  expect(res.errors).toBeUndefined();
  expect(res.data.timeBankMember.expenseClaims.edges[0].node).toEqual({ id: c.id, member: { id: member_id, status: 'APPROVED' } });
});

test('each decision and the pool gift answer with a union of their own name', async () => {
  const res = await t.gql<any, unknown>(`{ __schema { mutationType { fields { name type { ofType { name } } } } } }`, {});
  const results = Object.fromEntries(res.data.__schema.mutationType.fields.map((f: any) => [f.name, f.type.ofType?.name]));
  expect(results).toMatchObject({
    approveExpenseClaim: 'ApproveExpenseClaimResult',
    rejectExpenseClaim: 'RejectExpenseClaimResult',
    markExpenseClaimPaid: 'MarkExpenseClaimPaidResult',
    giveToCommunityPool: 'GiveToCommunityPoolResult',
  });
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

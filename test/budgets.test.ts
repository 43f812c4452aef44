import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { addPerson } from './support/accounts.js';
import { expectLedgersBalanced, holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import { bearer, code } from './support/graphql.js';
import { PASSWORD, type RoleName, useWorld } from './support/world.js';

/**
 * Story 1, "Allocate", and the money side of story 8: officers allocate budgets of each kind, direct
 * payments arrive in instalments, people top up, and everyone who may see a budget sees where its money is.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const year = new Date().getUTCFullYear();
const PERIOD = { periodStart: `${year}-01-01`, periodEnd: `${year}-12-31` };
const BUDGET_FIELDS = `id kind carePostcode periodStart periodEnd allocatedPence paidInPence committedPence spentPence availablePence
  agreedOutcomes person { id name } council { id } heldBy { id }`;
const ALLOCATE = `mutation($i: AllocatePersonalBudgetInput!) { allocatePersonalBudget(input: $i) { ${BUDGET_FIELDS} } }`;
const PAY = `mutation($i: RecordDirectPaymentInput!) { recordDirectPayment(input: $i) { ${BUDGET_FIELDS} } }`;
const TOP_UP = `mutation($i: TopUpPersonalBudgetInput!) { topUpPersonalBudget(input: $i) { ${BUDGET_FIELDS} } }`;
const BUDGET = `query($id: ID!) { personalBudget(id: $id) { ${BUDGET_FIELDS} } }`;

type Budget = {
  id: string;
  kind: string;
  carePostcode: string;
  allocatedPence: number;
  paidInPence: number;
  committedPence: number;
  spentPence: number;
  availablePence: number;
  agreedOutcomes: string | null;
  person: { id: string; name: string };
  council: { id: string } | null;
  heldBy: { id: string } | null;
};

let friend: Record<string, string> | undefined;
/** The headers of a role, or of the friend (VIEW_PLAN only), who is no role of the matrix and signs in once. */
async function headersOf(who: RoleName | 'friend'): Promise<Record<string, string>> {
  if (who !== 'friend') return w.headers(who);
  friend ??= bearer(await w.login(w.emails.friend));
  return friend;
}

let emails = 0;
const freshEmail = () => `budget-holder-${emails++}@test.example`;

async function allocate(input: Record<string, unknown>, role: RoleName = 'officer') {
  return t.gql<{ allocatePersonalBudget: Budget }, unknown>(
    ALLOCATE,
    {
      i: {
        personEmail: freshEmail(),
        personName: 'Budget Holder',
        postcode: 'hd1 2ta',
        kind: 'COUNCIL_MANAGED',
        allocatedPence: 500_000,
        ...PERIOD,
        ...input,
      },
    },
    w.headers(role),
  );
}

async function allocated(input: Record<string, unknown>, role: RoleName = 'officer'): Promise<Budget> {
  const res = await allocate(input, role);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.allocatePersonalBudget;
}

async function budget(id: string, role: RoleName = 'officer'): Promise<Budget> {
  const res = await t.gql<{ personalBudget: Budget }, unknown>(BUDGET, { id }, w.headers(role));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.personalBudget;
}

/** Rows that a refused write must not have added. */
async function rowCounts() {
  const [row] = await t.db.query(`SELECT
    (SELECT count(*) FROM personal_budget)::int AS budgets, (SELECT count(*) FROM budget_ledger_entry)::int AS lines,
    (SELECT count(*) FROM person)::int AS people, (SELECT count(*) FROM audit_event)::int AS audit`);
  return row as Record<string, number>;
}

describe('an officer allocates', () => {
  test.each([
    ['DIRECT_PAYMENT', 0],
    ['COUNCIL_MANAGED', 500_000],
  ])('a %s budget to a new person, who is created without a password; available is %i', async (kind, available) => {
    const email = freshEmail();
    const b = await allocated({ kind, personEmail: email.toUpperCase(), personName: '  Edna Holt ' });
    expect(b).toMatchObject({
      kind,
      carePostcode: 'HD1 2TA',
      allocatedPence: 500_000,
      paidInPence: 0,
      committedPence: 0,
      availablePence: available,
      person: { name: 'Edna Holt' },
      council: { id: w.councilA },
      heldBy: null,
      agreedOutcomes: null,
    });
    const [person] = await t.db.query(`SELECT email, password_hash, council_id FROM person WHERE id = $1`, [b.person.id]);
    expect(person).toEqual({ email, password_hash: null, council_id: w.councilA });
    const lines = await t.db.query(
      `SELECT kind, amount_pence, to_char(effective_on, 'YYYY-MM-DD') AS on FROM budget_ledger_entry WHERE budget_id = $1`,
      [b.id],
    );
    expect(lines).toEqual([{ kind: 'ALLOCATION', amount_pence: 500_000, on: PERIOD.periodStart }]);
    const [event] = await t.db.query(
      `SELECT actor_person_id, council_ids, summary FROM audit_event WHERE action = 'budget.allocate' AND object_id = $1`,
      [b.id],
    );
    expect(event).toEqual({
      actor_person_id: w.ids.officer,
      council_ids: [w.councilA],
      summary: { personId: b.person.id, kind, allocatedPence: 500_000, ...PERIOD },
    });
  });

  test('an INDIVIDUAL_SERVICE_FUND held by a published provider, with outcomes no audit event repeats', async () => {
    const outcomes = 'Get to chapel on Sundays; manage my diabetes at home';
    const b = await allocated({ kind: 'INDIVIDUAL_SERVICE_FUND', heldByProviderId: w.providerA, agreedOutcomes: outcomes });
    expect(b).toMatchObject({
      kind: 'INDIVIDUAL_SERVICE_FUND',
      heldBy: { id: w.providerA },
      agreedOutcomes: outcomes,
      availablePence: 500_000,
    });
    // The holding provider's coordinator sees it; the audit trail never holds the outcomes.
    expect((await budget(b.id, 'coordinator')).agreedOutcomes).toBe(outcomes);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_event WHERE summary::text LIKE '%diabetes%'`);
    expect(n).toBe(0);
  });

  test('the outcomes are for the person, BOOK, the council and the holding provider; not VIEW_BUDGET, who sees the money', async () => {
    const outcomes = 'Keep my epilepsy plan with the people who visit';
    const { id } = await allocated({
      personEmail: w.emails.person,
      kind: 'INDIVIDUAL_SERVICE_FUND',
      heldByProviderId: w.providerA,
      agreedOutcomes: outcomes,
    });
    const read = (role: RoleName) =>
      t.gql<{ personalBudget: { availablePence: number; agreedOutcomes: string | null } }, unknown>(
        `query($id: ID!) { personalBudget(id: $id) { availablePence agreedOutcomes } }`,
        { id },
        w.headers(role),
      );
    for (const role of ['person', 'representativeAll', 'officer', 'coordinator', 'admin'] as const) {
      expect((await read(role)).data?.personalBudget, role).toEqual({ availablePence: 500_000, agreedOutcomes: outcomes });
    }
    // A BUDGET_VIEW widget session acts with VIEW_BUDGET only.
    const widget = await read('widget');
    expect([code(widget), widget.data?.personalBudget]).toEqual(['FORBIDDEN', { availablePence: 500_000, agreedOutcomes: null }]);
  });

  test('to an existing person by email, reusing their record, and an admin names the council', async () => {
    const b = await allocated({ personEmail: w.emails.otherPerson, personName: 'Not Used', councilId: w.councilA }, 'admin');
    expect(b.person).toEqual({ id: w.ids.otherPerson, name: 'otherPerson' });
  });

  test.each([
    ['no provider', { agreedOutcomes: 'x' }, 'BAD_USER_INPUT', 'input.heldByProviderId'],
    ['no outcomes', { heldByProviderId: 'PROVIDER_A' }, 'BAD_USER_INPUT', 'input.agreedOutcomes'],
    ['blank outcomes', { heldByProviderId: 'PROVIDER_A', agreedOutcomes: '   ' }, 'BAD_USER_INPUT', 'input.agreedOutcomes'],
    ['an unpublished provider', { heldByProviderId: 'PROVIDER_B', agreedOutcomes: 'x' }, 'NOT_FOUND', 'input.heldByProviderId'],
  ])('an ISF with %s is refused', async (_what, input, failure, argument) => {
    const ids: Record<string, string> = { PROVIDER_A: w.providerA, PROVIDER_B: w.providerB };
    const i = Object.fromEntries(Object.entries(input).map(([k, v]) => [k, ids[v] ?? v]));
    const before = await rowCounts();
    const res = await allocate({ kind: 'INDIVIDUAL_SERVICE_FUND', ...i });
    expect({ code: code(res), argument: res.errors?.[0]?.extensions?.argument }).toEqual({ code: failure, argument });
    expect(await rowCounts()).toEqual(before);
  });

  test('a provider or outcomes on another kind of budget are refused', async () => {
    expect(code(await allocate({ kind: 'DIRECT_PAYMENT', heldByProviderId: w.providerA }))).toBe('BAD_USER_INPUT');
    expect(code(await allocate({ kind: 'COUNCIL_MANAGED', agreedOutcomes: 'x' }))).toBe('BAD_USER_INPUT');
  });
});

describe('bad input is a typed error and writes nothing', () => {
  test.each([
    ['0 pence', { allocatedPence: 0 }, 'BAD_USER_INPUT', 'input.allocatedPence'],
    ['negative pence', { allocatedPence: -100 }, 'BAD_USER_INPUT', 'input.allocatedPence'],
    ['over £1,000,000', { allocatedPence: 100_000_001 }, 'BAD_USER_INPUT', 'input.allocatedPence'],
    [
      'a period that ends before it starts',
      { periodStart: `${year}-06-02`, periodEnd: `${year}-06-01` },
      'BAD_USER_INPUT',
      'input.periodEnd',
    ],
    [
      'a period of 3 years and a day',
      { periodStart: `${year}-01-01`, periodEnd: `${year + 3}-01-01` },
      'BAD_USER_INPUT',
      'input.periodEnd',
    ],
    ['a period in year 9999', { periodStart: '9999-01-01', periodEnd: '9999-12-31' }, 'BAD_USER_INPUT', 'input.periodStart'],
    ['a period in year 1', { periodStart: '0001-01-01', periodEnd: '0001-12-31' }, 'BAD_USER_INPUT', 'input.periodStart'],
    ['a malformed postcode', { postcode: 'not a postcode' }, 'INVALID_POSTCODE', 'input.postcode'],
    ['a district, not a postcode', { postcode: 'HD1' }, 'INVALID_POSTCODE', 'input.postcode'],
    ['a town, not a postcode: a care address must be exact', { postcode: 'Holmfirth' }, 'INVALID_POSTCODE', 'input.postcode'],
    ['an unknown postcode', { postcode: 'ZE9 9ZZ' }, 'POSTCODE_NOT_FOUND', 'input.postcode'],
    ['a SELF_FUNDED kind', { kind: 'SELF_FUNDED' }, 'BAD_USER_INPUT', 'input.kind'],
    ['a malformed email', { personEmail: 'nobody' }, 'BAD_USER_INPUT', 'input.personEmail'],
    ['an empty name', { personName: '  ' }, 'BAD_USER_INPUT', 'input.personName'],
  ])('%s', async (_what, input, failure, argument) => {
    const before = await rowCounts();
    const res = await allocate(input);
    expect({ code: code(res), argument: res.errors?.[0]?.extensions?.argument }).toEqual({ code: failure, argument });
    expect(res.data?.allocatePersonalBudget ?? null).toBeNull();
    expect(await rowCounts()).toEqual(before);
  });

  test('a period of exactly 3 years is accepted', async () => {
    expect((await allocate({ periodStart: `${year}-01-01`, periodEnd: `${year + 2}-12-31` })).errors).toBeUndefined();
  });

  test('an unknown council is NOT_FOUND for an admin; an admin must name one', async () => {
    const before = await rowCounts();
    const unknown = await allocate({ councilId: '00000000-0000-4000-8000-000000000001' }, 'admin');
    expect({ code: code(unknown), argument: unknown.errors?.[0]?.extensions?.argument }).toEqual({
      code: 'NOT_FOUND',
      argument: 'input.councilId',
    });
    expect(code(await allocate({}, 'admin'))).toBe('BAD_USER_INPUT');
    expect(await rowCounts()).toEqual(before);
  });

  test.each([
    ['an officer of another council, for council A', 'otherOfficer', true],
    ['a coordinator', 'coordinator', false],
    ['the person', 'person', false],
  ] as const)('%s is FORBIDDEN', async (_who, role, namesCouncil) => {
    const before = await rowCounts();
    expect(code(await allocate(namesCouncil ? { councilId: w.councilA } : {}, role))).toBe('FORBIDDEN');
    expect(await rowCounts()).toEqual(before);
  });

  test('an officer cannot allocate a budget to themself', async () => {
    const before = await rowCounts();
    expect(code(await allocate({ personEmail: w.emails.officer }))).toBe('FORBIDDEN');
    expect(await rowCounts()).toEqual(before);
  });
});

describe('a direct payment', () => {
  test('commits only what was paid in, and instalments never add up to more than the allocation', async () => {
    const b = await allocated({ kind: 'DIRECT_PAYMENT', allocatedPence: 10_000 });
    const pay = (amountPence: number, paidOn = PERIOD.periodStart, role: RoleName = 'officer') =>
      t.gql<{ recordDirectPayment: Budget }, unknown>(PAY, { i: { budgetId: b.id, amountPence, paidOn } }, w.headers(role));

    const first = await pay(3_000);
    expect(first.errors).toBeUndefined();
    expect(first.data!.recordDirectPayment).toMatchObject({ allocatedPence: 10_000, paidInPence: 3_000, availablePence: 3_000 });
    // An hour of home care costs £35.50 (£33 and £2.50 travel): more than was paid in, though less than allocated.
    const visit = { start: hoursFromNow(72), minutes: 60 };
    await expect(holdBooking(t.services, { budgetId: b.id, serviceId: w.services.home, visits: [visit] })).rejects.toThrow(/overdrawn/);

    expect((await pay(4_000)).errors).toBeUndefined();
    await holdBooking(t.services, { budgetId: b.id, serviceId: w.services.home, visits: [visit] });
    expect(await budget(b.id)).toMatchObject({ paidInPence: 7_000, committedPence: 3_550, availablePence: 3_450 });

    const before = await rowCounts();
    const over = await pay(3_001);
    expect(code(over)).toBe('BAD_USER_INPUT');
    expect(over.errors![0]!.message).toMatch(/£30\.00 is left to pay/);
    expect(code(await pay(100, `${year + 1}-01-01`))).toBe('BAD_USER_INPUT');
    expect(code(await pay(100, '2099-01-01'))).toBe('BAD_USER_INPUT');
    expect(code(await pay(0))).toBe('BAD_USER_INPUT');
    expect(code(await pay(100, PERIOD.periodStart, 'otherOfficer'))).toBe('FORBIDDEN');
    expect(code(await pay(100, PERIOD.periodStart, 'person'))).toBe('FORBIDDEN');
    expect(await rowCounts()).toEqual(before);

    expect((await pay(3_000)).data!.recordDirectPayment).toMatchObject({ paidInPence: 10_000, availablePence: 6_450 });
    const events = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'budget.ledger' AND object_id = $1 ORDER BY id`, [
      b.id,
    ]);
    expect(events.map((e: { summary: { pence: unknown } }) => e.summary.pence)).toEqual([
      { ALLOCATION: 10_000 },
      { PAYMENT_IN: 3_000 },
      { PAYMENT_IN: 4_000 },
      { HOLD: 3_550 },
      { PAYMENT_IN: 3_000 },
    ]);
  });

  test('concurrent instalments never pay in more than the allocation', async () => {
    const b = await allocated({ kind: 'DIRECT_PAYMENT', allocatedPence: 5_000 });
    const results = await Promise.all(
      Array.from({ length: 12 }, () =>
        t.gql(PAY, { i: { budgetId: b.id, amountPence: 1_000, paidOn: PERIOD.periodStart } }, w.headers('officer')),
      ),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(5);
    expect(results.filter((r) => code(r) === 'BAD_USER_INPUT')).toHaveLength(7);
    expect(await budget(b.id)).toMatchObject({ paidInPence: 5_000, availablePence: 5_000 });
  });

  test('only a DIRECT_PAYMENT takes instalments; an unknown budget is NOT_FOUND', async () => {
    const b = await allocated({ kind: 'COUNCIL_MANAGED' });
    const res = await t.gql(PAY, { i: { budgetId: b.id, amountPence: 100, paidOn: PERIOD.periodStart } }, w.headers('officer'));
    expect({ code: code(res), argument: res.errors?.[0]?.extensions?.argument }).toEqual({
      code: 'BAD_USER_INPUT',
      argument: 'input.budgetId',
    });
    const unknown = { budgetId: '00000000-0000-4000-8000-000000000002', amountPence: 100, paidOn: PERIOD.periodStart };
    expect(code(await t.gql(PAY, { i: unknown }, w.headers('officer')))).toBe('NOT_FOUND');
  });
});

describe('topping up', () => {
  test('by the person and by a representative with BOOK; not by a friend, an officer or a budget-view widget', async () => {
    const id = await personsBudget(t, w, 'DIRECT_PAYMENT', 1_000);
    const topUp = async (role: RoleName | 'friend', amountPence = 250) =>
      t.gql<{ topUpPersonalBudget: Budget }, unknown>(TOP_UP, { i: { budgetId: id, amountPence } }, await headersOf(role));
    expect((await topUp('person')).data!.topUpPersonalBudget).toMatchObject({ paidInPence: 250, availablePence: 250 });
    expect((await topUp('representativeAll')).data!.topUpPersonalBudget).toMatchObject({ paidInPence: 500, availablePence: 500 });
    await headersOf('friend');
    const before = await rowCounts();
    for (const role of ['friend', 'officer', 'otherPerson', 'widget', 'coordinator'] as const)
      expect(code(await topUp(role)), role).toBe('FORBIDDEN');
    expect(code(await topUp('public'))).toBe('UNAUTHENTICATED');
    expect(code(await topUp('person', 100_000_001))).toBe('BAD_USER_INPUT');
    expect(code(await topUp('person', -1))).toBe('BAD_USER_INPUT');
    expect(await rowCounts()).toEqual(before);
  });

  test('top-ups add up to at most £1,000,000 a budget, so every figure of it stays a GraphQL Int', async () => {
    const id = await personsBudget(t, w, 'COUNCIL_MANAGED', 100_000_000);
    const topUp = (amountPence: number) =>
      t.gql<{ topUpPersonalBudget: Budget }, unknown>(TOP_UP, { i: { budgetId: id, amountPence } }, w.headers('person'));
    expect((await topUp(99_999_999)).data!.topUpPersonalBudget).toMatchObject({ availablePence: 199_999_999 });
    expect((await topUp(1)).data!.topUpPersonalBudget).toMatchObject({ availablePence: 200_000_000 });
    const before = await rowCounts();
    const over = await topUp(1);
    expect(code(over)).toBe('BAD_USER_INPUT');
    expect(over.errors![0].message).toContain('£1,000,000');
    expect(await rowCounts()).toEqual(before);
  });

  test('a person opens a SELF_FUNDED budget of their own, belonging to no council', async () => {
    const res = await t.gql<{ openSelfFundedBudget: Budget }, unknown>(
      `mutation($i: OpenSelfFundedBudgetInput!) { openSelfFundedBudget(input: $i) { ${BUDGET_FIELDS} } }`,
      { i: { postcode: 'HD1 2TA', ...PERIOD, firstTopUpPence: 20_000 } },
      w.headers('otherPerson'),
    );
    expect(res.errors).toBeUndefined();
    const b = res.data!.openSelfFundedBudget;
    expect(b).toMatchObject({
      kind: 'SELF_FUNDED',
      council: null,
      person: { id: w.ids.otherPerson },
      allocatedPence: 0,
      paidInPence: 20_000,
      availablePence: 20_000,
    });
    // No officer sees a self-funder's money.
    expect(code(await t.gql(BUDGET, { id: b.id }, w.headers('officer')))).toBe('FORBIDDEN');
  });
});

describe('reading a budget', () => {
  test('someone else’s budget is FORBIDDEN with no hint; an unknown one NOT_FOUND; a malformed id BAD_USER_INPUT', async () => {
    const id = await personsBudget(t, w, 'COUNCIL_MANAGED', 1_000);
    for (const role of ['otherPerson', 'friend', 'otherOfficer', 'coordinator', 'careWorker', 'partner'] as const) {
      const res = await t.gql<{ personalBudget: Budget | null }, unknown>(BUDGET, { id }, await headersOf(role));
      expect(code(res), role).toBe('FORBIDDEN');
      expect(res.data?.personalBudget ?? null).toBeNull();
      expect(res.errors![0]!.message).not.toMatch(/budget/i);
    }
    expect(code(await t.gql(BUDGET, { id }, {}))).toBe('UNAUTHENTICATED');
    expect(code(await t.gql(BUDGET, { id: '00000000-0000-4000-8000-000000000003' }, w.headers('admin')))).toBe('NOT_FOUND');
    expect(code(await t.gql(BUDGET, { id: 'nope' }, w.headers('admin')))).toBe('BAD_USER_INPUT');
    for (const role of ['person', 'representativeAll', 'officer', 'admin', 'widget'] as const)
      expect((await budget(id, role)).availablePence, role).toBe(1_000);
  });

  test('a provider’s coordinator reaches a booked budget through the booking, but not its money', async () => {
    const id = await personsBudget(t, w, 'COUNCIL_MANAGED', 10_000);
    const { bookingId } = await holdBooking(t.services, {
      budgetId: id,
      serviceId: w.services.home,
      visits: [{ start: hoursFromNow(50), minutes: 30 }],
    });
    const q = (fields: string) =>
      t.gql<{ booking: { budget: Record<string, unknown> } }, unknown>(
        `query($id: ID!) { booking(id: $id) { budget { ${fields} } } }`,
        { id: bookingId },
        w.headers('coordinator'),
      );
    expect((await q('id kind person { id }')).data!.booking.budget).toEqual({ id, kind: 'COUNCIL_MANAGED', person: { id: w.ids.person } });
    expect(code(await q('availablePence'))).toBe('FORBIDDEN');
    expect(code(await q('ledger { totalCount }'))).toBe('FORBIDDEN');
  });

  test('the ledger pages oldest line first, each line once', async () => {
    const id = await personsBudget(t, w, 'DIRECT_PAYMENT', 100_000);
    for (let i = 1; i <= 6; i++) {
      const res = await t.gql(PAY, { i: { budgetId: id, amountPence: i * 100, paidOn: PERIOD.periodStart } }, w.headers('officer'));
      expect(res.errors).toBeUndefined();
    }
    type Ledger = {
      totalCount: number;
      edges: { cursor: string; node: { entryNumber: number; kind: string; amountPence: number } }[];
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
    };
    type Page = { personalBudget: { ledger: Ledger } };
    const seen: string[] = [];
    const numbers: number[] = [];
    let after: string | null = null;
    for (let pages = 0; ; pages++) {
      const res: { data?: Page | null; errors?: unknown } = await t.gql<Page, unknown>(
        `query($id: ID!, $after: String) { personalBudget(id: $id) {
          ledger(first: 3, after: $after) {
            totalCount edges { cursor node { entryNumber kind amountPence } } pageInfo { hasNextPage endCursor } } } }`,
        { id, after },
        w.headers('person'),
      );
      expect(res.errors).toBeUndefined();
      const ledger: Ledger = res.data!.personalBudget.ledger;
      expect(ledger.totalCount).toBe(7);
      seen.push(...ledger.edges.map((e) => `${e.node.kind} ${e.node.amountPence}`));
      numbers.push(...ledger.edges.map((e) => e.node.entryNumber));
      if (!ledger.pageInfo.hasNextPage) break;
      after = ledger.pageInfo.endCursor;
      expect(pages).toBeLessThan(3);
    }
    expect(seen).toEqual([
      'ALLOCATION 100000',
      'PAYMENT_IN 100',
      'PAYMENT_IN 200',
      'PAYMENT_IN 300',
      'PAYMENT_IN 400',
      'PAYMENT_IN 500',
      'PAYMENT_IN 600',
    ]);
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    const bad = await t.gql(
      `query($id: ID!) { personalBudget(id: $id) { ledger(after: "junk") { totalCount } } }`,
      { id },
      w.headers('person'),
    );
    expect(code(bad)).toBe('BAD_USER_INPUT');
  });

  test('a budget’s bookings, newest first', async () => {
    const id = await personsBudget(t, w, 'COUNCIL_MANAGED', 100_000);
    const first = await holdBooking(t.services, {
      budgetId: id,
      serviceId: w.services.home,
      visits: [{ start: hoursFromNow(80), minutes: 30 }],
    });
    const second = await holdBooking(t.services, {
      budgetId: id,
      serviceId: w.services.home,
      visits: [{ start: hoursFromNow(90), minutes: 30 }],
    });
    const res = await t.gql<{ personalBudget: { bookings: { totalCount: number; edges: { node: { id: string } }[] } } }, unknown>(
      `query($id: ID!) { personalBudget(id: $id) { bookings(first: 5) { totalCount edges { node { id } } } } }`,
      { id },
      w.headers('representativeAll'),
    );
    expect(res.data!.personalBudget.bookings).toEqual({
      totalCount: 2,
      edges: [{ node: { id: second.bookingId } }, { node: { id: first.bookingId } }],
    });
  });
});

describe('me.personalBudgets', () => {
  const MINE = `{ me { personalBudgets { id person { id } availablePence } } }`;
  const mine = async (headers: Record<string, string>) => {
    const res = await t.gql<{ me: { personalBudgets: { id: string; person: { id: string } }[] } }, unknown>(MINE, undefined, headers);
    expect(res.errors).toBeUndefined();
    return res.data!.me.personalBudgets;
  };

  test('are the person’s own, and those of people who gave the reader VIEW_BUDGET or BOOK', async () => {
    const [{ id: personsBudget }] = await t.db.query(`SELECT id FROM personal_budget WHERE person_id = $1 LIMIT 1`, [w.ids.person]);
    const own = await mine(w.headers('person'));
    expect(own.length).toBeGreaterThan(0);
    expect(own.every((b) => b.person.id === w.ids.person)).toBe(true);
    expect((await mine(w.headers('representativeAll'))).map((b) => b.id)).toContain(personsBudget);
    expect(await mine(await headersOf('friend'))).toEqual([]);
    expect(await mine(w.headers('coordinator'))).toEqual([]);
  });

  test('cost the same statements for many budgets as for one', async () => {
    const email = freshEmail();
    const personId = await addPerson(t.services, { email, name: 'Many Budgets', councilId: w.councilA, password: PASSWORD });
    const headers = bearer(await w.login(email));
    const LIST = `{ me { personalBudgets { id kind person { name } council { name } heldBy { name } agreedOutcomes
      allocatedPence paidInPence committedPence spentPence availablePence } } }`;
    const count = async () => {
      t.statements.reset();
      const res = await t.gql<{ me: { personalBudgets: unknown[] } }, unknown>(LIST, undefined, headers);
      expect(res.errors).toBeUndefined();
      return { budgets: res.data!.me.personalBudgets.length, statements: t.statements.count };
    };
    const open = (kind: 'COUNCIL_MANAGED' | 'INDIVIDUAL_SERVICE_FUND') =>
      personsBudget(t, w, kind, 1_000, { personId, heldByProviderId: kind === 'COUNCIL_MANAGED' ? undefined : w.providerA });
    await open('INDIVIDUAL_SERVICE_FUND');
    const one = await count();
    for (let i = 0; i < 6; i++) await open(i % 2 ? 'COUNCIL_MANAGED' : 'INDIVIDUAL_SERVICE_FUND');
    const many = await count();
    expect([one.budgets, many.budgets]).toEqual([1, 7]);
    expect(many.statements).toBe(one.statements);
  });
});

test('every budget’s balances are its ledger’s sums', async () => {
  await expectLedgersBalanced(t.db);
});

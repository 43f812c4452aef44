import { describe, expect, test } from 'vitest';
import { getSchema } from '../api/graphql/schema.js';
import type { TestApp } from './harness.js';
import { addApiKey, addPerson, giveConsent, invite } from './support/accounts.js';
import { useTestApp } from './support/app.js';
import { holdBooking, hoursFromNow, personsBudget } from './support/brokerage.js';
import { ASSIGN, bookVisits, CONFIRM, DECLINE, INVOICE, RECORD } from './support/fulfilment.js';
import { accepted, bearer, code, recordCapacity } from './support/graphql.js';
import { createPlanFor, joinCircle } from './support/care-plans.js';
import { PARTNER_ORIGIN, PASSWORD, ROLES, useWorld, type RoleName, type World } from './support/world.js';
import { AccountTokenPurpose } from '../api/accounts/account-token.entity.js';
import { propose } from './support/co-design.js';
import { approvedMemberOf } from './support/timebank.js';
import { londonDate } from '../api/common/london.js';
import { travelClaim } from './support/expenses.js';
import { addMember, BRIGHTON, freshPerson, grantVote, insertMotion, memberOf, setConstitution } from './support/governance.js';

/**
 * The permission matrix, as data. Every Query and Mutation field of the schema is either listed in
 * PUBLIC_OPERATIONS or has at least one case below, which says for every role what happens: allowed
 * ('ok') or the exact denial. A new operation fails the completeness test until it is added here.
 *
 * A mutation's case also says how to read back what it changes (through GraphQL where the API shows
 * it) and what an allowed call must have done there. Every allowed mutation must show its effect and
 * leave its action in the audit trail; every denied one must leave that read, and the trail, as they were.
 */
type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';

interface Request {
  doc: string;
  vars?: Record<string, unknown>;
  headers?: Record<string, string>;
  /** What the request set up, for the effect's read (a fresh key's secret, a fresh session's headers). */
  state?: Record<string, string>;
}

interface Context {
  t: TestApp;
  w: World;
  role: RoleName;
  state: Record<string, string>;
}

interface Effect {
  /** The audit action an allowed call records. */
  audit: string;
  /** Reads the state the mutation changes (undefined where only the audit trail shows it). */
  read?(c: Context): Promise<unknown>;
  /** What an allowed call did: the reads before and after, and the data it answered. */
  allowed?(c: Context & { before: unknown; after: unknown; data: Record<string, any> }): Promise<void> | void;
}

interface Case {
  /** `Query.x` or `Mutation.x`. */
  operation: string;
  /** What is special about this case (the object asked for). */
  about: string;
  request(w: World, role: RoleName, t: TestApp): Promise<Request>;
  expect: Record<RoleName, Outcome>;
  /** Required for mutations. */
  effect?: Effect;
}

/** Public operations: anyone may call them (what they return may still depend on who asks). */
const PUBLIC_OPERATIONS = [
  'Query.providers',
  'Query.provider',
  'Query.services',
  'Query.service',
  'Query.serviceCategories',
  'Query.careNeeds',
  'Query.consortia',
  'Query.councils',
  'Query.geocode',
  'Query.me',
  'Query.widgetViewer',
  'Mutation.login',
  'Mutation.refreshSession',
  // The emailed link's token is the authority (test/ways-in.test.ts); anyone may ask for a reset link.
  'Mutation.acceptAccountInvitation',
  'Mutation.resetPassword',
  'Mutation.requestPasswordReset',
  // A co-op's time bank and its rules are public facts, as are the categories of help; its lists are not (EXPENSE_CASES).
  'Query.timeBank',
  'Query.timeBankCategories',
  // The four model constitutions are published models; a co-op's own is public on Provider.constitution.
  'Query.constitutionTemplates',
];

/** `allowed` may; anyone else signed in is FORBIDDEN; no credential is UNAUTHENTICATED. */
function only(...allowed: RoleName[]): Record<RoleName, Outcome> {
  return Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'ok' : r === 'public' ? 'UNAUTHENTICATED' : 'FORBIDDEN'])) as Record<
    RoleName,
    Outcome
  >;
}
const PEOPLE_ROLES: RoleName[] = ROLES.filter((r) => !['public', 'partner', 'partnerNoScope', 'widget'].includes(r));

let freshKeyCount = 0;

/** The caller's own person id, or an id no one has for roles that are not people. */
function callerId(w: World, role: RoleName): string {
  return (w.ids as Record<string, string>)[role] ?? '00000000-0000-4000-8000-000000000000';
}

/** A query as someone; throws on errors, so a read never silently stands for "no change". */
async function read<T = any>(
  t: TestApp,
  doc: string,
  vars: Record<string, unknown> | undefined,
  headers: Record<string, string>,
): Promise<T> {
  const res = await t.gql<T, unknown>(doc, vars, headers);
  if (res.errors) throw new Error(`read failed: ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

/** The public view of a provider: null unless published. */
const publicProvider = (t: TestApp, id: string) =>
  read<{ provider: { status: string; summary: string | null; services: { name: string }[] } | null }>(
    t,
    `query($id: ID) { provider(id: $id) { status summary services { name } } }`,
    { id },
    {},
  ).then((d) => d.provider);

const widgetSession = async (t: TestApp, token: string) => accepted(t, { authorization: `Bearer ${token}`, origin: PARTNER_ORIGIN });
const widgetSessionEffect: Effect = {
  audit: 'widgetSession.create',
  async allowed({ t, data }) {
    // The token minted works, from the partner's page.
    expect(await widgetSession(t, data.createWidgetSession.token)).toBeUndefined();
  },
};

const QUOTE = `query($i: QuoteInput!) { quote(input: $i) { __typename } }`;
const visitAt = (hours: number) => [{ start: hoursFromNow(hours).toISOString(), minutes: 60 }];
/** A provider-side mutation's effect: the booking's status, read by an admin, moves from what it was to `to`. */
function bookingStatusEffect(audit: string, to: string): Effect {
  return {
    audit,
    read: ({ t, w, state }) => read(t, `query($id: ID!) { booking(id: $id) { status } }`, { id: state.bookingId }, w.headers('admin')),
    allowed({ before, after }) {
      expect((after as { booking: { status: string } }).booking.status).toBe(to);
      expect(before).not.toEqual(after);
    },
  };
}
/**
 * Budgets, quotes and booking requests. Their objects are made once per file, on first use: person's
 * council-managed budget, with room for every role's booking, and a direct payment large enough for every role's instalment.
 */
const budgetsOnce: Partial<Record<'managed' | 'direct', Promise<string>>> = {};
const year = new Date().getUTCFullYear();
const period = { periodStart: `${year}-01-01`, periodEnd: `${year + 1}-12-31` };
function managedBudget(t: TestApp, w: World): Promise<string> {
  budgetsOnce.managed ??= personsBudget(t, w, 'COUNCIL_MANAGED', 10_000_000, period);
  return budgetsOnce.managed;
}
function directBudget(t: TestApp, w: World): Promise<string> {
  budgetsOnce.direct ??= personsBudget(t, w, 'DIRECT_PAYMENT', 10_000_000, period);
  return budgetsOnce.direct;
}
const paidIn = async ({ t, w }: Context) =>
  (
    await read<{ personalBudget: { paidInPence: number } }>(
      t,
      `query($id: ID!) { personalBudget(id: $id) { paidInPence } }`,
      { id: await directBudget(t, w) },
      w.headers('admin'),
    )
  ).personalBudget.paidInPence;
const paidInRose: Effect['allowed'] = ({ before, after }) => {
  expect(after).toBe((before as number) + 100);
};

const BUDGET_CASES: Case[] = [
  {
    operation: 'Query.personalBudget',
    about: 'the person’s council-managed budget',
    request: async (w, _role, t) => ({
      doc: `query($id: ID!) { personalBudget(id: $id) { id availablePence } }`,
      vars: { id: await managedBudget(t, w) },
    }),
    expect: only('person', 'representativeAll', 'widget', 'officer', 'admin'),
  },
  {
    operation: 'Mutation.allocatePersonalBudget',
    about: 'a council A budget for a new person (one per role)',
    request: async (w, role) => ({
      doc: `mutation($i: AllocatePersonalBudgetInput!) { allocatePersonalBudget(input: $i) { id } }`,
      vars: {
        i: {
          personEmail: `allocated-by-${role}@test.example`,
          personName: 'New Holder',
          postcode: 'HD1 2TA',
          councilId: w.councilA,
          kind: 'COUNCIL_MANAGED',
          allocatedPence: 1_000,
          periodStart: `${year}-01-01`,
          periodEnd: `${year}-12-31`,
        },
      },
    }),
    expect: only('officer', 'admin'),
    effect: {
      audit: 'budget.allocate',
      read: async ({ t, role }) =>
        (
          await t.db.query(`SELECT b.kind FROM personal_budget b JOIN person p ON p.id = b.person_id WHERE p.email = $1`, [
            `allocated-by-${role}@test.example`,
          ])
        ).map((b: { kind: string }) => b.kind),
      allowed({ before, after }) {
        expect([before, after]).toEqual([[], ['COUNCIL_MANAGED']]);
      },
    },
  },
  {
    operation: 'Mutation.openSelfFundedBudget',
    about: 'one’s own self-funded budget',
    request: async () => ({
      doc: `mutation($i: OpenSelfFundedBudgetInput!) { openSelfFundedBudget(input: $i) { id } }`,
      vars: { i: { postcode: 'HD1 2TA', periodStart: `${year}-01-01`, periodEnd: `${year}-12-31`, firstTopUpPence: 500 } },
    }),
    expect: only(...PEOPLE_ROLES),
    effect: {
      audit: 'budget.openSelfFunded',
      read: async ({ t, w, role }) =>
        (
          await read<{ me: { personalBudgets: { kind: string; person: { id: string } }[] } | null }>(
            t,
            `{ me { personalBudgets { kind person { id } } } }`,
            undefined,
            w.headers(role),
          )
        ).me?.personalBudgets.filter((b) => b.kind === 'SELF_FUNDED' && b.person.id === callerId(w, role)).length ?? null,
      allowed({ before, after }) {
        expect(after).toBe((before as number) + 1);
      },
    },
  },
  {
    operation: 'Mutation.recordDirectPayment',
    about: 'an instalment of the person’s direct payment',
    request: async (w, _role, t) => ({
      doc: `mutation($i: RecordDirectPaymentInput!) { recordDirectPayment(input: $i) { id } }`,
      vars: { i: { budgetId: await directBudget(t, w), amountPence: 100, paidOn: `${year}-01-01` } },
    }),
    expect: only('officer', 'admin'),
    effect: { audit: 'budget.ledger', read: paidIn, allowed: paidInRose },
  },
  {
    operation: 'Mutation.topUpPersonalBudget',
    about: 'the person’s direct payment (a budget-view widget may not)',
    request: async (w, _role, t) => ({
      doc: `mutation($i: TopUpPersonalBudgetInput!) { topUpPersonalBudget(input: $i) { id } }`,
      vars: { i: { budgetId: await directBudget(t, w), amountPence: 100 } },
    }),
    expect: only('person', 'representativeAll', 'admin'),
    effect: { audit: 'budget.ledger', read: paidIn, allowed: paidInRose },
  },
];

/**
 * The time-bank ledger, on co-op A's time bank (its credit set up once per file, its memberships approved again on
 * every call, whatever other blocks' cases did to them): otherPerson volunteers and helps person,
 * who has credit to give and the pool has some to draw; the sink (assessed) went below nothing to pay for
 * that credit, as far as the overdraft this block gives the time bank allows.
 */
interface LedgerMembers {
  person: string;
  helper: string;
}
let ledgerCreditOnce: Promise<void> | undefined;
async function ledgerMembers(t: TestApp, w: World): Promise<LedgerMembers> {
  await timeBankOfA(t, w);
  await t.db.query(`UPDATE time_bank SET overdraft_minutes = greatest(overdraft_minutes, 6000) WHERE provider_id = $1`, [w.providerA]);
  // The members' cases leave and rejoin these memberships.
  const members = {
    person: await approvedMemberOf(t, w.providerA, w.ids.person, ['RECEIVER']),
    helper: await approvedMemberOf(t, w.providerA, w.ids.otherPerson, ['VOLUNTEER']),
  };
  ledgerCreditOnce ??= (async () => {
    const sink = await approvedMemberOf(t, w.providerA, w.ids.assessed, ['RECEIVER']);
    // Set-up, as confirming and giving write them: 600 minutes the person earned from the sink, 100 of them given to the pool.
    await t.db.query(
      `WITH x AS (INSERT INTO time_bank_exchange (provider_id, helper_member_id, receiver_member_id, category, started_at, minutes,
           out_of_hours_minutes, credited_minutes, status, decided_at)
         VALUES ($1, $2, $3, 'lifts', now() - interval '1 day', 600, 0, 600, 'CONFIRMED', now()) RETURNING id)
       INSERT INTO time_bank_ledger_entry (provider_id, member_id, kind, minutes, exchange_id)
       SELECT $1, line.member_id, line.kind, line.minutes, x.id FROM x,
         (VALUES ($2::uuid, 'HELP_GIVEN', 600), ($3::uuid, 'HELP_RECEIVED', -600)) AS line(member_id, kind, minutes)`,
      [w.providerA, members.person, sink],
    );
    await t.db.query(
      `WITH tr AS (INSERT INTO time_bank_transfer (provider_id, kind, from_member_id, minutes)
         VALUES ($1, 'POOL_GIFT', $2, 100) RETURNING id)
       INSERT INTO time_bank_ledger_entry (provider_id, member_id, kind, minutes, transfer_id)
       SELECT $1, line.member_id, line.kind, line.minutes, tr.id FROM tr,
         (VALUES ($2::uuid, 'GIVEN_TO_POOL', -100), (NULL::uuid, 'POOL_RECEIVED', 100)) AS line(member_id, kind, minutes)`,
      [w.providerA, members.person],
    );
  })();
  await ledgerCreditOnce;
  return members;
}
const HELPED_BEFORE = Date.now() - 3 * 3_600_000;
let halfHoursHelped = 0;
/** When otherPerson's next half-hour of help began: each case's help before the last, as one helper's help never overlaps. */
const nextHalfHourOfHelp = (): Date => new Date(HELPED_BEFORE - ++halfHoursHelped * 30 * 60_000);
/** A fresh RECORDED exchange: otherPerson's half-hour of help to person in the last few days. */
async function recordedExchange(t: TestApp, w: World): Promise<string> {
  const { person, helper } = await ledgerMembers(t, w);
  const [row] = await t.db.query(
    `INSERT INTO time_bank_exchange (provider_id, helper_member_id, receiver_member_id, category, started_at, minutes,
       out_of_hours_minutes, credited_minutes) VALUES ($1, $2, $3, 'lifts', $4, 30, 0, 30) RETURNING id`,
    [w.providerA, helper, person, nextHalfHourOfHelp()],
  );
  return row.id;
}
const exchangeStatus = (audit: string, to: string): Effect => ({
  audit,
  read: async ({ t, state }) => (await t.db.query(`SELECT status FROM time_bank_exchange WHERE id = $1`, [state.exchangeId]))[0].status,
  allowed({ before, after }) {
    expect([before, after]).toEqual(['RECORDED', to]);
  },
});
const timeOf =
  (sql: string, key: (m: LedgerMembers, w: World) => string) =>
  async ({ t, w }: Context) =>
    Number((await t.db.query(sql, [key(await ledgerMembers(t, w), w)]))[0].balance_minutes);
const personsTime = timeOf(`SELECT balance_minutes FROM time_bank_balance WHERE member_id = $1`, (m) => m.person);
const poolTime = timeOf(`SELECT balance_minutes FROM time_bank_pool_balance WHERE provider_id = $1`, (_, w) => w.providerA);
const movedBy =
  (minutes: number): Effect['allowed'] =>
  ({ before, after }) => {
    expect(after).toBe((before as number) + minutes);
  };
const TRANSFER = `... on TimeTransfer { id } ... on ErrorResult { code }`;

const TIME_BANK_LEDGER_CASES: Case[] = [
  {
    operation: 'Mutation.recordExchange',
    about: 'otherPerson’s help to person, named by the helper or a coordinator of the co-op',
    request: async (w, _role, t) => {
      const { person, helper } = await ledgerMembers(t, w);
      const startedAt = nextHalfHourOfHelp().toISOString();
      const i = { providerId: w.providerA, receiverMemberId: person, helperMemberId: helper, category: 'lifts', startedAt, minutes: 30 };
      return { doc: `mutation($i: RecordExchangeInput!) { recordExchange(input: $i) { ... on Exchange { id } } }`, vars: { i } };
    },
    expect: only('otherPerson', 'coordinator', 'admin'),
    effect: {
      audit: 'timebank.exchange.record',
      read: async ({ t, w }) =>
        Number(
          (
            await t.db.query(`SELECT count(*) AS n FROM time_bank_exchange WHERE helper_member_id = $1`, [
              (await ledgerMembers(t, w)).helper,
            ])
          )[0].n,
        ),
      allowed: movedBy(1),
    },
  },
  {
    operation: 'Mutation.confirmExchange',
    about: 'help person received (never by otherPerson, the helper)',
    request: async (w, _role, t) => {
      const exchangeId = await recordedExchange(t, w);
      return {
        doc: `mutation($id: ID!) { confirmExchange(exchangeId: $id) { ... on Exchange { id } ... on ErrorResult { code } } }`,
        vars: { id: exchangeId },
        state: { exchangeId },
      };
    },
    expect: only('person', 'representativeAll', 'coordinator', 'admin'),
    effect: exchangeStatus('timebank.exchange.confirm', 'CONFIRMED'),
  },
  {
    operation: 'Mutation.rejectExchange',
    about: 'help person received (never by otherPerson, the helper)',
    request: async (w, _role, t) => {
      const exchangeId = await recordedExchange(t, w);
      return {
        doc: `mutation($i: RejectExchangeInput!) { rejectExchange(input: $i) { ... on Exchange { id } ... on ErrorResult { code } } }`,
        vars: { i: { exchangeId, reason: 'It did not happen.' } },
        state: { exchangeId },
      };
    },
    expect: only('person', 'representativeAll', 'coordinator', 'admin'),
    effect: exchangeStatus('timebank.exchange.reject', 'REJECTED'),
  },
  {
    operation: 'Mutation.giveTimeCredit',
    about: 'a minute of person’s credit to otherPerson (the member alone: a representative gives only to the pool)',
    request: async (w, _role, t) => {
      const { person, helper } = await ledgerMembers(t, w);
      return {
        doc: `mutation($i: GiveTimeCreditInput!) { giveTimeCredit(input: $i) { ${TRANSFER} } }`,
        vars: { i: { fromMemberId: person, toMemberId: helper, minutes: 1 } },
      };
    },
    expect: only('person'),
    effect: { audit: 'timebank.transfer.gift', read: personsTime, allowed: movedBy(-1) },
  },
  {
    operation: 'Mutation.giveToCommunityPool',
    about: 'a minute of person’s credit to co-op A’s pool (the member, a representative with BOOK)',
    request: async (w, _role, t) => ({
      doc: `mutation($i: GiveToCommunityPoolInput!) { giveToCommunityPool(input: $i) { ${TRANSFER} } }`,
      vars: { i: { fromMemberId: (await ledgerMembers(t, w)).person, minutes: 1 } },
    }),
    expect: only('person', 'representativeAll'),
    effect: { audit: 'timebank.transfer.pool_gift', read: poolTime, allowed: movedBy(1) },
  },
  {
    operation: 'Mutation.drawFromCommunityPool',
    about: 'a minute of co-op A’s pool for person (its coordinators and admins)',
    request: async (w, _role, t) => ({
      doc: `mutation($i: DrawFromCommunityPoolInput!) { drawFromCommunityPool(input: $i) { ${TRANSFER} } }`,
      vars: { i: { providerId: w.providerA, toMemberId: (await ledgerMembers(t, w)).person, minutes: 1, reason: 'No credit left' } },
    }),
    expect: only('coordinator', 'admin'),
    effect: { audit: 'timebank.transfer.pool_draw', read: poolTime, allowed: movedBy(-1) },
  },
];

/**
 * Time bank, expenses: provider A's time bank (opened by whoever's cases come first), person and otherPerson
 * volunteering in it, approved whatever earlier cases did to their memberships, and the coordinator too (whose
 * own claim another coordinator decides).
 * Each decision's case gets a fresh claim of otherPerson's per role.
 */
async function expenseMembers(t: TestApp, w: World) {
  await timeBankOfA(t, w);
  return {
    person: await approvedMemberOf(t, w.providerA, w.ids.person, ['VOLUNTEER']),
    otherPerson: await approvedMemberOf(t, w.providerA, w.ids.otherPerson, ['VOLUNTEER']),
    coordinator: await approvedMemberOf(t, w.providerA, w.ids.coordinator, ['VOLUNTEER']),
  };
}
const claimStatus = async ({ t, state }: Context) =>
  (await t.db.query(`SELECT status FROM time_bank_expense_claim WHERE id = $1`, [state.claimId]))[0].status;
const claimMovesTo = (audit: string, to: string): Effect => ({
  audit,
  read: claimStatus,
  allowed({ after }) {
    expect(after).toBe(to);
  },
});
async function freshClaim(t: TestApp, w: World, whose: 'otherPerson' | 'coordinator', status?: 'APPROVED') {
  return travelClaim(t, (await expenseMembers(t, w))[whose], { status });
}

const EXPENSE_CASES: Case[] = [
  {
    operation: 'Query.timeBankMember',
    about: 'person’s expense claims (not her representatives’ to see)',
    request: async (w, _role, t) => ({
      doc: `query($id: ID!) { timeBankMember(id: $id) { expenseClaims { totalCount } } }`,
      vars: { id: (await expenseMembers(t, w)).person },
    }),
    expect: only('person', 'coordinator', 'admin'),
  },
  {
    operation: 'Query.timeBank',
    about: 'provider A’s expense claims and how many waited too long',
    request: async (w, _role, t) => {
      await expenseMembers(t, w);
      return {
        doc: `query($p: ID!) { timeBank(providerId: $p) { expenseClaimsWaitingTooLong expenseClaims { totalCount } } }`,
        vars: { p: w.providerA },
      };
    },
    expect: only('coordinator', 'admin'),
  },
  {
    operation: 'Mutation.claimExpense',
    about: 'a travel claim on person’s own membership',
    request: async (w, _role, t) => ({
      doc: `mutation($i: ClaimExpenseInput!) { claimExpense(input: $i) { __typename ... on ExpenseClaim { id } } }`,
      vars: {
        i: { memberId: (await expenseMembers(t, w)).person, kind: 'TRAVEL', incurredOn: londonDate(), description: 'Lift', miles: 2 },
      },
    }),
    expect: only('person'),
    effect: {
      audit: 'expenseClaim.submit',
      read: async ({ t, w }) =>
        (
          await t.db.query(`SELECT count(*)::int AS n FROM time_bank_expense_claim WHERE member_id = $1`, [
            (await expenseMembers(t, w)).person,
          ])
        )[0].n,
      allowed({ before, after }) {
        expect(after).toBe((before as number) + 1);
      },
    },
  },
  {
    operation: 'Mutation.approveExpenseClaim',
    about: 'a fresh claim of otherPerson’s in provider A',
    request: async (w, _role, t) => {
      const claimId = await freshClaim(t, w, 'otherPerson');
      return { doc: `mutation($id: ID!) { approveExpenseClaim(claimId: $id) { __typename } }`, vars: { id: claimId }, state: { claimId } };
    },
    expect: only('coordinator', 'admin'),
    effect: claimMovesTo('expenseClaim.approve', 'APPROVED'),
  },
  {
    operation: 'Mutation.approveExpenseClaim',
    about: 'the coordinator’s own claim (never their own to decide)',
    request: async (w, _role, t) => {
      const claimId = await freshClaim(t, w, 'coordinator');
      return { doc: `mutation($id: ID!) { approveExpenseClaim(claimId: $id) { __typename } }`, vars: { id: claimId }, state: { claimId } };
    },
    expect: only('admin'),
    effect: claimMovesTo('expenseClaim.approve', 'APPROVED'),
  },
  {
    operation: 'Mutation.rejectExpenseClaim',
    about: 'a fresh claim of otherPerson’s in provider A',
    request: async (w, _role, t) => {
      const claimId = await freshClaim(t, w, 'otherPerson');
      return {
        doc: `mutation($i: RejectExpenseClaimInput!) { rejectExpenseClaim(input: $i) { __typename } }`,
        vars: { i: { claimId, reason: 'Claimed twice' } },
        state: { claimId },
      };
    },
    expect: only('coordinator', 'admin'),
    effect: claimMovesTo('expenseClaim.reject', 'REJECTED'),
  },
  {
    operation: 'Mutation.markExpenseClaimPaid',
    about: 'a fresh approved claim of otherPerson’s in provider A',
    request: async (w, _role, t) => {
      const claimId = await freshClaim(t, w, 'otherPerson', 'APPROVED');
      return { doc: `mutation($id: ID!) { markExpenseClaimPaid(claimId: $id) { __typename } }`, vars: { id: claimId }, state: { claimId } };
    },
    expect: only('coordinator', 'admin'),
    effect: claimMovesTo('expenseClaim.pay', 'PAID'),
  },
];

/**
 * Co-design (proposals, decisions, signatures, comments) on otherPerson's plan, made once per file: otherPerson is its
 * OWNER, representativeNone holds VIEW_PLAN (so VIEW), the coordinator is its lead coordinator; everyone else is outside.
 */
let coDesignPlanOnce: Promise<string> | undefined;
function coDesignPlan(t: TestApp, w: World): Promise<string> {
  coDesignPlanOnce ??= (async () => {
    const { planId } = await createPlanFor(t, w, { personId: w.ids.otherPerson, as: 'otherPerson', input: { consent: null } });
    await joinCircle(t, w, planId, 'coordinator', 'SUGGEST', { by: 'otherPerson', asLeadCoordinator: true });
    return planId;
  })();
  return coDesignPlanOnce;
}
const addRisk = [{ addRisk: { description: 'A risk', personsChoice: 'A choice' } }];
/** A fresh open proposal on the co-design plan, by `by`. */
const openProposal = async (t: TestApp, w: World, by: RoleName = 'otherPerson') =>
  (await propose(t, w.headers(by), await coDesignPlan(t, w), 1, addRisk)).id as string;
const planRow = async ({ t, w }: Context, sql: string) => (await t.db.query(sql, [await coDesignPlan(t, w)]))[0];
const proposalStatus = (audit: string, to: string): Effect => ({
  audit,
  read: async ({ t, state }) => (await t.db.query(`SELECT status FROM care_plan_proposal WHERE id = $1`, [state.proposalId]))[0].status,
  allowed({ before, after }) {
    expect([before, after]).toEqual(['OPEN', to]);
  },
});

const CO_DESIGN_CASES: Case[] = [
  {
    operation: 'Mutation.proposeCarePlanChange',
    about: 'a risk added to otherPerson’s plan (SUGGEST and up, and the lead coordinator)',
    request: async (w, _role, t) => ({
      doc: `mutation($i: ProposeCarePlanChangeInput!) { proposeCarePlanChange(input: $i) { id status } }`,
      vars: { i: { planId: await coDesignPlan(t, w), baseVersion: 1, changes: addRisk } },
    }),
    expect: only('otherPerson', 'coordinator'),
    effect: {
      audit: 'carePlan.propose',
      read: async (c) =>
        (
          await planRow(
            c,
            `SELECT count(*)::int AS n FROM care_plan_proposal WHERE plan_id = $1 AND proposed_by_id = '${callerId(c.w, c.role)}'`,
          )
        ).n,
      allowed({ before, after }) {
        expect(after).toBe((before as number) + 1);
      },
    },
  },
  {
    operation: 'Mutation.acceptProposal',
    about: 'an open proposal on otherPerson’s plan (OWNER only: not the lead coordinator)',
    request: async (w, _role, t) => ({
      doc: `mutation($p: ID!) { acceptProposal(proposalId: $p) { __typename ... on CarePlan { version } } }`,
      vars: { p: await openProposal(t, w) },
    }),
    expect: only('otherPerson'),
    effect: {
      audit: 'carePlan.acceptProposal',
      read: async (c) => (await planRow(c, `SELECT current_version AS v FROM care_plan WHERE id = $1`)).v,
      allowed({ before, after, data }) {
        expect(after).toBe((before as number) + 1);
        expect(data.acceptProposal).toEqual({ __typename: 'CarePlan', version: after });
      },
    },
  },
  {
    operation: 'Mutation.rejectProposal',
    about: 'an open proposal on otherPerson’s plan (OWNER only)',
    request: async (w, _role, t) => {
      const proposalId = await openProposal(t, w, 'coordinator');
      return {
        doc: `mutation($p: ID!) { rejectProposal(proposalId: $p, reason: "Not now") { __typename ... on CarePlanProposal { status } } }`,
        vars: { p: proposalId },
        state: { proposalId },
      };
    },
    expect: only('otherPerson'),
    effect: proposalStatus('carePlan.rejectProposal', 'REJECTED'),
  },
  {
    operation: 'Mutation.withdrawProposal',
    about: 'the lead coordinator’s open proposal on otherPerson’s plan (its proposer only)',
    request: async (w, _role, t) => {
      const proposalId = await openProposal(t, w, 'coordinator');
      return {
        doc: `mutation($p: ID!) { withdrawProposal(proposalId: $p) { __typename ... on CarePlanProposal { status } } }`,
        vars: { p: proposalId },
        state: { proposalId },
      };
    },
    expect: only('coordinator'),
    effect: proposalStatus('carePlan.withdrawProposal', 'WITHDRAWN'),
  },
  {
    operation: 'Mutation.agreeCarePlan',
    about: 'the current version of otherPerson’s plan (the person’s side and the lead coordinator’s)',
    request: async (w, _role, t) => {
      const planId = await coDesignPlan(t, w);
      const [{ v }] = await t.db.query(`SELECT current_version AS v FROM care_plan WHERE id = $1`, [planId]);
      return {
        doc: `mutation($id: ID!, $v: Int!) { agreeCarePlan(planId: $id, version: $v) { __typename ... on CarePlan { version } } }`,
        vars: { id: planId, v },
      };
    },
    expect: only('otherPerson', 'coordinator'),
    effect: {
      audit: 'carePlan.agree',
      read: async (c) =>
        (
          await planRow(
            c,
            `SELECT coalesce(json_agg(s.side ORDER BY s.side), '[]') AS sides FROM care_plan p
               LEFT JOIN care_plan_signature s ON s.plan_id = p.id AND s.version = p.current_version WHERE p.id = $1`,
          )
        ).sides,
      allowed({ role, after }) {
        expect(after).toContain(role === 'coordinator' ? 'COORDINATOR' : 'PERSON');
      },
    },
  },
  {
    operation: 'Mutation.commentOnCarePlan',
    about: 'otherPerson’s plan (SUGGEST and up, and the lead coordinator)',
    request: async (w, _role, t) => ({
      doc: `mutation($i: CommentOnCarePlanInput!) { commentOnCarePlan(input: $i) { id } }`,
      vars: { i: { planId: await coDesignPlan(t, w), text: 'A comment' } },
    }),
    expect: only('otherPerson', 'coordinator'),
    effect: {
      audit: 'carePlan.comment',
      read: async (c) => (await planRow(c, `SELECT count(*)::int AS n FROM care_plan_comment WHERE plan_id = $1`)).n,
      allowed({ before, after }) {
        expect(after).toBe((before as number) + 1);
      },
    },
  },
];

/** The live rows of a plan's circle (pending and active), read by the admin connection. */
const circleRows = async ({ t, state }: Context) =>
  (await t.db.query(`SELECT count(*)::int AS n FROM care_plan_circle_member WHERE plan_id = $1 AND removed_at IS NULL`, [state.planId]))[0]
    .n;
const oneMore = ({ before, after }: { before: unknown; after: unknown }) => expect(after).toBe((before as number) + 1);

/** The person invites the role's address (another for roles that are not people, or the person themself). */
async function inviteToPlan(t: TestApp, w: World, planId: string, role: RoleName) {
  const email = role in w.emails && role !== 'person' ? w.emails[role as keyof World['emails']] : 'someone@test.example';
  await read(
    t,
    `mutation($i: InviteToCircleInput!) { inviteToCircle(input: $i) { id } }`,
    { i: { planId, email, name: 'Invitee', role: 'VIEW' } },
    w.headers('person'),
  );
}

// ---- time bank, record: the volunteer's record, training and references, share links ----

/** Provider A's time bank and `person`'s approved membership of it as a volunteer, whatever other blocks' cases did to it. */
async function volunteerMember(t: TestApp, w: World): Promise<string> {
  await timeBankOfA(t, w);
  return approvedMemberOf(t, w.providerA, w.ids.person, ['VOLUNTEER']);
}
const rowsOf =
  (table: string) =>
  async ({ t, w }: Context) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM ${table} WHERE member_id = $1`, [await volunteerMember(t, w)]))[0].n;

const VOLUNTEER_RECORD_CASES: Case[] = [
  {
    operation: 'Query.timeBankMember',
    about: 'person’s record as a volunteer of provider A (not her representatives’ to see)',
    request: async (w, _role, t) => ({
      doc: `query($m: ID!) { timeBankMember(id: $m) { volunteerRecord { totalMinutesGiven } } }`,
      vars: { m: await volunteerMember(t, w) },
    }),
    expect: only('person', 'coordinator', 'admin'),
  },
  {
    operation: 'Query.timeBankMember',
    about: 'person’s links to her record (only hers)',
    request: async (w, _role, t) => ({
      doc: `query($m: ID!) { timeBankMember(id: $m) { volunteerRecordLinks { id } } }`,
      vars: { m: await volunteerMember(t, w) },
    }),
    expect: only('person'),
  },
  {
    operation: 'Mutation.recordVolunteerTraining',
    about: 'training of a volunteer of provider A',
    request: async (w, _role, t) => ({
      doc: `mutation($i: RecordVolunteerTrainingInput!) { recordVolunteerTraining(input: $i) { id } }`,
      vars: { i: { memberId: await volunteerMember(t, w), title: 'Safeguarding adults', completedOn: '2025-01-10' } },
    }),
    expect: only('coordinator', 'admin'),
    effect: { audit: 'volunteerTraining.record', read: rowsOf('time_bank_training'), allowed: oneMore },
  },
  {
    operation: 'Mutation.recordVolunteerReference',
    about: 'a reference for a volunteer of provider A',
    request: async (w, _role, t) => ({
      doc: `mutation($i: RecordVolunteerReferenceInput!) { recordVolunteerReference(input: $i) { id } }`,
      vars: { i: { memberId: await volunteerMember(t, w), refereeName: 'Jo', text: 'Reliable and kind.', givenOn: '2025-01-10' } },
    }),
    expect: only('coordinator', 'admin'),
    effect: { audit: 'volunteerReference.record', read: rowsOf('time_bank_reference'), allowed: oneMore },
  },
  {
    operation: 'Mutation.shareVolunteerRecord',
    about: 'a link to person’s record',
    request: async (w, _role, t) => ({
      doc: `mutation($i: ShareVolunteerRecordInput!) { shareVolunteerRecord(input: $i) { id url } }`,
      vars: { i: { memberId: await volunteerMember(t, w) } },
    }),
    expect: only('person'),
    effect: {
      audit: 'volunteerRecordLink.create',
      read: rowsOf('volunteer_record_link'),
      allowed({ before, after, data }) {
        expect(after).toBe((before as number) + 1);
        expect(data.shareVolunteerRecord.url).toMatch(/\/volunteer-record\/ccv_/);
      },
    },
  },
  {
    operation: 'Mutation.revokeVolunteerRecordLink',
    about: 'a link to person’s record (made afresh by the person for each role)',
    request: async (w, _role, t) => {
      // The roles refused leave their links working, and a volunteer has at most 10.
      await t.db.query(`UPDATE volunteer_record_link SET revoked_at = now() WHERE revoked_at IS NULL`);
      const { id } = (
        await read(
          t,
          `mutation($i: ShareVolunteerRecordInput!) { shareVolunteerRecord(input: $i) { id } }`,
          { i: { memberId: await volunteerMember(t, w) } },
          w.headers('person'),
        )
      ).shareVolunteerRecord;
      return { doc: `mutation($l: ID!) { revokeVolunteerRecordLink(linkId: $l) { revokedAt } }`, vars: { l: id }, state: { id } };
    },
    expect: only('person'),
    effect: {
      audit: 'volunteerRecordLink.revoke',
      read: async ({ t, state }) =>
        (await t.db.query(`SELECT revoked_at IS NOT NULL AS revoked FROM volunteer_record_link WHERE id = $1`, [state.id]))[0].revoked,
      allowed({ before, after }) {
        expect([before, after]).toEqual([false, true]);
      },
    },
  },
];

// ---- Time bank, members: opening and rules, membership, checks, offers, requests, accepting a helper ----

/** Provider A's time bank, opened once for the time-bank cases that need it. */
async function timeBankOfA(t: TestApp, w: World): Promise<void> {
  await t.db.query(`INSERT INTO time_bank (provider_id) VALUES ($1) ON CONFLICT DO NOTHING`, [w.providerA]);
}

/** The person's approved membership of provider A's time bank as volunteer and receiver, whatever earlier cases did to it. */
async function personMemberOfA(t: TestApp, w: World): Promise<string> {
  await timeBankOfA(t, w);
  return approvedMemberOf(t, w.providerA, w.ids.person, ['VOLUNTEER', 'RECEIVER']);
}

let timeBankPeople = 0;
/** A new person's membership of provider A's time bank, in `status`, as a volunteer. */
async function freshTimeBankMember(t: TestApp, w: World, status: 'PENDING' | 'APPROVED'): Promise<string> {
  await timeBankOfA(t, w);
  const personId = await addPerson(t.services, {
    email: `time-bank-${timeBankPeople++}@test.example`,
    name: 'Time-bank member',
    password: PASSWORD,
  });
  const [row] = await t.db.query(
    `INSERT INTO time_bank_member (provider_id, person_id, roles, status, decided_at)
     VALUES ($1, $2, '{VOLUNTEER}', $3, CASE WHEN $3 = 'PENDING' THEN NULL ELSE now() END) RETURNING id`,
    [w.providerA, personId, status],
  );
  return row.id;
}

/** An open request for the person's help in provider A's time bank, a week ahead, that needs no background check. */
async function freshHelpRequest(t: TestApp, w: World): Promise<string> {
  const memberId = await personMemberOfA(t, w);
  const [row] = await t.db.query(
    `INSERT INTO time_bank_request (provider_id, member_id, category, postcode, latitude, longitude, starts_at, minutes,
       needs_background_check)
     VALUES ($1, $2, 'lifts', 'HD1 2TA', 53.6446, -1.7826, now() + interval '7 days', 60, false) RETURNING id`,
    [w.providerA, memberId],
  );
  return row.id;
}

/** A standing offer in provider A's time bank, by `memberId`. */
async function freshHelpOffer(t: TestApp, w: World, memberId: string, category = 'lifts'): Promise<string> {
  const [row] = await t.db.query(
    `INSERT INTO time_bank_offer (provider_id, member_id, category, postcode, latitude, longitude, radius_miles, availability)
     VALUES ($1, $2, $3, 'HD1 1RH', 53.6477, -1.779, 5, '[{"day": 1, "from": "09:00", "until": "17:00"}]') RETURNING id`,
    [w.providerA, memberId, category],
  );
  return row.id;
}

const rowOf = async (t: TestApp, sql: string, id: string) => (await t.db.query(sql, [id]))[0] ?? null;

const TIME_BANK_MEMBERS_CASES: Case[] = [
  {
    operation: 'Mutation.openTimeBank',
    about: 'provider B’s, not yet open',
    request: async (w, _role, t) => {
      // Each role meets provider B without a time bank; no case here makes it members.
      await t.db.query(`DELETE FROM time_bank WHERE provider_id = $1`, [w.providerB]);
      return {
        doc: `mutation($i: OpenTimeBankInput!) { openTimeBank(input: $i) { providerId } }`,
        vars: { i: { providerId: w.providerB } },
      };
    },
    expect: only('otherCoordinator', 'admin'),
    effect: {
      audit: 'timeBank.open',
      read: async ({ t, w }) => rowOf(t, `SELECT opened_by_id AS by FROM time_bank WHERE provider_id = $1`, w.providerB),
      allowed({ after, w, role }) {
        expect(after).toEqual({ by: callerId(w, role) });
      },
    },
  },
  {
    operation: 'Mutation.updateTimeBankRules',
    about: 'provider A’s travel rate',
    request: async (w, role, t) => {
      await timeBankOfA(t, w);
      return {
        doc: `mutation($i: UpdateTimeBankRulesInput!) { updateTimeBankRules(input: $i) { travelPencePerMile } }`,
        vars: { i: { providerId: w.providerA, travelPencePerMile: ROLES.indexOf(role) + 1 } },
      };
    },
    expect: only('coordinator', 'admin'),
    effect: {
      audit: 'timeBank.updateRules',
      read: async ({ t, w }) => rowOf(t, `SELECT travel_pence_per_mile AS rate FROM time_bank WHERE provider_id = $1`, w.providerA),
      allowed({ after, role }) {
        expect(after).toEqual({ rate: ROLES.indexOf(role) + 1 });
      },
    },
  },
  {
    operation: 'Mutation.joinTimeBank',
    about: 'provider A’s, for oneself (any membership of the caller’s ended first)',
    request: async (w, role, t) => {
      await timeBankOfA(t, w);
      await t.db.query(
        `UPDATE time_bank_member SET status = 'LEFT', left_at = now(), decided_at = coalesce(decided_at, now()), refusal_reason = NULL
         WHERE provider_id = $1 AND person_id = $2`,
        [w.providerA, callerId(w, role)],
      );
      return {
        doc: `mutation($i: JoinTimeBankInput!) { joinTimeBank(input: $i) { __typename ... on TimeBankMember { status } } }`,
        vars: { i: { providerId: w.providerA, roles: ['VOLUNTEER'] } },
      };
    },
    expect: only(...PEOPLE_ROLES),
    effect: {
      audit: 'timeBankMember.join',
      read: async ({ t, w, role }) =>
        rowOf(t, `SELECT status FROM time_bank_member WHERE provider_id = '${w.providerA}' AND person_id = $1`, callerId(w, role)),
      allowed({ after, data }) {
        expect(data.joinTimeBank).toEqual({ __typename: 'TimeBankMember', status: 'PENDING' });
        expect(after).toEqual({ status: 'PENDING' });
      },
    },
  },
  ...(['approve', 'refuse'] as const).map(
    (verb): Case => ({
      operation: verb === 'approve' ? 'Mutation.approveTimeBankMember' : 'Mutation.refuseTimeBankMember',
      about: 'a new person waiting to join provider A’s time bank',
      request: async (w, _role, t) => {
        const memberId = await freshTimeBankMember(t, w, 'PENDING');
        return verb === 'approve'
          ? { doc: `mutation($m: ID!) { approveTimeBankMember(memberId: $m) { status } }`, vars: { m: memberId }, state: { memberId } }
          : {
              doc: `mutation($m: ID!) { refuseTimeBankMember(input: { memberId: $m, reason: "No references yet." }) { status } }`,
              vars: { m: memberId },
              state: { memberId },
            };
      },
      expect: only('coordinator', 'admin'),
      effect: {
        audit: `timeBankMember.${verb}`,
        read: async ({ t, state }) => rowOf(t, `SELECT status FROM time_bank_member WHERE id = $1`, state.memberId!),
        allowed({ after }) {
          expect(after).toEqual({ status: verb === 'approve' ? 'APPROVED' : 'REFUSED' });
        },
      },
    }),
  ),
  {
    operation: 'Mutation.leaveTimeBank',
    about: 'the person’s membership of provider A’s time bank',
    request: async (w, _role, t) => {
      const memberId = await personMemberOfA(t, w);
      return { doc: `mutation($m: ID!) { leaveTimeBank(memberId: $m) { status } }`, vars: { m: memberId }, state: { memberId } };
    },
    // Leaving is the member's own act, or a coordinator's: not a representative's.
    expect: only('person', 'coordinator', 'admin'),
    effect: {
      audit: 'timeBankMember.leave',
      read: async ({ t, state }) => rowOf(t, `SELECT status FROM time_bank_member WHERE id = $1`, state.memberId!),
      allowed({ after }) {
        expect(after).toEqual({ status: 'LEFT' });
      },
    },
  },
  {
    operation: 'Mutation.recordBackgroundCheck',
    about: 'on a new member of provider A’s time bank',
    request: async (w, _role, t) => {
      const memberId = await freshTimeBankMember(t, w, 'APPROVED');
      return {
        doc: `mutation($i: RecordBackgroundCheckInput!) { recordBackgroundCheck(input: $i) { id } }`,
        vars: { i: { memberId, kind: 'DBS_ENHANCED', checkedOn: '2025-01-01', expiresOn: '2028-01-01' } },
        state: { memberId },
      };
    },
    expect: only('coordinator', 'admin'),
    effect: {
      audit: 'backgroundCheck.record',
      read: async ({ t, state }) =>
        rowOf(t, `SELECT count(*)::int AS n FROM time_bank_background_check WHERE member_id = $1`, state.memberId!),
      allowed({ after }) {
        expect(after).toEqual({ n: 1 });
      },
    },
  },
  {
    operation: 'Query.timeBankMember',
    about: 'the person’s membership of provider A’s time bank',
    request: async (w, _role, t) => ({ doc: `query($m: ID!) { timeBankMember(id: $m) { id } }`, vars: { m: await personMemberOfA(t, w) } }),
    expect: only('person', 'representativeAll', 'coordinator', 'admin'),
  },
  {
    operation: 'Mutation.offerHelp',
    about: 'in provider A’s time bank, where only the person is an approved volunteer',
    request: async (w, _role, t) => {
      await personMemberOfA(t, w);
      // Other blocks' set-up approves other volunteers of provider A: they leave, whichever block ran first.
      await t.db.query(
        `UPDATE time_bank_member SET status = 'LEFT', left_at = now() WHERE provider_id = $1 AND person_id <> $2 AND status = 'APPROVED'`,
        [w.providerA, w.ids.person],
      );
      return {
        doc: `mutation($i: OfferHelpInput!) { offerHelp(input: $i) { id } }`,
        vars: {
          i: {
            providerId: w.providerA,
            category: 'shopping',
            postcode: 'HD1 2TA',
            radiusMiles: 3,
            availability: [{ day: 2, from: '10:00', until: '12:00' }],
          },
        },
      };
    },
    expect: only('person'),
    effect: {
      audit: 'helpOffer.create',
      read: async ({ t, w }) =>
        rowOf(t, `SELECT count(*)::int AS n FROM time_bank_offer WHERE category = 'shopping' AND provider_id = $1`, w.providerA),
      allowed({ before, after }) {
        expect(after).toEqual({ n: (before as { n: number }).n + 1 });
      },
    },
  },
  {
    operation: 'Mutation.withdrawHelpOffer',
    about: 'the person’s standing offer',
    request: async (w, _role, t) => {
      const offerId = await freshHelpOffer(t, w, await personMemberOfA(t, w));
      return { doc: `mutation($o: ID!) { withdrawHelpOffer(offerId: $o) { id } }`, vars: { o: offerId }, state: { offerId } };
    },
    expect: only('person', 'coordinator', 'admin'),
    effect: {
      audit: 'helpOffer.withdraw',
      read: async ({ t, state }) =>
        rowOf(t, `SELECT withdrawn_at IS NOT NULL AS withdrawn FROM time_bank_offer WHERE id = $1`, state.offerId!),
      allowed({ after }) {
        expect(after).toEqual({ withdrawn: true });
      },
    },
  },
  {
    operation: 'Mutation.requestHelp',
    about: 'for the person, in provider A’s time bank',
    request: async (w, _role, t) => {
      const memberId = await personMemberOfA(t, w);
      return {
        doc: `mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id } }`,
        vars: {
          i: {
            memberId,
            category: 'gardening',
            postcode: 'HD1 2TA',
            startsAt: new Date(Date.now() + 7 * 24 * 3600_000).toISOString(),
            minutes: 90,
          },
        },
        state: { memberId },
      };
    },
    expect: only('person', 'representativeAll', 'coordinator', 'admin'),
    effect: {
      audit: 'helpRequest.create',
      read: async ({ t, state }) =>
        rowOf(t, `SELECT count(*)::int AS n FROM time_bank_request WHERE category = 'gardening' AND member_id = $1`, state.memberId!),
      allowed({ before, after }) {
        expect(after).toEqual({ n: (before as { n: number }).n + 1 });
      },
    },
  },
  {
    operation: 'Query.timeBankMember',
    about: 'the help person is the accepted helper of (not her representatives’ to see)',
    request: async (w, _role, t) => ({
      doc: `query($m: ID!) { timeBankMember(id: $m) { helpingWith { totalCount } } }`,
      vars: { m: await personMemberOfA(t, w) },
    }),
    expect: only('person', 'coordinator', 'admin'),
  },
  {
    operation: 'Mutation.cancelHelpRequest',
    about: 'an open request for the person’s help',
    request: async (w, _role, t) => {
      const requestId = await freshHelpRequest(t, w);
      return { doc: `mutation($r: ID!) { cancelHelpRequest(requestId: $r) { id } }`, vars: { r: requestId }, state: { requestId } };
    },
    expect: only('person', 'representativeAll', 'coordinator', 'admin'),
    effect: {
      audit: 'helpRequest.cancel',
      read: async ({ t, state }) => rowOf(t, `SELECT status FROM time_bank_request WHERE id = $1`, state.requestId!),
      allowed({ after }) {
        expect(after).toEqual({ status: 'CANCELLED' });
      },
    },
  },
  {
    operation: 'Mutation.acceptHelper',
    about: 'a volunteer’s offer for an open request for the person’s help',
    request: async (w, _role, t) => {
      const requestId = await freshHelpRequest(t, w);
      const offerId = await freshHelpOffer(t, w, await freshTimeBankMember(t, w, 'APPROVED'));
      return {
        doc: `mutation($i: AcceptHelperInput!) { acceptHelper(input: $i) { __typename } }`,
        vars: { i: { requestId, offerId } },
        state: { requestId },
      };
    },
    expect: only('person', 'representativeAll', 'coordinator', 'admin'),
    effect: {
      audit: 'helpRequest.acceptHelper',
      read: async ({ t, state }) => rowOf(t, `SELECT status FROM time_bank_request WHERE id = $1`, state.requestId!),
      allowed({ after, data }) {
        expect(data.acceptHelper).toEqual({ __typename: 'HelpRequest' });
        expect(after).toEqual({ status: 'ACCEPTED' });
      },
    },
  },
];

/** The register and the board of provider A: each role meets a fresh person or member of its own. */
const officersOfA = only('coordinator', 'admin');
const GOVERNANCE_REGISTER_CASES: Case[] = [
  {
    operation: 'Mutation.admitMember',
    about: 'a fresh person to provider A’s register',
    request: async (w, _role, t) => {
      const personId = await freshPerson(t);
      return {
        doc: `mutation($i: AdmitMemberInput!) { admitMember(input: $i) { __typename ... on CoOpMember { memberClass } } }`,
        vars: { i: { providerId: w.providerA, personId, memberClass: 'WORKER' } },
        state: { personId },
      };
    },
    expect: officersOfA,
    effect: {
      audit: 'governance.member.admit',
      read: ({ t, state }) => rowOf(t, `SELECT count(*)::int AS n FROM co_op_member WHERE person_id = $1`, state.personId!),
      allowed({ after, data }) {
        expect(after).toEqual({ n: 1 });
        expect(data.admitMember).toEqual({ __typename: 'CoOpMember', memberClass: 'WORKER' });
      },
    },
  },
  {
    operation: 'Mutation.admitMember',
    about: 'someone by a fresh email address to provider A’s register',
    request: async (w, role) => {
      const email = `admitted-${role}-${Math.random().toString(36).slice(2, 8)}@perm.example`;
      return {
        doc: `mutation($i: AdmitMemberInput!) { admitMember(input: $i) { __typename ... on CoOpMember { memberClass name } } }`,
        vars: { i: { providerId: w.providerA, email, name: 'Ada Admitted', memberClass: 'WORKER' } },
        state: { email },
      };
    },
    expect: officersOfA,
    effect: {
      audit: 'governance.member.admit',
      read: ({ t, state }) =>
        rowOf(
          t,
          `SELECT (SELECT count(*)::int FROM person WHERE email = $1) AS people,
                  (SELECT count(*)::int FROM co_op_member m JOIN person p ON p.id = m.person_id WHERE p.email = $1) AS members`,
          state.email!,
        ),
      allowed({ after, data }) {
        expect(after).toEqual({ people: 1, members: 1 });
        expect(data.admitMember).toEqual({ __typename: 'CoOpMember', memberClass: 'WORKER', name: 'Ada Admitted' });
      },
    },
  },
  {
    operation: 'Mutation.recordMemberLeaving',
    about: 'a fresh member of provider A (not the caller)',
    request: async (w, _role, t) => {
      const memberId = await addMember(t, w.providerA, await freshPerson(t));
      return {
        doc: `mutation($i: RecordMemberLeavingInput!) { recordMemberLeaving(input: $i) { __typename } }`,
        vars: { i: { memberId } },
        state: { memberId },
      };
    },
    expect: officersOfA,
    effect: {
      audit: 'governance.member.leave',
      read: ({ t, state }) => rowOf(t, `SELECT left_at IS NOT NULL AS gone FROM co_op_member WHERE id = $1`, state.memberId!),
      allowed({ after }) {
        expect(after).toEqual({ gone: true });
      },
    },
  },
  {
    operation: 'Mutation.appointSecretary',
    about: 'a fresh member of provider A',
    request: async (w, _role, t) => {
      const memberId = await addMember(t, w.providerA, await freshPerson(t));
      return {
        doc: `mutation($i: AppointSecretaryInput!) { appointSecretary(input: $i) { __typename } }`,
        vars: { i: { memberId } },
        state: { memberId },
      };
    },
    expect: officersOfA,
    effect: {
      audit: 'governance.member.appointSecretary',
      read: ({ t, state }) => rowOf(t, `SELECT office FROM co_op_member WHERE id = $1`, state.memberId!),
      allowed({ after }) {
        expect(after).toEqual({ office: 'SECRETARY' });
      },
    },
  },
  {
    operation: 'Mutation.recordBoardTerm',
    about: 'a fresh member of provider A',
    request: async (w, _role, t) => {
      const memberId = await addMember(t, w.providerA, await freshPerson(t));
      return {
        doc: `mutation($i: RecordBoardTermInput!) { recordBoardTerm(input: $i) { __typename } }`,
        vars: { i: { memberId, startsOn: '2025-01-01' } },
        state: { memberId },
      };
    },
    expect: officersOfA,
    effect: {
      audit: 'governance.board.recordTerm',
      read: ({ t, state }) => rowOf(t, `SELECT count(*)::int AS n FROM board_term WHERE member_id = $1`, state.memberId!),
      allowed({ after }) {
        expect(after).toEqual({ n: 1 });
      },
    },
  },
  {
    operation: 'Mutation.endBoardTerm',
    about: 'a fresh member’s term on provider A’s board',
    request: async (w, _role, t) => {
      const memberId = await addMember(t, w.providerA, await freshPerson(t));
      const [{ id }] = await t.db.query(
        `INSERT INTO board_term (provider_id, member_id, member_class, starts_on, ends_on)
         VALUES ($1, $2, 'WORKER', '2025-01-01', '2028-01-01') RETURNING id`,
        [w.providerA, memberId],
      );
      return {
        doc: `mutation($i: EndBoardTermInput!) { endBoardTerm(input: $i) { __typename } }`,
        vars: { i: { boardTermId: id, reason: 'Standing down', endedOn: '2026-01-01' } },
        state: { termId: id },
      };
    },
    expect: officersOfA,
    effect: {
      audit: 'governance.board.endTerm',
      read: ({ t, state }) => rowOf(t, `SELECT to_char(ended_on, 'YYYY-MM-DD') AS ended FROM board_term WHERE id = $1`, state.termId!),
      allowed({ after }) {
        expect(after).toEqual({ ended: '2026-01-01' });
      },
    },
  },
];

/** Provider A's constitution, set out once by its coordinator when a case first needs one. */
async function constitutionOfA(t: TestApp, w: World): Promise<void> {
  const [held] = await t.db.query(`SELECT 1 FROM co_op_constitution WHERE provider_id = $1`, [w.providerA]);
  if (!held)
    await read(
      t,
      `mutation($i: SetConstitutionInput!) { setConstitution(input: $i) { constitution { providerId } } }`,
      { i: { providerId: w.providerA, template: 'BRIGHTON_40_40_20' } },
      w.headers('coordinator'),
    );
}

const GOVERNANCE_CONSTITUTION_CASES: Case[] = [
  {
    operation: 'Mutation.setConstitution',
    about: 'provider A’s, from the Brighton template with a quorum of its own',
    request: async (w, role) => ({
      doc: `mutation($i: SetConstitutionInput!) { setConstitution(input: $i) { constitution { quorumPercent } } }`,
      vars: { i: { providerId: w.providerA, template: 'BRIGHTON_40_40_20', quorumPercent: ROLES.indexOf(role) + 1 } },
    }),
    // Its officers: coordinators, its secretary (none in the world), admins.
    expect: only('coordinator', 'admin'),
    effect: {
      audit: 'constitution.set',
      read: async ({ t, w }) => rowOf(t, `SELECT quorum_percent AS quorum FROM co_op_constitution WHERE provider_id = $1`, w.providerA),
      allowed({ after, role, data }) {
        expect(after).toEqual({ quorum: ROLES.indexOf(role) + 1 });
        expect(data.setConstitution.constitution.quorumPercent).toBe(ROLES.indexOf(role) + 1);
      },
    },
  },
  {
    operation: 'Query.constitutionCheck',
    about: 'provider A’s, a published co-op: its rules and the breaches are public',
    request: async (w, _role, t) => {
      await constitutionOfA(t, w);
      return { doc: `query($p: ID!) { constitutionCheck(providerId: $p) { obeysRules breaches { message } } }`, vars: { p: w.providerA } };
    },
    expect: Object.fromEntries(ROLES.map((r) => [r, 'ok'])) as Record<RoleName, Outcome>,
  },
];

/**
 * Motions and votes (issue 16): the co-op's officers open motions; a member votes, or a representative the
 * person granted VOTE; the co-op's officers, members and VOTE representatives follow them; any signed-in person
 * checks a receipt. Provider A on Brighton's rules, the person a member, representativeAll granted VOTE by her.
 */
async function governanceOfA(t: TestApp, w: World): Promise<string> {
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM co_op_constitution WHERE provider_id = $1`, [w.providerA]);
  if (n === 0) await setConstitution(t, w.providerA, BRIGHTON);
  await grantVote(t, w.ids.person, w.ids.representativeAll);
  return memberOf(t, w.providerA, w.ids.person, 'SERVICE_USER');
}

const motionCount = (t: TestApp, w: World) => rowOf(t, `SELECT count(*)::int AS n FROM motion WHERE provider_id = $1`, w.providerA);

const GOVERNANCE_VOTING_CASES: Case[] = [
  {
    operation: 'Mutation.openMotion',
    about: 'an ordinary resolution of provider A',
    request: async (w, _role, t) => {
      await governanceOfA(t, w);
      return {
        doc: `mutation($i: OpenMotionInput!) { openMotion(input: $i) { __typename ... on Motion { id } } }`,
        vars: {
          i: {
            providerId: w.providerA,
            kind: 'ORDINARY_RESOLUTION',
            title: 'Adopt the rota',
            body: 'That the co-op adopts the rota.',
            closesAt: new Date(Date.now() + 3_600_000).toISOString(),
          },
        },
      };
    },
    expect: only('coordinator', 'admin'),
    effect: {
      audit: 'motion.open',
      read: async ({ t, w }) => motionCount(t, w),
      allowed({ before, after, data }) {
        expect(data.openMotion.__typename).toBe('Motion');
        expect((after as { n: number }).n).toBe((before as { n: number }).n + 1);
      },
    },
  },
  {
    operation: 'Mutation.castVote',
    about: 'the person’s membership of provider A, on a fresh motion',
    request: async (w, _role, t) => {
      const memberId = await governanceOfA(t, w);
      const motionId = await insertMotion(t, { providerId: w.providerA, closesAt: new Date(Date.now() + 3_600_000) });
      return {
        doc: `mutation($i: CastVoteInput!) { castVote(input: $i) { __typename ... on CastVote { memberId } } }`,
        vars: { i: { motionId, memberId, choice: 'FOR' } },
        state: { motionId, memberId },
      };
    },
    expect: only('person', 'representativeAll'),
    effect: {
      audit: 'governance.vote',
      read: async ({ t, state }) =>
        rowOf(
          t,
          `SELECT (SELECT count(*)::int FROM motion_voter WHERE motion_id = $1) AS voters,
                  (SELECT count(*)::int FROM ballot WHERE motion_id = $1) AS ballots`,
          state.motionId!,
        ),
      allowed({ after, data, state }) {
        expect(data.castVote).toEqual({ __typename: 'CastVote', memberId: state.memberId });
        expect(after).toEqual({ voters: 1, ballots: 1 });
      },
    },
  },
  {
    operation: 'Query.motion',
    about: 'a motion of provider A',
    request: async (w, _role, t) => {
      await governanceOfA(t, w);
      const id = await insertMotion(t, { providerId: w.providerA, closesAt: new Date(Date.now() + 3_600_000) });
      return { doc: `query($id: ID!) { motion(id: $id) { id title } }`, vars: { id } };
    },
    expect: only('person', 'representativeAll', 'coordinator', 'admin'),
  },
  {
    operation: 'Query.ballotReceipt',
    about: 'a code that matches no ballot (the code is the secret: any signed-in person may check one)',
    request: async () => ({ doc: `query($c: String!) { ballotReceipt(code: $c) { counted } }`, vars: { c: 'AAAA-BBBB-CCCC-DDDD' } }),
    expect: only(...PEOPLE_ROLES),
  },
];

const CASES: Case[] = [
  {
    operation: 'Query.auditEvents',
    about: 'unfiltered (officers get their council’s only)',
    request: async () => ({ doc: `{ auditEvents(first: 5) { totalCount } }` }),
    expect: only('admin', 'officer', 'otherOfficer'),
  },
  {
    operation: 'Query.auditEvents',
    about: 'council A’s trail',
    request: async (w) => ({
      doc: `query($c: ID) { auditEvents(first: 5, filter: { councilId: $c }) { totalCount } }`,
      vars: { c: w.councilA },
    }),
    expect: only('admin', 'officer'),
  },
  {
    operation: 'Query.apiKeys',
    about: 'keys (officers get their council’s only)',
    request: async () => ({ doc: `{ apiKeys(first: 5) { totalCount } }` }),
    expect: only('admin', 'officer', 'otherOfficer'),
  },
  {
    operation: 'Mutation.createApiKey',
    about: 'a key for council A',
    request: async (w, role) => ({
      doc: `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
      vars: {
        i: {
          name: `key by ${role}`,
          organisationName: 'Org',
          councilId: w.councilA,
          scopes: ['DIRECTORY_READ'],
          allowedOrigins: ['https://org.example'],
        },
      },
    }),
    expect: only('admin', 'officer'),
    effect: {
      audit: 'apiKey.create',
      read: async ({ t, w, role }) =>
        (
          await read<{ apiKeys: { edges: { node: { name: string; councilId: string } }[] } }>(
            t,
            `{ apiKeys(first: 100) { edges { node { name councilId } } } }`,
            undefined,
            w.headers('admin'),
          )
        ).apiKeys.edges
          .map((e) => e.node)
          .filter((k) => k.name === `key by ${role}`),
      async allowed({ t, w, before, after, data }) {
        expect(before).toEqual([]);
        expect(after).toEqual([{ name: expect.any(String), councilId: w.councilA }]);
        // The secret shown once opens the API.
        expect(await accepted(t, { 'x-api-key': data.createApiKey.secret })).toBeUndefined();
      },
    },
  },
  {
    operation: 'Mutation.revokeApiKey',
    about: 'a key of council A',
    request: async (w, _role, t) => {
      const secret = `cck_fresh-${freshKeyCount++}-${Math.random()}`;
      const id = await addApiKey(t, { secret, name: 'r', councilId: w.councilA, scopes: ['DIRECTORY_READ'] });
      return { doc: `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, vars: { id }, state: { secret } };
    },
    expect: only('admin', 'officer'),
    effect: {
      audit: 'apiKey.revoke',
      read: ({ t, state }) => accepted(t, { 'x-api-key': state.secret! }),
      allowed({ before, after }) {
        expect(before).toBeUndefined();
        expect(after).toBe('UNAUTHENTICATED');
      },
    },
  },
  {
    operation: 'Mutation.createWidgetSession',
    about: 'for a person of the key’s council',
    request: async (w) => ({
      doc: `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token expiresAt } }`,
      vars: { i: { personId: w.ids.person, purpose: 'BOOKING', origin: PARTNER_ORIGIN } },
    }),
    expect: only('partner'),
    effect: widgetSessionEffect,
  },
  {
    operation: 'Mutation.createWidgetSession',
    about: 'for a person of another council',
    request: async (w) => ({
      doc: `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token expiresAt } }`,
      vars: { i: { personId: w.ids.personB, purpose: 'BOOKING', origin: PARTNER_ORIGIN } },
    }),
    expect: only(),
    effect: widgetSessionEffect,
  },
  {
    operation: 'Mutation.createWidgetSession',
    about: 'for a person of the key’s council who has not consented to the key',
    request: async (w) => ({
      doc: `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token expiresAt } }`,
      vars: { i: { personId: w.ids.otherPerson, purpose: 'BOOKING', origin: PARTNER_ORIGIN } },
    }),
    expect: only(),
    effect: widgetSessionEffect,
  },
  {
    operation: 'Query.widgetPartners',
    about: 'the partners the person may consent to',
    request: async (w) => ({ doc: `query($p: ID) { widgetPartners(personId: $p) { id } }`, vars: { p: w.ids.person } }),
    expect: only('person', 'officer', 'admin'),
  },
  {
    operation: 'Mutation.giveWidgetConsent',
    about: 'the person’s consent to a second partner (the person has capacity; withdrawn afresh for each role)',
    request: async (w, _role, t) => {
      await t.gql(
        `mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`,
        { i: { apiKeyId: w.apiKeyIds.second } },
        w.headers('person'),
      );
      return {
        doc: `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { id } }`,
        vars: { i: { apiKeyId: w.apiKeyIds.second, personId: w.ids.person, reason: 'r' } },
      };
    },
    expect: only('person'),
    effect: {
      audit: 'widgetConsent.give',
      read: async ({ t, w }) =>
        (
          await read<{ me: { widgetConsents: { apiKeyId: string }[] } }>(
            t,
            `{ me { widgetConsents { apiKeyId } } }`,
            undefined,
            w.headers('person'),
          )
        ).me.widgetConsents.some((c) => c.apiKeyId === w.apiKeyIds.second),
      allowed({ before, after }) {
        expect([before, after]).toEqual([false, true]);
      },
    },
  },
  {
    operation: 'Mutation.revokeWidgetConsent',
    about: 'the other person’s consent (given afresh for each role)',
    request: async (w, _role, t) => {
      await giveConsent(t.db, w.ids.otherPerson, w.apiKeyIds.scoped);
      return {
        doc: `mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`,
        vars: { i: { apiKeyId: w.apiKeyIds.scoped, personId: w.ids.otherPerson, reason: 'r' } },
      };
    },
    expect: only('otherPerson'),
    effect: {
      audit: 'widgetConsent.revoke',
      read: async ({ t, w }) =>
        (
          await read<{ me: { widgetConsents: { apiKeyId: string }[] } }>(
            t,
            `{ me { widgetConsents { apiKeyId } } }`,
            undefined,
            w.headers('otherPerson'),
          )
        ).me.widgetConsents.some((c) => c.apiKeyId === w.apiKeyIds.scoped),
      allowed({ before, after }) {
        expect([before, after]).toEqual([true, false]);
      },
    },
  },
  {
    operation: 'Mutation.acceptRepresentativeInvitation',
    about: 'the other person’s invitation to rep-none (sent afresh for each role)',
    request: async (w, _role, t) => {
      await invite(t, w.ids.otherPerson, w.emails.representativeNone, 'BOOK');
      return { doc: `mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { id } }`, vars: { p: w.ids.otherPerson } };
    },
    expect: only('representativeNone'),
    effect: {
      audit: 'representative.accept',
      read: ({ t, w }) => representationOf(t, w, 'representativeNone', w.ids.otherPerson),
      allowed({ before, after }) {
        expect(before).toMatchObject({ representing: ['VIEW_PLAN'], invited: ['BOOK'] });
        expect(after).toEqual({ representing: ['BOOK', 'VIEW_PLAN'], invited: [] });
      },
    },
  },
  {
    operation: 'Mutation.declineRepresentativeInvitation',
    about: 'the other person’s invitation to rep-none (sent afresh for each role)',
    request: async (w, _role, t) => {
      await invite(t, w.ids.otherPerson, w.emails.representativeNone, 'VIEW_BUDGET');
      return { doc: `mutation($p: ID!) { declineRepresentativeInvitation(personId: $p) }`, vars: { p: w.ids.otherPerson } };
    },
    expect: only('representativeNone'),
    effect: {
      audit: 'representative.decline',
      read: ({ t, w }) => representationOf(t, w, 'representativeNone', w.ids.otherPerson),
      allowed({ before, after }) {
        expect((before as Representation).invited).toContain('VIEW_BUDGET');
        expect((after as Representation).invited).not.toContain('VIEW_BUDGET');
        expect((after as Representation).representing).not.toContain('VIEW_BUDGET');
      },
    },
  },
  {
    operation: 'Mutation.revokeRepresentativeRights',
    about: 'giving up, as the representative, rights a person never gave you',
    request: async (w, role) => ({
      doc: `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { id invitedName } }`,
      vars: { i: { personId: w.ids.assessed, representativeId: callerId(w, role) } },
    }),
    expect: only(),
    effect: { audit: 'representative.giveUp' },
  },
  {
    operation: 'Mutation.grantRepresentativeRights',
    about: 'for the person (who has capacity)',
    request: async (w) => ({
      doc: `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`,
      vars: {
        i: {
          personId: w.ids.person,
          representativeEmail: w.emails.friend,
          representativeName: 'Friend',
          rights: ['VIEW_PLAN'],
          reason: 'r',
        },
      },
    }),
    expect: only('person'),
    effect: {
      audit: 'representative.invite',
      read: ({ t, w }) => representativesOf(t, w),
      allowed({ before, after }) {
        const invited = (grants: unknown) =>
          (grants as Grant[]).filter((g) => g.status === 'PENDING' && g.invitedName === 'Friend' && g.right === 'VIEW_PLAN');
        expect(invited(before)).toEqual([]);
        expect(invited(after)).toHaveLength(1);
      },
    },
  },
  {
    operation: 'Mutation.revokeRepresentativeRights',
    about: 'the person’s friend’s rights',
    request: async (w) => ({
      doc: `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { id } }`,
      vars: { i: { personId: w.ids.person, representativeId: w.ids.friend, reason: 'r' } },
    }),
    expect: only('person'),
    effect: {
      audit: 'representative.revoke',
      read: async ({ t, w }) =>
        (await representativesOf(t, w)).filter((g) => g.representativeId === w.ids.friend && g.status === 'ACTIVE').map((g) => g.right),
      allowed({ before, after }) {
        expect([before, after]).toEqual([['VIEW_PLAN'], []]);
      },
    },
  },
  {
    operation: 'Mutation.recordCapacityAssessment',
    about: 'a person of council A',
    request: async (w) => ({
      doc: `mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { id } }`,
      vars: { i: { personId: w.ids.assessed, lacksCapacity: false, reason: 'MCA ref 1' } },
    }),
    expect: only('officer', 'admin'),
    // No read of a person's capacity is public: the trail shows the assessment (without its reason).
    effect: { audit: 'person.recordCapacity' },
  },
  {
    operation: 'Query.capacityAssessmentsAwaitingConfirmation',
    about: 'findings awaiting a second officer (officers get their councils’ only)',
    request: async () => ({ doc: `{ capacityAssessmentsAwaitingConfirmation(first: 5) { totalCount } }` }),
    expect: only('admin', 'officer', 'otherOfficer'),
  },
  {
    operation: 'Mutation.confirmCapacityAssessment',
    about: 'a finding about a person of council A, recorded afresh by an admin for each role',
    request: async (w, _role, t) => {
      await recordCapacity(t, w.headers('admin'), { personId: w.ids.assessed2, lacksCapacity: true, reason: 'MCA ref 2' });
      const [{ id }] = await t.db.query(
        `SELECT id FROM capacity_assessment WHERE person_id = $1 AND confirmed_at IS NULL AND superseded_at IS NULL`,
        [w.ids.assessed2],
      );
      return { doc: `mutation($id: ID!) { confirmCapacityAssessment(id: $id) { status } }`, vars: { id }, state: { id } };
    },
    // The decision is the council's: an admin who is not one of its officers may record, not confirm.
    expect: only('officer'),
    effect: {
      audit: 'person.confirmCapacity',
      read: async ({ t, state }) =>
        (await t.db.query(`SELECT confirmed_at IS NOT NULL AS confirmed FROM capacity_assessment WHERE id = $1`, [state.id]))[0].confirmed,
      allowed({ before, after }) {
        expect([before, after]).toEqual([false, true]);
      },
    },
  },
  {
    operation: 'Mutation.updateProvider',
    about: 'provider A’s listing',
    request: async (w, role) => ({
      doc: `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`,
      vars: { i: { id: w.providerA, summary: `Home care owned by its workers and clients (as ${role}).` } },
    }),
    expect: only('coordinator', 'admin'),
    effect: {
      audit: 'provider.update',
      read: async ({ t, w }) => (await publicProvider(t, w.providerA))?.summary,
      allowed({ after, role }) {
        expect(after).toBe(`Home care owned by its workers and clients (as ${role}).`);
      },
    },
  },
  {
    operation: 'Mutation.upsertService',
    about: 'a new service of provider A',
    request: async (w, role) => ({
      doc: `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
      vars: { i: { providerId: w.providerA, category: 'personal-care', name: `Morning calls (${role})`, hourlyRatePence: 2650 } },
    }),
    expect: only('coordinator', 'admin'),
    effect: {
      audit: 'service.create',
      read: async ({ t, w }) => (await publicProvider(t, w.providerA))?.services.map((s) => s.name).sort(),
      allowed({ before, after, role }) {
        expect(after).toEqual([...(before as string[]), `Morning calls (${role})`].sort());
      },
    },
  },
  {
    operation: 'Mutation.publishProvider',
    about: 'provider A, serving council A (suspended afresh by an admin for each role)',
    request: async (w, _role, t) => {
      await suspend(t, w, w.providerA);
      return { doc: `mutation($id: ID!) { publishProvider(id: $id) { status } }`, vars: { id: w.providerA } };
    },
    expect: only('officer', 'admin'),
    effect: {
      audit: 'provider.publish',
      read: async ({ t, w }) => (await publicProvider(t, w.providerA))?.status ?? 'hidden',
      allowed({ before, after }) {
        expect([before, after]).toEqual(['hidden', 'PUBLISHED']);
      },
    },
  },
  {
    operation: 'Mutation.suspendProvider',
    about: 'provider B, serving council B (published afresh by an admin for each role)',
    request: async (w, _role, t) => {
      await publish(t, w, w.providerB);
      return { doc: `mutation($id: ID!) { suspendProvider(id: $id, reason: "CQC concerns") { status } }`, vars: { id: w.providerB } };
    },
    expect: only('otherOfficer', 'admin'),
    effect: {
      audit: 'provider.suspend',
      read: async ({ t, w }) => (await publicProvider(t, w.providerB))?.status ?? 'hidden',
      allowed({ before, after }) {
        expect([before, after]).toEqual(['PUBLISHED', 'hidden']);
      },
    },
  },
  {
    operation: 'Mutation.logout',
    about: 'one’s own session (a fresh one per role)',
    request: async (w, role) => {
      const headers = PEOPLE_ROLES.includes(role) ? bearer(await w.login(w.emails[role as keyof World['emails']])) : w.headers(role);
      return { doc: `mutation { logout }`, headers, state: headers };
    },
    expect: only(...PEOPLE_ROLES),
    effect: {
      audit: 'session.logout',
      // Whether the credentials used still open the API.
      read: ({ t, state }) => accepted(t, state),
      allowed({ before, after }) {
        expect([before, after]).toEqual([undefined, 'UNAUTHENTICATED']);
      },
    },
  },
  // Ways in: a new address for one's own account, staff added by their managers.
  {
    operation: 'Mutation.requestEmailChange',
    about: 'one’s own account, with its password',
    request: async (_w, role) => ({
      doc: `mutation($e: String!, $p: String!) { requestEmailChange(newEmail: $e, password: $p) }`,
      vars: { e: `moving-${role.toLowerCase()}@test.example`, p: PASSWORD },
    }),
    expect: only(...PEOPLE_ROLES),
    effect: {
      audit: 'account.emailChangeRequested',
      read: ({ t, role }) => linksAndMessagesFor(t, `moving-${role.toLowerCase()}@test.example`),
      allowed({ before, after }) {
        expect([before, after]).toEqual([
          { links: 0, messages: 0 },
          { links: 1, messages: 1 },
        ]);
      },
    },
  },
  {
    operation: 'Mutation.confirmEmailChange',
    about: 'one’s own emailed link (the address is put back after)',
    request: async (w, role, t) => {
      const personId = (w.ids as Record<string, string>)[role];
      const token = personId
        ? await t.services.accountTokens.issue(personId, AccountTokenPurpose.EMAIL_CHANGE, {
            newEmail: `moved-${role.toLowerCase()}@test.example`,
          })
        : 'not-a-token';
      return { doc: `mutation($t: String!) { confirmEmailChange(token: $t) { __typename ... on Viewer { email } } }`, vars: { t: token } };
    },
    expect: only(...PEOPLE_ROLES),
    effect: {
      audit: 'account.emailChanged',
      async allowed({ t, w, role, data }) {
        expect(data.confirmEmailChange).toEqual({ __typename: 'Viewer', email: `moved-${role.toLowerCase()}@test.example` });
        await t.db.query(`UPDATE person SET email = $1 WHERE id = $2`, [w.emails[role as keyof World['emails']], callerId(w, role)]);
      },
    },
  },
  {
    operation: 'Mutation.inviteStaffMember',
    about: 'a care worker of provider A',
    request: async (w, role) => ({
      doc: `mutation($i: InviteStaffMemberInput!) { inviteStaffMember(input: $i) { role providerId } }`,
      vars: {
        i: { email: `new-worker-${role.toLowerCase()}@test.example`, name: 'New Worker', role: 'CARE_WORKER', providerId: w.providerA },
      },
    }),
    expect: only('coordinator', 'admin'),
    effect: {
      audit: 'staff.invite',
      read: ({ t, role }) => peopleAndMessagesFor(t, `new-worker-${role.toLowerCase()}@test.example`),
      allowed({ w, data, before, after }) {
        expect(data.inviteStaffMember).toEqual({ role: 'CARE_WORKER', providerId: w.providerA });
        expect([before, after]).toEqual([
          { people: 0, messages: 0 },
          { people: 1, messages: 1 },
        ]);
      },
    },
  },
  {
    operation: 'Mutation.inviteStaffMember',
    about: 'an officer of council A',
    request: async (w, role) => ({
      doc: `mutation($i: InviteStaffMemberInput!) { inviteStaffMember(input: $i) { role councilId } }`,
      vars: {
        i: { email: `new-officer-${role.toLowerCase()}@test.example`, name: 'New Officer', role: 'COUNCIL_OFFICER', councilId: w.councilA },
      },
    }),
    expect: only('officer', 'admin'),
    effect: {
      audit: 'staff.invite',
      read: ({ t, role }) => peopleAndMessagesFor(t, `new-officer-${role.toLowerCase()}@test.example`),
      allowed({ w, data, before, after }) {
        expect(data.inviteStaffMember).toEqual({ role: 'COUNCIL_OFFICER', councilId: w.councilA });
        expect([before, after]).toEqual([
          { people: 0, messages: 0 },
          { people: 1, messages: 1 },
        ]);
      },
    },
  },
  // Brokerage: cancelling and the calendar.
  {
    operation: 'Mutation.cancelBooking',
    about: 'a confirmed booking on the person’s council-managed budget (made afresh for each role)',
    request: async (w, _role, t) => {
      const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 10_000);
      const { bookingId } = await holdBooking(t.services, {
        budgetId,
        serviceId: w.services.home,
        status: 'CONFIRMED',
        visits: [{ start: hoursFromNow(500), minutes: 60 }],
      });
      return {
        doc: `mutation($i: CancelBookingInput!) { cancelBooking(input: $i) { __typename } }`,
        vars: { i: { bookingId } },
        state: { bookingId },
      };
    },
    expect: only('person', 'representativeAll', 'officer', 'admin'),
    effect: {
      audit: 'booking.cancel',
      read: async ({ t, state }) => (await t.db.query(`SELECT status FROM booking WHERE id = $1`, [state.bookingId]))[0].status,
      allowed({ before, after, data }) {
        expect([before, after, data.cancelBooking.__typename]).toEqual(['CONFIRMED', 'CANCELLED', 'Booking']);
      },
    },
  },
  {
    operation: 'Mutation.createCalendarLink',
    about: 'a calendar address for the person',
    request: async (w) => ({
      doc: `mutation($p: ID) { createCalendarLink(personId: $p) { id path } }`,
      vars: { p: w.ids.person },
    }),
    expect: only('person', 'representativeAll'),
    effect: {
      audit: 'calendarLink.create',
      read: async ({ t, w }) =>
        (await t.db.query(`SELECT count(*)::int AS n FROM calendar_link WHERE person_id = $1`, [w.ids.person]))[0].n,
      allowed({ before, after, data }) {
        expect(after).toBe((before as number) + 1);
        expect(data.createCalendarLink.path).toMatch(/^\/calendar\/ccc_/);
      },
    },
  },
  {
    operation: 'Mutation.revokeCalendarLink',
    about: 'the person’s calendar address (made afresh by the person for each role)',
    request: async (w, _role, t) => {
      // The roles refused leave their links working, and a person has at most 10.
      await t.db.query(`UPDATE calendar_link SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL`, [w.ids.person]);
      const { id } = (
        await read(t, `mutation($p: ID) { createCalendarLink(personId: $p) { id } }`, { p: w.ids.person }, w.headers('person'))
      ).createCalendarLink;
      return { doc: `mutation($id: ID!) { revokeCalendarLink(id: $id) { revokedAt } }`, vars: { id }, state: { id } };
    },
    expect: only('person', 'representativeAll'),
    effect: {
      audit: 'calendarLink.revoke',
      read: async ({ t, state }) =>
        (await t.db.query(`SELECT revoked_at IS NOT NULL AS revoked FROM calendar_link WHERE id = $1`, [state.id]))[0].revoked,
      allowed({ before, after }) {
        expect([before, after]).toEqual([false, true]);
      },
    },
  },
  // Messages: each signed-in person chooses for themself.
  {
    operation: 'Mutation.setMessageChoice',
    about: 'the caller’s own choice for visit reminders',
    request: async (w, role, t) => {
      await t.db.query(`DELETE FROM message_preference WHERE person_id = $1`, [callerId(w, role)]);
      return { doc: `mutation { setMessageChoice(kind: VISIT_REMINDER, channel: NONE) { kind channel } }` };
    },
    expect: only(...PEOPLE_ROLES),
    effect: {
      audit: 'messageChoice.set',
      read: async ({ t, w, role }) =>
        (
          await t.db.query(`SELECT channel FROM message_preference WHERE person_id = $1 AND kind = 'VISIT_REMINDER'`, [callerId(w, role)])
        )[0]?.channel ?? null,
      allowed({ before, after, data }) {
        expect([before, after]).toEqual([null, 'NONE']);
        expect(data.setMessageChoice).toContainEqual({ kind: 'VISIT_REMINDER', channel: 'NONE' });
      },
    },
  },
  // Brokerage: quotes and booking requests, on a council-managed budget of `person`'s.
  {
    operation: 'Query.quote',
    about: 'without a budget: anyone may ask',
    request: async (w) => ({ doc: QUOTE, vars: { i: { serviceId: w.services.home, postcode: 'HD1 2TA', visits: visitAt(48) } } }),
    expect: Object.fromEntries(ROLES.map((r) => [r, 'ok'])) as Record<RoleName, Outcome>,
  },
  {
    operation: 'Query.quote',
    about: 'against person’s budget',
    request: async (w, _role, t) => ({
      doc: QUOTE,
      vars: { i: { serviceId: w.services.home, budgetId: await managedBudget(t, w), visits: visitAt(48) } },
    }),
    expect: only('person', 'representativeAll', 'officer', 'widget', 'admin'),
  },
  {
    operation: 'Mutation.requestBooking',
    about: 'on person’s council-managed budget',
    request: async (w, role, t) => ({
      doc: `mutation($i: RequestBookingInput!) { requestBooking(input: $i) { __typename ... on ErrorResult { code } } }`,
      vars: {
        i: {
          budgetId: await managedBudget(t, w),
          serviceId: w.services.home,
          visits: visitAt(48 + 2 * ROLES.indexOf(role)),
          idempotencyKey: `matrix-${role}`,
        },
      },
    }),
    expect: only('person', 'representativeAll', 'officer', 'admin'),
    effect: {
      audit: 'booking.request',
      read: async ({ t, w }) => {
        const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM booking WHERE budget_id = $1`, [await managedBudget(t, w)]);
        return n;
      },
      allowed({ before, after, data }) {
        expect(data.requestBooking.__typename).toBe('Booking');
        expect(after).toBe((before as number) + 1);
      },
    },
  },
  // Brokerage, the provider's side: each role acts on a booking of its own, so an allowed call never meets an earlier one's.
  {
    operation: 'Query.booking',
    about: 'person’s booking with provider A, given to careWorker (who sees their visits through me.visits, not the booking)',
    request: async (w, _role, t) => {
      const { bookingId } = await bookVisits(t, w, { confirmedWith: w.ids.careWorker });
      return { doc: `query($id: ID!) { booking(id: $id) { id } }`, vars: { id: bookingId } };
    },
    expect: only('admin', 'person', 'representativeAll', 'officer', 'coordinator', 'widget'),
  },
  {
    operation: 'Query.providerBookings',
    about: 'provider A’s bookings',
    request: async (w) => ({ doc: `query($p: ID!) { providerBookings(providerId: $p) { totalCount } }`, vars: { p: w.providerA } }),
    expect: only('admin', 'coordinator'),
  },
  {
    operation: 'Mutation.confirmBooking',
    about: 'a requested booking of provider A',
    request: async (w, _role, t) => {
      const { bookingId } = await bookVisits(t, w);
      return { doc: CONFIRM, vars: { i: { bookingId, workerId: w.ids.careWorker } }, state: { bookingId } };
    },
    expect: only('admin', 'coordinator'),
    effect: bookingStatusEffect('booking.confirm', 'CONFIRMED'),
  },
  {
    operation: 'Mutation.declineBooking',
    about: 'a requested booking of provider A',
    request: async (w, _role, t) => {
      const { bookingId } = await bookVisits(t, w);
      return { doc: DECLINE, vars: { i: { bookingId } }, state: { bookingId } };
    },
    expect: only('admin', 'coordinator'),
    effect: bookingStatusEffect('booking.decline', 'DECLINED'),
  },
  {
    operation: 'Mutation.assignWorker',
    about: 'a visit of a confirmed booking of provider A',
    request: async (w, _role, t) => {
      const { bookingId, visitIds } = await bookVisits(t, w, { confirmedWith: w.ids.careWorker });
      return { doc: ASSIGN, vars: { i: { visitId: visitIds[0], workerId: w.ids.secondCareWorker } }, state: { bookingId } };
    },
    expect: only('admin', 'coordinator'),
    effect: {
      audit: 'visit.assign',
      read: ({ t, w, state }) =>
        read(t, `query($id: ID!) { booking(id: $id) { visits { worker { id } } } }`, { id: state.bookingId }, w.headers('admin')),
      allowed({ w, before, after }) {
        expect([before, after]).toEqual([
          { booking: { visits: [{ worker: { id: w.ids.careWorker } }] } },
          { booking: { visits: [{ worker: { id: w.ids.secondCareWorker } }] } },
        ]);
      },
    },
  },
  {
    operation: 'Mutation.recordVisitDelivered',
    about: 'a past visit of provider A given to careWorker',
    request: async (w, _role, t) => {
      const { bookingId, visitIds } = await bookVisits(t, w, { when: 'past', confirmedWith: w.ids.careWorker });
      return { doc: RECORD, vars: { i: { visitId: visitIds[0], delivered: true } }, state: { bookingId } };
    },
    expect: only('admin', 'coordinator', 'careWorker'),
    effect: {
      audit: 'visit.deliver',
      read: ({ t, w, state }) =>
        read(t, `query($id: ID!) { booking(id: $id) { visits { status } } }`, { id: state.bookingId }, w.headers('admin')),
      allowed({ before, after }) {
        expect([before, after]).toEqual([
          { booking: { visits: [{ status: 'SCHEDULED' }] } },
          { booking: { visits: [{ status: 'DELIVERED' }] } },
        ]);
      },
    },
  },
  {
    operation: 'Mutation.issueInvoice',
    about: 'a delivered visit of provider A',
    request: async (w, _role, t) => {
      const { bookingId, visitIds } = await bookVisits(t, w, { when: 'past', confirmedWith: w.ids.careWorker });
      await read(t, RECORD, { i: { visitId: visitIds[0], delivered: true } }, w.headers('careWorker'));
      return { doc: INVOICE, vars: { i: { bookingId } }, state: { bookingId } };
    },
    expect: only('admin', 'coordinator'),
    effect: bookingStatusEffect('invoice.issue', 'COMPLETED'),
  },
  ...BUDGET_CASES,
  ...TIME_BANK_LEDGER_CASES,
  ...CO_DESIGN_CASES,
  ...EXPENSE_CASES,
  ...VOLUNTEER_RECORD_CASES,
  // Spend reports (story 9): a council's officers and admins only.
  {
    operation: 'Query.spendReport',
    about: 'council A’s spend this year',
    request: async (w) => ({
      doc: `query($c: ID!, $f: DateTime!, $t: DateTime!) { spendReport(councilId: $c, from: $f, to: $t) { totals { spentPence } } }`,
      vars: { c: w.councilA, f: '2026-01-01T00:00:00Z', t: '2027-01-01T00:00:00Z' },
    }),
    expect: only('admin', 'officer'),
  },
  // Care plans (issue 11): only the circle sees a plan; the person and an EDIT_PLAN representative decide.
  {
    operation: 'Query.carePlan',
    about: 'the person’s plan (no staff in its circle)',
    request: async (w, _role, t) => ({
      doc: `query($id: ID!) { carePlan(id: $id) { id goals { description } } }`,
      vars: { id: (await createPlanFor(t, w)).planId },
    }),
    expect: only('person', 'representativeAll'),
  },
  {
    operation: 'Query.carePlansOverdueForReview',
    about: 'the plans one leads past their review date',
    request: async () => ({ doc: `{ carePlansOverdueForReview { totalCount } }` }),
    expect: only('coordinator', 'otherCoordinator'),
  },
  {
    operation: 'Mutation.createCarePlan',
    about: 'for the person (with consent), whose care provider A gives',
    request: async (w, role, t) => {
      await t.db.query(`DELETE FROM care_plan WHERE person_id = $1`, [w.ids.person]);
      if (role === 'coordinator') {
        const budgetId = await personsBudget(t, w, 'COUNCIL_MANAGED', 10_000);
        await holdBooking(t.services, {
          budgetId,
          serviceId: w.services.home,
          status: 'CONFIRMED',
          visits: [{ start: hoursFromNow(200), minutes: 60 }],
        });
      }
      return {
        doc: `mutation($i: CreateCarePlanInput!) { createCarePlan(input: $i) { __typename } }`,
        vars: {
          i: {
            personId: w.ids.person,
            consent: { method: 'VERBAL', givenOn: '2026-01-01' },
            goals: [{ description: 'Walk', area: 'SELF_CARE' }],
          },
        },
      };
    },
    expect: only('person', 'representativeAll', 'coordinator', 'officer'),
    effect: {
      audit: 'carePlan.create',
      read: async ({ t, w }) => (await t.db.query(`SELECT count(*)::int AS n FROM care_plan WHERE person_id = $1`, [w.ids.person]))[0].n,
      allowed({ before, after, data }) {
        expect([before, after, data.createCarePlan.__typename]).toEqual([0, 1, 'CarePlan']);
      },
    },
  },
  {
    operation: 'Mutation.setCarePlanReviewDate',
    about: 'the person’s plan (made afresh for each role)',
    request: async (w, _role, t) => {
      const { planId } = await createPlanFor(t, w);
      return {
        doc: `mutation($p: ID!) { setCarePlanReviewDate(planId: $p, reviewDate: "2031-02-03") { reviewDate } }`,
        vars: { p: planId },
        state: { planId },
      };
    },
    expect: only('person', 'representativeAll'),
    effect: {
      audit: 'carePlan.setReviewDate',
      read: async ({ t, state }) => (await t.db.query(`SELECT review_date::text AS d FROM care_plan WHERE id = $1`, [state.planId]))[0].d,
      allowed({ after }) {
        expect(after).toBe('2031-02-03');
      },
    },
  },
  {
    operation: 'Mutation.recordGoalReview',
    about: 'a goal of the person’s plan (made afresh for each role)',
    request: async (w, _role, t) => {
      const { planId, goalIds } = await createPlanFor(t, w);
      return {
        doc: `mutation($i: RecordGoalReviewInput!) { recordGoalReview(input: $i) { id } }`,
        vars: { i: { planId, goalId: goalIds[0], importance: 8, performance: 6, satisfaction: 7 } },
        state: { planId },
      };
    },
    expect: only('person', 'representativeAll'),
    effect: {
      audit: 'carePlan.reviewGoal',
      read: async ({ t, state }) =>
        (await t.db.query(`SELECT count(*)::int AS n FROM care_plan_goal_review WHERE plan_id = $1`, [state.planId]))[0].n,
      allowed({ before, after }) {
        expect(after).toBe((before as number) + 1);
      },
    },
  },
  {
    operation: 'Mutation.inviteToCircle',
    about: 'a new address into the person’s plan’s circle (made afresh for each role)',
    request: async (w, _role, t) => {
      const { planId } = await createPlanFor(t, w);
      return {
        doc: `mutation($i: InviteToCircleInput!) { inviteToCircle(input: $i) { id } }`,
        vars: { i: { planId, email: 'neighbour@test.example', name: 'Neighbour', role: 'SUGGEST' } },
        state: { planId },
      };
    },
    expect: only('person', 'representativeAll'),
    effect: { audit: 'carePlan.invite', read: circleRows, allowed: oneMore },
  },
  {
    operation: 'Mutation.acceptCircleInvitation',
    about: 'an invitation the person sent to the caller’s address (the person cannot be invited to their own)',
    request: async (w, role, t) => {
      const { planId } = await createPlanFor(t, w);
      await inviteToPlan(t, w, planId, role);
      return { doc: `mutation($p: ID!) { acceptCircleInvitation(planId: $p) { id } }`, vars: { p: planId }, state: { planId } };
    },
    expect: only(...PEOPLE_ROLES.filter((r) => r !== 'person')),
    effect: {
      audit: 'carePlan.acceptInvitation',
      read: async ({ t, state }) =>
        (
          await t.db.query(`SELECT count(*)::int AS n FROM care_plan_circle_member WHERE plan_id = $1 AND person_id IS NOT NULL`, [
            state.planId,
          ])
        )[0].n,
      allowed({ before, after }) {
        expect(after).toBe((before as number) + 1);
      },
    },
  },
  {
    operation: 'Mutation.declineCircleInvitation',
    about: 'an invitation the person sent to the caller’s address',
    request: async (w, role, t) => {
      const { planId } = await createPlanFor(t, w);
      await inviteToPlan(t, w, planId, role);
      return { doc: `mutation($p: ID!) { declineCircleInvitation(planId: $p) }`, vars: { p: planId }, state: { planId } };
    },
    expect: only(...PEOPLE_ROLES.filter((r) => r !== 'person')),
    effect: {
      audit: 'carePlan.declineInvitation',
      read: circleRows,
      allowed({ before, after }) {
        expect([before, after]).toEqual([1, 0]);
      },
    },
  },
  {
    operation: 'Mutation.removeFromCircle',
    about: 'otherPerson, a VIEW member (who may leave)',
    request: async (w, _role, t) => {
      const { planId } = await createPlanFor(t, w);
      const memberId = await joinCircle(t, w, planId, 'otherPerson', 'VIEW');
      return {
        doc: `mutation($p: ID!, $m: ID!) { removeFromCircle(planId: $p, memberId: $m) }`,
        vars: { p: planId, m: memberId },
        state: { planId },
      };
    },
    expect: only('person', 'representativeAll', 'otherPerson'),
    effect: {
      audit: 'carePlan.removeMember',
      read: circleRows,
      allowed({ before, after }) {
        expect([before, after]).toEqual([1, 0]);
      },
    },
  },
  {
    operation: 'Mutation.changeCircleRole',
    about: 'otherPerson, a VIEW member, to EDIT',
    request: async (w, _role, t) => {
      const { planId } = await createPlanFor(t, w);
      const memberId = await joinCircle(t, w, planId, 'otherPerson', 'VIEW');
      return {
        doc: `mutation($p: ID!, $m: ID!) { changeCircleRole(planId: $p, memberId: $m, role: EDIT) { id } }`,
        vars: { p: planId, m: memberId },
        state: { memberId },
      };
    },
    expect: only('person', 'representativeAll'),
    effect: {
      audit: 'carePlan.changeRole',
      read: async ({ t, state }) => (await t.db.query(`SELECT role FROM care_plan_circle_member WHERE id = $1`, [state.memberId]))[0].role,
      allowed({ before, after }) {
        expect([before, after]).toEqual(['VIEW', 'EDIT']);
      },
    },
  },
  {
    operation: 'Mutation.setLeadCoordinator',
    about: 'the coordinator, an EDIT member',
    request: async (w, _role, t) => {
      const { planId } = await createPlanFor(t, w);
      const memberId = await joinCircle(t, w, planId, 'coordinator', 'EDIT');
      return {
        doc: `mutation($p: ID!, $m: ID!) { setLeadCoordinator(planId: $p, memberId: $m) { id } }`,
        vars: { p: planId, m: memberId },
        state: { planId },
      };
    },
    expect: only('person', 'representativeAll'),
    effect: {
      audit: 'carePlan.setLead',
      read: async ({ t, state }) =>
        (await t.db.query(`SELECT lead_coordinator_id AS lead FROM care_plan WHERE id = $1`, [state.planId]))[0].lead,
      allowed({ before, after, w }) {
        expect([before, after]).toEqual([null, w.ids.coordinator]);
      },
    },
  },
  {
    operation: 'Query.emergencyContacts',
    about: 'the person’s',
    request: async (w) => ({ doc: `query($p: ID!) { emergencyContacts(personId: $p) { name } }`, vars: { p: w.ids.person } }),
    expect: only('person', 'representativeAll', 'officer', 'admin'),
  },
  {
    operation: 'Mutation.setEmergencyContacts',
    about: 'the person’s (a contact named for the role)',
    request: async (w, role) => ({
      doc: `mutation($i: SetEmergencyContactsInput!) { setEmergencyContacts(input: $i) { name } }`,
      vars: { i: { personId: w.ids.person, contacts: [{ name: `Contact of ${role}`, email: `contact-${role}@test.example` }] } },
    }),
    expect: only('person', 'representativeAll'),
    effect: {
      audit: 'emergencyContacts.set',
      read: async ({ t, w }) =>
        (await t.db.query(`SELECT name FROM emergency_contact WHERE person_id = $1`, [w.ids.person])).map((c: { name: string }) => c.name),
      allowed({ after, role }) {
        expect(after).toEqual([`Contact of ${role}`]);
      },
    },
  },
  {
    operation: 'Mutation.setCouncilDutyContact',
    about: 'council A’s (named for the role)',
    request: async (w, role) => ({
      doc: `mutation($i: SetCouncilDutyContactInput!) { setCouncilDutyContact(input: $i) { name } }`,
      vars: { i: { councilId: w.councilA, name: `Duty of ${role}`, email: 'duty@test.example' } },
    }),
    expect: only('officer', 'admin'),
    effect: {
      audit: 'councilDutyContact.set',
      read: async ({ t, w }) => (await t.db.query(`SELECT name FROM council_duty_contact WHERE council_id = $1`, [w.councilA]))[0]?.name,
      allowed({ after, role }) {
        expect(after).toBe(`Duty of ${role}`);
      },
    },
  },
  {
    operation: 'Mutation.raiseCrisisAlert',
    about: 'about the person (the care worker given a visit to come of theirs first)',
    request: async (w, role, t) => {
      if (role === 'careWorker') await bookVisits(t, w, { confirmedWith: w.ids.careWorker });
      return {
        doc: `mutation($i: RaiseCrisisAlertInput!) { raiseCrisisAlert(input: $i) { id } }`,
        vars: { i: { personId: w.ids.person, kind: 'UNWELL', note: `Raised by ${role}` } },
      };
    },
    expect: only('person', 'representativeAll', 'careWorker'),
    effect: {
      audit: 'crisisAlert.raise',
      read: async ({ t, w }) => (await t.db.query(`SELECT count(*)::int AS n FROM crisis_alert WHERE person_id = $1`, [w.ids.person]))[0].n,
      allowed({ before, after }) {
        expect(after).toBe((before as number) + 1);
      },
    },
  },
  {
    operation: 'Mutation.acknowledgeCrisisAlert',
    about: 'one the person raised (afresh for each role), told to provider A',
    request: async (w, _role, t) => {
      const alertId = await freshAlert(t, w);
      return {
        doc: `mutation($id: ID!) { acknowledgeCrisisAlert(alertId: $id) { __typename } }`,
        vars: { id: alertId },
        state: { alertId },
      };
    },
    // Not the person: whoever raised an alert does not acknowledge it.
    expect: only('representativeAll', 'coordinator', 'officer', 'admin'),
    effect: {
      audit: 'crisisAlert.acknowledge',
      read: async ({ t, state }) =>
        (await t.db.query(`SELECT acknowledged_by_id AS by FROM crisis_alert WHERE id = $1`, [state.alertId]))[0].by,
      allowed({ after, w, role, data }) {
        expect(data.acknowledgeCrisisAlert.__typename).toBe('CrisisAlert');
        expect(after).toBe(callerId(w, role));
      },
    },
  },
  {
    operation: 'Query.crisisAlert',
    about: 'one the person raised, told to provider A',
    request: async (w, _role, t) => ({ doc: `query($id: ID!) { crisisAlert(id: $id) { id note } }`, vars: { id: await freshAlert(t, w) } }),
    expect: only('person', 'representativeAll', 'coordinator', 'officer', 'admin'),
  },
  {
    operation: 'Query.crisisAlerts',
    about: 'those the caller may read (any signed-in person; none for others)',
    request: async () => ({ doc: `{ crisisAlerts { id } }` }),
    expect: only(...PEOPLE_ROLES),
  },
  ...TIME_BANK_MEMBERS_CASES,
  ...GOVERNANCE_REGISTER_CASES,
  ...GOVERNANCE_CONSTITUTION_CASES,
  ...GOVERNANCE_VOTING_CASES,
];

/** Who has an account at `email`, and what the outbox holds for it: a refused invitation makes neither. */
async function peopleAndMessagesFor(t: TestApp, email: string): Promise<{ people: number; messages: number }> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM person WHERE email = $1) AS people,
            (SELECT count(*)::int FROM outbox_message WHERE recipient_email = $1) AS messages`,
    [email],
  );
  return row;
}

/** The email-change links issued for `email`, and the messages written to it: a refused request writes neither. */
async function linksAndMessagesFor(t: TestApp, email: string): Promise<{ links: number; messages: number }> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*)::int FROM account_token WHERE new_email = $1) AS links,
            (SELECT count(*)::int FROM outbox_message WHERE recipient_email = $1) AS messages`,
    [email],
  );
  return row;
}

/** An alert the person raises about themself while provider A has a visit of theirs to come, so its coordinators are told. */
async function freshAlert(t: TestApp, w: World): Promise<string> {
  await bookVisits(t, w);
  const { raiseCrisisAlert } = await read<{ raiseCrisisAlert: { id: string } }>(
    t,
    `mutation($i: RaiseCrisisAlertInput!) { raiseCrisisAlert(input: $i) { id } }`,
    { i: { personId: w.ids.person, kind: 'FALLEN' } },
    w.headers('person'),
  );
  return raiseCrisisAlert.id;
}

type Grant = { right: string; status: string; representativeId: string | null; invitedName: string | null };
type Representation = { representing: string[]; invited: string[] };

/** The rights a representative holds, and is invited to, for one person (as the representative sees them). */
async function representationOf(t: TestApp, w: World, role: RoleName, personId: string): Promise<Representation> {
  const { me } = await read<{
    me: { representing: { personId: string; right: string }[]; representativeInvitations: { person: { id: string }; right: string }[] };
  }>(t, `{ me { representing { personId right } representativeInvitations { person { id } right } } }`, undefined, w.headers(role));
  return {
    representing: me.representing
      .filter((g) => g.personId === personId)
      .map((g) => g.right)
      .sort(),
    invited: me.representativeInvitations
      .filter((g) => g.person.id === personId)
      .map((g) => g.right)
      .sort(),
  };
}

/** The person's representatives, in force and invited, as the person sees them. */
async function representativesOf(t: TestApp, w: World): Promise<Grant[]> {
  return (
    await read<{ me: { representatives: Grant[] } }>(
      t,
      `{ me { representatives { right status representativeId invitedName } } }`,
      undefined,
      w.headers('person'),
    )
  ).me.representatives;
}

async function suspend(t: TestApp, w: World, id: string) {
  await read(
    t,
    `mutation($id: ID!) { suspendProvider(id: $id, reason: "Reset for the next role") { status } }`,
    { id },
    w.headers('admin'),
  );
}
async function publish(t: TestApp, w: World, id: string) {
  await read(t, `mutation($id: ID!) { publishProvider(id: $id) { status } }`, { id }, w.headers('admin'));
}

/** How many events the audit trail holds, in all and with the action (read by the admin). */
async function trail(t: TestApp, w: World, action: string): Promise<{ all: number; action: number }> {
  const counts = await read<{ all: { totalCount: number }; action: { totalCount: number } }>(
    t,
    `query($a: String) { all: auditEvents(first: 0) { totalCount } action: auditEvents(first: 0, filter: { action: $a }) { totalCount } }`,
    { a: action },
    w.headers('admin'),
  );
  return { all: counts.all.totalCount, action: counts.action.totalCount };
}

const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

test('every operation is in the matrix (or listed public), nothing listed is stale, every mutation says its effect', async () => {
  const schema = await getSchema();
  const inSchema = [
    ...Object.keys(schema.getQueryType()?.getFields() ?? {}).map((f) => `Query.${f}`),
    ...Object.keys(schema.getMutationType()?.getFields() ?? {}).map((f) => `Mutation.${f}`),
  ].sort();
  const covered = new Set([...PUBLIC_OPERATIONS, ...CASES.map((c) => c.operation)]);
  expect(
    inSchema.filter((op) => !covered.has(op)),
    'operations missing from the permission matrix',
  ).toEqual([]);
  expect(
    [...covered].filter((op) => !inSchema.includes(op)),
    'matrix entries for operations that no longer exist',
  ).toEqual([]);
  for (const c of CASES) expect(Object.keys(c.expect).sort()).toEqual([...ROLES].sort());
  expect(
    CASES.filter((c) => c.operation.startsWith('Mutation.') && !c.effect).map((c) => `${c.operation} (${c.about})`),
    'mutation cases without an effect',
  ).toEqual([]);
});

describe.each(CASES)('$operation ($about)', (c) => {
  test.each([...ROLES])('as %s', async (role) => {
    const { doc, vars, headers, state = {} } = await c.request(w, role, t);
    const context: Context = { t, w, role, state };
    const trailBefore = c.effect && (await trail(t, w, c.effect.audit));
    const before = await c.effect?.read?.(context);

    const res = await t.gql(doc, vars, headers ?? w.headers(role));
    const field = c.operation.split('.')[1]!;
    const outcome = c.expect[role];
    if (outcome === 'ok') {
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect((res.data as Record<string, unknown>)[field]).toBeTruthy();
    } else {
      expect(code(res), JSON.stringify(res)).toBe(outcome);
      expect((res.data as Record<string, unknown> | null | undefined)?.[field] ?? null).toBeNull();
    }
    if (!c.effect) return;

    const after = await c.effect.read?.(context);
    const trailAfter = await trail(t, w, c.effect.audit);
    if (outcome === 'ok') {
      expect(trailAfter.action, `an allowed ${field} is audited as ${c.effect.audit}`).toBe(trailBefore!.action + 1);
      await c.effect.allowed?.({ ...context, before, after, data: res.data as Record<string, any> });
    } else {
      expect(after, `a denied ${field} changes nothing`).toEqual(before);
      expect(trailAfter.all, `a denied ${field} writes nothing to the audit trail`).toBe(trailBefore!.all);
    }
  });
});

test('a coordinator cannot move a service to, or edit, another provider; every listing change is audited', async () => {
  const created = await t.gql<{ upsertService: { id: string } }, unknown>(
    `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
    { i: { providerId: w.providerB, category: 'gardening-and-maintenance', name: 'Garden tidy', hourlyRatePence: 1800 } },
    w.headers('otherCoordinator'),
  );
  const serviceId = created.data!.upsertService.id;
  const hijack = await t.gql(
    `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
    { i: { id: serviceId, providerId: w.providerA, category: 'gardening-and-maintenance', name: 'Mine now', hourlyRatePence: 1 } },
    w.headers('coordinator'),
  );
  expect(code(hijack)).toBe('FORBIDDEN');
  const updated = await t.gql<{ upsertService: { id: string; hourlyRatePence: number } }, unknown>(
    `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id hourlyRatePence } }`,
    { i: { id: serviceId, providerId: w.providerB, category: 'gardening-and-maintenance', name: 'Garden tidy', hourlyRatePence: 1900 } },
    w.headers('otherCoordinator'),
  );
  expect(updated.data!.upsertService).toEqual({ id: serviceId, hourlyRatePence: 1900 });
  const actions: { action: string }[] = await t.db.query(`SELECT action FROM audit_event WHERE object_id = $1 ORDER BY id`, [serviceId]);
  expect(actions.map((a) => a.action)).toEqual(['service.create', 'service.update']);
  const published: { action: string; council_ids: string[] }[] = await t.db.query(
    `SELECT action, council_ids FROM audit_event WHERE object_id = $1 AND action = 'provider.publish' AND actor_person_id = $2`,
    [w.providerA, w.ids.officer],
  );
  expect(published).toEqual([{ action: 'provider.publish', council_ids: [w.councilA] }]);
});

import { expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced } from './support/brokerage.js';
import { demoSignIn } from './support/demo.js';
import { seedDemo } from './support/seed.js';

/**
 * The demo's money, as `npm start` leaves it, so each brokerage story can be tried by hand from the
 * demo accounts: three budgets of three kinds, each with a ledger and a booking in every status, an
 * invoice and a late cancellation; the care worker's rota; the council's report.
 */
const t = useTestApp({ seeded: true });

interface DemoBudget {
  kind: string;
  allocatedPence: number;
  paidInPence: number;
  committedPence: number;
  spentPence: number;
  availablePence: number;
  heldBy: { name: string } | null;
  agreedOutcomes: string | null;
  ledger: { totalCount: number };
  bookings: { edges: { node: { status: string; invoices: { totalPence: number }[]; visits: { status: string }[] } }[] };
}

const BUDGETS = `{
  me { personalBudgets {
    kind allocatedPence paidInPence committedPence spentPence availablePence heldBy { name } agreedOutcomes
    ledger(first: 1) { totalCount }
    bookings(first: 20) { edges { node { status invoices { totalPence } visits { status } } } }
  } }
}`;

async function budgetsOf(account: 'margaret' | 'david' | 'arthur' | 'joan'): Promise<DemoBudget[]> {
  const res = await t.gql<{ me: { personalBudgets: DemoBudget[] } }, unknown>(BUDGETS, undefined, await demoSignIn(t, account));
  expect(res.errors).toBeUndefined();
  return res.data!.me.personalBudgets;
}

test('Margaret, Arthur and Joan each hold a budget with a booking in every status, an invoice and a late cancellation', async () => {
  const [margaret] = await budgetsOf('margaret');
  const [arthur] = await budgetsOf('arthur');
  const [joan] = await budgetsOf('joan');
  expect([margaret.kind, arthur.kind, joan.kind]).toEqual(['COUNCIL_MANAGED', 'DIRECT_PAYMENT', 'INDIVIDUAL_SERVICE_FUND']);
  expect(joan.heldBy?.name).toBe('Colne Valley Care Co-operative');
  expect(joan.agreedOutcomes).toContain('Slaithwaite market');
  // Arthur's direct payment: two monthly instalments of £400 and his own £50.
  expect(arthur.paidInPence).toBe(85_000);
  for (const budget of [margaret, arthur, joan]) {
    const bookings = budget.bookings.edges.map((e) => e.node);
    expect(new Set(bookings.map((b) => b.status))).toEqual(new Set(['COMPLETED', 'CONFIRMED', 'REQUESTED', 'DECLINED', 'CANCELLED']));
    const completed = bookings.find((b) => b.status === 'COMPLETED')!;
    expect(completed.invoices).toHaveLength(1);
    expect(completed.visits.map((v) => v.status)).toEqual(['DELIVERED', 'DELIVERED', 'MISSED']);
    // Two delivered hours at £33.50, and a late cancellation charged in full.
    expect(budget.spentPence).toBe(3 * 3_350);
    expect(budget.committedPence).toBe(5 * 3_350);
    expect(budget.ledger.totalCount).toBeGreaterThan(5);
    expect(budget.availablePence).toBeGreaterThan(0);
  }
  // David books for his mother: he sees her budget too.
  expect((await budgetsOf('david')).map((b) => b.kind)).toEqual(['COUNCIL_MANAGED']);
});

test('the Colne Valley care worker has a rota, and Kirklees’s officer sees where the money went', async () => {
  const rota = await t.gql<{ me: { visits: { totalCount: number } } }, unknown>(
    `{ me { visits(first: 50) { totalCount } } }`,
    undefined,
    await demoSignIn(t, 'worker'),
  );
  expect(rota.data!.me.visits.totalCount).toBeGreaterThanOrEqual(12);
  const officer = await demoSignIn(t, 'officer');
  const councils = await t.gql<{ councils: { id: string; slug: string }[] }, unknown>(`{ councils { id slug } }`, undefined, officer);
  const kirklees = councils.data!.councils.find((c) => c.slug === 'kirklees')!;
  const report = await t.gql<{ spendReport: { totals: { spentPence: number }; cooperativeSharePercent: number } }, unknown>(
    `query($c: ID!, $from: DateTime!, $to: DateTime!) {
      spendReport(councilId: $c, from: $from, to: $to) { totals { spentPence } cooperativeSharePercent }
    }`,
    { c: kirklees.id, from: new Date(Date.now() - 90 * 86_400_000).toISOString(), to: new Date(Date.now() + 86_400_000).toISOString() },
    officer,
  );
  expect(report.errors).toBeUndefined();
  expect(report.data!.spendReport).toEqual({ totals: { spentPence: 9 * 3_350 }, cooperativeSharePercent: 100 });
});

test('seeding again adds no money; every balance is its ledger’s sums', async () => {
  const lines = async () => Number((await t.db.query(`SELECT count(*) AS n FROM budget_ledger_entry`))[0].n);
  const before = await lines();
  await seedDemo(t.services);
  expect(await lines()).toBe(before);
  await expectLedgersBalanced(t.db);
});

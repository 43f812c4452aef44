import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { expectLedgersBalanced } from './support/brokerage.js';
import { bookVisits, roomyBudget } from './support/fulfilment.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * Bookings and visits come in pages, and each carries fields read through loaders (the budget, the
 * service, the worker, who may read the notes): a page of many costs the statements a page of one does.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const MANY = 6;

beforeAll(async () => {
  const budgetId = await roomyBudget(t, w);
  for (let i = 0; i < MANY; i++) await bookVisits(t, w, { budgetId, visits: 2, confirmedWith: w.ids.careWorker });
});

async function statementsFor(role: RoleName, query: string, vars: Record<string, unknown>) {
  t.statements.reset();
  const res = await t.gql<any, unknown>(query, vars, w.headers(role));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { statements: t.statements.count, data: res.data };
}

const VISIT = `id note cancellationReason personName carePostcode service { id provider { id } } worker { name }`;

describe('a page of a provider’s bookings, with everything they reach', () => {
  const PAGE = `query($p: ID!, $first: Int) { providerBookings(providerId: $p, first: $first) { edges { node {
    id notes declineReason distinctWorkersLast28Days
    budget { kind carePostcode person { name } council { name } heldBy { name } }
    service { id } provider { id } person { name } preferredWorkers { id }
    visits { ${VISIT} }
    invoices { id visits { ${VISIT} } booking { id } }
  } } } }`;

  test('costs the statements of a page of one', async () => {
    const one = await statementsFor('coordinator', PAGE, { p: w.providerA, first: 1 });
    const many = await statementsFor('coordinator', PAGE, { p: w.providerA, first: MANY });
    expect(many.data.providerBookings.edges).toHaveLength(MANY);
    expect(many.statements).toBe(one.statements);
  });
});

describe('a page of a worker’s visits', () => {
  const PAGE = `query($first: Int) { me { visits(first: $first) { edges { node { ${VISIT} } } } } }`;

  test('costs the statements of a page of one', async () => {
    const one = await statementsFor('careWorker', PAGE, { first: 1 });
    const many = await statementsFor('careWorker', PAGE, { first: 2 * MANY });
    expect(many.data.me.visits.edges).toHaveLength(2 * MANY);
    expect(many.statements).toBe(one.statements);
  });
});

describe('the budgets a person sees, with their bookings', () => {
  const PAGE = `query($first: Int) { me { personalBudgets { id availablePence bookings(first: $first) { edges { node {
    id notes visits { ${VISIT} } invoices { id }
  } } } } } }`;

  test('costs the same whatever the page size of each budget’s bookings', async () => {
    const one = await statementsFor('person', PAGE, { first: 1 });
    const many = await statementsFor('person', PAGE, { first: MANY });
    expect(many.data.me.personalBudgets.map((b: any) => b.bookings.edges.length)).toEqual([MANY]);
    expect(many.statements).toBe(one.statements);
  });
});

test('every budget’s balances are its ledger’s sums', async () => {
  await expectLedgersBalanced(t.db);
});

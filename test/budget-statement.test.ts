import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { LedgerEntryKind } from '../api/brokerage/brokerage.enums.js';
import { londonDate } from '../api/common/london.js';
import { useTestApp } from './support/app.js';
import { appendLines, expectLedgersBalanced, holdBooking, hoursFromNow, personsBudget, STATEMENT_COLUMNS } from './support/brokerage.js';
import { bearer } from './support/graphql.js';
import { PARTNER_ORIGIN, type RoleName, useWorld } from './support/world.js';

/**
 * Story 8's statement: `GET /exports/budgets/{id}/statement.csv`, for whoever may view the budget, one row
 * per ledger line with a running balance and totals equal to the budget's balances, safe to open in a spreadsheet.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const year = new Date().getUTCFullYear();

function statement(id: string, headers: Record<string, string> = {}) {
  return fetch(`${t.url}/exports/budgets/${id}/statement.csv`, { headers });
}

describe('a direct payment’s statement', () => {
  const HOSTILE_NAME = '=HYPERLINK("https://evil.example","Click")';
  let budgetId = '';
  let rows: string[][] = [];
  let response: Response;

  test('is a CSV attachment that is never cached', async () => {
    const allocated = await t.gql<{ allocatePersonalBudget: { id: string } }, unknown>(
      `mutation($i: AllocatePersonalBudgetInput!) { allocatePersonalBudget(input: $i) { id } }`,
      {
        i: {
          personEmail: 'statement-holder@test.example',
          personName: HOSTILE_NAME,
          postcode: 'HD1 2TA',
          kind: 'DIRECT_PAYMENT',
          allocatedPence: 100_000,
          periodStart: `${year}-01-01`,
          periodEnd: `${year + 1}-12-31`,
        },
      },
      w.headers('officer'),
    );
    budgetId = allocated.data!.allocatePersonalBudget.id;
    const paid = await t.gql(
      `mutation($i: RecordDirectPaymentInput!) { recordDirectPayment(input: $i) { id } }`,
      { i: { budgetId, amountPence: 40_000, paidOn: `${year}-01-01` } },
      w.headers('officer'),
    );
    expect(paid.errors).toBeUndefined();
    // Two visits of an hour (£35.50 each, travel included): one delivered and invoiced, one cancelled in time.
    const { bookingId, visitIds } = await holdBooking(t.services, {
      budgetId,
      serviceId: w.services.home,
      visits: [
        { start: hoursFromNow(30), minutes: 60 },
        { start: hoursFromNow(54), minutes: 60 },
      ],
    });
    await t.db.query(`UPDATE booking_visit SET status = 'DELIVERED' WHERE id = $1`, [visitIds[0]]);
    const [invoice] = await t.db.query(
      `INSERT INTO invoice (booking_id, budget_id, provider_id, total_pence) VALUES ($1, $2, $3, 3550) RETURNING id, invoice_number`,
      [bookingId, budgetId, w.providerA],
    );
    await t.db.query(`UPDATE booking_visit SET invoice_id = $1 WHERE id = $2`, [invoice.id, visitIds[0]]);
    await t.db.query(`UPDATE booking_visit SET status = 'CANCELLED' WHERE id = $1`, [visitIds[1]]);
    const today = londonDate(new Date());
    await appendLines(t.services, {
      budgetId,
      actingPersonId: w.ids.officer,
      lines: [
        { kind: LedgerEntryKind.CHARGE, amountPence: 3_550, effectiveOn: today, bookingId, visitId: visitIds[0], invoiceId: invoice.id },
        { kind: LedgerEntryKind.RELEASE, amountPence: 3_550, effectiveOn: today, bookingId, visitId: visitIds[1] },
        { kind: LedgerEntryKind.ADJUSTMENT, amountPence: 500, effectiveOn: today, description: '+1 correction, see @finance' },
      ],
    });

    response = await statement(budgetId, w.headers('officer'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="budget-${budgetId.slice(0, 8)}-statement.csv"`);
    expect(response.headers.get('cache-control')).toBe('no-store');
    // Counted against the client address's budget, as every route that reaches the database is.
    expect(response.headers.get('ratelimit-policy')).toBe('"address";q=100000;w=60');
    const body = Buffer.from(await response.arrayBuffer());
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    rows = parse(body, { bom: true, relax_column_count: true, skip_empty_lines: false });
  });

  test('says whose budget it is, of what kind and council, for what period', () => {
    const facts = Object.fromEntries(rows.slice(1, 10).map(([k, v]) => [k, v]));
    expect(rows[0]).toEqual(['Personal budget statement']);
    expect(facts).toMatchObject({
      Budget: budgetId,
      Person: `'${HOSTILE_NAME}`,
      Kind: 'Direct payment',
      Council: 'Kirklees (test)',
      'Care postcode': 'HD1 2TA',
      Period: `${year}-01-01 to ${year + 1}-12-31`,
    });
    expect(facts.Generated).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d (GMT|BST)$/);
  });

  test('lists every ledger line in order with a running available balance, and totals equal the balances', async () => {
    const start = rows.findIndex((r) => r[0] === 'Date');
    expect(rows[start]).toEqual(STATEMENT_COLUMNS);
    const end = rows.findIndex((r) => r[0] === 'Totals');
    const lines = rows.slice(start + 1, end);
    const [{ invoice_number }] = await t.db.query(`SELECT invoice_number FROM invoice WHERE budget_id = $1`, [budgetId]);
    expect(lines.map((r) => [r[2], r[5], r[6], r[7], r[8], r[9]])).toEqual([
      ['Allocation', '1000.00', '', '', '', '0.00'],
      ['Direct payment received', '', '400.00', '', '', '400.00'],
      ['Held for booking', '', '', '', '71.00', '329.00'],
      ['Charged for visit', '', '', '35.50', '-35.50', '329.00'],
      ['Hold released', '', '', '', '-35.50', '364.50'],
      ['Adjustment', '', '5.00', '', '', '369.50'],
    ]);
    const numbers = lines.map((r) => Number(r[1]));
    expect(numbers).toEqual([...numbers].sort((a, b) => a - b));
    expect(lines[3]![3]).toMatch(
      new RegExp(`^Booking [0-9a-f-]{36}; Invoice ${invoice_number}; Visit \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d (GMT|BST)$`),
    );
    expect(lines[5]![4]).toBe("'+1 correction, see @finance");

    const balance = await t.gql<{ personalBudget: Record<string, number> }, unknown>(
      `query($id: ID!) { personalBudget(id: $id) { allocatedPence paidInPence committedPence spentPence availablePence } }`,
      { id: budgetId },
      w.headers('officer'),
    );
    const pounds = (pence: number) => (pence / 100).toFixed(2);
    const b = balance.data!.personalBudget;
    expect(rows[end]).toEqual([
      'Totals',
      '',
      '',
      '',
      '',
      '1000.00',
      '405.00',
      '35.50',
      pounds(b.committedPence!),
      pounds(b.availablePence!),
    ]);
    expect(Object.fromEntries(rows.slice(end + 2).map(([k, v]) => [k, v]))).toEqual({
      Allocated: pounds(b.allocatedPence!),
      'Paid in': pounds(b.paidInPence!),
      Committed: pounds(b.committedPence!),
      Spent: pounds(b.spentPence!),
      Available: pounds(b.availablePence!),
    });
  });

  test('has no cell a spreadsheet would run as a formula', () => {
    const cells = rows.flat();
    expect(cells.filter((c) => /^[=+@\t\r]/.test(c))).toEqual([]);
    expect(cells.filter((c) => c.startsWith('-') && !/^-\d+\.\d\d$/.test(c))).toEqual([]);
  });
});

describe('who may have a statement', () => {
  let budgetId = '';
  test.each([
    ['the person', 'person', 200],
    ['a representative with every right', 'representativeAll', 200],
    ['the person’s budget widget', 'widget', 200],
    ['an officer of the council', 'officer', 200],
    ['an admin', 'admin', 200],
    ['someone else', 'otherPerson', 403],
    ['an officer of another council', 'otherOfficer', 403],
    ['a coordinator', 'coordinator', 403],
    ['a partner key', 'partner', 403],
    ['no one signed in', 'public', 401],
  ] as const)('%s: %i', async (_who, role: RoleName, status) => {
    budgetId ||= await personsBudget(t, w, 'COUNCIL_MANAGED', 20_000);
    const res = await statement(budgetId, w.headers(role));
    expect(res.status).toBe(status);
    expect(res.headers.get('cache-control')).toBe('no-store');
    if (status !== 200) {
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await res.text()).not.toContain('Kirklees');
    }
  });

  test('a budget widget on its partner’s page may fetch it: the preflight is answered and the file named to the page', async () => {
    const preflight = await fetch(`${t.url}/exports/budgets/${budgetId}/statement.csv`, {
      method: 'OPTIONS',
      headers: { origin: PARTNER_ORIGIN, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(PARTNER_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const res = await statement(budgetId, w.headers('widget'));
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe(PARTNER_ORIGIN);
    expect(res.headers.get('access-control-expose-headers')?.toLowerCase()).toContain('content-disposition');
  });

  test('any other address under /exports is a 404 problem', async () => {
    for (const path of [`/exports/budgets/${budgetId}/statement.pdf`, '/exports/budgets', '/exports/']) {
      const res = await fetch(`${t.url}${path}`, { headers: w.headers('person') });
      expect([res.status, res.headers.get('content-type')], path).toEqual([404, 'application/problem+json; charset=utf-8']);
    }
  });

  test('a bad token is 401, an unknown budget 404, an id that is not one 400', async () => {
    expect((await statement(budgetId, bearer('not-a-token'))).status).toBe(401);
    expect((await statement('00000000-0000-4000-8000-000000000009', w.headers('admin'))).status).toBe(404);
    expect((await statement('budget-1', w.headers('admin'))).status).toBe(400);
  });
});

test('every budget’s balances are its ledger’s sums', async () => {
  await expectLedgersBalanced(t.db);
});

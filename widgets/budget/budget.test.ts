import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { expectNoAxeViolations, focused, holdRequest, horizontalOverflow, openPage, partnerPage } from '../../test/support/browser.js';
import { heading, status, useBudgetWidget, widget, words } from '../../test/support/budget-widget.js';
import { STATEMENT_COLUMNS } from '../../test/support/brokerage.js';
import { demoProviderId, demoSignIn, publicServices } from '../../test/support/demo.js';
import { demoPartner } from '../../test/support/widget-sessions.js';
import { formatDate, formatDateTime, formatPence } from '../shared/format.js';

/**
 * `<coopcare-budget>` showing Margaret Hirst's budgets: the figures, the visits to come, the statement,
 * keyboard use and reflow, a booking on the page, and several budgets. When a budget cannot be shown:
 * budget-errors.test.ts.
 */
const { t, chromium, site, open, mint } = useBudgetWidget();

let margaret: Record<string, string>;
beforeAll(async () => {
  margaret = await demoSignIn(t, 'margaret');
});

interface ApiBudget {
  id: string;
  kind: string;
  periodStart: string;
  periodEnd: string;
  council: { name: string } | null;
  allocatedPence: number;
  paidInPence: number;
  committedPence: number;
  spentPence: number;
  availablePence: number;
  ledger: { totalCount: number };
  upcomingVisits: {
    totalCount: number;
    edges: {
      node: { startsAt: string; minutes: number; service: { name: string; provider: { name: string } }; worker: { name: string } | null };
    }[];
  };
}

/** Margaret's budgets as she reads them herself over GraphQL: what the widget must agree with. */
async function margaretsBudgets(): Promise<ApiBudget[]> {
  const res = await t.gql<{ me: { personalBudgets: ApiBudget[] } }, unknown>(
    `{ me { personalBudgets { id kind periodStart periodEnd council { name } allocatedPence paidInPence committedPence spentPence
      availablePence ledger(first: 0) { totalCount } upcomingVisits(first: 10) { totalCount edges { node {
        startsAt minutes service { name provider { name } } worker { name } } } } } } }`,
    undefined,
    margaret,
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.me.personalBudgets;
}

/** Each budget section's figures as shown: label → amount. */
function figures(page: Page): Promise<Record<string, string>[]> {
  return widget(page).evaluate((host) =>
    [...host.shadowRoot!.querySelectorAll('[part="budget"]')].map((section) =>
      Object.fromEntries(
        [...section.querySelectorAll('.figure')].map((figure) => [
          [...figure.querySelector('dt')!.childNodes]
            .filter((n) => n.nodeType === Node.TEXT_NODE)
            .map((n) => n.textContent)
            .join('')
            .trim(),
          figure.querySelector('dd')!.textContent!.trim(),
        ]),
      ),
    ),
  );
}

describe('<coopcare-budget> with a BUDGET_VIEW session', () => {
  test('shows whose budget it is, the council, the period and the API’s figures in pounds, available first', async () => {
    const [budget] = await margaretsBudgets();
    const { context, page, consoleErrors } = await open(`<coopcare-budget session-token="${await mint('BUDGET_VIEW')}"></coopcare-budget>`);
    await heading(page).waitFor();
    const section = widget(page).locator('[part="budget"]');
    await expect(section.textContent()).resolves.toContain(
      `${budget!.council!.name} holds this budget and pays for the care booked from it. ` +
        `It covers ${formatDate(budget!.periodStart)} to ${formatDate(budget!.periodEnd)}.`,
    );
    // A council-managed budget without top-ups has nothing "paid in" to show.
    expect(await figures(page)).toEqual([
      {
        Available: formatPence(budget!.availablePence),
        Allocated: formatPence(budget!.allocatedPence),
        Committed: formatPence(budget!.committedPence),
        Spent: formatPence(budget!.spentPence),
      },
    ]);
    expect((await figures(page))[0]!.Allocated).toBe('£7,800.00');
    const first = await widget(page).locator('[part="balances"] > div').first().getAttribute('part');
    expect(first).toBe('available');
    await expect(status(page).textContent()).resolves.toBe(
      `Margaret Hirst’s council-managed budget: ${formatPence(budget!.availablePence)} available.`,
    );
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('for a direct payment, shows what has been paid in: only that can be spent', async () => {
    const arthurs = await demoPartner(t, site.origin, 'arthur');
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await arthurs.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await heading(page, 'Arthur Beaumont’s direct payment').waitFor();
    // The demo pays Arthur £400 twice and he tops up £50 (api/brokerage/seed.ts).
    expect((await figures(page))[0]).toMatchObject({ Allocated: '£4,800.00', 'Paid in': '£850.00' });
    expect(await widget(page).getByText('Paid into the budget so far: only this can be spent.').isVisible()).toBe(true);
    expect(await widget(page).getByText('Kirklees Council pays this budget in instalments; only money paid in can be spent.').count()).toBe(
      1,
    );
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('lists the upcoming visits in London time, whatever the browser’s time zone, with their status in words', async () => {
    const [budget] = await margaretsBudgets();
    const context = await chromium.browser.newContext({ locale: 'en-US', timezoneId: 'Pacific/Auckland' });
    const page = await context.newPage();
    await page.goto(
      site.page('/budget-auckland', partnerPage(t.url, `<coopcare-budget session-token="${await mint('BUDGET_VIEW')}"></coopcare-budget>`)),
    );
    const items = widget(page).locator('[part="visits"] li');
    await heading(page).waitFor();
    const expected = budget!.upcomingVisits.edges.map(({ node }) =>
      [
        `${formatDateTime(node.startsAt)}, ${node.minutes === 60 ? '1 hour' : `${node.minutes} minutes`}`,
        `${node.service.name}, ${node.service.provider.name}`,
        node.worker ? `Confirmed: ${node.worker.name} will visit` : `Waiting for ${node.service.provider.name} to confirm`,
      ].join(' '),
    );
    expect(expected.length).toBeGreaterThanOrEqual(5);
    expect(await items.evaluateAll((lis) => lis.map((li) => li.textContent!.replace(/\s+/g, ' ').trim()))).toEqual(expected);
    // The demo books Margaret's visits at nine in the morning, UK time.
    expect(await words(items.first())).toContain('09:00');
    expect(await words(items.first())).toContain('Confirmed: Aisha Khan will visit');
    expect(await words(items.last())).toContain('Waiting for Colne Valley Care Co-operative to confirm');
    await context.close();
  });

  test('downloads the statement: the CSV with its header row and every entry of her ledger', async () => {
    const [budget] = await margaretsBudgets();
    const { context, page, consoleErrors } = await open(`<coopcare-budget session-token="${await mint('BUDGET_VIEW')}"></coopcare-budget>`);
    const button = page.getByRole('button', { name: 'Download statement (CSV)' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(`budget-${budget!.id.slice(0, 8)}-statement.csv`);
    const rows: string[][] = parse(fs.readFileSync((await download.path())!), { bom: true, relax_column_count: true });
    expect(rows[0]).toEqual(['Personal budget statement']);
    expect(rows).toContainEqual(['Person', 'Margaret Hirst']);
    const columns = rows.findIndex((r) => r[0] === 'Date' && r[1] === 'Entry');
    expect(rows[columns]).toEqual(STATEMENT_COLUMNS);
    const totals = rows.findIndex((r) => r[0] === 'Totals');
    expect(totals - columns - 1).toBe(budget!.ledger.totalCount);
    expect(rows[columns + 1]!.slice(2, 3)).toEqual(['Allocation']);
    expect(rows).toContainEqual(['Available', (budget!.availablePence / 100).toFixed(2)]);
    await expect(status(page).textContent()).resolves.toBe(`The statement has downloaded as ${download.suggestedFilename()}.`);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('by keyboard alone: Tab to Refresh and press Space, Tab to the statement and press Enter', async () => {
    const { context, page, consoleErrors } = await open(`<coopcare-budget session-token="${await mint('BUDGET_VIEW')}"></coopcare-budget>`);
    await heading(page).waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ part: 'refresh-button' });
    await page.keyboard.press('Space');
    await expect
      .poll(() => status(page).textContent())
      .toMatch(/^Figures updated\. Margaret Hirst’s council-managed budget: £[\d,.]+ available\.$/);
    expect(await focused(page)).toMatchObject({ part: 'refresh-button' });
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ part: 'statement-button' });
    const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(download.suggestedFilename()).toMatch(/^budget-[0-9a-f]{8}-statement\.csv$/);
    expect(fs.readFileSync((await download.path())!, 'utf8')).toContain('Personal budget statement');
    expect(await focused(page)).toMatchObject({ part: 'statement-button' });
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('fits a 320 pixel wide screen without scrolling sideways', async () => {
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await mint('BUDGET_VIEW')}"></coopcare-budget>`,
      {
        width: 320,
      },
    );
    await heading(page).waitFor();
    const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('<coopcare-budget> after a booking', () => {
  test('a coopcare-booked event on the page brings the new figures and the visit at once', async () => {
    const { context, page, consoleErrors } = await open(`<coopcare-budget session-token="${await mint('BOOKING')}"></coopcare-budget>`);
    await heading(page).waitFor();
    const [before] = await margaretsBudgets();
    const home = (await publicServices(t, demoProviderId('colne-valley-care-co-operative'))).find((s) => s.name === 'Home care visits')!;
    const start = new Date(Date.now() + 40 * 86_400_000);
    start.setUTCHours(10, 0, 0, 0);
    const booked = await t.gql<{ requestBooking: { __typename: string; id: string; totalPence: number; status: string } }, unknown>(
      `mutation($i: RequestBookingInput!) { requestBooking(input: $i) {
        __typename ... on Booking { id totalPence status } ... on ErrorResult { code message } } }`,
      {
        i: {
          budgetId: before!.id,
          serviceId: home.id,
          visits: [{ start: start.toISOString(), minutes: 60 }],
          idempotencyKey: `widget-test-${Date.now()}`,
        },
      },
      margaret,
    );
    const booking = booked.data!.requestBooking;
    expect(booking.__typename, JSON.stringify(booked)).toBe('Booking');
    expect((await figures(page))[0]!.Available).toBe(formatPence(before!.availablePence));

    await page.evaluate(
      (detail) => document.body.dispatchEvent(new CustomEvent('coopcare-booked', { detail, bubbles: true, composed: true })),
      { bookingId: booking.id, budgetId: before!.id, totalPence: booking.totalPence, status: booking.status },
    );
    await expect.poll(async () => (await figures(page))[0]!.Available).toBe(formatPence(before!.availablePence - booking.totalPence));
    expect((await figures(page))[0]!.Committed).toBe(formatPence(before!.committedPence + booking.totalPence));
    await expect(status(page).textContent()).resolves.toBe(
      `Figures updated. Margaret Hirst’s council-managed budget: ${formatPence(before!.availablePence - booking.totalPence)} available.`,
    );
    expect(await widget(page).locator('[part="visits"] li').allInnerTexts()).toContainEqual(
      expect.stringContaining(formatDateTime(start.toISOString())),
    );
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('<coopcare-budget> for a person with several budgets', () => {
  let newer: string;
  beforeAll(async () => {
    const nextYear = new Date().getUTCFullYear() + 1;
    const res = await t.gql<{ allocatePersonalBudget: { id: string } }, unknown>(
      `mutation($i: AllocatePersonalBudgetInput!) { allocatePersonalBudget(input: $i) { id } }`,
      {
        i: {
          personEmail: 'margaret@example.org',
          personName: 'Margaret Hirst',
          postcode: 'HD7 5AB',
          kind: 'DIRECT_PAYMENT',
          allocatedPence: 120_000,
          periodStart: `${nextYear}-12-01`,
          periodEnd: `${nextYear + 1}-11-30`,
        },
      },
      await demoSignIn(t, 'officer'),
    );
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    newer = res.data!.allocatePersonalBudget.id;
  });

  test('shows each in its own section, newest period first, each download button saying which', async () => {
    const budgets = await margaretsBudgets();
    expect(budgets[0]!.id).toBe(newer);
    const { context, page, consoleErrors } = await open(`<coopcare-budget session-token="${await mint('BUDGET_VIEW')}"></coopcare-budget>`);
    await heading(page).waitFor();
    const headings = await widget(page).locator('h2').allInnerTexts();
    expect(headings).toEqual(['Margaret Hirst’s direct payment', 'Margaret Hirst’s council-managed budget']);
    expect((await figures(page)).map((f) => f.Available)).toEqual(budgets.map((b) => formatPence(b.availablePence)));
    const named = page.getByRole('button', {
      name: `Download statement (CSV) for Margaret Hirst’s direct payment, ${formatDate(budgets[0]!.periodStart)} to ${formatDate(
        budgets[0]!.periodEnd,
      )}`,
    });
    const [download] = await Promise.all([page.waitForEvent('download'), named.click()]);
    expect(download.suggestedFilename()).toBe(`budget-${newer.slice(0, 8)}-statement.csv`);
    await expect(status(page).textContent()).resolves.toBe(`The statement has downloaded as budget-${newer.slice(0, 8)}-statement.csv.`);
    await expect(widget(page).locator('[part="visits"]').first().textContent()).resolves.toContain(
      'No visits are booked from this budget from now on.',
    );
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('budget-id shows only that one, and changing it shows the other', async () => {
    const [direct, managed] = await margaretsBudgets();
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget budget-id="${managed!.id}" session-token="${await mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await heading(page).waitFor();
    expect(await widget(page).locator('h2').allInnerTexts()).toEqual(['Margaret Hirst’s council-managed budget']);
    expect(await page.getByRole('button', { name: 'Download statement (CSV)', exact: true }).count()).toBe(1);
    await widget(page).evaluate((element, id) => element.setAttribute('budget-id', id), direct!.id);
    await heading(page, 'Margaret Hirst’s direct payment').waitFor();
    expect(await widget(page).locator('h2').allInnerTexts()).toEqual(['Margaret Hirst’s direct payment']);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a slow answer for a budget no longer asked for never replaces the one asked for since', async () => {
    const [direct, managed] = await margaretsBudgets();
    const { context, page, consoleErrors } = await openPage(chromium.browser);
    // The first budget's answer is held back until after the other has shown.
    const slow = await holdRequest(page, (body) => body.includes(managed!.id));
    const token = await mint('BUDGET_VIEW');
    await page.goto(site.page('/budget-superseded', partnerPage(t.url, `<coopcare-budget budget-id="${managed!.id}"></coopcare-budget>`)));
    await widget(page).evaluate((element, value) => element.setAttribute('session-token', value), token);
    await slow.held;
    await widget(page).evaluate((element, id) => element.setAttribute('budget-id', id), direct!.id);
    await heading(page, 'Margaret Hirst’s direct payment').waitFor();
    slow.release();
    expect(await slow.outcome).toBe('aborted');
    expect(await widget(page).locator('h2').allInnerTexts()).toEqual(['Margaret Hirst’s direct payment']);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { SignJWT } from 'jose';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from '../../test/support/app.js';
import {
  expectNoAxeViolations,
  focused,
  holdRequest,
  horizontalOverflow,
  openPage,
  partnerPage,
  useBrowser,
  usePartnerSite,
} from '../../test/support/browser.js';
import { demoProviderId, demoSignIn, publicServices } from '../../test/support/demo.js';
import { demoPartner } from '../../test/support/widget-sessions.js';
import { TOKEN_SECRET } from '../../test/support/world.js';

/**
 * `<coopcare-budget>` on a partner's page at another origin than the API, with widget sessions the
 * partner's server mints for Margaret Hirst (the demo's council-managed budget), in real Chromium.
 */
const t = useTestApp({ seeded: true, tokenSecret: TOKEN_SECRET });
const chromium = useBrowser();
const site = usePartnerSite();

type Partner = Awaited<ReturnType<typeof demoPartner>>;
let partner: Partner;
let margaret: Record<string, string>;

beforeAll(async () => {
  partner = await demoPartner(t, site.origin);
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

const pounds = new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' });
const inPounds = (pence: number) => pounds.format(pence / 100);
const london = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
});
const ukDate = (day: string) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${day}T00:00:00Z`),
  );

let pages = 0;
/** Opens a partner page holding `body` (and the page's own `script`), as a resident would. */
async function open(body: string, options: { width?: number; script?: string } = {}) {
  const url = site.page(`/budget-${pages++}`, partnerPage(t.url, body, { title: 'Your personal budget', script: options.script }));
  const opened = await openPage(chromium.browser, { width: options.width });
  await opened.page.goto(url);
  return opened;
}

/** A locator's text as a person reads it: its words, one space apart. */
const words = async (locator: Locator) => (await locator.textContent())!.replace(/\s+/g, ' ').trim();
const widget = (page: Page) => page.locator('coopcare-budget');
const status = (page: Page) => widget(page).locator('[role="status"]');
const problem = (page: Page) => widget(page).locator('[part="problem"]');
const heading = (page: Page, name = 'Margaret Hirst’s council-managed budget') => page.getByRole('heading', { name, level: 2 });

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

const SESSION_ENDED = 'Your session on this page has ended, so your budget is no longer shown. Reload the page to see it again.';
/** Chromium reports every refused request in the console; a test that expects one says which. */
const refused = (status: number) => expect.stringContaining(`the server responded with a status of ${status}`);

describe('<coopcare-budget> with a BUDGET_VIEW session', () => {
  test('shows whose budget it is, the council, the period and the API’s figures in pounds, available first', async () => {
    const [budget] = await margaretsBudgets();
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await partner.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await heading(page).waitFor();
    const section = widget(page).locator('[part="budget"]');
    await expect(section.textContent()).resolves.toContain(
      `${budget!.council!.name} holds this budget and pays for the care booked from it. ` +
        `It covers ${ukDate(budget!.periodStart)} to ${ukDate(budget!.periodEnd)}.`,
    );
    // A council-managed budget without top-ups has nothing "paid in" to show.
    expect(await figures(page)).toEqual([
      {
        Available: inPounds(budget!.availablePence),
        Allocated: inPounds(budget!.allocatedPence),
        Committed: inPounds(budget!.committedPence),
        Spent: inPounds(budget!.spentPence),
      },
    ]);
    expect((await figures(page))[0]!.Allocated).toBe('£7,800.00');
    const first = await widget(page).locator('[part="balances"] > div').first().getAttribute('part');
    expect(first).toBe('available');
    await expect(status(page).textContent()).resolves.toBe(
      `Margaret Hirst’s council-managed budget: ${inPounds(budget!.availablePence)} available.`,
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
      site.page(
        '/budget-auckland',
        partnerPage(t.url, `<coopcare-budget session-token="${await partner.mint('BUDGET_VIEW')}"></coopcare-budget>`),
      ),
    );
    const items = widget(page).locator('[part="visits"] li');
    await heading(page).waitFor();
    const expected = budget!.upcomingVisits.edges.map(({ node }) =>
      [
        `${london.format(new Date(node.startsAt))}, ${node.minutes === 60 ? '1 hour' : `${node.minutes} minutes`}`,
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
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await partner.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    const button = page.getByRole('button', { name: 'Download statement (CSV)' });
    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe(`budget-${budget!.id.slice(0, 8)}-statement.csv`);
    const rows: string[][] = parse(fs.readFileSync((await download.path())!), { bom: true, relax_column_count: true });
    expect(rows[0]).toEqual(['Personal budget statement']);
    expect(rows).toContainEqual(['Person', 'Margaret Hirst']);
    const columns = rows.findIndex((r) => r[0] === 'Date' && r[1] === 'Entry');
    expect(rows[columns]).toEqual([
      'Date',
      'Entry',
      'Type',
      'Reference',
      'Description',
      'Allocated',
      'Money in',
      'Money out',
      'Held',
      'Available',
    ]);
    const totals = rows.findIndex((r) => r[0] === 'Totals');
    expect(totals - columns - 1).toBe(budget!.ledger.totalCount);
    expect(rows[columns + 1]!.slice(2, 3)).toEqual(['Allocation']);
    expect(rows).toContainEqual(['Available', (budget!.availablePence / 100).toFixed(2)]);
    await expect(status(page).textContent()).resolves.toBe(`The statement has downloaded as ${download.suggestedFilename()}.`);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('by keyboard alone: Tab to Refresh and press Space, Tab to the statement and press Enter', async () => {
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await partner.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
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
      `<coopcare-budget session-token="${await partner.mint('BUDGET_VIEW')}"></coopcare-budget>`,
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

describe('<coopcare-budget> and the page’s session', () => {
  const counting = `window.sessionExpired = 0;
    document.addEventListener('coopcare-session-expired', () => { window.sessionExpired += 1; });`;
  const expiredEvents = (page: Page) => page.evaluate(() => (window as unknown as { sessionExpired: number }).sessionExpired);

  test('without a token asks the person to sign in; a token set later shows the budget', async () => {
    const { context, page, consoleErrors } = await open(`<coopcare-budget></coopcare-budget>`);
    await widget(page).getByText('To see your personal budget here, sign in to this website first.').waitFor();
    await expectNoAxeViolations(page);
    const token = await partner.mint('BUDGET_VIEW');
    await widget(page).evaluate((element, value) => {
      (element as HTMLElement & { sessionToken: string }).sessionToken = value;
    }, token);
    await heading(page).waitFor();
    expect(await widget(page).getByText('sign in to this website first').count()).toBe(0);
    // Taken away again (the person signed out of the partner's site): the figures go at once.
    await widget(page).evaluate((element) => element.removeAttribute('session-token'));
    await widget(page).evaluate((element) => {
      (element as HTMLElement & { sessionToken: string | null }).sessionToken = null;
    });
    await widget(page).getByText('sign in to this website first').waitFor();
    expect(await widget(page).locator('[part="budget"]').count()).toBe(0);
    // The attribute works as the property does.
    await widget(page).evaluate((element, value) => element.setAttribute('session-token', value), token);
    await heading(page).waitFor();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test.each([
    ['an expired token', async () => expiredToken(await partner.mint('BUDGET_VIEW'))],
    ['a garbage token', async () => 'not-a-token'],
  ])('%s shows the session-ended words and fires coopcare-session-expired', async (_case, token) => {
    const { context, page, consoleErrors } = await open(`<coopcare-budget session-token="${await token()}"></coopcare-budget>`, {
      script: counting,
    });
    await problem(page).waitFor();
    expect(await words(problem(page))).toBe(SESSION_ENDED);
    await expect.poll(() => expiredEvents(page)).toBe(1);
    expect(await widget(page).locator('[part="budget"]').count()).toBe(0);
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([refused(401)]);
    await context.close();
  });

  test('a session ended after the budget was shown: the download says so in words and fires coopcare-session-expired', async () => {
    const ending = await demoPartner(t, site.origin);
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await ending.mint('BUDGET_VIEW')}"></coopcare-budget>`,
      {
        script: counting,
      },
    );
    await heading(page).waitFor();
    const revoked = await t.gql(
      `mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`,
      { i: { apiKeyId: ending.apiKeyId } },
      margaret,
    );
    expect(revoked.errors).toBeUndefined();
    await page.getByRole('button', { name: 'Download statement (CSV)' }).click();
    const alert = widget(page).locator('.download-error[role="alert"]');
    await alert
      .getByText('Your session on this page has ended, so the statement could not be downloaded. Reload the page and try again.')
      .waitFor();
    expect(await expiredEvents(page)).toBe(1);
    expect(consoleErrors).toEqual([refused(401)]);
    await context.close();
  });

  test('a token minted for another site’s page gets no answer the page may read, which is said in words', async () => {
    const elsewhere = await demoPartner(t, 'https://elsewhere.example');
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await elsewhere.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await problem(page).waitFor();
    expect(await words(problem(page))).toBe(
      'We could not reach coopcare to show your budget. Check your internet connection and try again; if this keeps happening, ' +
        'contact the organisation whose site this is.',
    );
    expect(consoleErrors).toContainEqual(expect.stringContaining('blocked by CORS policy'));
    await context.close();
  });

  test.each([
    [
      'another person’s budget',
      'arthur',
      'This page cannot show this budget. If you think it should, contact the organisation whose site this is.',
    ],
    ['a budget that does not exist', '00000000-0000-4000-8000-000000000001', 'We could not find the budget this page asked for.'],
    ['something that is not a budget id', 'nope', 'This page asked for a budget in a way coopcare does not understand.'],
  ])('budget-id naming %s is refused in words', async (_case, budgetId, expected) => {
    const id = budgetId === 'arthur' ? await arthursBudgetId() : budgetId;
    const { context, page } = await open(
      `<coopcare-budget budget-id="${id}" session-token="${await partner.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await problem(page).getByText(expected, { exact: false }).waitFor();
    expect(await widget(page).locator('[part="budget"]').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await context.close();
  });

  test('a person with no budget is told so in words', async () => {
    // David cares for his mother and lives in Kirklees too, with no budget of his own.
    await t.db.query(
      `UPDATE person SET council_id = (SELECT council_id FROM person WHERE email = 'margaret@example.org')
        WHERE email = 'david@example.org'`,
    );
    const davids = await demoPartner(t, site.origin, 'david');
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await davids.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await widget(page)
      .getByText('There is no personal budget for David Hirst yet. When the council sets one up, it will show here.')
      .waitFor();
    await expect(status(page).textContent()).resolves.toBe('No personal budget to show for David Hirst.');
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('<coopcare-budget> when coopcare cannot be reached', () => {
  test('the budget and the statement each say so in words', async () => {
    const { context, page } = await openPage(chromium.browser);
    const url = site.page(
      '/budget-offline',
      partnerPage(t.url, `<coopcare-budget session-token="${await partner.mint('BUDGET_VIEW')}"></coopcare-budget>`),
    );
    await page.route(`${t.url}/graphql`, (route) => route.abort('internetdisconnected'));
    await page.goto(url);
    await problem(page).getByText('We could not reach coopcare to show your budget.', { exact: false }).waitFor();
    await page.unroute(`${t.url}/graphql`);
    await page.route(`${t.url}/exports/**`, (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Try again' }).click();
    await heading(page).waitFor();
    expect(await problem(page).count()).toBe(0);
    // The button the person pressed is still there, now for refreshing, and keeps the focus.
    expect(await focused(page)).toMatchObject({ part: 'refresh-button' });
    expect(await page.getByRole('button', { name: 'Refresh figures' }).count()).toBe(1);
    await page.getByRole('button', { name: 'Download statement (CSV)' }).click();
    await widget(page)
      .locator('.download-error')
      .getByText('We could not download the statement. Check your internet connection and try again.')
      .waitFor();
    await context.close();
  });

  test('an answer that is not a widget session’s is explained, not shown as a budget', async () => {
    const { context, page } = await openPage(chromium.browser);
    await page.route(`${t.url}/graphql`, (route) =>
      route.fulfill({ contentType: 'application/json', body: JSON.stringify({ data: { widgetViewer: null } }) }),
    );
    await page.goto(
      site.page('/budget-not-widget', partnerPage(t.url, `<coopcare-budget session-token="a-person-token"></coopcare-budget>`)),
    );
    await problem(page).getByText('This page’s sign-in is not one that can show a budget.', { exact: false }).waitFor();
    await context.close();
  });
});

describe('<coopcare-budget> after a booking', () => {
  test('a coopcare-booked event on the page brings the new figures and the visit at once', async () => {
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await partner.mint('BOOKING')}"></coopcare-budget>`,
    );
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
    expect((await figures(page))[0]!.Available).toBe(inPounds(before!.availablePence));

    await page.evaluate(
      (detail) => document.body.dispatchEvent(new CustomEvent('coopcare-booked', { detail, bubbles: true, composed: true })),
      { bookingId: booking.id, budgetId: before!.id, totalPence: booking.totalPence, status: booking.status },
    );
    await expect.poll(async () => (await figures(page))[0]!.Available).toBe(inPounds(before!.availablePence - booking.totalPence));
    expect((await figures(page))[0]!.Committed).toBe(inPounds(before!.committedPence + booking.totalPence));
    await expect(status(page).textContent()).resolves.toBe(
      `Figures updated. Margaret Hirst’s council-managed budget: ${inPounds(before!.availablePence - booking.totalPence)} available.`,
    );
    expect(await widget(page).locator('[part="visits"] li').allInnerTexts()).toContainEqual(expect.stringContaining(london.format(start)));
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
    const { context, page, consoleErrors } = await open(
      `<coopcare-budget session-token="${await partner.mint('BUDGET_VIEW')}"></coopcare-budget>`,
    );
    await heading(page).waitFor();
    const headings = await widget(page).locator('h2').allInnerTexts();
    expect(headings).toEqual(['Margaret Hirst’s direct payment', 'Margaret Hirst’s council-managed budget']);
    expect((await figures(page)).map((f) => f.Available)).toEqual(budgets.map((b) => inPounds(b.availablePence)));
    const named = page.getByRole('button', {
      name: `Download statement (CSV) for Margaret Hirst’s direct payment, ${ukDate(budgets[0]!.periodStart)} to ${ukDate(
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
      `<coopcare-budget budget-id="${managed!.id}" session-token="${await partner.mint('BUDGET_VIEW')}"></coopcare-budget>`,
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
    const token = await partner.mint('BUDGET_VIEW');
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

async function arthursBudgetId(): Promise<string> {
  const res = await t.gql<{ me: { personalBudgets: { id: string }[] } }, unknown>(
    `{ me { personalBudgets { id } } }`,
    undefined,
    await demoSignIn(t, 'arthur'),
  );
  return res.data!.me.personalBudgets[0]!.id;
}

/** The same widget session's token, signed as coopcare signs them, but already expired. */
async function expiredToken(token: string): Promise<string> {
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  return new SignJWT({ wsid: claims.wsid, purpose: claims.purpose, origin: claims.origin })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('coopcare')
    .setAudience('coopcare:widget')
    .setSubject(claims.sub)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 1)
    .sign(new TextEncoder().encode(TOKEN_SECRET));
}

import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from '../../test/support/app.js';
import {
  expectNoAxeViolations,
  horizontalOverflow,
  openPage,
  partnerPage,
  useBrowser,
  usePartnerSite,
} from '../../test/support/browser.js';
import { demoSignIn } from '../../test/support/demo.js';
import { demoPartner } from '../../test/support/widget-sessions.js';
import { formatPence } from '../shared/format.js';
import { longDate } from './booking-schedule.js';
import { addDays, londonDate, weekday } from './london-time.js';

const t = useTestApp({ seeded: true });
const chromium = useBrowser();
const site = usePartnerSite();

const CARE_POSTCODE = 'HD7 5AB';
let partner: Awaited<ReturnType<typeof demoPartner>>;
/** The Colne Valley co-op's service that reaches Margaret and takes her council-managed budget, and one that does not reach her. */
let homeCare: { id: string; name: string; hourlyRatePence: number };
let farAway: { id: string; name: string };
let budgetId: string;

type ServiceNode = { id: string; name: string; hourlyRatePence: number; acceptsCouncilManagedBudgets: boolean; provider: { slug: string } };

async function services(filter: object): Promise<ServiceNode[]> {
  const res = await t.gql<{ services: { edges: { node: ServiceNode }[] } }, unknown>(
    `query($f: ServiceFilter) { services(filter: $f, first: 100) {
      edges { node { id name hourlyRatePence acceptsCouncilManagedBudgets provider { slug } } } } }`,
    { f: filter },
  );
  return res.data!.services.edges.map((e) => e.node).filter((s) => s.acceptsCouncilManagedBudgets);
}

beforeAll(async () => {
  partner = await demoPartner(t, site.origin);
  const near = await services({ servesPostcode: CARE_POSTCODE });
  homeCare = near.find((s) => s.provider.slug === 'colne-valley-care-co-operative')!;
  farAway = (await services({})).find((s) => !near.some((n) => n.id === s.id))!;
  expect(homeCare).toBeDefined();
  expect(farAway).toBeDefined();
  budgetId = (await margaretsBudget()).id;
});

/** Margaret's budget as she sees it, signed in: its money and how many bookings it pays for. */
async function margaretsBudget() {
  const res = await t.gql<
    { me: { personalBudgets: { id: string; committedPence: number; availablePence: number; bookings: { totalCount: number } }[] } },
    unknown
  >(`{ me { personalBudgets { id committedPence availablePence bookings { totalCount } } } }`, undefined, await demoSignIn(t, 'margaret'));
  return res.data!.me.personalBudgets[0]!;
}

let pages = 0;
/** A partner's page at its own origin with the widget; the page records the events it hears. */
function bookingPage(attributes: string): string {
  pages += 1;
  return site.page(
    `/book-${pages}`,
    partnerPage(t.url, `<coopcare-booking ${attributes}></coopcare-booking>`, {
      title: 'Book care',
      script: `window.heard = [];
        for (const type of ['coopcare-booked', 'coopcare-session-expired'])
          document.addEventListener(type, (e) => window.heard.push({ type, detail: e.detail ?? null }));`,
    }),
  );
}

async function open(options: { width?: number; token?: string | null; serviceId?: string } = {}) {
  const token = options.token === undefined ? await partner.mint('BOOKING') : options.token;
  const opened = await openPage(chromium.browser, { width: options.width });
  const tokenAttribute = token === null ? '' : `session-token="${token}"`;
  await opened.page.goto(bookingPage(`service-id="${options.serviceId ?? homeCare.id}" ${tokenAttribute}`));
  return opened;
}

const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: { type: string; detail: unknown }[] }).heard);

/** The element that has focus, looking into shadow roots. */
const focused = (page: Page) =>
  page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    return { id: element?.id ?? '', text: element?.textContent?.trim() ?? '' };
  });

const liveRegion = (page: Page) => page.locator('coopcare-booking [role="status"]');
const visit = (page: Page, n: number) => page.getByRole('group', { name: `Visit ${n}` });

async function fillVisit(page: Page, n: number, date: string, time: string, length?: string) {
  await visit(page, n).getByLabel('Date').fill(date);
  await visit(page, n).getByLabel('Start time').fill(time);
  if (length) await visit(page, n).getByLabel('Length').selectOption({ label: length });
}

/** A day at least `days` ahead on which the test's visits cannot be in the past, whatever the hour. */
const ahead = (days: number) => addDays(londonDate(), days);
const nextMonday = (from: string) => addDays(from, (8 - weekday(from)) % 7 || 7);

describe('<coopcare-booking> on a partner’s page', () => {
  test('one-off visits: the live price, the confirmation, the event, and the budget held by exactly the total', async () => {
    const before = await margaretsBudget();
    const { page, context, consoleErrors } = await open();
    await expect
      .poll(() => page.locator('coopcare-booking [part="budget"]').textContent())
      .toMatch(`Margaret Hirst’s council-managed budget: ${formatPence(before.availablePence)} available`);
    await expect.poll(() => page.getByText('The price appears here when you have said when the visits are').count()).toBe(1);
    await fillVisit(page, 1, ahead(10), '10:00');
    await page.getByRole('button', { name: 'Add another visit' }).click();
    expect((await focused(page)).id).toBe('visit-2-date');
    await fillVisit(page, 2, ahead(12), '14:30', '1 hour 30 minutes');

    const total = homeCare.hourlyRatePence * 2.5;
    await expect.poll(() => liveRegion(page).textContent()).toBe(`Price for 2 visits: ${formatPence(total)}.`);
    const quote = page.locator('coopcare-booking [part="quote"]');
    expect(await quote.textContent()).toContain('2 visits, 2 hours 30 minutes of care');
    expect(await quote.textContent()).toContain(`${CARE_POSTCODE}: the service covers it`);
    expect(await quote.textContent()).toContain(
      `${formatPence(before.availablePence)} available; ${formatPence(before.availablePence - total)} after this booking`,
    );
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toEqual({ id: 'confirmation-title', text: 'Booking requested' });
    const confirmation = (await page.locator('coopcare-booking [part="confirmation"]').textContent())!;
    expect(confirmation).toContain(`Total ${formatPence(total)}`);
    expect(confirmation).toContain('The co-op will confirm it');
    expect(await liveRegion(page).textContent()).toBe('Booking requested.');
    await expectNoAxeViolations(page);

    const events = await heard(page);
    expect(events).toEqual([
      { type: 'coopcare-booked', detail: { bookingId: expect.any(String), budgetId, totalPence: total, status: 'REQUESTED' } },
    ]);
    const after = await margaretsBudget();
    expect(after.committedPence - before.committedPence).toBe(total);
    expect(before.availablePence - after.availablePence).toBe(total);
    expect(after.bookings.totalCount).toBe(before.bookings.totalCount + 1);

    await page.getByRole('button', { name: 'Book more visits' }).click();
    expect((await focused(page)).id).toBe('title');
    expect(await page.locator('coopcare-booking [part="budget"]').textContent()).toContain(formatPence(after.availablePence));
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('weekly visits: days, time, length, first week and number of weeks, priced a week', async () => {
    const before = await margaretsBudget();
    const { page, context, consoleErrors } = await open();
    await page.getByLabel('Every week').check();
    await page.getByLabel('Monday').check();
    await page.getByLabel('Thursday').check();
    await page.getByLabel('Start time').fill('09:00');
    await page.getByLabel('First week starts on').fill(nextMonday(ahead(7)));
    await page.getByLabel('Number of weeks').fill('2');
    const total = homeCare.hourlyRatePence * 4;
    await expect.poll(() => liveRegion(page).textContent()).toBe(`Price for 4 visits: ${formatPence(total)}.`);
    expect(await page.locator('coopcare-booking [part="quote"]').textContent()).toMatch(/A week, on average\s*£67\.00/);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toEqual({ id: 'confirmation-title', text: 'Booking requested' });
    expect(await page.locator('coopcare-booking [part="confirmation"]').textContent()).toContain('4 visits of Home care visits');
    expect((await margaretsBudget()).committedPence - before.committedPence).toBe(total);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('two rapid clicks, a double click, and a retry after the network failed each make exactly one booking', async () => {
    const { page, context } = await open();
    const submit = page.getByRole('button', { name: 'Request booking' });
    const bookings = async () => (await margaretsBudget()).bookings.totalCount;

    let count = await bookings();
    await fillVisit(page, 1, ahead(20), '08:00');
    await expect.poll(() => liveRegion(page).textContent()).toContain('Price for 1 visit');
    await submit.evaluate((button: HTMLElement) => {
      button.click();
      button.click();
    });
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    expect(await bookings()).toBe(count + 1);

    count = await bookings();
    await page.getByRole('button', { name: 'Book more visits' }).click();
    await fillVisit(page, 1, ahead(21), '08:00');
    // A slow answer: the button says it is sending, stays focusable, and ignores more presses.
    let release = () => {};
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('BookingRequest')) return route.continue();
      await new Promise<void>((resolve) => (release = resolve));
      await route.continue();
    });
    await submit.dblclick();
    const sending = page.getByRole('button', { name: 'Sending your request' });
    await expect.poll(() => sending.getAttribute('aria-disabled')).toBe('true');
    await sending.focus();
    expect((await focused(page)).text).toBe('Sending your request');
    release();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    expect(await bookings()).toBe(count + 1);
    await page.unroute('**/graphql');

    // The booking is made but its answer lost: the person tries again and gets the same booking.
    count = await bookings();
    await page.getByRole('button', { name: 'Book more visits' }).click();
    await fillVisit(page, 1, ahead(22), '08:00');
    let lost = 0;
    await page.route('**/graphql', async (route) => {
      if (!route.request().postData()?.includes('BookingRequest') || lost > 0) return route.continue();
      lost += 1;
      await route.fetch();
      await route.abort('failed');
    });
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect
      .poll(() => page.locator('coopcare-booking [part="error-summary"]').textContent())
      .toContain('We could not reach the care directory. Check your internet connection and try again.');
    expect(await bookings()).toBe(count + 1);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    expect(await bookings()).toBe(count + 1);
    await context.close();
  });

  test('every mistake is said beside its field and in the error summary, which takes focus; its links lead to the fields', async () => {
    const { page, context, consoleErrors } = await open();
    const summary = page.locator('coopcare-booking [part="error-summary"]');
    const submit = page.getByRole('button', { name: 'Request booking' });
    await expect.poll(() => submit.count()).toBe(1);
    await submit.click();
    await expect.poll(() => focused(page)).toMatchObject({ text: expect.stringContaining('There is a problem') });
    expect(await summary.locator('li').allInnerTexts()).toEqual(['Enter the date of visit 1', 'Enter the time visit 1 starts']);
    expect(await visit(page, 1).textContent()).toContain('Error: Enter the date of visit 1');
    await expectNoAxeViolations(page);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('visit-1-date');

    const errorsAfterSubmit = async () => {
      await submit.click();
      await expect.poll(() => focused(page)).toMatchObject({ text: expect.stringContaining('There is a problem') });
      return summary.locator('li').allInnerTexts();
    };
    await fillVisit(page, 1, addDays(londonDate(), -1), '10:00');
    expect(await errorsAfterSubmit()).toEqual(['The date of visit 1 must be today or in the future']);

    await fillVisit(page, 1, ahead(30), '10:00');
    await page.getByRole('button', { name: 'Add another visit' }).click();
    await fillVisit(page, 2, ahead(30), '10:30');
    expect(await errorsAfterSubmit()).toEqual(['Visit 2 overlaps visit 1: change the time or length of one']);
    expect(await visit(page, 2).textContent()).toContain('Visit 2 overlaps visit 1');

    const change = nextClockChange();
    await fillVisit(page, 2, change.date, '01:30');
    expect(await errorsAfterSubmit()).toEqual([`${change.words} for visit 2.`]);
    await page.getByRole('button', { name: 'Remove visit 2' }).click();
    expect((await focused(page)).id).toBe('visit-1-date');

    // A weekly time at a clock change is the API's to refuse: its words, beside the time it names.
    await page.getByLabel('Every week').check();
    expect(await summary.count()).toBe(0);
    await page.getByLabel('Sunday').check();
    await page.getByLabel('Start time').fill('01:30');
    await page.getByLabel('First week starts on').fill(change.date);
    await page.getByLabel('Number of weeks').fill('1');
    await expect.poll(() => page.locator('coopcare-booking [part="quote"] [role="alert"]').textContent()).toBe(`${change.words}.`);
    expect(await errorsAfterSubmit()).toEqual([`${change.words}.`]);
    expect(await page.locator('coopcare-booking .field--error').textContent()).toContain(`Error: ${change.words}.`);
    await summary.getByRole('link').click();
    expect((await focused(page)).id).toBe('weekly-time');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('more than the budget has: the quote and the refusal say how much short', async () => {
    const { availablePence } = await margaretsBudget();
    const { page, context } = await open();
    await page.getByLabel('Every week').check();
    for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) await page.getByLabel(day).check();
    await page.getByLabel('Start time').fill('08:00');
    await page.getByLabel('Length of each visit').selectOption({ label: '12 hours' });
    await page.getByLabel('First week starts on').fill(ahead(3));
    await page.getByLabel('Number of weeks').fill('4');
    const short = formatPence(homeCare.hourlyRatePence * 12 * 28 - availablePence);
    await expect
      .poll(() => page.locator('coopcare-booking [part="quote"]').textContent())
      .toContain(`${formatPence(availablePence)} available: ${short} short for these visits`);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect
      .poll(() => page.locator('coopcare-booking [part="error-summary"]').textContent())
      .toContain(
        `Margaret Hirst’s council-managed budget does not have enough available: it is ${short} short for these visits. ` +
          'Choose fewer or shorter visits.',
      );
    await expectNoAxeViolations(page);
    expect((await margaretsBudget()).availablePence).toBe(availablePence);
    await context.close();
  });

  test('a visit the browser thinks is ahead but the API knows has passed: the API’s words', async () => {
    const opened = await openPage(chromium.browser);
    // The person's computer is three days slow, so its own check lets yesterday's visit through.
    await opened.context.clock.install({ time: Date.now() - 3 * 86_400_000 });
    await opened.page.goto(bookingPage(`service-id="${homeCare.id}" session-token="${await partner.mint('BOOKING')}"`));
    await fillVisit(opened.page, 1, addDays(londonDate(), -1), '10:00');
    await opened.page.getByRole('button', { name: 'Request booking' }).click();
    await expect
      .poll(() => opened.page.locator('coopcare-booking [part="error-summary"]').textContent())
      .toMatch(/The visit at .+, 10:00 would start in the past\. Choose a date and time from now on\./);
    await opened.context.close();
  });

  test('a service that does not reach the care postcode: the quote and the refusal say so', async () => {
    const { page, context } = await open({ serviceId: farAway.id });
    await fillVisit(page, 1, ahead(9), '11:00');
    const quote = page.locator('coopcare-booking [part="quote"]');
    await expect.poll(() => quote.textContent()).toContain(`${CARE_POSTCODE}: the service does not reach it`);
    expect(await quote.textContent()).toContain(`This service does not reach ${CARE_POSTCODE}.`);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect
      .poll(() => page.locator('coopcare-booking [part="error-summary"]').textContent())
      .toContain(`This service does not reach ${CARE_POSTCODE}, where the care would be given. Choose a service that covers it.`);
    await context.close();
  });
});

describe('<coopcare-booking> by keyboard alone, and on a phone', () => {
  /** Presses Tab until the focused element is the one wanted (a natural tab order reaches it), at most 40 times. */
  async function tabTo(page: Page, wanted: (f: { id: string; text: string }) => boolean) {
    for (let presses = 0; presses < 40; presses++) {
      await page.keyboard.press('Tab');
      if (wanted(await focused(page))) return;
    }
    throw new Error(`Tab never reached the element; focus is on ${JSON.stringify(await focused(page))}`);
  }
  /**
   * A date typed into a date control. The control orders day and month by the browser's own language,
   * which a page cannot set, so the dates typed have day and month alike ("07 07 2027") and read the
   * same either way; times after noon read the same on a 12- or 24-hour control.
   */
  function typableDate(after: string): string {
    for (let date = addDays(after, 1); ; date = addDays(date, 1)) if (date.slice(5, 7) === date.slice(8, 10)) return date;
  }
  const typed = (date: string) => `${date.slice(8, 10)}${date.slice(5, 7)}${date.slice(0, 4)}`;

  test('a weekly booking and then one-off visits, with Tab, typing, arrows, Space and Enter only', async () => {
    const before = await margaretsBudget();
    const { page, context, consoleErrors } = await open();
    await expect.poll(() => page.getByRole('button', { name: 'Request booking' }).count()).toBe(1);
    await tabTo(page, (f) => f.id === 'often-once');
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).id).toBe('often-weekly');
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('weekly-monday');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.id === 'weekly-friday');
    await page.keyboard.press('Space');
    await tabTo(page, (f) => f.id === 'weekly-time');
    await page.keyboard.type('1315');
    await tabTo(page, (f) => f.id === 'weekly-starts-on');
    const startsOn = typableDate(ahead(2));
    await page.keyboard.type(typed(startsOn));
    await tabTo(page, (f) => f.id === 'weekly-weeks');
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('3');
    await tabTo(page, (f) => f.id === 'notes');
    await page.keyboard.type('Ring the bell twice, please.');
    const weeklyTotal = homeCare.hourlyRatePence * 6;
    await expect.poll(() => liveRegion(page).textContent()).toBe(`Price for 6 visits: ${formatPence(weeklyTotal)}.`);
    await tabTo(page, (f) => f.text === 'Request booking');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toEqual({ id: 'confirmation-title', text: 'Booking requested' });

    await tabTo(page, (f) => f.text === 'Book more visits');
    await page.keyboard.press('Space');
    expect((await focused(page)).id).toBe('title');
    await tabTo(page, (f) => f.id === 'visit-1-date');
    const first = typableDate(ahead(2));
    await page.keyboard.type(typed(first));
    await tabTo(page, (f) => f.id === 'visit-1-time');
    await page.keyboard.type('1500');
    await tabTo(page, (f) => f.text === 'Add another visit');
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('visit-2-date');
    await page.keyboard.type(typed(typableDate(first)));
    await tabTo(page, (f) => f.id === 'visit-2-time');
    await page.keyboard.type('1500');
    await tabTo(page, (f) => f.id === 'visit-2-minutes');
    await page.keyboard.press('ArrowDown');
    // Each visit is priced to the penny: an hour, and an hour and a quarter.
    const oneOffTotal = homeCare.hourlyRatePence + Math.round(homeCare.hourlyRatePence * 1.25);
    await expect.poll(() => liveRegion(page).textContent()).toBe(`Price for 2 visits: ${formatPence(oneOffTotal)}.`);
    await tabTo(page, (f) => f.text === 'Request booking');
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toEqual({ id: 'confirmation-title', text: 'Booking requested' });
    expect(await page.locator('coopcare-booking [part="confirmation"]').textContent()).toContain(`Total ${formatPence(oneOffTotal)}`);

    const after = await margaretsBudget();
    expect(after.committedPence - before.committedPence).toBe(weeklyTotal + oneOffTotal);
    expect(after.bookings.totalCount).toBe(before.bookings.totalCount + 2);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('at 320 CSS pixels wide nothing scrolls sideways: the form, its errors, the price and the confirmation', async () => {
    const { page, context, consoleErrors } = await open({ width: 320 });
    const fits = async () => {
      const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
    };
    await expect.poll(() => page.getByRole('button', { name: 'Request booking' }).count()).toBe(1);
    await fits();
    await fillVisit(page, 1, ahead(50), '10:00');
    await page.getByRole('button', { name: 'Add another visit' }).click();
    await fillVisit(page, 2, ahead(50), '10:30');
    await expect.poll(() => liveRegion(page).textContent()).toContain('Price for 2 visits');
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => page.locator('coopcare-booking [part="error-summary"]').count()).toBe(1);
    await fits();
    await page.getByLabel('Every week').check();
    await fits();
    await page.getByLabel('One-off visits').check();
    await page.getByRole('button', { name: 'Remove visit 2' }).click();
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    await fits();
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

/** The next time the UK's clocks change (the last Sunday of March or October), and the words for 01:30 on it. */
function nextClockChange(): { date: string; words: string } {
  for (let year = Number(londonDate().slice(0, 4)); ; year++) {
    for (const [month, words] of [
      ['03', 'does not exist in the UK: the clocks go forward an hour then'],
      ['10', 'happens twice in the UK: the clocks go back an hour then'],
    ] as const) {
      let date = `${year}-${month}-31`;
      while (weekday(date) !== 0) date = addDays(date, -1);
      if (date > ahead(1)) return { date, words: `01:30 on ${longDate(date)} ${words}. Choose another time` };
    }
  }
}

describe('<coopcare-booking> and the page’s session', () => {
  const notice = (page: Page) => page.locator('coopcare-booking [part="message"]');

  test('without a session it asks for sign-in and shows nothing that cannot work; a session set later brings the form', async () => {
    const { page, context, consoleErrors } = await open({ token: null });
    await expect.poll(() => notice(page).textContent()).toBe('To book care here, sign in to this website first.');
    expect(await page.getByRole('button').count()).toBe(0);
    await expectNoAxeViolations(page);
    const token = await partner.mint('BOOKING');
    await page.locator('coopcare-booking').evaluate((el, value) => el.setAttribute('session-token', value), token);
    await expect.poll(() => page.getByRole('button', { name: 'Request booking' }).count()).toBe(1);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a token the API refuses: the session-ended words and coopcare-session-expired; a new token carries on', async () => {
    const { page, context, consoleErrors } = await open({ token: 'not-a-session' });
    await expect
      .poll(() => notice(page).textContent())
      .toBe('Your booking session on this page has ended. Reload the page, or sign in again, to carry on.');
    expect(await heard(page)).toEqual([{ type: 'coopcare-session-expired', detail: null }]);
    expect(await page.getByRole('button', { name: 'Request booking' }).count()).toBe(0);
    expect(consoleErrors).toEqual([expect.stringContaining('401')]);
    const token = await partner.mint('BOOKING');
    await page.locator('coopcare-booking').evaluate((el, value) => el.setAttribute('session-token', value), token);
    await expect.poll(() => page.getByRole('button', { name: 'Request booking' }).count()).toBe(1);
    await context.close();
  });

  test('a BUDGET_VIEW session cannot book: the widget says so and offers no form', async () => {
    const { page, context } = await open({ token: await partner.mint('BUDGET_VIEW') });
    await expect
      .poll(() => notice(page).textContent())
      .toBe('This page has not been allowed to book care for you. Ask the organisation whose site this is, or book with the co-op.');
    expect(await page.getByRole('button').count()).toBe(0);
    await context.close();
  });

  test('shortly before the session ends the page is asked, once, for a new one; with it, the person carries on where they were', async () => {
    const opened = await openPage(chromium.browser);
    const { page } = opened;
    await opened.context.clock.install();
    await page.goto(bookingPage(`service-id="${homeCare.id}" session-token="${await partner.mint('BOOKING', 15)}"`));
    await fillVisit(page, 1, ahead(40), '16:00', '2 hours');
    await expect.poll(() => liveRegion(page).textContent()).toContain('Price for 1 visit');
    await page.clock.fastForward('12:50');
    expect(await heard(page)).toEqual([]);
    await page.clock.fastForward('00:20');
    expect(await heard(page)).toEqual([{ type: 'coopcare-session-expired', detail: null }]);
    await page.clock.fastForward('02:00');
    await expect
      .poll(() => page.locator('coopcare-booking .notice').textContent())
      .toBe('Your booking session on this page has ended. Reload the page, or sign in again, to carry on.');
    expect(await heard(page)).toHaveLength(1);

    await page.clock.setSystemTime(new Date());
    const token = await partner.mint('BOOKING');
    await page
      .locator('coopcare-booking')
      .evaluate((el, value) => ((el as HTMLElement & { sessionToken: string }).sessionToken = value), token);
    await expect.poll(() => page.locator('coopcare-booking .notice').count()).toBe(0);
    expect(await visit(page, 1).getByLabel('Date').inputValue()).toBe(ahead(40));
    expect(await visit(page, 1).getByLabel('Length').inputValue()).toBe('120');
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    await opened.context.close();
  });
});

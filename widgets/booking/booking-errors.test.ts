import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../../test/support/app.js';
import {
  ahead,
  CARE_POSTCODE,
  fillVisit,
  heard,
  liveRegion,
  nextClockChange,
  part,
  useBookingWidget,
  visit,
} from '../../test/support/booking-widget.js';
import { expectNoAxeViolations, focused, GRAPHQL, graphQLPayload } from '../../test/support/browser.js';
import { formatPence } from '../shared/format.js';
import { addDays, londonDate } from './london-time.js';

// Every way a booking can go wrong, and the session it runs in, as the person sees them.
const t = useTestApp({ seeded: true });
const { demo, open, margaretsBudget, mint } = useBookingWidget(t);
const SESSION_ENDED = 'Your booking session on this page has ended. Reload the page, or sign in again, to carry on.';

describe('<coopcare-booking>: what went wrong, in words', () => {
  test('every mistake is said beside its field and in the error summary, which takes focus; its links lead to the fields', async () => {
    const { page, context, consoleErrors } = await open();
    const summary = part(page, 'error-summary');
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
    // The price panel's grey behind the error's red: the words must still be readable (WCAG 1.4.3).
    await expectNoAxeViolations(page);
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
    const short = formatPence(demo.homeCare.hourlyRatePence * 12 * 28 - availablePence);
    await expect
      .poll(() => part(page, 'quote').textContent())
      .toContain(`${formatPence(availablePence)} available: ${short} short for these visits`);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect
      .poll(() => part(page, 'error-summary').textContent())
      .toContain(
        `Margaret Hirst’s council-managed budget does not have enough available: it is ${short} short for these visits. ` +
          'Choose fewer or shorter visits.',
      );
    await expectNoAxeViolations(page);
    expect((await margaretsBudget()).availablePence).toBe(availablePence);
    await context.close();
  });

  test('a visit the browser thinks is ahead but the API knows has passed: the API’s words', async () => {
    // The person's computer is three days slow, so its own check lets yesterday's visit through.
    const { page, context } = await open({ clock: Date.now() - 3 * 86_400_000 });
    await fillVisit(page, 1, addDays(londonDate(), -1), '10:00');
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect
      .poll(() => part(page, 'error-summary').textContent())
      .toMatch(/The visit at .+, 10:00 would start in the past\. Choose a date and time from now on\./);
    await context.close();
  });

  test('a service that does not reach the care postcode, chosen after the visits were: the quote and the refusal say so', async () => {
    const { page, context } = await open();
    await fillVisit(page, 1, ahead(9), '11:00');
    await expect.poll(() => liveRegion(page).textContent()).toContain('Price for 1 visit');
    await page.locator('coopcare-booking').evaluate((el: HTMLElement, id: string) => el.setAttribute('service-id', id), demo.farAway.id);
    await expect.poll(() => page.getByRole('heading', { level: 2 }).first().textContent()).toBe(`Book ${demo.farAway.name}`);
    const quote = part(page, 'quote');
    await expect.poll(() => quote.textContent()).toContain(`${CARE_POSTCODE}: the service does not reach it`);
    expect(await quote.textContent()).toContain(`This service does not reach ${CARE_POSTCODE}.`);
    expect(await visit(page, 1).getByLabel('Date').inputValue()).toBe(ahead(9));
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect
      .poll(() => part(page, 'error-summary').textContent())
      .toContain(`This service does not reach ${CARE_POSTCODE}, where the care would be given. Choose a service that covers it.`);
    await context.close();
  });

  test('coopcare out of reach while loading: the words, and a button that tries again', async () => {
    let failures = 0;
    const { page, context, consoleErrors } = await open({
      beforeLoad: (page) =>
        page.route(GRAPHQL, (route) =>
          graphQLPayload(route.request()).includes('BookingService') && failures++ === 0 ? route.abort('failed') : route.continue(),
        ),
    });
    await expect
      .poll(() => part(page, 'message').textContent())
      .toBe('We could not reach the care directory. Check your internet connection and try again.');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Request booking' }).count()).toBe(1);
    // The button pressed is gone: focus goes to the form's heading, not back to the top of the page.
    await expect.poll(() => focused(page)).toMatchObject({ id: 'title' });
    expect(consoleErrors).toEqual([expect.stringContaining('ERR_FAILED')]);
    await context.close();
  });

  test('a budget-id that is not one of the person’s budgets: said in words, and no form', async () => {
    const { page, context } = await open({ attributes: `budget-id="${crypto.randomUUID()}"` });
    await expect
      .poll(() => part(page, 'message').textContent())
      .toBe('This page chose a budget that is not one of Margaret Hirst’s. Ask the organisation whose site this is.');
    expect(await page.getByRole('button').count()).toBe(0);
    await context.close();
  });
});

describe('<coopcare-booking> and the page’s session', () => {
  const notice = (page: Page) => page.locator('coopcare-booking [part="message"]');

  test('without a session it asks for sign-in and shows nothing that cannot work; a session set later brings the form', async () => {
    const { page, context, consoleErrors } = await open({ token: null });
    await expect.poll(() => notice(page).textContent()).toBe('To book care here, sign in to this website first.');
    expect(await page.getByRole('button').count()).toBe(0);
    await expectNoAxeViolations(page);
    const token = await mint('BOOKING');
    await page.locator('coopcare-booking').evaluate((el: HTMLElement, value: string) => el.setAttribute('session-token', value), token);
    await expect.poll(() => page.getByRole('button', { name: 'Request booking' }).count()).toBe(1);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a token the API refuses: the session-ended words and coopcare-session-expired; a new token carries on', async () => {
    const { page, context, consoleErrors } = await open({ token: 'not-a-session' });
    await expect.poll(() => notice(page).textContent()).toBe(SESSION_ENDED);
    expect(await heard(page)).toEqual([{ type: 'coopcare-session-expired', detail: null }]);
    expect(await page.getByRole('button', { name: 'Request booking' }).count()).toBe(0);
    expect(consoleErrors).toEqual([expect.stringContaining('401')]);
    const setToken = (value: string) =>
      page.locator('coopcare-booking').evaluate((el: HTMLElement, token: string) => el.setAttribute('session-token', token), value);
    await setToken(await mint('BOOKING'));
    await expect.poll(() => page.getByRole('button', { name: 'Request booking' }).count()).toBe(1);

    // Refused part-way through: the form and what was typed stay, and nothing is sent until a new session comes.
    await fillVisit(page, 1, ahead(42), '12:00');
    await setToken('revoked');
    const ended = page.locator('coopcare-booking [role="alert"]');
    await expect.poll(() => ended.textContent()).toBe(SESSION_ENDED);
    expect(await heard(page)).toHaveLength(2);
    let sent = 0;
    page.on('request', (r) => void (r.postData()?.includes('BookingRequest') && sent++));
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => part(page, 'error-summary').textContent()).toContain(SESSION_ENDED);
    expect(sent).toBe(0);
    await setToken(await mint('BOOKING'));
    await expect.poll(() => liveRegion(page).textContent()).toContain('Price for 1 visit');
    expect(await visit(page, 1).getByLabel('Date').inputValue()).toBe(ahead(42));
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    expect(sent).toBe(1);
    await context.close();
  });

  test('a refusal of the token the page has just replaced does not end the new session, nor ask for another', async () => {
    const { page, context } = await open();
    const widget = page.locator('coopcare-booking');
    const old = `Bearer ${await widget.getAttribute('session-token')}`;
    await fillVisit(page, 1, ahead(43), '12:00');
    await expect.poll(() => liveRegion(page).textContent()).toContain('Price for 1 visit');
    // The old token's price is refused, and its answer comes before the new token's viewer.
    let refuse = () => {};
    let refused = () => {};
    let replaced = () => {};
    const quoteHeld = new Promise<void>((held) => (refuse = held));
    const tokenReplaced = new Promise<void>((done) => (replaced = done));
    const staleAnswered = new Promise<void>((done) => (refused = done));
    await page.route(GRAPHQL, async (route) => {
      const body = graphQLPayload(route.request());
      const auth = route.request().headers().authorization;
      if (body.includes('BookingQuote') && auth === old) {
        refuse();
        await tokenReplaced;
        await route.fulfill({ status: 401, json: { errors: [{ message: 'Session ended.', extensions: { code: 'UNAUTHENTICATED' } }] } });
        return setTimeout(refused, 300);
      }
      if (body.includes('BookingViewer') && auth !== old) await staleAnswered;
      return route.continue();
    });
    const viewerAnswered = page.waitForResponse(
      (r) => /BookingViewer/.test(graphQLPayload(r.request())) && r.request().headers().authorization !== old,
    );
    await visit(page, 1).getByLabel('Length').selectOption({ label: '2 hours' });
    const token = await mint('BOOKING');
    await quoteHeld;
    await widget.evaluate((el: HTMLElement & { sessionToken?: string }, value: string) => (el.sessionToken = value), token);
    replaced();
    await viewerAnswered;
    await expect.poll(() => liveRegion(page).textContent()).toContain('Price for 1 visit');
    expect(await page.locator('coopcare-booking [role="alert"]').count()).toBe(0);
    expect(await heard(page)).toEqual([]);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    await context.close();
  });

  test('a BUDGET_VIEW session cannot book: the widget says so and offers no form', async () => {
    const { page, context } = await open({ token: await mint('BUDGET_VIEW') });
    await expect
      .poll(() => notice(page).textContent())
      .toBe('This page has not been allowed to book care for you. Ask the organisation whose site this is, or book with the co-op.');
    expect(await page.getByRole('button').count()).toBe(0);
    await context.close();
  });

  test('a browser whose clock is half an hour fast does not rush the page for new sessions, nor stop the person booking', async () => {
    const { page, context } = await open({ clock: Date.now() + 30 * 60_000 });
    await fillVisit(page, 1, ahead(41), '16:00');
    await expect.poll(() => liveRegion(page).textContent()).toContain('Price for 1 visit');
    expect(await heard(page)).toEqual([]);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    await page.clock.fastForward('00:31');
    expect(await heard(page)).toEqual([
      { type: 'coopcare-booked', detail: expect.anything() },
      { type: 'coopcare-session-expired', detail: null },
    ]);
    await context.close();
  });

  test('shortly before the session ends the page is asked once for a new one; with it the person carries on where they were', async () => {
    const { page, context } = await open({ clock: Date.now(), token: await mint('BOOKING', 15) });
    await fillVisit(page, 1, ahead(40), '16:00', '2 hours');
    await expect.poll(() => liveRegion(page).textContent()).toContain('Price for 1 visit');
    await page.clock.fastForward('12:50');
    expect(await heard(page)).toEqual([]);
    await page.clock.fastForward('00:20');
    expect(await heard(page)).toEqual([{ type: 'coopcare-session-expired', detail: null }]);
    await page.clock.fastForward('01:30');
    expect(await heard(page)).toHaveLength(1);

    // The page mints a new session on its server (the test's clock goes back to the server's first).
    await page.clock.setSystemTime(new Date());
    const token = await mint('BOOKING');
    await page
      .locator('coopcare-booking')
      .evaluate((el: HTMLElement & { sessionToken?: string }, value: string) => (el.sessionToken = value), token);
    expect(await visit(page, 1).getByLabel('Date').inputValue()).toBe(ahead(40));
    expect(await visit(page, 1).getByLabel('Length').inputValue()).toBe('120');
    const sentWith = page.waitForRequest((r) => r.postData()?.includes('BookingRequest') ?? false);
    await page.getByRole('button', { name: 'Request booking' }).click();
    expect((await sentWith).headers().authorization).toBe(`Bearer ${token}`);
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    await context.close();
  });
});

import { describe, expect, test } from 'vitest';
import { useTestApp } from '../../test/support/app.js';
import {
  ahead,
  CARE_POSTCODE,
  FAIR_PRICE_FLOOR_PENCE,
  fillVisit,
  heard,
  liveRegion,
  nextMonday,
  part,
  useBookingWidget,
  visit,
  loseFirstBookingAnswer,
} from '../../test/support/booking-widget.js';
import { expectNoAxeViolations, focused, type HeldRequest, holdRequest, horizontalOverflow, tabTo } from '../../test/support/browser.js';
import { formatPence } from '../shared/format.js';
import { addDays } from './london-time.js';

// What a resident depends on: booking visits, seeing the price and the budget change, once per press,
// by keyboard alone and on a phone. The errors and the session are booking-errors.test.ts's.
const t = useTestApp({ seeded: true });
const { demo, open, margaretsBudget } = useBookingWidget(t);

describe('<coopcare-booking> on a partner’s page', () => {
  test('one-off visits: the live price, the confirmation, the event, and the budget held by exactly the total', async () => {
    const before = await margaretsBudget();
    const { page, context, consoleErrors } = await open();
    await expect
      .poll(() => part(page, 'budget').textContent())
      .toMatch(`Margaret Hirst’s council-managed budget: ${formatPence(before.availablePence)} available`);
    await expect.poll(() => page.getByText('The price appears here when you have said when the visits are').count()).toBe(1);
    await fillVisit(page, 1, ahead(10), '10:00');
    await page.getByRole('button', { name: 'Add another visit' }).click();
    expect((await focused(page)).id).toBe('visit-2-date');
    await fillVisit(page, 2, ahead(12), '14:30', '1 hour 30 minutes');

    const total = demo.homeCare.hourlyRatePence * 2.5;
    await expect.poll(() => liveRegion(page).textContent()).toBe(`Price for 2 visits: ${formatPence(total)}.`);
    const quote = part(page, 'quote');
    expect(await quote.textContent()).toContain('2 visits, 2 hours 30 minutes of care');
    expect(await quote.textContent()).toContain(`${CARE_POSTCODE}: the service covers it`);
    expect(await quote.textContent()).toContain(
      `${formatPence(before.availablePence)} available; ${formatPence(before.availablePence - total)} after this booking`,
    );
    await expectNoAxeViolations(page);

    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title', text: 'Booking requested' });
    const confirmation = (await part(page, 'confirmation').textContent())!;
    expect(confirmation).toContain(`Total ${formatPence(total)}`);
    expect(confirmation).toContain('The co-op will confirm it');
    expect(await liveRegion(page).textContent()).toBe('Booking requested.');
    await expectNoAxeViolations(page);

    const events = await heard(page);
    expect(events).toEqual([
      {
        type: 'coopcare-booked',
        detail: { bookingId: expect.any(String), budgetId: demo.budgetId, totalPence: total, status: 'REQUESTED' },
      },
    ]);
    const after = await margaretsBudget();
    expect(after.committedPence - before.committedPence).toBe(total);
    expect(before.availablePence - after.availablePence).toBe(total);
    expect(after.bookings.totalCount).toBe(before.bookings.totalCount + 1);

    await page.getByRole('button', { name: 'Book more visits' }).click();
    expect((await focused(page)).id).toBe('title');
    expect(await part(page, 'budget').textContent()).toContain(formatPence(after.availablePence));
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
    const total = demo.homeCare.hourlyRatePence * 4;
    await expect.poll(() => liveRegion(page).textContent()).toBe(`Price for 4 visits: ${formatPence(total)}.`);
    expect(await part(page, 'quote').textContent()).toMatch(/A week, on average\s*£67\.00/);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title', text: 'Booking requested' });
    expect(await part(page, 'confirmation').textContent()).toContain('4 visits of Home care visits');
    expect((await margaretsBudget()).committedPence - before.committedPence).toBe(total);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a rate below the fair-price floor is said, as information', async () => {
    const { page, context } = await open({ serviceId: demo.cheap.id });
    await fillVisit(page, 1, ahead(16), '10:00');
    await expect
      .poll(async () => (await part(page, 'quote').textContent())?.replace(/\s+/g, ' '))
      .toContain(
        `For information: this service’s rate of ${formatPence(demo.cheap.hourlyRatePence)} an hour is below the fair-price guide ` +
          `of ${formatPence(FAIR_PRICE_FLOOR_PENCE)} an hour. You can still book it.`,
      );
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('a slow price for visits since changed never replaces the price of the visits as they are', async () => {
    let slow: HeldRequest | undefined;
    const { page, context, consoleErrors } = await open({
      beforeLoad: async (page) => {
        slow = await holdRequest(page, (body) => body.includes('BookingQuote'));
      },
    });
    await fillVisit(page, 1, ahead(15), '09:00');
    await slow!.held;
    await visit(page, 1).getByLabel('Length').selectOption({ label: '2 hours' });
    const price = `Price for 1 visit: ${formatPence(demo.homeCare.hourlyRatePence * 2)}.`;
    await expect.poll(() => liveRegion(page).textContent()).toBe(price);
    slow!.release();
    expect(await slow!.outcome).toBe('aborted');
    expect(await liveRegion(page).textContent()).toBe(price);
    expect(await part(page, 'quote').textContent()).toContain('1 visit, 2 hours of care');
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
    await loseFirstBookingAnswer(page);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect
      .poll(() => part(page, 'error-summary').textContent())
      .toContain('We could not reach the care directory. Check your internet connection and try again.');
    expect(await bookings()).toBe(count + 1);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    expect(await bookings()).toBe(count + 1);
    await context.close();
  });

  test('after a lost answer, a time changed and changed back is the same request: trying again makes no second booking', async () => {
    const { page, context } = await open();
    const bookings = async () => (await margaretsBudget()).bookings.totalCount;
    const count = await bookings();
    await fillVisit(page, 1, ahead(23), '08:00');
    await loseFirstBookingAnswer(page);
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => part(page, 'error-summary').textContent()).toContain('We could not reach the care directory.');
    expect(await bookings()).toBe(count + 1);
    await fillVisit(page, 1, ahead(23), '09:00');
    await fillVisit(page, 1, ahead(23), '08:00');
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title' });
    expect(await bookings()).toBe(count + 1);
    await context.close();
  });
});

describe('<coopcare-booking> by keyboard alone, and on a phone', () => {
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
    await tabTo(page, { id: 'often-once' });
    await page.keyboard.press('ArrowDown');
    expect((await focused(page)).id).toBe('often-weekly');
    await page.keyboard.press('Tab');
    expect((await focused(page)).id).toBe('weekly-monday');
    await page.keyboard.press('Space');
    await tabTo(page, { id: 'weekly-friday' });
    await page.keyboard.press('Space');
    await tabTo(page, { id: 'weekly-time' });
    await page.keyboard.type('1315');
    await tabTo(page, { id: 'weekly-starts-on' });
    const startsOn = typableDate(ahead(2));
    await page.keyboard.type(typed(startsOn));
    await tabTo(page, { id: 'weekly-weeks' });
    await page.keyboard.press('End');
    await page.keyboard.press('Backspace');
    await page.keyboard.type('3');
    await tabTo(page, { id: 'notes' });
    await page.keyboard.type('Ring the bell twice, please.');
    const weeklyTotal = demo.homeCare.hourlyRatePence * 6;
    await expect.poll(() => liveRegion(page).textContent()).toBe(`Price for 6 visits: ${formatPence(weeklyTotal)}.`);
    await tabTo(page, { text: 'Request booking' });
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title', text: 'Booking requested' });

    await tabTo(page, { text: 'Book more visits' });
    await page.keyboard.press('Space');
    expect((await focused(page)).id).toBe('title');
    await tabTo(page, { id: 'visit-1-date' });
    const first = typableDate(ahead(2));
    await page.keyboard.type(typed(first));
    await tabTo(page, { id: 'visit-1-time' });
    await page.keyboard.type('1500');
    await tabTo(page, { text: 'Add another visit' });
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('visit-2-date');
    await page.keyboard.type(typed(typableDate(first)));
    await tabTo(page, { id: 'visit-2-time' });
    await page.keyboard.type('1500');
    await tabTo(page, { id: 'visit-2-minutes' });
    await page.keyboard.press('ArrowDown');
    // Each visit is priced to the penny: an hour, and an hour and a quarter.
    const oneOffTotal = demo.homeCare.hourlyRatePence + Math.round(demo.homeCare.hourlyRatePence * 1.25);
    await expect.poll(() => liveRegion(page).textContent()).toBe(`Price for 2 visits: ${formatPence(oneOffTotal)}.`);
    await tabTo(page, { text: 'Request booking' });
    await page.keyboard.press('Enter');
    await expect.poll(() => focused(page)).toMatchObject({ id: 'confirmation-title', text: 'Booking requested' });
    expect(await part(page, 'confirmation').textContent()).toContain(`Total ${formatPence(oneOffTotal)}`);

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
    await expect.poll(() => part(page, 'error-summary').count()).toBe(1);
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

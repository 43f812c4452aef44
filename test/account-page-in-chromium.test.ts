import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { londonMoment } from '../api/common/london.js';
import { useTestApp } from './support/app.js';
import { cspViolations, expectNoAxeViolations, focused, horizontalOverflow, openPage, tabTo, useBrowser } from './support/browser.js';
import { accountUrl, go, heading, loaded, openSignedIn as openAs, signIn, summaryRows, viewText } from './support/account-page.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount, demoSignIn } from './support/demo.js';
import { bearer, code, ME } from './support/graphql.js';

/**
 * The signed-in page at /account in Chromium, as people arrive from an emailed link: signing in (by
 * keyboard, with errors in an error summary), each view the fragment names with what it shows and says
 * when refused, text from the database shown as text, the token kept fresh and sign-out ending the
 * session, axe's WCAG 2.2 AA rules and reflow at 320 px.
 */
const t = useTestApp({ seeded: true });
const b = useBrowser();

interface MargaretsThings {
  bookingId: string;
  serviceName: string;
  providerName: string;
  carePlanId: string;
  arthursBookingId: string;
}
const demo = {} as MargaretsThings;

type Bookings = {
  personalBudgets: {
    bookings: { edges: { node: { id: string; status: string; service: { name: string }; provider: { name: string } } }[] };
  }[];
};

/** The account's confirmed booking (the demo's has four visits to come), and its care plans. */
async function confirmedBooking(account: DemoAccount) {
  const res = await t.gql<{ me: Bookings & { carePlans: { id: string }[] } }, unknown>(
    `{ me { carePlans { id }
      personalBudgets { bookings(first: 20) { edges { node { id status service { name } provider { name } } } } } } }`,
    undefined,
    await demoSignIn(t, account),
  );
  const me = res.data!.me;
  const bookings = me.personalBudgets.flatMap((budget) => budget.bookings.edges.map((e) => e.node));
  return { booking: bookings.find((b) => b.status === 'CONFIRMED')!, carePlans: me.carePlans };
}

beforeAll(async () => {
  const [margaret, arthur] = await Promise.all([confirmedBooking('margaret'), confirmedBooking('arthur')]);
  Object.assign(demo, {
    bookingId: margaret.booking.id,
    serviceName: margaret.booking.service.name,
    providerName: margaret.booking.provider.name,
    carePlanId: margaret.carePlans[0]!.id,
    arthursBookingId: arthur.booking.id,
  });
});

const openSignedIn = (account: DemoAccount, fragment = '', options: { width?: number } = {}) =>
  openAs(b.browser, accountUrl(t, fragment), account, options);
const storedSession = (page: Page) =>
  page.evaluate(() => JSON.parse(sessionStorage.getItem('coopcare.account.session') ?? 'null') as Record<string, string> | null);

describe('signing in', () => {
  test('by keyboard alone, from an emailed link: the page says what it will show, then shows it', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser);
    await page.goto(`${t.url}/account#/bookings/${demo.bookingId}`);
    expect(await heading(page)).toBe('Sign in to your account');
    expect(await page.locator('#sign-in-reason').textContent()).toBe('Sign in to see this booking.');
    expect(await page.getByRole('link', { name: 'Forgotten your password?' }).getAttribute('href')).toBe('/account/forgot-password');
    await expectNoAxeViolations(page);

    await tabTo(page, { id: 'email' });
    await page.keyboard.type(DEMO_ACCOUNTS.margaret.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(DEMO_PASSWORD);
    await page.keyboard.press('Enter');
    await page.locator('#account').waitFor({ state: 'visible' });
    await loaded(page);
    expect(await heading(page)).toBe(`Booking: ${demo.serviceName}`);
    expect(await focused(page)).toMatchObject({ id: 'heading' });
    expect(await page.locator('#viewer-name').textContent()).toBe('Margaret Hirst');
    expect(await page.title()).toBe(`Booking: ${demo.serviceName} – Your account – Kirklees Council`);
    // The token is the tab's alone: gone with it, never in storage another tab or a later visitor reads.
    expect((await storedSession(page))?.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await page.evaluate(() => localStorage.length)).toBe(0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('an empty form and a wrong password are said in an error summary that takes focus and leads to the field', async () => {
    const { context, page } = await openPage(b.browser);
    await page.goto(`${t.url}/account`);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => focused(page)).toMatchObject({ id: 'sign-in-errors' });
    expect(await page.locator('#sign-in-errors li').allTextContents()).toEqual(['Enter your email address', 'Enter your password']);
    expect(await page.locator('#email-error').textContent()).toBe('Error: Enter your email address');
    expect(await page.locator('#email').getAttribute('aria-describedby')).toBe('email-error');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Enter your password' }).click();
    expect(await focused(page)).toMatchObject({ id: 'password' });
    expect(new URL(page.url()).hash).toBe('');

    await page.getByLabel('Email address').fill(DEMO_ACCOUNTS.margaret.email);
    await page.getByLabel('Password', { exact: true }).fill('not her password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect
      .poll(() => page.locator('#sign-in-errors li').allTextContents())
      .toEqual(['The email address or password is not right. Check them and try again.']);
    expect(await page.locator('#email-error').isVisible()).toBe(false);
    expect(await page.locator('#account').isVisible()).toBe(false);
    await context.close();
  });

  test('signing out ends the session on the server, forgets the token and says so', async () => {
    const { context, page, consoleErrors } = await openSignedIn('david');
    const { token } = (await storedSession(page))!;
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect.poll(() => page.locator('#status').textContent()).toBe('You have signed out.');
    expect(await heading(page)).toBe('Sign in to your account');
    expect(await page.locator('#sign-in-reason').textContent()).toBe('You have signed out.');
    expect(await storedSession(page)).toBeNull();
    expect(code(await t.gql(ME, undefined, bearer(token!)))).toBe('UNAUTHENTICATED');
    await page.reload();
    expect(await page.locator('#sign-in').isVisible()).toBe(true);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

describe('the session', () => {
  test('a reload keeps the person signed in; a token near its end is refreshed first, and a refused one once', async () => {
    const { context, page, consoleErrors } = await openSignedIn('margaret');
    const first = (await storedSession(page))!;
    await page.reload();
    await loaded(page);
    expect(await heading(page)).toBe('Your account');
    expect((await storedSession(page))!.token).toBe(first.token);

    // A minute left: the page renews before it asks.
    await page.evaluate((session) => {
      sessionStorage.setItem(
        'coopcare.account.session',
        JSON.stringify({ ...session, expiresAt: new Date(Date.now() + 60_000).toISOString() }),
      );
    }, first);
    await page.reload();
    await loaded(page);
    const renewed = (await storedSession(page))!;
    expect(renewed.refreshToken).not.toBe(first.refreshToken);
    expect(Date.parse(renewed.expiresAt)).toBeGreaterThan(Date.now() + 20 * 60_000);
    expect(code(await t.gql(ME, undefined, bearer(renewed.token)))).toBeUndefined();

    // A token the server no longer takes: one refresh, then the view.
    await page.evaluate((session) => {
      sessionStorage.setItem('coopcare.account.session', JSON.stringify({ ...session, token: 'x.y.z' }));
    }, renewed);
    await page.reload();
    await loaded(page);
    expect(await heading(page)).toBe('Your account');
    expect((await storedSession(page))!.token).not.toBe('x.y.z');
    expect(consoleErrors.filter((e) => !e.startsWith('Failed to load resource'))).toEqual([]);
    await context.close();
  });

  test('a page left open renews its token before it ends, and says at once when the session has ended', async () => {
    const { context, page } = await openPage(b.browser);
    await page.clock.install();
    await page.goto(accountUrl(t));
    await signIn(page, 'david');
    await loaded(page);
    const first = (await storedSession(page))!;
    const refreshes: string[] = [];
    page.on('request', (r) => r.postData()?.includes('refreshSession') && refreshes.push(r.url()));
    // The device's clock now runs 29 minutes ahead of the server's: the page renews once, by the server's clock.
    await page.clock.runFor('29:00');
    await expect.poll(async () => (await storedSession(page))?.refreshToken).not.toBe(first.refreshToken);
    await page.clock.runFor('01:00');
    expect(refreshes).toHaveLength(1);
    expect(await page.locator('#account').isVisible()).toBe(true);

    await t.gql('mutation { logout }', undefined, bearer((await storedSession(page))!.token));
    await page.clock.runFor('29:00');
    await expect.poll(() => heading(page)).toBe('Sign in to your account');
    expect(await page.locator('#sign-in-reason').textContent()).toBe('Your session has ended. Sign in again to carry on.');
    expect(await storedSession(page)).toBeNull();
    await context.close();
  });

  test('a session that has ended returns the page to sign-in, keeping the view to show after', async () => {
    const { context, page } = await openSignedIn('margaret', `#/care-plans/${demo.carePlanId}`);
    const session = (await storedSession(page))!;
    await t.gql('mutation { logout }', undefined, bearer(session.token));
    await page.evaluate(() => {
      location.hash = '#/';
    });
    await expect.poll(() => heading(page)).toBe('Sign in to your account');
    expect(await page.locator('#sign-in-reason').textContent()).toBe('Your session has ended. Sign in again to carry on.');
    await page.evaluate((id) => {
      location.hash = `#/care-plans/${id}`;
    }, demo.carePlanId);
    expect(await page.locator('#sign-in-reason').textContent()).toBe('Your session has ended. Sign in again to carry on.');
    await signIn(page, 'margaret');
    await loaded(page);
    expect(await heading(page)).toBe('Margaret Hirst’s care plan');
    await context.close();
  });
});

describe('the views', () => {
  test('the overview links to the bookings, care plans, invitations and message choices', async () => {
    const { context, page, consoleErrors } = await openSignedIn('david');
    expect(await heading(page)).toBe('Your account');
    const links = await page.locator('#view a').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links).toEqual(
      expect.arrayContaining([`#/bookings/${demo.bookingId}`, `#/care-plans/${demo.carePlanId}`, '#/invitations', '#/messages']),
    );
    expect(await viewText(page)).toContain(`${demo.serviceName} for Margaret Hirst`);
    await expectNoAxeViolations(page);

    await page
      .getByRole('link', { name: `${demo.serviceName} for Margaret Hirst` })
      .first()
      .click();
    await loaded(page);
    expect(await heading(page)).toBe(`Booking: ${demo.serviceName}`);
    expect(await focused(page)).toMatchObject({ id: 'heading' });
    await page.goBack();
    await expect.poll(() => heading(page)).toBe('Your account');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a coordinator’s overview lists the bookings waiting for them', async () => {
    const { context, page } = await openSignedIn('coordinator');
    expect(await page.getByRole('heading', { name: 'Bookings waiting for you to confirm' }).isVisible()).toBe(true);
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('a booking: service, provider, who it is for, status and the next visits in UK time, read from abroad too', async () => {
    const context = await b.browser.newContext({ timezoneId: 'America/New_York', locale: 'en-US' });
    const page = await context.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => message.type() === 'error' && consoleErrors.push(message.text()));
    await page.goto(accountUrl(t, `#/bookings/${demo.bookingId}`));
    await signIn(page, 'margaret');
    await loaded(page);
    expect(await summaryRows(page)).toEqual([
      ['Service', demo.serviceName],
      ['Provider', demo.providerName],
      ['For', 'Margaret Hirst'],
      ['Status', expect.any(String)],
    ]);
    // The visits to come, in the words the emails use (londonMoment), whatever the browser's time zone.
    const booking = await t.gql<{ booking: { visits: { startsAt: string; status: string }[] } }, unknown>(
      `query($id: ID!) { booking(id: $id) { visits { startsAt status } } }`,
      { id: demo.bookingId },
      await demoSignIn(t, 'margaret'),
    );
    const toCome = booking
      .data!.booking.visits.filter((v) => v.status === 'SCHEDULED' && Date.parse(v.startsAt) > Date.now())
      .sort((a, b) => Date.parse(a.startsAt) - Date.parse(b.startsAt));
    expect(toCome.length).toBeGreaterThan(0);
    expect(await page.locator('#view ul li').allTextContents()).toEqual(toCome.slice(0, 5).map((v) => londonMoment(new Date(v.startsAt))));
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a care plan: its status, version and the changes waiting, and not a word of the plan', async () => {
    const { context, page } = await openSignedIn('margaret', `#/care-plans/${demo.carePlanId}`);
    expect(await heading(page)).toBe('Margaret Hirst’s care plan');
    const text = (await viewText(page))!;
    expect(text).toContain('Changes waiting for a decision2');
    expect(await page.locator('#view ul li').allTextContents()).toEqual([
      expect.stringMatching(/^Proposed by (David Hirst|Joe Armitage) on .+ at .+$/),
      expect.stringMatching(/^Proposed by (David Hirst|Joe Armitage) on .+ at .+$/),
    ]);
    const plan = await t.gql<{ carePlan: { goals: { description: string }[] } }, unknown>(
      `query($id: ID!) { carePlan(id: $id) { goals { description } } }`,
      { id: demo.carePlanId },
      await demoSignIn(t, 'margaret'),
    );
    for (const goal of plan.data!.carePlan.goals) expect(text).not.toContain(goal.description);
    await expectNoAxeViolations(page);
    await context.close();
  });

  test('what is not found, not theirs or not a page is said in plain words', async () => {
    const { context, page } = await openSignedIn('margaret', '#/bookings/00000000-0000-4000-8000-000000000000');
    const problem = () => page.locator('#view-problem li').textContent();
    await expect.poll(problem).toBe('We could not find this booking. The link may be wrong, or it may have been removed.');
    await go(page, `#/bookings/${demo.arthursBookingId}`);
    await expect
      .poll(problem)
      .toBe(
        'You cannot see this booking with the account you are signed in with. ' +
          'If the link was sent to you, sign out and sign in with the email address it was sent to.',
      );
    expect(await viewText(page)).toBe('');
    await expectNoAxeViolations(page);

    for (const fragment of ['#/nowhere', '#/bookings/a/b', '#/bookings/%3Cscript%3E']) {
      await go(page, fragment);
      expect(await heading(page), fragment).toBe('Page not found');
    }
    // The skip link names an element, not a view: the view stays.
    await page.evaluate(() => {
      location.hash = '#main-content';
    });
    expect(await heading(page)).toBe('Page not found');
    await context.close();
  });
});

test('a care plan outside the person’s circles is refused in words', async () => {
  const { context, page } = await openSignedIn('arthur', `#/care-plans/${demo.carePlanId}`);
  expect(await page.locator('#view-problem li').textContent()).toMatch(
    /^You cannot see this care plan with the account you are signed in with\./,
  );
  await context.close();
});

describe('hostile text and small screens', () => {
  const HOSTILE = `<img src=x onerror="document.title='owned'"><b>Wash & dress</b>`;
  let original = '';
  beforeAll(async () => {
    const [row] = await t.db.query(`SELECT s.name FROM service s JOIN booking b ON b.service_id = s.id WHERE b.id = $1`, [demo.bookingId]);
    original = row.name;
    await t.db.query(`UPDATE service SET name = $1 FROM booking b WHERE b.service_id = service.id AND b.id = $2`, [
      HOSTILE,
      demo.bookingId,
    ]);
    return () =>
      t.db.query(`UPDATE service SET name = $1 FROM booking b WHERE b.service_id = service.id AND b.id = $2`, [original, demo.bookingId]);
  });

  test('names typed by people are shown as text, never markup', async () => {
    const { context, page, consoleErrors } = await openSignedIn('margaret', `#/bookings/${demo.bookingId}`);
    expect(await heading(page)).toBe(`Booking: ${HOSTILE}`);
    expect(await page.locator('#view dd').first().textContent()).toBe(HOSTILE);
    expect(await page.locator('main img, main b').count()).toBe(0);
    expect(await page.title()).not.toBe('owned');
    await go(page, '#/');
    expect(await viewText(page)).toContain(HOSTILE);
    expect(await page.locator('main img, main b').count()).toBe(0);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('every view reflows at 320 px without scrolling sideways', async () => {
    const { context, page } = await openSignedIn('david', '', { width: 320 });
    for (const fragment of ['#/', `#/bookings/${demo.bookingId}`, `#/care-plans/${demo.carePlanId}`, '#/invitations', '#/nowhere']) {
      await go(page, fragment);
      const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
      expect(scrollWidth, fragment).toBeLessThanOrEqual(viewportWidth);
    }
    await page.getByRole('button', { name: 'Sign out' }).click();
    const signedOut = await horizontalOverflow(page);
    expect(signedOut.scrollWidth).toBeLessThanOrEqual(signedOut.viewportWidth);
    await context.close();
  });
});

describe('the page itself', () => {
  test('its content security policy lets its modules load, by their integrity, and blocks nothing it uses', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser);
    const violations = await cspViolations(page);
    await page.goto(`${t.url}/account#/care-plans/${demo.carePlanId}`);
    await signIn(page, 'margaret');
    await loaded(page);
    const loadedScripts = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
    expect(loadedScripts).toEqual(
      expect.arrayContaining([
        '/account-page.client.js',
        '/account-kit.client.js',
        '/account-views.client.js',
        '/account-messages.client.js',
      ]),
    );
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('without JavaScript, it says what it needs and gives the council’s phone number', async () => {
    const context = await b.browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${t.url}/account`);
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is being tested
    expect(await page.locator('body').innerText()).toContain(
      'Your account page needs JavaScript, which is turned off or not available in your browser. ' +
        'For help with your care, call Community Health and Social Care on 0300 304 5555.',
    );
    expect(await page.locator('#sign-in').isVisible()).toBe(false);
    await context.close();
  });
});

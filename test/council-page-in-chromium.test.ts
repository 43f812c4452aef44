import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { widgetsWithFixtureManifest } from './support/web-pages.js';
import { cspViolations, expectNoAxeViolations, focused, horizontalOverflow, openPage, tabTo, useBrowser } from './support/browser.js';
import { demoProviderId, publicServices } from './support/demo.js';

/**
 * The council page and /embed in Chromium, as residents meet them: the demo sign-in by keyboard, the
 * tokens reaching the widgets, focus and the live region following, each failure in words, reflow at
 * 320 px and 200% zoom, axe, and a content security policy that blocks nothing the page needs. The
 * widgets' own elements are driven by the events they fire (a `coopcare-select` from the search or a
 * co-op's page, a `coopcare-session-expired`), so the page's wiring is tested on its own.
 */
const t = useTestApp({ seeded: true, demo: true, widgets: widgetsWithFixtureManifest() });
const b = useBrowser();
const colne = { providerId: '', serviceId: '', offspringId: '' };

beforeAll(() => {
  colne.providerId = demoProviderId('colne-valley-care-co-operative');
  colne.offspringId = demoProviderId('marsden-moor-homecare-co-op');
});
beforeAll(async () => {
  colne.serviceId = (await publicServices(t, colne.providerId))[0]!.id;
});

/** What a widget fires, from the element itself, as the widget would. */
function fire(page: Page, selector: string, type: string, detail?: Record<string, unknown>): Promise<void> {
  return page.evaluate(
    ([selector, type, detail]) => {
      const element = document.querySelector(selector as string);
      if (!element) throw new Error(`no ${selector}`);
      element.dispatchEvent(new CustomEvent(type as string, { detail, bubbles: true, composed: true }));
    },
    [selector, type, detail] as const,
  );
}

const attribute = (page: Page, selector: string, name: string) => page.locator(selector).getAttribute(name);

/** Chromium logs every 4xx and 5xx answer a page fetches; the tests that cause one expect that line and no other. */
const FAILED_FETCH = /^Failed to load resource: (the server responded with a status of|net::)/;
const unexpected = (errors: string[]) => errors.filter((e) => !FAILED_FETCH.test(e));

describe('the demo sign-in', () => {
  test('by keyboard alone: the resident is signed in, focus and the live region say so, and the tokens reach the widgets', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser);
    await page.goto(`${t.url}/`);
    await tabTo(page, { text: 'Try as Margaret Hirst' });
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.querySelector('coopcare-budget')?.hasAttribute('session-token'));

    expect(await focused(page)).toMatchObject({ id: 'demo-signed-in-heading' });
    expect(await page.locator('#demo-signed-in-heading').textContent()).toBe('You are trying the demo as Margaret Hirst');
    expect(await page.locator('#demo-status').textContent()).toBe('You are trying the demo as Margaret Hirst.');
    const budgetToken = (await attribute(page, 'coopcare-budget', 'session-token'))!;
    // The page's server minted it for this page and for Margaret's budget.
    const viewer = await page.evaluate(async (token) => {
      const response = await fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ query: '{ widgetViewer { name purpose } }' }),
      });
      return response.json();
    }, budgetToken);
    expect(viewer.data.widgetViewer).toEqual({ name: 'Margaret Hirst', purpose: 'BUDGET_VIEW' });
    await expectNoAxeViolations(page);

    // A result chosen in the search opens the co-op's page, and focus moves to it.
    await fire(page, 'coopcare-provider-search', 'coopcare-select', { providerId: colne.providerId, serviceId: colne.serviceId });
    expect(await page.locator('#provider-section').isVisible()).toBe(true);
    expect(await attribute(page, '#provider-section coopcare-provider', 'provider-id')).toBe(colne.providerId);
    expect(await focused(page)).toMatchObject({ id: 'provider-heading' });
    expect(await page.locator('#booking-section').isVisible()).toBe(false);

    // "Book this service" on the co-op's page opens booking for that service, with the booking session.
    await fire(page, 'coopcare-provider', 'coopcare-select', { providerId: colne.providerId, serviceId: colne.serviceId });
    expect(await page.locator('#booking-section').isVisible()).toBe(true);
    expect(await attribute(page, 'coopcare-booking', 'service-id')).toBe(colne.serviceId);
    const bookingToken = await attribute(page, 'coopcare-booking', 'session-token');
    expect(bookingToken).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(bookingToken).not.toBe(budgetToken);
    expect(await page.locator('#booking-sign-in').isVisible()).toBe(false);
    expect(await focused(page)).toMatchObject({ id: 'booking-heading' });
    await expectNoAxeViolations(page);

    // A co-op this one started, opened on the co-op's page: the widget loads it in place and moves focus
    // itself (widgets/provider); the page only closes the booking, which was for the co-op shown before.
    await fire(page, 'coopcare-provider', 'coopcare-select', { providerId: colne.offspringId, serviceId: null });
    expect(await page.locator('#booking-section').isVisible()).toBe(false);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a booking opened before signing in gets the session when the resident signs in', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser);
    await page.goto(`${t.url}/`);
    await fire(page, 'coopcare-provider-search', 'coopcare-select', { providerId: colne.providerId, serviceId: null });
    await fire(page, 'coopcare-provider', 'coopcare-select', { providerId: colne.providerId, serviceId: colne.serviceId });
    expect(await page.locator('#booking-sign-in').textContent()).toBe(
      'To book, choose a demo resident first, under Try booking as a demo resident.',
    );
    expect(await attribute(page, 'coopcare-booking', 'session-token')).toBeNull();
    await page.getByRole('button', { name: 'Try as Arthur Beaumont' }).click();
    await page.waitForFunction(() => document.querySelector('coopcare-booking')?.hasAttribute('session-token'));
    expect(await page.locator('#demo-signed-in-heading').textContent()).toBe('You are trying the demo as Arthur Beaumont');
    expect(await page.locator('#booking-sign-in').isVisible()).toBe(false);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('when a widget says its session ended, the page mints new ones; a session refused again and again stops, in words', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser);
    await page.goto(`${t.url}/`);
    await page.getByRole('button', { name: 'Try as Margaret Hirst' }).click();
    await page.waitForFunction(() => document.querySelector('coopcare-budget')?.hasAttribute('session-token'));
    await fire(page, 'coopcare-provider-search', 'coopcare-select', { providerId: colne.providerId, serviceId: null });
    await fire(page, 'coopcare-provider', 'coopcare-select', { providerId: colne.providerId, serviceId: colne.serviceId });

    const seen = new Set<string | null>([await attribute(page, 'coopcare-budget', 'session-token')]);
    for (let renewal = 0; renewal < 3; renewal++) {
      const before = await attribute(page, 'coopcare-budget', 'session-token');
      await fire(page, renewal % 2 ? 'coopcare-booking' : 'coopcare-budget', 'coopcare-session-expired');
      await page.waitForFunction((old) => document.querySelector('coopcare-budget')?.getAttribute('session-token') !== old, before);
      const budget = await attribute(page, 'coopcare-budget', 'session-token');
      expect(seen.has(budget)).toBe(false);
      seen.add(budget);
      expect(await attribute(page, 'coopcare-booking', 'session-token')).not.toBe(before);
    }
    // Renewing quietly moves no focus and leaves no problem on the page.
    expect(await page.locator('#demo-error').textContent()).toBe('');

    await fire(page, 'coopcare-budget', 'coopcare-session-expired');
    await expect
      .poll(() => page.locator('#demo-error').textContent())
      .toBe('There is a problemThe demo session keeps being refused. Reload the page and choose a demo resident again.');
    expect(await page.locator('#demo-error').getAttribute('role')).toBe('alert');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('a refused sign-in says why in an error summary, which takes focus', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser);
    await page.goto(`${t.url}/`);
    await t.db.query(`UPDATE widget_consent SET revoked_at = now() WHERE person_id = (SELECT id FROM person WHERE email = $1)`, [
      'margaret@example.org',
    ]);
    try {
      await page.getByRole('button', { name: 'Try as Margaret Hirst' }).click();
      await expect.poll(() => focused(page)).toMatchObject({ id: 'demo-error' });
      expect(await page.locator('#demo-error h3').textContent()).toBe('There is a problem');
      expect(await page.locator('#demo-error p').textContent()).toBe(
        'Margaret Hirst has not agreed to let this demo page book care or show a budget for them, ' +
          'so you cannot try the demo as Margaret Hirst.',
      );
      expect(await page.locator('#demo-status').textContent()).toBe('');
      expect(await page.locator('#demo-signed-in').isVisible()).toBe(false);
      await expectNoAxeViolations(page);
    } finally {
      await t.db.query(`UPDATE widget_consent SET revoked_at = NULL WHERE person_id = (SELECT id FROM person WHERE email = $1)`, [
        'margaret@example.org',
      ]);
    }
    expect(unexpected(consoleErrors)).toEqual([]);
    await context.close();
  });

  test('no answer, or an answer that is not the server’s words, is still said in words', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser);
    await page.goto(`${t.url}/`);
    await page.route('**/demo/widget-sessions', (route) => route.abort('internetdisconnected'));
    await page.getByRole('button', { name: 'Try as Arthur Beaumont' }).click();
    await expect
      .poll(() => page.locator('#demo-error p').textContent())
      .toBe('The demo could not reach the server. Check your internet connection and try again.');

    await page.unroute('**/demo/widget-sessions');
    await page.route('**/demo/widget-sessions', (route) =>
      route.fulfill({ status: 500, contentType: 'application/json', body: '{"error":"Internal server error"}' }),
    );
    await page.getByRole('button', { name: 'Try as Arthur Beaumont' }).click();
    await expect
      .poll(() => page.locator('#demo-error p').textContent())
      .toBe('The demo could not start because of a problem on our side. Try again later.');
    expect(await focused(page)).toMatchObject({ id: 'demo-error' });
    expect(unexpected(consoleErrors)).toEqual([]);
    await context.close();
  });
});

describe('the pages', () => {
  test('reflow at 320 px and at 200% zoom without scrolling sideways, / and /embed alike', async () => {
    for (const width of [320, 640]) {
      const { context, page, consoleErrors } = await openPage(b.browser, { width, height: 700 });
      for (const path of ['/', '/embed']) {
        await page.goto(`${t.url}${path}`);
        const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
        expect(scrollWidth, `${path} at ${width} px`).toBeLessThanOrEqual(viewportWidth);
      }
      await page.goto(`${t.url}/`);
      await page.getByRole('button', { name: 'Try as Margaret Hirst' }).click();
      await page.waitForFunction(() => document.querySelector('coopcare-budget')?.hasAttribute('session-token'));
      const signedIn = await horizontalOverflow(page);
      expect(signedIn.scrollWidth, `signed in at ${width} px`).toBeLessThanOrEqual(signedIn.viewportWidth);
      expect(consoleErrors).toEqual([]);
      await context.close();
    }
  });

  test('/embed has no axe violations, reference tables included, and its skip link leads to the content', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser);
    await page.goto(`${t.url}/embed`);
    expect(await page.locator('table').count()).toBeGreaterThan(3);
    await expectNoAxeViolations(page);
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ text: 'Skip to main content' });
    expect(await page.getByRole('link', { name: 'Skip to main content' }).isVisible()).toBe(true);
    await page.keyboard.press('Enter');
    expect(new URL(page.url()).hash).toBe('#main-content');
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('without JavaScript, / says what it needs and gives the council’s phone number', async () => {
    const context = await b.browser.newContext({ javaScriptEnabled: false, viewport: { width: 320, height: 700 } });
    const page = await context.newPage();
    await page.goto(`${t.url}/`);
    // Playwright's text locators do not look inside <noscript>; the text as laid out for the reader does.
    // biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is being tested
    expect(await page.locator('body').innerText()).toContain(
      'The search and booking on this page need JavaScript, which is turned off or not available in your browser. ' +
        'To find care and support, call Community Health and Social Care on 0300 304 5555.',
    );
    expect(await page.getByRole('link', { name: '0300 304 5555' }).first().getAttribute('href')).toBe('tel:+443003045555');
    await context.close();
  });

  test('the content security policy lets the page’s scripts and constructed stylesheets work, and blocks nothing it uses', async () => {
    const { context, page, consoleErrors } = await openPage(b.browser);
    const violations = await cspViolations(page);
    await page.goto(`${t.url}/`);
    const loaded = await page.evaluate(() => performance.getEntriesByType('resource').map((r) => new URL(r.name).pathname));
    expect(loaded).toEqual(expect.arrayContaining([expect.stringMatching(/^\/widgets\/coopcare\.[0-9a-f]{12}\.js$/), '/council-page.js']));
    // What Lit does with a widget's styles: a constructed stylesheet adopted by its shadow root.
    const colour = await page.evaluate(() => {
      const host = document.createElement('div');
      document.body.append(host);
      const shadow = host.attachShadow({ mode: 'open' });
      const sheet = new CSSStyleSheet();
      sheet.replaceSync('p { color: rgb(1, 2, 3); }');
      shadow.adoptedStyleSheets = [sheet];
      shadow.innerHTML = '<p>styled</p>';
      return getComputedStyle(shadow.querySelector('p')!).color;
    });
    expect(colour).toBe('rgb(1, 2, 3)');
    expect(violations).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });
});

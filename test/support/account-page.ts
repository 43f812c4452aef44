import type { Browser, Page } from 'playwright-core';
import type { TestApp } from '../harness.js';
import { openPage } from './browser.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, type DemoAccount } from './demo.js';

/**
 * Driving the account page (/account) in Chromium as a person does: signing in, following its links
 * and waiting for each view, which marks itself busy (`aria-busy`) while it loads.
 */

/** Fills the sign-in form as a demo account and waits for the signed-in page. */
export async function signIn(page: Page, account: DemoAccount): Promise<void> {
  await page.getByLabel('Email address').fill(DEMO_ACCOUNTS[account].email);
  await page.getByLabel('Password', { exact: true }).fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('#account').waitFor({ state: 'visible' });
}

/**
 * Waits until the view of the page's current fragment is shown: a view not busy is not enough, as a link
 * just followed has not yet fired its hashchange, and the sign-in form's view is never busy.
 */
export const loaded = (page: Page) =>
  page.waitForFunction(() => {
    const view = document.getElementById('view');
    return view !== null && !view.hasAttribute('aria-busy') && view.dataset.shows === location.hash;
  });

let residents = 0;

/**
 * Opens `url` (the page, or a link from an email), signs in as `account` and waits for the view. Each
 * page comes from an address of its own (X-Forwarded-For, which the test app trusts from loopback), as
 * people at home do: one address's sign-ins a minute are limited.
 */
export async function openSignedIn(browser: Browser, url: string, account: DemoAccount, options: { width?: number } = {}) {
  const opened = await openPage(browser, options);
  residents++;
  await opened.context.setExtraHTTPHeaders({ 'x-forwarded-for': `198.51.100.${residents % 250}` });
  await opened.page.goto(url);
  await signIn(opened.page, account);
  await loaded(opened.page);
  return opened;
}

/** `/account` of the test app, with a view's fragment. */
export const accountUrl = (t: TestApp, fragment = '') => `${t.url}/account${fragment}`;

/** Follows a link to `fragment` within the page, as the person would, and waits for the view. */
export async function go(page: Page, fragment: string): Promise<void> {
  await page.evaluate(
    (f) =>
      new Promise<void>((resolve) => {
        addEventListener('hashchange', () => resolve(), { once: true });
        location.hash = f;
      }),
    fragment,
  );
  await loaded(page);
}

export const heading = (page: Page) => page.locator('#heading').textContent();
export const viewText = (page: Page) => page.locator('#view').textContent();

/** The summary list of a view, as [term, value] rows. */
export const summaryRows = (page: Page) =>
  page.locator('#view dl div').evaluateAll((divs) => divs.map((d) => [d.children[0]?.textContent, d.children[1]?.textContent]));

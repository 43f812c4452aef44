import type { Locator, Page } from 'playwright-core';
import { beforeAll, expect } from 'vitest';
import { useTestApp } from './app.js';
import { openPage, partnerPage, useBrowser, usePartnerSite } from './browser.js';
import { demoPartner } from './widget-sessions.js';
import { TOKEN_SECRET } from './world.js';

/**
 * `<coopcare-budget>` on a partner's page at another origin than the API, with widget sessions the
 * partner's server mints for Margaret Hirst (the demo's council-managed budget), in real Chromium: the
 * app (signing tokens with TOKEN_SECRET, so a test can forge an expired one), the browser, the partner's
 * site and its consented key. Call once per file.
 */
export function useBudgetWidget() {
  const t = useTestApp({ seeded: true, tokenSecret: TOKEN_SECRET });
  const chromium = useBrowser();
  const site = usePartnerSite();
  let partner: Awaited<ReturnType<typeof demoPartner>>;
  beforeAll(async () => {
    partner = await demoPartner(t, site.origin);
  });

  let pages = 0;
  /** Opens a partner page holding `body` (and the page's own `script`), as a resident would. */
  const open = async (body: string, options: { width?: number; script?: string } = {}) => {
    const url = site.page(`/budget-${pages++}`, partnerPage(t.url, body, { title: 'Your personal budget', script: options.script }));
    const opened = await openPage(chromium.browser, { width: options.width });
    await opened.page.goto(url);
    return opened;
  };

  return { t, chromium, site, open, mint: (purpose: 'BOOKING' | 'BUDGET_VIEW') => partner.mint(purpose) };
}

/** A locator's text as a person reads it: its words, one space apart. */
export const words = async (locator: Locator) => (await locator.textContent())!.replace(/\s+/g, ' ').trim();
export const widget = (page: Page) => page.locator('coopcare-budget');
export const status = (page: Page) => widget(page).locator('[role="status"]');
export const problem = (page: Page) => widget(page).locator('[part="problem"]');
export const heading = (page: Page, name = 'Margaret Hirst’s council-managed budget') => page.getByRole('heading', { name, level: 2 });

/** Chromium reports every refused request in the console; a test that expects one says which. */
export const refused = (status: number) => expect.stringContaining(`the server responded with a status of ${status}`);

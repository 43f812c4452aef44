import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, test, vi } from 'vitest';
import { formatPence } from '../widgets/shared/format.js';
import { useTestApp } from './support/app.js';
import { ahead, CARE_POSTCODE, colneHomeCare, fillVisit, margaretsBudget } from './support/booking-widget.js';
import {
  expectNoAxeViolations,
  horizontalOverflow,
  openPage,
  recordGraphQLRequests,
  useBrowser,
  usePartnerSite,
} from './support/browser.js';
import { demoProviderId } from './support/demo.js';

/**
 * The four widgets together, as residents meet them: the /embed page's own snippets pasted into another
 * site, and the council page at `/` from search to a booked visit and the budget it was paid from, in
 * real Chromium against the demo data. Each widget's own paths (errors, keyboard, sessions) are its own
 * folder's tests; these check that they work as one page.
 */
vi.setConfig({ expect: { poll: { timeout: 10_000, interval: 50 } } });
const t = useTestApp({ seeded: true, demo: true });
const chromium = useBrowser();
const site = usePartnerSite();
const COLNE = 'Colne Valley Care Co-operative';
/** A Colne Valley service that reaches Margaret's care postcode and takes her council-managed budget. */
const homeCare = { id: '', name: '', hourlyRatePence: 0 };

beforeAll(async () => {
  const found = await colneHomeCare(t);
  Object.assign(homeCare, { id: found!.id, name: found!.name, hourlyRatePence: found!.hourlyRatePence });
});

const margaretsAvailable = async () => (await margaretsBudget(t)).availablePence;

/** The result for `service` of `provider` in the search's list. */
const result = (page: Page, service: string, provider: string) =>
  page.locator('coopcare-provider-search [part="result"]', { hasText: provider }).filter({ hasText: service }).first();

/** The /embed page's snippets, as the text a web editor copies. */
async function embedSnippets(): Promise<string[]> {
  const html = await (await fetch(`${t.url}/embed`)).text();
  const decode = (s: string) =>
    s
      .replace(/&#(\d+);/g, (_, n) => String.fromCharCode(Number(n)))
      .replace(/&(lt|gt|amp|quot);/g, (_, e) => ({ lt: '<', gt: '>', amp: '&', quot: '"' })[e as 'lt']);
  return [...html.matchAll(/<pre><code>([\s\S]*?)<\/code><\/pre>/g)].map((m) => decode(m[1]!));
}

describe('the widgets together', () => {
  test('the /embed snippets, pasted into another site, search by postcode and text, page through, and open a co-op', async () => {
    const snippets = await embedSnippets();
    const scriptTag = snippets.find((s) => s.startsWith('<script type="module" src=') && s.includes('/widgets/coopcare.js'));
    const wiring = snippets.find((s) => s.includes('<coopcare-provider hidden>'));
    expect(scriptTag).toContain(t.url);
    expect(wiring).toBeDefined();
    const url = site.page(
      '/find-care',
      `<!doctype html><html lang="en-GB"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Find care: Test Carers Charity</title>
${scriptTag}</head><body><main><h1>Find care</h1>${wiring}</main></body></html>`,
    );
    const { page, context, consoleErrors } = await openPage(chromium.browser);
    await page.goto(url);
    await page.getByLabel('Postcode').fill(CARE_POSTCODE);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.locator('coopcare-provider-search [part="result"]').count()).toBeGreaterThan(0);
    const firstPage = await page.locator('coopcare-provider-search [part="result-title"]').allTextContents();
    if (await page.getByRole('button', { name: 'Next page' }).count()) {
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => page.locator('coopcare-provider-search [part="result-title"]').allTextContents()).not.toEqual(firstPage);
      await page.getByRole('button', { name: 'Previous page' }).click();
      await expect.poll(() => page.locator('coopcare-provider-search [part="result-title"]').allTextContents()).toEqual(firstPage);
    }
    await page.getByLabel('What help do you need?').fill(homeCare.name);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    // The postcode's list stays on screen until the words' answer replaces it, in another order: a result
    // found in the old list would be clicked as the new one takes its place.
    await expect.poll(() => page.locator('coopcare-provider-search [part="result-title"]').allTextContents()).not.toEqual(firstPage);
    await expect.poll(() => result(page, homeCare.name, COLNE).count()).toBe(1);
    await result(page, homeCare.name, COLNE).getByRole('button', { name: homeCare.name }).click();
    await expect.poll(() => page.getByRole('heading', { level: 2, name: COLNE }).count()).toBe(1);
    expect(await page.locator('coopcare-provider').getAttribute('provider-id')).toBe(demoProviderId('colne-valley-care-co-operative'));
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  test('the council page: sign in as a demo resident, find a co-op, book a visit, and see the budget pay for it', async () => {
    const before = await margaretsAvailable();
    const { page, context, consoleErrors } = await openPage(chromium.browser);
    const sent = recordGraphQLRequests(page);
    await page.goto(`${t.url}/`);
    await page.getByRole('button', { name: 'Try as Margaret Hirst' }).click();
    const available = page.locator('coopcare-budget [part="available"] dd');
    await expect.poll(() => available.textContent()).toBe(formatPence(before));

    await page.getByLabel('What help do you need?').fill(homeCare.name);
    await page.getByLabel('Postcode').fill(CARE_POSTCODE);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => result(page, homeCare.name, COLNE).count()).toBe(1);
    await result(page, homeCare.name, COLNE).getByRole('button', { name: homeCare.name }).click();
    await page.getByRole('button', { name: `Book this service: ${homeCare.name}` }).click();

    await fillVisit(page, 1, ahead(9), '11:00');
    const total = homeCare.hourlyRatePence;
    await expect.poll(() => page.locator('coopcare-booking [part="quote"]').textContent()).toContain(formatPence(before - total));
    await page.getByRole('button', { name: 'Request booking' }).click();
    await expect.poll(() => page.getByRole('heading', { name: 'Booking requested' }).count()).toBe(1);
    // The budget widget hears coopcare-booked and shows the money now held for the visit.
    await expect.poll(() => available.textContent()).toBe(formatPence(before - total));
    expect(await margaretsAvailable()).toBe(before - total);

    await expectNoAxeViolations(page);
    await page.setViewportSize({ width: 320, height: 800 });
    const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
    // A content security policy violation, or any script error, would be here.
    expect(consoleErrors).toEqual([]);
    // Every widget sent its operations by id: the directory's by GET, what a session token reads or
    // writes by POST.
    expect(sent.filter((r) => r.hasQueryText)).toEqual([]);
    expect(sent.find((r) => r.operationName === 'ProviderSearchServices')).toMatchObject({ method: 'GET', token: false });
    expect(sent.find((r) => r.operationName === 'BudgetViewer')).toMatchObject({ method: 'POST', token: true });
    expect(sent.find((r) => r.operationName === 'BookingRequest')).toMatchObject({ method: 'POST', token: true });
    await context.close();
  });
});

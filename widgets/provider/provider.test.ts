import type { Locator, Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { useTestApp } from '../../test/support/app.js';
import {
  expectNoAxeViolations,
  focused,
  GRAPHQL,
  holdRequest,
  horizontalOverflow,
  openPage,
  partnerPage,
  tabTo,
  useBrowser,
  usePartnerSite,
} from '../../test/support/browser.js';
import { demoProviderId, publicServices } from '../../test/support/demo.js';
import { addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from '../../test/support/timebank.js';
import { addExchange } from '../../test/support/volunteer-record.js';
import { ProviderPageDocument } from '../generated/graphql.js';

/**
 * `<coopcare-provider>` on a partner's page at another origin than the API, against the Kirklees
 * demo: Colne Valley Care Co-operative helped start Marsden Moor Homecare Co-op; Denby Dale's
 * listing is a draft, not public.
 */
const t = useTestApp({ seeded: true });
const chromium = useBrowser();
const site = usePartnerSite();

const COLNE = { slug: 'colne-valley-care-co-operative', name: 'Colne Valley Care Co-operative' };
const MARSDEN = { slug: 'marsden-moor-homecare-co-op', name: 'Marsden Moor Homecare Co-op' };
const NOT_FOUND = 'We could not find this provider. It may no longer be listed.';

/** The page records every coopcare-select it hears, as an embedding page's script would. */
const RECORD_SELECTS = `window.selects = []; document.addEventListener('coopcare-select', (e) => window.selects.push(e.detail));`;

let pages = 0;
/** A partner page holding one `<coopcare-provider>` with these attributes; its URL. */
function providerPage(attributes: string, body = ''): string {
  pages += 1;
  return site.page(
    `/provider-${pages}`,
    partnerPage(t.url, `<coopcare-provider ${attributes}></coopcare-provider>${body}`, {
      title: 'A care co-operative',
      script: RECORD_SELECTS,
    }),
  );
}

async function open(url: string, width = 1024) {
  const opened = await openPage(chromium.browser, { width });
  opened.page.setDefaultTimeout(10_000);
  await opened.page.goto(url);
  return opened;
}

const widget = (page: Page) => page.locator('coopcare-provider');
const nameHeading = (page: Page, name: string) => widget(page).getByRole('heading', { level: 2, name, exact: true });
const status = (page: Page) => widget(page).getByRole('status');
const alert = (page: Page) => widget(page).getByRole('alert');
const bookButtons = (page: Page) => widget(page).getByRole('button', { name: /^Book this service/ });
const familyButton = (page: Page, name: string) => widget(page).locator('[part=family]').getByRole('button', { name, exact: true });
const selects = (page: Page) => page.evaluate(() => (window as unknown as { selects: unknown[] }).selects);

/** The text a reader sees, as laid out (hidden parts left out), its spaces collapsed. */
async function seen(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: Playwright's innerText is the rendered text, which is what is under test
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

describe('<coopcare-provider> on a partner page', () => {
  test('by slug: the name, badges, CQC rating with its link, and each service priced in pounds; focus stays put', async () => {
    const { context, page, consoleErrors } = await open(providerPage(`slug="${COLNE.slug}"`));
    try {
      await nameHeading(page, COLNE.name).waitFor();
      expect(await widget(page).locator('[part=badge]').allTextContents()).toEqual(['Co-operative', 'Pays the Real Living Wage']);
      const header = await seen(widget(page).locator('[part=header]'));
      expect(header).toContain('Care Quality Commission (CQC) rating: Good');
      const cqc = widget(page).getByRole('link', { name: 'Read its inspection reports on the CQC website' });
      expect(await cqc.getAttribute('href')).toMatch(/^https:\/\/www\.cqc\.org\.uk\/location\/1-\d+$/);

      const homeCare = await seen(widget(page).locator('[part=service]').filter({ hasText: 'Home care visits' }));
      for (const words of [
        'Personal care',
        'Price £33.50 an hour',
        'Shortest visit 45 minutes',
        'Travel Included in the price',
        'Cancelling Free with at least 24 hours’ notice; with less notice, the visit is charged in full',
        'Paid for with Direct payments, council-managed budgets and individual service funds',
        'Languages English',
        'When Every day: 7am to 10pm',
      ]) {
        expect(homeCare).toContain(words);
      }
      expect(await seen(widget(page).locator('[part=service]').filter({ hasText: 'Cleaning and laundry' }))).toContain(
        'When Monday to Friday: 9am to 5pm Saturday: 9am to 12:30pm',
      );
      expect(await bookButtons(page).count()).toBe(4);

      expect(await status(page).textContent()).toBe(`Showing ${COLNE.name}.`);
      expect(await focused(page)).toMatchObject({ tag: 'body' });
      expect(await widget(page).getAttribute('provider-id')).toBe(demoProviderId(COLNE.slug));
      await expectNoAxeViolations(page);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('how it is owned, in a table by class of member; its areas, consortium, the co-ops it started and its contact', async () => {
    const { context, page, consoleErrors } = await open(providerPage(`slug="${COLNE.slug}"`));
    try {
      await nameHeading(page, COLNE.name).waitFor();
      const ownership = widget(page).locator('[part=ownership]');
      expect(await seen(ownership)).toContain('A multi-stakeholder co-operative: owned by more than one class of member');
      expect(await seen(ownership)).toContain(
        'Under its constitution (Brighton’s Care Co-ops’ model), each class has a share of the votes: care workers and staff 40%, ' +
          'people it supports 40% and supporters 20%.',
      );
      const table = ownership.getByRole('table', { name: `Members and board seats of ${COLNE.name}, by class of member` });
      const rows = await Promise.all((await table.getByRole('row').all()).map(seen));
      expect(rows).toEqual([
        'Class of member Members Board seats',
        // From its register and constitution (api/governance/seed.ts): 40/40/20, two seats, two and one.
        'Care workers and staff 11 2',
        'People it supports 10 2',
        'Supporters 9 1',
        'All classes 30 5',
      ]);

      const areas = await seen(widget(page).locator('[part=areas]'));
      expect(areas).toContain('Postcode districts HD3 and HD7');
      expect(areas).toContain('Where it is based The Old Co-op, Britannia Road, Slaithwaite HD7 5AB');
      const consortium = await seen(widget(page).locator('[part=consortium]'));
      expect(consortium).toContain('Part of Kirklees Care Co-operatives Consortium');
      expect(consortium).toContain('Its members share: rota, payroll and invoicing system bank of relief care workers');
      expect(await seen(widget(page).locator('[part=family]'))).toContain(`Co-ops it helped start ${MARSDEN.name}`);

      const contact = widget(page).locator('[part=contact]');
      expect(await contact.getByRole('link', { name: '01632 960101' }).getAttribute('href')).toBe('tel:01632960101');
      expect(await contact.getByRole('link', { name: /^hello@/ }).getAttribute('href')).toMatch(/^mailto:hello@\w+\.example$/);
      expect(await contact.getByRole('link', { name: `${COLNE.slug}.example` }).getAttribute('href')).toBe(`https://${COLNE.slug}.example`);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('a co-op’s time bank in numbers and what out-of-hours help earns, from its rules; nothing for a co-op without one', async () => {
    const marsden = demoProviderId(MARSDEN.slug);
    const before = await open(providerPage(`slug="${MARSDEN.slug}"`));
    try {
      await nameHeading(before.page, MARSDEN.name).waitFor();
      expect(await widget(before.page).locator('[part=time-bank]').count()).toBe(0);
    } finally {
      await before.context.close();
    }

    // Marsden's rules: twice the time out of hours, weekends counted as normal hours.
    await openTimeBank(t, marsden, { outOfHoursPercent: 200, weekendsOutOfHours: false, overdraftMinutes: 600 });
    const people: { id: string }[] = await t.db.query(`SELECT id FROM person ORDER BY email LIMIT 2`);
    const [helper, receiver] = await Promise.all(people.map((p) => addTimeBankMember(t, marsden, p.id, ['VOLUNTEER', 'RECEIVER'])));
    const startedAt = new Date(Date.now() - 20 * 24 * 60 * 60_000);
    await addExchange(t, { providerId: marsden, helper, receiver, category: 'shopping', startedAt, minutes: 150, outOfHoursMinutes: 60 });

    const { context, page, consoleErrors } = await open(providerPage(`slug="${MARSDEN.slug}"`));
    try {
      await nameHeading(page, MARSDEN.name).waitFor();
      const section = widget(page).locator('[part=time-bank]');
      await section.getByRole('heading', { level: 3, name: 'Time bank' }).waitFor();
      const words = await seen(section);
      // The words say 12 months: the query asks for 12 rather than trusting the API's default window to stay so.
      expect(String(ProviderPageDocument)).toMatch(/picture\(months: 12\)/);
      expect(words).toContain('Help exchanged in the last 12 months 2 hours 30 minutes');
      expect(words).toContain('Volunteers who helped in the last 90 days 1');
      expect(words).toContain('Help given out of hours in the last 12 months 1 hour');
      expect(words).toContain('In the community pool, for members with no time to spend 0 minutes');
      expect(words).toContain('Help given out of hours earns 2 hours for each hour given in the evening, at night and on bank holidays.');
      const contact: { contact_phone: string; contact_email: string }[] = await t.db.query(
        `SELECT contact_phone, contact_email FROM provider WHERE id = $1`,
        [marsden],
      );
      expect(words).toContain(`To join, ask ${MARSDEN.name}: call ${contact[0].contact_phone} or email ${contact[0].contact_email}.`);
      await expectNoAxeViolations(page);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('by id: a co-op another started; opening that one loads it here, fires coopcare-select, focuses and announces it', async () => {
    const { context, page, consoleErrors } = await open(providerPage(`provider-id="${demoProviderId(MARSDEN.slug)}"`));
    try {
      await nameHeading(page, MARSDEN.name).waitFor();
      expect(await seen(widget(page).locator('[part=areas]'))).toContain('Within 4 miles of Marsden (HD7 6BN)');
      expect(await seen(widget(page).locator('[part=family]'))).toContain(`Who helped start it ${MARSDEN.name} was started with help from`);

      await familyButton(page, COLNE.name).click();
      await nameHeading(page, COLNE.name).waitFor();
      expect(await focused(page)).toMatchObject({ tag: 'h2', name: COLNE.name });
      expect(await status(page).textContent()).toBe(`Showing ${COLNE.name}.`);
      expect(await selects(page)).toEqual([{ providerId: demoProviderId(COLNE.slug), serviceId: null, providerSlug: COLNE.slug }]);
      expect(await widget(page).getAttribute('slug')).toBe(COLNE.slug);

      await familyButton(page, MARSDEN.name).click();
      await nameHeading(page, MARSDEN.name).waitFor();
      expect(await focused(page)).toMatchObject({ tag: 'h2', name: MARSDEN.name });
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });

  test('"Book this service" fires coopcare-select with the provider and the service; no-booking hides it', async () => {
    const { context, page } = await open(providerPage(`slug="${COLNE.slug}"`));
    try {
      await widget(page).getByRole('button', { name: 'Book this service: Valley befriending' }).click();
      const befriending = (await publicServices(t, demoProviderId(COLNE.slug))).find((s) => s.name === 'Valley befriending');
      expect(await selects(page)).toEqual([
        { providerId: demoProviderId(COLNE.slug), serviceId: befriending!.id, providerSlug: COLNE.slug },
      ]);

      await widget(page).evaluate((element) => element.setAttribute('no-booking', ''));
      await expect.poll(() => bookButtons(page).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  test('keyboard only: Tab to a Book button and Enter fires the event; Space on a co-op it started opens it', async () => {
    const { context, page } = await open(providerPage(`slug="${COLNE.slug}"`));
    try {
      await nameHeading(page, COLNE.name).waitFor();
      await tabTo(page, { tag: 'button', name: 'Book this service: Home care visits' });
      await page.keyboard.press('Enter');
      const homeCare = (await publicServices(t, demoProviderId(COLNE.slug))).find((s) => s.name === 'Home care visits');
      expect(await selects(page)).toEqual([{ providerId: demoProviderId(COLNE.slug), serviceId: homeCare!.id, providerSlug: COLNE.slug }]);

      // Past the consortium's other members (Marsden among them) to the family's own link.
      await tabTo(page, { tag: 'button', name: MARSDEN.name });
      await tabTo(page, { tag: 'button', name: MARSDEN.name });
      await page.keyboard.press('Space');
      await nameHeading(page, MARSDEN.name).waitFor();
      expect(await focused(page)).toMatchObject({ tag: 'h2', name: MARSDEN.name });
    } finally {
      await context.close();
    }
  });

  test("the page's script sets provider-id or slug later: the newest wins, and focus stays where the page put it", async () => {
    const { context, page } = await open(providerPage(`slug="${COLNE.slug}"`));
    try {
      await nameHeading(page, COLNE.name).waitFor();
      await widget(page).evaluate((element, id) => element.setAttribute('provider-id', id), demoProviderId(MARSDEN.slug));
      await nameHeading(page, MARSDEN.name).waitFor();
      expect(await focused(page)).toMatchObject({ tag: 'body' });
      expect(await status(page).textContent()).toBe(`Showing ${MARSDEN.name}.`);

      await widget(page).evaluate(
        (element, { id, slug }) => {
          const provider = element as HTMLElement & { providerId: string; slug: string };
          provider.providerId = id;
          provider.slug = slug;
        },
        { id: demoProviderId(MARSDEN.slug), slug: COLNE.slug },
      );
      await nameHeading(page, COLNE.name).waitFor();
    } finally {
      await context.close();
    }
  });

  test('while loading it says so; a slow answer for an earlier provider never replaces a newer one', async () => {
    const { context, page } = await openPage(chromium.browser);
    try {
      page.setDefaultTimeout(10_000);
      const slow = await holdRequest(page, (body) => body.includes(COLNE.slug));
      await page.goto(providerPage(`slug="${COLNE.slug}"`));
      expect(await seen(widget(page).locator('[part=loading]'))).toBe('Loading the provider’s details…');
      expect(await status(page).textContent()).toBe('Loading the provider’s details.');
      await widget(page).evaluate((element, id) => element.setAttribute('provider-id', id), demoProviderId(MARSDEN.slug));
      await nameHeading(page, MARSDEN.name).waitFor();
      slow.release();
      expect(await slow.outcome).toBe('aborted');
      expect(await nameHeading(page, COLNE.name).count()).toBe(0);
      expect(await nameHeading(page, MARSDEN.name).count()).toBe(1);
    } finally {
      await context.close();
    }
  });

  // The API refuses a malformed id with HTTP 400 (BAD_USER_INPUT), which Chromium logs whatever the page does.
  const REFUSED = ['Failed to load resource: the server responded with a status of 400 (Bad Request)'];
  test.each([
    ['an unknown slug', () => 'slug="no-such-co-op"', []],
    ['a draft listing', () => `provider-id="${demoProviderId('denby-dale-care-co-operative')}"`, []],
    ['a malformed id', () => 'provider-id="not-an-id"', REFUSED],
  ])('not found: %s says so in words', async (_case, attributes, browserErrors) => {
    const { context, page, consoleErrors } = await open(providerPage(attributes()));
    try {
      await alert(page).waitFor();
      expect(await seen(alert(page))).toBe(NOT_FOUND);
      expect(await focused(page)).toMatchObject({ tag: 'body' });
      await expectNoAxeViolations(page);
      expect(consoleErrors).toEqual(browserErrors);
    } finally {
      await context.close();
    }
  });

  test('when coopcare cannot be reached it says so, and "Try again" loads the provider', async () => {
    const { context, page } = await openPage(chromium.browser);
    try {
      page.setDefaultTimeout(10_000);
      let refuse = true;
      await page.route(GRAPHQL, (route) => (refuse ? route.abort('connectionrefused') : route.continue()));
      await page.goto(providerPage(`slug="${COLNE.slug}"`));
      await alert(page).waitFor();
      expect(await seen(alert(page))).toBe(
        'We could not reach the care directory. Check your internet connection and try again. Try again',
      );
      await expectNoAxeViolations(page);

      refuse = false;
      await widget(page).getByRole('button', { name: 'Try again' }).click();
      await nameHeading(page, COLNE.name).waitFor();
      expect(await focused(page)).toMatchObject({ tag: 'h2', name: COLNE.name });
      expect(await alert(page).count()).toBe(0);
    } finally {
      await context.close();
    }
  });

  test('320 CSS pixels wide: nothing scrolls sideways, and the ownership table stacks', async () => {
    const { context, page, consoleErrors } = await open(providerPage(`slug="${COLNE.slug}"`), 320);
    try {
      await nameHeading(page, COLNE.name).waitFor();
      const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
      const cell = widget(page).getByRole('cell', { name: '11' });
      expect(await cell.evaluate((td) => getComputedStyle(td).display)).toBe('block');
      expect(await cell.evaluate((td) => getComputedStyle(td, '::before').content)).toBe('"Members: "');
      await expectNoAxeViolations(page);
      expect(consoleErrors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

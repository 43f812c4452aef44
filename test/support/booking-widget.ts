import type { Page } from 'playwright-core';
import { beforeAll, expect, vi } from 'vitest';
import { addDays, londonDate, weekday } from '../../widgets/booking/london-time.js';
import { longDate } from '../../widgets/booking/booking-schedule.js';
import type { TestApp } from '../harness.js';
import { openPage, partnerPage, useBrowser, usePartnerSite } from './browser.js';
import { demoSignIn } from './demo.js';
import { demoPartner } from './widget-sessions.js';

/** Where Margaret's care is given (her demo budget's care postcode). */
export const CARE_POSTCODE = 'HD7 5AB';
/** The fair-price floor the test app prices with: COOPCARE_FAIR_PRICE_FLOOR_PENCE's default. */
export const FAIR_PRICE_FLOOR_PENCE = 3214;

type ServiceNode = { id: string; name: string; hourlyRatePence: number; acceptsCouncilManagedBudgets: boolean; provider: { slug: string } };

/** The services `filter` finds that take council-managed budgets, as Margaret's is. */
export async function managedBudgetServices(t: TestApp, filter: object): Promise<ServiceNode[]> {
  const res = await t.gql<{ services: { edges: { node: ServiceNode }[] } }, unknown>(
    `query($f: ServiceFilter) { services(filter: $f, first: 100) {
      edges { node { id name hourlyRatePence acceptsCouncilManagedBudgets provider { slug } } } } }`,
    { f: filter },
  );
  return res.data!.services.edges.map((e) => e.node).filter((s) => s.acceptsCouncilManagedBudgets);
}

/** The Colne Valley co-op's service that reaches Margaret's care postcode and takes her budget. */
export async function colneHomeCare(t: TestApp): Promise<ServiceNode | undefined> {
  const near = await managedBudgetServices(t, { servesPostcode: CARE_POSTCODE });
  return near.find((s) => s.provider.slug === 'colne-valley-care-co-operative');
}

/** Margaret's budget as she sees it, signed in: its money and how many bookings it pays for. */
export async function margaretsBudget(t: TestApp) {
  const res = await t.gql<
    { me: { personalBudgets: { id: string; committedPence: number; availablePence: number; bookings: { totalCount: number } }[] } },
    unknown
  >(`{ me { personalBudgets { id committedPence availablePence bookings { totalCount } } } }`, undefined, await demoSignIn(t, 'margaret'));
  return res.data!.me.personalBudgets[0]!;
}

/**
 * `<coopcare-booking>` on a partner's page at its own origin, for Margaret, as the demo has her: a
 * Chromium, the partner's site and its consented key, and, found over GraphQL, the Colne Valley co-op's
 * service that reaches her postcode and takes her council-managed budget (`homeCare`) and a service that
 * takes such budgets but does not reach her (`farAway`), and one priced below the fair-price floor
 * (`cheap`). Call once per file, after useTestApp.
 */
export function useBookingWidget(t: TestApp) {
  // A browser's round trips through the API take longer on a busy machine than expect.poll's one second.
  vi.setConfig({ expect: { poll: { timeout: 10_000, interval: 50 } } });
  const chromium = useBrowser();
  const site = usePartnerSite();
  let partner: Awaited<ReturnType<typeof demoPartner>>;
  const demo = {
    homeCare: { id: '', hourlyRatePence: 0 },
    farAway: { id: '', name: '' },
    cheap: { id: '', hourlyRatePence: 0 },
    budgetId: '',
  };

  beforeAll(async () => {
    partner = await demoPartner(t, site.origin);
    const near = await managedBudgetServices(t, { servesPostcode: CARE_POSTCODE });
    const homeCare = near.find((s) => s.provider.slug === 'colne-valley-care-co-operative');
    const all = await managedBudgetServices(t, {});
    const farAway = all.find((s) => !near.some((n) => n.id === s.id));
    const cheap = all.find((s) => s.hourlyRatePence > 0 && s.hourlyRatePence < FAIR_PRICE_FLOOR_PENCE);
    expect(homeCare).toBeDefined();
    expect(farAway).toBeDefined();
    expect(cheap).toBeDefined();
    Object.assign(demo, { homeCare, farAway, cheap, budgetId: (await margaretsBudget(t)).id });
  });

  let pages = 0;
  /** The partner's page with the widget (`attributes` as written); the page records the events it hears. */
  const bookingPage = (attributes: string): string => {
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
  };

  /**
   * A fresh context on the page, with a BOOKING session's token unless given another (`null`: none), the
   * home care service unless given another, and any other `attributes`. `clock` installs a fake clock at
   * that time first, and `beforeLoad` runs before the page loads (to route its requests).
   */
  const open = async (
    options: {
      width?: number;
      token?: string | null;
      serviceId?: string;
      attributes?: string;
      clock?: number;
      beforeLoad?: (page: Page) => Promise<unknown>;
    } = {},
  ) => {
    const token = options.token === undefined ? await partner.mint('BOOKING') : options.token;
    const opened = await openPage(chromium.browser, { width: options.width });
    if (options.clock !== undefined) await opened.context.clock.install({ time: options.clock });
    await options.beforeLoad?.(opened.page);
    const tokenAttribute = token === null ? '' : `session-token="${token}"`;
    await opened.page.goto(
      bookingPage(`service-id="${options.serviceId ?? demo.homeCare.id}" ${tokenAttribute} ${options.attributes ?? ''}`),
    );
    return opened;
  };

  return {
    demo,
    open,
    margaretsBudget: () => margaretsBudget(t),
    mint: (purpose: 'BOOKING' | 'BUDGET_VIEW', minutes?: number) => partner.mint(purpose, minutes),
  };
}

/** The events the page heard, in order. */
export const heard = (page: Page) => page.evaluate(() => (window as unknown as { heard: { type: string; detail: unknown }[] }).heard);

export const part = (page: Page, name: string) => page.locator(`coopcare-booking [part="${name}"]`);
export const liveRegion = (page: Page) => page.locator('coopcare-booking [role="status"]');
export const visit = (page: Page, n: number) => page.getByRole('group', { name: `Visit ${n}` });

export async function fillVisit(page: Page, n: number, date: string, time: string, length?: string) {
  await visit(page, n).getByLabel('Date').fill(date);
  await visit(page, n).getByLabel('Start time').fill(time);
  if (length) await visit(page, n).getByLabel('Length').selectOption({ label: length });
}

/** The UK date `days` from today. */
export const ahead = (days: number) => addDays(londonDate(), days);
export const nextMonday = (from: string) => addDays(from, (8 - weekday(from)) % 7 || 7);

/** The next time the UK's clocks change (the last Sunday of March or October), and the words for 01:30 on it. */
export function nextClockChange(): { date: string; words: string } {
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

/** The page's next booking request reaches coopcare and is made, but its answer is lost on the way back. */
export async function loseFirstBookingAnswer(page: Page): Promise<void> {
  let lost = 0;
  await page.route('**/graphql', async (route) => {
    if (!route.request().postData()?.includes('BookingRequest') || lost > 0) return route.continue();
    lost += 1;
    await route.fetch();
    await route.abort('failed');
  });
}

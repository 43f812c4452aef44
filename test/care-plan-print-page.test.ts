import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { CarePlanDocument } from '../api/careplans/care-plan-document.js';
import { ABOUT_ME_ORDER, ABOUT_ME_TITLES } from '../api/careplans/careplans.enums.js';
import { carePlanPrintPage, PRINT_PAGE_STYLE_SOURCE } from '../api/careplans/print-page.js';
import { expectNoAxeViolations, horizontalOverflow, openPage, useBrowser } from './support/browser.js';
import { expectStyledAndAccessible, fullPlan, HOSTILE, minimalPlan } from './support/care-plan-documents.js';

/**
 * The printed plan in Chromium, served as the print router will serve it: under a content security policy
 * that allows this page's one stylesheet by hash and nothing else.
 */
const b = useBrowser();
const URL = 'https://coopcare.test/care-plans/plan/print';
const CSP = `default-src 'none'; style-src ${PRINT_PAGE_STYLE_SOURCE}; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`;
// Late on 30 June in UTC is already 1 July in London (BST).
const PRINTED_AT = new Date('2026-06-30T23:30:00Z');

async function show(doc: CarePlanDocument, options: { width?: number; deviceScaleFactor?: number } = {}) {
  const opened = await openPage(b.browser, options);
  const dialogs: string[] = [];
  opened.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await opened.page.route(URL, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      headers: { 'content-security-policy': CSP },
      body: carePlanPrintPage(doc, PRINTED_AT),
    }),
  );
  await opened.page.goto(URL);
  return { ...opened, dialogs };
}

/** The text as laid out for a reader: line breaks between blocks, nothing that CSS hides. */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text is what is being tested
const rendered = (locator: Locator) => locator.innerText();
const headings = (page: Page) =>
  page.locator('h1, h2, h3').evaluateAll((hs) => hs.map((h) => `${h.tagName.toLowerCase()} ${h.textContent?.trim()}`));
const rowText = (page: Page, goal: string) => rendered(page.locator('tbody tr', { hasText: goal }));

describe('the printed care plan', () => {
  it('passes axe (WCAG 2.2 AA) with its own stylesheet applied under the content security policy, full and just started', async () => {
    for (const doc of [fullPlan(), minimalPlan()]) {
      const { context, page, consoleErrors } = await show(doc);
      await expectStyledAndAccessible(page);
      expect(consoleErrors).toEqual([]);
      await context.close();
    }
  });

  it('reads in order: one h1 with the name, then About me in the PRSB order, goals, support, risks, circle and agreement', async () => {
    const doc = fullPlan();
    doc.aboutMe.reverse();
    const { context, page } = await show(doc);
    expect(await page.title()).toBe("Margaret Holroyd's care and support plan");
    expect(await headings(page)).toEqual([
      "h1 Margaret Holroyd's care and support plan",
      'h2 About me',
      ...ABOUT_ME_ORDER.map((h) => `h3 ${ABOUT_ME_TITLES[h]}`),
      'h2 My goals',
      'h2 My support',
      'h2 Risks I choose to take',
      'h2 My circle',
      'h2 Agreement',
    ]);
    expect(await page.locator('html').getAttribute('lang')).toBe('en-GB');
    await context.close();
  });

  it('gives the version, status and dates as people in the UK write them, in London time', async () => {
    const { context, page } = await show(fullPlan());
    const facts = await rendered(page.locator('.facts'));
    expect(facts).toMatch(/Version\s+3, written 20 June 2026/);
    expect(facts).toMatch(/Status\s+Agreed/);
    expect(facts).toMatch(/Review by\s+6 December 2026/);
    expect(await rendered(page.locator('footer'))).toContain('Printed on 1 July 2026.');
    const agreement = await rendered(page.locator('h2:has-text("Agreement") + p + ul'));
    expect(agreement).toBe('For me: signed by Margaret Holroyd on 21 June 2026\nAs lead coordinator: signed by Priya Shah on 22 June 2026');
    await context.close();
  });

  it('flags a meaningful change in words, tells a small one apart, and says when a goal is not rated yet', async () => {
    const { context, page } = await show(fullPlan());
    const walking = await rowText(page, 'Walk to the reservoir');
    expect(walking).toMatch(/Self-care/);
    expect(walking).toMatch(/Importance 9\s+Performance 3\s+Satisfaction 2\s+12 March 2026/);
    expect(walking).toMatch(/Performance \+3\s+Satisfaction \+3\s+Meaningful change/);
    const garden = await rowText(page, 'Keep my garden tidy');
    expect(garden).toMatch(/Performance \+1\s+Satisfaction 0\s+A small change/);
    expect(garden).not.toContain('Meaningful');
    expect(await rowText(page, 'Sing with the choir')).toMatch(/Leisure\s+Not rated yet\s+Not reviewed yet\s+Not reviewed yet/);
    // Not by colour alone: the flag has a border and bold text in the text colour.
    expect(await page.locator('.flag').evaluate((f) => [getComputedStyle(f).borderStyle, getComputedStyle(f).fontWeight])).toEqual([
      'solid',
      '700',
    ]);
    await context.close();
  });

  it('shows support with who, when and which goals, risks with what the person chose, and the circle', async () => {
    const { context, page } = await show(fullPlan());
    const support = await page.locator('.items').first().locator('li.item').allInnerTexts();
    expect(support[0]).toMatch(/Who\s+Home care, Colne Valley Care Co-operative \(booked\)\s+When\s+Every morning, 8 to 9/);
    expect(support[0]).toMatch(/For my goals\s+Walk to the reservoir and back on my own by the summer$/);
    expect(support[2]).toMatch(/Who\s+David Holroyd\s+When\s+Saturdays\s+For my goals\s+None in particular/);
    expect(support[3]).toMatch(/Who\s+Alan \(volunteer\)/);
    const risks = await page.locator('.items').nth(1).locator('li.item').allInnerTexts();
    expect(risks[0]).toMatch(/What I have chosen\s+I will keep walking there/);
    expect(risks[1]).toMatch(/Safeguards\s+None written down/);
    expect(await page.locator('h2:has-text("My circle") + p + ul li').allInnerTexts()).toEqual([
      'Margaret Holroyd: the person this plan is for',
      'David Holroyd: representative, decides on changes',
      'Priya Shah: lead coordinator, can suggest changes and record reviews',
      `Jean ${HOSTILE}: can read the plan`,
    ]);
    await context.close();
  });

  it('marks the review date overdue by the London date it is printed on, not UTC’s', () => {
    // PRINTED_AT is still 30 June in UTC but already 1 July in London.
    const reviewBy = (reviewDate: string) =>
      carePlanPrintPage({ ...fullPlan(), reviewDate }, PRINTED_AT).match(/<dt>Review by<\/dt><dd>([^<]*)<\/dd>/)?.[1];
    expect(reviewBy('2026-06-30')).toBe('30 June 2026 (overdue)');
    expect(reviewBy('2026-07-01')).toBe('1 July 2026');
  });

  it('shows hostile text as text: nothing in the plan becomes markup or runs', async () => {
    expect(carePlanPrintPage(fullPlan(), PRINTED_AT)).not.toMatch(/<script|<img/i);
    const { context, page, dialogs } = await show(fullPlan());
    expect(await page.locator('script, img').count()).toBe(0);
    const body = await rendered(page.locator('body'));
    expect(body.split(HOSTILE).length - 1).toBe(6);
    expect(dialogs).toEqual([]);
    await context.close();
  });

  it('reflows at 320 px and at 200% zoom without the page scrolling sideways', async () => {
    for (const options of [{ width: 320 }, { width: 640, deviceScaleFactor: 2 }]) {
      const { context, page } = await show(fullPlan(), options);
      const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
      expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
      await expectNoAxeViolations(page);
      await context.close();
    }
  });

  it('prints everything essential: no part hidden or cut off, rows and items kept whole across pages', async () => {
    const { context, page } = await show(fullPlan(), { width: 320 });
    const onScreen = await rendered(page.locator('body'));
    await page.emulateMedia({ media: 'print' });
    expect(await rendered(page.locator('body'))).toBe(onScreen);
    const hidden = await page
      .locator('h1, h2, h3, p, dt, dd, th, td, li')
      .evaluateAll((elements) => elements.filter((e) => (e as HTMLElement).offsetParent === null).map((e) => e.textContent));
    expect(hidden).toEqual([]);
    const scroller = page.locator('.table-scroll');
    expect(await scroller.evaluate((e) => getComputedStyle(e).overflowX)).toBe('visible');
    expect(
      await page
        .locator('tbody tr')
        .first()
        .evaluate((e) => getComputedStyle(e).breakInside),
    ).toBe('avoid');
    expect(
      await page
        .locator('li.item')
        .first()
        .evaluate((e) => getComputedStyle(e).breakInside),
    ).toBe('avoid');
    await context.close();
  });

  it('says plainly what a plan just started does not have yet', async () => {
    const { context, page } = await show(minimalPlan());
    const body = await rendered(page.locator('body'));
    for (const words of ['Nothing written yet.', 'No goals written yet.', 'No support written yet.', 'No risks written down.']) {
      expect(body).toContain(words);
    }
    expect(body).toMatch(/Status\s+Draft, not yet agreed/);
    expect(body).toMatch(/Review by\s+Not set/);
    expect(body).toContain('For me: not signed yet');
    expect(body).toContain('ask your coordinator for the latest version');
    await context.close();
  });
});

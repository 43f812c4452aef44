import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, focused, horizontalOverflow } from '../../test/support/browser.js';
import {
  expectedResult,
  liveRegion,
  resultsArea,
  resultsHeading,
  shownResults,
  titlesOf,
  useSearchPages,
} from '../../test/support/provider-search.js';

/**
 * `<coopcare-provider-search>` on a partner's page (another origin than the API), in Chromium, over
 * the Kirklees demo directory: what a resident searching for care depends on. What each page of
 * results should hold is asked of the API itself. Failures and the empty state: provider-search-errors.test.ts.
 */
const { apiSearch, open } = useSearchPages();

describe('<coopcare-provider-search> on a partner page', () => {
  test('a postcode search shows the nearest services first, with distance, price, CQC rating and badges', async () => {
    const { page, consoleErrors } = await open();
    await expectNoAxeViolations(page);
    await page.getByLabel('Postcode').fill('HD7');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const api = await apiSearch({ filter: { near: { postcode: 'HD7', radiusMiles: 5 } }, sort: 'DISTANCE', first: 10 });
    expect(api.totalCount).toBeGreaterThan(10);
    await resultsHeading(page, `${api.totalCount} services found`);

    const results = await shownResults(page);
    expect(results).toEqual(api.edges.map(expectedResult));
    const miles = results.map((r) => Number.parseFloat(r.facts.Distance!));
    expect(miles).toEqual([...miles].sort((a, b) => a - b));
    expect(results.flatMap((r) => r.badges)).toContain('Co-operative');
    await resultsArea(page).getByText(`Showing 1 to 10 of ${api.totalCount}, nearest to HD7 first`).waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'h2', id: 'results-heading', text: `${api.totalCount} services found` });
    expect(await liveRegion(page)).toBe(`${api.totalCount} services found. Showing 1 to 10 of ${api.totalCount}.`);
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([]);
  });

  test('a town instead of a postcode searches from the town, nearest first', async () => {
    const { page } = await open();
    const field = page.getByLabel('Postcode or town');
    expect(await field.getAttribute('aria-describedby')).toBe('postcode-hint');
    expect(await page.locator('#postcode-hint').textContent()).toBe('For example, HD1 2TA, HD1 or Holmfirth');
    await field.fill('holmfirth');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const api = await apiSearch({ filter: { near: { postcode: 'holmfirth', radiusMiles: 5 } }, sort: 'DISTANCE', first: 10 });
    expect(api.totalCount).toBeGreaterThan(0);
    await resultsHeading(page, `${api.totalCount} services found`);
    const results = await shownResults(page);
    expect(results.map((r) => r.title)).toEqual(titlesOf(api));
    expect(results.map((r) => r.facts.Distance)).toEqual(api.edges.map((e) => expectedResult(e).facts.Distance));
    await resultsArea(page).getByText('nearest to holmfirth first').waitFor();
  });

  test('words with a town rank by relevance, so a service working in the language the words name comes first', async () => {
    const { page } = await open();
    await page.getByLabel('What help do you need?').fill('urdu speaking carer');
    await page.getByLabel('Postcode or town').fill('Huddersfield');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const api = await apiSearch({
      filter: { text: 'urdu speaking carer', near: { postcode: 'Huddersfield', radiusMiles: 5 } },
      sort: 'RELEVANCE',
      first: 10,
    });
    const inUrdu = await apiSearch({
      filter: { near: { postcode: 'Huddersfield', radiusMiles: 5 }, languages: ['Urdu'] },
      sort: 'DISTANCE',
      first: 50,
    });
    await resultsHeading(page, `${api.totalCount} services found`);
    const titles = (await shownResults(page)).map((r) => r.title);
    expect(titles).toEqual(titlesOf(api));
    expect(titlesOf(inUrdu)).toContain(titles[0]);
    await resultsArea(page).getByText('best matches first, counting nearness to Huddersfield').waitFor();
  });

  test('a text search finds by words, and forgives a typo', async () => {
    const { page } = await open();
    const titles: (string | undefined)[][] = [];
    for (const words of ['gardening', 'gardning']) {
      await page.getByLabel('What help do you need?').fill(words);
      await page.getByLabel('What help do you need?').press('Enter');
      const api = await apiSearch({ filter: { text: words }, sort: 'RELEVANCE', first: 10 });
      await resultsHeading(page, `${api.totalCount} services found`);
      const results = await shownResults(page);
      expect(results.map((r) => r.title)).toEqual(titlesOf(api));
      expect(results.every((r) => !('Distance' in r.facts))).toBe(true);
      titles.push(results.map((r) => r.title));
    }
    expect(titles[0]).toEqual(expect.arrayContaining(['Gardening service', 'Garden help']));
    expect(titles[1]).toEqual(titles[0]);
  });

  test('pages forward and back, each page the API’s, with the count and focus on the heading', async () => {
    const { page } = await open('<coopcare-provider-search page-size="5"></coopcare-provider-search>');
    await page.getByLabel('Postcode').fill('HD1');
    await page.getByLabel('Distance').selectOption({ label: 'Within 25 miles' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const variables = { filter: { near: { postcode: 'HD1', radiusMiles: 25 } }, sort: 'DISTANCE', first: 5 };
    const apiPages = [await apiSearch(variables)];
    for (let i = 1; i < 3; i++) apiPages.push(await apiSearch({ ...variables, after: apiPages[i - 1]!.pageInfo.endCursor }));
    const total = apiPages[0]!.totalCount;
    expect(total).toBeGreaterThan(15);

    const expectPage = async (i: number) => {
      await resultsArea(page)
        .getByText(`Showing ${i * 5 + 1} to ${i * 5 + 5} of ${total}`)
        .waitFor();
      expect((await shownResults(page)).map((r) => r.title)).toEqual(titlesOf(apiPages[i]!));
      expect(await focused(page)).toMatchObject({ id: 'results-heading', text: `${total} services found` });
      expect(await liveRegion(page)).toBe(`${total} services found. Showing ${i * 5 + 1} to ${i * 5 + 5} of ${total}.`);
    };
    await expectPage(0);
    expect(await page.getByRole('button', { name: 'Previous page' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Next page' }).click();
    await expectPage(1);
    expect(titlesOf(apiPages[1]!)).not.toEqual(titlesOf(apiPages[0]!));
    await page.getByRole('button', { name: 'Next page' }).click();
    await expectPage(2);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expectPage(1);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await expectPage(0);
  });

  test('attributes preset the form and run the first search, without moving focus', async () => {
    const { page } = await open(
      '<coopcare-provider-search postcode="HD1" category="personal-care" radius-miles="15" page-size="3"></coopcare-provider-search>',
    );
    const api = await apiSearch({
      filter: { near: { postcode: 'HD1', radiusMiles: 15 }, categories: ['personal-care'] },
      sort: 'DISTANCE',
      first: 3,
    });
    await resultsHeading(page, `${api.totalCount} services found`);
    expect((await shownResults(page)).map((r) => r.title)).toEqual(titlesOf(api));
    expect((await shownResults(page)).every((r) => r.facts['Type of help'] === 'Personal care')).toBe(true);
    expect(await page.getByLabel('Postcode').inputValue()).toBe('HD1');
    await expect.poll(() => page.getByLabel('Type of help').inputValue()).toBe('personal-care');
    expect(await page.getByLabel('Distance').inputValue()).toBe('15');
    expect(await focused(page)).toMatchObject({ tag: 'body' });
    expect(await liveRegion(page)).toContain(`${api.totalCount} services found`);
  });

  test('changing an attribute or property later searches again', async () => {
    const { page } = await open('<coopcare-provider-search text="gardening"></coopcare-provider-search>');
    const byText = await apiSearch({ filter: { text: 'gardening' }, sort: 'RELEVANCE', first: 10 });
    await resultsHeading(page, `${byText.totalCount} services found`);

    await page.evaluate(() => document.querySelector('coopcare-provider-search')!.setAttribute('postcode', 'HD7'));
    const near = await apiSearch({
      filter: { text: 'gardening', near: { postcode: 'HD7', radiusMiles: 5 } },
      sort: 'RELEVANCE',
      first: 10,
    });
    await resultsArea(page).getByText(`of ${near.totalCount}, best matches first, counting nearness to HD7`).waitFor();
    expect((await shownResults(page)).map((r) => r.title)).toEqual(titlesOf(near));
    expect(await page.getByLabel('Postcode').inputValue()).toBe('HD7');

    await page.evaluate(() => {
      // The element's own properties, as the page's script sets them.
      const search = document.querySelector('coopcare-provider-search') as unknown as Record<string, string | number>;
      search.text = '';
      search.category = 'transport';
      search.radiusMiles = 50;
      search.pageSize = 2;
    });
    const transport = await apiSearch({
      filter: { near: { postcode: 'HD7', radiusMiles: 50 }, categories: ['transport'] },
      sort: 'DISTANCE',
      first: 2,
    });
    await resultsArea(page).getByText(`Showing 1 to 2 of ${transport.totalCount}, nearest to HD7 first`).waitFor();
    expect((await shownResults(page)).map((r) => r.facts['Type of help'])).toEqual(['Transport', 'Transport']);
    expect(await page.getByLabel('What help do you need?').inputValue()).toBe('');
  });

  test('choosing a result fires coopcare-select with its provider, service and slug', async () => {
    const { page } = await open('<coopcare-provider-search text="gardening"></coopcare-provider-search>', {
      script: `document.addEventListener('coopcare-select', (event) => { window.chosen = event.detail; });`,
    });
    const api = await apiSearch({ filter: { text: 'gardening' }, sort: 'RELEVANCE', first: 10 });
    const second = api.edges[1]!.node;
    await page.getByRole('button', { name: second.name, exact: true }).click();
    expect(await page.evaluate(() => (window as unknown as { chosen: unknown }).chosen)).toEqual({
      providerId: second.provider.id,
      serviceId: second.id,
      providerSlug: second.provider.slug,
    });
  });

  test('the whole search can be done with the keyboard alone', async () => {
    const { page } = await open('<coopcare-provider-search page-size="2"></coopcare-provider-search>', {
      script: `document.addEventListener('coopcare-select', (event) => { window.chosen = event.detail; });`,
    });
    const tab = async (id: string) => {
      await page.keyboard.press('Tab');
      expect((await focused(page)).id).toBe(id);
    };
    await tab('text');
    await page.keyboard.type('gardning');
    await tab('postcode');
    await page.keyboard.type('HD7');
    await tab('category');
    await tab('radius');
    // Down from "Within 5 miles" to 10, then 15: a closed select changes with the arrow keys.
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await tab('cooperativesOnly');
    await page.keyboard.press('Space');
    await tab('livingWageOnly');
    await tab('acceptsDirectPayments');
    await tab('cqc');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Search' });
    await page.keyboard.press('Enter');

    const variables = {
      filter: { text: 'gardning', near: { postcode: 'HD7', radiusMiles: 15 }, cooperativesOnly: true },
      sort: 'RELEVANCE',
    };
    const api = await apiSearch({ ...variables, first: 2 });
    expect(api.totalCount).toBeGreaterThan(2);
    await resultsHeading(page, `${api.totalCount} services found`);
    expect(await focused(page)).toMatchObject({ id: 'results-heading' });

    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: api.edges[0]!.node.name });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => (window as unknown as { chosen: { serviceId: string } }).chosen.serviceId)).toBe(
      api.edges[0]!.node.id,
    );

    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'button', text: 'Next page' });
    await page.keyboard.press('Space');
    const second = await apiSearch({ ...variables, first: 2, after: api.pageInfo.endCursor });
    await resultsArea(page).getByText(`Showing 3 to 4 of ${api.totalCount}`).waitFor();
    expect((await shownResults(page)).map((r) => r.title)).toEqual(titlesOf(second));
    expect(await focused(page)).toMatchObject({ id: 'results-heading' });
  });

  test('at 320 CSS pixels wide the results fit without scrolling sideways', async () => {
    const { page, consoleErrors } = await open('<coopcare-provider-search postcode="HD1" radius-miles="25"></coopcare-provider-search>', {
      width: 320,
    });
    await resultsHeading(page, /services found/);
    expect(await page.locator('[part="result"]').count()).toBe(10);
    const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
    // A filter's words wrap onto two lines here; its box must keep its size, not be squeezed narrower than it is tall.
    const boxes = await page
      .locator('coopcare-provider-search input[type="checkbox"]')
      .evaluateAll((inputs) => inputs.map((input) => Math.round(input.getBoundingClientRect().width)));
    expect(boxes).toEqual([24, 24, 24]);
    await expectNoAxeViolations(page);
    expect(consoleErrors).toEqual([]);
  });
});

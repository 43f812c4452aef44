import net, { type AddressInfo } from 'node:net';
import { describe, expect, test } from 'vitest';
import { expectNoAxeViolations, focused, GRAPHQL, holdRequest } from '../../test/support/browser.js';
import {
  alertRegion,
  errorSummary,
  liveRegion,
  resultsArea,
  resultsHeading,
  shownResults,
  titlesOf,
  useSearchPages,
} from '../../test/support/provider-search.js';

/**
 * `<coopcare-provider-search>` when a search cannot give results: each failure a resident may meet,
 * in words beside the field at fault and in the GOV.UK error summary, and the empty state; and a slow
 * answer overtaken by a newer search. The searches that work: provider-search.test.ts.
 */
const { apiSearch, open, t } = useSearchPages();

/** A local port nothing listens on: what a browser meets when the API is down. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const NETWORK_WORDS = 'We could not reach the care directory. Check your internet connection and try again.';

describe('<coopcare-provider-search> when a search fails or finds nothing', () => {
  test('a postcode that is not one, one we do not know and a town we do not know say so beside the field and in the summary', async () => {
    const { page } = await open();
    const cases = [
      ['12 NOT A POSTCODE', 'Enter a postcode, like HD1 2TA, the first part of one, like HD1, or a town or village, like Holmfirth.'],
      ['ZE1 0AA', 'We do not know that postcode. Check it, or enter just the first part, like HD1.'],
      ['Atlantis', 'We do not know a town or village of that name. Check the spelling, or enter a postcode, like HD1 2TA.'],
    ];
    for (const [postcode, words] of cases) {
      await page.getByLabel('Postcode').fill(postcode!);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      const summary = errorSummary(page);
      await summary.getByRole('heading', { name: 'There is a problem' }).waitFor();
      expect(await summary.getByRole('link').textContent()).toBe(words);
      expect(await page.locator('#postcode-error').textContent()).toBe(`Error: ${words}`);
      const input = page.getByLabel('Postcode');
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await input.getAttribute('aria-describedby')).toBe('postcode-hint postcode-error');
      expect(await focused(page)).toMatchObject({ tag: 'div', text: `There is a problem ${words}` });
      expect(await page.locator('[part="result"]').count()).toBe(0);
      await expectNoAxeViolations(page);
      await summary.getByRole('link').click();
      expect(await focused(page)).toMatchObject({ tag: 'input', id: 'postcode' });
    }
  });

  test('a town several places share offers each as a button; choosing one searches from it', async () => {
    const { page } = await open();
    await page.getByLabel('Postcode or town').fill('Scholes');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const words = 'We could not tell which place you mean. Choose one, or enter a postcode.';
    await errorSummary(page).getByRole('link', { name: words }).waitFor();
    expect(await page.locator('#postcode-error').textContent()).toBe(`Error: ${words}`);
    const choices = page.getByRole('group', { name: 'Which do you mean?' });
    const buttons = choices.getByRole('button');
    expect((await buttons.allTextContents()).map((b) => b.trim()).sort()).toEqual(
      ['Scholes, Cleckheaton', 'Scholes, Holme Valley', 'Scholes, Leeds'].sort(),
    );
    const holmeValley = choices.getByRole('button', { name: 'Scholes, Holme Valley' });
    // The choices take a row of their own below the fields, so the fields' controls still line up, and
    // are secondary buttons, not Search's green.
    const bottom = async (label: string) => {
      const box = (await page.getByLabel(label).boundingBox())!;
      return box.y + box.height;
    };
    expect(await bottom('Type of help')).toBeCloseTo(await bottom('Postcode or town'), 0);
    const distance = (await page.getByLabel('Distance').boundingBox())!;
    expect((await choices.boundingBox())!.y).toBeGreaterThan(distance.y + distance.height);
    expect(await holmeValley.evaluate((b) => getComputedStyle(b).backgroundColor)).toBe('rgb(243, 242, 241)');
    expect(await holmeValley.getAttribute('aria-describedby')).toMatch(/^place-choice-\d$/);
    expect(await page.locator(`#${await holmeValley.getAttribute('aria-describedby')}`).textContent()).toBe(
      'in Holme Valley, Kirklees, West Yorkshire (HD9)',
    );
    await expectNoAxeViolations(page);
    // The summary's link leads to the choices, where the way on is.
    await errorSummary(page).getByRole('link').click();
    expect(await focused(page)).toMatchObject({ tag: 'button', id: 'place-choice-button-0' });

    await holmeValley.click();
    const api = await apiSearch({ filter: { near: { postcode: 'Scholes, Holme Valley', radiusMiles: 5 } }, sort: 'DISTANCE', first: 10 });
    expect(api.totalCount).toBeGreaterThan(0);
    await resultsHeading(page, `${api.totalCount} services found`);
    expect((await shownResults(page)).map((r) => r.title)).toEqual(titlesOf(api));
    expect(await page.getByLabel('Postcode or town').inputValue()).toBe('Scholes, Holme Valley');
    expect(await errorSummary(page).count()).toBe(0);
    expect(await choices.count()).toBe(0);
    expect(await focused(page)).toMatchObject({ id: 'results-heading' });
  });

  test('a search that finds nothing says so and suggests what to change', async () => {
    const { page } = await open();
    const api = await apiSearch({
      filter: { near: { postcode: 'HD7', radiusMiles: 1 }, categories: ['transport'] },
      sort: 'DISTANCE',
      first: 10,
    });
    expect(api.totalCount).toBe(0);
    await page.getByLabel('Postcode').fill('HD7');
    await page.getByLabel('Type of help').selectOption({ label: 'Transport' });
    await page.getByLabel('Distance').selectOption({ label: 'Within 1 mile' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await resultsHeading(page, 'No services found');
    await resultsArea(page).getByText('No services match your search.').waitFor();
    await resultsArea(page).getByText('choose a longer distance than 1 mile').waitFor();
    await resultsArea(page).getByText('choose “Any type of help”').waitFor();
    expect(await focused(page)).toMatchObject({ id: 'results-heading', text: 'No services found' });
    expect(await liveRegion(page)).toBe('No services found. No services match your search.');
    await expectNoAxeViolations(page);
  });

  test('a preset type of help the directory does not know is shown at that field, announced, and focus is left alone', async () => {
    const { page } = await open('<coopcare-provider-search category="no-such-help"></coopcare-provider-search>');
    await errorSummary(page).getByText('Unknown service category: no-such-help.').waitFor();
    expect(await page.locator('#category-error').textContent()).toBe('Error: Unknown service category: no-such-help.');
    expect(await page.getByLabel('Type of help').getAttribute('aria-invalid')).toBe('true');
    expect(await alertRegion(page)).toBe('Unknown service category: no-such-help.');
    expect(await focused(page)).toMatchObject({ tag: 'body' });
    await expectNoAxeViolations(page);
  });

  test('when the directory cannot be reached the person is told, and searching again works once it can', async () => {
    const { page } = await open();
    await page.getByRole('option', { name: 'Personal care' }).waitFor({ state: 'attached' });
    await page.route(GRAPHQL, (route) => route.abort('internetdisconnected'));
    await page.getByLabel('Postcode').fill('HD1');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await errorSummary(page).getByText(NETWORK_WORDS).waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'div', text: `There is a problem ${NETWORK_WORDS}` });
    expect(await page.getByLabel('Postcode').getAttribute('aria-invalid')).toBeNull();
    await expectNoAxeViolations(page);

    await page.unroute(GRAPHQL);
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await resultsHeading(page, /services found/);
    expect(await errorSummary(page).count()).toBe(0);
  });

  test('a preset search whose API cannot be reached says so in the alert region; pointing `api` at one searches again', async () => {
    const nowhere = await closedPort();
    const { page } = await open(
      `<coopcare-provider-search postcode="HD1" api="http://127.0.0.1:${nowhere}/graphql"></coopcare-provider-search>`,
    );
    await errorSummary(page).getByText(NETWORK_WORDS).waitFor();
    expect(await alertRegion(page)).toBe(NETWORK_WORDS);
    const categoriesMissing = page.getByText('The types of help could not be loaded; you can search without one.');
    await categoriesMissing.waitFor();
    expect(await focused(page)).toMatchObject({ tag: 'body' });

    await page.evaluate((api) => document.querySelector('coopcare-provider-search')!.setAttribute('api', api), `${t.url}/graphql`);
    await resultsHeading(page, /services found/);
    await page.getByRole('option', { name: 'Personal care' }).waitFor({ state: 'attached' });
    expect(await errorSummary(page).count()).toBe(0);
    expect(await categoriesMissing.count()).toBe(0);
  });

  test('a slow answer to an earlier search never replaces a newer one, and the wait is shown in words', async () => {
    const { page } = await open();
    const slow = await holdRequest(page, (body) => body.includes('"HD7"'));
    await page.getByLabel('Postcode').fill('HD7');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await resultsArea(page).getByText('Searching for care…').waitFor();
    expect(await resultsArea(page).getAttribute('aria-busy')).toBe('true');

    await page.getByLabel('Postcode').fill('HD1');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hd1 = await apiSearch({ filter: { near: { postcode: 'HD1', radiusMiles: 5 } }, sort: 'DISTANCE', first: 10 });
    await resultsArea(page).getByText('nearest to HD1 first').waitFor();
    slow.release();
    expect(await slow.outcome).toBe('aborted');
    expect(await resultsArea(page).getByText('nearest to HD1 first').count()).toBe(1);
    expect((await shownResults(page)).map((r) => r.title)).toEqual(titlesOf(hd1));
    expect(await resultsArea(page).getAttribute('aria-busy')).toBe('false');
    expect(await resultsArea(page).getByText('Searching for care…').count()).toBe(0);
  });
});

describe('<coopcare-provider-search> past the rate limit', () => {
  const limited = useSearchPages({ rateLimitPerMinute: 4 });

  test('asks the person to wait, in words', async () => {
    const { page } = await limited.open();
    await page.getByLabel('Postcode').fill('HD1');
    // The limit counts every request from the address (the types of help too): search until it is reached,
    // a different search each time, since the browser answers a repeated one from its cache.
    for (let attempt = 0; attempt < 6 && (await errorSummary(page).count()) === 0; attempt++) {
      await page.getByLabel('What help do you need?').fill(`care ${attempt}`);
      await page.getByRole('button', { name: 'Search', exact: true }).click();
      await expect.poll(() => resultsArea(page).getAttribute('aria-busy')).toBe('false');
    }
    // The edge's 429 names no retryAfterSeconds a page may read (Retry-After is not exposed to other origins).
    expect(await errorSummary(page).locator('p').textContent()).toBe(
      'Too many requests have come from your connection. Wait a minute and try again.',
    );
    expect(await focused(page)).toMatchObject({ tag: 'div' });
  });
});

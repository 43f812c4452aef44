import { describe, expect, test } from 'vitest';
import { recordGraphQLRequests } from './support/browser.js';
import { resultsHeading, useSearchPages } from './support/provider-search.js';
import { builtWidgets } from './support/web-pages.js';

/**
 * What the widgets send (README, "Operation ids and caching"): a public search and a co-operative's page
 * go by GET with codegen's operation id and no query text, and come back marked for shared caches.
 */
const { open } = useSearchPages();
/** A server of another release: it serves the same bundle but knows none of its operation ids. */
const otherRelease = useSearchPages({ widgets: { ...builtWidgets(), persistedDocuments: {} } });

describe('the directory widgets on a partner page', () => {
  test('search and open a co-operative by GET with operation ids, never query text, and get cacheable answers', async () => {
    const markup = `<coopcare-provider-search></coopcare-provider-search><coopcare-provider hidden></coopcare-provider>`;
    const script = `const provider = document.querySelector('coopcare-provider');
document.querySelector('coopcare-provider-search').addEventListener('coopcare-select', (event) => {
  provider.setAttribute('provider-id', event.detail.providerId);
  provider.hidden = false;
});`;
    const cacheControl: string[] = [];
    const { page, consoleErrors } = await open(markup, {
      script,
      beforeLoad: async (page) =>
        void page.on('response', (res) => {
          if (new URL(res.url()).pathname === '/graphql') cacheControl.push(res.headers()['cache-control'] ?? '');
        }),
    });
    const sent = recordGraphQLRequests(page);
    await page.getByLabel('Postcode').fill('HD7');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await resultsHeading(page, /services found/);
    await page.locator('coopcare-provider-search [part="result"] h3 button').first().click();
    await page.locator('coopcare-provider h2').first().waitFor();

    expect(sent.map((r) => r.operationName)).toEqual(expect.arrayContaining(['ProviderSearchServices', 'ProviderPage']));
    for (const request of sent) {
      expect(request).toMatchObject({ method: 'GET', hasQueryText: false, token: false, id: expect.stringMatching(/^[0-9a-f]{64}$/) });
    }
    expect(cacheControl.length).toBeGreaterThanOrEqual(3);
    expect(new Set(cacheControl)).toEqual(new Set(['public, max-age=60, s-maxage=300']));
    expect(consoleErrors).toEqual([]);
  });
});

describe('the widgets against a server that does not know their ids', () => {
  test('a search is asked again with its text, and works', async () => {
    const { page, consoleErrors } = await otherRelease.open();
    const sent = recordGraphQLRequests(page);
    await page.getByLabel('Postcode').fill('HD7');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await resultsHeading(page, /services found/);
    const searches = sent.filter((r) => r.operationName === 'ProviderSearchServices');
    expect(searches.map(({ method, hasQueryText }) => ({ method, hasQueryText }))).toEqual([
      { method: 'GET', hasQueryText: false },
      { method: 'POST', hasQueryText: true },
    ]);
    expect(consoleErrors).toEqual([]);
  });
});

import type { Page } from 'playwright-core';
import { onTestFinished } from 'vitest';
import type { TestAppOptions } from '../harness.js';
import { useTestApp } from './app.js';
import { openPage, partnerPage, useBrowser, usePartnerSite } from './browser.js';

/**
 * What the `<coopcare-provider-search>` tests share: the demo app, one Chromium and a partner site on
 * another origin for the file; pages holding the widget; and the API's own answer to compare each
 * page of results with.
 */
export interface FoundEdge {
  distanceMiles: number | null;
  node: {
    id: string;
    name: string;
    hourlyRatePence: number;
    acceptsDirectPayments: boolean;
    category: { name: string };
    provider: { id: string; slug: string; name: string; cqcRating: string; isCooperative: boolean; paysRealLivingWage: boolean };
  };
}
export interface Found {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  edges: FoundEdge[];
}

const SEARCH = `query($filter: ServiceFilter, $sort: ServiceSort, $first: Int, $after: String) {
  services(filter: $filter, sort: $sort, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { distanceMiles node { id name hourlyRatePence acceptsDirectPayments category { name }
      provider { id slug name cqcRating isCooperative paysRealLivingWage } } }
  }
}`;

export const EMPTY_SEARCH = '<coopcare-provider-search></coopcare-provider-search>';

export function useSearchPages(options: TestAppOptions = {}) {
  const t = useTestApp({ seeded: true, ...options });
  const chromium = useBrowser();
  const site = usePartnerSite();
  let pages = 0;
  return {
    t,
    site,
    /** The API's answer to a search, for what the widget should show. */
    async apiSearch(variables: Record<string, unknown>): Promise<Found> {
      const res = await t.gql<{ services: Found }, unknown>(SEARCH, variables);
      if (!res.data) throw new Error(JSON.stringify(res.errors));
      return res.data.services;
    },
    /** The widget on a fresh partner page (its own context, closed when the test ends). */
    async open(markup = EMPTY_SEARCH, options: { width?: number; script?: string; beforeLoad?: (page: Page) => Promise<void> } = {}) {
      const opened = await openPage(chromium.browser, { width: options.width });
      onTestFinished(() => opened.context.close());
      await options.beforeLoad?.(opened.page);
      await opened.page.goto(site.page(`/search-${++pages}`, partnerPage(t.url, markup, { script: options.script })));
      return opened;
    },
  };
}

/** Each result as a resident reads it. */
export function shownResults(page: Page) {
  return page.locator('[part="result"]').evaluateAll((items) =>
    items.map((item) => {
      const text = (selector: string) => item.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim();
      return {
        title: text('h3 button'),
        provider: text('.provider'),
        facts: Object.fromEntries(
          [...item.querySelectorAll('.facts div')].map((pair) => [pair.children[0]!.textContent, pair.children[1]!.textContent]),
        ),
        badges: [...item.querySelectorAll('[part="badge"]')].map((badge) => badge.textContent),
      };
    }),
  );
}

/** The results and their counts, not the live region that repeats them. */
export const resultsArea = (page: Page) => page.locator('coopcare-provider-search .results-area');
export const liveRegion = (page: Page) => page.locator('coopcare-provider-search [role="status"]').textContent();
export const alertRegion = (page: Page) => page.locator('coopcare-provider-search [role="alert"]').textContent();
export const errorSummary = (page: Page) => page.locator('coopcare-provider-search [part="error-summary"]');
/** Waits for the results heading to say `name`. */
export const resultsHeading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 2, name }).waitFor();

const CQC: Record<string, string> = {
  OUTSTANDING: 'CQC rating: Outstanding',
  GOOD: 'CQC rating: Good',
  REQUIRES_IMPROVEMENT: 'CQC rating: Requires improvement',
  INADEQUATE: 'CQC rating: Inadequate',
  NOT_YET_RATED: 'CQC rating: not yet rated',
  NOT_REGULATED: 'No CQC rating: CQC does not inspect this kind of help',
};

/** A result as the widget should show the API's edge. */
export function expectedResult(edge: FoundEdge) {
  const { node } = edge;
  const miles = edge.distanceMiles === null ? null : Number(edge.distanceMiles.toFixed(1));
  return {
    title: node.name,
    provider: node.provider.name,
    facts: {
      ...(miles === null ? {} : { Distance: `${miles} ${miles === 1 ? 'mile' : 'miles'} away` }),
      Price: node.hourlyRatePence === 0 ? 'Free' : `£${(node.hourlyRatePence / 100).toFixed(2)} an hour`,
      'Type of help': node.category.name,
      Quality: CQC[node.provider.cqcRating],
    },
    badges: [
      node.provider.isCooperative && 'Co-operative',
      node.provider.paysRealLivingWage && 'Pays the Real Living Wage',
      node.acceptsDirectPayments && 'Takes direct payments',
    ].filter(Boolean),
  };
}

export const titlesOf = (found: Found) => found.edges.map((edge) => edge.node.name);

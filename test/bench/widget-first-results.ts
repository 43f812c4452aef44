import 'reflect-metadata';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { projectRoot } from '../../api/config.js';
import { seedDemoData } from '../../api/demo/seed.js';
import { createServices } from '../../api/modules.js';
import { createApp } from '../../api/server.js';
import type { WidgetBuild } from '../../api/web/widget-bundle.js';
import { launchChromium, partnerPage, startPartnerSite } from '../support/browser.js';
import { withBenchDatabase } from './bench-database.js';
import { summarise } from './percentiles.js';

/**
 * What a resident waits for: from navigation start on a partner's page (another localhost origin)
 * holding `<coopcare-provider-search postcode="HD1">` to its first result in the widget's shadow
 * root, over the Kirklees demo data. Each load is a fresh Chromium context, so the bundle, the types
 * of help and the search all cross the network as on a first visit; one load first, not counted,
 * warms the API and PostgreSQL. Times are the page's own clock (`performance.now()`, whose zero is
 * the navigation's start), never Node's.
 */
const LOADS = Number(process.env.BENCH_WIDGET_LOADS ?? 10);
const MARKUP = '<coopcare-provider-search postcode="HD1"></coopcare-provider-search>';

/**
 * Runs in the page before its own scripts: once the widget has its shadow root, a MutationObserver
 * there notes the moment the first result is put in, in the same task as the render that adds it.
 */
const WATCH_FOR_FIRST_RESULT = `(() => {
  const found = (root) => {
    if (root.querySelector('[part="result"]') && window.__coopcareFirstResult === undefined) {
      window.__coopcareFirstResult = performance.now();
    }
  };
  const watch = () => {
    const root = document.querySelector('coopcare-provider-search')?.shadowRoot;
    if (!root) return void requestAnimationFrame(watch);
    new MutationObserver(() => found(root)).observe(root, { childList: true, subtree: true });
    found(root);
  };
  watch();
})();`;

export interface FirstResults {
  loads: number;
  median: number;
  p95: number;
  bundle: WidgetBuild;
}

export async function measureFirstResults(): Promise<FirstResults> {
  // The bench is compiled into dist/, the build script is not: it is loaded from the project itself.
  const { buildWidgets }: typeof import('../../scripts/build-widgets.mjs') = await import(
    pathToFileURL(path.join(projectRoot, 'scripts', 'build-widgets.mjs')).href
  );
  const bundle = await buildWidgets({ quiet: true });

  return withBenchDatabase('widgets', { poolSize: 10 }, async (db) => {
    const services = createServices(db);
    await seedDemoData(services);
    const app = await createApp({ services, config: { publicRateLimitPerMinute: 1_000_000, nodeEnv: 'production' }, log: () => {} });
    const { server, url } = await app.listen(0, '127.0.0.1');
    const site = await startPartnerSite();
    const browser = await launchChromium();
    try {
      const pageUrl = site.page('/find-care', partnerPage(url, MARKUP));
      const load = async () => {
        const context = await browser.newContext({ locale: 'en-GB', timezoneId: 'Europe/London' });
        try {
          await context.addInitScript({ content: WATCH_FOR_FIRST_RESULT });
          const page = await context.newPage();
          await page.goto(pageUrl);
          const handle = await page.waitForFunction(() => (window as { __coopcareFirstResult?: number }).__coopcareFirstResult, null, {
            timeout: 30_000,
          });
          return (await handle.jsonValue()) as number;
        } finally {
          await context.close();
        }
      };
      await load();
      const times: number[] = [];
      for (let i = 0; i < LOADS; i++) times.push(await load());
      const { median, p95, n } = summarise(times);
      return { loads: n, median, p95, bundle };
    } finally {
      await browser.close();
      await site.close();
      server.closeAllConnections();
      server.close();
      await app.apollo.stop();
    }
  });
}

export function describeFirstResults(result: FirstResults): string {
  const { bundle } = result;
  return `
Widgets: page load to first results, Kirklees demo data
(${MARKUP} on a page of another localhost origin;
${result.loads} loads, each in a fresh Chromium context, after one not counted)
  navigation start to first result   median ${result.median.toFixed(0)} ms   p95 ${result.p95.toFixed(0)} ms
  bundle ${bundle.file}   ${bundle.bytes} bytes, ${bundle.gzipBytes} gzipped, ${bundle.brotliBytes} brotli (${bundle.widgets.join(', ')})`;
}

export function tabulateFirstResults(r: FirstResults): { measure: string; value: string }[] {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
  return [
    {
      measure: 'widget bundle: gzipped (brotli, raw)',
      value: `${kb(r.bundle.gzipBytes)} (${kb(r.bundle.brotliBytes)}, ${kb(r.bundle.bytes)})`,
    },
    {
      measure: `Chromium, navigation to first result over ${r.loads} loads: p50 / p95`,
      value: `${r.median.toFixed(0)} ms / ${r.p95.toFixed(0)} ms`,
    },
  ];
}

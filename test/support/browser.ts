import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import axe from 'axe-core';
import { type Browser, type BrowserContext, chromium, type Page, type Request } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';

/** Debian's Chromium: the tests never download a browser (README, "Tests"). */
export const CHROMIUM = '/usr/bin/chromium';

/** The flags a headless Chromium needs on a machine without a sandbox or outside network. */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `The widgets' browser tests need Debian's Chromium at ${CHROMIUM}: install it with \`sudo apt-get install chromium\` ` +
        '(.ci/run does this when it is missing). The tests never download a browser.',
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
}

/** One Chromium for the enclosing describe (or file); each test opens its own context from it. */
export function useBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (!browser) throw new Error('useBrowser: Chromium starts in beforeAll; use it inside a test or hook');
      return browser;
    },
  };
}

/**
 * A partner's web site on its own origin (`http://localhost:<port>`, where the API under test is
 * `http://127.0.0.1:<port>`): the pages a council or charity would write, loading the widgets from
 * the API by one script tag, so every request the widgets make crosses origins as it would live.
 */
export interface PartnerSite {
  readonly origin: string;
  /** Serves `html` at `path` (from now on, replacing what was there). */
  page(path: string, html: string): string;
  close(): Promise<void>;
}

export async function startPartnerSite(): Promise<PartnerSite> {
  const pages = new Map<string, string>();
  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    // Browsers ask every site for an icon; a 404 would show as a console error in every test.
    if (path === '/favicon.ico') return void res.writeHead(204).end();
    const html = pages.get(path);
    res.writeHead(html ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' }).end(html ?? 'Not found');
  });
  await new Promise<void>((resolve) => server.listen(0, 'localhost', resolve));
  const origin = `http://localhost:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    page(path, html) {
      pages.set(path, html);
      return `${origin}${path}`;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export function usePartnerSite(): PartnerSite {
  let site: PartnerSite | undefined;
  beforeAll(async () => {
    site = await startPartnerSite();
  });
  afterAll(async () => {
    await site?.close();
  });
  const current = () => {
    if (!site) throw new Error('usePartnerSite: the site starts in beforeAll; use it inside a test or hook');
    return site;
  };
  return {
    get origin() {
      return current().origin;
    },
    page: (path, html) => current().page(path, html),
    close: () => current().close(),
  };
}

/**
 * A partner's page as an editor would paste it: a title, a heading, one script tag from the API's
 * `/widgets/coopcare.js` and the given markup inside `<main>`. `script` is the page's own code, if any.
 */
export function partnerPage(apiUrl: string, body: string, options: { title?: string; script?: string } = {}): string {
  const title = options.title ?? 'Find care and support';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title}</title>
<script type="module" src="${apiUrl}/widgets/coopcare.js"></script>
</head>
<body>
<main>
<h1>${title}</h1>
${body}
</main>
${options.script ? `<script type="module">${options.script}</script>` : ''}
</body>
</html>`;
}

/**
 * A fresh context (no cookies or storage shared with other tests) and a page in it; browser console
 * errors and failed requests are collected so a test can say none happened.
 */
export async function openPage(
  browser: Browser,
  options: { width?: number; height?: number; deviceScaleFactor?: number } = {},
): Promise<{ context: BrowserContext; page: Page; consoleErrors: string[] }> {
  const context = await browser.newContext({
    viewport: { width: options.width ?? 1024, height: options.height ?? 800 },
    deviceScaleFactor: options.deviceScaleFactor ?? 1,
    locale: 'en-GB',
    timezoneId: 'Europe/London',
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  return { context, page, consoleErrors };
}

/**
 * The content security policy violations the page reports from now on (directive and blocked address),
 * collected before any of its scripts run: a test of a page's policy expects none.
 */
export async function cspViolations(page: Page): Promise<string[]> {
  const violations: string[] = [];
  await page.exposeFunction('reportViolation', (directive: string) => violations.push(directive));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportViolation(d: string): void }).reportViolation(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  return violations;
}

/** The WCAG 2.2 AA rules and every level below them, as axe-core tags them. */
const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

/**
 * Runs axe-core in the page as it stands (it walks into the widgets' open shadow roots) and fails
 * with each violation's rule and the elements at fault.
 */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Evaluated rather than added as a <script>: a page's content security policy refuses inline scripts,
  // and does not bind what the test runs through DevTools.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axe.source);
  const violations = await page.evaluate(async (tags) => {
    const result = await (
      window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: axe.Result[] }> } }
    ).axe.run(document, { runOnly: { type: 'tag', values: tags } });
    return result.violations.map((v) => ({ rule: v.id, help: v.help, targets: v.nodes.map((n) => n.target.join(' ')) }));
  }, WCAG_22_AA);
  expect(violations).toEqual([]);
}

/**
 * Whether anything on the page is wider than the viewport (a page that scrolls sideways fails WCAG
 * 1.4.10 Reflow at 320 CSS pixels): the widths of the document and the viewport.
 */
export async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; viewportWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, viewportWidth: window.innerWidth }));
}

/** The element that has focus, followed into open shadow roots. */
export interface Focused {
  /** Lower case: `button`, `h2`, `body`. */
  tag: string;
  id: string;
  /** Its text, with runs of white space as one space. */
  text: string;
  /** Its `aria-label`, else its text: what a screen reader names it. */
  name: string;
  part: string;
}

export function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    let element = document.activeElement;
    while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
    const text = element?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
    return {
      tag: element?.tagName.toLowerCase() ?? '',
      id: element?.id ?? '',
      text,
      name: element?.getAttribute('aria-label') ?? text,
      part: element?.getAttribute('part') ?? '',
    };
  });
}

/**
 * Presses Tab, as a keyboard-only user would, until the element with focus has every property of
 * `wanted`; fails saying where focus was when a natural tab order never reaches it.
 */
export async function tabTo(page: Page, wanted: Partial<Focused>): Promise<void> {
  const reached = (f: Focused) => Object.entries(wanted).every(([key, value]) => f[key as keyof Focused] === value);
  for (let presses = 0; presses < 80; presses++) {
    await page.keyboard.press('Tab');
    if (reached(await focused(page))) return;
  }
  throw new Error(`Tab never reached ${JSON.stringify(wanted)}; focus is on ${JSON.stringify(await focused(page))}`);
}

/** Every request to coopcare's /graphql, whatever its query string: the widgets send queries as GETs. */
export const GRAPHQL = (url: URL): boolean => url.pathname === '/graphql';

/** What a /graphql request says: a POST's body, or a GET's decoded query string (operation name and variables). */
export const graphQLPayload = (request: Request): string => request.postData() ?? decodeURIComponent(new URL(request.url()).search);

/** One request the page sent to /graphql, as a test of the widgets' protocol reads it. */
export interface SentGraphQL {
  method: string;
  operationName: string | null;
  /** The document's text went with it (a `query` parameter or body field), not just its id. */
  hasQueryText: boolean;
  /** Its persisted-query id, when it went by id. */
  id: string | null;
  token: boolean;
}

/** The GET parameters of a GraphQL request that hold JSON (`query` and `operationName` are plain text). */
const JSON_PARAMETERS = new Set(['variables', 'extensions']);

/** The page's /graphql requests from now on, in the order it sent them. */
export function recordGraphQLRequests(page: Page): SentGraphQL[] {
  const sent: SentGraphQL[] = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (!GRAPHQL(url) || request.method() === 'OPTIONS') return;
    const fields: Record<string, unknown> =
      request.method() === 'GET'
        ? Object.fromEntries([...url.searchParams].map(([name, value]) => [name, JSON_PARAMETERS.has(name) ? JSON.parse(value) : value]))
        : JSON.parse(request.postData() ?? '{}');
    const extensions = fields.extensions as { persistedQuery?: { sha256Hash?: string } } | undefined;
    sent.push({
      method: request.method(),
      operationName: typeof fields.operationName === 'string' ? fields.operationName : null,
      hasQueryText: 'query' in fields,
      id: extensions?.persistedQuery?.sha256Hash ?? null,
      token: request.headers().authorization !== undefined,
    });
  });
  return sent;
}

export interface HeldRequest {
  /** Settles once the request is held. */
  held: Promise<void>;
  /** Lets the held request go on to coopcare. */
  release(): void;
  /** Whether the page gave the request up (as a widget must an answer it no longer wants) or took its answer. */
  outcome: Promise<'aborted' | 'answered'>;
}

/**
 * Holds back the page's first GraphQL request whose payload (graphQLPayload) `matches` until `release()`. A
 * test of a superseded request releases it once the newer answer shows, then waits for `outcome`: a fact,
 * where a fixed wait would pass whenever the old answer comes later than the wait on a busy machine.
 */
export async function holdRequest(page: Page, matches: (body: string) => boolean): Promise<HeldRequest> {
  let release = () => {};
  const released = new Promise<void>((resolve) => {
    release = resolve;
  });
  let isHeld = () => {};
  const held = new Promise<void>((resolve) => {
    isHeld = resolve;
  });
  let request: Request | undefined;
  const outcome = new Promise<'aborted' | 'answered'>((resolve) => {
    page.on('requestfailed', (failed) => failed === request && resolve('aborted'));
    page.on('requestfinished', (finished) => finished === request && resolve('answered'));
  });
  await page.route(GRAPHQL, async (route) => {
    if (!request && matches(graphQLPayload(route.request()))) {
      request = route.request();
      isHeld();
      await released;
    }
    // An aborted request can no longer be continued.
    await route.continue().catch(() => undefined);
  });
  return { held, release, outcome };
}

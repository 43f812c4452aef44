import fs from 'node:fs';
import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { expectNoAxeViolations, horizontalOverflow, openPage, useBrowser } from './support/browser.js';
import { decodeEntities } from './support/web-pages.js';

/** GET /graphql in a browser, and the schema at /schema.graphql: what a partner finds without the internet. */
const t = useTestApp();
const chromium = useBrowser();

describe('GET /graphql', () => {
  test('a browser gets a page of this server saying how to query the API, with no script', async () => {
    const res = await fetch(`${t.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('vary')).toContain('Accept');
    const policy = res.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/^default-src 'none';/);
    expect(policy).not.toContain('script-src');
    const html = decodeEntities(await res.text());
    expect(html).not.toMatch(/<script|apollographql|https:\/\/fonts/);
    expect(html).toContain(`curl -s -G ${t.url}/graphql`);
    expect(html).toContain(`curl -s ${t.url}/graphql -H 'content-type: application/json'`);
    for (const link of ['/schema.graphql', '/oruk/', '/embed']) expect(html).toContain(`href="${link}"`);
    expect(html).toContain('"How a council obtains an API key"');
  });

  test('a client that accepts anything still gets GraphQL, not the page', async () => {
    const res = await fetch(`${t.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, { headers: { accept: '*/*' } });
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual({ data: { __typename: 'Query' } });
  });

  test('the page renders offline, passes axe and fits a 320 px screen', async () => {
    const { page, context, consoleErrors } = await openPage(chromium.browser, { width: 320, height: 640 });
    const outside: string[] = [];
    const failed: string[] = [];
    await context.route(
      (url) => url.hostname !== '127.0.0.1' && url.hostname !== 'localhost',
      (route) => {
        outside.push(route.request().url());
        return route.abort('internetdisconnected');
      },
    );
    page.on('requestfailed', (request) => failed.push(request.url()));
    await page.goto(`${t.url}/graphql`);
    await page.getByRole('heading', { level: 1, name: "coopcare's GraphQL API" }).waitFor();
    await expectNoAxeViolations(page);
    const { scrollWidth, viewportWidth } = await horizontalOverflow(page);
    expect(scrollWidth).toBeLessThanOrEqual(viewportWidth);
    expect({ outside, failed, consoleErrors }).toEqual({ outside: [], failed: [], consoleErrors: [] });
    await context.close();
  });
});

describe('GET /schema.graphql', () => {
  test('is the live schema, the same as the committed schema/schema.graphql, as text any page may read', async () => {
    const res = await fetch(`${t.url}/schema.graphql`, { headers: { origin: 'https://carers.example' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=300');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(await res.text()).toBe(fs.readFileSync('schema/schema.graphql', 'utf8'));
  });
});

import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { projectRoot } from '../api/config.js';
import { useTestApp } from './support/app.js';
import { builtWidgets, decodeEntities } from './support/web-pages.js';

/**
 * The council page at `/` over HTTP: a page a council would write around the widgets, loading the
 * bundle by its content-hashed address with its integrity, its own code from this server, and saying
 * what to do without JavaScript. (In Chromium: test/council-page-in-chromium.test.ts.)
 */

const BUILD = builtWidgets().build;
const SCRIPT = fs.readFileSync(path.join(projectRoot, 'api', 'web', 'council-page.client.js'));

describe('with the demo data', () => {
  const t = useTestApp({ seeded: true, demo: true });

  test('is the council’s own page: header, skip link, heading, the search, and help by phone', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await res.text();
    expect(html).toMatch(/^<!doctype html>\n<html lang="en-GB">/);
    expect(html).toContain('<title>Find care and support – Kirklees Council</title>');
    expect(html).toContain('<p class="council">Kirklees Council</p>\n<p>Adult social care</p>');
    expect(html).toContain('<a class="skip-link" href="#main-content">Skip to main content</a>');
    expect(html).toContain('<main id="main-content" class="width">');
    expect(html).toContain('<h1>Find care and support</h1>');
    expect(html).toMatch(/<coopcare-provider-search page-size="10">.*<\/coopcare-provider-search>/);
    expect(html).toContain('<a href="/embed">Add this search to your own website</a>');
    // The regions the page's code fills, their headings ready to take focus.
    expect(html).toContain('<h2 id="provider-heading" tabindex="-1">');
    expect(html).toContain('<h2 id="booking-heading" tabindex="-1">');
  });

  test('loads the widgets by their content-hashed address with their integrity, and its own code from this server', async () => {
    const html = await (await fetch(`${t.url}/`)).text();
    expect(html).toContain(`<script type="module" src="/widgets/${BUILD.file}" integrity="${BUILD.integrity}"></script>`);
    const integrity = `sha384-${createHash('sha384').update(SCRIPT).digest('base64')}`;
    expect(html).toContain(`<script type="module" src="/council-page.js" integrity="${integrity}"></script>`);
    expect(html).not.toMatch(/<script(?! type="module" src="\/)/);

    const script = await fetch(`${t.url}/council-page.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(script.headers.get('cache-control')).toBe('no-cache');
    expect(Buffer.from(await script.arrayBuffer()).equals(SCRIPT)).toBe(true);
    const bundle = await fetch(`${t.url}/widgets/${BUILD.file}`);
    expect(bundle.status).toBe(200);
  });

  test('without JavaScript, says what the page needs and gives the council’s phone number', async () => {
    const html = await (await fetch(`${t.url}/`)).text();
    const noscript = /<noscript>(.*?)<\/noscript>/s.exec(html)?.[1] ?? '';
    expect(noscript).toContain('need JavaScript');
    expect(noscript).toContain('call Community Health and Social Care on <a href="tel:+443003045555">0300 304 5555</a>');
  });

  test('offers the demo sign-in, saying it is demo data, with a button for each consenting demo resident', async () => {
    // Read as a browser shows it: entities decoded, each run of spaces and line breaks one space.
    const html = decodeEntities(await (await fetch(`${t.url}/`)).text()).replace(/\s+/g, ' ');
    expect(html).toContain('<h2 id="demo-heading">Try booking as a demo resident</h2>');
    expect(html).toContain('The residents, their budgets and their bookings are made up, and no care will be arranged.');
    expect(html).toContain('<button type="button" class="secondary" data-person="margaret">Try as Margaret Hirst</button>');
    expect(html).toContain('Margaret Hirst has a personal budget the council manages for her');
    expect(html).toContain('<button type="button" class="secondary" data-person="arthur">Try as Arthur Beaumont</button>');
    expect(html).not.toContain('data-person="joan"');
    expect(html).toContain('<div id="demo-error" class="error-summary" role="alert" tabindex="-1"></div>');
    expect(html).toContain('<p id="demo-status" role="status"></p>');
    expect(html).toContain('To book, choose a demo resident first');
  });
});

describe('without the demo data', () => {
  const t = useTestApp({ seeded: true });

  test('sends residents who want to book to the phone, not to a demo', async () => {
    const html = await (await fetch(`${t.url}/`)).text();
    expect(html).toContain('<h1>Find care and support</h1>');
    expect(html).toContain('To book from your personal budget, call Community Health and Social Care');
    expect(html).not.toContain('demo');
  });
});

describe('when the widgets are not built', () => {
  const t = useTestApp({ widgets: null });

  test('says the search is not available and how to get help, and loads no script', async () => {
    const res = await fetch(`${t.url}/`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(
      'The care search is not available at the moment. To find care and support, call Community Health and Social Care',
    );
    expect(html).not.toContain('<script');
  });
});

import { describe, expect, test } from 'vitest';
import { describe as describeMarkdown, elementSection, readElementsManifest } from '../api/web/elements-reference.js';
import { useTestApp } from './support/app.js';
import { builtWidgets, decodeEntities, FIXTURE_MANIFEST, rawGet, widgetsWithFixtureManifest } from './support/web-pages.js';

/**
 * `/embed`: copy-paste snippets that work from another site (this server's absolute address, as the
 * request and trusted proxies give it, escaped), and a reference generated from the custom-elements
 * manifest, whatever it holds.
 */

const BUILD = builtWidgets().build;

/** GET with a Host header of the test's choosing: the page's text. */
const getWithHost = async (url: string, host: string, headers: Record<string, string> = {}) =>
  (await rawGet(url, { host, ...headers })).body.toString('utf8');

describe('served with the widgets this worktree builds', () => {
  const t = useTestApp();

  test('gives the script tag and the elements with this server’s absolute address, ready to paste into another site', async () => {
    const res = await fetch(`${t.url}/embed`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = decodeEntities(await res.text());
    expect(html).toContain('<h1>Add care search and booking to your website</h1>');
    expect(html).toContain(`<pre><code><script type="module" src="${t.url}/widgets/coopcare.js"></script></code></pre>`);
    expect(html).toContain(`src="${t.url}/widgets/${BUILD.file}"\n        integrity="${BUILD.integrity}" crossorigin="anonymous">`);
    for (const element of ['coopcare-provider-search', 'coopcare-provider', 'coopcare-booking', 'coopcare-budget']) {
      expect(html).toContain(`<${element} `);
    }
    expect(html).toContain('radius-miles="5"');
    expect(html).toContain('session-token="BOOKING_TOKEN"');
    expect(html).toContain("addEventListener('coopcare-select'");
    expect(html).toContain("addEventListener('coopcare-session-expired'");
  });

  test('shows how a partner’s server mints a widget session, with curl and graphql-request, and where the example is', async () => {
    const html = decodeEntities(await (await fetch(`${t.url}/embed`)).text());
    expect(html).toContain(`curl -s ${t.url}/graphql \\`);
    expect(html).toContain(`-H "x-api-key: $COOPCARE_API_KEY"`);
    expect(html).toContain('createWidgetSession(input: $i) { token expiresAt }');
    expect(html).toContain(`new GraphQLClient('${t.url}/graphql'`);
    expect(html).toContain('examples/partner-charity/');
    expect(html).toContain('Never put the API key itself in a web page.');
  });

  test('shows theming with the shared theme’s custom properties, read from the manifest', async () => {
    const html = decodeEntities(await (await fetch(`${t.url}/embed`)).text());
    expect(html).toContain('--coopcare-button-colour: #4c2c92;');
    expect(html).toContain('<caption>Custom properties every coopcare element takes</caption>');
    expect(html).toContain('<tr><th scope="row"><code>--coopcare-focus-colour</code></th><td>Focus highlight (default #ffdd00).</td></tr>');
    expect(html).toContain('<a href="/widgets/custom-elements.json">custom elements manifest</a>');
  });

  test('uses the address a trusted proxy reports, and escapes a Host header that would break out of the page', async () => {
    // The test app trusts loopback as a proxy.
    const proxied = decodeEntities(
      await getWithHost(`${t.url}/embed`, 'internal:4000', { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'care.kirklees.example' }),
    );
    expect(proxied).toContain('src="https://care.kirklees.example/widgets/coopcare.js"');
    expect(proxied).not.toContain('internal:4000');

    const unparseable = await getWithHost(`${t.url}/embed`, 'x<script>');
    expect(unparseable).not.toContain('<script>');
    expect(decodeEntities(unparseable)).toContain('src="https://coopcare.example/widgets/coopcare.js"');
  });

  test('never puts a Host that is not a plain host name into a snippet, where a copy would carry it into another site', async () => {
    // Escaped in this page, but a reader copies the text: a quote would add an attribute to their
    // script tag, and a semicolon or quote would run a command in the curl line.
    const hostile: ({ host: string } & Record<string, string>)[] = [
      { host: 'x"onmouseover=alert(1)' },
      { host: "x'+alert(1)+'" },
      { host: 'x;id' },
      { host: 'x`id`' },
      { host: 'x$(id)' },
      { host: 'internal:4000', 'x-forwarded-host': 'x"onload="alert(1)' },
      { host: 'internal:4000', 'x-forwarded-proto': 'javascript', 'x-forwarded-host': 'care.kirklees.example' },
    ];
    for (const { host, ...headers } of hostile) {
      const html = decodeEntities(await getWithHost(`${t.url}/embed`, host, headers));
      expect(html, JSON.stringify({ host, ...headers })).toContain('src="https://coopcare.example/widgets/coopcare.js"');
      expect(html).toContain("new GraphQLClient('https://coopcare.example/graphql'");
      expect(html).not.toContain('alert(1)');
      expect(html).not.toMatch(/\bx(;id|`id`|\$\(id\))/);
    }
    for (const host of ['care.kirklees.example:8443', '[::1]:4000', 'localhost']) {
      expect(decodeEntities(await getWithHost(`${t.url}/embed`, host))).toContain(`src="http://${host}/widgets/coopcare.js"`);
    }
  });

  test('is not kept by a shared cache, which would hand one request’s address to everyone', async () => {
    const { headers } = await rawGet(`${t.url}/embed`, { host: 'internal:4000', 'x-forwarded-host': 'elsewhere.example' });
    expect(headers['cache-control']).toBe('private, no-cache');
  });

  test('links to it from the council page', async () => {
    expect(await (await fetch(`${t.url}/`)).text()).toContain('<a href="/embed">');
  });
});

describe('generated from a manifest with elements', () => {
  const t = useTestApp({ widgets: widgetsWithFixtureManifest() });

  test('has a table each of every element’s attributes, events, parts and own custom properties', async () => {
    const html = decodeEntities(await (await fetch(`${t.url}/embed`)).text());
    expect(html).toContain('<li><a href="#coopcare-fixture-search"><coopcare-fixture-search></a></li>');
    expect(html).toContain('<h3 id="coopcare-fixture-search"><code><coopcare-fixture-search></code></h3>');
    expect(html).toContain('<p>Search the directory of co-op care.</p>\n<p>A council pastes this element into any page.</p>');
    expect(html).toContain('<caption>Attributes of coopcare-fixture-search</caption>');
    expect(html).toContain(
      '<tr><th scope="row"><code>radius-miles</code><br><span class="hint">property <code>radiusMiles</code></span></th>' +
        '<td>How far to search, in miles.<br>Type: <code>number</code>. Default: <code>10</code>.</td></tr>',
    );
    // A default the code computes says nothing to a reader; the description says it instead.
    expect(html).toContain('by default <code>/graphql</code> on the origin the script was loaded from.<br>Type: <code>string</code>.</td>');
    expect(html).toContain(
      '<tr><th scope="row"><code>coopcare-select</code></th><td>A result was chosen: `detail`'.replace('`detail`', '<code>detail</code>'),
    );
    expect(html).toContain('<caption>Parts of coopcare-fixture-search you can style with ::part()</caption>');
    expect(html).toContain('<tr><th scope="row"><code>form</code></th><td>The search form.</td></tr>');
    expect(html).toContain('<caption>Custom properties of coopcare-fixture-budget</caption>');
    expect(html).toContain('<code>--coopcare-fixture-bar-colour</code>');
    // The theme's properties once, not under every element; the theming example names a real part.
    expect(html.match(/<code>--coopcare-button-colour<\/code>/g)).toHaveLength(1);
    expect(html).toContain('coopcare-fixture-search::part(form) {');
  });

  test('escapes what the manifest says', async () => {
    const html = await (await fetch(`${t.url}/embed`)).text();
    expect(html).toContain('Results per page &#60;b&#62;bold&#60;/b&#62;.');
    expect(html).not.toContain('<b>bold</b>');
  });
});

describe('reading the manifest', () => {
  test('finds the elements (by tag name) and the shared theme, and drops events a page cannot listen for', () => {
    const reference = readElementsManifest(FIXTURE_MANIFEST);
    expect(reference.elements.map((e) => e.tagName)).toEqual(['coopcare-fixture-budget', 'coopcare-fixture-search']);
    expect(reference.themeProperties).toHaveLength(18);
    const search = reference.elements[1]!;
    expect(search.attributes.map((a) => [a.name, a.property, a.defaultValue])).toEqual([
      ['postcode', 'postcode', null],
      ['radius-miles', 'radiusMiles', '10'],
      ['page-size', 'pageSize', '10'],
      ['api', 'api', null],
    ]);
    expect(search.events.map((e) => e.name)).toEqual(['coopcare-select']);
    expect(reference.elements[0]!.cssProperties.map((p) => p.name)).toEqual(['--coopcare-fixture-bar-colour']);
  });

  test('a missing, broken or strange manifest documents nothing, and never throws', () => {
    for (const source of [null, '', '{', 'null', '[]', '{"modules": 5}', '{"modules": [{"declarations": [null, 7, {"kind": "class"}]}]}']) {
      expect(readElementsManifest(source), String(source)).toEqual({ elements: [], themeProperties: [] });
    }
    const odd = readElementsManifest(
      JSON.stringify({
        modules: [
          { declarations: [{ kind: 'class', customElement: true, tagName: 'coopcare-odd', attributes: [{}, { name: 'x', type: 5 }] }] },
        ],
      }),
    );
    expect(odd.elements[0]!.attributes).toEqual([{ name: 'x', description: '', property: null, type: null, defaultValue: null }]);
    expect(elementSection({ ...odd.elements[0]!, attributes: [] })).toContain('This element documents no attributes, events or parts.');
  });

  test('keeps code spans as code and nothing else as markup', () => {
    expect(describeMarkdown('Set `radius-miles` to <b>5</b> & go')).toBe(
      'Set <code>radius-miles</code> to &#60;b&#62;5&#60;/b&#62; &#38; go',
    );
  });
});

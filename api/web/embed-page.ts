import type express from 'express';
import { normaliseOrigin } from '../auth/origins.js';
import { type ElementsReference, elementSection, themeTable } from './elements-reference.js';
import { councilLayout, escapeHtml, snippet } from './page-layout.js';
import type { WidgetBuild } from './widget-bundle.js';

/** Used when the request names no plain host: clearly not this server, and harmless to paste. */
const PLACEHOLDER_ORIGIN = 'https://coopcare.example';

/**
 * A web origin whose text a reader can copy into HTML, JavaScript or a shell line as it is: http(s), a
 * host name of letters, digits, dots and hyphens (or an IPv6 address), and a port. A URL parser takes
 * quotes, semicolons and backticks in a host, which the copied snippet would carry out of its quotes.
 */
const PLAIN_ORIGIN = /^https?:\/\/(?:[a-z0-9.-]+|\[[0-9a-f:.]+\])(?::\d{1,5})?$/;

/**
 * This server's own address as the browser asked for it (`req.protocol` and `req.host` read
 * X-Forwarded-Proto and -Host only from proxies `trust proxy` names), so the snippets work when pasted
 * into a page on another site. A Host header that is not a plain host gives a placeholder instead.
 */
export function publicOrigin(req: express.Request): string {
  const origin = normaliseOrigin(`${req.protocol}://${req.host ?? ''}`);
  return origin && PLAIN_ORIGIN.test(origin) ? origin : PLACEHOLDER_ORIGIN;
}

/**
 * `/embed`: how a council's or charity's web editor adds the widgets to a page on their own site, and
 * how their server hands a widget the session it needs to book, with the reference generated from the
 * custom-elements manifest.
 */
export function embedPage({ origin, widgets, reference }: { origin: string; widgets: WidgetBuild | null; reference: ElementsReference }) {
  const api = `${origin}/graphql`;
  const part = reference.elements.find((e) => e.parts.length > 0);
  const styledPart = part ? `${part.tagName}::part(${part.parts[0]!.name})` : 'coopcare-provider-search::part(results)';
  const contents = reference.elements.map((e) => `<li><a href="#${escapeHtml(e.tagName)}">${escapeHtml(`<${e.tagName}>`)}</a></li>`);
  const main = `<h1>Add care search and booking to your website</h1>
<p class="lead">Any council, charity or community group can show Kirklees care services on its own website with two lines of
HTML. Residents search, read about a co-operative and, with a personal budget, book care without leaving your page.</p>
<p>The tools are web components: HTML elements that work in any page, whatever your site is built with. They meet WCAG 2.2 AA,
work with a keyboard and a screen reader, and fit a phone screen.</p>

<h2 id="script">1. Add the script</h2>
<p>Put this in your page's <code>&lt;head&gt;</code>, once, whatever elements you use:</p>
${snippet(`<script type="module" src="${origin}/widgets/coopcare.js"></script>`)}
${
  widgets
    ? `<p>That address always gives the current release. To fix your page to this exact release, checked by your visitors'
browsers, use its own address and integrity hash instead (change both when you update):</p>
${snippet(`<script type="module" src="${origin}/widgets/${widgets.file}"
        integrity="${widgets.integrity}" crossorigin="anonymous"></script>`)}`
    : '<p>The widgets are not built on this server at the moment, so the script will not load until they are.</p>'
}
<p>If your site has a content security policy, allow <code>${escapeHtml(origin)}</code> in <code>script-src</code> and
<code>connect-src</code>.</p>

<h2 id="elements">2. Add an element</h2>
<p>Search, with a postcode area and a distance set in advance (residents can change them):</p>
${snippet(`<coopcare-provider-search postcode="HD1" radius-miles="5" page-size="10"></coopcare-provider-search>`)}
<p>A co-operative's page, by its id or its short name:</p>
${snippet(`<coopcare-provider slug="colne-valley-care-co-operative"></coopcare-provider>`)}
<p>The elements tell your page what the resident chose with events. To open a co-operative's page when a search result is chosen:</p>
${snippet(`
<coopcare-provider-search></coopcare-provider-search>
<coopcare-provider hidden></coopcare-provider>
<script type="module">
  const provider = document.querySelector('coopcare-provider');
  document.querySelector('coopcare-provider-search').addEventListener('coopcare-select', (event) => {
    provider.setAttribute('provider-id', event.detail.providerId);
    provider.hidden = false;
  });
</script>`)}
<p>The elements talk to the server the script came from. To use another coopcare server, give each element
<code>api="https://…/graphql"</code>.</p>

<h2 id="sessions">3. Booking and budgets: a widget session from your server</h2>
<p>Booking and seeing a budget act for one person, so they need a <strong>widget session</strong>: a token that works for 15
minutes at most, for one person who has agreed to your organisation acting for them, one purpose (<code>BOOKING</code> or
<code>BUDGET_VIEW</code>) and one web address (your page's origin). Your <strong>server</strong> makes it with the API key the
council gave you, and puts the token in the page. Never put the API key itself in a web page.</p>
${snippet(`
curl -s ${api} \\
  -H 'content-type: application/json' \\
  -H "x-api-key: $COOPCARE_API_KEY" \\
  -d '{"query":"mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token expiresAt } }",
       "variables":{"i":{"personId":"PERSON_ID","purpose":"BOOKING","origin":"https://your-site.example"}}}'`)}
<p>The same from a Node.js server with <a href="https://github.com/graffle-js/graffle">graphql-request</a>:</p>
${snippet(`
import { GraphQLClient, gql } from 'graphql-request';

const coopcare = new GraphQLClient('${api}', {
  headers: { 'x-api-key': process.env.COOPCARE_API_KEY },
});

const { createWidgetSession } = await coopcare.request(
  gql\`mutation ($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token expiresAt } }\`,
  { i: { personId, purpose: 'BOOKING', origin: 'https://your-site.example' } },
);`)}
<p>Then, in the page your server sends (escape the values as your templates do):</p>
${snippet(`
<coopcare-booking service-id="SERVICE_ID" session-token="BOOKING_TOKEN"></coopcare-booking>
<coopcare-budget session-token="BUDGET_VIEW_TOKEN"></coopcare-budget>`)}
<p>When a session ends, the element fires <code>coopcare-session-expired</code>. Ask your server for a new token and give it
to that same element. Give tokens only to the elements your own page put there, never to whatever element fires the event,
and allow only this server in your content security policy's <code>connect-src</code>: an element sends its token to the
server its <code>api</code> attribute names.</p>
${snippet(`
const booking = document.querySelector('coopcare-booking');
booking.addEventListener('coopcare-session-expired', async () => {
  const response = await fetch('/coopcare-session', { method: 'POST' }); // your server mints a new one
  const { token } = await response.json();
  booking.sessionToken = token;
});`)}
<p>The person's id is in your own records: you keep it when the person agrees to your organisation acting for them in
coopcare. A complete program a charity could start from is in the coopcare repository, in
<code>examples/partner-charity/</code>.</p>

<h2 id="theming">4. Match your website's look</h2>
<p>The elements look like GOV.UK by default. Set these custom properties on the elements, or on any element around them, to change
colours, fonts and spacing; use <code>::part()</code> to restyle a named piece. Keep text at a contrast of at least 4.5 to 1 with
its background.</p>
${snippet(`
<style>
  coopcare-provider-search, coopcare-provider, coopcare-booking, coopcare-budget {
    --coopcare-font-family: "Helvetica Neue", arial, sans-serif;
    --coopcare-button-colour: #4c2c92;
    --coopcare-link-colour: #4c2c92;
  }
  ${styledPart} {
    border-top: 4px solid #4c2c92;
  }
</style>`)}
${themeTable(reference.themeProperties)}

<h2 id="reference">5. Reference</h2>
<p>Generated from the elements' own documentation, also available as a
<a href="/widgets/custom-elements.json">custom elements manifest</a> for editors and design tools.</p>
${
  reference.elements.length === 0
    ? '<p>The widgets on this server document no elements at the moment.</p>'
    : `<ul>
${contents.join('\n')}
</ul>
${reference.elements.map((e) => elementSection(e)).join('\n')}`
}`;
  return councilLayout({ title: 'Add care search and booking to your website – Kirklees Council', main });
}

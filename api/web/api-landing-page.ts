import type express from 'express';
import { councilLayout, snippet } from './page-layout.js';

/** The media types GET /graphql answers (as Apollo Server lists them); a request preferring HTML is a browser's. */
const GRAPHQL_MEDIA_TYPES = ['application/json', 'application/graphql-response+json', 'multipart/mixed', 'text/html'];

/** A browser opening /graphql: a GET whose Accept header puts HTML first (curl, which accepts anything, gets JSON). */
export const prefersLandingPage = (req: express.Request): boolean =>
  req.method === 'GET' && req.get('accept') !== undefined && req.accepts(GRAPHQL_MEDIA_TYPES) === 'text/html';

/**
 * GET /graphql in a browser: what the API is and how to use it, as a plain page of this server's own,
 * so it works offline and under the pages' content security policy (no script, no font or style from
 * elsewhere). Partners' tools read the schema from /schema.graphql or by introspection.
 */
export function apiLandingPage({ origin }: { origin: string }): string {
  const api = `${origin}/graphql`;
  const main = `<h1>coopcare's GraphQL API</h1>
<p class="lead">The directory of care and support services in Kirklees, and the booking, budgets and care plans behind
them, for councils, charities and developers. This address is the API itself: programs send it GraphQL queries.</p>
<p>If you were looking for care and support, <a href="/">search the directory</a> instead.</p>

<h2 id="querying">Ask it a question</h2>
<p>The published directory needs no key. A query may go as a <code>GET</code>, with the query in the address:</p>
${snippet(`
curl -s -G ${api} \\
  --data-urlencode 'query={ serviceCategories { slug name } }'`)}
<p>Or as a <code>POST</code> with a JSON body (the only way for a mutation; the body must be sent as
<code>Content-Type: application/json</code>):</p>
${snippet(`
curl -s ${api} -H 'content-type: application/json' \\
  -d '{"query":"query($p: String!) { services(filter: {near: {postcode: $p}}, first: 5) { totalCount edges { node { name } } } }",
       "variables":{"p":"HD7 5AA"}}'`)}

<h2 id="schema">The schema</h2>
<p>Every type, field and argument, with its description: <a href="/schema.graphql">/schema.graphql</a> (GraphQL SDL, for
code generators and editors). Introspection works as well.</p>

<h2 id="more">More</h2>
<ul>
<li><a href="/oruk/">/oruk/</a>: the same directory as an Open Referral UK 3.0 API, for tools that read ORUK.</li>
<li><a href="/embed">Add care search and booking to your website</a> with the widgets, in two lines of HTML.</li>
<li>The coopcare repository's README explains the rest: "Querying the directory" (filters, paging, operation ids and
caching), "Errors and HTTP statuses", "Query limits", and "Personal budgets and bookings".</li>
</ul>

<h2 id="keys">API keys</h2>
<p>Reading the directory needs no key. To act for people (booking care, showing a budget), a council issues your
organisation an API key, limited to what it agrees you may do and to your website's address: ask the council's adult social
care team, and see "How a council obtains an API key" and "How a partner page obtains a widget session" in the README.
Keep the key on your server; never put it in a web page.</p>`;
  return councilLayout({ title: "coopcare's GraphQL API", main });
}

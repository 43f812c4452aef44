import { createHash } from 'node:crypto';
import type { AppServices } from '../modules.js';

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const RATING_TEXT: Record<string, string> = {
  OUTSTANDING: 'Outstanding',
  GOOD: 'Good',
  REQUIRES_IMPROVEMENT: 'Requires improvement',
  INADEQUATE: 'Inadequate',
  NOT_YET_RATED: 'Not yet rated',
  NOT_REGULATED: 'Not regulated by CQC',
};

const STYLE = `
body { font-family: system-ui, sans-serif; line-height: 1.5; margin: 0 auto; max-width: 60rem; padding: 1rem; color: #0b0c0c; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem; border-bottom: 1px solid #b1b4b6; }
a { color: #1d70b8; }
a:focus { outline: 3px solid #fd0; }
`;

/** The page's one inline resource, for its content security policy: no other style or script may run on it. */
export const DEMO_PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

/** The plain council page served at `/`: what a council site embedding coopcare looks like. */
export async function demoPage(services: AppServices): Promise<string> {
  const coops = await services.directory.publishedCooperativesSummary();
  const rows = coops
    .map(
      (c) => `<tr>
<th scope="row">${escapeHtml(c.name)}</th>
<td>${escapeHtml(c.towns.join(', '))}</td>
<td>${escapeHtml(c.categories.join(', '))}</td>
<td>${escapeHtml(RATING_TEXT[c.cqcRating] ?? c.cqcRating)}</td>
</tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml('Find co-operative care in Kirklees')}</title>
<style>${STYLE}</style>
</head>
<body>
<a href="#main">Skip to the list of care co-operatives</a>
<header><p>Kirklees Council &middot; Adult social care</p></header>
<main id="main">
<h1>Find co-operative care in Kirklees</h1>
<p>Care co-operatives are owned by the people who work in them and, often, by the people they support.
These ${coops.length} co-operatives are listed in the Kirklees care directory.</p>
${
  coops.length === 0
    ? '<p>No co-operatives are listed yet.</p>'
    : `<table>
<caption>Care co-operatives in Kirklees</caption>
<thead><tr>
<th scope="col">Co-operative</th><th scope="col">Based in</th><th scope="col">Services</th><th scope="col">CQC rating</th>
</tr></thead>
<tbody>
${rows}
</tbody>
</table>`
}
<p>Developers: the coopcare API is at <a href="/graphql">/graphql</a>.</p>
</main>
</body>
</html>`;
}

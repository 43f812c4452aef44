import type { AppServices } from '../services.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** The plain council page served at `/`: what a council site embedding coopcare looks like. */
export async function demoPage(_services: AppServices): Promise<string> {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape('Find co-operative care in Kirklees')}</title>
</head>
<body>
<main>
<h1>Find co-operative care in Kirklees</h1>
<p>The coopcare API is at <a href="/graphql">/graphql</a>.</p>
</main>
</body>
</html>`;
}

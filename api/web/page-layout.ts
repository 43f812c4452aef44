import { createHash } from 'node:crypto';

/** Text and attribute values into HTML: nothing a request or a manifest holds can become markup. */
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A snippet to copy: escaped here, so a caller passes plain text. */
export const snippet = (code: string) => `<pre><code>${escapeHtml(code.trim())}</code></pre>`;

/**
 * The council whose pages these are: the demo's, and the number residents call when a page cannot help.
 * Kirklees's adult social care front door is Community Health and Social Care (once Gateway to Care), as
 * the council's Local Offer gives it (kirkleeslocaloffer.org.uk, "Getting social care support as an adult").
 */
export const COUNCIL = {
  name: 'Kirklees Council',
  service: 'Adult social care',
  helpline: 'Community Health and Social Care',
  phone: '0300 304 5555',
  phoneHref: 'tel:+443003045555',
} as const;

/**
 * The pages' one stylesheet, GOV.UK-like like the widgets' theme, in rem so 200% zoom and a 320 px
 * screen reflow instead of scrolling sideways. Inline, so the content security policy names it by hash
 * and no other style can apply.
 */
const STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: arial, sans-serif; font-size: 1.1875rem; line-height: 1.5; color: #0b0c0c; background: #fff; }
.width { max-width: 60rem; margin: 0 auto; padding: 0 1rem; }
.skip-link { position: absolute; left: 0; top: 0; padding: 0.5rem 1rem; transform: translateY(-200%); }
.skip-link:focus { transform: none; }
.masthead { background: #0b0c0c; color: #fff; border-bottom: 0.625rem solid #1d70b8; padding: 0.75rem 0; }
.masthead p { margin: 0; }
.masthead .council { font-size: 1.5rem; font-weight: bold; }
main { display: block; padding: 2rem 0 3rem; }
h1 { font-size: 2rem; line-height: 1.1; margin: 0 0 1.5rem; }
h2 { font-size: 1.5rem; line-height: 1.2; margin: 2.5rem 0 1rem; }
h3 { font-size: 1.25rem; line-height: 1.25; margin: 2rem 0 0.75rem; }
p, ul, ol { margin: 0 0 1rem; }
.lead { font-size: 1.3rem; }
.hint { color: #484949; }
a { color: #1d70b8; text-decoration-thickness: max(1px, 0.0625rem); text-underline-offset: 0.15em; }
a:visited { color: #4c2c92; }
a:focus, button:focus { outline: 3px solid transparent; color: #0b0c0c; background-color: #fd0;
  box-shadow: 0 -2px #fd0, 0 4px #0b0c0c; text-decoration: none; }
[tabindex="-1"]:focus { outline: 3px solid #fd0; outline-offset: 0; }
[hidden] { display: none !important; }
/* Text people typed (a name, a service's name) may be one word wider than a phone. */
section, .wraps { overflow-wrap: anywhere; }
.inset { border-left: 0.625rem solid #b1b4b6; padding: 0.5rem 0 0.5rem 1rem; margin: 1.5rem 0; }
.notice { border-left: 0.625rem solid #1d70b8; background: #f3f2f1; padding: 1rem; margin: 1.5rem 0; }
.panel { border: 0.3125rem solid #00703c; padding: 1rem; margin: 1rem 0; }
.error-summary { border: 0.3125rem solid #d4351c; padding: 1rem; margin: 1rem 0; }
/* Empty but still displayed: a live region hidden until it speaks is missed by some screen readers. */
.error-summary:empty { border: 0; padding: 0; margin: 0; }
.error-summary h3 { margin-top: 0; }
button { font: inherit; font-size: 1.1875rem; line-height: 1.2; color: #fff; background: #00703c; border: 2px solid transparent;
  border-radius: 0; box-shadow: 0 2px 0 #002d18; padding: 0.5rem 0.75rem; margin: 0 0 1rem; cursor: pointer; max-width: 100%; }
button:hover { background: #005a30; }
button.secondary { color: #0b0c0c; background: #f3f2f1; box-shadow: 0 2px 0 #929191; }
button.secondary:hover { background: #dbdad9; }
button[disabled] { opacity: 0.6; cursor: not-allowed; }
.people { list-style: none; padding: 0; }
.people li { margin-bottom: 1rem; }
.people .hint { display: block; }
.widget-fallback { color: #484949; }
pre { background: #f3f2f1; border-left: 0.3125rem solid #b1b4b6; padding: 1rem; margin: 0 0 1.5rem; white-space: pre-wrap;
  overflow-wrap: anywhere; font-size: 1rem; }
code { font-family: "Courier New", monospace; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 0 0 2rem; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.5rem; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 1rem 0.5rem 0; border-bottom: 1px solid #b1b4b6; overflow-wrap: anywhere; }
th:first-child, td:first-child { width: 35%; }
.visually-hidden { position: absolute !important; width: 1px; height: 1px; margin: 0; padding: 0; overflow: hidden;
  clip-path: inset(50%); border: 0; white-space: nowrap; }
.error-summary h2 { font-size: 1.5rem; margin-top: 0; }
.error-summary a { color: #d4351c; font-weight: bold; }
.form-group { margin: 0 0 1.5rem; }
.form-group.error { border-left: 0.3125rem solid #d4351c; padding-left: 0.9375rem; }
label, legend { display: block; font-weight: bold; margin: 0 0 0.3125rem; }
input[type="email"], input[type="password"], input[type="text"] { font: inherit; width: 100%; max-width: 30rem; padding: 0.3125rem;
  border: 2px solid #0b0c0c; border-radius: 0; }
input:focus { outline: 3px solid #fd0; outline-offset: 0; box-shadow: inset 0 0 0 2px #0b0c0c; }
.form-group.error input { border-color: #d4351c; }
.error-message { color: #d4351c; font-weight: bold; margin: 0 0 0.9375rem; }
fieldset { border: 0; padding: 0; margin: 0 0 1.5rem; min-width: 0; }
.radio { margin: 0 0 0.5rem; }
.radio label { display: inline; font-weight: normal; }
input[type="radio"] { width: 1.5rem; height: 1.5rem; margin: 0 0.5rem 0 0; vertical-align: middle; accent-color: #0b0c0c; }
.signed-in-bar { display: flex; flex-wrap: wrap; gap: 0 1rem; align-items: baseline; justify-content: space-between; }
.account-nav { list-style: none; padding: 0 0 1rem; display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; border-bottom: 1px solid #b1b4b6; }
.tag { display: inline-block; padding: 0 0.5rem; background: #d2e2f1; color: #0c2d4a; font-weight: bold; }
.summary { margin: 0 0 2rem; }
.summary div { border-bottom: 1px solid #b1b4b6; padding: 0.5rem 0; }
.summary dt { font-weight: bold; }
.summary dd { margin: 0; }
footer { border-top: 1px solid #b1b4b6; padding: 1.5rem 0 2rem; font-size: 1rem; }
@media (min-width: 40rem) { h1 { font-size: 3rem; } h2 { font-size: 2.25rem; } }
`;

/** The stylesheet for a page's content security policy: this style and no other may apply. */
export const PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

export interface PageParts {
  title: string;
  /** Already HTML: the caller escapes what it puts in. */
  main: string;
  /** Extra elements for `<head>` (the council page's scripts). */
  head?: string;
}

/** A council page around its content: the header, a skip link, `<main>` and the footer. */
export function councilLayout({ title, main, head = '' }: PageParts): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${STYLE}</style>
${head}</head>
<body>
<a class="skip-link" href="#main-content">Skip to main content</a>
<header class="masthead"><div class="width">
<p class="council">${COUNCIL.name}</p>
<p>${COUNCIL.service}</p>
</div></header>
<main id="main-content" class="width">
${main}
</main>
<footer><div class="width">
<p>Questions about care and support? Call ${COUNCIL.helpline} on <a href="${COUNCIL.phoneHref}">${COUNCIL.phone}</a>.</p>
<p><a href="/">Find care and support</a> &middot; <a href="/embed">Add these tools to your own website</a></p>
</div></footer>
</body>
</html>`;
}

import { DEMO_ACCOUNTS, DEMO_WIDGET_CONSENTS } from '../accounts/seed.js';
import { COUNCIL, councilLayout, escapeHtml } from './page-layout.js';
import type { PageScript } from './page-script.js';
import type { WidgetBuild } from './widget-bundle.js';

/** What each demo resident's button says about them: the kind of budget they book from. */
const DEMO_RESIDENT_BUDGETS: Record<(typeof DEMO_WIDGET_CONSENTS)[number], string> = {
  margaret: 'has a personal budget the council manages for her',
  arthur: 'receives his personal budget as a direct payment',
};

const phoneLink = `<a href="${COUNCIL.phoneHref}">${COUNCIL.phone}</a>`;

/**
 * The council's "find care and support" page at `/`, written as a council would write it around the
 * widgets: search; the chosen co-op's page; booking; and, where the demo data is served, a demo sign-in
 * that stands in for the council's own (the page's server mints widget sessions with its partner key).
 * The search starts with no postcode: distances and "covers your area" mean the resident's own home,
 * and a preset district would show figures measured from somewhere else.
 */
export function councilPage({ widgets, script, demo }: { widgets: WidgetBuild | null; script: PageScript; demo: boolean }): string {
  const head = widgets
    ? `<script type="module" src="/widgets/${escapeHtml(widgets.file)}" integrity="${escapeHtml(widgets.integrity)}"></script>
<script type="module" src="/council-page.js" integrity="${script.integrity}"></script>
`
    : '';
  const fallback = (what: string) =>
    `<p class="widget-fallback">Loading ${what}. If nothing appears, call ${COUNCIL.helpline} on ${phoneLink}.</p>`;
  const main = `<h1>Find care and support</h1>
<p class="lead">Find care and support near your home in Kirklees, from help getting washed and dressed to gardening, transport and
company.</p>
<p>Many of these services are run by co-operatives: care businesses owned by the people who work in them and, often, by the people
they support. If you have a personal budget, you can book from it here.</p>
<noscript><div class="notice"><p>The search and booking on this page need JavaScript, which is turned off or not available in
your browser. To find care and support, call ${COUNCIL.helpline} on ${phoneLink}.</p></div></noscript>
${
  widgets
    ? ''
    : `<div class="notice"><p>The care search is not available at the moment. To find care and support, call ${COUNCIL.helpline}
on ${phoneLink}.</p></div>`
}
<section aria-labelledby="search-heading">
<h2 id="search-heading">Search for care</h2>
<coopcare-provider-search page-size="10">${fallback('the care search')}</coopcare-provider-search>
</section>
<section id="provider-section" aria-labelledby="provider-heading" hidden>
<h2 id="provider-heading" tabindex="-1">The care provider you chose</h2>
</section>
<section id="booking-section" aria-labelledby="booking-heading" hidden>
<h2 id="booking-heading" tabindex="-1">Book this service</h2>
<p id="booking-sign-in">${
    demo
      ? 'To book, choose a demo resident first, under <a href="#demo-heading">Try booking as a demo resident</a>.'
      : `To book from your personal budget, call ${COUNCIL.helpline} on ${phoneLink}.`
  }</p>
</section>
${demo ? demoSection() : ''}
<section aria-labelledby="help-heading">
<h2 id="help-heading">Help with finding care</h2>
<p>If you are not sure what you need, or want someone to find care for you, call ${COUNCIL.helpline} on ${phoneLink}.
If someone is in danger, call 999.</p>
<p>Run a website for carers or a community group? <a href="/embed">Add this search to your own website</a>.</p>
</section>`;
  return councilLayout({ title: `Find care and support – ${COUNCIL.name}`, main, head });
}

function demoSection(): string {
  const people = DEMO_WIDGET_CONSENTS.map(
    (key) => `<li><button type="button" class="secondary" data-person="${key}">Try as ${escapeHtml(DEMO_ACCOUNTS[key].name)}</button>
<span class="hint">${escapeHtml(DEMO_ACCOUNTS[key].name)} ${DEMO_RESIDENT_BUDGETS[key]}</span></li>`,
  ).join('\n');
  return `<section id="demo" aria-labelledby="demo-heading">
<h2 id="demo-heading">Try booking as a demo resident</h2>
<div class="notice"><p>This is a demonstration. The residents, their budgets and their bookings are made up, and no care will be
arranged. On a council's live site, residents sign in to their own account instead.</p></div>
<p>Choose a demo resident to book care from their budget and see the budget change.</p>
<ul class="people">
${people}
</ul>
<div id="demo-error" class="error-summary" role="alert" tabindex="-1"></div>
<p id="demo-status" role="status"></p>
<div id="demo-signed-in" class="panel" hidden>
<h3 id="demo-signed-in-heading" tabindex="-1"></h3>
<p>You can now book a service you found above, and see the budget below. The demo session lasts 15 minutes; this page starts a new
one when it ends.</p>
</div>
<div id="budget-region"></div>
</section>`;
}

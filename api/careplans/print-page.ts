import { createHash } from 'node:crypto';
import { escapeHtml } from '../web/page-layout.js';
import type { CarePlanDocument } from './care-plan-document.js';
import { londonDate } from '../common/london.js';
import {
  ABOUT_ME_ORDER,
  ABOUT_ME_TITLES,
  AgreementSide,
  CarePlanRole,
  CarePlanStatus,
  CircleMemberKind,
  GOAL_AREA_TITLES,
  SupportGiver,
} from './careplans.enums.js';

/**
 * The printed plan at `/care-plans/{id}/print`: one plain page the person keeps in the care folder at home,
 * for anyone who visits to read. No script, no images, no links out; one inline stylesheet that the content
 * security policy names by hash, in rem so it reflows at 320 px and 200% zoom; GOV.UK's text colours
 * (AA contrast and more).
 */
export const PRINT_PAGE_STYLE = `
*, *::before, *::after { box-sizing: border-box; }
body { margin: 0; font-family: arial, sans-serif; font-size: 1.1875rem; line-height: 1.5; color: #0b0c0c; background: #fff; }
main { display: block; max-width: 50rem; margin: 0 auto; padding: 1.5rem 1rem 2rem; overflow-wrap: anywhere; }
h1 { font-size: 2rem; line-height: 1.15; margin: 0 0 1rem; }
h2 { font-size: 1.5rem; line-height: 1.2; margin: 2.5rem 0 1rem; padding-top: 0.75rem; border-top: 0.125rem solid #0b0c0c; }
h3 { font-size: 1.1875rem; line-height: 1.3; margin: 1.5rem 0 0.25rem; }
p, ul, ol, dl { margin: 0 0 1rem; }
.words { white-space: pre-line; }
.hint { color: #484949; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.25rem 1rem; }
.facts dt, .item dt { font-weight: bold; }
.facts dd, .item dd { margin: 0; }
.items { list-style: none; padding: 0; }
.item { border-left: 0.3125rem solid #b1b4b6; padding: 0.25rem 0 0.25rem 1rem; margin: 0 0 1.25rem; }
.item dd { margin: 0 0 0.5rem; }
.table-scroll { overflow-x: auto; margin: 0 0 1.5rem; }
.table-scroll:focus { outline: 0.1875rem solid #0b0c0c; outline-offset: 0.125rem; }
table { border-collapse: collapse; width: 100%; min-width: 36rem; }
caption { text-align: left; padding-bottom: 0.5rem; }
th, td { text-align: left; vertical-align: top; padding: 0.5rem 0.75rem 0.5rem 0; border-bottom: 0.0625rem solid #b1b4b6;
  overflow-wrap: normal; }
td:first-child { width: 35%; overflow-wrap: anywhere; }
td ul { list-style: none; padding: 0; margin: 0; }
td li { white-space: nowrap; }
.flag { display: inline-block; font-weight: bold; border: 0.125rem solid #0b0c0c; padding: 0 0.25rem; margin-top: 0.25rem; }
footer { border-top: 0.0625rem solid #b1b4b6; padding-top: 1rem; font-size: 1rem; }
@media (min-width: 40rem) { h1 { font-size: 2.5rem; } }
@media print {
  @page { margin: 1.5cm; }
  body { font-size: 11pt; }
  main { max-width: none; padding: 0; }
  h1 { font-size: 20pt; }
  h2 { font-size: 15pt; break-after: avoid; }
  h3 { font-size: 12pt; break-after: avoid; }
  .table-scroll { overflow: visible; }
  thead { display: table-header-group; }
  tr, .item, .facts { break-inside: avoid; }
}
`;

/**
 * The stylesheet for the page's content security policy (`style-src`): this style and no other may apply.
 * The printed volunteer record (api/timebank/volunteer-record-page.ts) is styled by it too.
 */
export const PRINT_PAGE_STYLE_SOURCE = `'sha256-${createHash('sha256').update(PRINT_PAGE_STYLE).digest('base64')}'`;

type PlanGoal = CarePlanDocument['goals'][number];
type Ratings = NonNullable<PlanGoal['baseline']>;

/** "6 December 2026": a YYYY-MM-DD UK date as it is written, whatever zone the server runs in. */
const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const ON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });
function localDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return DAY.format(new Date(Date.UTC(year, month - 1, day)));
}

const text = (s: string) => escapeHtml(s);
const signed = (n: number) => (n > 0 ? `+${n}` : n < 0 ? `−${-n}` : '0');

/** The page for one version of a plan; `printedAt` is when it is printed (now), shown in London time. */
export function carePlanPrintPage(doc: CarePlanDocument, printedAt: Date = new Date()): string {
  const title = `${doc.person.name}'s care and support plan`;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${text(title)}</title>
<style>${PRINT_PAGE_STYLE}</style>
</head>
<body>
<main>
<h1>${text(title)}</h1>
${facts(doc, printedAt)}
${aboutMe(doc)}
${goals(doc)}
${supports(doc)}
${risks(doc)}
${circle(doc)}
${signatures(doc)}
<footer>
<p>Printed on ${ON_DAY.format(printedAt)}. This plan may have changed since: ask ${
    doc.leadCoordinator ? text(doc.leadCoordinator.name) : 'your coordinator'
  } for the latest version.</p>
<p>This plan is private. Keep it somewhere safe, and show it only to people you choose.</p>
</footer>
</main>
</body>
</html>
`;
}

function facts(doc: CarePlanDocument, printedAt: Date): string {
  const status =
    doc.status === CarePlanStatus.AGREED
      ? 'Agreed'
      : `Draft, not yet agreed${doc.agreedVersion ? ` (version ${doc.agreedVersion} was the last one agreed)` : ''}`;
  const overdue = doc.reviewDate && doc.reviewDate < londonDate(printedAt) ? ' (overdue)' : '';
  const review = doc.reviewDate ? `${localDate(doc.reviewDate)}${overdue}` : 'Not set';
  return `<dl class="facts">
<dt>Version</dt><dd>${doc.version}, written ${ON_DAY.format(doc.versionCreatedAt)}</dd>
<dt>Status</dt><dd>${status}</dd>
<dt>Review by</dt><dd>${review}</dd>
</dl>`;
}

const nothingYet = (what: string) => `<p class="hint">${what}</p>`;

function aboutMe(doc: CarePlanDocument): string {
  const sections = ABOUT_ME_ORDER.flatMap((heading) => doc.aboutMe.filter((s) => s.heading === heading));
  const body = sections.map((s) => `<h3>${text(ABOUT_ME_TITLES[s.heading])}</h3>\n<p class="words">${text(s.text)}</p>`).join('\n');
  return `<h2>About me</h2>\n${body || nothingYet('Nothing written yet.')}`;
}

function ratings(r: Ratings | null): string {
  if (!r) return '<span class="hint">Not rated yet</span>';
  return `<ul><li>Importance ${r.importance}</li><li>Performance ${r.performance}</li><li>Satisfaction ${r.satisfaction}</li>
<li class="hint">${localDate(r.ratedOn)}</li></ul>`;
}

const NOT_REVIEWED = '<span class="hint">Not reviewed yet</span>';

function change(goal: PlanGoal): string {
  if (!goal.change) return NOT_REVIEWED;
  const { performance, satisfaction, isMeaningful } = goal.change;
  // Said in words, with a box, never by colour alone.
  const flag = isMeaningful ? '<li><strong class="flag">Meaningful change</strong></li>' : '<li class="hint">A small change</li>';
  return `<ul><li>Performance ${signed(performance)}</li><li>Satisfaction ${signed(satisfaction)}</li>${flag}</ul>`;
}

function goals(doc: CarePlanDocument): string {
  if (doc.goals.length === 0) return `<h2>My goals</h2>\n${nothingYet('No goals written yet.')}`;
  const rows = doc.goals.map(
    (g) => `<tr><td class="words">${text(g.description)}</td><td>${GOAL_AREA_TITLES[g.area]}</td>
<td>${ratings(g.baseline)}</td><td>${g.change ? ratings(g.latest) : NOT_REVIEWED}</td><td>${change(g)}</td></tr>`,
  );
  // Five columns cannot fit 320 px: the table scrolls in its own focusable region (WCAG 1.4.10 allows it
  // for data tables) and the page does not.
  return `<h2>My goals</h2>
<p>Ratings are my own, from 1 (lowest) to 10 (highest). A change of 2 or more in performance or satisfaction is a meaningful change.</p>
<div class="table-scroll" role="region" aria-labelledby="goals-caption" tabindex="0">
<table>
<caption id="goals-caption">My goals, with my ratings at the start and at the latest review</caption>
<thead><tr><th scope="col">Goal</th><th scope="col">Area</th><th scope="col">At the start</th><th scope="col">Latest review</th>
<th scope="col">Change</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</div>`;
}

function who(support: CarePlanDocument['supports'][number]): string {
  switch (support.giver) {
    case SupportGiver.INFORMAL_CARER:
      return text(support.carerName ?? 'A family carer');
    case SupportGiver.VOLUNTEER:
      return `${text(support.carerName ?? 'A volunteer')} (volunteer)`;
    case SupportGiver.TIME_BANK:
      return `${text(support.providerName ?? 'A co-op')}’s time bank (paid in time credit, not from a budget)`;
    default: {
      const names = [support.serviceName, support.providerName].filter((n): n is string => Boolean(n)).map(text);
      const booked = support.giver === SupportGiver.BOOKING ? ' (booked)' : '';
      return `${names.join(', ') || 'A care service'}${booked}`;
    }
  }
}

function supports(doc: CarePlanDocument): string {
  if (doc.supports.length === 0) return `<h2>My support</h2>\n${nothingYet('No support written yet.')}`;
  const goalText = new Map(doc.goals.map((g) => [g.id, g.description]));
  const items = doc.supports.map((s) => {
    const met = s.goalIds.flatMap((id) => (goalText.has(id) ? [`<li>${text(goalText.get(id) as string)}</li>`] : []));
    return `<li class="item"><dl>
<dt>What</dt><dd class="words">${text(s.what)}</dd>
<dt>Who</dt><dd>${who(s)}</dd>
<dt>When</dt><dd>${text(s.when)}</dd>
<dt>For my goals</dt><dd>${met.length ? `<ul>${met.join('')}</ul>` : 'None in particular'}</dd>
</dl></li>`;
  });
  return `<h2>My support</h2>\n<ol class="items">\n${items.join('\n')}\n</ol>`;
}

function risks(doc: CarePlanDocument): string {
  if (doc.risks.length === 0) return `<h2>Risks I choose to take</h2>\n${nothingYet('No risks written down.')}`;
  const items = doc.risks.map(
    (r) => `<li class="item"><dl>
<dt>What could happen</dt><dd class="words">${text(r.description)}</dd>
<dt>What I have chosen</dt><dd class="words">${text(r.personsChoice)}</dd>
<dt>Safeguards</dt><dd class="words">${r.safeguards ? text(r.safeguards) : 'None written down'}</dd>
</dl></li>`,
  );
  return `<h2>Risks I choose to take</h2>\n<ol class="items">\n${items.join('\n')}\n</ol>`;
}

const ROLE_WORDS: Record<CarePlanRole, string> = {
  OWNER: 'decides on changes',
  EDIT: 'can suggest changes and record reviews',
  SUGGEST: 'can suggest changes',
  VIEW: 'can read the plan',
};

function circle(doc: CarePlanDocument): string {
  const members = doc.circle.map((m) => {
    const what =
      m.kind === CircleMemberKind.PERSON
        ? 'the person this plan is for'
        : [
            m.kind === CircleMemberKind.REPRESENTATIVE ? 'representative' : null,
            m.personId === doc.leadCoordinator?.personId ? 'lead coordinator' : null,
            ROLE_WORDS[m.role],
          ]
            .filter(Boolean)
            .join(', ');
    return `<li>${text(m.name)}: ${what}</li>`;
  });
  return `<h2>My circle</h2>\n<p>The people who write this plan with me.</p>\n<ul>\n${members.join('\n')}\n</ul>`;
}

function signatures(doc: CarePlanDocument): string {
  const lines = [AgreementSide.PERSON, AgreementSide.COORDINATOR].map((side) => {
    const signature = doc.signatures.find((s) => s.side === side);
    const role = side === AgreementSide.PERSON ? 'For me' : 'As lead coordinator';
    return signature
      ? `<li>${role}: signed by ${text(signature.signerName)} on ${ON_DAY.format(signature.signedAt)}</li>`
      : `<li>${role}: not signed yet</li>`;
  });
  return `<h2>Agreement</h2>\n<p>Signatures for version ${doc.version}.</p>\n<ul>\n${lines.join('\n')}\n</ul>`;
}

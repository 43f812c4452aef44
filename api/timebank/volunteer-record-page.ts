import { PRINT_PAGE_STYLE } from '../careplans/print-page.js';
import { londonDate } from '../common/london.js';
import { escapeHtml as text } from '../web/page-layout.js';
import { TimeBankRole } from './timebank.enums.js';
import type { VolunteerRecord } from './volunteer-record.types.js';

/**
 * The volunteer's record as one plain page to print or to show an employer: the printed care plan's
 * stylesheet (no script, no images, GOV.UK's colours, reflowing at 320 px), dates as written in the UK,
 * time in hours and minutes. It holds only what VolunteerRecord holds.
 */

const DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' });
const ON_DAY = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', day: 'numeric', month: 'long', year: 'numeric' });

/** "6 December 2026" for a YYYY-MM-DD UK date, whatever zone the server runs in. */
function ukDate(iso: string): string {
  const [year, month, day] = iso.split('-').map(Number);
  return DAY.format(new Date(Date.UTC(year, month - 1, day)));
}

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** "12 hours 30 minutes", "45 minutes", "1 hour", "no time". */
export function hoursAndMinutes(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const parts = [hours ? plural(hours, 'hour') : '', rest ? plural(rest, 'minute') : ''].filter(Boolean);
  return parts.join(' ') || 'no time';
}

/** Only the roles of giving help have words: the page goes to employers, who have no business knowing who receives support. */
const ROLE_WORDS: Partial<Record<TimeBankRole, string>> = {
  [TimeBankRole.VOLUNTEER]: 'Volunteer',
  [TimeBankRole.FAMILY_CARER]: 'Family carer',
};

const anyOf = new Intl.ListFormat('en-GB', { style: 'long', type: 'disjunction' });

/**
 * "in the evening, at night, at weekends or on bank holidays", with only the whole days the co-op counts.
 * The provider widget has its own sentence for the same rules (what an hour earns, from the GraphQL
 * fields): the two live in separately built bundles with different inputs, so they are not one function.
 */
export function outOfHoursWhen(days: VolunteerRecord['outOfHoursDays']): string {
  return anyOf.format(
    ['in the evening', 'at night', days.weekends && 'at weekends', days.bankHolidays && 'on bank holidays'].filter((w): w is string =>
      Boolean(w),
    ),
  );
}

function facts(record: VolunteerRecord): string {
  const roles = record.roles.flatMap((r) => ROLE_WORDS[r] ?? []);
  const helped =
    record.firstHelpedOn && record.lastHelpedOn
      ? `<dt>Helped from</dt><dd>${ukDate(record.firstHelpedOn)} to ${ukDate(record.lastHelpedOn)}</dd>`
      : '';
  return `<dl class="facts">
<dt>Co-op</dt><dd>${text(record.coopName)}</dd>
<dt>Member since</dt><dd>${ukDate(record.memberSince)}</dd>
${roles.length ? `<dt>Takes part as</dt><dd>${roles.join(', ')}</dd>` : ''}
<dt>Help given</dt><dd>${hoursAndMinutes(record.totalMinutesGiven)}</dd>
<dt>Out of hours</dt><dd>${hoursAndMinutes(record.outOfHoursMinutesGiven)} of it ${outOfHoursWhen(record.outOfHoursDays)}</dd>
${helped}
</dl>`;
}

function hours(record: VolunteerRecord): string {
  if (record.hoursByCategory.length === 0) return '<h2>Help given</h2>\n<p class="hint">No help confirmed yet.</p>';
  const rows = record.hoursByCategory.map(
    (h) => `<tr><td>${text(h.categoryName)}</td><td>${hoursAndMinutes(h.minutes)}</td><td>${h.exchanges}</td></tr>`,
  );
  return `<h2>Help given</h2>
<div class="table-scroll" role="region" aria-labelledby="hours-caption" tabindex="0">
<table>
<caption id="hours-caption">Help given by kind, confirmed by the people helped or the co-op</caption>
<thead><tr><th scope="col">Kind of help</th><th scope="col">Time given</th><th scope="col">Times helped</th></tr></thead>
<tbody>
${rows.join('\n')}
</tbody>
</table>
</div>`;
}

function training(record: VolunteerRecord, today: string): string {
  if (record.training.length === 0) return '<h2>Training</h2>\n<p class="hint">No training recorded yet.</p>';
  const items = record.training.map((t) => {
    const lapsed = t.expiresOn !== null && t.expiresOn <= today;
    const renewal =
      t.expiresOn === null
        ? ''
        : `<dt>${lapsed ? 'Needed renewing by' : 'Renew by'}</dt><dd>${ukDate(t.expiresOn)}${
            lapsed ? ' <strong class="flag">Not current</strong>' : ''
          }</dd>`;
    return `<li class="item"><h3>${text(t.title)}</h3><dl>
${t.givenBy ? `<dt>Given by</dt><dd>${text(t.givenBy)}</dd>` : ''}
<dt>Completed</dt><dd>${ukDate(t.completedOn)}</dd>
${renewal}
</dl></li>`;
  });
  return `<h2>Training</h2>\n<ul class="items">\n${items.join('\n')}\n</ul>`;
}

function references(record: VolunteerRecord): string {
  if (record.references.length === 0) return '<h2>References</h2>\n<p class="hint">No references recorded yet.</p>';
  const items = record.references.map(
    (r) => `<li class="item"><h3>${text(r.refereeName)}${r.refereeRole ? `, ${text(r.refereeRole)}` : ''}</h3>
<p class="hint">Given on ${ukDate(r.givenOn)}</p>
<p class="words">${text(r.text)}</p></li>`,
  );
  return `<h2>References</h2>\n<ul class="items">\n${items.join('\n')}\n</ul>`;
}

/** The page; `printedAt` (now) is shown in London time. */
export function volunteerRecordPage(record: VolunteerRecord, printedAt: Date = new Date()): string {
  const title = `${record.volunteerName}’s volunteer record`;
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
${facts(record)}
${hours(record)}
${training(record, londonDate(printedAt))}
${references(record)}
<footer>
<p>Printed on ${ON_DAY.format(printedAt)} from ${text(record.coopName)}’s time bank. Hours count only help that the
people helped, or the co-op, confirmed.</p>
<p>Time-bank hours are volunteering, not paid work.</p>
</footer>
</main>
</body>
</html>
`;
}

/**
 * What an employer's browser shows for a shared address that does not (or no longer) lead to a record: the
 * same words for expired, revoked, unknown and mistyped, so the page says nothing of which.
 */
export function volunteerRecordGonePage(): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>Volunteer record not found</title>
<style>${PRINT_PAGE_STYLE}</style>
</head>
<body>
<main>
<h1>Volunteer record not found</h1>
<p>This link has expired or been withdrawn. Ask the volunteer for a new one.</p>
</main>
</body>
</html>
`;
}

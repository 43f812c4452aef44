import { html, nothing, type TemplateResult } from 'lit';
import { formatMiles, formatMinutes, formatPence } from '../shared/format.js';
import type { ProviderDetails } from './provider.js';
import {
  ageWords,
  budgetWords,
  CONSTITUTION_TEMPLATE_WORDS,
  CQC_RATING_WORDS,
  LEGAL_FORM_WORDS,
  listWords,
  MEMBER_CLASS_ORDER,
  MEMBER_CLASS_WORDS,
  openingWords,
  outOfHoursWords,
  turnoverWords,
} from './provider-words.js';

/** Another provider the page can open in the same widget. */
export interface ProviderLink {
  id: string;
  slug: string;
  name: string;
}

export interface ProviderActions {
  open(link: ProviderLink): void;
  /** Null when the page has no booking to offer. */
  book: ((serviceId: string) => void) | null;
}

type Service = ProviderDetails['services'][number];
type Area = ProviderDetails['serviceAreas'][number];
type Location = ProviderDetails['locations'][number];

/** Provider data is written by its coordinators: only web addresses become links, never `javascript:`. */
const webAddress = (url: string | null | undefined): string | null => (url && /^https?:\/\//i.test(url) ? url : null);

/** A phone number as written ("01632 960101") to what a `tel:` link dials. */
const dialable = (phone: string): string => phone.replace(/[^\d+]/g, '');

/** Plain text with blank lines between paragraphs, as the API stores descriptions. */
const paragraphs = (text: string) =>
  text
    .split(/\n\s*\n/)
    .filter((p) => p.trim())
    .map((p) => html`<p class="prose">${p.trim()}</p>`);

/** One row of a description list; the div lets a row be laid out as one. */
const term = (label: string, value: unknown) => html`<div><dt>${label}</dt><dd>${value}</dd></div>`;

/** Several values in one `dd`, one to a line. */
const lines = (values: unknown[]) => values.map((value) => html`<span class="line">${value}</span>`);

export function renderProvider(p: ProviderDetails, actions: ProviderActions): TemplateResult {
  return html`
    <article class="provider">
      ${header(p)} ${about(p)} ${services(p, actions)} ${areas(p)} ${ownership(p)} ${timeBank(p)} ${consortium(p, actions)}
      ${family(p, actions)} ${contact(p)}
    </article>
  `;
}

function header(p: ProviderDetails) {
  const cqcPage = p.cqcLocationId ? `https://www.cqc.org.uk/location/${encodeURIComponent(p.cqcLocationId)}` : null;
  return html`
    <header part="header" class="header">
      <h2 id="provider-name" tabindex="-1">${p.name}</h2>
      <p class="summary">${p.summary}</p>
      ${
        p.isCooperative || p.paysRealLivingWage
          ? html`<p class="badges">
            ${p.isCooperative ? html`<span class="tag" part="badge">Co-operative</span>` : nothing}
            ${p.paysRealLivingWage ? html`<span class="tag" part="badge">Pays the Real Living Wage</span>` : nothing}
          </p>`
          : nothing
      }
      <p class="cqc">
        Care Quality Commission (CQC) rating: <strong>${CQC_RATING_WORDS[p.cqcRating]}</strong>
        ${cqcPage ? html`<br /><a href=${cqcPage}>Read its inspection reports on the CQC website</a>` : nothing}
      </p>
    </header>
  `;
}

function about(p: ProviderDetails) {
  const pay = p.careWorkerHourlyPayPence;
  const turnover = p.staffTurnoverPercent;
  return html`
    <section part="about">
      <h3>About ${p.name}</h3>
      ${paragraphs(p.description)}
      ${
        pay != null || turnover != null
          ? html`<dl class="facts">
            ${pay != null ? term('Care workers’ pay', `${formatPence(pay)} an hour`) : nothing}
            ${turnover != null ? term('Staff turnover', turnoverWords(turnover)) : nothing}
          </dl>`
          : nothing
      }
    </section>
  `;
}

function services(p: ProviderDetails, actions: ProviderActions) {
  return html`
    <section>
      <h3>Services</h3>
      ${
        p.services.length
          ? html`<ul class="services" part="services">
            ${p.services.map((s) => service(s, p.status === 'PUBLISHED' ? actions.book : null, p.locations))}
          </ul>`
          : html`<p>It lists no services at the moment.</p>`
      }
    </section>
  `;
}

function travelWords(s: Service): string {
  return s.travelIncluded || s.travelChargePencePerVisit === 0
    ? 'Included in the price'
    : `${formatPence(s.travelChargePencePerVisit)} a visit on top of the hourly price`;
}

function cancellingWords(s: Service): string {
  const notice = `${s.cancellationNoticeHours} ${s.cancellationNoticeHours === 1 ? 'hour' : 'hours'}`;
  const late =
    s.lateCancellationPolicy === 'REFUSE'
      ? 'with less notice, a visit cannot be cancelled and goes ahead as booked'
      : 'with less notice, the visit is charged in full';
  return `Free with at least ${notice}’ notice; ${late}`;
}

function service(s: Service, book: ProviderActions['book'], locations: Location[]) {
  const hours = openingWords(s.openingTimes);
  const ages = ageWords(s.minimumAge, s.maximumAge);
  return html`
    <li part="service" class="service">
      <h4>${s.name}</h4>
      <p><span class="tag category" part="category">${s.category.name}</span></p>
      ${paragraphs(s.description)}
      <dl class="terms">
        ${term('Price', html`<strong>${formatPence(s.hourlyRatePence)} an hour</strong>`)}
        ${term('Shortest visit', formatMinutes(s.minimumVisitMinutes))} ${term('Travel', travelWords(s))}
        ${term('Cancelling', cancellingWords(s))} ${term('Paid for with', budgetWords(s))}
        ${term('Languages', listWords(['English', ...s.languages]))} ${ages ? term('Who it is for', ages) : nothing}
        ${hours.length ? term('When', lines(hours)) : nothing}
        ${s.ownAreas.length ? term('Also covers', lines(areaItems(s.ownAreas, locations))) : nothing}
      </dl>
      ${
        book && s.status === 'ACTIVE'
          ? html`<button type="button" part="book-button" aria-label="Book this service: ${s.name}" @click=${() => book(s.id)}>
            Book this service
          </button>`
          : nothing
      }
    </li>
  `;
}

/** Miles between two points, near enough to tell whether a radius is drawn round one of its offices. */
function milesBetween(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const radians = Math.PI / 180;
  const x = (b.longitude - a.longitude) * radians * Math.cos(((a.latitude + b.latitude) / 2) * radians);
  const y = (b.latitude - a.latitude) * radians;
  return Math.hypot(x, y) * 3959;
}

/**
 * Each area in words: postcode districts together ("Postcode districts HD7 and HD3"), a radius by the
 * office it is drawn round, or, when it is round no office, by a map of its centre.
 */
function areaItems(areas: Area[], locations: Location[]): (string | TemplateResult)[] {
  const districts = areas.filter((a) => a.kind === 'POSTCODE_DISTRICT' && a.outcode).map((a) => a.outcode!);
  const items: (string | TemplateResult)[] = [];
  if (districts.length) items.push(`${districts.length === 1 ? 'Postcode district' : 'Postcode districts'} ${listWords(districts)}`);
  for (const a of areas) {
    if (a.kind !== 'RADIUS' || a.latitude == null || a.longitude == null || a.radiusMiles == null) continue;
    const centre = { latitude: a.latitude, longitude: a.longitude };
    const office = locations.find((l) => milesBetween(l, centre) < 0.5);
    const within = `Within ${formatMiles(a.radiusMiles)} of`;
    if (office) items.push(`${within} ${office.town} (${office.postcode})`);
    else {
      const map = `https://www.openstreetmap.org/?mlat=${a.latitude}&mlon=${a.longitude}#map=12/${a.latitude}/${a.longitude}`;
      items.push(html`${within} <a href=${map}>a point shown on OpenStreetMap</a>`);
    }
  }
  return items;
}

function areas(p: ProviderDetails) {
  const items = areaItems(p.serviceAreas, p.locations);
  return html`
    <section part="areas">
      <h3>Areas it covers</h3>
      ${items.length ? html`<ul>${items.map((item) => html`<li>${item}</li>`)}</ul>` : html`<p>It has not listed the areas it covers.</p>`}
      ${
        p.locations.length
          ? html`<h4>Where it is based</h4>
            <ul>
              ${p.locations.map((l) => html`<li>${[l.addressLine1, l.addressLine2, l.town].filter(Boolean).join(', ')} ${l.postcode}</li>`)}
            </ul>`
          : nothing
      }
    </section>
  `;
}

/**
 * The roles are the elements' own, said again: a table whose cells are restyled as blocks (stacked,
 * on a narrow screen) loses its table semantics in some browsers, and screen readers with them.
 */
const ownershipRow = (label: string, members: string, seats: string) => html`<tr role="row">
  <th scope="row" role="rowheader">${label}</th>
  <td role="cell" class="numeric" data-label="Members">${members}</td>
  <td role="cell" class="numeric" data-label="Board seats">${seats}</td>
</tr>`;

function ownership(p: ProviderDetails) {
  const members = new Map(p.memberClasses.map((m) => [m.memberClass, m.memberCount]));
  const seats = new Map(p.boardSeats.map((b) => [b.memberClass, b.seats]));
  const classes = MEMBER_CLASS_ORDER.filter((c) => members.has(c) || seats.has(c));
  const sum = (counts: Map<unknown, number>) => [...counts.values()].reduce((a, b) => a + b, 0);
  const count = (n: number | undefined, none: string) => (n === undefined ? none : String(n));
  return html`
    <section part="ownership" class="ownership">
      <h3>How it is owned</h3>
      <p>${LEGAL_FORM_WORDS[p.legalForm]}</p>
      ${p.registrationNumber ? html`<p>Registration number: ${p.registrationNumber}</p>` : nothing}
      ${votes(p)}
      ${
        classes.length
          ? html`<table part="ownership-table" class="stacking" role="table">
            <caption>
              Members and board seats of ${p.name}, by class of member
            </caption>
            <thead role="rowgroup">
              <tr role="row">
                <th scope="col" role="columnheader">Class of member</th>
                <th scope="col" role="columnheader" class="numeric">Members</th>
                <th scope="col" role="columnheader" class="numeric">Board seats</th>
              </tr>
            </thead>
            <tbody role="rowgroup">
              ${classes.map((c) =>
                ownershipRow(MEMBER_CLASS_WORDS[c], count(members.get(c), 'Not published'), count(seats.get(c), 'None')),
              )}
            </tbody>
            <tfoot role="rowgroup">
              ${ownershipRow('All classes', members.size ? String(sum(members)) : 'Not published', String(sum(seats)))}
            </tfoot>
          </table>`
          : html`<p>It has not published its members or board seats.</p>`
      }
    </section>
  `;
}

/** How members' votes count under the constitution the co-op keeps in coopcare; nothing when it keeps none. */
function votes(p: ProviderDetails) {
  const rules = p.constitution;
  if (!rules) return nothing;
  const under =
    rules.template === 'CUSTOM' ? 'Under its constitution' : `Under its constitution (${CONSTITUTION_TEMPLATE_WORDS[rules.template]})`;
  if (rules.votingBasis === 'ONE_MEMBER_ONE_VOTE') return html`<p>${under}, every member has one vote.</p>`;
  const weights = MEMBER_CLASS_ORDER.flatMap((c) => rules.classes.filter((r) => r.memberClass === c)).map(
    (r) => `${MEMBER_CLASS_WORDS[r.memberClass].toLowerCase()} ${r.voteWeightPercent}%`,
  );
  return html`<p>${under}, each class has a share of the votes: ${listWords(weights)}.</p>`;
}

/** The co-op's time bank in numbers, from its public picture; nothing when it has none. */
function timeBank(p: ProviderDetails) {
  const bank = p.timeBank;
  if (!bank) return nothing;
  const exchanged = bank.picture.months.reduce((sum, m) => sum + m.minutesExchanged, 0);
  const volunteers = bank.picture.activeVolunteers;
  return html`
    <section part="time-bank" class="time-bank">
      <h3>Time bank</h3>
      <p>Members of ${p.name}’s time bank help each other and bank the time they give, to spend on help for themselves.</p>
      <dl class="facts">
        ${term('Help exchanged in the last 12 months', formatMinutes(exchanged))}
        ${term('Volunteers who helped in the last 90 days', volunteers)}
        ${term('Help given out of hours in the last 12 months', formatMinutes(bank.picture.outOfHoursMinutes))}
        ${term('In the community pool, for members with no time to spend', formatMinutes(bank.picture.poolBalanceMinutes))}
      </dl>
      <p>${outOfHoursWords(bank)}</p>
      <p>${howToJoin(p)}</p>
    </section>
  `;
}

/** Joining is by asking the co-op (a coordinator approves each member), so the words point at its own phone or email. */
function howToJoin(p: ProviderDetails) {
  const phone = p.contactPhone ? html`call <a href="tel:${dialable(p.contactPhone)}">${p.contactPhone}</a>` : nothing;
  const email = p.contactEmail ? html`email <a href="mailto:${p.contactEmail}">${p.contactEmail}</a>` : nothing;
  if (!p.contactPhone && !p.contactEmail) return html`To join, ask ${p.name}.`;
  return html`To join, ask ${p.name}: ${phone}${p.contactPhone && p.contactEmail ? ' or ' : nothing}${email}.`;
}

const providerButton = (link: ProviderLink, actions: ProviderActions) =>
  html`<button type="button" class="link" part="provider-link" @click=${() => actions.open(link)}>${link.name}</button>`;

function consortium(p: ProviderDetails, actions: ProviderActions) {
  const c = p.consortium;
  if (!c) return nothing;
  const others = c.members.filter((m) => m.id !== p.id);
  const website = webAddress(c.website);
  return html`
    <section part="consortium">
      <h3>Part of ${c.name}</h3>
      ${paragraphs(c.description)}
      ${
        c.sharedResources.length
          ? html`<p>Its members share:</p>
            <ul>
              ${c.sharedResources.map((r) => html`<li>${r}</li>`)}
            </ul>`
          : nothing
      }
      ${website ? html`<p><a href=${website}>${c.name} website</a></p>` : nothing}
      ${
        others.length
          ? html`<h4>Other members</h4>
            <ul class="links">
              ${others.map((m) => html`<li>${providerButton(m, actions)}</li>`)}
            </ul>`
          : nothing
      }
    </section>
  `;
}

function family(p: ProviderDetails, actions: ProviderActions) {
  if (!p.parent && p.offspring.length === 0) return nothing;
  return html`
    <section part="family">
      ${
        p.parent
          ? html`<h3>Who helped start it</h3>
            <p>${p.name} was started with help from ${providerButton(p.parent, actions)}.</p>`
          : nothing
      }
      ${
        p.offspring.length
          ? html`<h3>Co-ops it helped start</h3>
            <ul class="links">
              ${p.offspring.map((o) => html`<li>${providerButton(o, actions)}<br />${o.summary}</li>`)}
            </ul>`
          : nothing
      }
    </section>
  `;
}

function contact(p: ProviderDetails) {
  const website = webAddress(p.website);
  const any = p.contactPhone || p.contactEmail || website;
  return html`
    <section part="contact">
      <h3>Contact ${p.name}</h3>
      ${
        any
          ? html`<dl class="facts">
            ${p.contactPhone ? term('Phone', html`<a href="tel:${dialable(p.contactPhone)}">${p.contactPhone}</a>`) : nothing}
            ${p.contactEmail ? term('Email', html`<a href="mailto:${p.contactEmail}">${p.contactEmail}</a>`) : nothing}
            ${website ? term('Website', html`<a href=${website}>${website.replace(/^https?:\/\/|\/$/gi, '')}</a>`) : nothing}
          </dl>`
          : html`<p>It has not published how to contact it.</p>`
      }
    </section>
  `;
}

import { html, nothing, type TemplateResult } from 'lit';
import type { CqcRating, ProviderSearchServicesQuery } from '../generated/graphql.js';
import { formatMiles, formatPence } from '../shared/format.js';
import { type Criteria, sortOf } from './search-criteria.js';

export type ServiceConnection = ProviderSearchServicesQuery['services'];
export type FoundService = ServiceConnection['edges'][number]['node'];

/**
 * A page of results as shown: the criteria it answers (not the form's current values, which the person
 * may have changed since), the `after` cursor that fetched it, and those of the pages before it, so
 * "Previous page" can ask for the one before (the API's connections page forwards only).
 */
export interface ShownPage {
  criteria: Criteria;
  earlier: (string | null)[];
  after: string | null;
  connection: ServiceConnection;
}

const CQC_WORDS: Record<CqcRating, string> = {
  OUTSTANDING: 'CQC rating: Outstanding',
  GOOD: 'CQC rating: Good',
  REQUIRES_IMPROVEMENT: 'CQC rating: Requires improvement',
  INADEQUATE: 'CQC rating: Inadequate',
  NOT_YET_RATED: 'CQC rating: not yet rated',
  NOT_REGULATED: 'No CQC rating: CQC does not inspect this kind of help',
};

const count = new Intl.NumberFormat('en-GB');

export function resultsHeading(total: number): string {
  if (total === 0) return 'No services found';
  return total === 1 ? '1 service found' : `${count.format(total)} services found`;
}

/** The place of the page's first and last result in the whole list, counting from 1. */
export function pageRange(shown: ShownPage): { from: number; to: number } {
  const from = shown.earlier.length * shown.criteria.pageSize + 1;
  return { from, to: from + shown.connection.edges.length - 1 };
}

/** What the live region says when a page of results arrives. */
export function resultsAnnouncement(shown: ShownPage): string {
  const total = shown.connection.totalCount;
  if (total === 0) return 'No services found. No services match your search.';
  const { from, to } = pageRange(shown);
  return `${resultsHeading(total)}. Showing ${from} to ${to} of ${count.format(total)}.`;
}

export interface ResultsHandlers {
  select(service: FoundService): void;
  previous(): void;
  next(): void;
}

export function renderResults(shown: ShownPage, on: ResultsHandlers): TemplateResult {
  const { connection, criteria } = shown;
  const heading = html`<h2 id="results-heading" part="results-heading" tabindex="-1">${resultsHeading(connection.totalCount)}</h2>`;
  if (connection.totalCount === 0) return html`${heading}${renderAdvice(criteria)}`;
  const { from, to } = pageRange(shown);
  const order = orderOf(criteria);
  return html`
    ${heading}
    <p class="secondary-text">
      Showing ${from} to ${to} of ${count.format(connection.totalCount)}${order}
    </p>
    <ol part="results" class="results" role="list" start=${from}>
      ${connection.edges.map((edge) => renderResult(edge.node, edge.distanceMiles ?? null, on))}
    </ol>
    ${renderPagination(shown, on)}
  `;
}

/** The caption's words for the order the search asked for. */
function orderOf(criteria: Criteria): string {
  switch (sortOf(criteria)) {
    case 'RELEVANCE':
      return criteria.postcode ? `, best matches first, counting nearness to ${criteria.postcode}` : ', best matches first';
    case 'DISTANCE':
      return `, nearest to ${criteria.postcode} first`;
    default:
      return '';
  }
}

function renderResult(service: FoundService, distanceMiles: number | null, on: ResultsHandlers): TemplateResult {
  const { provider } = service;
  const price = service.hourlyRatePence === 0 ? 'Free' : `${formatPence(service.hourlyRatePence)} an hour`;
  const travel = service.travelChargePencePerVisit > 0 ? `, plus ${formatPence(service.travelChargePencePerVisit)} travel a visit` : '';
  const badges = [
    provider.isCooperative && 'Co-operative',
    provider.paysRealLivingWage && 'Pays the Real Living Wage',
    service.acceptsDirectPayments && 'Takes direct payments',
  ].filter((badge): badge is string => Boolean(badge));
  return html`
    <li part="result" class="result">
      <h3 part="result-title">
        <button type="button" class="link" aria-describedby="provider-of-${service.id}" @click=${() => on.select(service)}>
          ${service.name}
        </button>
      </h3>
      <p class="provider" id="provider-of-${service.id}">${provider.name}</p>
      <dl class="facts">
        ${distanceMiles === null ? nothing : html`<div><dt>Distance</dt><dd>${formatMiles(distanceMiles)} away</dd></div>`}
        <div><dt>Price</dt><dd>${price}${travel}</dd></div>
        <div><dt>Type of help</dt><dd>${service.category.name}</dd></div>
        <div><dt>Quality</dt><dd>${CQC_WORDS[provider.cqcRating]}</dd></div>
      </dl>
      ${
        badges.length
          ? html`<ul class="badges" role="list" aria-label="About ${provider.name}">
              ${badges.map((badge) => html`<li class="tag" part="badge">${badge}</li>`)}
            </ul>`
          : nothing
      }
    </li>
  `;
}

function renderPagination(shown: ShownPage, on: ResultsHandlers): TemplateResult | typeof nothing {
  const hasPrevious = shown.earlier.length > 0;
  const hasNext = shown.connection.pageInfo.hasNextPage;
  if (!hasPrevious && !hasNext) return nothing;
  return html`
    <nav part="pagination" class="pagination" aria-label="Pages of results">
      ${hasPrevious ? html`<button type="button" class="secondary" @click=${on.previous}>Previous page</button>` : nothing}
      ${hasNext ? html`<button type="button" class="secondary" @click=${on.next}>Next page</button>` : nothing}
    </nav>
  `;
}

/** The empty state: what to change, for the criteria that were used, so the advice is never beside the point. */
function renderAdvice(criteria: Criteria): TemplateResult {
  const filtered = criteria.cooperativesOnly || criteria.livingWageOnly || criteria.acceptsDirectPayments || criteria.cqcRatingAtLeast;
  const ideas = [
    criteria.postcode && criteria.radiusMiles < 50 && `choose a longer distance than ${formatMiles(criteria.radiusMiles)}`,
    criteria.category && 'choose “Any type of help”',
    filtered && 'remove a filter, such as the CQC rating or “co-operatives only”',
    criteria.text && 'use other words, or fewer of them',
  ].filter((idea): idea is string => Boolean(idea));
  return html`
    <p>No services match your search.</p>
    ${
      ideas.length
        ? html`<p>You could:</p>
            <ul>
              ${ideas.map((idea) => html`<li>${idea}</li>`)}
            </ul>`
        : nothing
    }
  `;
}

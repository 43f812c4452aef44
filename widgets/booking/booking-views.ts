import { html, nothing, type TemplateResult } from 'lit';
import type { BookingQuoteQuery, BookingRequestMutation, BookingServiceQuery, BookingViewerQuery } from '../generated/graphql.js';
import { formatDate, formatDateTime, formatMinutes, formatPence } from '../shared/format.js';
import type { FieldError } from './booking-schedule.js';
import { type Context, KIND, STATUS } from './booking-words.js';

export type Service = NonNullable<BookingServiceQuery['service']>;
export type Viewer = NonNullable<BookingViewerQuery['widgetViewer']>;
export type Budget = Viewer['personalBudgets'][number];
export type Quote = Extract<BookingQuoteQuery['quote'], { __typename: 'Quote' }>;
export type Booked = Extract<BookingRequestMutation['requestBooking'], { __typename: 'Booking' }>;

export type QuoteState = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; quote: Quote } | { state: 'error'; words: string };

export const visitCount = (n: number) => (n === 1 ? '1 visit' : `${n} visits`);

/** Whether the service takes money from this kind of budget; an individual service fund pays only the provider holding it. */
export const accepts = (service: Service, budget: Budget): boolean =>
  ({
    COUNCIL_MANAGED: service.acceptsCouncilManagedBudgets,
    DIRECT_PAYMENT: service.acceptsDirectPayments,
    INDIVIDUAL_SERVICE_FUND: service.acceptsIndividualServiceFunds && budget.heldBy?.id === service.provider.id,
    SELF_FUNDED: true,
  })[budget.kind];

/** Whose budget pays and what it has available; a choice first when more than one could pay. */
export function budgetView(budgets: readonly Budget[], budget: Budget, whose: string, choose: (id: string) => void): TemplateResult {
  const choice = html`<div class="field">
    <label for="budget">Which budget pays</label>
    <select id="budget" @change=${(e: Event) => choose((e.target as HTMLSelectElement).value)}>
      ${budgets.map(
        (b) =>
          html`<option value=${b.id} ?selected=${b === budget}>
            ${KIND[b.kind]}, ${formatDate(b.periodStart)} to ${formatDate(b.periodEnd)}: ${formatPence(b.availablePence)} available
          </option>`,
      )}
    </select>
  </div>`;
  return html`${budgets.length > 1 ? choice : nothing}
    <p part="budget" class="panel">${whose}: <strong>${formatPence(budget.availablePence)}</strong> available</p>`;
}

/** The first and last visits' starts, in UK time. */
function span(starts: readonly string[]): string {
  const [first, last] = [starts[0], starts.at(-1)];
  if (!first || !last) return '';
  return first === last ? formatDateTime(first) : `${formatDateTime(first)} to ${formatDateTime(last)}`;
}

function figures(quote: Quote, context: Context): TemplateResult {
  const budget = quote.budget;
  const row = (term: string, value: unknown) => html`<div><dt>${term}</dt><dd>${value}</dd></div>`;
  const travel = quote.travelIncluded ? 'Included in the hourly rate' : formatPence(quote.travelPence);
  const area = quote.coversPostcode ? 'the service covers it' : 'the service does not reach it';
  let left: string | typeof nothing = nothing;
  if (budget) {
    left =
      budget.shortByPence > 0
        ? `${formatPence(budget.availablePence)} available: ${formatPence(budget.shortByPence)} short for these visits`
        : `${formatPence(budget.availablePence)} available; ${formatPence(budget.leftAfterPence)} after this booking`;
  }
  return html`<dl class="figures">
      ${row('Visits', `${visitCount(quote.visitCount)}, ${formatMinutes(Math.round(quote.hours * 60))} of care`)}
      ${row('When', span(quote.visits.map((v) => v.start)))} ${row('Care', formatPence(quote.careCostPence))}
      ${row('Travel', travel)} ${row('Total', html`<strong>${formatPence(quote.totalPence)}</strong>`)}
      ${quote.weeks > 1 ? row('A week, on average', formatPence(quote.perWeekPence)) : nothing}
      ${row('Care given at', `${quote.postcode}: ${area}`)} ${left === nothing ? nothing : row(context.whose, left)}
    </dl>
    ${
      quote.bookable
        ? nothing
        : html`<p>This booking cannot be made as it stands:</p>
          <ul>
            ${quote.notBookableReasons.map((reason) => html`<li>${reason}</li>`)}
          </ul>`
    }
    ${
      quote.belowFairPriceFloor
        ? html`<p class="fair-price">
          For information: this service’s rate of ${formatPence(quote.hourlyRatePence)} an hour is below the fair-price guide of
          ${formatPence(quote.fairPriceFloorPence)} an hour. You can still book it.
        </p>`
        : nothing
    }`;
}

/** The live price: what the visits cost, whether the service reaches the person, and what the budget would have left. */
export function quoteView(quote: QuoteState, context: Context): TemplateResult {
  const body = {
    idle: () => html`<p>The price appears here when you have said when the visits are, and how long.</p>`,
    loading: () => html`<p class="loading">Working out the price</p>`,
    error: () => html`<p class="error-message" role="alert">${quote.state === 'error' ? quote.words : ''}</p>`,
    ready: () => (quote.state === 'ready' ? figures(quote.quote, context) : nothing),
  }[quote.state]();
  return html`<section class="panel" part="quote" aria-labelledby="quote-title">
    <h3 id="quote-title">Price</h3>
    ${body}
  </section>`;
}

/** GOV.UK's error summary: each mistake, linked to its field; focused after a failed submit. */
export function errorSummaryView(errors: readonly FieldError[], focus: (id: string) => void) {
  if (errors.length === 0) return nothing;
  return html`<div class="error-summary" part="error-summary" tabindex="-1">
    <div role="alert">
      <h2>There is a problem</h2>
      <ul>
        ${errors.map(({ field, text }) =>
          field
            ? html`<li>
                <a
                  href="#${field}"
                  @click=${(e: Event) => {
                    e.preventDefault();
                    focus(field);
                  }}
                  >${text}</a
                >
              </li>`
            : html`<li>${text}</li>`,
        )}
      </ul>
    </div>
  </div>`;
}

export function confirmationView(booked: Booked, service: Service, whose: string, bookAnother: () => void): TemplateResult {
  return html`<div class="confirmation" part="confirmation">
      <h2 id="confirmation-title" tabindex="-1">Booking requested</h2>
      <p>
        ${visitCount(booked.visits.length)} of ${service.name} from ${service.provider.name}:
        ${span(booked.visits.map((v) => v.startsAt))}.
      </p>
      <p>Total <strong>${formatPence(booked.totalPence)}</strong>, held on ${whose}, which now has
        ${formatPence(booked.budget.availablePence)} available.</p>
      <p>${STATUS[booked.status]}</p>
    </div>
    <button type="button" class="secondary" @click=${bookAnother}>Book more visits</button>`;
}

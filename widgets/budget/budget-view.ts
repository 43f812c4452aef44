import { html, nothing, type TemplateResult } from 'lit';
import type { BudgetDetailsFragment } from '../generated/graphql.js';
import { BUDGET_KIND_WORDS } from '../shared/budget-words.js';
import { formatDate, formatDateTime, formatMinutes, formatPence } from '../shared/format.js';

type Kind = BudgetDetailsFragment['kind'];
type Visit = BudgetDetailsFragment['upcomingVisits']['edges'][number]['node'];

/** Only money paid in can be spent from these (the schema's `availablePence`): paid in is what matters. */
const FUNDED_BY_PAYMENTS: ReadonlySet<Kind> = new Set(['DIRECT_PAYMENT', 'SELF_FUNDED']);

/** "Margaret Hirst’s council-managed budget": whose, and which kind, in words. */
export const budgetTitle = (budget: BudgetDetailsFragment): string => `${budget.person.name}’s ${BUDGET_KIND_WORDS[budget.kind]}`;

/** Who pays the money in and how, as the person would say it. */
function whoPays(budget: BudgetDetailsFragment): string {
  const council = budget.council?.name ?? 'The council';
  switch (budget.kind) {
    case 'COUNCIL_MANAGED':
      return `${council} holds this budget and pays for the care booked from it.`;
    case 'DIRECT_PAYMENT':
      return `${council} pays this budget in instalments; only money paid in can be spent.`;
    case 'INDIVIDUAL_SERVICE_FUND':
      return `${council} pays this budget to ${budget.heldBy?.name ?? 'a care provider'}, who hold it for the care agreed.`;
    case 'SELF_FUNDED':
      return 'This is your own money: only what has been paid in can be spent.';
  }
}

function figure(label: string, hint: string, pence: number): TemplateResult {
  return html`<div class="figure">
    <dt>${label} <span class="hint">${hint}</span></dt>
    <dd class="numeric">${formatPence(pence)}</dd>
  </div>`;
}

function balances(budget: BudgetDetailsFragment): TemplateResult {
  const byPayments = FUNDED_BY_PAYMENTS.has(budget.kind);
  return html`<dl class="balances" part="balances">
    <div class="figure available" part="available">
      <dt>Available <span class="hint">What new bookings can still use.</span></dt>
      <dd class="numeric">${formatPence(budget.availablePence)}</dd>
    </div>
    ${budget.kind === 'SELF_FUNDED' ? nothing : figure('Allocated', 'Given by the council for the whole period.', budget.allocatedPence)}
    ${
      byPayments || budget.paidInPence > 0
        ? figure(
            'Paid in',
            byPayments ? 'Paid into the budget so far: only this can be spent.' : 'Money added as top-ups.',
            budget.paidInPence,
          )
        : nothing
    }
    ${figure('Committed', 'Held for visits booked but not yet paid for.', budget.committedPence)}
    ${figure('Spent', 'Paid for visits that have happened.', budget.spentPence)}
  </dl>`;
}

function visitStatus(visit: Visit, now: number): string {
  const starts = Date.parse(visit.startsAt);
  if (starts <= now && now < starts + visit.minutes * 60_000) return 'Happening now';
  return visit.worker ? `Confirmed: ${visit.worker.name} will visit` : `Waiting for ${visit.service.provider.name} to confirm`;
}

function visits(budget: BudgetDetailsFragment, headingId: string): TemplateResult {
  const { edges, totalCount } = budget.upcomingVisits;
  const rest = totalCount - edges.length;
  const now = Date.now();
  return html`<section class="visits" part="visits" aria-labelledby=${headingId}>
    <h3 id=${headingId}>Upcoming visits</h3>
    ${
      edges.length === 0
        ? html`<p>No visits are booked from this budget from now on.</p>`
        : html`<ol class="visit-list">
            ${edges.map(
              ({ node }) => html`<li class="visit">
                <strong>${formatDateTime(node.startsAt)}</strong>, ${formatMinutes(node.minutes)}<br />
                ${node.service.name}, ${node.service.provider.name}<br />
                <span class="secondary-text">${visitStatus(node, now)}</span>
              </li>`,
            )}
          </ol>`
    }
    ${rest > 0 ? html`<p>And ${rest} more ${rest === 1 ? 'visit' : 'visits'} after these.</p>` : nothing}
  </section>`;
}

export interface BudgetViewOptions {
  /** Makes the section's ids unique within the widget. */
  index: number;
  /** Several budgets are shown: the download button's name says which. */
  several: boolean;
  /** A statement is on its way: the buttons wait for it. */
  downloading: boolean;
  downloadError: string | null;
  onDownload: (budget: BudgetDetailsFragment) => void;
}

/** One budget: whose and what, the period, the money with "available" first, the visits to come and the statement. */
export function budgetView(budget: BudgetDetailsFragment, options: BudgetViewOptions): TemplateResult {
  const id = `budget-${options.index}`;
  const title = budgetTitle(budget);
  const period = `${formatDate(budget.periodStart)} to ${formatDate(budget.periodEnd)}`;
  return html`<section class="budget" part="budget" aria-labelledby="${id}-heading">
    <h2 id="${id}-heading" part="heading">${title}</h2>
    <p>${whoPays(budget)} It covers ${period}.</p>
    ${balances(budget)} ${visits(budget, `${id}-visits`)}
    <div class="statement">
      <button
        type="button"
        class="secondary"
        part="statement-button"
        aria-disabled=${options.downloading ? 'true' : 'false'}
        @click=${() => options.onDownload(budget)}
      >
        Download statement (CSV)${options.several ? html`<span class="visually-hidden"> for ${title}, ${period}</span>` : nothing}
      </button>
      <div role="alert" class="download-error">
        ${options.downloadError ? html`<p class="error-message">${options.downloadError}</p>` : nothing}
      </div>
    </div>
  </section>`;
}

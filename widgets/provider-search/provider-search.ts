import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ProviderSearchCategoriesDocument, ProviderSearchServicesDocument } from '../generated/graphql.js';
import type { CqcRating, ProviderSearchCategoriesQuery } from '../generated/graphql.js';
import { CoopcareRequestError } from '../shared/client.js';
import { CoopcareElement } from '../shared/element.js';
import { errorWords } from '../shared/error-words.js';
import { CoopcareSelectEvent } from '../shared/events.js';
import { formatMiles } from '../shared/format.js';
import { LatestRequest } from '../shared/latest-request.js';
import { searchStyles } from './provider-search.styles.js';
import { type Criteria, type Failure, type Field, fieldOf, sameCriteria, variablesOf } from './search-criteria.js';
import { type FoundService, renderResults, resultsAnnouncement, type ShownPage } from './search-results.js';

const RADII = [1, 2, 5, 10, 15, 25, 50];
const CQC_CHOICES: [CqcRating | '', string][] = [
  ['', 'Any rating, or none'],
  ['OUTSTANDING', 'Outstanding'],
  ['GOOD', 'Good or outstanding'],
  ['REQUIRES_IMPROVEMENT', 'Requires improvement or better'],
];
/** The search's own words where the shared ones speak only of postcodes: here a town will do too. */
const LOCATION_WORDS = {
  INVALID_POSTCODE: 'Enter a postcode, like HD1 2TA, the first part of one, like HD1, or a town or village, like Holmfirth.',
};

const FILTERS = [
  ['cooperativesOnly', 'are co-operatives, owned by their members'],
  ['livingWageOnly', 'pay their staff the Real Living Wage'],
  ['acceptsDirectPayments', 'take direct payments'],
] as const;

/**
 * Search the care directory: residents find co-operative care near them by what they need, their
 * postcode, the type of help and the things that matter to them (co-operatives, the Real Living Wage,
 * direct payments, the CQC rating).
 *
 * Put it on any page with the coopcare script tag. Preset the search with attributes (a council its
 * postcode area, a charity a type of help): when `postcode`, `text` or `category` is given the first
 * search runs as the page loads; otherwise the widget waits for the person. Changing an attribute later
 * searches again. Choosing a result fires `coopcare-select`: the page decides what opening it means
 * (show a `<coopcare-provider>`, go to a booking page). Focus moves to the results after a search the
 * person made, and to the error summary when it fails; searches the page starts never move focus.
 *
 * @summary A search form and its results: services with distance, price, CQC rating and badges, a page at a time.
 *
 * @fires coopcare-select - A service was chosen: `detail` is `{ providerId, serviceId, providerSlug }`.
 *
 * @csspart form - The search form.
 * @csspart search-button - The form's "Search" button.
 * @csspart error-summary - The "There is a problem" box shown when a search fails.
 * @csspart results-heading - The heading that counts the results ("37 services found").
 * @csspart results - The ordered list of results.
 * @csspart result - One result in the list.
 * @csspart result-title - A result's heading, holding the button that chooses it.
 * @csspart badge - A tag on a result: "Co-operative", "Pays the Real Living Wage", "Takes direct payments".
 * @csspart pagination - The "Previous page" and "Next page" buttons.
 */
@customElement('coopcare-provider-search')
export class CoopcareProviderSearch extends CoopcareElement {
  static override styles = [...CoopcareElement.styles, searchStyles];

  /** Words to look for, e.g. "help getting dressed"; typos and word forms are forgiven. */
  @property() text = '';

  /**
   * A full postcode ("HD1 2TA"), a district ("HD1") or a town or village ("Holmfirth"): results are within
   * `radius-miles` of it, nearest first.
   */
  @property() postcode = '';

  /** A type of help by its slug, e.g. `personal-care` or `gardening-and-maintenance`; empty for any. */
  @property() category = '';

  /** How far from the postcode to look, in miles: more than 0, at most 100. */
  @property({ type: Number, attribute: 'radius-miles' }) radiusMiles = 5;

  /** Results on a page: 1 to 50. */
  @property({ type: Number, attribute: 'page-size' }) pageSize = 10;

  @state() private cooperativesOnly = false;
  @state() private livingWageOnly = false;
  @state() private acceptsDirectPayments = false;
  @state() private cqcRatingAtLeast: CqcRating | '' = '';

  @state() private categories: ProviderSearchCategoriesQuery['serviceCategories'] | null = null;
  @state() private categoriesFailed = false;
  @state() private loading = false;
  @state() private shown: ShownPage | null = null;
  @state() private failure: Failure | null = null;
  /** What the polite live region says: counts when results arrive. */
  @state() private announcement = '';
  /** What the alert region says: failures of searches the person did not start, so focus stays put. */
  @state() private alert = '';

  @query('#results-heading') private resultsHeading?: HTMLElement;
  @query('.error-summary') private errorSummary?: HTMLElement;

  /** The criteria of the latest search sent, so a change of attribute is told from a re-render. */
  private requested: Criteria | null = null;
  private readonly searches = new LatestRequest();
  private readonly categoryLoads = new LatestRequest();

  protected override willUpdate(changed: PropertyValues<this>) {
    if (changed.has('api')) void this.loadCategories();
    const wanted = this.criteria();
    const due = this.requested
      ? !sameCriteria(wanted, this.requested) || (this.hasUpdated && changed.has('api'))
      : Boolean(wanted.text || wanted.postcode || wanted.category);
    if (due) void this.search(wanted, { earlier: [], after: null }, false);
  }

  /** The properties as one search's criteria, out-of-range numbers brought within what the API takes. */
  private criteria(): Criteria {
    const radius = Number.isFinite(this.radiusMiles) && this.radiusMiles > 0 ? Math.min(this.radiusMiles, 100) : 5;
    const size = Number.isFinite(this.pageSize) && this.pageSize >= 1 ? Math.min(Math.floor(this.pageSize), 50) : 10;
    return {
      text: this.text.trim(),
      postcode: this.postcode.trim(),
      category: this.category.trim(),
      radiusMiles: radius,
      pageSize: size,
      cooperativesOnly: this.cooperativesOnly,
      livingWageOnly: this.livingWageOnly,
      acceptsDirectPayments: this.acceptsDirectPayments,
      cqcRatingAtLeast: this.cqcRatingAtLeast,
    };
  }

  private async loadCategories() {
    const signal = this.categoryLoads.start();
    try {
      const data = await this.send(ProviderSearchCategoriesDocument, {}, { signal });
      this.categories = data.serviceCategories;
      this.categoriesFailed = false;
    } catch {
      if (signal.aborted) return;
      this.categoriesFailed = true;
    }
  }

  /**
   * Sends one search; a newer one aborts it, so a slow answer never replaces a later one. `byPerson`
   * moves focus to what the answer shows; searches the page starts announce it instead.
   */
  private async search(criteria: Criteria, page: Pick<ShownPage, 'earlier' | 'after'>, byPerson: boolean) {
    const signal = this.searches.start();
    this.requested = criteria;
    this.loading = true;
    this.failure = null;
    // Emptied first so the same words said again (the same search repeated) are announced again.
    this.announcement = '';
    this.alert = '';
    try {
      const data = await this.send(ProviderSearchServicesDocument, variablesOf(criteria, page.after), { signal });
      this.shown = { criteria, ...page, connection: data.services };
      this.announcement = resultsAnnouncement(this.shown);
    } catch (error) {
      if (signal.aborted) return;
      this.shown = null;
      const candidates = error instanceof CoopcareRequestError ? error.candidates : [];
      this.failure = { words: errorWords(error, LOCATION_WORDS), field: fieldOf(error), candidates };
      if (!byPerson) this.alert = this.failure.words;
    } finally {
      if (!signal.aborted) this.loading = false;
    }
    if (!byPerson) return;
    await this.updateComplete;
    // A search started meanwhile moves focus when its own answer comes.
    if (!this.searches.isLatest(signal)) return;
    (this.failure ? this.errorSummary : this.resultsHeading)?.focus();
  }

  private onSubmit(event: SubmitEvent) {
    event.preventDefault();
    const form = new FormData(event.target as HTMLFormElement);
    const value = (name: string) => String(form.get(name) ?? '').trim();
    // The properties follow the form, so the page can read what was searched, and an attribute it
    // changes later searches from the person's choices.
    this.text = value('text');
    this.postcode = value('postcode');
    this.category = value('category');
    this.radiusMiles = Number(value('radius'));
    this.cooperativesOnly = form.has('cooperativesOnly');
    this.livingWageOnly = form.has('livingWageOnly');
    this.acceptsDirectPayments = form.has('acceptsDirectPayments');
    this.cqcRatingAtLeast = value('cqc') as CqcRating | '';
    void this.search(this.criteria(), { earlier: [], after: null }, true);
  }

  private readonly select = (service: FoundService) => {
    const { provider } = service;
    this.dispatchEvent(new CoopcareSelectEvent({ providerId: provider.id, serviceId: service.id, providerSlug: provider.slug }));
  };

  private readonly previousPage = () => {
    if (!this.shown) return;
    const { criteria, earlier } = this.shown;
    void this.search(criteria, { earlier: earlier.slice(0, -1), after: earlier.at(-1) ?? null }, true);
  };

  private readonly nextPage = () => {
    if (!this.shown) return;
    const { criteria, earlier, after, connection } = this.shown;
    void this.search(criteria, { earlier: [...earlier, after], after: connection.pageInfo.endCursor ?? null }, true);
  };

  /** A place chosen from an ambiguous name's candidates: searched for as if typed and submitted. */
  private choosePlace(name: string) {
    const input = this.renderRoot.querySelector<HTMLInputElement>('#postcode');
    const form = this.renderRoot.querySelector<HTMLFormElement>('form');
    if (!input || !form) return;
    input.value = name;
    form.requestSubmit();
  }

  private focusTarget(event: Event, id: string) {
    event.preventDefault();
    this.renderRoot.querySelector<HTMLElement>(`#${id}`)?.focus();
  }

  override render() {
    return html`
      ${this.failure ? this.renderErrorSummary(this.failure) : nothing}
      <form part="form" role="search" aria-label="Search for care" novalidate @submit=${this.onSubmit}>
        <div class="fields">
          ${this.renderTextField()} ${this.renderPostcodeField()} ${this.renderCategoryField()} ${this.renderRadiusField()}
          ${this.renderPlaceChoices()}
        </div>
        ${this.renderFilters()}
        <button type="submit" part="search-button">Search</button>
      </form>
      <div class="results-area" aria-busy=${this.loading ? 'true' : 'false'}>
        ${this.loading ? html`<p class="loading">Searching for care…</p>` : nothing}
        ${this.shown ? renderResults(this.shown, { select: this.select, previous: this.previousPage, next: this.nextPage }) : nothing}
      </div>
      <div role="status" class="visually-hidden">${this.announcement}</div>
      <div role="alert" class="visually-hidden">${this.alert}</div>
    `;
  }

  private renderErrorSummary(failure: Failure) {
    // With places to choose from, the way on is choosing one: the link goes to the first choice.
    const target = failure.field === 'postcode' && failure.candidates.length > 0 ? 'place-choice-button-0' : failure.field;
    return html`
      <div class="error-summary" part="error-summary" tabindex="-1">
        <h2>There is a problem</h2>
        ${
          target
            ? html`<ul>
                <li><a href="#${target}" @click=${(event: Event) => this.focusTarget(event, target)}>${failure.words}</a></li>
              </ul>`
            : html`<p>${failure.words}</p>`
        }
      </div>
    `;
  }

  /** A field's error message, when the failure is that field's, and the ids its control is described by. */
  private fieldError(field: Field, hint: string | null) {
    const words = this.failure?.field === field ? this.failure.words : null;
    const describedBy = [hint, words && `${field}-error`].filter(Boolean).join(' ');
    return {
      css: words ? 'field field--error' : 'field',
      message: words
        ? html`<p id="${field}-error" class="error-message"><span class="visually-hidden">Error:</span> ${words}</p>`
        : nothing,
      describedBy: describedBy || nothing,
      invalid: words ? 'true' : nothing,
    };
  }

  private renderTextField() {
    const error = this.fieldError('text', 'text-hint');
    return html`
      <div class=${error.css}>
        <label for="text">What help do you need?</label>
        <span class="hint" id="text-hint">In your own words, for example “getting dressed” or “gardening”</span>
        ${error.message}
        <input id="text" name="text" type="text" maxlength="200" enterkeyhint="search" autocomplete="off"
          aria-describedby=${error.describedBy} aria-invalid=${error.invalid} .value=${this.text} />
      </div>
    `;
  }

  private renderPostcodeField() {
    const error = this.fieldError('postcode', 'postcode-hint');
    return html`
      <div class=${error.css}>
        <label for="postcode">Postcode or town</label>
        <span class="hint" id="postcode-hint">For example, HD1 2TA, HD1 or Holmfirth</span>
        ${error.message}
        <input id="postcode" name="postcode" type="text" class="postcode" autocomplete="postal-code" spellcheck="false"
          aria-describedby=${error.describedBy} aria-invalid=${error.invalid} .value=${this.postcode} />
      </div>
    `;
  }

  /** Below all the fields, across the form's width, so offering them moves no other field. */
  private renderPlaceChoices() {
    const candidates = this.failure?.field === 'postcode' ? this.failure.candidates : [];
    if (candidates.length === 0) return nothing;
    return html`
      <div class="place-choices" role="group" aria-labelledby="place-choices-label">
        <p id="place-choices-label">Which do you mean?</p>
        <ul>
          ${candidates.map(
            (c, i) => html`
              <li>
                <button type="button" id="place-choice-button-${i}" class="place-choice secondary" aria-describedby="place-choice-${i}"
                  @click=${() => this.choosePlace(c.name)}>
                  ${c.name}
                </button>
                <span class="hint" id="place-choice-${i}">${c.description}</span>
              </li>
            `,
          )}
        </ul>
      </div>
    `;
  }

  private renderCategoryField() {
    const known = this.categories ?? [];
    // A preset the list does not hold (yet, or at all) stays chosen rather than silently becoming "any".
    const unlisted = this.category && !known.some((c) => c.slug === this.category) ? [{ slug: this.category, name: this.category }] : [];
    const error = this.fieldError('category', this.categoriesFailed ? 'category-hint' : null);
    return html`
      <div class=${error.css}>
        <label for="category">Type of help</label>
        ${
          this.categoriesFailed
            ? html`<span class="hint" id="category-hint">The types of help could not be loaded; you can search without one.</span>`
            : nothing
        }
        ${error.message}
        <select id="category" name="category" aria-describedby=${error.describedBy} aria-invalid=${error.invalid}>
          <option value="" .selected=${!this.category}>Any type of help</option>
          ${[...known, ...unlisted].map((c) => html`<option value=${c.slug} .selected=${c.slug === this.category}>${c.name}</option>`)}
        </select>
      </div>
    `;
  }

  private renderRadiusField() {
    const error = this.fieldError('radius', 'radius-hint');
    const radius = this.criteria().radiusMiles;
    const radii = RADII.includes(radius) ? RADII : [...RADII, radius].sort((a, b) => a - b);
    return html`
      <div class=${error.css}>
        <label for="radius">Distance</label>
        <span class="hint" id="radius-hint">How far from the postcode or town</span>
        ${error.message}
        <select id="radius" name="radius" aria-describedby=${error.describedBy} aria-invalid=${error.invalid}>
          ${radii.map((miles) => html`<option value=${miles} .selected=${miles === radius}>Within ${formatMiles(miles)}</option>`)}
        </select>
      </div>
    `;
  }

  private renderFilters() {
    return html`
      <div class="filters">
        <fieldset>
          <legend>Only show services that</legend>
          ${FILTERS.map(
            ([name, words]) => html`
              <label class="choice"><input type="checkbox" id=${name} name=${name} .checked=${this[name]} />${words}</label>
            `,
          )}
        </fieldset>
        <div class="field">
          <label for="cqc">Care Quality Commission (CQC) rating</label>
          <span class="hint" id="cqc-hint">Choosing a rating leaves out help CQC does not inspect, like gardening</span>
          <select id="cqc" name="cqc" aria-describedby="cqc-hint">
            ${CQC_CHOICES.map(
              ([value, words]) => html`<option value=${value} .selected=${value === this.cqcRatingAtLeast}>${words}</option>`,
            )}
          </select>
        </div>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'coopcare-provider-search': CoopcareProviderSearch;
  }
}

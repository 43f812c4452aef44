import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, query, state } from 'lit/decorators.js';
import { ProviderPageDocument } from '../generated/graphql.js';
import type { ProviderPageQuery } from '../generated/graphql.js';
import { CoopcareRequestError } from '../shared/client.js';
import { CoopcareElement } from '../shared/element.js';
import { errorWords } from '../shared/error-words.js';
import { LatestRequest } from '../shared/latest-request.js';
import { CoopcareSelectEvent } from '../shared/events.js';
import { type ProviderLink, renderProvider } from './provider-sections.js';
import { providerStyles } from './provider.styles.js';

export type ProviderDetails = NonNullable<ProviderPageQuery['provider']>;

type Wanted = { id: string } | { slug: string };

const NOT_FOUND = 'We could not find this provider. It may no longer be listed.';

/**
 * One co-op's (or other care provider's) page: what it offers and at what price, where it works, how
 * it is owned, its consortium, the co-ops it started, its CQC rating and how to contact it.
 *
 * Give it `provider-id` (the id `coopcare-select` carries) or `slug` (as in the provider's address,
 * e.g. `colne-valley-care-co-operative`); whichever was set last wins, and setting either later loads
 * that provider. The buttons naming related co-ops (the one that started it, those it started, fellow
 * members of its consortium) load them in the same widget and fire `coopcare-select`, so the page may
 * update its address bar. Each bookable service has a "Book this service" button that fires
 * `coopcare-select` with the service's id: open `<coopcare-booking service-id>` with it, or set
 * `no-booking` when the page has no booking to offer. When the person opens a related co-op (or tries
 * again after a failure) inside the widget, focus moves to the new provider's name; when the page sets
 * `provider-id` or `slug`, focus stays where the page puts it, so the page and the widget never pull
 * focus two ways (the council page moves it to the heading above the widget).
 *
 * @summary A care provider's page from the coopcare directory, by id or slug.
 * @fires {CoopcareSelectEvent} coopcare-select - A person opened a related co-op (`serviceId` null) or chose to book a
 *   service: `detail` is `{ providerId, serviceId, providerSlug }`.
 * @csspart header - The provider's name, summary, badges and CQC rating.
 * @csspart badge - Each tag: "Co-operative", "Pays the Real Living Wage".
 * @csspart about - The description and facts about its staff.
 * @csspart services - The list of services.
 * @csspart service - One service: its name, price and terms.
 * @csspart book-button - A service's "Book this service" button.
 * @csspart areas - The areas it serves and where it is based.
 * @csspart ownership - How it is owned: legal form and the table of members and board seats.
 * @csspart ownership-table - The table of member classes and board seats.
 * @csspart time-bank - The co-op's time bank in numbers and what out-of-hours help earns, when it has one.
 * @csspart consortium - The consortium it belongs to and what members share.
 * @csspart family - The co-op that started it and the co-ops it started.
 * @csspart provider-link - A button that opens another provider in this widget.
 * @csspart contact - Phone, email and website.
 * @csspart loading - The words shown while a provider loads.
 * @csspart message - Not found and failure messages.
 * @csspart retry-button - "Try again" after a failure to reach coopcare.
 */
@customElement('coopcare-provider')
export class CoopcareProvider extends CoopcareElement {
  static override styles = [...CoopcareElement.styles, providerStyles];

  #providerId: string | null = null;
  #slug: string | null = null;
  /** Which of provider-id and slug was set last: that one says which provider to show. */
  #wanted: Wanted | null = null;
  /** The provider the current (or last) request asked for. */
  #asked: Wanted | null = null;
  #request = new LatestRequest();
  /** The person opened a related co-op inside the widget: its load moves focus to the new name. */
  #openedHere = false;

  /**
   * The provider to show, by id (`Provider.id`, as `coopcare-select` carries it). Once a provider is
   * shown, this and `slug` both name it.
   */
  @property({ attribute: 'provider-id', reflect: true })
  get providerId(): string | null {
    return this.#providerId;
  }
  set providerId(value: string | null) {
    const old = this.#providerId;
    this.#providerId = value?.trim() || null;
    if (this.#providerId) this.#wanted = { id: this.#providerId };
    this.requestUpdate('providerId', old);
  }

  /** The provider to show, by slug (`Provider.slug`, e.g. `colne-valley-care-co-operative`); see `provider-id`. */
  @property({ reflect: true })
  get slug(): string | null {
    return this.#slug;
  }
  set slug(value: string | null) {
    const old = this.#slug;
    this.#slug = value?.trim() || null;
    if (this.#slug) this.#wanted = { slug: this.#slug };
    this.requestUpdate('slug', old);
  }

  /** Hides the "Book this service" buttons, for a page that has no booking widget to open. */
  @property({ attribute: 'no-booking', type: Boolean, reflect: true }) noBooking = false;

  @state() private provider: ProviderDetails | null = null;
  @state() private phase: 'idle' | 'loading' | 'shown' | 'not-found' | 'failed' = 'idle';
  @state() private failure = '';
  @state() private announcement = '';

  @query('#provider-name') private nameHeading!: HTMLElement | null;
  @query('#provider-message') private message!: HTMLElement | null;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#request.abort();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A widget moved in the page was disconnected (its request aborted): it asks again.
    if (this.hasUpdated && this.phase === 'loading' && this.#asked) void this.#load(this.#asked, false);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    const apiChanged = this.hasUpdated && changed.has('api');
    if (!apiChanged && !changed.has('providerId') && !changed.has('slug')) return;
    if (!this.providerId && !this.slug) {
      this.#request.abort();
      this.#wanted = this.#asked = this.provider = null;
      this.phase = 'idle';
      this.announcement = '';
      return;
    }
    if (this.#wanted && (apiChanged || !this.#isCurrent(this.#wanted))) {
      void this.#load(this.#wanted, this.#openedHere);
      this.#openedHere = false;
    }
  }

  /** Whether `wanted` is the provider already shown, or already on its way. */
  #isCurrent(wanted: Wanted): boolean {
    if (this.phase === 'loading') return sameProvider(wanted, this.#asked);
    if (this.phase !== 'shown' || !this.provider) return false;
    return 'id' in wanted ? wanted.id === this.provider.id : wanted.slug === this.provider.slug;
  }

  async #load(wanted: Wanted, moveFocus: boolean): Promise<void> {
    const signal = this.#request.start();
    this.#asked = wanted;
    this.phase = 'loading';
    this.announcement = 'Loading the provider’s details.';
    try {
      const variables = 'id' in wanted ? { id: wanted.id } : { slug: wanted.slug };
      const { provider } = await this.send(ProviderPageDocument, variables, { signal });
      if (signal.aborted) return;
      if (provider) this.#show(provider);
      else this.#fail('not-found', NOT_FOUND);
    } catch (error) {
      if (signal.aborted) return;
      // A malformed id is a provider no one can find: the person needs the same words, not a code.
      const notFound = error instanceof CoopcareRequestError && (error.code === 'BAD_USER_INPUT' || error.code === 'NOT_FOUND');
      if (notFound) this.#fail('not-found', NOT_FOUND);
      else this.#fail('failed', errorWords(error));
    }
    if (!moveFocus) return;
    await this.updateComplete;
    if (!signal.aborted) (this.provider ? this.nameHeading : this.message)?.focus();
  }

  #show(provider: ProviderDetails): void {
    this.provider = provider;
    this.phase = 'shown';
    this.announcement = `Showing ${provider.name}.`;
    // Both attributes now name what is shown, so a page reading either sees the same provider.
    this.providerId = provider.id;
    this.slug = provider.slug;
  }

  #fail(phase: 'not-found' | 'failed', words: string): void {
    this.provider = null;
    this.phase = phase;
    this.failure = words;
    // The alert says it; a status saying it too would be read twice.
    this.announcement = '';
  }

  #open = (link: ProviderLink): void => {
    this.dispatchEvent(new CoopcareSelectEvent({ providerId: link.id, serviceId: null, providerSlug: link.slug }));
    this.#openedHere = true;
    // Slug first, so the id (which never changes) is the one set last and asked for.
    this.slug = link.slug;
    this.providerId = link.id;
  };

  #book = (serviceId: string): void => {
    if (!this.provider) return;
    this.dispatchEvent(new CoopcareSelectEvent({ providerId: this.provider.id, serviceId, providerSlug: this.provider.slug }));
  };

  #retry = (): void => {
    if (this.#asked) void this.#load(this.#asked, true);
  };

  protected override render() {
    return html`
      <div role="status" class="visually-hidden">${this.announcement}</div>
      ${this.phase === 'loading' ? html`<p class="loading" part="loading">Loading the provider’s details…</p>` : nothing}
      ${this.#body()}
    `;
  }

  #body() {
    if (this.phase === 'not-found' || this.phase === 'failed') {
      return html`
        <div class="message" role="alert" part="message">
          <p id="provider-message" tabindex="-1">${this.failure}</p>
          ${
            this.phase === 'failed'
              ? html`<button type="button" class="secondary" part="retry-button" @click=${this.#retry}>Try again</button>`
              : nothing
          }
        </div>
      `;
    }
    if (!this.provider) return nothing;
    return html`<div aria-busy=${this.phase === 'loading' ? 'true' : 'false'}>
      ${renderProvider(this.provider, { open: this.#open, book: this.noBooking ? null : this.#book })}
    </div>`;
  }
}

function sameProvider(a: Wanted, b: Wanted | null): boolean {
  if (!b) return false;
  return 'id' in a ? 'id' in b && a.id === b.id : 'slug' in b && a.slug === b.slug;
}

declare global {
  interface HTMLElementTagNameMap {
    'coopcare-provider': CoopcareProvider;
  }
}

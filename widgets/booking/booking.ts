import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { BookingQuoteDocument, BookingRequestDocument, BookingServiceDocument, BookingViewerDocument } from '../generated/graphql.js';
import { CoopcareRequestError } from '../shared/client.js';
import { CoopcareSessionElement } from '../shared/session-element.js';
import { errorWords } from '../shared/error-words.js';
import { CoopcareBookedEvent, CoopcareSessionExpiredEvent } from '../shared/events.js';
import { formatMinutes, formatPence } from '../shared/format.js';
import { LatestRequest } from '../shared/latest-request.js';
import { styles } from './booking.styles.js';
import { scheduleFields } from './booking-fields.js';
import {
  checkSchedule,
  type Draft,
  type FieldError,
  fieldOfArgument,
  firstScheduleField,
  lengthenTo,
  newDraft,
  type Schedule,
} from './booking-schedule.js';
import {
  accepts,
  type Booked,
  type Budget,
  budgetView,
  confirmationView,
  errorSummaryView,
  type QuoteState,
  quoteView,
  type Service,
  type Viewer,
  visitCount,
} from './booking-views.js';
import { type Context, KIND, possessive, REQUEST_WORDS, refusalWords } from './booking-words.js';
import { londonDate } from './london-time.js';

/** How long before a session ends the page is asked for a new one: time to mint it before any request fails. */
const SESSION_WARNING_MS = 2 * 60_000;
/**
 * The API's bounds on a widget session's life. A browser whose clock is wrong sees the time left outside
 * them; held inside them, it neither asks for new sessions in a rush nor too late.
 */
const SESSION_MS = { min: 60_000, max: 15 * 60_000 };
/** Typing pauses this long before the quote is asked for: one request per change, not per keystroke. */
const QUOTE_DELAY_MS = 300;

/**
 * Books visits of one service for a person, paid from their personal budget.
 *
 * A partner's server mints a `BOOKING` widget session for the person (`createWidgetSession`) and puts
 * its token in `session-token`; the widget then shows whose budget pays and what it has available,
 * prices the visits as they are chosen, and requests the booking once, however often the button is
 * pressed. The page may set a new `session-token` at any time (when `coopcare-session-expired` fires,
 * shortly before the session ends): what the person has entered is kept.
 *
 * @summary Book one-off or weekly visits of a service from a personal budget, with a live price.
 * @fires coopcare-booked - A booking was requested: `detail` has its `bookingId`, `budgetId`, `totalPence` and `status`.
 * @fires coopcare-session-expired - The session ends in two minutes, or was refused: mint a new one and set `sessionToken`.
 *
 * @csspart form - The booking form.
 * @csspart budget - Whose budget pays and what it has available.
 * @csspart quote - The price of the visits chosen, and what the budget would have left.
 * @csspart submit - The "Request booking" button.
 * @csspart error-summary - The "There is a problem" box listing each mistake.
 * @csspart confirmation - The "Booking requested" panel.
 * @csspart message - What the widget says instead of the form when it cannot book (no session, no budget that can pay).
 */
@customElement('coopcare-booking')
export class CoopcareBooking extends CoopcareSessionElement {
  static override styles = [...CoopcareSessionElement.styles, styles];

  /** The id of the service to book (`Service.id`). */
  @property({ attribute: 'service-id' }) serviceId = '';

  /** Which of the person's budgets pays, when they have several; by default the one the service accepts (a choice if more). */
  @property({ attribute: 'budget-id' }) budgetId = '';

  @state() private service: Service | null = null;
  @state() private viewer: Viewer | null = null;
  /** Why the service or the session could not be read, in words. */
  @state() private loadProblem: string | null = null;
  @state() private sessionEnded = false;
  @state() private draft: Draft | null = null;
  @state() private chosenBudgetId = '';
  @state() private quote: QuoteState = { state: 'idle' };
  @state() private errors: FieldError[] = [];
  @state() private sending = false;
  @state() private booked: Booked | null = null;
  @state() private announcement = '';

  /**
   * The last request's key and what it asked: the same request again (a retry, a second click, the same time typed again
   * after a lost answer) takes the same key, so the API makes one booking; another request takes a new key.
   */
  private attempt: { key: string; request: string } | null = null;
  private readonly serviceLoads = new LatestRequest();
  private readonly viewerLoads = new LatestRequest();
  private readonly quotes = new LatestRequest();
  private quoteTimer?: ReturnType<typeof setTimeout>;
  private expiryTimer?: ReturnType<typeof setTimeout>;

  override connectedCallback(): void {
    super.connectedCallback();
    // Put back in the page after being taken out: what was loading then is asked for again.
    if (this.hasUpdated) {
      void this.loadService();
      void this.loadViewer();
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    for (const requests of [this.serviceLoads, this.viewerLoads, this.quotes]) requests.abort();
    clearTimeout(this.quoteTimer);
    clearTimeout(this.expiryTimer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('serviceId') || changed.has('api')) void this.loadService();
    if (changed.has('sessionToken') || changed.has('api')) void this.loadViewer();
    const arrived = (name: string) => changed.has(name) && !changed.get(name);
    if ((arrived('service') || arrived('viewer')) && this.service && this.viewer) {
      this.announcement = `Ready to book ${this.service.name}.`;
    }
    const priced = ['draft', 'chosenBudgetId', 'serviceId', 'budgetId', 'service', 'viewer'];
    if (priced.some((name) => changed.has(name))) this.scheduleQuote();
  }

  private async loadService(): Promise<void> {
    this.serviceLoads.abort();
    if (this.service?.id !== this.serviceId) this.service = null;
    if (!this.serviceId) return;
    const signal = this.serviceLoads.start();
    this.loadProblem = null;
    try {
      const { service } = await this.send(BookingServiceDocument, { id: this.serviceId }, { signal });
      this.service = service;
      if (!service) this.loadProblem = REQUEST_WORDS.NOT_FOUND!;
      else {
        const minimum = service.minimumVisitMinutes;
        this.draft = this.draft ? lengthenTo(minimum, this.draft) : newDraft(minimum, londonDate());
      }
    } catch (error) {
      if (!signal.aborted) this.loadProblem = errorWords(error, REQUEST_WORDS);
    }
  }

  private async loadViewer(): Promise<void> {
    this.viewerLoads.abort();
    clearTimeout(this.expiryTimer);
    if (!this.sessionToken) return;
    const signal = this.viewerLoads.start();
    this.sessionEnded = false;
    try {
      const { widgetViewer } = await this.send(BookingViewerDocument, {}, { token: this.sessionToken, signal });
      if (widgetViewer) {
        this.viewer = widgetViewer;
        this.watchExpiry(Date.parse(widgetViewer.expiresAt));
      } else {
        // A token that is not a widget session's (a person's own sign-in): the page must mint one.
        this.endSession();
        this.dispatchEvent(new CoopcareSessionExpiredEvent());
      }
    } catch (error) {
      if (!signal.aborted && !this.refused(error, this.sessionToken)) this.loadProblem = errorWords(error, REQUEST_WORDS);
    }
  }

  /**
   * Asks the page for a new session while there is time to mint one (WCAG 2.2.1: a time limit must not
   * cost the person their work), once a session. Whether a session has ended is the API's to say.
   */
  private watchExpiry(expiresAt: number): void {
    const remaining = Math.min(Math.max(expiresAt - Date.now(), SESSION_MS.min), SESSION_MS.max);
    const warnAfter = remaining - Math.min(SESSION_WARNING_MS, remaining / 2);
    this.expiryTimer = setTimeout(() => this.dispatchEvent(new CoopcareSessionExpiredEvent()), warnAfter);
  }

  private endSession(): void {
    clearTimeout(this.expiryTimer);
    this.quotes.abort();
    this.quote = { state: 'idle' };
    this.sessionEnded = true;
    this.announcement = REQUEST_WORDS.UNAUTHENTICATED!;
  }

  /** Whether the API refused `token` (the base class has told the page); the session ends unless the page has replaced it since. */
  private refused(error: unknown, token: string | null): boolean {
    const refused = error instanceof CoopcareRequestError && error.code === 'UNAUTHENTICATED';
    if (refused && token === this.sessionToken) this.endSession();
    return refused;
  }

  /** The person's budgets that can pay for this service, and have not ended (only `budget-id`'s, when the page names one). */
  private get budgets(): Budget[] {
    const { viewer, service } = this;
    if (!viewer || !service) return [];
    const today = londonDate();
    return viewer.personalBudgets.filter((b) => (!this.budgetId || b.id === this.budgetId) && b.periodEnd >= today && accepts(service, b));
  }

  private get budget(): Budget | undefined {
    return this.budgets.find((b) => b.id === this.chosenBudgetId) ?? this.budgets[0];
  }

  private get context(): Context {
    const budget = this.budget;
    return {
      whose: `${possessive(this.viewer?.name ?? '')} ${budget ? KIND[budget.kind] : ''}`,
      postcode: budget?.carePostcode ?? '',
      minimumMinutes: this.service?.minimumVisitMinutes ?? 1,
      periodStart: budget?.periodStart ?? '',
      periodEnd: budget?.periodEnd ?? '',
    };
  }

  private checked(): { schedule: Schedule | null; errors: FieldError[] } {
    if (!this.draft || !this.service) return { schedule: null, errors: [] };
    return checkSchedule(this.draft, {
      now: Date.now(),
      minimumMinutes: this.service.minimumVisitMinutes,
      periodStart: this.budget?.periodStart ?? null,
      periodEnd: this.budget?.periodEnd ?? null,
    });
  }

  /** A live price of the visits as they stand; a newer change aborts an older request, so its answer never lands. */
  private scheduleQuote(): void {
    clearTimeout(this.quoteTimer);
    this.quotes.abort();
    const { schedule } = this.checked();
    const { budget, service } = this;
    if (!schedule || !budget || !service || this.sessionEnded || this.booked || this.viewer?.purpose !== 'BOOKING') {
      this.quote = { state: 'idle' };
      return;
    }
    const input = { serviceId: service.id, budgetId: budget.id, ...schedule };
    const signal = this.quotes.start();
    this.quote = { state: 'loading' };
    this.quoteTimer = setTimeout(async () => {
      const token = this.sessionToken;
      try {
        const { quote } = await this.send(BookingQuoteDocument, { input }, { token, signal });
        if (quote.__typename === 'Quote') {
          this.quote = { state: 'ready', quote };
          this.announcement = `Price for ${visitCount(quote.visitCount)}: ${formatPence(quote.totalPence)}.`;
        } else {
          this.quote = { state: 'error', words: refusalWords(quote, this.context) };
        }
      } catch (error) {
        if (!signal.aborted && !this.refused(error, token)) this.quote = { state: 'error', words: errorWords(error, REQUEST_WORDS) };
      }
    }, QUOTE_DELAY_MS);
  }

  private edit(change: (draft: Draft) => Draft): void {
    if (!this.draft) return;
    const next = change(this.draft);
    // The other kind of schedule has other fields: mistakes in the one left behind are no longer there to fix.
    if (next.often !== this.draft.often) this.errors = [];
    this.draft = next;
  }

  private async submit(event: Event): Promise<void> {
    event.preventDefault();
    const { draft, service, budget } = this;
    if (this.sending || !draft || !service || !budget) return;
    if (this.sessionEnded) return this.showErrors([{ field: null, text: REQUEST_WORDS.UNAUTHENTICATED! }]);
    const { schedule, errors } = this.checked();
    if (!schedule || errors.length > 0) return this.showErrors(errors);
    const request = { budgetId: budget.id, serviceId: service.id, ...schedule, notes: draft.notes.trim() };
    const sent = JSON.stringify(request);
    if (this.attempt?.request !== sent) this.attempt = { key: crypto.randomUUID(), request: sent };
    const input = { ...request, idempotencyKey: this.attempt.key };
    const token = this.sessionToken;
    this.sending = true;
    this.errors = [];
    this.announcement = 'Sending your booking request.';
    let problem: FieldError;
    try {
      const { requestBooking: answer } = await this.send(BookingRequestDocument, { input }, { token });
      if (answer.__typename === 'Booking') return await this.confirm(answer, budget);
      if (answer.code === 'CONFLICT') this.attempt = null;
      // Most refusals are for the visits to change; these two are about the service itself.
      const aboutService = answer.code === 'OUTSIDE_SERVICE_AREA' || answer.code === 'NOT_BOOKABLE';
      problem = { field: aboutService ? null : firstScheduleField(draft), text: refusalWords(answer, this.context) };
    } catch (error) {
      this.refused(error, token);
      const argument = error instanceof CoopcareRequestError ? error.argument : null;
      problem = { field: fieldOfArgument(argument, draft), text: errorWords(error, REQUEST_WORDS) };
    } finally {
      this.sending = false;
    }
    await this.showErrors([problem]);
  }

  private async showErrors(errors: FieldError[]): Promise<void> {
    this.errors = errors;
    this.announcement = '';
    await this.focusAfterUpdate('[part="error-summary"]');
  }

  private async focusAfterUpdate(selector: string): Promise<void> {
    await this.updateComplete;
    const target = this.renderRoot.querySelector<HTMLElement>(selector);
    target?.scrollIntoView({ block: 'center' });
    target?.focus();
  }

  private async confirm(booking: Booked, budget: Budget): Promise<void> {
    this.attempt = null;
    this.booked = booking;
    const { availablePence } = booking.budget;
    if (this.viewer) {
      const personalBudgets = this.viewer.personalBudgets.map((b) => (b.id === budget.id ? { ...b, availablePence } : b));
      this.viewer = { ...this.viewer, personalBudgets };
    }
    this.announcement = 'Booking requested.';
    const { id: bookingId, totalPence, status } = booking;
    this.dispatchEvent(new CoopcareBookedEvent({ bookingId, budgetId: budget.id, totalPence, status }));
    await this.focusAfterUpdate('#confirmation-title');
  }

  private async bookAnother(): Promise<void> {
    this.booked = null;
    this.draft = newDraft(this.service?.minimumVisitMinutes ?? 60, londonDate());
    await this.focusAfterUpdate('#title');
  }

  override render(): TemplateResult {
    return html`${this.content()}
      <div role="status" class="visually-hidden">${this.announcement}</div>`;
  }

  private content(): TemplateResult {
    const { viewer, service, draft, budget } = this;
    const message = (text: string, role: 'alert' | typeof nothing = nothing) =>
      html`<p class="panel" part="message" role=${role} tabindex="-1">${text}</p>`;
    if (!this.sessionToken) return message('To book care here, sign in to this website first.');
    if (!this.serviceId) return message('This page has not said which service to book. Go back and choose a service.');
    if (!viewer && this.sessionEnded) return message(REQUEST_WORDS.UNAUTHENTICATED!, 'alert');
    if (this.loadProblem && !(viewer && service)) {
      return html`${message(this.loadProblem, 'alert')}
        <button type="button" class="secondary" id="retry" @click=${this.retry}>Try again</button>`;
    }
    if (!viewer || !service || !draft) return html`<p class="loading">Loading the service and your budget</p>`;
    if (viewer.purpose !== 'BOOKING') return message(REQUEST_WORDS.FORBIDDEN!, 'alert');
    if (!budget) {
      return message(
        this.budgetId && !viewer.personalBudgets.some((b) => b.id === this.budgetId)
          ? `This page chose a budget that is not one of ${possessive(viewer.name)}. Ask the organisation whose site this is.`
          : `${service.name} cannot be paid from any of ${possessive(viewer.name)} budgets. The co-op can tell you other ways to pay.`,
      );
    }
    if (this.booked) return confirmationView(this.booked, service, this.context.whose, () => void this.bookAnother());
    return this.form(service, budget, draft);
  }

  private async retry(): Promise<void> {
    await Promise.all([this.loadService(), this.loadViewer()]);
    // The button pressed went with the message it was under: focus goes to what took their place, not the page's top.
    await this.updateComplete;
    const shown = ['#title', '#retry', '[part="message"]'].find((selector) => this.renderRoot.querySelector(selector));
    if (shown) await this.focusAfterUpdate(shown);
  }

  private form(service: Service, budget: Budget, draft: Draft): TemplateResult {
    const travel = service.travelIncluded ? 'travel included' : `plus ${formatPence(service.travelChargePencePerVisit)} travel a visit`;
    return html`
      <h2 id="title" tabindex="-1">Book ${service.name}</h2>
      <p class="secondary-text">
        From ${service.provider.name}: ${formatPence(service.hourlyRatePence)} an hour, ${travel}. Visits last at least
        ${formatMinutes(service.minimumVisitMinutes)}. Cancel at least ${service.cancellationNoticeHours} hours before a visit.
      </p>
      ${this.sessionEnded ? html`<p class="notice" role="alert">${REQUEST_WORDS.UNAUTHENTICATED}</p>` : nothing}
      ${errorSummaryView(this.errors, (id) => void this.focusAfterUpdate(`#${id}`))}
      <form part="form" novalidate @submit=${this.submit}>
        ${budgetView(this.budgets, budget, this.context.whose, (id) => (this.chosenBudgetId = id))}
        ${scheduleFields(draft, {
          minimumMinutes: service.minimumVisitMinutes,
          today: londonDate(),
          errorFor: (id) => this.errors.find((e) => e.field === id)?.text,
          edit: (change) => this.edit(change),
          focus: (id) => void this.focusAfterUpdate(`#${id}`),
        })}
        ${quoteView(this.quote, this.context)}
        <button part="submit" type="submit" aria-disabled=${this.sending ? 'true' : 'false'}>
          ${this.sending ? 'Sending your request' : 'Request booking'}
        </button>
      </form>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'coopcare-booking': CoopcareBooking;
  }
}

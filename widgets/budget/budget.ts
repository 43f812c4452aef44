import { html, nothing, type PropertyValues } from 'lit';
import { customElement, property, state } from 'lit/decorators.js';
import { BudgetByIdDocument, type BudgetDetailsFragment, BudgetViewerDocument } from '../generated/graphql.js';
import { CoopcareRequestError } from '../shared/client.js';
import { CoopcareSessionElement } from '../shared/session-element.js';
import { errorWords } from '../shared/error-words.js';
import type { CoopcareBookedEvent } from '../shared/events.js';
import { formatDateTime, formatPence } from '../shared/format.js';
import { LatestRequest } from '../shared/latest-request.js';
import { budgetTitle, budgetView } from './budget-view.js';
import { styles } from './budget.styles.js';
import { fetchStatement, saveFile } from './statement.js';

const LOAD_WORDS: Record<string, string> = {
  UNAUTHENTICATED: 'Your session on this page has ended, so your budget is no longer shown. Reload the page to see it again.',
  FORBIDDEN: 'This page cannot show this budget. If you think it should, contact the organisation whose site this is.',
  NOT_FOUND: 'We could not find the budget this page asked for. Contact the organisation whose site this is.',
  NETWORK:
    'We could not reach coopcare to show your budget. Check your internet connection and try again; if this keeps happening, ' +
    'contact the organisation whose site this is.',
  BAD_USER_INPUT: 'This page asked for a budget in a way coopcare does not understand. Contact the organisation whose site this is.',
};

const STATEMENT_WORDS: Record<string, string> = {
  UNAUTHENTICATED: 'Your session on this page has ended, so the statement could not be downloaded. Reload the page and try again.',
  FORBIDDEN: 'This page cannot download the statement of this budget. Contact the organisation whose site this is.',
  NOT_FOUND: 'We could not find this budget’s statement. It may have been removed.',
  NETWORK: 'We could not download the statement. Check your internet connection and try again.',
};

interface PersonsBudgets {
  personName: string;
  budgets: BudgetDetailsFragment[];
}

const TRANSIENT: ReadonlySet<string> = new Set(['NETWORK', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR']);

/** The page signed the person in for something other than a widget (a person's own token): nothing here can use it. */
const NOT_A_WIDGET_SESSION =
  'This page’s sign-in is not one that can show a budget. Reload the page; if this happens again, ' +
  'contact the organisation whose site this is.';

/**
 * A person's personal budget: what is available, allocated, paid in, committed and spent, the visits
 * to come, and the statement to download.
 *
 * Give it the `session-token` of a widget session (purpose BUDGET_VIEW or BOOKING) that your server
 * mints with `createWidgetSession` for the person who is signed in to your site. Without a token it
 * asks the person to sign in first; the page may set or replace `sessionToken` at any time (for example
 * when it renews the session) and the widget reloads. It shows every budget of the person, newest period
 * first, each in its own section under an `<h2>`, or only the one `budget-id` names. It refreshes itself
 * when a `coopcare-booked` event reaches `document` (as `<coopcare-booking>` fires one on the same
 * page), and has a "Refresh figures" button. When the token is refused it says the session has ended and
 * fires `coopcare-session-expired`: mint a new session and set `sessionToken` again.
 *
 * @summary A person's personal budget, its upcoming visits and its statement, for a widget session.
 *
 * @fires coopcare-session-expired - The session token was refused (expired, revoked, or for another page).
 *
 * @csspart budget - One budget's section.
 * @csspart heading - A budget's heading: whose it is and which kind.
 * @csspart balances - The list of a budget's figures.
 * @csspart available - The "Available" figure, the most prominent.
 * @csspart visits - A budget's upcoming visits.
 * @csspart statement-button - The "Download statement (CSV)" button.
 * @csspart refresh-button - The "Refresh figures" button.
 * @csspart problem - The box saying why the budget cannot be shown.
 */
@customElement('coopcare-budget')
export class CoopcareBudget extends CoopcareSessionElement {
  static override styles = [...CoopcareSessionElement.styles, styles];

  /** Show only this budget (an id from `widgetViewer.personalBudgets`); without it, every budget of the person. */
  @property({ attribute: 'budget-id' }) budgetId: string | null = null;

  @state() private budgets: BudgetDetailsFragment[] | null = null;
  @state() private personName: string | null = null;
  @state() private loading = false;
  @state() private loadedAt: string | null = null;
  @state() private problem: string | null = null;
  /** The last read failed in a way that trying again may mend (no answer, too many requests, a fault of ours). */
  @state() private canRetry = false;
  @state() private downloadingId: string | null = null;
  @state() private downloadErrors: Record<string, string> = {};
  @state() private announcement = '';

  private readonly loads = new LatestRequest();
  private readonly downloads = new LatestRequest();

  // Heard on document, where every widget's composed events arrive (HTMLElementEventMap types them on elements only).
  private readonly onBooked = (event: Event): void => {
    const { budgetId } = (event as CoopcareBookedEvent).detail;
    if (!this.sessionToken || (this.budgetId && budgetId !== this.budgetId)) return;
    void this.refresh();
  };

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('coopcare-booked', this.onBooked);
    // Moved elsewhere in the page: what was under way when it was taken out was abandoned.
    if (this.hasUpdated) void this.refresh();
  }

  override disconnectedCallback(): void {
    document.removeEventListener('coopcare-booked', this.onBooked);
    this.loads.abort();
    this.downloads.abort();
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    // A renewed token for the same person keeps the figures on screen until the new ones arrive; another
    // budget, or no token at all, must not show the old one meanwhile.
    if (changed.has('budgetId') || !this.sessionToken) this.budgets = null;
    if (changed.has('sessionToken') || changed.has('budgetId') || changed.has('api')) {
      this.downloads.abort();
      this.downloadingId = null;
      this.downloadErrors = {};
      void this.refresh();
    }
  }

  /** Reads the budgets again, as the "Refresh figures" button, a booking on the page and a new token do. */
  async refresh(): Promise<void> {
    this.loads.abort();
    const token = this.sessionToken;
    this.problem = null;
    if (!token) {
      this.loading = false;
      return;
    }
    const signal = this.loads.start();
    const refreshing = this.budgets !== null;
    this.loading = true;
    try {
      const found = await this.fetchBudgets(token, signal);
      if (signal.aborted) return;
      this.canRetry = false;
      if (found === null) {
        this.budgets = null;
        this.problem = NOT_A_WIDGET_SESSION;
        return;
      }
      this.budgets = found.budgets;
      this.personName = found.personName;
      this.loadedAt = new Date().toISOString();
      this.announcement = `${refreshing ? 'Figures updated. ' : ''}${this.summary(found.budgets)}`;
    } catch (error) {
      if (signal.aborted) return;
      // Someone else may be at the screen once a session has ended: the figures go with it.
      if (!(error instanceof CoopcareRequestError) || error.code === 'UNAUTHENTICATED' || !refreshing) this.budgets = null;
      this.canRetry = !(error instanceof CoopcareRequestError) || TRANSIENT.has(error.code);
      this.problem = `${errorWords(error, LOAD_WORDS)}${this.budgets ? ' The figures below may be out of date.' : ''}`;
    } finally {
      if (this.loads.isLatest(signal)) this.loading = false;
    }
  }

  /** The budgets to show and whose they are, or null when the token is not a widget session's. */
  private async fetchBudgets(token: string, signal: AbortSignal): Promise<PersonsBudgets | null> {
    if (this.budgetId) {
      const { personalBudget } = await this.send(BudgetByIdDocument, { id: this.budgetId }, { token, signal });
      if (!personalBudget) throw new CoopcareRequestError('NOT_FOUND', 'No budget has that id.');
      return { personName: personalBudget.person.name, budgets: [personalBudget] };
    }
    const { widgetViewer } = await this.send(BudgetViewerDocument, {}, { token, signal });
    return widgetViewer && { personName: widgetViewer.name, budgets: widgetViewer.personalBudgets };
  }

  private summary(budgets: BudgetDetailsFragment[]): string {
    const [only] = budgets;
    if (budgets.length === 0) return `No personal budget to show for ${this.personName}.`;
    if (budgets.length === 1 && only) return `${budgetTitle(only)}: ${formatPence(only.availablePence)} available.`;
    return `${budgets.length} personal budgets shown.`;
  }

  private async download(budget: BudgetDetailsFragment): Promise<void> {
    const token = this.sessionToken;
    if (this.downloadingId || !token) return;
    const signal = this.downloads.start();
    this.downloadingId = budget.id;
    const { [budget.id]: _earlier, ...others } = this.downloadErrors;
    this.downloadErrors = others;
    this.announcement = 'Preparing the statement.';
    try {
      const { blob, fileName } = await fetchStatement(this.api, budget.id, token, signal);
      if (signal.aborted) return;
      saveFile(this.renderRoot as ShadowRoot, blob, fileName);
      this.announcement = `The statement has downloaded as ${fileName}.`;
    } catch (error) {
      if (signal.aborted) return;
      this.reportRefusal(error, token);
      this.announcement = '';
      this.downloadErrors = { ...this.downloadErrors, [budget.id]: errorWords(error, STATEMENT_WORDS) };
    } finally {
      if (this.downloads.isLatest(signal)) this.downloadingId = null;
    }
  }

  protected override render() {
    return html`
      <div role="status" class="visually-hidden">${this.announcement}</div>
      <div role="alert">
        ${this.problem ? html`<div class="problem" part="problem"><p>${this.problem}</p></div>` : nothing}
      </div>
      ${this.body()}
    `;
  }

  private body() {
    if (!this.sessionToken) {
      return html`<div class="panel"><p>To see your personal budget here, sign in to this website first.</p></div>`;
    }
    const budgets = this.budgets;
    // One toolbar for "Try again" and "Refresh figures", so the button keeps focus when the figures arrive.
    const toolbar =
      budgets || this.canRetry
        ? html`<div class="toolbar">
            <p class="secondary-text">${this.loadingWords(budgets !== null)}</p>
            <button type="button" class="secondary" part="refresh-button" @click=${() => this.refresh()}>
              ${budgets ? 'Refresh figures' : 'Try again'}
            </button>
          </div>`
        : nothing;
    const loading = this.loading && !this.canRetry ? html`<p class="loading">Loading your budget…</p>` : nothing;
    return html`${toolbar}${budgets ? this.budgetsView(budgets) : loading}`;
  }

  private budgetsView(budgets: BudgetDetailsFragment[]) {
    if (budgets.length === 0) {
      return html`<p>There is no personal budget for ${this.personName} yet. When the council sets one up, it will show here.</p>`;
    }
    return budgets.map((budget, index) =>
      budgetView(budget, {
        index,
        several: budgets.length > 1,
        downloading: this.downloadingId !== null,
        downloadError: this.downloadErrors[budget.id] ?? null,
        onDownload: (b) => void this.download(b),
      }),
    );
  }

  private loadingWords(shown: boolean) {
    if (this.loading) return html`<span class="loading">${shown ? 'Updating the figures…' : 'Trying again…'}</span>`;
    return shown ? `Figures as at ${formatDateTime(this.loadedAt!)}.` : nothing;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'coopcare-budget': CoopcareBudget;
  }
}

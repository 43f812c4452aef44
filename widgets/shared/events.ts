/**
 * Events the widgets fire: each a class of its own (as Shoelace and Web Awesome do), bubbling and
 * composed so the embedding page hears it on the element or anywhere above it.
 */

/** A resident chose a service (or a provider) in a list: `detail` says which. */
export class CoopcareSelectEvent extends Event {
  static readonly type = 'coopcare-select';
  constructor(readonly detail: { providerId: string; serviceId: string | null; providerSlug: string | null }) {
    super(CoopcareSelectEvent.type, { bubbles: true, composed: true });
  }
}

/** A booking was requested: its id, the budget it is held on and what it holds. */
export class CoopcareBookedEvent extends Event {
  static readonly type = 'coopcare-booked';
  constructor(readonly detail: { bookingId: string; budgetId: string; totalPence: number; status: string }) {
    super(CoopcareBookedEvent.type, { bubbles: true, composed: true });
  }
}

/**
 * The widget session's token was refused (expired, revoked, or for another page): the page should mint
 * a new session on its server and set `sessionToken` again.
 */
export class CoopcareSessionExpiredEvent extends Event {
  static readonly type = 'coopcare-session-expired';
  constructor() {
    super(CoopcareSessionExpiredEvent.type, { bubbles: true, composed: true });
  }
}

declare global {
  interface HTMLElementEventMap {
    'coopcare-select': CoopcareSelectEvent;
    'coopcare-booked': CoopcareBookedEvent;
    'coopcare-session-expired': CoopcareSessionExpiredEvent;
  }
}

import { property } from 'lit/decorators.js';
import type { TypedDocumentString } from '../generated/graphql.js';
import { CoopcareRequestError, type RequestOptions } from './client.js';
import { CoopcareElement } from './element.js';
import { CoopcareSessionExpiredEvent } from './events.js';

/**
 * A widget that acts for one person with a widget session: a token the partner's server minted for
 * that person, this page's origin and one purpose, good for at most 15 minutes.
 *
 * @fires coopcare-session-expired - The session's token was refused (ended, revoked, or for another page): mint a new
 *   session on your server and set `sessionToken` again.
 */
export abstract class CoopcareSessionElement extends CoopcareElement {
  /**
   * The widget session's token, minted by your server for the person signed in. Set or replace it at any
   * time; not reflected back to the attribute, so a page that sets the property keeps it out of its markup.
   */
  @property({ attribute: 'session-token' }) sessionToken: string | null = null;

  /** As CoopcareElement's, and a refused session token also fires `coopcare-session-expired`. */
  protected override async send<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    options: RequestOptions = {},
  ): Promise<TResult> {
    try {
      return await super.send(document, variables, options);
    } catch (error) {
      this.reportRefusal(error, options.token);
      throw error;
    }
  }

  /**
   * Fires `coopcare-session-expired` when `error` is the API refusing the widget's current token: for
   * requests that do not go through `send` (a statement download) as much as for those that do.
   */
  protected reportRefusal(error: unknown, token: string | null | undefined): void {
    // A token the page has replaced meanwhile needs no new session: the page has given one.
    const current = token && token === this.sessionToken;
    if (current && error instanceof CoopcareRequestError && error.code === 'UNAUTHENTICATED') {
      this.dispatchEvent(new CoopcareSessionExpiredEvent());
    }
  }
}

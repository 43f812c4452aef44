import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import type { TypedDocumentString } from '../generated/graphql.js';
import { type RequestOptions, request } from './client.js';
import { theme } from './theme.js';

/** The API the bundle came from: a page that loads the script from coopcare needs to say nothing more. */
const SCRIPT_API = new URL('/graphql', import.meta.url).href;

/**
 * What every coopcare widget shares: the `api` it talks to, the theme, and one way to send a request.
 *
 * @cssprop --coopcare-font-family - Body font (default arial, sans-serif).
 * @cssprop --coopcare-font-size - Base font size (default 1rem).
 * @cssprop --coopcare-text-colour - Text (default #0b0c0c).
 * @cssprop --coopcare-secondary-text-colour - Hints and secondary text (default #484949).
 * @cssprop --coopcare-background - Widget background (default #ffffff).
 * @cssprop --coopcare-panel-background - Panels and summaries (default #f3f2f1).
 * @cssprop --coopcare-border-colour - Dividers (default #b1b4b6).
 * @cssprop --coopcare-input-border-colour - Text boxes and selects (default #0b0c0c).
 * @cssprop --coopcare-link-colour - Links (default #1d70b8).
 * @cssprop --coopcare-focus-colour - Focus highlight (default #ffdd00).
 * @cssprop --coopcare-focus-text-colour - Text on the focus highlight (default #0b0c0c).
 * @cssprop --coopcare-error-colour - Error messages and borders (default #d4351c).
 * @cssprop --coopcare-success-colour - Confirmation panels (default #00703c).
 * @cssprop --coopcare-button-colour - Primary buttons (default #00703c).
 * @cssprop --coopcare-button-text-colour - Text on primary buttons (default #ffffff).
 * @cssprop --coopcare-secondary-button-colour - Secondary buttons (default #f3f2f1).
 * @cssprop --coopcare-radius - Corner radius of controls (default 0).
 * @cssprop --coopcare-space - The unit of spacing (default 1rem).
 */
export abstract class CoopcareElement extends LitElement {
  static override styles = [theme];

  /** The coopcare GraphQL endpoint; by default `/graphql` on the origin the script was loaded from. */
  @property({ reflect: true }) api: string = SCRIPT_API;

  /** Sends one generated document to `api`. */
  protected send<TResult, TVariables>(
    document: TypedDocumentString<TResult, TVariables>,
    variables: TVariables,
    options: RequestOptions = {},
  ): Promise<TResult> {
    return request(this.api, document, variables, options);
  }
}

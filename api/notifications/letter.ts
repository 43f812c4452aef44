import type { MessageKind } from './notifications.enums.js';
import { MESSAGES_ALWAYS_SENT } from './notifications.enums.js';

/** Who a message goes to. `personId` when they have an account: their message choices then apply. */
export interface Recipient {
  email: string;
  name: string;
  personId?: string | null;
}

/** A message's words: plain text, links written out in full. */
export interface Letter {
  subject: string;
  text: string;
}

export interface OutgoingMessage {
  kind: MessageKind;
  to: Recipient;
  letter: Letter;
  /**
   * At most one message ever has this key (`visit-reminder:<visitId>`): a job that runs on several
   * instances, or twice, writes it once.
   */
  dedupeKey?: string;
}

/**
 * Every address a message links to, on COOPCARE_PUBLIC_URL but NHS 111's. Tokens go in the query, which the
 * request log leaves out; the signed-in pages take what to show from the fragment, which never reaches a server.
 */
export class Links {
  constructor(private readonly publicUrl: string) {}

  private at(path: string, query?: Record<string, string>): string {
    const url = new URL(path, this.publicUrl);
    for (const [name, value] of Object.entries(query ?? {})) url.searchParams.set(name, value);
    return url.toString();
  }

  setPassword = (token: string) => this.at('/account/set-password', { token });
  resetPassword = (token: string) => this.at('/account/reset-password', { token });
  forgotPassword = () => this.at('/account/forgot-password');
  confirmEmail = (token: string) => this.at('/account/confirm-email', { token });
  /** The signed-in page (`/account`): it asks the person to sign in, then shows `view`. */
  account = (view: `/${string}` = '/') => `${this.at('/account')}#${view}`;
  booking = (bookingId: string) => this.account(`/bookings/${bookingId}`);
  carePlan = (carePlanId: string) => this.account(`/care-plans/${carePlanId}`);
  crisisAlert = (alertId: string) => this.account(`/alerts/${alertId}`);
  invitations = () => this.account('/invitations');
  messageChoices = () => this.account('/messages');
  /** NHS 111 online: for someone told of a crisis who has no account to sign in to see it. */
  urgentMedicalHelp = () => 'https://111.nhs.uk/';
}

/**
 * A message in the house's plain English: greeting, short paragraphs, one link with what it is for,
 * and a footer that says why it came and, where the person chose to get it, where to choose otherwise.
 */
export function letter(input: {
  kind: MessageKind;
  subject: string;
  to: Pick<Recipient, 'name'>;
  paragraphs: readonly string[];
  link: { label: string; url: string };
  links: Links;
}): Letter {
  const footer = MESSAGES_ALWAYS_SENT.has(input.kind)
    ? 'If you did not expect this message, you can ignore it, or tell your council.'
    : `You get this message because of your choices in coopcare. To change them, go to ${input.links.messageChoices()}`;
  const text = [`Hello ${input.to.name},`, ...input.paragraphs, `${input.link.label}:\n${input.link.url}`, `--\n${footer}`].join('\n\n');
  return { subject: input.subject, text: `${text}\n` };
}

/**
 * A message of `kind` to `to` in letter()'s words: the kind is given once, so the footer (which depends
 * on whether the kind can be turned off) always fits the message it ends.
 */
export function outgoingMessage(input: Parameters<typeof letter>[0] & { to: Recipient; dedupeKey?: string }): OutgoingMessage {
  const { kind, to, dedupeKey } = input;
  return { kind, to, letter: letter(input), ...(dedupeKey !== undefined && { dedupeKey }) };
}

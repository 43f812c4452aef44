import { type Links, type OutgoingMessage, outgoingMessage, type Recipient } from './letter.js';
import type { MessageKind } from './notifications.enums.js';

type Addressee = { id: string; email: string; name: string };

/** A person with an account as a message's recipient: their message choices then apply. */
export const recipientOf = (p: Addressee): Recipient => ({ email: p.email, name: p.name, personId: p.id });

/**
 * People with accounts as a message's recipients (their message choices then apply), each once however
 * many ways they are reached (a coordinator who is also the person's representative), leaving out
 * `except`: whoever made the change, who needs no message about what they just did.
 */
function recipientsAmong(people: Iterable<Addressee>, except: string | null = null): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const p of people) {
    if (p.id !== except && !seen.has(p.id)) seen.set(p.id, recipientOf(p));
  }
  return [...seen.values()];
}

/**
 * One message of `kind` to each of `people` (as recipientsAmong picks them), in the words `write` gives
 * for that recipient, with the one link; `dedupeKey` for a job that may write the same message again.
 */
export function messagesTo(input: {
  kind: MessageKind;
  people: Iterable<Addressee>;
  except?: string | null;
  link: { label: string; url: string };
  links: Links;
  write: (to: Recipient) => { subject: string; paragraphs: string[] };
  dedupeKey?: (to: Recipient) => string;
}): OutgoingMessage[] {
  const { kind, link, links } = input;
  return recipientsAmong(input.people, input.except).map((to) =>
    outgoingMessage({ kind, to, ...input.write(to), link, links, dedupeKey: input.dedupeKey?.(to) }),
  );
}

/** Whose something is, to the recipient: "your" to the person it is about, "Margaret’s" to anyone else. */
export const whose = (to: Recipient, about: { id: string; name: string }) => (to.personId === about.id ? 'your' : `${about.name}’s`);

/** The words with a capital letter, to start a sentence with `whose`. */
export const capital = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);

import type { Recipient } from './letter.js';

/**
 * People with accounts as a message's recipients (their message choices then apply), each once however
 * many ways they are reached (a coordinator who is also the person's representative), leaving out
 * `except`: whoever made the change, who needs no message about what they just did.
 */
export function recipientsAmong(people: Iterable<{ id: string; email: string; name: string }>, except: string | null = null): Recipient[] {
  const seen = new Map<string, Recipient>();
  for (const p of people) {
    if (p.id !== except && !seen.has(p.id)) seen.set(p.id, { email: p.email, name: p.name, personId: p.id });
  }
  return [...seen.values()];
}

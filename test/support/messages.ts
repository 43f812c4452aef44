import { expect } from 'vitest';
import type { TestApp } from '../harness.js';
import type { Mailbox, ReceivedMail } from './mail.js';

/**
 * For tests of what a change tells people: deliver what the outbox holds to the test's SMTP server and
 * read back what arrived since the last `delivered`.
 */
export async function delivered(t: TestApp, mail: Mailbox): Promise<ReceivedMail[]> {
  const outcome = await t.services.mailSender.deliverDue();
  expect(outcome.retrying + outcome.dead, 'every message delivered').toBe(0);
  const arrived = [...mail.messages];
  mail.clear();
  return arrived;
}

/**
 * A day and time as londonMoment writes them in a message ("Tuesday 8 December at 9:30am"), for a
 * RegExp: on the hour at 12 it says "midday" or "midnight", so a pattern of digits alone fails for a
 * test that happens to run, or book a visit, then.
 */
export const LONDON_MOMENT = String.raw`\w+day \d{1,2} \w+ at (?:\d{1,2}:\d\d[ap]m|midday|midnight)`;

/** Who the messages went to, sorted, one address each. */
export const addressees = (mails: readonly ReceivedMail[]) => mails.flatMap((m) => m.to).sort();

/** The one message that went to `email`. */
export function mailTo(mails: readonly ReceivedMail[], email: string): ReceivedMail {
  const found = mails.filter((m) => m.to.includes(email));
  expect(found, `one message to ${email}`).toHaveLength(1);
  return found[0];
}

/** How many messages the outbox holds, of every status: a refused or rolled-back change adds none. */
export async function outboxCount(t: TestApp): Promise<number> {
  const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM outbox_message`);
  return n;
}

/** The signed-in person (`headers`) chooses how they get a kind of message, as the account page does. */
export async function choose(t: TestApp, headers: Record<string, string>, kind: string, channel: 'EMAIL' | 'NONE'): Promise<void> {
  const res = await t.gql(
    `mutation($k: MessageKind!, $c: MessageChannel!) { setMessageChoice(kind: $k, channel: $c) { kind } }`,
    {
      k: kind,
      c: channel,
    },
    headers,
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
}

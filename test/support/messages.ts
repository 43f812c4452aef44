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

/** The person's choice of NONE for a kind, as setMessageChoice stores it. */
export async function chooseNone(t: TestApp, personId: string, kind: string): Promise<void> {
  await t.db.query(
    `INSERT INTO message_preference (person_id, kind, channel) VALUES ($1, $2, 'NONE')
     ON CONFLICT (person_id, kind) DO UPDATE SET channel = 'NONE'`,
    [personId, kind],
  );
}

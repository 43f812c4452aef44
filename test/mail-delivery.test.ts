import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createDataSource } from '../api/db/data-source.js';
import { letter } from '../api/notifications/letter.js';
import { MailSender, SENDER_DEFAULTS } from '../api/notifications/mail-sender.js';
import { failureReason, smtpTransport } from '../api/notifications/mail-transport.js';
import { MessageKind } from '../api/notifications/notifications.enums.js';
import type { OutgoingMessage } from '../api/notifications/letter.js';
import { createServices } from '../api/modules.js';
import { useTestApp } from './support/app.js';
import { withDatabase } from './support/database.js';
import { linksIn, useMailServer } from './support/mail.js';

const mail = await useMailServer();
const t = useTestApp({ smtpUrl: mail.url });

const minutes = (n: number, from: Date) => new Date(from.getTime() + n * 60_000);
/**
 * A moment after the messages just enqueued are due: a row's now() has microseconds and a Date only
 * milliseconds, so a Date taken in the same millisecond as the insert would come before it.
 */
const justAfterEnqueueing = () => new Date(Date.now() + 1);

function message(n: number): OutgoingMessage {
  const to = { email: `person${n}@example.org`, name: `Person ${n}` };
  const words = letter({
    kind: MessageKind.BOOKING_CONFIRMED,
    subject: `Your booking ${n} is confirmed`,
    to,
    paragraphs: ['Your booking is confirmed.'],
    link: { label: 'See the booking', url: t.services.outbox.links.booking(`b${n}`) },
    links: t.services.outbox.links,
  });
  return { kind: MessageKind.BOOKING_CONFIRMED, to, letter: words };
}

const enqueue = (messages: OutgoingMessage[]) => t.services.uow.transaction(() => t.services.outbox.enqueue(messages));
const rows = (): Promise<{ id: string; status: string; attempts: number; last_error: string | null }[]> =>
  t.db.query(`SELECT id, status, attempts, last_error FROM outbox_message ORDER BY created_at`);

/** A second instance of the app's services on a pool of its own, as another server would be. */
async function anotherInstance(): Promise<{ services: ReturnType<typeof createServices>; close(): Promise<void> }> {
  const db = createDataSource(withDatabase(inject('pgRoles').app, t.name), { poolSize: 5 });
  await db.initialize();
  return { services: createServices(db, t.services.config), close: async () => void (db.isInitialized && (await db.destroy())) };
}

beforeEach(async () => {
  await t.db.query('DELETE FROM outbox_message');
  mail.clear();
});

describe('a message written in a change’s transaction', () => {
  it('arrives at the SMTP server once the sender runs, from MAIL_FROM, with its link on the app’s own address', async () => {
    await enqueue([message(1)]);

    expect(await t.services.mailSender.deliverDue()).toEqual({ handedOver: 1, retrying: 0, dead: 0 });
    const received = await mail.waitFor((m) => m.subject === 'Your booking 1 is confirmed');
    expect(received.to).toEqual(['person1@example.org']);
    expect(received.from).toBe('no-reply@coopcare.localhost');
    const [row] = await rows();
    expect(received.messageId).toBe(`<${row?.id}@127.0.0.1>`);
    expect(linksIn(received.text)).toEqual([`${t.url}/account#/bookings/b1`, `${t.url}/account#/messages`]);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1, last_error: null });
    expect(await t.services.mailSender.deliverDue()).toEqual({ handedOver: 0, retrying: 0, dead: 0 });
    expect(mail.messages).toHaveLength(1);
  });

  it('is never written when the change rolls back, so nothing is sent', async () => {
    const refused = t.services.uow.transaction(async () => {
      await t.services.outbox.enqueue([message(2)]);
      throw new Error('the change was refused after its message was written');
    });
    await expect(refused).rejects.toThrow('refused');

    expect(await rows()).toEqual([]);
    expect(await t.services.mailSender.deliverDue()).toEqual({ handedOver: 0, retrying: 0, dead: 0 });
    expect(mail.messages).toEqual([]);
  });
});

describe('several senders at once', () => {
  let other: Awaited<ReturnType<typeof anotherInstance>>;
  beforeEach(async () => {
    other = await anotherInstance();
  });
  afterEach(async () => {
    await other.close();
  });

  it('never send one message twice: two instances racing over 150 messages send each once', async () => {
    await enqueue(Array.from({ length: 150 }, (_, n) => message(n)));
    const senders = [t.services.mailSender, other.services.mailSender];

    const runs = await Promise.all([...senders, ...senders].map((sender) => sender.deliverDue()));

    expect(runs.reduce((sum, run) => sum + run.handedOver, 0)).toBe(150);
    expect(runs.filter((run) => run.handedOver > 0).length).toBeGreaterThan(1);
    const ids = mail.messages.map((m) => m.messageId);
    expect(ids).toHaveLength(150);
    expect(new Set(ids).size).toBe(150);
    expect((await rows()).every((row) => row.status === 'SENT' && row.attempts === 1)).toBe(true);
  });

  it('resend a message exactly once more, with the same Message-ID, when a sender stops between sending and marking it sent', async () => {
    await enqueue([message(3)]);
    const now = justAfterEnqueueing();
    // The "crashed" instance loses its database the moment the SMTP server has the message.
    const smtp = smtpTransport(mail.url, t.services.config.mailFrom);
    const crashing = new MailSender(
      other.services.db,
      {
        handedOverAs: 'SENT',
        async send(m) {
          await smtp.send(m);
          await other.close();
        },
      },
      '127.0.0.1',
    );

    await expect(crashing.deliverDue(now)).rejects.toThrow();
    expect(mail.messages).toHaveLength(1);
    expect(await rows()).toMatchObject([{ status: 'PENDING', attempts: 1 }]);

    // Within the lease another sender leaves it alone; after it, sends it once more.
    expect(await t.services.mailSender.deliverDue(minutes(SENDER_DEFAULTS.leaseSeconds / 60 - 1, now))).toMatchObject({ handedOver: 0 });
    const afterLease = new Date(now.getTime() + (SENDER_DEFAULTS.leaseSeconds + 1) * 1000);
    expect(await t.services.mailSender.deliverDue(afterLease)).toMatchObject({ handedOver: 1 });
    expect(await t.services.mailSender.deliverDue(minutes(60, afterLease))).toMatchObject({ handedOver: 0 });

    expect(mail.messages).toHaveLength(2);
    expect(new Set(mail.messages.map((m) => m.messageId)).size).toBe(1);
    expect(await rows()).toMatchObject([{ status: 'SENT', attempts: 2 }]);
  });

  it('never send a message twice when a run that started long ago claims it: its lease counts from the claim', async () => {
    await enqueue([message(8), message(9)]);
    const leaseSeconds = 2;
    const started = Date.now();
    const smtp = smtpTransport(mail.url, t.services.config.mailFrom);
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    let sends = 0;
    let otherRun: Awaited<ReturnType<MailSender['deliverDue']>> | undefined;
    // One message a batch, each slow to send: the second is claimed 1.5 s into the run, and while it is
    // being sent, past the run's start plus the lease, another instance looks for due messages.
    const slow = new MailSender(
      t.services.db,
      {
        handedOverAs: 'SENT',
        async send(m) {
          if (++sends === 1) await sleep(1_500);
          else {
            await sleep(Math.max(0, started + leaseSeconds * 1000 + 300 - Date.now()));
            otherRun = await other.services.mailSender.deliverDue();
          }
          await smtp.send(m);
        },
      },
      '127.0.0.1',
      { leaseSeconds, batchSize: 1 },
    );

    expect(await slow.deliverDue()).toMatchObject({ handedOver: 2 });
    expect(otherRun).toEqual({ handedOver: 0, retrying: 0, dead: 0 });
    expect(mail.messages.map((m) => m.subject).sort()).toEqual(['Your booking 8 is confirmed', 'Your booking 9 is confirmed']);
    expect((await rows()).every((row) => row.status === 'SENT' && row.attempts === 1)).toBe(true);
  });
});

describe('a server that refuses', () => {
  it('is tried again after a minute or so when it answers 4xx, and the message arrives once', async () => {
    await enqueue([message(4)]);
    mail.refuseNext(1);
    const now = justAfterEnqueueing();

    expect(await t.services.mailSender.deliverDue(now)).toEqual({ handedOver: 0, retrying: 1, dead: 0 });
    const [refused] = await rows();
    expect(refused).toMatchObject({ status: 'PENDING', attempts: 1 });
    expect(refused?.last_error).toMatch(/451/);
    expect(refused?.last_error).not.toContain(mail.url);

    expect(await t.services.mailSender.deliverDue(minutes(0.5, now))).toMatchObject({ handedOver: 0 });
    expect(await t.services.mailSender.deliverDue(minutes(2, now))).toMatchObject({ handedOver: 1 });
    expect(mail.messages.map((m) => m.subject)).toEqual(['Your booking 4 is confirmed']);
    expect(await rows()).toMatchObject([{ status: 'SENT', attempts: 2, last_error: null }]);
  });

  it('waits longer after each refusal, up to an hour, and gives up after the last attempt, saying so in the log', async () => {
    await enqueue([message(5)]);
    mail.refuseNext(SENDER_DEFAULTS.maxAttempts);
    const warnings: Record<string, unknown>[] = [];
    const log = { warn: (fields: Record<string, unknown>) => warnings.push(fields), error: () => {} };
    let now = justAfterEnqueueing();
    const waits: number[] = [];

    for (let attempt = 1; attempt <= SENDER_DEFAULTS.maxAttempts; attempt++) {
      const run = await t.services.mailSender.deliverDue(now, log);
      expect(run).toEqual(
        attempt < SENDER_DEFAULTS.maxAttempts ? { handedOver: 0, retrying: 1, dead: 0 } : { handedOver: 0, retrying: 0, dead: 1 },
      );
      const [{ next_attempt_at }] = await t.db.query(`SELECT next_attempt_at FROM outbox_message`);
      waits.push((next_attempt_at.getTime() - now.getTime()) / 60_000);
      now = next_attempt_at;
    }

    waits.slice(0, 7).forEach((wait, i) => {
      const planned = Math.min(2 ** i, 60);
      expect(wait).toBeGreaterThanOrEqual(planned * 0.8 - 0.01);
      expect(wait).toBeLessThanOrEqual(planned * 1.2 + 0.01);
    });
    expect(await rows()).toMatchObject([{ status: 'DEAD', attempts: SENDER_DEFAULTS.maxAttempts }]);
    expect(await t.services.mailSender.deliverDue(minutes(24 * 60, now))).toMatchObject({ handedOver: 0 });
    expect(mail.messages).toEqual([]);
    const [row] = await rows();
    expect(warnings).toEqual([{ outboxMessageId: row?.id, kind: 'BOOKING_CONFIRMED', attempts: SENDER_DEFAULTS.maxAttempts }]);
  });
  it('gives up without sending again on a message every earlier claim of which ended without a mark', async () => {
    await enqueue([message(7)]);
    const now = new Date();
    // Due a minute ago too: written by now() inside the same millisecond as `now`, it would be microseconds after it.
    await t.db.query(`UPDATE outbox_message SET attempts = $1, claimed_until = $2, next_attempt_at = $2`, [
      SENDER_DEFAULTS.maxAttempts,
      minutes(-1, now),
    ]);

    expect(await t.services.mailSender.deliverDue(now)).toEqual({ handedOver: 0, retrying: 0, dead: 1 });
    expect(mail.messages).toEqual([]);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'DEAD', attempts: SENDER_DEFAULTS.maxAttempts + 1 });
    expect(row?.last_error).toMatch(/never marked/);
  });
});

describe('on a running server', () => {
  it('sends without being asked: the scheduler runs the sender every few seconds, and stops after the sends under way', async () => {
    const job = t.services.scheduler.registered.find((j) => j.name === 'mail-sender');
    expect(job?.everySeconds).toBeLessThanOrEqual(10);
    const problems: unknown[] = [];
    const log = { warn: (fields: unknown) => problems.push(fields), error: (fields: unknown) => problems.push(fields) };
    t.services.scheduler.start(log);
    try {
      await enqueue([message(6)]);
      await mail.waitFor((m) => m.subject === 'Your booking 6 is confirmed', 15_000);
    } finally {
      await t.services.scheduler.stop();
    }
    expect(problems).toEqual([]);
    expect(await rows()).toMatchObject([{ status: 'SENT', attempts: 1 }]);
  }, 30_000);
});

describe('the reason a send failed, as kept on the row', () => {
  it('is one short line, with the SMTP code and no credentials of an address', () => {
    const refused = Object.assign(new Error('Can not connect to smtp://mailer:s3cret@mail.example:587\nat Socket…'), {
      code: 'ECONNECTION',
      responseCode: 421,
    });
    expect(failureReason(refused)).toBe('ECONNECTION 421: Can not connect to smtp://[redacted]@mail.example:587');
    expect(failureReason(new Error('x'.repeat(1000)))).toHaveLength(300);
    expect(failureReason('a string thrown')).toBe('failed');
  });
});

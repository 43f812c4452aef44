import type { DataSource } from 'typeorm';
import type { JobLog } from './scheduler.js';
import { failureReason, type MailTransport, SEND_TIMEOUT_MS } from './mail-transport.js';
import type { MessageKind } from './notifications.enums.js';

export interface SenderOptions {
  /** How long a claim holds a message: longer than a send may take (SEND_TIMEOUT_MS), so no other sender takes it meanwhile. */
  leaseSeconds: number;
  /** Messages claimed at once, sent side by side. */
  batchSize: number;
  /** Batches one run may send before it leaves the rest to the next. */
  maxBatches: number;
  /** Attempts before a message is given up on (DEAD). */
  maxAttempts: number;
}

export const SENDER_DEFAULTS: SenderOptions = { leaseSeconds: 300, batchSize: 10, maxBatches: 20, maxAttempts: 8 };

/** The longest wait between two attempts. */
const MAX_BACKOFF_MINUTES = 60;

/** What one run did. */
export interface Delivery {
  /** Handed to the SMTP server, or kept for /dev/mail. */
  handedOver: number;
  /** Failed and to be tried again later. */
  retrying: number;
  /** Failed for the last time. */
  dead: number;
}

interface Claimed {
  id: string;
  attempts: number;
  kind: MessageKind;
  recipient_email: string;
  recipient_name: string;
  subject: string;
  body_text: string;
}

/**
 * A message's words without its links' secrets (the `token` every Links address that carries one has),
 * for the outbox to keep once the message is handed over or given up on: account_token keeps only a
 * hash of each secret, so that a copy of the database lets nobody in, and a sent message must not undo it.
 */
const BODY_WITHOUT_SECRETS = `regexp_replace(body_text, '([?&]token=)[A-Za-z0-9_-]+', '\\1(removed)', 'g')`;

class SendTimeout extends Error {
  override name = 'SendTimeout';
}

/**
 * Delivers the outbox. Each run claims due messages (a lease and one more attempt, committed before
 * anything is sent), sends them, then marks each SENT only while its claim is still the one this run
 * made: attempts counts claims, so a sender whose lease ran out can no longer mark, nor fail, a message
 * another sender took over. Several instances may run it at once: SKIP LOCKED hands each due message to
 * one of them. A sender that stops between sending and marking leaves the message claimed; after the
 * lease, it is sent once more (at most once, the same Message-ID).
 */
export class MailSender {
  private readonly options: SenderOptions;

  constructor(
    private readonly db: DataSource,
    private readonly transport: MailTransport,
    /** The host part of every Message-ID: the public address's. */
    private readonly messageIdHost: string,
    options: Partial<SenderOptions> = {},
  ) {
    this.options = { ...SENDER_DEFAULTS, ...options };
  }

  get leaseSeconds(): number {
    return this.options.leaseSeconds;
  }

  /**
   * Sends every message due at `now`, a batch at a time. Safe to run on several instances at once, and
   * twice. Each batch's time is `now` moved on by the time the run has taken: a lease, and a wait after
   * a failure, count from the claim, not from the run's start, else a slow run's later batches would be
   * claimed with leases already over and another instance would send them too.
   */
  async deliverDue(now: Date = new Date(), log?: JobLog): Promise<Delivery> {
    const delivery: Delivery = { handedOver: 0, retrying: 0, dead: 0 };
    const started = Date.now();
    for (let batch = 0; batch < this.options.maxBatches; batch++) {
      const at = new Date(now.getTime() + (Date.now() - started));
      const claimed = await this.claim(at);
      const outcomes = await Promise.all(claimed.map((message) => this.deliver(message, at, log)));
      for (const outcome of outcomes) if (outcome) delivery[outcome]++;
      if (claimed.length < this.options.batchSize) break;
    }
    return delivery;
  }

  private async claim(now: Date): Promise<Claimed[]> {
    const [rows]: [Claimed[], number] = await this.db.query(
      `UPDATE outbox_message m
          SET claimed_until = $1::timestamptz + make_interval(secs => $2), attempts = m.attempts + 1
        -- An array of the claimed ids, so the update finds them by key however many sent messages the table keeps.
        -- A Date names a millisecond and now() has microseconds: a message written in the millisecond named is due,
        -- or one enqueued just before a delivery in that same millisecond would wait for the next run.
        WHERE m.id = ANY (ARRAY(SELECT id FROM outbox_message
                        WHERE status = 'PENDING' AND next_attempt_at < $1::timestamptz + interval '1 millisecond'
                          AND (claimed_until IS NULL OR claimed_until <= $1)
                        ORDER BY next_attempt_at
                        LIMIT $3
                        FOR UPDATE SKIP LOCKED))
       RETURNING m.id, m.attempts, m.kind, m.recipient_email, m.recipient_name, m.subject, m.body_text`,
      [now, this.options.leaseSeconds, this.options.batchSize],
    );
    return rows;
  }

  private async deliver(message: Claimed, now: Date, log?: JobLog): Promise<keyof Delivery | null> {
    // Every earlier claim ended without a mark (a sender stopped each time): no more sends than attempts allowed.
    if (message.attempts > this.options.maxAttempts) {
      return this.failed(message, now, new Error(`claimed ${message.attempts - 1} times, and never marked sent or failed`), log);
    }
    try {
      await withTimeout(
        this.transport.send({
          messageId: `<${message.id}@${this.messageIdHost}>`,
          to: { name: message.recipient_name, email: message.recipient_email },
          subject: message.subject,
          text: message.body_text,
        }),
        SEND_TIMEOUT_MS,
      );
    } catch (error) {
      return this.failed(message, now, error, log);
    }
    const [, marked] = await this.db.query(
      `UPDATE outbox_message SET status = $3, sent_at = now(), claimed_until = NULL, last_error = NULL,
              body_text = CASE WHEN $3 = 'KEPT' THEN body_text ELSE ${BODY_WITHOUT_SECRETS} END
        WHERE id = $1 AND attempts = $2 AND status = 'PENDING'`,
      [message.id, message.attempts, this.transport.handedOverAs],
    );
    return marked ? 'handedOver' : null;
  }

  /**
   * Tries again after 1, 2, 4 … minutes (up to an hour), each a little earlier or later at random, so
   * messages refused together do not all come back together; gives up after maxAttempts. A send that
   * timed out may still be under way: its claim is kept to the end of the lease.
   */
  private async failed(message: Claimed, now: Date, error: unknown, log?: JobLog): Promise<keyof Delivery | null> {
    const minutes = Math.min(2 ** (message.attempts - 1), MAX_BACKOFF_MINUTES) * (0.8 + Math.random() * 0.4);
    const [rows]: [{ status: string }[], number] = await this.db.query(
      `UPDATE outbox_message
          SET status = CASE WHEN attempts >= $3 THEN 'DEAD' ELSE 'PENDING' END,
              next_attempt_at = $4::timestamptz + make_interval(secs => $5),
              claimed_until = CASE WHEN $6 THEN claimed_until END,
              last_error = $7,
              body_text = CASE WHEN attempts >= $3 THEN ${BODY_WITHOUT_SECRETS} ELSE body_text END
        WHERE id = $1 AND attempts = $2 AND status = 'PENDING'
       RETURNING status`,
      [
        message.id,
        message.attempts,
        this.options.maxAttempts,
        now,
        Math.round(minutes * 60),
        error instanceof SendTimeout,
        failureReason(error),
      ],
    );
    if (rows[0]?.status !== 'DEAD') return rows[0] ? 'retrying' : null;
    log?.warn({ outboxMessageId: message.id, kind: message.kind, attempts: message.attempts }, 'message not delivered: given up');
    return 'dead';
  }
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeout(`no answer within ${ms / 1000} s`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

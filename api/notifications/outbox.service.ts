import type { UnitOfWork } from '../common/unit-of-work.js';
import type { Links, OutgoingMessage } from './letter.js';
import { MESSAGES_ALWAYS_SENT, type MessageKind } from './notifications.enums.js';
import type { OutboxStatus } from './outbox-message.entity.js';

/** A message as /dev/mail shows it. */
export interface KeptMessage {
  kind: MessageKind;
  recipientName: string;
  recipientEmail: string;
  subject: string;
  bodyText: string;
  status: OutboxStatus;
  createdAt: Date;
}

/**
 * Writes messages to the outbox in the caller's transaction, so a change that rolls back sends nothing
 * and one that commits cannot lose its messages. The sender delivers them afterwards.
 */
export class OutboxService {
  constructor(
    private readonly uow: UnitOfWork,
    readonly links: Links,
  ) {}

  /**
   * Writes the messages in one statement, joining the open transaction (call it inside the change's
   * `uow.transaction`). Leaves out a person's message of a kind they chose not to get (never one of
   * MESSAGES_ALWAYS_SENT) and one whose dedupe key was written before. Returns how many were written.
   */
  async enqueue(messages: readonly OutgoingMessage[]): Promise<number> {
    if (messages.length === 0) return 0;
    const column = <T>(pick: (m: OutgoingMessage) => T) => messages.map(pick);
    return this.uow.transaction(async (em) => {
      const rows: unknown[] = await em.query(
        `INSERT INTO outbox_message (kind, recipient_person_id, recipient_email, recipient_name, subject, body_text, dedupe_key)
         SELECT m.kind, m.person_id, m.email, m.name, m.subject, m.body, m.dedupe_key
           FROM unnest($1::text[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::boolean[])
                AS m(kind, person_id, email, name, subject, body, dedupe_key, always)
          WHERE m.always OR m.person_id IS NULL OR NOT EXISTS (
                  SELECT 1 FROM message_preference p WHERE p.person_id = m.person_id AND p.kind = m.kind AND p.channel = 'NONE')
         ON CONFLICT (dedupe_key) DO NOTHING
         RETURNING id`,
        [
          column((m) => m.kind),
          column((m) => m.to.personId ?? null),
          column((m) => m.to.email),
          column((m) => m.to.name),
          column((m) => m.letter.subject),
          column((m) => m.letter.text),
          column((m) => m.dedupeKey ?? null),
          column((m) => MESSAGES_ALWAYS_SENT.has(m.kind)),
        ],
      );
      return rows.length;
    });
  }

  /** The newest messages, newest first, for /dev/mail. */
  async latest(limit: number): Promise<KeptMessage[]> {
    return this.uow.manager.query(
      `SELECT kind, recipient_name AS "recipientName", recipient_email AS "recipientEmail", subject, body_text AS "bodyText",
              status, created_at AS "createdAt"
         FROM outbox_message ORDER BY created_at DESC, id LIMIT $1`,
      [limit],
    );
  }
}

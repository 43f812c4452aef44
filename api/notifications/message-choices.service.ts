import type { AuditService } from '../audit/audit.service.js';
import { type Acting, requirePerson } from '../auth/actor.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { MessageChoice } from './message-choices.types.js';
import { MESSAGE_KIND_DESCRIPTIONS, MESSAGES_ALWAYS_SENT, MessageChannel, MessageKind } from './notifications.enums.js';
import { notificationsInvalidInput } from './notifications.exception.js';

/** Each person's choice, kind by kind, of email or nothing; the outbox applies it when a message is written. */
export class MessageChoicesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /** Every kind, in the schema's order, with the person's channel for it (EMAIL where they chose nothing). */
  async choicesOf(personId: string): Promise<MessageChoice[]> {
    const rows: { kind: MessageKind; channel: MessageChannel }[] = await this.uow.manager.query(
      `SELECT kind, channel FROM message_preference WHERE person_id = $1`,
      [personId],
    );
    const chosen = new Map(rows.map((row) => [row.kind, row.channel]));
    return Object.values(MessageKind).map((kind) => ({
      kind,
      channel: MESSAGES_ALWAYS_SENT.has(kind) ? MessageChannel.EMAIL : (chosen.get(kind) ?? MessageChannel.EMAIL),
      canTurnOff: !MESSAGES_ALWAYS_SENT.has(kind),
      description: MESSAGE_KIND_DESCRIPTIONS[kind],
    }));
  }

  /** The signed-in person's own choice for one kind; audited (the kind and channel, nothing else). */
  async setChoice(acting: Acting, kind: MessageKind, channel: MessageChannel): Promise<MessageChoice[]> {
    const person = requirePerson(acting.actor);
    if (channel === MessageChannel.NONE && MESSAGES_ALWAYS_SENT.has(kind)) {
      throw notificationsInvalidInput(
        'This kind of message is always sent: it holds a link you asked for, keeps your account safe, or is a crisis alert.',
        'channel',
      );
    }
    await this.uow.transaction(async (em) => {
      await em.query(
        `INSERT INTO message_preference (person_id, kind, channel) VALUES ($1, $2, $3)
         ON CONFLICT (person_id, kind) DO UPDATE SET channel = excluded.channel, updated_at = now()`,
        [person.personId, kind, channel],
      );
      await this.audit.record(acting, {
        action: 'messageChoice.set',
        objectType: 'Person',
        objectId: person.personId,
        summary: { kind, channel },
      });
    });
    return this.choicesOf(person.personId);
  }
}

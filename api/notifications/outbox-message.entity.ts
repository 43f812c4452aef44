import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import type { MessageKind } from './notifications.enums.js';

/** PENDING until delivered (SENT), kept for /dev/mail where no SMTP server is configured (KEPT), or given up on (DEAD). */
export type OutboxStatus = 'PENDING' | 'SENT' | 'KEPT' | 'DEAD';

/** One message in the transactional outbox (migrations/1768000000000-MessageOutbox.ts). */
@Entity('outbox_message')
@Check('outbox_message_status_check', `"status" IN ('PENDING', 'SENT', 'KEPT', 'DEAD')`)
@Index('outbox_message_due_idx', ['nextAttemptAt'], { where: `"status" = 'PENDING'` })
export class OutboxMessage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  kind: MessageKind;

  @ForeignKey('Person', { name: 'FK_outbox_message_recipient', onDelete: 'SET NULL' })
  @Index('outbox_message_recipient_idx')
  @Column({ name: 'recipient_person_id', type: 'uuid', nullable: true })
  recipientPersonId: string | null;

  @Column({ name: 'recipient_email', type: 'text' })
  recipientEmail: string;

  @Column({ name: 'recipient_name', type: 'text' })
  recipientName: string;

  @Column({ type: 'text' })
  subject: string;

  @Column({ name: 'body_text', type: 'text' })
  bodyText: string;

  @Index('outbox_message_dedupe_key', { unique: true })
  @Column({ name: 'dedupe_key', type: 'text', nullable: true })
  dedupeKey: string | null;

  @Column({ type: 'text', default: 'PENDING' })
  status: OutboxStatus;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ name: 'claimed_until', type: 'timestamptz', nullable: true })
  claimedUntil: Date | null;

  @Column({ name: 'last_error', type: 'text', nullable: true })
  lastError: string | null;

  @Index('outbox_message_created_idx')
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'sent_at', type: 'timestamptz', nullable: true })
  sentAt: Date | null;
}

/** A person's choice for one kind of message; no row means EMAIL. */
@Entity('message_preference')
@Check('message_preference_channel_check', `"channel" IN ('EMAIL', 'NONE')`)
export class MessagePreferenceRow {
  @ForeignKey('Person', { name: 'FK_message_preference_person', onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid', primary: true })
  personId: string;

  @Column({ type: 'text', primary: true })
  kind: MessageKind;

  @Column({ type: 'text' })
  channel: 'EMAIL' | 'NONE';

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

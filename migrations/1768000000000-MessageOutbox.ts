import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The transactional outbox: a message is a row written in the transaction of the change that causes it,
 * delivered afterwards by the sender (api/notifications/mail-sender.ts), which claims due rows with
 * FOR UPDATE SKIP LOCKED and a lease, so several instances never send one message twice. And each
 * person's choice, kind by kind, of email or nothing.
 */
export class MessageOutbox1768000000000 implements MigrationInterface {
  name = 'MessageOutbox1768000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "outbox_message" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "kind" text NOT NULL,
      "recipient_person_id" uuid,
      "recipient_email" text NOT NULL,
      "recipient_name" text NOT NULL,
      "subject" text NOT NULL,
      "body_text" text NOT NULL,
      "dedupe_key" text,
      "status" text NOT NULL DEFAULT 'PENDING',
      "attempts" integer NOT NULL DEFAULT 0,
      "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "claimed_until" TIMESTAMP WITH TIME ZONE,
      "last_error" text,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "sent_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "PK_outbox_message" PRIMARY KEY ("id"),
      CONSTRAINT "outbox_message_status_check" CHECK ("status" IN ('PENDING', 'SENT', 'KEPT', 'DEAD')),
      CONSTRAINT "FK_outbox_message_recipient" FOREIGN KEY ("recipient_person_id") REFERENCES "person"("id") ON DELETE SET NULL
    )`);
    await q.query(`CREATE UNIQUE INDEX "outbox_message_dedupe_key" ON "outbox_message" ("dedupe_key")`);
    await q.query(`CREATE INDEX "outbox_message_due_idx" ON "outbox_message" ("next_attempt_at") WHERE "status" = 'PENDING'`);
    await q.query(`CREATE INDEX "outbox_message_recipient_idx" ON "outbox_message" ("recipient_person_id")`);
    await q.query(`CREATE INDEX "outbox_message_created_idx" ON "outbox_message" ("created_at")`);

    await q.query(`CREATE TABLE "message_preference" (
      "person_id" uuid NOT NULL,
      "kind" text NOT NULL,
      "channel" text NOT NULL,
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_message_preference" PRIMARY KEY ("person_id", "kind"),
      CONSTRAINT "message_preference_channel_check" CHECK ("channel" IN ('EMAIL', 'NONE')),
      CONSTRAINT "FK_message_preference_person" FOREIGN KEY ("person_id") REFERENCES "person"("id") ON DELETE CASCADE
    )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "message_preference"`);
    await q.query(`DROP TABLE "outbox_message"`);
  }
}

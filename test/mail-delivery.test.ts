import { describe, expect, it } from 'vitest';
import { letter } from '../api/notifications/letter.js';
import { MessageKind } from '../api/notifications/notifications.enums.js';
import { useTestApp } from './support/app.js';
import { linksIn, useMailServer } from './support/mail.js';

const mail = await useMailServer();

describe('a message written in a change’s transaction', () => {
  const t = useTestApp({ smtpUrl: mail.url });

  it('arrives at the SMTP server once the sender runs, from MAIL_FROM, with its link on the app’s own address', async () => {
    const to = { email: 'Ruth.Example@example.org', name: 'Ruth Example' };
    const words = letter({
      kind: MessageKind.BOOKING_CONFIRMED,
      subject: 'Your booking is confirmed',
      to,
      paragraphs: ['Your booking is confirmed.'],
      link: { label: 'See the booking', url: t.services.outbox.links.booking('b1') },
      links: t.services.outbox.links,
    });
    await t.services.uow.transaction(() => t.services.outbox.enqueue([{ kind: MessageKind.BOOKING_CONFIRMED, to, letter: words }]));

    expect(await t.services.mailSender.deliverDue()).toEqual({ handedOver: 1, retrying: 0, dead: 0 });
    const received = await mail.waitFor((m) => m.subject === 'Your booking is confirmed');
    expect(received.to).toEqual(['ruth.example@example.org']);
    expect(received.from).toBe('no-reply@coopcare.localhost');
    expect(received.messageId).toMatch(/^<[0-9a-f-]{36}@127\.0\.0\.1>$/);
    expect(linksIn(received.text)[0]).toBe(`${t.url}/account#/bookings/b1`);
    const [row] = await t.db.query(`SELECT status, attempts, sent_at FROM outbox_message`);
    expect(row).toMatchObject({ status: 'SENT', attempts: 1 });
    expect(row.sent_at).toBeInstanceOf(Date);
  });
});

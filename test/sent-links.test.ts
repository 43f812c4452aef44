import { expect, test } from 'vitest';
import { SENDER_DEFAULTS } from '../api/notifications/mail-sender.js';
import { useTestApp } from './support/app.js';
import { useMailServer } from './support/mail.js';
import { ACCEPT, fromAddress, mailWithLink, NEW_PASSWORD, REQUEST_RESET, tokenOf } from './support/ways-in.js';
import { useWorld } from './support/world.js';

/*
 * account_token keeps only a hash of each link's secret, so a copy of the database lets nobody in. The
 * outbox holds the message's words, secret included, until it is handed over; after that it must not.
 */

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);

const kept = async (email: string): Promise<{ status: string; body_text: string }[]> =>
  t.db.query(`SELECT status, body_text FROM outbox_message WHERE recipient_email = $1`, [email]);

test('a sent invitation leaves its secret in the email only, and the emailed link still works', async () => {
  const person = await t.services.people.ensurePerson({ email: 'kept.secret@example.org', name: 'Kit Secret' });
  await t.services.accountInvitations.invite({ actor: { kind: 'anonymous' }, requestId: 'test' }, person, 'Your council asked us to.');
  const { url } = await mailWithLink(t, mail, 'kept.secret@example.org', 'set-password');

  const [row] = await kept('kept.secret@example.org');
  expect(row?.status).toBe('SENT');
  expect(row?.body_text).toContain(`${t.url}/account/set-password?token=`);
  expect(row?.body_text).not.toContain(tokenOf(url));
  const accepted = await t.gql<{ acceptAccountInvitation: { __typename: string } }, unknown>(ACCEPT, { t: tokenOf(url), p: NEW_PASSWORD });
  expect(accepted.data!.acceptAccountInvitation.__typename).toBe('LoginResult');
});

test('a reset given up on keeps no secret either', async () => {
  expect(await t.gql(REQUEST_RESET, { e: w.emails.friend }, fromAddress(1))).toEqual({ data: { requestPasswordReset: true } });
  const [pending] = await kept(w.emails.friend);
  expect(pending?.body_text).toMatch(/token=[\w-]{43}/);
  const now = new Date();
  await t.db.query(`UPDATE outbox_message SET attempts = $1, claimed_until = $2 WHERE recipient_email = $3`, [
    SENDER_DEFAULTS.maxAttempts,
    new Date(now.getTime() - 60_000),
    w.emails.friend,
  ]);
  expect(await t.services.mailSender.deliverDue(now)).toMatchObject({ dead: 1 });

  const [dead] = await kept(w.emails.friend);
  expect(dead?.status).toBe('DEAD');
  expect(dead?.body_text).toContain('/account/reset-password?token=');
  expect(dead?.body_text).not.toMatch(/token=[\w-]{43}/);
});

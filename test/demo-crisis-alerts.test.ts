import { expect, test } from 'vitest';
import { DEMO_DUTY_CONTACT } from '../api/alerts/seed.js';
import { useTestApp } from './support/app.js';
import { DEMO_ACCOUNTS, demoSignIn } from './support/demo.js';
import { linksIn, useMailServer } from './support/mail.js';

/** What `npm start` leaves for crisis alerts, and an alert about Margaret followed from David to the inboxes. */
const mail = await useMailServer();
const t = useTestApp({ seeded: true, smtpUrl: mail.url });

test('an alert David raises about his mother reaches Jean next door and Joe of her co-op, then the duty team', async () => {
  const david = await demoSignIn(t, 'david');
  const margaretId = (await t.db.query(`SELECT id FROM person WHERE email = $1`, [DEMO_ACCOUNTS.margaret.email]))[0].id;
  const contacts = await t.gql<any, any>(
    `query($p: ID!) { emergencyContacts(personId: $p) { name email phone } }`,
    { p: margaretId },
    david,
  );
  expect(contacts.data.emergencyContacts).toEqual([
    { name: 'David Hirst', email: DEMO_ACCOUNTS.david.email, phone: '07700 900461' },
    { name: 'Jean Haigh', email: 'jean.haigh@example.org', phone: null },
  ]);

  const raised = await t.gql<any, any>(
    `mutation($i: RaiseCrisisAlertInput!) { raiseCrisisAlert(input: $i) { id raisedAt } }`,
    { i: { personId: margaretId, kind: 'NO_ANSWER', note: 'No answer at 9am, curtains still drawn.' } },
    david,
  );
  expect(raised.errors).toBeUndefined();
  const { id, raisedAt } = raised.data.raiseCrisisAlert;
  await t.services.mailSender.deliverDue();
  const about = mail.messages.filter((m) => m.subject === 'Crisis alert about Margaret Hirst');
  expect(about.flatMap((m) => m.to).sort()).toEqual([DEMO_ACCOUNTS.coordinator.email, 'jean.haigh@example.org'].sort());
  expect(about.every((m) => !/curtains|answer/i.test(m.text))).toBe(true);
  // Joe signs in to see it; Jean, with no account, is told to check on Margaret or call her.
  const to = (email: string) => about.find((m) => m.to.includes(email))!.text;
  expect(linksIn(to(DEMO_ACCOUNTS.coordinator.email))).toEqual([`${t.url}/account#/alerts/${id}`]);
  expect(to('jean.haigh@example.org')).toContain('Please check on them now, or call them.');

  await t.services.crisisEscalation.escalateDue(new Date(new Date(raisedAt).getTime() + 10 * 60_000));
  await t.services.mailSender.deliverDue();
  const duty = await mail.waitFor((m) => m.to.includes(DEMO_DUTY_CONTACT.email));
  expect(duty.subject).toBe('Crisis alert not acknowledged: Margaret Hirst');
  expect(linksIn(duty.text)).toContain(`${t.url}/account#/alerts/${id}`);
});

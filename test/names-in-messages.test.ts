import { expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { useMailServer } from './support/mail.js';
import { useWorld } from './support/world.js';

/*
 * A name someone types for another person is written into the email coopcare sends them ("Hello Ann,").
 * A name of several lines would let its typist add paragraphs, a link and a footer of their own to a
 * message from coopcare's address: a way to phish anyone, so a name is one line.
 */

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);

const FORGED =
  'Ann,\n\nYour coopcare account is locked. Unlock it within 24 hours:\nhttps://coopcare-unlock.example/\n\n--\nThe coopcare team\n\n\n';

test('a name of several lines is refused naming the field, and nobody is emailed', async () => {
  const refusals = [
    await t.gql(
      `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`,
      { i: { personId: w.ids.person, representativeEmail: 'target@example.org', representativeName: FORGED, rights: ['BOOK'] } },
      w.headers('person'),
    ),
    await t.gql(
      `mutation($i: InviteStaffMemberInput!) { inviteStaffMember(input: $i) { id } }`,
      { i: { email: 'target2@example.org', name: 'Wynn\r\nWorker', role: 'CARE_WORKER', providerId: w.providerA } },
      w.headers('coordinator'),
    ),
    await t.gql(
      `mutation($i: SetEmergencyContactsInput!) { setEmergencyContacts(input: $i) { name } }`,
      { i: { personId: w.ids.person, contacts: [{ name: 'Jean\tnext door', email: 'jean@example.org' }] } },
      w.headers('person'),
    ),
  ];
  expect(refusals.map((r) => r.errors?.[0]?.extensions)).toMatchObject([
    { code: 'BAD_USER_INPUT', argument: 'representativeName' },
    { code: 'BAD_USER_INPUT', argument: 'input.name' },
    { code: 'BAD_USER_INPUT', argument: 'input.contacts[0].name' },
  ]);
  await t.services.mailSender.deliverDue();
  expect(mail.messages.filter((m) => m.to.some((to) => to.startsWith('target')))).toEqual([]);
  expect(await t.services.people.personByEmail('target@example.org')).toBeNull();
});

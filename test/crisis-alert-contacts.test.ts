import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app.js';
import { RAISE, setContacts } from './support/crisis-alerts.js';
import { as } from './support/fulfilment.js';
import { code } from './support/graphql.js';
import { linksIn, useMailServer } from './support/mail.js';
import { useWorld } from './support/world.js';

/*
 * An emergency contact is told of an alert at once. One who has an account under the address the person
 * gave may sign in, read the alert and take it up; one who has none is told what to do without a link
 * to a sign-in that cannot work.
 */

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const w = useWorld(t);

const READ = `query($id: ID!) { crisisAlert(id: $id) { id kind note } }`;
const LIST = `query($p: ID) { crisisAlerts(personId: $p) { id } }`;
const ACKNOWLEDGE = `mutation($id: ID!) { acknowledgeCrisisAlert(alertId: $id) {
  __typename ... on CrisisAlert { open acknowledgedBy { id } } } }`;

const NEIGHBOUR = 'jean@neighbour.example';
const NOTE = 'Found on the floor by the stairs.';

async function raiseWithContacts(contacts: { name: string; email: string }[]) {
  await setContacts(t, w, contacts);
  const { id } = await as<{ id: string }>(t, w, 'representativeAll', RAISE, { i: { personId: w.ids.person, kind: 'FALLEN', note: NOTE } });
  await t.services.mailSender.deliverDue();
  return id;
}

describe('an emergency contact with an account', () => {
  it('is emailed a link to sign in, and may then read the alert and acknowledge it', async () => {
    mail.clear();
    const id = await raiseWithContacts([{ name: 'Other', email: w.emails.otherPerson.toUpperCase() }]);
    const [email] = mail.to(w.emails.otherPerson);
    expect(email!.text).toContain('When you sign in you can see the alert');
    expect(linksIn(email!.text)).toEqual([`${t.url}/account#/alerts/${id}`]);

    expect(await as(t, w, 'otherPerson', READ, { id })).toEqual({ id, kind: 'FALLEN', note: NOTE });
    expect((await as<{ id: string }[]>(t, w, 'otherPerson', LIST, { p: w.ids.person })).map((a) => a.id)).toContain(id);
    expect(await as(t, w, 'otherPerson', ACKNOWLEDGE, { id })).toEqual({
      __typename: 'CrisisAlert',
      open: false,
      acknowledgedBy: { id: w.ids.otherPerson },
    });
  });

  it('may no longer read the person’s alerts once the person takes them off the list', async () => {
    const id = await raiseWithContacts([{ name: 'Other', email: w.emails.otherPerson }]);
    await setContacts(t, w, []);
    expect(code(await t.gql<any, any>(READ, { id }, w.headers('otherPerson')))).toBe('FORBIDDEN');
    expect(await as(t, w, 'otherPerson', LIST, { p: w.ids.person })).toEqual([]);
  });
});

describe('an emergency contact with no account', () => {
  it('is told to check on the person or call them, and 999 in danger, with no link to a sign-in that cannot work', async () => {
    mail.clear();
    const id = await raiseWithContacts([{ name: 'Jean', email: NEIGHBOUR }]);
    const [email] = mail.to(NEIGHBOUR);
    expect(email!.subject).toBe('Crisis alert about person');
    expect(email!.text).toContain('Please check on them now, or call them.');
    expect(email!.text).toContain('If someone is in danger, call 999.');
    expect(email!.text).not.toMatch(/sign in/i);
    expect(email!.text).not.toContain(NOTE);
    expect(linksIn(email!.text)).toEqual(['https://111.nhs.uk/']);
    expect(email!.text).not.toContain(id);
  });
});

describe('a stranger', () => {
  it('may neither read nor acknowledge an alert, nor see it listed', async () => {
    const id = await raiseWithContacts([
      { name: 'Other', email: w.emails.otherPerson },
      { name: 'Jean', email: NEIGHBOUR },
    ]);
    for (const role of ['otherCoordinator', 'representativeNone', 'otherOfficer'] as const) {
      expect(code(await t.gql<any, any>(READ, { id }, w.headers(role))), role).toBe('FORBIDDEN');
      expect(code(await t.gql<any, any>(ACKNOWLEDGE, { id }, w.headers(role))), role).toBe('FORBIDDEN');
      expect(await as(t, w, role, LIST, { p: w.ids.person }), role).toEqual([]);
    }
  });
});

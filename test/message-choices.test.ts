import { beforeAll, describe, expect, it } from 'vitest';
import { letter } from '../api/notifications/letter.js';
import { MESSAGES_ALWAYS_SENT, MessageKind } from '../api/notifications/notifications.enums.js';
import { useTestApp } from './support/app.js';
import { auditCount, firstError, signedIn } from './support/graphql.js';
import { useMailServer } from './support/mail.js';
import { PASSWORD, PEOPLE } from './support/world.js';
import { inject } from 'vitest';

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url });
const personId = inject('world').ids.person;

const CHOICES = `{ me { messageChoices { kind channel canTurnOff description } } }`;
const SET = `mutation($k: MessageKind!, $c: MessageChannel!) { setMessageChoice(kind: $k, channel: $c) { kind channel canTurnOff } }`;

let person: Record<string, string>;
beforeAll(async () => {
  person = await signedIn(t, PEOPLE.person, PASSWORD);
});

type Choice = { kind: string; channel: string; canTurnOff: boolean; description: string };
const choices = async () => (await t.gql<{ me: { messageChoices: Choice[] } }, unknown>(CHOICES, {}, person)).data?.me.messageChoices ?? [];

/** Writes one message of `kind` to the world's person, as a domain does, and runs the sender. */
async function sendToPerson(kind: MessageKind, subject: string) {
  const to = { email: PEOPLE.person, name: 'Pat', personId };
  const links = t.services.outbox.links;
  const words = letter({ kind, subject, to, paragraphs: ['Something happened.'], link: { label: 'See it', url: links.account() }, links });
  await t.services.uow.transaction(() => t.services.outbox.enqueue([{ kind, to, letter: words }]));
  await t.services.mailSender.deliverDue();
}

describe('a person’s message choices', () => {
  it('list every kind, by email until chosen otherwise, with what it is about and whether it can be turned off', async () => {
    const listed = await choices();
    expect(listed.map((c) => c.kind)).toEqual(Object.values(MessageKind));
    expect(listed.every((c) => c.channel === 'EMAIL' && c.description.length > 0)).toBe(true);
    expect(listed.filter((c) => !c.canTurnOff).map((c) => c.kind)).toEqual([...MESSAGES_ALWAYS_SENT]);
  });

  it('NONE stops that kind reaching the person, other kinds still arrive, and EMAIL brings it back', async () => {
    const set = await t.gql<{ setMessageChoice: Choice[] }, unknown>(SET, { k: 'BOOKING_CONFIRMED', c: 'NONE' }, person);
    expect(set.data?.setMessageChoice).toContainEqual({ kind: 'BOOKING_CONFIRMED', channel: 'NONE', canTurnOff: true });
    expect((await choices()).find((c) => c.kind === 'BOOKING_CONFIRMED')?.channel).toBe('NONE');

    await sendToPerson(MessageKind.BOOKING_CONFIRMED, 'Turned off');
    await sendToPerson(MessageKind.BOOKING_DECLINED, 'Still on');
    await mail.waitFor((m) => m.subject === 'Still on');
    expect(mail.to(PEOPLE.person).map((m) => m.subject)).toEqual(['Still on']);

    await t.gql(SET, { k: 'BOOKING_CONFIRMED', c: 'EMAIL' }, person);
    await sendToPerson(MessageKind.BOOKING_CONFIRMED, 'Back on');
    await mail.waitFor((m) => m.subject === 'Back on');
    expect(await auditCount(t, 'messageChoice.set', personId)).toBe(2);
    const events = await t.db.query(
      `SELECT object_type AS "objectType", summary FROM audit_event WHERE action = 'messageChoice.set' ORDER BY occurred_at`,
    );
    // About the Person, as every other audit event about someone is, so a search of their trail finds it.
    expect(events).toEqual([
      { objectType: 'Person', summary: { kind: 'BOOKING_CONFIRMED', channel: 'NONE' } },
      { objectType: 'Person', summary: { kind: 'BOOKING_CONFIRMED', channel: 'EMAIL' } },
    ]);
  });

  it('cannot turn off a kind that is always sent: BAD_USER_INPUT naming channel, nothing written', async () => {
    for (const kind of MESSAGES_ALWAYS_SENT) {
      const error = await firstError(t, SET, { k: kind, c: 'NONE' }, person);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'channel' });
      expect(error.message).toMatch(/always sent/);
    }
    expect(await t.db.query(`SELECT 1 FROM message_preference WHERE person_id = $1 AND channel = 'NONE'`, [personId])).toEqual([]);
    expect(await auditCount(t, 'messageChoice.set', personId)).toBe(2);
    // Nor does a choice written some other way stop one: the outbox ignores it for those kinds.
    await t.db.query(`INSERT INTO message_preference (person_id, kind, channel) VALUES ($1, 'CRISIS_ALERT', 'NONE')`, [personId]);
    await sendToPerson(MessageKind.CRISIS_ALERT, 'Always arrives');
    await mail.waitFor((m) => m.subject === 'Always arrives');
    expect((await choices()).find((c) => c.kind === 'CRISIS_ALERT')).toMatchObject({ channel: 'EMAIL', canTurnOff: false });
  });

  it('refuses a kind or channel that does not exist before anything runs', async () => {
    const error = await firstError(t, SET, { k: 'BOOKING_CONFIRMED', c: 'SMS' }, person);
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

import { describe, expect, it } from 'vitest';
import { CrisisAlertKind } from '../api/alerts/alerts.enums.js';
import { CrisisAlertsService } from '../api/alerts/crisis-alerts.service.js';
import type { SmsChannel, TextMessage } from '../api/alerts/sms-channel.js';
import { toPersonActor } from '../api/auth/actor.js';
import { useTestApp } from './support/app.js';
import { hoursFromNow } from './support/brokerage.js';
import { setContacts } from './support/crisis-alerts.js';
import { as, bookVisits } from './support/fulfilment.js';
import { auditCount, bearer, code, firstError } from './support/graphql.js';
import { linksIn, useMailServer } from './support/mail.js';
import { LONDON_MOMENT } from './support/messages.js';
import { type RoleName, useWorld } from './support/world.js';

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url, crisisEscalationMinutes: 5 });
const w = useWorld(t);

const RAISE = `mutation($i: RaiseCrisisAlertInput!) { raiseCrisisAlert(input: $i) {
  id kind note open raisedAt person { id name } raisedBy { id } acknowledgedBy { id } } }`;
const ACKNOWLEDGE = `mutation($id: ID!) { acknowledgeCrisisAlert(alertId: $id) {
  __typename ... on CrisisAlert { id open acknowledgedAt acknowledgedBy { id } } ... on ErrorResult { code message } } }`;
const SET_CONTACTS = `mutation($i: SetEmergencyContactsInput!) { setEmergencyContacts(input: $i) { position name email phone } }`;
const SET_DUTY = `mutation($i: SetCouncilDutyContactInput!) { setCouncilDutyContact(input: $i) { councilId name email phone } }`;
const ALERTS = `query($p: ID, $o: Boolean) { crisisAlerts(personId: $p, open: $o) { id kind note person { name } } }`;

/** A note with the health detail no email may carry. */
const NOTE = 'Found on the kitchen floor, says her hip hurts; diabetic, last insulin at 8am.';
const HEALTH_WORDS = /fall|fallen|hip|insulin|diabetic|unwell|kitchen/i;

const raise = (role: RoleName | Record<string, string>, personId: string, kind = 'FALLEN', note: string | null = NOTE) =>
  t.gql<any, any>(RAISE, { i: { personId, kind, note } }, typeof role === 'string' ? w.headers(role) : role);

/** Delivers what the outbox holds and returns the messages the SMTP server received about the alert. */
async function delivered(alertId: string) {
  await t.services.mailSender.deliverDue();
  return mail.messages.filter((m) => m.text.includes(`/account#/alerts/${alertId}`));
}

const alertRow = async (id: string) => (await t.db.query(`SELECT * FROM crisis_alert WHERE id = $1`, [id]))[0];

describe('raising an alert', () => {
  it('emails the emergency contacts and the coordinators of providers visiting the person, in words with no health detail', async () => {
    await setContacts(t, w, [
      { name: 'Ann Neighbour', email: 'Ann@Neighbour.example', phone: '+44 7700 900123' },
      { name: 'Sam Son', email: 'sam@son.example' },
    ]);
    // A requested booking of provider A with a visit to come; provider B has nothing with the person.
    await bookVisits(t, w);
    const res = await raise('representativeAll', w.ids.person);
    expect(res.errors).toBeUndefined();
    const alert = res.data.raiseCrisisAlert;
    expect(alert).toMatchObject({ kind: 'FALLEN', note: NOTE, open: true, person: { id: w.ids.person }, acknowledgedBy: null });
    expect(alert.raisedBy.id).toBe(w.ids.representativeAll);

    // The coordinators can sign in to see it; the contacts, with no account, have no such link.
    const signingIn = await delivered(alert.id);
    expect(signingIn.flatMap((m) => m.to).sort()).toEqual([w.emails.coordinator, w.emails.secondCoordinator].sort());
    for (const m of signingIn) expect(linksIn(m.text)).toEqual([`${t.url}/account#/alerts/${alert.id}`]);
    const received = mail.messages.filter((m) => m.subject === 'Crisis alert about person');
    expect(received.flatMap((m) => m.to).sort()).toEqual(
      ['ann@neighbour.example', 'sam@son.example', w.emails.coordinator, w.emails.secondCoordinator].sort(),
    );
    for (const m of received) {
      expect(m.text).toContain('A crisis alert was raised about person on ');
      expect(m.text).not.toMatch(HEALTH_WORDS);
      expect(m.text).not.toContain('FALLEN');
    }
    expect(mail.to('ann@neighbour.example')[0]!.text).toContain('emergency contacts');
    // The raiser is not told what they raised.
    expect(mail.to(w.emails.representativeAll)).toEqual([]);

    const [event] = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'crisisAlert.raise' AND object_id = $1`, [alert.id]);
    expect(event.summary).toEqual({ personId: w.ids.person, emails: 4, providers: 1, textMessages: 1, textProviderConfigured: false });
    expect(JSON.stringify(event.summary)).not.toMatch(HEALTH_WORDS);
  });

  it('is refused to a stranger, a coordinator and a care worker with no visit to the person, and nothing is written', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM crisis_alert`))[0].n;
    for (const role of ['otherPerson', 'representativeNone', 'coordinator', 'careWorker', 'officer'] as const)
      expect(code(await raise(role, w.ids.person)), role).toBe('FORBIDDEN');
    expect(code(await raise('public', w.ids.person))).toBe('UNAUTHENTICATED');
    expect(code(await raise('widget', w.ids.person))).toBe('FORBIDDEN');
    expect((await t.db.query(`SELECT count(*)::int AS n FROM crisis_alert`))[0].n).toBe(before);
  });

  it('is open to a care worker given a visit to come, and not after their visits are over', async () => {
    const { bookingId } = await bookVisits(t, w, { confirmedWith: w.ids.careWorker });
    const res = await raise('careWorker', w.ids.person, 'NO_ANSWER', null);
    expect(res.errors).toBeUndefined();
    expect(res.data.raiseCrisisAlert).toMatchObject({ kind: 'NO_ANSWER', note: '' });
    await t.db.query(
      `UPDATE booking_visit SET starts_at = $2, ends_at = $2::timestamptz + interval '1 hour', status = 'DELIVERED' WHERE booking_id = $1`,
      [bookingId, hoursFromNow(-30)],
    );
    expect(code(await raise('careWorker', w.ids.person))).toBe('FORBIDDEN');
  });

  it('refuses a note over 2,000 characters naming the field, and writes nothing', async () => {
    const before = (await t.db.query(`SELECT count(*)::int AS n FROM crisis_alert`))[0].n;
    const error = await firstError(t, RAISE, { i: { personId: w.ids.person, kind: 'OTHER', note: 'x'.repeat(2001) } }, w.headers('person'));
    expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'input.note' });
    expect((await firstError(t, RAISE, { i: { personId: w.ids.person, kind: 'PANIC' } }, w.headers('person'))).extensions?.code).toBe(
      'BAD_USER_INPUT',
    );
    expect((await t.db.query(`SELECT count(*)::int AS n FROM crisis_alert`))[0].n).toBe(before);
  });
});

describe('acknowledging an alert', () => {
  it('happens once: of two at the same moment one wins and the other is told who and when', async () => {
    const { id } = (await raise('person', w.ids.person)).data.raiseCrisisAlert;
    const [a, b] = await Promise.all(
      (['representativeAll', 'coordinator'] as const).map((role) => t.gql<any, any>(ACKNOWLEDGE, { id }, w.headers(role))),
    );
    const answers = [a!.data.acknowledgeCrisisAlert, b!.data.acknowledgeCrisisAlert];
    const won = answers.find((r) => r.__typename === 'CrisisAlert');
    const lost = answers.find((r) => r.__typename === 'ConflictError');
    expect(won).toMatchObject({ open: false });
    expect(lost.code).toBe('CONFLICT');
    const winner = won.acknowledgedBy.id === w.ids.coordinator ? 'coordinator' : 'representativeAll';
    expect(lost.message).toMatch(new RegExp(`^${winner} acknowledged this alert on ${LONDON_MOMENT}\\.$`));
    expect(await auditCount(t, 'crisisAlert.acknowledge', id)).toBe(1);
    expect((await alertRow(id)).acknowledged_by_id).toBe(won.acknowledgedBy.id);
  });

  it('is not for whoever raised it, nor for someone who may not read it', async () => {
    const { id } = (await raise('representativeAll', w.ids.person)).data.raiseCrisisAlert;
    for (const role of ['representativeAll', 'otherPerson', 'otherCoordinator', 'otherOfficer'] as const)
      expect(code(await t.gql<any, any>(ACKNOWLEDGE, { id }, w.headers(role))), role).toBe('FORBIDDEN');
    expect((await alertRow(id)).acknowledged_at).toBeNull();
    const unknown = await t.gql<any, any>(ACKNOWLEDGE, { id: '00000000-0000-4000-8000-000000000000' }, w.headers('officer'));
    expect(code(unknown)).toBe('NOT_FOUND');
  });
});

describe('reading alerts', () => {
  it('shows the kind and note to those who may read them, and nothing to others', async () => {
    const { id } = (await raise('person', w.ids.person, 'UNWELL')).data.raiseCrisisAlert;
    for (const role of ['person', 'representativeAll', 'coordinator', 'officer', 'admin'] as const) {
      const one = await as(t, w, role, `query($id: ID!) { crisisAlert(id: $id) { kind note } }`, { id });
      expect(one, role).toEqual({ kind: 'UNWELL', note: NOTE });
      const listed = await as<{ id: string }[]>(t, w, role, ALERTS, { p: w.ids.person, o: true });
      expect(
        listed.map((a) => a.id),
        role,
      ).toContain(id);
    }
    for (const role of ['otherPerson', 'representativeNone', 'otherCoordinator', 'otherOfficer'] as const) {
      expect(code(await t.gql<any, any>(`query($id: ID!) { crisisAlert(id: $id) { id } }`, { id }, w.headers(role))), role).toBe(
        'FORBIDDEN',
      );
      expect(await as(t, w, role, ALERTS, { p: w.ids.person }), role).toEqual([]);
    }
  });
});

describe('a list of alerts', () => {
  const LIST = `query($p: ID) { crisisAlerts(personId: $p) { id person { name } raisedBy { name } acknowledgedBy { name } } }`;
  async function listed(personId: string) {
    t.statements.reset();
    const res = await t.gql<any, any>(LIST, { p: personId }, w.headers('admin'));
    expect(res.errors).toBeUndefined();
    return { statements: t.statements.count, alerts: res.data.crisisAlerts.length };
  }

  it('costs the statements of a list of one, whoever raised and acknowledged them', async () => {
    await raise('otherPerson', w.ids.otherPerson);
    const one = await listed(w.ids.otherPerson);
    const many = await listed(w.ids.person);
    expect(one.alerts).toBe(1);
    expect(many.alerts).toBeGreaterThan(4);
    expect(many.statements).toBe(one.statements);
  });
});

describe('escalation', () => {
  it('goes, once, to the council’s duty contact when nobody acknowledged the alert in the configured time', async () => {
    const duty = await as(t, w, 'officer', SET_DUTY, {
      i: { councilId: w.councilA, name: 'Kirklees duty team', email: 'Duty@Council.example', phone: '01484 221000' },
    });
    expect(duty).toEqual({ councilId: w.councilA, name: 'Kirklees duty team', email: 'duty@council.example', phone: '01484 221000' });
    const { id } = (await raise('person', w.ids.person)).data.raiseCrisisAlert;
    const raisedAt = (await alertRow(id)).raised_at as Date;
    const minutesOn = (m: number) => new Date(raisedAt.getTime() + m * 60_000);

    await t.services.crisisEscalation.escalateDue(minutesOn(4.9));
    expect((await alertRow(id)).escalated_at).toBeNull();
    // Two instances at once, then a later run: one escalation.
    await Promise.all([t.services.crisisEscalation.escalateDue(minutesOn(5)), t.services.crisisEscalation.escalateDue(minutesOn(5))]);
    await t.services.crisisEscalation.escalateDue(minutesOn(60));
    expect((await alertRow(id)).escalated_at).toEqual(minutesOn(5));
    expect(await auditCount(t, 'crisisAlert.escalate', id)).toBe(1);

    const received = (await delivered(id)).filter((m) => m.subject.startsWith('Crisis alert not acknowledged'));
    expect(received.map((m) => m.to)).toEqual([['duty@council.example']]);
    expect(received[0]!.text).toContain('in 5 minutes');
    expect(received[0]!.text).not.toMatch(HEALTH_WORDS);
    const [event] = await t.db.query(
      `SELECT actor_kind, summary FROM audit_event WHERE action = 'crisisAlert.escalate' AND object_id = $1`,
      [id],
    );
    expect(event).toEqual({ actor_kind: 'system', summary: { personId: w.ids.person, emails: 1, toDutyContact: true } });
  });

  it('goes to the council’s officers where it has no duty contact, and never for an acknowledged alert', async () => {
    const { id } = (await raise(bearer(await w.login(w.emails.personB)), w.ids.personB)).data.raiseCrisisAlert;
    const taken = (await raise('person', w.ids.person)).data.raiseCrisisAlert.id;
    expect((await as(t, w, 'officer', ACKNOWLEDGE, { id: taken })).__typename).toBe('CrisisAlert');
    await t.services.crisisEscalation.escalateDue(new Date(Date.now() + 6 * 60_000));
    expect((await alertRow(taken)).escalated_at).toBeNull();
    const received = (await delivered(id)).filter((m) => m.subject.startsWith('Crisis alert not acknowledged'));
    expect(received.flatMap((m) => m.to)).toEqual([w.emails.otherOfficer]);
  });
});

describe('text messages', () => {
  it('go, once a provider is plugged in, to the contacts with a phone after the alert commits, without its kind or note', async () => {
    const sent: TextMessage[][] = [];
    // The newest alert as another connection sees it while the texts go: the one just raised, committed.
    const seenWhileSending: string[] = [];
    const provider: SmsChannel = {
      configured: true,
      async send(messages) {
        seenWhileSending.push((await t.db.query(`SELECT id FROM crisis_alert ORDER BY raised_at DESC LIMIT 1`))[0].id);
        sent.push([...messages]);
      },
    };
    const { uow, audit, outbox, people, brokerageReader, contacts, crisisEscalation } = t.services;
    const alerts = new CrisisAlertsService(uow, audit, outbox, people, brokerageReader, contacts, crisisEscalation, provider);
    await setContacts(t, w, [
      { name: 'Ann', email: 'ann@example.org', phone: '07700 900123' },
      { name: 'Bo', email: 'bo@example.org' },
      { name: 'Other', email: w.emails.otherPerson, phone: '07700 900456' },
    ]);
    const acting = { actor: toPersonActor(w.ids.person, 'test', { isAdmin: false, staff: [], grants: [] }), requestId: 'sms-test' };
    const alert = await alerts.raise(acting, { personId: w.ids.person, kind: CrisisAlertKind.FALLEN, note: NOTE });
    // Ann has no account to sign in to, so her text has no link to one; Other has.
    expect(sent).toEqual([
      [
        {
          to: '07700 900123',
          text: expect.stringContaining('about person. Please check on them now, or call them. If someone is in danger'),
        },
        { to: '07700 900456', text: expect.stringContaining(`about person. See it: ${t.url}/account#/alerts/${alert.id}`) },
      ],
    ]);
    for (const text of sent[0]!) expect(text.text).not.toMatch(HEALTH_WORDS);
    expect(seenWhileSending).toEqual([alert.id]);
    const [event] = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'crisisAlert.raise' AND object_id = $1`, [alert.id]);
    expect(event.summary).toMatchObject({ textMessages: 2, textProviderConfigured: true });
  });
});

describe('an alert about someone with no council', () => {
  it('is marked escalated, once, with nobody to email, and the job says so to the operator', async () => {
    const { id } = (await raise(bearer(await w.login(w.emails.friend)), w.ids.friend)).data.raiseCrisisAlert;
    const warnings: Record<string, unknown>[] = [];
    const log = { warn: (fields: Record<string, unknown>) => warnings.push(fields), error: () => {} };
    // As the scheduler runs it on a server, with the server's log.
    const job = t.services.scheduler.registered.find((j) => j.name === 'crisis-escalation')!;
    await job.run(new Date(Date.now() + 6 * 60_000), log);
    expect((await alertRow(id)).escalated_at).not.toBeNull();
    expect(warnings).toContainEqual({ alertId: id });
    expect(await delivered(id)).toEqual([]);
  });
});

describe('emergency and duty contacts', () => {
  const contactsOf = (role: RoleName) => as(t, w, role, `query($p: ID!) { emergencyContacts(personId: $p) { name } }`, { p: w.ids.person });

  it('are refused when bad, naming the field, and the list kept is unchanged', async () => {
    const before = await contactsOf('person');
    const contact = { name: 'Ann', email: 'ann@example.org' };
    const cases: [Record<string, unknown>[], string][] = [
      [Array.from({ length: 6 }, () => contact), 'input.contacts'],
      [[contact, { ...contact, email: 'not an address' }], 'input.contacts[1].email'],
      [[{ ...contact, name: '  ' }], 'input.contacts[0].name'],
      [[{ ...contact, phone: '12345' }], 'input.contacts[0].phone'],
      [[{ ...contact, phone: '0'.repeat(31) }], 'input.contacts[0].phone'],
    ];
    for (const [contacts, argument] of cases) {
      const error = await firstError(t, SET_CONTACTS, { i: { personId: w.ids.person, contacts } }, w.headers('person'));
      expect(error.extensions, argument).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    expect(await contactsOf('person')).toEqual(before);
  });

  it('are kept by the person and their representatives, read by their council too, and by nobody else', async () => {
    await as(t, w, 'representativeAll', SET_CONTACTS, {
      i: { personId: w.ids.person, contacts: [{ name: 'Dee', email: 'dee@example.org' }] },
    });
    expect(await contactsOf('officer')).toEqual([{ name: 'Dee' }]);
    for (const role of ['otherPerson', 'coordinator', 'otherOfficer'] as const) {
      const denied = await t.gql<any, any>(SET_CONTACTS, { i: { personId: w.ids.person, contacts: [] } }, w.headers(role));
      expect(code(denied), role).toBe('FORBIDDEN');
      expect(
        code(await t.gql<any, any>(`query($p: ID!) { emergencyContacts(personId: $p) { name } }`, { p: w.ids.person }, w.headers(role))),
      ).toBe('FORBIDDEN');
    }
    const otherCouncil = await t.gql<any, any>(
      SET_DUTY,
      { i: { councilId: w.councilA, name: 'X', email: 'x@example.org' } },
      w.headers('otherOfficer'),
    );
    expect(code(otherCouncil)).toBe('FORBIDDEN');
  });
});

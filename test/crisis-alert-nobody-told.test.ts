import { describe, expect, it } from 'vitest';
import { useTestApp } from './support/app.js';
import { setContacts } from './support/crisis-alerts.js';
import { as } from './support/fulfilment.js';
import { auditCount, bearer } from './support/graphql.js';
import { linksIn, useMailServer } from './support/mail.js';
import { useWorld } from './support/world.js';

/*
 * An alert that reaches nobody at once (no emergency contacts, no co-op visiting the person) goes to the
 * council at once, not after the escalation time, and the escalation job does not send it again.
 */

const mail = await useMailServer();
const t = useTestApp({ seeded: 'world', smtpUrl: mail.url, crisisEscalationMinutes: 5 });
const w = useWorld(t);

const RAISE = `mutation($i: RaiseCrisisAlertInput!) { raiseCrisisAlert(input: $i) { id escalatedAt } }`;
const SET_DUTY = `mutation($i: SetCouncilDutyContactInput!) { setCouncilDutyContact(input: $i) { email } }`;
const ESCALATED = 'Crisis alert not acknowledged: ';

const escalationsOf = (alertId: string) =>
  mail.messages.filter((m) => m.subject.startsWith(ESCALATED) && m.text.includes(`/account#/alerts/${alertId}`));

describe('an alert nobody can be told of at once', () => {
  it('goes at once to the council’s officers where it has no duty contact, and once only', async () => {
    const personB = bearer(await w.login(w.emails.personB));
    const alert = await as<{ id: string; escalatedAt: string | null }>(t, w, personB, RAISE, {
      i: { personId: w.ids.personB, kind: 'UNWELL', note: 'Dizzy since breakfast.' },
    });
    expect(alert.escalatedAt).not.toBeNull();
    await t.services.mailSender.deliverDue();
    const [sent] = escalationsOf(alert.id);
    expect(sent!.to).toEqual([w.emails.otherOfficer]);
    expect(sent!.subject).toBe(`${ESCALATED}personB`);
    expect(sent!.text).toContain('There was nobody else coopcare could tell of it at once');
    expect(sent!.text).not.toMatch(/dizzy|unwell|breakfast/i);
    expect(linksIn(sent!.text)).toEqual([`${t.url}/account#/alerts/${alert.id}`]);
    const [event] = await t.db.query(
      `SELECT actor_person_id, summary FROM audit_event WHERE action = 'crisisAlert.escalate' AND object_id = $1`,
      [alert.id],
    );
    expect(event).toEqual({
      actor_person_id: w.ids.personB,
      summary: { personId: w.ids.personB, emails: 1, toDutyContact: false, atOnce: true },
    });

    // The job, when the time is up and long after, leaves it alone.
    await t.services.crisisEscalation.escalateDue(new Date(Date.now() + 6 * 60_000));
    await t.services.crisisEscalation.escalateDue(new Date(Date.now() + 60 * 60_000));
    await t.services.mailSender.deliverDue();
    expect(escalationsOf(alert.id)).toHaveLength(1);
    expect(await auditCount(t, 'crisisAlert.escalate', alert.id)).toBe(1);
  });

  it('goes at once to the duty contact where the council has one', async () => {
    await as(t, w, 'officer', SET_DUTY, { i: { councilId: w.councilA, name: 'Duty team', email: 'duty@council-a.example' } });
    const alert = await as<{ id: string; escalatedAt: string | null }>(t, w, 'representativeAll', RAISE, {
      i: { personId: w.ids.person, kind: 'NO_ANSWER' },
    });
    expect(alert.escalatedAt).not.toBeNull();
    await t.services.mailSender.deliverDue();
    expect(escalationsOf(alert.id).map((m) => m.to)).toEqual([['duty@council-a.example']]);
    // A duty team's shared address is not an account: the email says whose account opens the alert, and it does.
    expect(escalationsOf(alert.id)[0]!.text).toContain('Please sign in with a council officer’s account, see the alert');
    const read = await as<{ id: string }>(t, w, 'officer', `query($id: ID!) { crisisAlert(id: $id) { id } }`, { id: alert.id });
    expect(read.id).toBe(alert.id);
  });
});

describe('an alert someone is told of at once', () => {
  it('waits the escalation time as before', async () => {
    await setContacts(t, w, [{ name: 'Ann', email: 'ann@example.org' }]);
    const alert = await as<{ id: string; escalatedAt: string | null }>(t, w, 'representativeAll', RAISE, {
      i: { personId: w.ids.person, kind: 'NO_ANSWER' },
    });
    expect(alert.escalatedAt).toBeNull();
    expect(await auditCount(t, 'crisisAlert.escalate', alert.id)).toBe(0);
  });

  it('but only to whoever raised it (their own contact) goes at once to the council', async () => {
    await setContacts(t, w, [{ name: 'Rep', email: w.emails.representativeAll }]);
    const alert = await as<{ id: string; escalatedAt: string | null }>(t, w, 'representativeAll', RAISE, {
      i: { personId: w.ids.person, kind: 'OTHER' },
    });
    expect(alert.escalatedAt).not.toBeNull();
  });
});

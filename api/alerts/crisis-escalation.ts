import type { PeopleService } from '../accounts/people.service.js';
import type { AuditEntry, AuditService } from '../audit/audit.service.js';
import type { Acting } from '../auth/actor.js';
import { returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { Recipient } from '../notifications/letter.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { recipientOf } from '../notifications/recipient.js';
import type { JobLog } from '../notifications/scheduler.js';
import type { CrisisAlert } from './alerts.entity.js';
import type { ContactsService } from './contacts.service.js';
import { escalationMessage } from './crisis-messages.js';

/** How many alerts one run escalates; more wait for the next run, seconds later. */
const BATCH = 100;

interface Escalated {
  id: string;
  person_id: string;
  council_id: string | null;
  raised_at: Date;
}

/**
 * The escalation job: an alert nobody acknowledged within COOPCARE_CRISIS_ESCALATION_MINUTES goes to its
 * council's duty contact, or, where the council has set none, to its officers. Marking the alert and
 * writing its messages and audit events is one transaction, and the mark is an UPDATE of alerts not yet
 * marked, skipping rows another instance holds: run on several instances at once, or twice, each alert
 * escalates once. An alert that reached nobody at once escalates as it is raised (escalateAtOnce).
 */
export class CrisisEscalation {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly people: PeopleService,
    private readonly contacts: ContactsService,
    private readonly minutes: number,
  ) {}

  /** Escalates the alerts due at `now`; returns how many. Statements do not grow with the number of alerts. */
  async escalateDue(now: Date = new Date(), log?: JobLog): Promise<number> {
    return this.uow.transaction(async (em) => {
      const due = returnedRows<Escalated>(
        await em.query(
          `UPDATE crisis_alert SET escalated_at = $1
            -- An array of the claimed ids, so the update finds them by key instead of reading every alert ever raised.
            WHERE id = ANY (ARRAY(SELECT id FROM crisis_alert
                                   WHERE acknowledged_at IS NULL AND escalated_at IS NULL
                                     AND raised_at <= $1::timestamptz - make_interval(mins => $2)
                                   ORDER BY raised_at LIMIT $3 FOR UPDATE SKIP LOCKED))
            RETURNING id, person_id, council_id, raised_at`,
          [now, this.minutes, BATCH],
        ),
      );
      if (due.length === 0) return 0;
      const { messages, events, nobody } = await this.escalations(due, this.minutes);
      for (const alertId of nobody)
        log?.warn({ alertId }, 'A crisis alert is due to escalate, but its council has no duty contact or officers.');
      await this.outbox.enqueue(messages);
      await this.audit.recordByJob('crisis-escalation', events);
      return due.length;
    });
  }

  /**
   * At its raising, in its transaction: an alert that reached nobody at once (no emergency contacts, no
   * co-op visiting the person, or only whoever raised it) goes to the council now, as the job would send it,
   * since waiting the escalation time would only delay the first who hear of it. Marked escalated, so the
   * job leaves it alone. An alert the council has nobody for either is left to the job, which warns the
   * operator when it is due. Audited as the raiser's request, as the raise made it go. True if it went.
   */
  async escalateAtOnce(acting: Acting, alert: CrisisAlert): Promise<boolean> {
    const row = { id: alert.id, person_id: alert.personId, council_id: alert.councilId, raised_at: alert.raisedAt };
    const { messages, events } = await this.escalations([row], null);
    if (messages.length === 0) return false;
    await this.uow.transaction(async (em) => {
      await em.query(`UPDATE crisis_alert SET escalated_at = $2 WHERE id = $1 AND escalated_at IS NULL`, [alert.id, alert.raisedAt]);
      await this.outbox.enqueue(messages);
      await this.audit.recordAll(
        acting,
        events.map((e) => ({ ...e, summary: { ...e.summary, atOnce: true } })),
      );
    });
    return true;
  }

  /**
   * The messages and audit events escalating these alerts: to each council's duty contact, or its officers
   * where it has none; `nobody` names the alerts with no one to go to. `minutes` unacknowledged, or null at once.
   */
  private async escalations(due: readonly Escalated[], minutes: number | null) {
    const councilIds = [...new Set(due.flatMap((a) => (a.council_id ? [a.council_id] : [])))];
    const duty = await this.contacts.dutyContactsOf(councilIds);
    const officers = await this.people.officersOf(councilIds.filter((c) => !duty.has(c)));
    const people = new Map((await this.people.peopleByIds(due.map((a) => a.person_id))).map((p) => [p.id, p]));
    const recipientsOf = (councilId: string | null): Recipient[] => {
      const contact = councilId ? duty.get(councilId) : undefined;
      if (contact) return [{ email: contact.email, name: contact.name }];
      return (officers.get(councilId ?? '') ?? []).map(recipientOf);
    };
    const told = due.map((a) => ({ a, to: recipientsOf(a.council_id) }));
    const messages = told.flatMap(({ a, to }) => {
      const about = { alertId: a.id, personName: people.get(a.person_id)!.name, raisedAt: new Date(a.raised_at) };
      return to.map((r) => escalationMessage(this.outbox.links, r, about, minutes));
    });
    const events = told.map(
      ({ a, to }): AuditEntry => ({
        action: 'crisisAlert.escalate',
        objectType: 'CrisisAlert',
        objectId: a.id,
        councilId: a.council_id,
        summary: { personId: a.person_id, emails: to.length, toDutyContact: duty.has(a.council_id ?? '') },
      }),
    );
    const nobody = told.filter(({ to }) => to.length === 0).map(({ a }) => a.id);
    return { messages, events, nobody };
  }
}

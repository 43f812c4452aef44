import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { Recipient } from '../notifications/letter.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { recipientOf } from '../notifications/recipient.js';
import type { JobLog } from '../notifications/scheduler.js';
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
 * escalates once.
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
            WHERE id IN (SELECT id FROM crisis_alert
                          WHERE acknowledged_at IS NULL AND escalated_at IS NULL
                            AND raised_at <= $1::timestamptz - make_interval(mins => $2)
                          ORDER BY raised_at LIMIT $3 FOR UPDATE SKIP LOCKED)
            RETURNING id, person_id, council_id, raised_at`,
          [now, this.minutes, BATCH],
        ),
      );
      if (due.length === 0) return 0;
      const councilIds = [...new Set(due.flatMap((a) => (a.council_id ? [a.council_id] : [])))];
      const duty = await this.contacts.dutyContactsOf(councilIds);
      const officers = await this.people.officersOf(councilIds.filter((c) => !duty.has(c)));
      const people = new Map((await this.people.peopleByIds(due.map((a) => a.person_id))).map((p) => [p.id, p]));
      const recipientsOf = (councilId: string | null): Recipient[] => {
        const contact = councilId ? duty.get(councilId) : undefined;
        if (contact) return [{ email: contact.email, name: contact.name }];
        return (officers.get(councilId ?? '') ?? []).map(recipientOf);
      };
      const messages = due.flatMap((a) => {
        const about = { alertId: a.id, personName: people.get(a.person_id)!.name, raisedAt: new Date(a.raised_at) };
        const to = recipientsOf(a.council_id);
        if (to.length === 0)
          log?.warn({ alertId: a.id }, 'A crisis alert is due to escalate, but its council has no duty contact or officers.');
        return to.map((r) => escalationMessage(this.outbox.links, r, about, this.minutes));
      });
      await this.outbox.enqueue(messages);
      await this.audit.recordByJob(
        'crisis-escalation',
        due.map((a) => ({
          action: 'crisisAlert.escalate',
          objectType: 'CrisisAlert',
          objectId: a.id,
          councilId: a.council_id,
          summary: { personId: a.person_id, emails: recipientsOf(a.council_id).length, toDutyContact: duty.has(a.council_id ?? '') },
        })),
      );
      return due.length;
    });
  }
}

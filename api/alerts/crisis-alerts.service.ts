import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Acting, assertAllowed, requirePerson } from '../auth/actor.js';
import { StaffRole } from '../auth/auth.enums.js';
import { forbidden } from '../auth/auth.exception.js';
import type { BrokerageReader } from '../brokerage/brokerage.reader.js';
import { londonMoment } from '../common/london.js';
import { fitsLength } from '../common/rules.js';
import { returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { OutgoingMessage } from '../notifications/letter.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { recipientOf } from '../notifications/recipient.js';
import { CrisisAlert } from './alerts.entity.js';
import type { CrisisAlertKind } from './alerts.enums.js';
import { alertNotFound, alertsInvalidInput, alreadyAcknowledged } from './alerts.exception.js';
import { mayKeepContactsOf, mayReadAlert } from './alerts.policy.js';
import type { ContactsService } from './contacts.service.js';
import type { CrisisEscalation } from './crisis-escalation.js';
import { crisisAlertMessage, crisisAlertText } from './crisis-messages.js';
import type { SmsChannel } from './sms-channel.js';

export const MAX_NOTE_LENGTH = 2000;
/** The most alerts one list answers, newest first: an open crisis is among the latest. */
const MAX_LISTED = 100;

/** Raising an alert about a person, telling who must know at once, and someone taking it up. */
export class CrisisAlertsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
    private readonly people: PeopleService,
    private readonly brokerage: BrokerageReader,
    private readonly contacts: ContactsService,
    private readonly escalation: CrisisEscalation,
    private readonly sms: SmsChannel,
  ) {}

  /**
   * The person, a representative of theirs, or a care worker given a visit of theirs under way or to come
   * raises an alert. In one transaction: the alert, its audit event, and an email to each emergency contact
   * and each coordinator of the providers visiting the person (not to the raiser), or, where that is nobody,
   * its escalation to the council at once. Text messages go after it commits.
   */
  async raise(acting: Acting, input: { personId: string; kind: CrisisAlertKind; note?: string | null }): Promise<CrisisAlert> {
    const actor = requirePerson(acting.actor);
    const note = input.note?.trim() ?? '';
    if (!fitsLength(note, MAX_NOTE_LENGTH))
      throw alertsInvalidInput(`A note of at most ${MAX_NOTE_LENGTH} characters, please.`, 'input.note');
    const now = new Date();
    const visiting = () =>
      actor.staff.some((s) => s.role === StaffRole.CARE_WORKER) && this.brokerage.isVisiting(actor.personId, input.personId, now);
    assertAllowed(mayKeepContactsOf(actor, input.personId) || (await visiting()));
    const { alert, texts } = await this.uow.transaction(async (em) => {
      const [person, raiser] = await this.people
        .peopleByIds([input.personId, actor.personId])
        .then((found) => [input.personId, actor.personId].map((id) => found.find((p) => p.id === id)!));
      const providerIds = await this.brokerage.providersVisiting(person.id, now);
      const alert = await em.save(
        em.create(CrisisAlert, {
          personId: person.id,
          councilId: person.councilId,
          kind: input.kind,
          note,
          raisedById: actor.personId,
          raisedAt: now,
          notifiedProviderIds: providerIds,
        }),
      );
      const about = { alertId: alert.id, personName: person.name, raisedAt: now };
      const contacts = await this.contacts.contactsFor(person.id);
      const accounts = new Map((await this.people.peopleByEmails(contacts.map((c) => c.email))).map((p) => [p.email, p]));
      const coordinators = [...(await this.people.coordinatorsOf(providerIds)).values()].flat();
      const messages = [
        ...contacts.map((c) => {
          const account = accounts.get(c.email);
          const to = { email: c.email, name: c.name, personId: account?.id ?? null };
          return crisisAlertMessage(this.outbox.links, to, about, account ? 'contact with account' : 'contact without account');
        }),
        ...coordinators.map((p) => crisisAlertMessage(this.outbox.links, recipientOf(p), about, 'coordinator')),
      ];
      const sent = await this.outbox.enqueue(onePerAddress(messages, raiser.email));
      const texts = contacts.flatMap((c) =>
        c.phone && c.email !== raiser.email
          ? [{ to: c.phone, text: crisisAlertText(this.outbox.links, about, accounts.has(c.email)) }]
          : [],
      );
      await this.audit.record(acting, {
        action: 'crisisAlert.raise',
        objectType: 'CrisisAlert',
        objectId: alert.id,
        councilId: person.councilId,
        summary: {
          personId: person.id,
          emails: sent,
          providers: providerIds.length,
          textMessages: texts.length,
          // Whether texts could go, not that they went: they go after this commits, and a provider may fail.
          textProviderConfigured: this.sms.configured,
        },
      });
      if (sent === 0 && (await this.escalation.escalateAtOnce(acting, alert))) alert.escalatedAt = now;
      return { alert, texts };
    });
    await this.sms.send(texts);
    return alert;
  }

  /**
   * Says someone is dealing with the alert: anyone who may read it but whoever raised it. Once: a second
   * acknowledger (even one at the same moment) is told who was first, and when.
   */
  async acknowledge(acting: Acting, alertId: string): Promise<CrisisAlert> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const alert = await this.alertFor(acting, alertId);
      if (alert.raisedById === actor.personId)
        throw forbidden('Someone other than whoever raised an alert acknowledges it, so that it is seen to be taken up.');
      const [taken] = returnedRows<{ id: string }>(
        await em.query(
          `UPDATE crisis_alert SET acknowledged_by_id = $2, acknowledged_at = now()
            WHERE id = $1 AND acknowledged_at IS NULL RETURNING id`,
          [alertId, actor.personId],
        ),
      );
      if (!taken) {
        const first = await em.findOneByOrFail(CrisisAlert, { id: alertId });
        const by = await this.people.personById(first.acknowledgedById!);
        throw alreadyAcknowledged(`${by?.name ?? 'Someone'} acknowledged this alert on ${londonMoment(first.acknowledgedAt!)}.`);
      }
      await this.audit.record(acting, {
        action: 'crisisAlert.acknowledge',
        objectType: 'CrisisAlert',
        objectId: alertId,
        councilId: alert.councilId,
        summary: { personId: alert.personId, escalated: alert.escalatedAt !== null },
      });
      return em.findOneByOrFail(CrisisAlert, { id: alertId });
    });
  }

  /** The alert, for someone who may read it: NOT_FOUND for an id that names none, FORBIDDEN (saying nothing of it) otherwise. */
  async alertFor(acting: Acting, alertId: string): Promise<CrisisAlert> {
    const actor = requirePerson(acting.actor);
    const alert = await this.uow.manager.findOneBy(CrisisAlert, { id: alertId });
    if (!alert) throw alertNotFound();
    assertAllowed(await mayReadAlert(actor, alert, () => this.contacts.isEmergencyContact(actor.personId, alert.personId)));
    return alert;
  }

  /**
   * The alerts the caller may read (mayReadAlert, as one statement after the caller's email), newest first, at most MAX_LISTED:
   * of one person, and only the open (or only the acknowledged) ones, when asked.
   */
  async alertsFor(acting: Acting, filter: { personId?: string | null; open?: boolean | null }): Promise<CrisisAlert[]> {
    const actor = requirePerson(acting.actor);
    const qb = this.uow.manager.getRepository(CrisisAlert).createQueryBuilder('a');
    if (!actor.isAdmin) {
      const staffAt = (role: StaffRole) => actor.staff.filter((s) => s.role === role);
      const email = (await this.people.personById(actor.personId))?.email ?? null;
      qb.where(
        `(a.person_id = ANY(:people) OR a.raised_by_id = :me OR a.notified_provider_ids && CAST(:providers AS uuid[])
          OR a.council_id = ANY(:councils)
          OR a.person_id IN (SELECT c.person_id FROM emergency_contact c WHERE c.email = :email))`,
        {
          email,
          people: [actor.personId, ...[...actor.representing].filter(([, rights]) => rights.size > 0).map(([id]) => id)],
          me: actor.personId,
          providers: staffAt(StaffRole.COORDINATOR).map((s) => s.providerId!),
          councils: staffAt(StaffRole.COUNCIL_OFFICER).map((s) => s.councilId!),
        },
      );
    }
    if (filter.personId) qb.andWhere('a.person_id = :personId', { personId: filter.personId });
    if (filter.open != null) qb.andWhere(filter.open ? 'a.acknowledged_at IS NULL' : 'a.acknowledged_at IS NOT NULL');
    return qb.orderBy('a.raised_at', 'DESC').addOrderBy('a.id', 'DESC').limit(MAX_LISTED).getMany();
  }
}

/** One message to each address (a coordinator may also be a contact), and none to whoever raised the alert. */
function onePerAddress(messages: readonly OutgoingMessage[], raiserEmail: string): OutgoingMessage[] {
  const seen = new Set([raiserEmail]);
  return messages.filter((m) => !seen.has(m.to.email) && seen.add(m.to.email));
}

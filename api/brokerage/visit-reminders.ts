import type { RepresentativesService } from '../accounts/representatives.service.js';
import { londonMoment } from '../common/london.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { OutgoingMessage } from '../notifications/letter.js';
import { MessageKind } from '../notifications/notifications.enums.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { messagesTo, whose } from '../notifications/recipient.js';
import type { ScheduledJob } from '../notifications/scheduler.js';
import { PERSON_SIDE_RIGHTS } from './booking-messages.js';
import { CARE_TIME_ZONE } from './schedule.js';

/** Often enough that a visit confirmed today for tomorrow is reminded of within minutes. */
const EVERY_SECONDS = 300;

interface VisitTomorrow {
  id: string;
  starts_at: Date;
  minutes: number;
  booking_id: string;
  person_id: string;
  service_id: string;
}

/**
 * The reminder the day before each visit: every visit of a confirmed booking, still scheduled, that
 * starts on the UK day after `now`, to the budget holder and the representatives who book or see the
 * budget for them. Each message's dedupe key (visit and recipient) makes the outbox write it once, so the
 * job may run on every instance at once, and again and again through the day: a visit confirmed later
 * today for tomorrow is reminded of at the next run. Its statements do not grow with the visits.
 */
export class VisitReminders implements ScheduledJob {
  readonly name = 'visit-reminders';
  readonly everySeconds = EVERY_SECONDS;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxService,
    private readonly representatives: RepresentativesService,
    private readonly directory: DirectoryService,
  ) {}

  /** Writes the reminders not yet written for tomorrow's visits; returns how many it wrote. */
  async run(now: Date): Promise<number> {
    const visits: VisitTomorrow[] = await this.uow.manager.query(
      `WITH tomorrow AS (SELECT ($1::timestamptz AT TIME ZONE '${CARE_TIME_ZONE}')::date + 1 AS day)
       SELECT v.id, v.starts_at, v.minutes, b.id AS booking_id, b.person_id, b.service_id
         FROM tomorrow, booking_visit v JOIN booking b ON b.id = v.booking_id
        WHERE b.status = 'CONFIRMED' AND v.status = 'SCHEDULED'
          AND v.starts_at >= tomorrow.day::timestamp AT TIME ZONE '${CARE_TIME_ZONE}'
          AND v.starts_at < (tomorrow.day + 1)::timestamp AT TIME ZONE '${CARE_TIME_ZONE}'
        ORDER BY v.starts_at, v.id`,
      [now],
    );
    if (visits.length === 0) return 0;
    const sides = await this.representatives.withRepresentatives(
      visits.map((v) => v.person_id),
      PERSON_SIDE_RIGHTS,
    );
    const names = await this.directory.serviceAndProviderNames(visits.map((v) => v.service_id));
    const links = this.outbox.links;
    // A booking's person and service are never deleted (their keys restrict it), so each is found.
    const messages = visits.flatMap((visit): OutgoingMessage[] => {
      const side = sides.get(visit.person_id)!;
      const { person } = side;
      const provider = names.get(visit.service_id)!.providerName;
      return messagesTo({
        kind: MessageKind.VISIT_REMINDER,
        people: [person, ...side.representatives],
        link: { label: 'See the booking', url: links.booking(visit.booking_id) },
        links,
        dedupeKey: (to) => `visit-reminder:${visit.id}:${to.personId}`,
        write: (to) => ({
          subject: `Reminder: a visit from ${provider} tomorrow`,
          paragraphs: [
            `${provider} visits ${to.personId === person.id ? 'you' : person.name} tomorrow, ` +
              `${londonMoment(new Date(visit.starts_at))}, for ${visit.minutes} minutes.`,
            `If the visit is no longer needed, cancel it on ${whose(to, person)} booking as soon as you can: ` +
              'a late cancellation may be charged.',
          ],
        }),
      });
    });
    return this.outbox.enqueue(messages);
  }
}

import type { RepresentativesService } from '../accounts/representatives.service.js';
import { londonMoment } from '../common/london.js';
import { returnedRows } from '../common/sql.js';
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
 * budget for them. A run claims the visits not yet reminded of and marks them as it writes their
 * messages, so runs on every instance at once, and again through the day, each find only what is left:
 * a visit confirmed later today for tomorrow is reminded of at the next run. The messages' dedupe keys
 * (visit and recipient) stand behind that. Its statements do not grow with the visits.
 */
/** Visits claimed a transaction: a few hundred reminders write in well under the statement timeout. */
const BATCH_SIZE = 200;

export class VisitReminders implements ScheduledJob {
  readonly name = 'visit-reminders';
  readonly everySeconds = EVERY_SECONDS;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: OutboxService,
    private readonly representatives: RepresentativesService,
    private readonly directory: DirectoryService,
  ) {}

  /**
   * Claims tomorrow's visits not yet reminded of (a run on another instance skips the ones this one
   * holds), marks them and writes their reminders, BATCH_SIZE visits a transaction so that no statement
   * grows with the country's visits past the statement timeout; returns how many reminders it wrote.
   */
  async run(now: Date): Promise<number> {
    let written = 0;
    for (;;) {
      const batch = await this.remindBatch(now);
      written += batch.written;
      if (batch.claimed < BATCH_SIZE) return written;
    }
  }

  private remindBatch(now: Date): Promise<{ claimed: number; written: number }> {
    return this.uow.transaction(async (em) => {
      const visits = returnedRows<VisitTomorrow>(
        await em.query(
          `WITH tomorrow AS (SELECT ($1::timestamptz AT TIME ZONE '${CARE_TIME_ZONE}')::date + 1 AS day)
         UPDATE booking_visit v SET reminded_at = now() FROM booking b
          WHERE b.id = v.booking_id
            -- An array of the claimed ids, so the update finds them by key instead of joining the whole table.
            AND v.id = ANY (ARRAY(
              SELECT due.id FROM tomorrow, booking_visit due JOIN booking db ON db.id = due.booking_id
               WHERE due.status = 'SCHEDULED' AND due.reminded_at IS NULL AND db.status = 'CONFIRMED'
                 AND due.starts_at >= tomorrow.day::timestamp AT TIME ZONE '${CARE_TIME_ZONE}'
                 AND due.starts_at < (tomorrow.day + 1)::timestamp AT TIME ZONE '${CARE_TIME_ZONE}'
               LIMIT $2 FOR UPDATE OF due SKIP LOCKED))
         RETURNING v.id, v.starts_at, v.minutes, b.id AS booking_id, b.person_id, b.service_id`,
          [now, BATCH_SIZE],
        ),
      );
      const sorted = visits.sort((a, b) => +new Date(a.starts_at) - +new Date(b.starts_at) || a.id.localeCompare(b.id));
      return { claimed: visits.length, written: await this.remind(sorted) };
    });
  }

  private async remind(visits: VisitTomorrow[]): Promise<number> {
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

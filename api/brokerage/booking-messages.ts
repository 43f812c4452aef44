import type { Person } from '../accounts/person.entity.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { RepresentativesService } from '../accounts/representatives.service.js';
import { type Acting, actingPersonId } from '../auth/actor.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import { londonMoment } from '../common/london.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { Recipient } from '../notifications/letter.js';
import { MessageKind } from '../notifications/notifications.enums.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { capital, messagesTo, whose } from '../notifications/recipient.js';
import type { Booking, Invoice } from './booking.entity.js';
import { formatPence } from './pricing.js';

/** Who hears of a booking on the person's side: the budget holder and whoever books or sees the budget for them. */
export const PERSON_SIDE_RIGHTS = [RepresentativeRight.BOOK, RepresentativeRight.VIEW_BUDGET];

type Visit = { startsAt: Date };

const visitsCount = (n: number) => (n === 1 ? '1 visit' : `${n} visits`);

/** "1 visit, on Tuesday 8 December at 9:30am" or "3 visits, the first on …". */
function visitsFrom(visits: readonly Visit[]): string {
  const first = [...visits].sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
  if (!first) return 'no visits';
  return `${visitsCount(visits.length)}, ${visits.length === 1 ? 'on' : 'the first on'} ${londonMoment(first.startsAt)}`;
}

/**
 * The messages a booking's changes send, each written in the change's transaction (so a change refused
 * or rolled back sends nothing). Their words name the provider, the service for its coordinators, times
 * and money: never the person's notes, a decline or cancellation reason or a worker's note, which may
 * speak of the person's health.
 */
export class BookingMessages {
  constructor(
    private readonly outbox: OutboxService,
    private readonly people: PeopleService,
    private readonly representatives: RepresentativesService,
    private readonly directory: DirectoryService,
  ) {}

  /** To the provider's coordinators: a booking waits for them to confirm or decline it. */
  async requested(acting: Acting, booking: Booking, visits: readonly Visit[]): Promise<void> {
    const { serviceName } = await this.names(booking);
    await this.send(acting, booking, MessageKind.BOOKING_REQUESTED, await this.coordinators(booking), () => ({
      subject: `A booking of ${serviceName} waits for you`,
      paragraphs: [
        `A booking of ${serviceName} was requested: ${visitsFrom(visits)}.`,
        'Confirm it with a care worker for each visit, or decline it. The money for it is held on the budget until you do.',
      ],
    }));
  }

  async confirmed(acting: Acting, booking: Booking, visits: readonly Visit[]): Promise<void> {
    const { providerName } = await this.names(booking);
    const { holder, people } = await this.personSide(booking);
    await this.send(acting, booking, MessageKind.BOOKING_CONFIRMED, people, (to) => ({
      subject: `${capital(whose(to, holder))} booking with ${providerName} is confirmed`,
      paragraphs: [
        `${providerName} confirmed ${whose(to, holder)} booking: ${visitsFrom(visits)}.`,
        'A care worker is named for each visit. If plans change, cancel the visits no longer needed in good time.',
      ],
    }));
  }

  async declined(acting: Acting, booking: Booking, visits: readonly Visit[]): Promise<void> {
    const { providerName } = await this.names(booking);
    const { holder, people } = await this.personSide(booking);
    await this.send(acting, booking, MessageKind.BOOKING_DECLINED, people, (to) => ({
      subject: `${capital(whose(to, holder))} booking with ${providerName} was declined`,
      paragraphs: [
        `${providerName} cannot take ${whose(to, holder)} booking: ${visitsFrom(visits)}.`,
        'The money held for it is back in the budget, so another service can be booked.',
      ],
    }));
  }

  /**
   * To the person's side, and to the provider's coordinators, whose care workers no longer go: a
   * coordinator who is also on the person's side has that message already.
   */
  async cancelled(acting: Acting, booking: Booking, visits: readonly Visit[]): Promise<void> {
    const { providerName, serviceName } = await this.names(booking);
    const { holder, people } = await this.personSide(booking);
    const were = visits.length === 1 ? 'was' : 'were';
    await this.send(acting, booking, MessageKind.BOOKING_CANCELLED, people, (to) => ({
      subject: `Visits of ${whose(to, holder)} booking with ${providerName} were cancelled`,
      paragraphs: [
        `${capital(visitsFrom(visits))}, of ${whose(to, holder)} booking with ${providerName}, ${were} cancelled.`,
        'What the budget is charged for them, if anything, is on the booking.',
      ],
    }));
    const told = new Set(people.map((p) => p.id));
    const coordinators = (await this.coordinators(booking)).filter((c) => !told.has(c.id));
    await this.send(acting, booking, MessageKind.BOOKING_CANCELLED, coordinators, () => ({
      subject: `Visits of a booking of ${serviceName} were cancelled`,
      paragraphs: [
        `${capital(visitsFrom(visits))}, of a booking of ${serviceName}, ${were} cancelled.`,
        'Let the care workers who were to go know.',
      ],
    }));
  }

  async visitMissed(acting: Acting, booking: Booking, visit: Visit): Promise<void> {
    const { providerName } = await this.names(booking);
    const { holder, people } = await this.personSide(booking);
    await this.send(acting, booking, MessageKind.VISIT_MISSED, people, (to) => ({
      subject: `A visit from ${providerName} was missed`,
      paragraphs: [
        `${providerName} recorded ${whose(to, holder)} visit on ${londonMoment(visit.startsAt)} as missed: it did not take place.`,
        'The budget is not charged for it. If this is wrong, or help is needed, contact the provider or the council.',
      ],
    }));
  }

  async invoiceIssued(acting: Acting, booking: Booking, invoice: Invoice, visits: number): Promise<void> {
    const { providerName } = await this.names(booking);
    const { holder, people } = await this.personSide(booking);
    await this.send(acting, booking, MessageKind.INVOICE_ISSUED, people, (to) => ({
      subject: `${providerName} invoiced ${formatPence(invoice.totalPence)}`,
      paragraphs: [
        `${providerName} sent invoice ${invoice.invoiceNumber} for ${visitsCount(visits)} delivered on ${whose(to, holder)} booking.`,
        `${formatPence(invoice.totalPence)} was charged to ${whose(to, holder)} personal budget.`,
      ],
    }));
  }

  /** The booked service's name and its provider's (a booking's service is never deleted: its key restricts it). */
  private async names(booking: Booking) {
    return (await this.directory.serviceAndProviderNames([booking.serviceId])).get(booking.serviceId)!;
  }

  private async coordinators(booking: Booking): Promise<Person[]> {
    return (await this.people.coordinatorsOf([booking.providerId])).get(booking.providerId) ?? [];
  }

  /** The budget holder, and they with the representatives who book or see the budget for them. */
  private async personSide(booking: Booking): Promise<{ holder: Person; people: Person[] }> {
    const side = (await this.representatives.withRepresentatives([booking.personId], PERSON_SIDE_RIGHTS)).get(booking.personId)!;
    return { holder: side.person, people: [side.person, ...side.representatives] };
  }

  private async send(
    acting: Acting,
    booking: Booking,
    kind: MessageKind,
    people: readonly Person[],
    write: (to: Recipient) => { subject: string; paragraphs: string[] },
  ): Promise<void> {
    const { links } = this.outbox;
    const link = { label: 'See the booking', url: links.booking(booking.id) };
    await this.outbox.enqueue(messagesTo({ kind, people, except: actingPersonId(acting.actor), link, links, write }));
  }
}

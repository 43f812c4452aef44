import { createHash } from 'node:crypto';
import type { PeopleService } from '../accounts/people.service.js';
import { type Acting, actingPersonId } from '../auth/actor.js';
import { signInRequired } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { brokeConstraint } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { Service } from '../directory/service.entity.js';
import { GeoException } from '../geo/geo.exception.js';
import type { GeoService } from '../geo/geo.service.js';
import { Booking, BookingVisit } from './booking.entity.js';
import type { BookingMessages } from './booking-messages.js';
import { MAX_IDEMPOTENCY_KEY_LENGTH, MAX_NOTES_LENGTH, MAX_PREFERRED_WORKERS, type RequestBookingInput } from './booking-requests.types.js';
import {
  BrokerageException,
  BrokerageExceptionCode,
  brokerageInvalidInput,
  brokerageNotFound,
  InsufficientBudget,
} from './brokerage.exception.js';
import { BookingStatus, LedgerEntryKind, VisitStatus } from './brokerage.enums.js';
import { MAX_AMOUNT_PENCE } from './budgets.types.js';
import { mayBookOn } from './brokerage.policy.js';
import { budgetIfAllowed } from './brokerage.reader.js';
import type { LedgerService } from './ledger.service.js';
import { londonDate } from '../common/london.js';
import { PersonalBudget } from './personal-budget.entity.js';
import { formatPence } from './pricing.js';
import {
  acceptsBudget,
  KIND_NOT_ACCEPTED,
  NOT_OPEN,
  OVER_BOOKING_LIMIT,
  type PricedSchedule,
  priceSchedule,
  serviceToBook,
} from './quotes.service.js';
import { expandSchedule, type VisitAt } from './schedule.js';

/** Letters, digits and punctuation: what clients generate (UUIDs, ULIDs) and what survives any transport. */
const IDEMPOTENCY_KEY = new RegExp(`^[\\x21-\\x7E]{1,${MAX_IDEMPOTENCY_KEY_LENGTH}}$`);

const LONDON = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', dateStyle: 'medium', timeStyle: 'short' });

const failure = (code: BrokerageExceptionCode, message: string) => new BrokerageException(code, message);

interface CheckedRequest {
  budget: PersonalBudget;
  service: Service;
  priced: PricedSchedule;
  notes: string;
  preferredWorkerIds: string[];
  fingerprint: string;
}

/**
 * Booking requests: visits of a service held on a budget. The total is held in the transaction that
 * creates the booking, under the budget's row lock, so concurrent requests on one budget queue and each
 * sees the holds before it; the database's balance trigger refuses any ledger line that would still
 * overdraw it. An idempotency key makes a retry (a lost answer, a double click) return the first booking.
 */
export class BookingsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    private readonly geo: GeoService,
    private readonly people: PeopleService,
    private readonly messages: BookingMessages,
  ) {}

  /**
   * `now` is the moment the request is judged at (visits must start after it); only the demo seed, which
   * records bookings people made weeks ago, passes one.
   */
  async requestBooking(acting: Acting, input: RequestBookingInput, now = new Date()): Promise<Booking> {
    const request = await this.checked(acting, input, now);
    if ('earlier' in request) return request.earlier;
    try {
      return await this.uow.transaction(async () => {
        const budget = await this.ledger.lockBudget(request.budget.id);
        if (!budget) throw brokerageNotFound('No personal budget has that id.');
        // Under the lock: a racing request with this key for this budget has committed or not begun.
        const earlier = await this.earlierAnswer(budget.personId, input.idempotencyKey, request.fingerprint);
        if (earlier) return earlier;
        const { availablePence } = await this.ledger.balanceOf(budget.id);
        const total = request.priced.totalPence;
        if (availablePence < total) {
          throw new InsufficientBudget(
            total - availablePence,
            `The visits cost ${formatPence(total)} and the budget has ${formatPence(availablePence)} available: ` +
              `${formatPence(total - availablePence)} short.`,
          );
        }
        return this.create(acting, { ...request, budget }, input.idempotencyKey);
      });
    } catch (error) {
      // The same key for another of the person's budgets won the race; its transaction has committed,
      // and this one has rolled back, so the answer is read afresh.
      if (brokeConstraint(error, 'booking_idempotency_key')) {
        const earlier = await this.earlierAnswer(request.budget.personId, input.idempotencyKey, request.fingerprint);
        if (earlier) return earlier;
      }
      throw error;
    }
  }

  /**
   * Everything that needs no lock, in the order a client is told of it: input shape, who may book,
   * a retry's earlier answer (which stands even if its visits have since begun), then the booking rules.
   */
  private async checked(acting: Acting, input: RequestBookingInput, now: Date): Promise<CheckedRequest | { earlier: Booking }> {
    if (acting.actor.kind === 'anonymous') throw signInRequired();
    if (!IDEMPOTENCY_KEY.test(input.idempotencyKey)) {
      throw brokerageInvalidInput(
        `An idempotency key is 1 to ${MAX_IDEMPOTENCY_KEY_LENGTH} letters, digits or punctuation, without spaces.`,
        'input.idempotencyKey',
      );
    }
    const notes = input.notes ?? '';
    if (notes.length > MAX_NOTES_LENGTH) throw brokerageInvalidInput(`Notes are at most ${MAX_NOTES_LENGTH} characters.`, 'input.notes');
    const preferredWorkerIds = input.preferredWorkerIds ?? [];
    if (preferredWorkerIds.length > MAX_PREFERRED_WORKERS || new Set(preferredWorkerIds).size < preferredWorkerIds.length) {
      throw brokerageInvalidInput(`Name at most ${MAX_PREFERRED_WORKERS} different care workers.`, 'input.preferredWorkerIds');
    }
    const schedule = expandSchedule(input, 'input');

    const budget = await budgetIfAllowed(this.uow.manager, acting, input.budgetId, mayBookOn);
    const found = await serviceToBook(this.directory, input.serviceId);
    if (!found) throw brokerageNotFound('No service has that id.');
    const { service, open } = found;

    const fingerprint = fingerprintOf(budget.id, service.id, schedule.visits, notes, preferredWorkerIds);
    const earlier = await this.earlierAnswer(budget.personId, input.idempotencyKey, fingerprint);
    if (earlier) return { earlier };

    await this.checkBookable(budget, service, open);
    checkVisits(budget, service, schedule.visits, now);
    await this.checkPreferredWorkers(service.providerId, preferredWorkerIds);
    const priced = priceSchedule(service, schedule);
    if (priced.totalPence > MAX_AMOUNT_PENCE) throw brokerageInvalidInput(OVER_BOOKING_LIMIT, 'input');
    return { budget, service, priced, notes, preferredWorkerIds, fingerprint };
  }

  /** The booking an earlier request with the key made, if it was this request; IdempotencyKeyReused if it was another. */
  private async earlierAnswer(personId: string, idempotencyKey: string, fingerprint: string): Promise<Booking | null> {
    const booking = await this.uow.manager.findOneBy(Booking, { personId, idempotencyKey });
    if (!booking) return null;
    if (booking.requestFingerprint !== fingerprint) {
      throw failure(
        BrokerageExceptionCode.IDEMPOTENCY_KEY_REUSED,
        'This idempotency key was used for a different booking request; use a new key for a new request.',
      );
    }
    return booking;
  }

  private async checkBookable(budget: PersonalBudget, service: Service, open: boolean): Promise<void> {
    if (!open) throw failure(BrokerageExceptionCode.NOT_BOOKABLE, NOT_OPEN);
    if (!acceptsBudget(service, budget)) throw failure(BrokerageExceptionCode.NOT_BOOKABLE, KIND_NOT_ACCEPTED[budget.kind]);
    const outside = failure(BrokerageExceptionCode.OUTSIDE_SERVICE_AREA, `This service does not reach ${budget.carePostcode}.`);
    try {
      if (!(await this.directory.serviceCovers(service.id, await this.geo.locate(budget.carePostcode, 'budget.carePostcode'))))
        throw outside;
    } catch (error) {
      // A care postcode the gazetteer does not know is one no service can be shown to reach.
      if (error instanceof GeoException) throw outside;
      throw error;
    }
  }

  private async checkPreferredWorkers(providerId: string, workerIds: readonly string[]): Promise<void> {
    if (workerIds.length === 0) return;
    const workers = await this.people.careWorkersAmong(providerId, workerIds);
    const stranger = workerIds.findIndex((id) => !workers.has(id));
    if (stranger >= 0) {
      throw brokerageInvalidInput(
        'A preferred worker must be a care worker of the service’s provider.',
        `input.preferredWorkerIds[${stranger}]`,
      );
    }
  }

  private async create(acting: Acting, request: CheckedRequest, idempotencyKey: string): Promise<Booking> {
    const { budget, service, priced } = request;
    const em = this.uow.manager;
    const booking = await em.save(
      em.create(Booking, {
        budgetId: budget.id,
        personId: budget.personId,
        serviceId: service.id,
        providerId: service.providerId,
        status: BookingStatus.REQUESTED,
        totalPence: priced.totalPence,
        hourlyRatePence: service.hourlyRatePence,
        travelPencePerVisit: service.travelChargePencePerVisit,
        cancellationNoticeHours: service.cancellationNoticeHours,
        lateCancellationPolicy: service.lateCancellationPolicy,
        idempotencyKey,
        requestFingerprint: request.fingerprint,
        notes: request.notes,
        preferredWorkerIds: request.preferredWorkerIds,
        requestedById: actingPersonId(acting.actor),
      }),
    );
    await em.insert(
      BookingVisit,
      priced.visits.map((v) => ({
        bookingId: booking.id,
        startsAt: v.start,
        endsAt: new Date(v.start.getTime() + v.minutes * 60_000),
        minutes: v.minutes,
        pricePence: v.pricePence,
        status: VisitStatus.SCHEDULED,
      })),
    );
    // A free service's booking holds nothing: the ledger takes no line of 0.
    if (priced.totalPence > 0) {
      await this.ledger.append(acting, budget, [
        { kind: LedgerEntryKind.HOLD, amountPence: priced.totalPence, effectiveOn: londonDate(new Date()), bookingId: booking.id },
      ]);
    }
    // Never the notes: they may speak of the person's health.
    await this.audit.record(acting, {
      action: 'booking.request',
      objectType: 'Booking',
      objectId: booking.id,
      councilId: budget.councilId,
      providerId: service.providerId,
      summary: { budgetId: budget.id, serviceId: service.id, totalPence: priced.totalPence, visits: priced.visits.length },
    });
    await this.messages.requested(
      acting,
      booking,
      priced.visits.map((v) => ({ startsAt: v.start })),
    );
    return booking;
  }
}

/**
 * The request as the booking stores it, hashed: the same visits given as instants or as a weekly
 * schedule are the same request; notes and preferred workers (their order says who is wanted most) count.
 */
function fingerprintOf(budgetId: string, serviceId: string, visits: readonly VisitAt[], notes: string, workerIds: readonly string[]) {
  const canonical = JSON.stringify([budgetId, serviceId, visits.map((v) => [v.start.toISOString(), v.minutes]), notes, workerIds]);
  return createHash('sha256').update(canonical).digest('hex');
}

/** Visits in the future, long enough for the service, apart from each other, inside the budget's period (UK days). */
function checkVisits(budget: PersonalBudget, service: Service, visits: readonly VisitAt[], now: Date): void {
  const when = (v: VisitAt) => LONDON.format(v.start);
  const past = visits.find((v) => v.start.getTime() <= now.getTime());
  if (past) throw failure(BrokerageExceptionCode.VISIT_IN_THE_PAST, `The visit at ${when(past)} would start in the past.`);
  const short = visits.find((v) => v.minutes < service.minimumVisitMinutes);
  if (short) {
    throw failure(
      BrokerageExceptionCode.VISIT_TOO_SHORT,
      `The visit at ${when(short)} is ${short.minutes} minutes; this service’s visits last at least ${service.minimumVisitMinutes}.`,
    );
  }
  // Sorted by start, so an overlap is always with the visit just before.
  for (let i = 1; i < visits.length; i++) {
    if (visits[i].start.getTime() < visits[i - 1].start.getTime() + visits[i - 1].minutes * 60_000) {
      throw failure(BrokerageExceptionCode.VISITS_OVERLAP, `The visits at ${when(visits[i - 1])} and ${when(visits[i])} overlap.`);
    }
  }
  const outside = visits.find(
    (v) => londonDate(v.start) < budget.periodStart || londonDate(new Date(v.start.getTime() + v.minutes * 60_000 - 1)) > budget.periodEnd,
  );
  if (outside) {
    throw failure(
      BrokerageExceptionCode.OUTSIDE_BUDGET_PERIOD,
      `The visit at ${when(outside)} falls outside the budget’s period, ${budget.periodStart} to ${budget.periodEnd}.`,
    );
  }
}

import { In } from 'typeorm';
import type { PeopleService } from '../accounts/people.service.js';
import { type Acting, actingPersonId } from '../auth/actor.js';
import { pageByTimeAndId } from '../common/connection.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { brokeConstraint } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { Booking, BookingVisit } from './booking.entity.js';
import { lockBooking, providerSide } from './booking-lock.js';
import type { BookingMessages } from './booking-messages.js';
import { BrokerageException, BrokerageExceptionCode, brokerageInvalidInput, brokerageNotFound, wrongState } from './brokerage.exception.js';
import { BookingStatus, VisitStatus } from './brokerage.enums.js';
import { mayCoordinate, mayRecordVisit } from './brokerage.policy.js';
import type { InvoicingService } from './invoicing.service.js';
import type { LedgerService } from './ledger.service.js';
import type { AssignWorkerInput, ConfirmBookingInput, DeclineBookingInput, RecordVisitDeliveredInput } from './provider-bookings.types.js';

/** The most visits one booking has (requestBooking's limit), so the most assignments one confirmation takes. */
const MAX_ASSIGNMENTS = 400;
const MAX_DECLINE_REASON = 500;
const MAX_VISIT_NOTE = 2_000;
const MINUTES_IN_A_DAY = 1_440;

/** The worker has a visit overlapping this one: the exclusion constraint said so. */
export class WorkerUnavailable extends BrokerageException {
  constructor(
    readonly visitId: string,
    readonly workerId: string,
  ) {
    super(BrokerageExceptionCode.WORKER_UNAVAILABLE, 'That care worker already has a visit at that time.');
  }
}

/**
 * Runs one UPDATE giving a visit its worker. The database's exclusion constraint is the only judge of
 * overlaps (a check in code would race another coordinator's commit): its refusal becomes WORKER_UNAVAILABLE.
 */
async function giveVisit(uow: UnitOfWork, visitId: string, workerId: string): Promise<void> {
  try {
    await uow.manager.update(BookingVisit, { id: visitId }, { workerId });
  } catch (error) {
    if (brokeConstraint(error, 'booking_visit_worker_once')) {
      throw new WorkerUnavailable(visitId, workerId);
    }
    throw error;
  }
}

/**
 * The provider's side of a booking until it is invoiced: confirming it with a worker for every visit,
 * declining it, sending another worker, and recording what happened at each visit. Each change is one
 * transaction that locks the booking's budget first.
 */
export class FulfilmentService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    private readonly invoicing: InvoicingService,
    private readonly messages: BookingMessages,
  ) {}

  async confirm(acting: Acting, input: ConfirmBookingInput): Promise<Booking> {
    const assignments = input.assignments ?? [];
    if (assignments.length > MAX_ASSIGNMENTS) throw brokerageInvalidInput(`At most ${MAX_ASSIGNMENTS} assignments.`, 'input.assignments');
    const chosen = new Map<string, string>();
    for (const a of assignments) {
      if (chosen.has(a.visitId)) throw brokerageInvalidInput('A visit is named twice in the assignments.', 'input.assignments');
      chosen.set(a.visitId, a.workerId);
    }
    return this.uow.transaction(async (em) => {
      const { booking, budget } = await lockBooking(this.uow, this.ledger, acting, input.bookingId, providerSide);
      if (booking.status !== BookingStatus.REQUESTED)
        throw wrongState(`Only a requested booking can be confirmed; this one is ${booking.status}.`);
      const visits = await em.find(BookingVisit, { where: { bookingId: booking.id }, order: { startsAt: 'ASC', id: 'ASC' } });
      const visitIds = new Set(visits.map((v) => v.id));
      if ([...chosen.keys()].some((id) => !visitIds.has(id)))
        throw brokerageInvalidInput('An assignment names a visit of another booking.', 'input.assignments');
      const plan = visits
        .filter((v) => v.status === VisitStatus.SCHEDULED)
        .map((v) => ({ visit: v, workerId: chosen.get(v.id) ?? input.workerId }));
      if (plan.some((p) => !p.workerId))
        throw brokerageInvalidInput('Every visit needs a care worker: give `workerId` or an assignment for each.', 'input.workerId');
      await this.requireCareWorkers(
        booking.providerId,
        plan.map((p) => p.workerId!),
      );
      for (const p of plan) await giveVisit(this.uow, p.visit.id, p.workerId!);
      await em.update(
        Booking,
        { id: booking.id },
        { status: BookingStatus.CONFIRMED, decidedById: actingPersonId(acting.actor), decidedAt: new Date() },
      );
      await this.audit.record(acting, {
        action: 'booking.confirm',
        objectType: 'Booking',
        objectId: booking.id,
        councilId: budget.councilId,
        providerId: booking.providerId,
        summary: { visits: plan.length, workerIds: [...new Set(plan.map((p) => p.workerId))] },
      });
      await this.messages.confirmed(
        acting,
        booking,
        plan.map((p) => p.visit),
      );
      return em.findOneByOrFail(Booking, { id: booking.id });
    });
  }

  async decline(acting: Acting, input: DeclineBookingInput): Promise<Booking> {
    const reason = input.reason?.trim() || null;
    if (reason && reason.length > MAX_DECLINE_REASON)
      throw brokerageInvalidInput(`A reason of at most ${MAX_DECLINE_REASON} characters.`, 'input.reason');
    return this.uow.transaction(async (em) => {
      const { booking, budget } = await lockBooking(this.uow, this.ledger, acting, input.bookingId, providerSide);
      if (booking.status !== BookingStatus.REQUESTED)
        throw wrongState(`Only a requested booking can be declined; this one is ${booking.status}.`);
      const open = await em.findBy(BookingVisit, { bookingId: booking.id, status: VisitStatus.SCHEDULED });
      const now = new Date();
      if (open.length)
        await em.update(BookingVisit, { id: In(open.map((v) => v.id)) }, { status: VisitStatus.CANCELLED, cancelledAt: now });
      const released = await this.invoicing.release(acting, booking, budget, open);
      await em.update(
        Booking,
        { id: booking.id },
        {
          status: BookingStatus.DECLINED,
          declineReason: reason,
          decidedById: actingPersonId(acting.actor),
          decidedAt: now,
        },
      );
      await this.audit.record(acting, {
        action: 'booking.decline',
        objectType: 'Booking',
        objectId: booking.id,
        councilId: budget.councilId,
        providerId: booking.providerId,
        summary: { visits: open.length, releasedPence: released },
      });
      await this.messages.declined(acting, booking, open);
      return em.findOneByOrFail(Booking, { id: booking.id });
    });
  }

  async assign(acting: Acting, input: AssignWorkerInput): Promise<BookingVisit> {
    return this.uow.transaction(async (em) => {
      const seen = await this.visit(input.visitId);
      const { booking, budget } = await lockBooking(this.uow, this.ledger, acting, seen.bookingId, providerSide);
      const visit = await em.findOneByOrFail(BookingVisit, { id: input.visitId });
      if (booking.status !== BookingStatus.CONFIRMED || visit.status !== VisitStatus.SCHEDULED) {
        throw wrongState('Only a scheduled visit of a confirmed booking can be given to another worker.');
      }
      await this.requireCareWorkers(booking.providerId, [input.workerId]);
      await giveVisit(this.uow, visit.id, input.workerId);
      await this.audit.record(acting, {
        action: 'visit.assign',
        objectType: 'BookingVisit',
        objectId: visit.id,
        councilId: budget.councilId,
        providerId: booking.providerId,
        summary: { bookingId: booking.id, workerId: input.workerId, previousWorkerId: visit.workerId },
      });
      return em.findOneByOrFail(BookingVisit, { id: visit.id });
    });
  }

  /**
   * The assigned worker (or, on their behalf, a coordinator of the provider: not every worker carries a
   * phone) records a visit delivered or missed. A missed visit's share is released at once, so the
   * budget has it back without waiting for the invoice; the booking completes when its last visit settles.
   */
  async recordOutcome(acting: Acting, input: RecordVisitDeliveredInput): Promise<BookingVisit> {
    const { actor } = acting;
    if (actor.kind === 'anonymous') throw signInRequired();
    const now = new Date();
    if (input.actualStart && input.actualStart.getTime() > now.getTime()) {
      throw brokerageInvalidInput('The actual start cannot be in the future.', 'input.actualStart');
    }
    const minutes = input.actualMinutes;
    if (minutes != null && (!Number.isInteger(minutes) || minutes < 0 || minutes > MINUTES_IN_A_DAY)) {
      throw brokerageInvalidInput(`Actual minutes must be 0 to ${MINUTES_IN_A_DAY}.`, 'input.actualMinutes');
    }
    if (input.note && input.note.length > MAX_VISIT_NOTE)
      throw brokerageInvalidInput(`A note of at most ${MAX_VISIT_NOTE} characters.`, 'input.note');
    // Checked before the lock, so a refused caller queues behind no one; and again under it, for a visit reassigned meanwhile.
    const seen = await this.visit(input.visitId);
    const seenBooking = await this.uow.manager.findOneByOrFail(Booking, { id: seen.bookingId });
    if (!mayRecordVisit(actor, seen, seenBooking)) throw forbidden();
    return this.uow.transaction(async (em) => {
      const budget = await this.ledger.lockBudget(seenBooking.budgetId);
      if (!budget) throw brokerageNotFound('No visit has that id.');
      const booking = await em.findOneByOrFail(Booking, { id: seen.bookingId });
      const visit = await em.findOneByOrFail(BookingVisit, { id: seen.id });
      if (!mayRecordVisit(actor, visit, booking)) throw forbidden();
      if (booking.status !== BookingStatus.CONFIRMED || visit.status !== VisitStatus.SCHEDULED) {
        throw wrongState('Only a scheduled visit of a confirmed booking can be recorded.');
      }
      if (visit.startsAt.getTime() > now.getTime()) throw wrongState('A visit can be recorded once its booked start has passed.');
      const status = input.delivered ? VisitStatus.DELIVERED : VisitStatus.MISSED;
      const actualMinutes = minutes ?? (input.delivered ? visit.minutes : 0);
      await em.update(
        BookingVisit,
        { id: visit.id },
        {
          status,
          actualStart: input.actualStart ?? (input.delivered ? visit.startsAt : null),
          actualMinutes,
          note: input.note?.trim() || null,
          outcomeRecordedAt: now,
        },
      );
      await this.audit.record(acting, {
        action: input.delivered ? 'visit.deliver' : 'visit.miss',
        objectType: 'BookingVisit',
        objectId: visit.id,
        councilId: budget.councilId,
        providerId: booking.providerId,
        summary: { bookingId: booking.id, actualMinutes },
      });
      if (!input.delivered) {
        await this.invoicing.release(acting, booking, budget, [visit]);
        await this.invoicing.completeIfSettled(acting, booking, budget);
        await this.messages.visitMissed(acting, booking, visit);
      }
      return em.findOneByOrFail(BookingVisit, { id: visit.id });
    });
  }

  /** A provider's bookings, newest first, for its coordinators and admins. */
  async providerBookings(
    { actor }: Acting,
    args: { providerId: string; status?: BookingStatus | null; first?: number | null; after?: string | null },
  ) {
    if (actor.kind === 'anonymous') throw signInRequired();
    if (!mayCoordinate(actor, args.providerId)) throw forbidden();
    const qb = this.uow.manager
      .getRepository(Booking)
      .createQueryBuilder('b')
      .where('b.provider_id = :providerId', { providerId: args.providerId });
    if (args.status) qb.andWhere('b.status = :status', { status: args.status });
    return pageByTimeAndId(qb, { sort: 'providerBookings', column: 'created_at', order: 'DESC', first: args.first, after: args.after });
  }

  /**
   * The visits given to a worker by the providers they still work for (`providerIds`), earliest first:
   * live ones and those already recorded, not cancelled.
   */
  async visitsOfWorker(
    workerId: string,
    providerIds: readonly string[],
    args: { from?: Date | null; to?: Date | null; first?: number | null; after?: string | null },
  ) {
    const qb = this.uow.manager
      .getRepository(BookingVisit)
      .createQueryBuilder('v')
      .innerJoin(Booking, 'b', 'b.id = v.booking_id AND b.provider_id = ANY(:providerIds)', { providerIds })
      .where('v.worker_id = :workerId', { workerId })
      .andWhere('v.status <> :cancelled', { cancelled: VisitStatus.CANCELLED });
    if (args.from) qb.andWhere('v.ends_at > :from', { from: args.from });
    if (args.to) qb.andWhere('v.starts_at < :to', { to: args.to });
    return pageByTimeAndId(qb, { sort: 'workerVisits', column: 'starts_at', order: 'ASC', first: args.first, after: args.after });
  }

  private async visit(id: string): Promise<BookingVisit> {
    const visit = await this.uow.manager.findOneBy(BookingVisit, { id });
    if (!visit) throw brokerageNotFound('No visit has that id.');
    return visit;
  }

  private async requireCareWorkers(providerId: string, workerIds: readonly string[]): Promise<void> {
    const workers = await this.people.careWorkersAmong(providerId, workerIds);
    if (workerIds.some((id) => !workers.has(id))) {
      throw brokerageInvalidInput('Only a care worker of the booking’s provider can be given its visits.', 'input.workerId');
    }
  }
}

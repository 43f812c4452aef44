import { In } from 'typeorm';
import { type Acting, actingPersonId } from '../auth/actor.js';
import { signInRequired } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { brokeConstraint } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { LateCancellationPolicy } from '../directory/directory.enums.js';
import { Booking, BookingVisit } from './booking.entity.js';
import { BookingStatus, LedgerEntryKind, VisitStatus } from './brokerage.enums.js';
import { BrokerageException, brokerageInvalidInput, brokerageNotFound, wrongState } from './brokerage.exception.js';
import { lockBooking, personSide } from './booking-lock.js';
import type { BookingMessages } from './booking-messages.js';
import {
  type CancelBookingInput,
  type LateVisit,
  MAX_CANCELLATION_REASON,
  MAX_CANCELLED_VISITS,
  TooLateToCancelException,
} from './cancellation.types.js';
import { UNSETTLED_VISIT } from './invoicing.service.js';
import type { LedgerService, NewLedgerEntry } from './ledger.service.js';
import { londonDate } from '../common/london.js';

const HOUR_MS = 3_600_000;
const CANCELLABLE_BOOKINGS = new Set([BookingStatus.REQUESTED, BookingStatus.CONFIRMED]);

/**
 * Cancelling visits for the person. Each visit's share of the hold is settled once: released with the
 * service's notice, charged inside it where the service charges late cancellations, and the whole request
 * refused where it does not allow them. The notice and the policy are those the booking was made under
 * (copied from the service when it was requested), not the service's as they may be now.
 */
export class CancellationService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly messages: BookingMessages,
  ) {}

  async cancelBooking(acting: Acting, input: CancelBookingInput): Promise<Booking> {
    const visitIds = input.visitIds ? [...new Set(input.visitIds)] : null;
    if (visitIds && (visitIds.length === 0 || visitIds.length > MAX_CANCELLED_VISITS))
      throw brokerageInvalidInput(
        `Name between 1 and ${MAX_CANCELLED_VISITS} visits, or none for every visit still to come.`,
        'input.visitIds',
      );
    const reason = input.reason?.trim() || null;
    if (reason && reason.length > MAX_CANCELLATION_REASON)
      throw brokerageInvalidInput(`A reason is at most ${MAX_CANCELLATION_REASON} characters.`, 'input.reason');
    if (acting.actor.kind === 'anonymous') throw signInRequired();
    try {
      return await this.uow.transaction(() => this.cancelIn(acting, input.bookingId, visitIds, reason));
    } catch (error) {
      throw settledMeanwhile(error) ?? error;
    }
  }

  private async cancelIn(acting: Acting, bookingId: string, visitIds: string[] | null, reason: string | null): Promise<Booking> {
    const em = this.uow.manager;
    // Everything below is read after the lock: a cancel, invoice or decline that got there first has committed.
    const { booking, budget } = await lockBooking(this.uow, this.ledger, acting, bookingId, personSide);
    if (!CANCELLABLE_BOOKINGS.has(booking.status))
      throw wrongState(`This booking is ${booking.status.toLowerCase()}: only a requested or confirmed booking can be cancelled.`);
    // Every writer of visits locks the budget first, so this lock never waits; it keeps a future writer that forgets from racing.
    const visits = await em.find(BookingVisit, {
      where: { bookingId },
      order: { startsAt: 'ASC', id: 'ASC' },
      lock: { mode: 'pessimistic_write' },
    });
    const now = new Date();
    // Notice protects a provider that has committed a worker. Until it confirms nothing was promised, so a
    // requested booking cancels whole and free at any time, even once its visits' times have passed: else
    // a provider that never answers would leave the hold on the budget for good.
    const confirmed = booking.status === BookingStatus.CONFIRMED;
    const chosen = this.choose(visits, visitIds, confirmed ? now : null);

    const noticeMs = booking.cancellationNoticeHours * HOUR_MS;
    const late: LateVisit[] = chosen
      .filter((v) => confirmed && v.startsAt.getTime() - now.getTime() < noticeMs)
      .map((v) => ({ visitId: v.id, startsAt: v.startsAt, noticeEndedAt: new Date(v.startsAt.getTime() - noticeMs) }));
    if (late.length > 0 && booking.lateCancellationPolicy === LateCancellationPolicy.REFUSE)
      throw new TooLateToCancelException(
        `${late.length === 1 ? 'A visit is' : `${late.length} visits are`} inside the ${booking.cancellationNoticeHours} hours' notice ` +
          `this service needs, and it does not allow late cancellations: nothing was cancelled.`,
        late,
      );

    const lateIds = new Set(late.map((v) => v.visitId));
    const cancelledById = actingPersonId(acting.actor);
    await em.update(
      BookingVisit,
      { id: In(chosen.map((v) => v.id)) },
      { status: VisitStatus.CANCELLED, cancelledAt: now, cancelledById, cancellationReason: reason },
    );
    const effectiveOn = londonDate(now);
    const lines: NewLedgerEntry[] = chosen
      // A visit priced at nothing has no share to settle (a ledger line is never 0).
      .filter((v) => v.pricePence > 0)
      .map((v) => ({
        kind: lateIds.has(v.id) ? LedgerEntryKind.CHARGE : LedgerEntryKind.RELEASE,
        amountPence: v.pricePence,
        effectiveOn,
        bookingId: booking.id,
        visitId: v.id,
        description: lateIds.has(v.id) ? 'Late cancellation' : 'Cancelled',
      }));
    await this.ledger.append(acting, budget, lines);

    await this.settleBookingIfDone(booking, now);
    const pence = (kind: LedgerEntryKind) => lines.filter((l) => l.kind === kind).reduce((sum, l) => sum + l.amountPence, 0);
    await this.audit.record(acting, {
      action: 'booking.cancel',
      objectType: 'Booking',
      objectId: booking.id,
      councilId: budget.councilId,
      providerId: booking.providerId,
      summary: {
        visits: chosen.length,
        lateVisits: late.length,
        releasedPence: pence(LedgerEntryKind.RELEASE),
        chargedPence: pence(LedgerEntryKind.CHARGE),
        bookingStatus: booking.status,
      },
    });
    await this.messages.cancelled(acting, booking, chosen);
    return booking;
  }

  /**
   * The visits named (each SCHEDULED, or the request is a conflict), or every scheduled visit not yet
   * started at `after` (every scheduled visit, without it).
   */
  private choose(visits: BookingVisit[], visitIds: string[] | null, after: Date | null): BookingVisit[] {
    if (!visitIds) {
      const toCome = visits.filter((v) => v.status === VisitStatus.SCHEDULED && (!after || v.startsAt > after));
      if (toCome.length === 0) throw wrongState('No visit of this booking is still to come.');
      return toCome;
    }
    const byId = new Map(visits.map((v) => [v.id, v]));
    const unknown = visitIds.filter((id) => !byId.has(id));
    if (unknown.length > 0) throw brokerageNotFound(`This booking has no visit with the id ${unknown[0]}.`);
    const chosen = visitIds.map((id) => byId.get(id)!).sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
    const settled = chosen.filter((v) => v.status !== VisitStatus.SCHEDULED);
    if (settled.length > 0)
      throw wrongState(settled.map((v) => `Visit ${v.id} is already ${v.status.toLowerCase()}.`).join(' ') + ' Nothing was cancelled.');
    return chosen;
  }

  /**
   * Once every visit's share is settled (cancelled, or delivered or missed and then invoiced or released),
   * the booking is over: cancelled if every visit was, else completed, as a missed visit's release or an
   * invoice completes it; so the end is the same whichever visit settled last.
   */
  private async settleBookingIfDone(booking: Booking, now: Date): Promise<void> {
    const [{ open, kept }] = await this.uow.manager.query(
      `SELECT count(*) FILTER (WHERE ${UNSETTLED_VISIT})::int AS open, count(*) FILTER (WHERE v.status <> 'CANCELLED')::int AS kept
       FROM booking_visit v WHERE v.booking_id = $1`,
      [booking.id],
    );
    if (open > 0) return;
    booking.status = kept > 0 ? BookingStatus.COMPLETED : BookingStatus.CANCELLED;
    booking.completedAt = now;
    await this.uow.manager.update(Booking, { id: booking.id }, { status: booking.status, completedAt: now });
  }
}

/**
 * A visit settled by another transaction between our read and our write: the unique settlement index
 * refused the second release or charge. Only possible if a writer settled it without the budget's lock;
 * still the client's answer is that it was already done, not an internal error.
 */
function settledMeanwhile(error: unknown): BrokerageException | null {
  if (!brokeConstraint(error, 'budget_ledger_entry_visit_settled_once')) return null;
  return wrongState('A visit was settled while this cancellation ran. Nothing was cancelled.');
}

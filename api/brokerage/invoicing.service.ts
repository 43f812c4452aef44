import { In, QueryFailedError } from 'typeorm';
import { type Acting, actingPersonId } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { Booking, BookingVisit, Invoice } from './booking.entity.js';
import { lockBooking, providerSide } from './booking-lock.js';
import type { BookingMessages } from './booking-messages.js';
import { BrokerageException, BrokerageExceptionCode, wrongState } from './brokerage.exception.js';
import { BookingStatus, LedgerEntryKind, VisitStatus } from './brokerage.enums.js';
import type { LedgerService } from './ledger.service.js';
import { londonDate } from '../common/london.js';
import type { PersonalBudget } from './personal-budget.entity.js';

/** Every delivered visit of the booking is invoiced already, or none was delivered. */
export class NothingToInvoice extends BrokerageException {
  constructor() {
    super(BrokerageExceptionCode.WRONG_STATE, 'The booking has no delivered visit that is not invoiced yet.');
  }
}

/**
 * SQL for a visit `v` not yet settled: still scheduled, delivered but not invoiced, or missed or cancelled
 * with a share that no RELEASE or CHARGE line has settled (a visit priced at nothing has no share: the
 * ledger takes no line of 0). A booking is over when none of its visits is: invoicing, a missed visit and
 * cancelling all judge that by this one rule, so its end does not depend on which settled last.
 */
export const UNSETTLED_VISIT = `(v.status = 'SCHEDULED' OR (v.status = 'DELIVERED' AND v.invoice_id IS NULL) OR (v.price_pence > 0
  AND NOT EXISTS (SELECT 1 FROM budget_ledger_entry e WHERE e.visit_id = v.id AND e.kind IN ('CHARGE', 'RELEASE'))))`;

/** Bookings whose delivered visits may be invoiced: confirmed ones, and cancelled ones delivered in part. */
const INVOICEABLE = new Set([BookingStatus.CONFIRMED, BookingStatus.CANCELLED]);

/**
 * Turning holds into charges: an invoice for a booking's delivered visits, each visit's share charged
 * once (the budget lock orders invoices; the ledger's unique settlement index would refuse a second
 * charge anyway), and the booking completed when every visit is settled.
 */
export class InvoicingService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly ledger: LedgerService,
    private readonly audit: AuditService,
    private readonly messages: BookingMessages,
  ) {}

  async issueInvoice(acting: Acting, bookingId: string): Promise<Invoice> {
    try {
      return await this.uow.transaction(async (em) => {
        const { booking, budget } = await lockBooking(this.uow, this.ledger, acting, bookingId, providerSide);
        if (booking.status === BookingStatus.COMPLETED) throw new NothingToInvoice();
        if (!INVOICEABLE.has(booking.status)) throw wrongState(`A ${booking.status} booking has nothing to invoice.`);
        const open = await this.unsettledVisits(booking.id);
        const delivered = open.filter((v) => v.status === VisitStatus.DELIVERED && !v.invoiceId);
        if (delivered.length === 0) throw new NothingToInvoice();
        const totalPence = delivered.reduce((sum, v) => sum + v.pricePence, 0);
        const invoice = await em.save(
          em.create(Invoice, {
            bookingId: booking.id,
            budgetId: budget.id,
            providerId: booking.providerId,
            totalPence,
            issuedById: actingPersonId(acting.actor),
          }),
        );
        await em.update(BookingVisit, { id: In(delivered.map((v) => v.id)) }, { invoiceId: invoice.id });
        const today = londonDate(new Date());
        await this.ledger.append(
          acting,
          budget,
          delivered
            .filter((v) => v.pricePence > 0)
            .map((v) => ({
              kind: LedgerEntryKind.CHARGE,
              amountPence: v.pricePence,
              effectiveOn: today,
              bookingId: booking.id,
              visitId: v.id,
              invoiceId: invoice.id,
            })),
        );
        // Missed or cancelled visits another path left unsettled are released here, so the booking can complete.
        await this.release(
          acting,
          booking,
          budget,
          open.filter((v) => v.status === VisitStatus.MISSED || v.status === VisitStatus.CANCELLED),
        );
        await this.audit.record(acting, {
          action: 'invoice.issue',
          objectType: 'Invoice',
          objectId: invoice.id,
          councilId: budget.councilId,
          providerId: booking.providerId,
          summary: { bookingId: booking.id, invoiceNumber: invoice.invoiceNumber, visits: delivered.length, totalPence },
        });
        await this.completeIfSettled(acting, booking, budget);
        await this.messages.invoiceIssued(acting, booking, invoice, delivered.length);
        return em.findOneByOrFail(Invoice, { id: invoice.id });
      });
    } catch (error) {
      // The lock makes this unreachable; if a path ever charged a visit without it, the index still refuses a second charge.
      if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23505') throw new NothingToInvoice();
      throw error;
    }
  }

  /** The booking's visits not yet settled (UNSETTLED_VISIT), earliest first. */
  unsettledVisits(bookingId: string): Promise<BookingVisit[]> {
    return this.uow.manager
      .getRepository(BookingVisit)
      .createQueryBuilder('v')
      .where('v.booking_id = :bookingId', { bookingId })
      .andWhere(UNSETTLED_VISIT)
      .orderBy('v.starts_at', 'ASC')
      .addOrderBy('v.id', 'ASC')
      .getMany();
  }

  /** Releases the visits' shares of the hold; the caller holds the budget's lock. Returns the pence released. */
  async release(acting: Acting, booking: Booking, budget: PersonalBudget, visits: readonly BookingVisit[]): Promise<number> {
    const today = londonDate(new Date());
    const lines = visits
      .filter((v) => v.pricePence > 0)
      .map((v) => ({ kind: LedgerEntryKind.RELEASE, amountPence: v.pricePence, effectiveOn: today, bookingId: booking.id, visitId: v.id }));
    await this.ledger.append(acting, budget, lines);
    return lines.reduce((sum, l) => sum + l.amountPence, 0);
  }

  /**
   * Completes a confirmed booking whose every visit is settled. Every CHARGE and RELEASE names a visit and
   * a booking's hold is the sum of its visits' prices, so once they are settled nothing of the hold is left.
   */
  async completeIfSettled(acting: Acting, booking: Booking, budget: PersonalBudget): Promise<void> {
    if (booking.status !== BookingStatus.CONFIRMED) return;
    if ((await this.unsettledVisits(booking.id)).length > 0) return;
    await this.uow.manager.update(Booking, { id: booking.id }, { status: BookingStatus.COMPLETED, completedAt: new Date() });
    await this.audit.record(acting, {
      action: 'booking.complete',
      objectType: 'Booking',
      objectId: booking.id,
      councilId: budget.councilId,
      providerId: booking.providerId,
      summary: {},
    });
  }
}

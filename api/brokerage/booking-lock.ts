import type { Acting } from '../auth/actor.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { Booking } from './booking.entity.js';
import { mayBookOn, mayCoordinate } from './brokerage.policy.js';
import { type BookingRule, bookingIfAllowed } from './brokerage.reader.js';
import type { LedgerService } from './ledger.service.js';
import type { PersonalBudget } from './personal-budget.entity.js';

/** Who may change a booking: its provider's side (confirm, decline, assign, invoice) or the person's (cancel). */
export const providerSide: BookingRule = (actor, booking) => mayCoordinate(actor, booking.providerId);
export const personSide: BookingRule = (actor, _booking, budget) => mayBookOn(actor, budget);

/**
 * A booking change's first step, inside its transaction: the booking's budget locked (every change to a
 * booking queues behind it, in the same order as money changes, so two never deadlock), then the booking
 * read afresh. NOT_FOUND for no such booking; FORBIDDEN for anyone not on `side`, checked before
 * anything is locked.
 */
export async function lockBooking(
  uow: UnitOfWork,
  ledger: LedgerService,
  acting: Acting,
  bookingId: string,
  side: BookingRule,
): Promise<{ booking: Booking; budget: PersonalBudget }> {
  const { booking: seen } = await bookingIfAllowed(uow.manager, acting, bookingId, side);
  const budget = (await ledger.lockBudget(seen.budgetId))!;
  const booking = await uow.manager.findOneByOrFail(Booking, { id: bookingId });
  return { booking, budget };
}

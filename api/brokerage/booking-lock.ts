import type { Acting } from '../auth/actor.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { Booking } from './booking.entity.js';
import { brokerageNotFound } from './brokerage.exception.js';
import { mayCoordinate } from './brokerage.policy.js';
import type { LedgerService } from './ledger.service.js';
import type { PersonalBudget } from './personal-budget.entity.js';

/**
 * A provider-side change's first step, inside its transaction: the booking's budget locked (every change
 * to a booking queues behind it, in the same order as money changes, so two never deadlock), then the
 * booking read afresh. NOT_FOUND for no such booking; FORBIDDEN for anyone but its provider's
 * coordinators and admins, checked before anything is locked.
 */
export async function lockBookingToCoordinate(
  uow: UnitOfWork,
  ledger: LedgerService,
  { actor }: Acting,
  bookingId: string,
): Promise<{ booking: Booking; budget: PersonalBudget }> {
  if (actor.kind === 'anonymous') throw signInRequired();
  const seen = await uow.manager.findOneBy(Booking, { id: bookingId });
  if (!seen) throw brokerageNotFound('No booking has that id.');
  if (!mayCoordinate(actor, seen.providerId)) throw forbidden();
  const budget = await ledger.lockBudget(seen.budgetId);
  if (!budget) throw brokerageNotFound('No booking has that id.');
  const booking = await uow.manager.findOneByOrFail(Booking, { id: bookingId });
  return { booking, budget };
}

import type { Acting, Actor } from '../auth/actor.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { Booking } from './booking.entity.js';
import { brokerageNotFound } from './brokerage.exception.js';
import { mayBookOn, mayCoordinate } from './brokerage.policy.js';
import type { LedgerService } from './ledger.service.js';
import { PersonalBudget } from './personal-budget.entity.js';

/** Who may change a booking: its provider's side (confirm, decline, assign, invoice) or the person's (cancel). */
export type BookingSide = (actor: Actor, booking: Booking, budget: PersonalBudget) => boolean;
export const providerSide: BookingSide = (actor, booking) => mayCoordinate(actor, booking.providerId);
export const personSide: BookingSide = (actor, _booking, budget) => mayBookOn(actor, budget);

/**
 * A booking change's first step, inside its transaction: the booking's budget locked (every change to a
 * booking queues behind it, in the same order as money changes, so two never deadlock), then the booking
 * read afresh. NOT_FOUND for no such booking; FORBIDDEN for anyone not on `side`, checked before
 * anything is locked.
 */
export async function lockBooking(
  uow: UnitOfWork,
  ledger: LedgerService,
  { actor }: Acting,
  bookingId: string,
  side: BookingSide,
): Promise<{ booking: Booking; budget: PersonalBudget }> {
  if (actor.kind === 'anonymous') throw signInRequired();
  const em = uow.manager;
  const seen = await em.findOneBy(Booking, { id: bookingId });
  if (!seen) throw brokerageNotFound('No booking has that id.');
  if (!side(actor, seen, await em.findOneByOrFail(PersonalBudget, { id: seen.budgetId }))) throw forbidden();
  const budget = (await ledger.lockBudget(seen.budgetId))!;
  const booking = await em.findOneByOrFail(Booking, { id: bookingId });
  return { booking, budget };
}

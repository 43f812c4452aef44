import type { EntityManager } from 'typeorm';
import type { Acting, Actor } from '../auth/actor.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { Booking } from './booking.entity.js';
import { brokerageNotFound } from './brokerage.exception.js';
import { mayViewBooking, mayViewBudget } from './brokerage.policy.js';
import { PersonalBudget } from './personal-budget.entity.js';

/** A policy of brokerage.policy.ts on a booking, e.g. mayViewBooking. */
export type BookingRule = (actor: Actor, booking: Booking, budget: PersonalBudget) => boolean;

/*
 * Every read or change of a budget or booking for someone starts here, so each answers alike:
 * UNAUTHENTICATED without a credential, NOT_FOUND for an id that names nothing, FORBIDDEN (saying
 * nothing of the object) for one the rule does not allow.
 */

export async function budgetIfAllowed(
  em: EntityManager,
  { actor }: Acting,
  id: string,
  may: (actor: Actor, budget: PersonalBudget) => boolean,
): Promise<PersonalBudget> {
  if (actor.kind === 'anonymous') throw signInRequired();
  const budget = await em.findOneBy(PersonalBudget, { id });
  if (!budget) throw brokerageNotFound('No personal budget has that id.');
  if (!may(actor, budget)) throw forbidden();
  return budget;
}

export async function bookingIfAllowed(
  em: EntityManager,
  { actor }: Acting,
  id: string,
  may: BookingRule,
): Promise<{ booking: Booking; budget: PersonalBudget }> {
  if (actor.kind === 'anonymous') throw signInRequired();
  const booking = await em.findOneBy(Booking, { id });
  if (!booking) throw brokerageNotFound('No booking has that id.');
  const budget = await em.findOneByOrFail(PersonalBudget, { id: booking.budgetId });
  if (!may(actor, booking, budget)) throw forbidden();
  return { booking, budget };
}

/** Budgets and bookings read for someone who may view them. */
export class BrokerageReader {
  constructor(private readonly uow: UnitOfWork) {}

  budgetFor(acting: Acting, id: string): Promise<PersonalBudget> {
    return budgetIfAllowed(this.uow.manager, acting, id, mayViewBudget);
  }

  bookingFor(acting: Acting, id: string): Promise<{ booking: Booking; budget: PersonalBudget }> {
    return bookingIfAllowed(this.uow.manager, acting, id, mayViewBooking);
  }
}

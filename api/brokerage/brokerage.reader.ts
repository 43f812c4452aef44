import type { Acting } from '../auth/actor.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { Booking } from './booking.entity.js';
import { brokerageNotFound } from './brokerage.exception.js';
import { mayViewBooking, mayViewBudget } from './brokerage.policy.js';
import { PersonalBudget } from './personal-budget.entity.js';

/**
 * Budgets and bookings read for someone: NOT_FOUND for an id that names nothing, FORBIDDEN (saying
 * nothing of the object) for one the actor may not see, UNAUTHENTICATED without a credential.
 */
export class BrokerageReader {
  constructor(private readonly uow: UnitOfWork) {}

  async budgetFor({ actor }: Acting, id: string): Promise<PersonalBudget> {
    if (actor.kind === 'anonymous') throw signInRequired();
    const budget = await this.uow.manager.findOneBy(PersonalBudget, { id });
    if (!budget) throw brokerageNotFound('No personal budget has that id.');
    if (!mayViewBudget(actor, budget)) throw forbidden();
    return budget;
  }

  async bookingFor({ actor }: Acting, id: string): Promise<{ booking: Booking; budget: PersonalBudget }> {
    if (actor.kind === 'anonymous') throw signInRequired();
    const booking = await this.uow.manager.findOneBy(Booking, { id });
    if (!booking) throw brokerageNotFound('No booking has that id.');
    const budget = await this.uow.manager.findOneByOrFail(PersonalBudget, { id: booking.budgetId });
    if (!mayViewBooking(actor, booking, budget)) throw forbidden();
    return { booking, budget };
  }
}

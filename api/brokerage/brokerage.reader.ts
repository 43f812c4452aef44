import { type EntityManager, In } from 'typeorm';
import type { Acting, Actor } from '../auth/actor.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { Booking } from './booking.entity.js';
import type { BookingStatus } from './brokerage.enums.js';
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

  /**
   * The providers that care for a person: those holding a confirmed or completed booking on one of their
   * budgets, and those holding their individual service fund. For other domains' "who may act for this
   * person" rules (a coordinator starting the person's care plan). One statement.
   */
  async providersCaringFor(personId: string): Promise<Set<string>> {
    const rows: { provider_id: string }[] = await this.uow.manager.query(
      `SELECT provider_id FROM booking WHERE person_id = $1 AND status IN ('CONFIRMED', 'COMPLETED')
       UNION SELECT held_by_provider_id FROM personal_budget WHERE person_id = $1 AND held_by_provider_id IS NOT NULL`,
      [personId],
    );
    return new Set(rows.map((r) => r.provider_id));
  }

  /**
   * Which of these bookings and budgets are the person's own (on their budgets, whatever their status):
   * bookings with their budget, service and status, budgets by id. Ids of anyone else's are left out, so a
   * caller cannot tell someone else's from one that does not exist. Two statements.
   */
  async personsOwn(
    personId: string,
    ids: { bookingIds: readonly string[]; budgetIds: readonly string[] },
  ): Promise<{ bookings: Map<string, { budgetId: string; serviceId: string; status: BookingStatus }>; budgetIds: Set<string> }> {
    const em = this.uow.manager;
    const bookings = ids.bookingIds.length
      ? await em.find(Booking, {
          select: { id: true, budgetId: true, serviceId: true, status: true },
          where: { personId, id: In([...ids.bookingIds]) },
        })
      : [];
    const budgets = ids.budgetIds.length
      ? await em.find(PersonalBudget, { select: { id: true }, where: { personId, id: In([...ids.budgetIds]) } })
      : [];
    return {
      bookings: new Map(bookings.map((b) => [b.id, { budgetId: b.budgetId, serviceId: b.serviceId, status: b.status }])),
      budgetIds: new Set(budgets.map((b) => b.id)),
    };
  }

  /**
   * The providers with a visit for the person under way or still to come (not cancelled) on a requested or
   * confirmed booking: whose coordinators hear of a crisis about the person. One statement.
   */
  async providersVisiting(personId: string, now: Date): Promise<string[]> {
    const rows: { provider_id: string }[] = await this.uow.manager.query(
      `SELECT DISTINCT b.provider_id FROM booking b JOIN booking_visit v ON v.booking_id = b.id
        WHERE b.person_id = $1 AND b.status IN ('REQUESTED', 'CONFIRMED') AND v.status <> 'CANCELLED' AND v.ends_at > $2`,
      [personId, now],
    );
    return rows.map((r) => r.provider_id);
  }

  /** Whether the care worker is given a visit for the person under way or still to come (not cancelled). One statement. */
  async isVisiting(workerId: string, personId: string, now: Date): Promise<boolean> {
    const rows: unknown[] = await this.uow.manager.query(
      `SELECT 1 FROM booking b JOIN booking_visit v ON v.booking_id = b.id
        WHERE b.person_id = $1 AND v.worker_id = $2 AND b.status = 'CONFIRMED' AND v.status <> 'CANCELLED' AND v.ends_at > $3
        LIMIT 1`,
      [personId, workerId, now],
    );
    return rows.length > 0;
  }
}

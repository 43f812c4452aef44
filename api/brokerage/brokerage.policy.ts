import { type Actor, canActForPerson, isAdmin, isCoordinatorOf, isOfficerOf } from '../auth/actor.js';
import { RepresentativeRight, StaffRole } from '../auth/auth.enums.js';
import { PersonalBudgetKind } from './brokerage.enums.js';
import type { Booking, BookingVisit } from './booking.entity.js';
import type { PersonalBudget } from './personal-budget.entity.js';

/**
 * Who may do what with budgets and bookings: by relationship, never by role alone. Services check these
 * and throw `forbidden` (api/auth/auth.exception.ts) when they say no.
 */

type BudgetParties = Pick<PersonalBudget, 'personId' | 'councilId' | 'kind' | 'heldByProviderId'>;

/**
 * The budget holder; a representative with VIEW_BUDGET or BOOK; a widget session for them (either
 * purpose: booking shows what the budget has available); an officer of its council; for an ISF, the
 * coordinators of the provider holding it; admins.
 */
export function mayViewBudget(actor: Actor, budget: BudgetParties): boolean {
  return (
    isAdmin(actor) ||
    canActForPerson(actor, budget.personId, RepresentativeRight.VIEW_BUDGET) ||
    canActForPerson(actor, budget.personId, RepresentativeRight.BOOK) ||
    isOfficerOf(actor, budget.councilId) ||
    (budget.kind === PersonalBudgetKind.INDIVIDUAL_SERVICE_FUND && isCoordinatorOf(actor, budget.heldByProviderId))
  );
}

/**
 * An ISF's agreed outcomes may speak of the person's health: for the three who agreed them (the person,
 * the council's officers, the holding provider's coordinators), a representative with BOOK who arranges
 * the care (or a BOOKING widget session), and admins; not for those who only see the money (VIEW_BUDGET).
 */
export function mayReadOutcomes(actor: Actor, budget: BudgetParties): boolean {
  return (
    isAdmin(actor) ||
    canActForPerson(actor, budget.personId, RepresentativeRight.BOOK) ||
    isOfficerOf(actor, budget.councilId) ||
    (budget.kind === PersonalBudgetKind.INDIVIDUAL_SERVICE_FUND && isCoordinatorOf(actor, budget.heldByProviderId))
  );
}

/**
 * Book and cancel against the budget: the holder, a representative with BOOK, a BOOKING widget session
 * for them; an officer of its council for a council-managed budget (the council spends it); admins.
 */
export function mayBookOn(actor: Actor, budget: BudgetParties): boolean {
  return (
    isAdmin(actor) ||
    canActForPerson(actor, budget.personId, RepresentativeRight.BOOK) ||
    (budget.kind === PersonalBudgetKind.COUNCIL_MANAGED && isOfficerOf(actor, budget.councilId))
  );
}

/** Record an instalment of a direct payment: the council pays it, so its officers; admins. */
export function mayRecordDirectPayment(actor: Actor, budget: BudgetParties): boolean {
  return isAdmin(actor) || isOfficerOf(actor, budget.councilId);
}

/** Top the budget up with the person's own money: the person, a representative with BOOK, admins. */
export function mayTopUp(actor: Actor, budget: BudgetParties): boolean {
  return isAdmin(actor) || canActForPerson(actor, budget.personId, RepresentativeRight.BOOK);
}

/** Confirm, decline, assign workers to and invoice a provider's bookings: its coordinators and admins. */
export function mayCoordinate(actor: Actor, providerId: string): boolean {
  return isAdmin(actor) || isCoordinatorOf(actor, providerId);
}

/** See a booking: whoever may see its budget, and the provider's coordinators. */
export function mayViewBooking(actor: Actor, booking: Pick<Booking, 'providerId'>, budget: BudgetParties): boolean {
  return mayViewBudget(actor, budget) || mayCoordinate(actor, booking.providerId);
}

/**
 * What people wrote about a booking's care (the person's notes, the provider's decline reason, why a
 * visit was cancelled) may describe the person's health: for those who book on the budget and the
 * provider's coordinators, not for those who only see the money (VIEW_BUDGET, a BUDGET_VIEW widget, an
 * officer of a budget the person spends, the provider holding an ISF for another provider's booking).
 */
export function mayReadBookingText(actor: Actor, booking: Pick<Booking, 'providerId'>, budget: BudgetParties): boolean {
  return mayBookOn(actor, budget) || mayCoordinate(actor, booking.providerId);
}

/**
 * A worker's note on a visit is the nearest thing here to a care record: for the person, a
 * representative with BOOK, the provider's coordinators, the worker sent to the visit, and admins. Never
 * officers (commissioning needs what was delivered, not how the person was), nor a widget session: no
 * widget shows it, and a partner's page is no place for it.
 */
export function mayReadVisitNote(
  actor: Actor,
  visit: Pick<BookingVisit, 'workerId'>,
  booking: Pick<Booking, 'personId' | 'providerId'>,
): boolean {
  return (
    (actor.kind === 'person' && canActForPerson(actor, booking.personId, RepresentativeRight.BOOK)) ||
    mayCoordinate(actor, booking.providerId) ||
    isSentTo(actor, visit, booking)
  );
}

/** Record a visit delivered or missed: the worker sent to it, or for them a coordinator of the provider; admins. */
export function mayRecordVisit(actor: Actor, visit: Pick<BookingVisit, 'workerId'>, booking: Pick<Booking, 'providerId'>): boolean {
  return isSentTo(actor, visit, booking) || mayCoordinate(actor, booking.providerId);
}

/** The worker assigned to the visit, while still a care worker of its provider. */
export function isSentTo(actor: Actor, visit: Pick<BookingVisit, 'workerId'>, booking: Pick<Booking, 'providerId'>): boolean {
  return actor.kind === 'person' && visit.workerId === actor.personId && isCareWorkerOf(actor, booking.providerId);
}

/** The providers the actor is a care worker of: whose visits they may be sent to and see. */
export function careWorkerProviderIds(actor: Actor): string[] {
  return actor.kind === 'person' ? actor.staff.filter((s) => s.role === StaffRole.CARE_WORKER).map((s) => s.providerId!) : [];
}

/** A care worker (by staff tie) of the provider: who may be assigned its visits. */
function isCareWorkerOf(actor: Actor, providerId: string): boolean {
  return actor.kind === 'person' && actor.staff.some((s) => s.role === StaffRole.CARE_WORKER && s.providerId === providerId);
}

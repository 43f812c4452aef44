import { type Actor, canActForPerson, isAdmin, isCoordinatorOf, isOfficerOf } from '../auth/actor.js';
import { RepresentativeRight, StaffRole } from '../auth/auth.enums.js';
import { PersonalBudgetKind } from './brokerage.enums.js';
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
 * Book, cancel and top up against the budget: the holder, a representative with BOOK, a BOOKING widget
 * session for them; an officer of its council for a council-managed budget (the council spends it); admins.
 */
export function mayBookOn(actor: Actor, budget: BudgetParties): boolean {
  return (
    isAdmin(actor) ||
    canActForPerson(actor, budget.personId, RepresentativeRight.BOOK) ||
    (budget.kind === PersonalBudgetKind.COUNCIL_MANAGED && isOfficerOf(actor, budget.councilId))
  );
}

/** Confirm, decline, assign workers to and invoice a provider's bookings: its coordinators and admins. */
export function mayCoordinate(actor: Actor, providerId: string): boolean {
  return isAdmin(actor) || isCoordinatorOf(actor, providerId);
}

/** A care worker (by staff tie) of the provider: who may be assigned its visits. */
export function isCareWorkerOf(actor: Actor, providerId: string): boolean {
  return actor.kind === 'person' && actor.staff.some((s) => s.role === StaffRole.CARE_WORKER && s.providerId === providerId);
}

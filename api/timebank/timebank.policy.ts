import { type Actor, canActForPerson, isAdmin, isCoordinatorOf } from '../auth/actor.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import type { TimeBankMember } from './time-bank.entity.js';

/**
 * Who may do what in a time bank: by relationship, never by role alone. Services check these and throw
 * `forbidden` (api/auth/auth.exception.ts) when they say no. A member never sees another member's
 * balance, statement or expenses; the co-op's coordinators see its members', and nobody else's.
 * Widget sessions and partners have no part here: no widget acts in a time bank.
 */

type MemberParties = Pick<TimeBankMember, 'providerId' | 'personId'>;

/** Open the time bank, set its rules, approve members, record checks, training and references, draw on the pool, decide claims. */
export function mayCoordinateTimeBank(actor: Actor, providerId: string): boolean {
  return isAdmin(actor) || isCoordinatorOf(actor, providerId);
}

/** A signed-in person acting for the member: the member, or a representative the member granted `right`. */
function actsForMember(actor: Actor, member: MemberParties, right: RepresentativeRight): boolean {
  return actor.kind === 'person' && canActForPerson(actor, member.personId, right);
}

/**
 * The member's balance, statement, exchanges and requests: the member, a representative with VIEW_BUDGET or
 * BOOK (time credit is spent on their care as a budget is), the co-op's coordinators, admins.
 */
export function mayViewMember(actor: Actor, member: MemberParties): boolean {
  return (
    actsForMember(actor, member, RepresentativeRight.VIEW_BUDGET) ||
    actsForMember(actor, member, RepresentativeRight.BOOK) ||
    mayCoordinateTimeBank(actor, member.providerId)
  );
}

/**
 * Spend and give the member's time: ask for help, accept a helper, confirm help received, give credit.
 * The member, a representative with BOOK. Coordinators confirm help (the "or the coordinator")
 * through mayConfirmFor, never spend a member's credit for them otherwise.
 */
export function mayActForMember(actor: Actor, member: MemberParties): boolean {
  return actsForMember(actor, member, RepresentativeRight.BOOK);
}

/**
 * Give the member's credit to another member: the member alone. A representative could otherwise move the
 * person's time to anyone, themselves included; what they may do with it is give it to the pool.
 */
export function mayGiveToAnotherMember(actor: Actor, member: MemberParties): boolean {
  return isTheMember(actor, member);
}

/** Give the member's credit to the community pool: the member, a representative with BOOK. */
export function mayGiveToPool(actor: Actor, member: MemberParties): boolean {
  return mayActForMember(actor, member);
}

/** Confirm or reject help a member received: the receiver, a representative with BOOK, the co-op's coordinators, admins. */
export function mayConfirmFor(actor: Actor, receiver: MemberParties): boolean {
  return mayActForMember(actor, receiver) || mayCoordinateTimeBank(actor, receiver.providerId);
}

/**
 * What only the member does for themselves: offer help, record help they gave, claim expenses, share their
 * volunteer record. Nobody represents a volunteer in their own volunteering. It is also what a coordinator
 * never acts on: their own approval, checks, training, references, pool draws and expense claims.
 */
export function isTheMember(actor: Actor, member: MemberParties): boolean {
  return actor.kind === 'person' && actor.personId === member.personId;
}

/** A volunteer's expenses and record: the volunteer, the co-op's coordinators, admins. */
export function mayViewVolunteering(actor: Actor, member: MemberParties): boolean {
  return isTheMember(actor, member) || mayCoordinateTimeBank(actor, member.providerId);
}

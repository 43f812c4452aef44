import { type Actor, canActForPerson, isAdmin, isCoordinatorOf } from '../auth/actor.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import type { CoOpMember } from './member.entity.js';

/**
 * Whose register entry an actor may read whole, without a statement: the member, a representative they
 * granted VOTE, the co-op's coordinators and admins. The secretary reads the register as an officer
 * (GovernanceReader.standing); fellow members see a board member's name and class, never their share.
 */
export function mayReadMemberRecord(actor: Actor, member: CoOpMember): boolean {
  return (
    isAdmin(actor) ||
    isCoordinatorOf(actor, member.providerId) ||
    (actor.kind === 'person' && canActForPerson(actor, member.personId, RepresentativeRight.VOTE))
  );
}

/**
 * Whether a membership may be shown on the member's Person to this actor. One entered by email is not shown to
 * the co-op's coordinators: they read it on the register under the name they typed, and finding it on a person
 * they can read elsewhere (a booking's, a care worker's) would tell them who holds the address they typed.
 */
export function mayReadMembershipOnPerson(actor: Actor, member: CoOpMember): boolean {
  if (member.nameAsEntered === null) return mayReadMemberRecord(actor, member);
  return (
    isAdmin(actor) ||
    isTheMember(actor, member) ||
    (actor.kind === 'person' && canActForPerson(actor, member.personId, RepresentativeRight.VOTE))
  );
}

/** The member themselves, by their own account (not a representative's): who may resign a membership or a seat. */
export function isTheMember(actor: Actor, member: Pick<CoOpMember, 'personId'>): boolean {
  return actor.kind === 'person' && actor.personId === member.personId;
}

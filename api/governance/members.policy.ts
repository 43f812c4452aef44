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

/** The member themselves, by their own account (not a representative's): who may resign a membership or a seat. */
export function isTheMember(actor: Actor, member: Pick<CoOpMember, 'personId'>): boolean {
  return actor.kind === 'person' && actor.personId === member.personId;
}

import { IsNull } from 'typeorm';
import { type Actor, isAdmin, isCoordinatorOf } from '../auth/actor.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { CoOpConstitution } from './constitution.entity.js';
import { MemberOffice } from './governance.enums.js';
import { governanceNotFound } from './governance.exception.js';
import { CoOpMember } from './member.entity.js';

/** Where an actor stands in one co-op's governance, read once for a permission check (api/governance/governance.policy.ts). */
export interface GovernanceStanding {
  providerId: string;
  /** An admin, one of the co-op's coordinators, or its secretary: keeps the register, opens motions. */
  isOfficer: boolean;
  /** The actor's own membership in force, if any. */
  ownMembership: CoOpMember | null;
  /** Memberships in force the actor may vote for: their own, and those of people who granted them VOTE. */
  votesFor: readonly CoOpMember[];
}

/**
 * The reads every part of governance starts from: a co-op's constitution, its members, and where an actor
 * stands. Writes belong to the service that owns each record; this only finds them, in the caller's
 * transaction when there is one.
 */
export class GovernanceReader {
  constructor(private readonly uow: UnitOfWork) {}

  constitutionOf(providerId: string): Promise<CoOpConstitution | null> {
    return this.uow.manager.findOneBy(CoOpConstitution, { providerId });
  }

  async requireConstitution(providerId: string, argument = 'providerId'): Promise<CoOpConstitution> {
    const constitution = await this.constitutionOf(providerId);
    if (!constitution) throw governanceNotFound('That co-op has not set out its constitution in coopcare.', argument);
    return constitution;
  }

  member(memberId: string): Promise<CoOpMember | null> {
    return this.uow.manager.findOneBy(CoOpMember, { id: memberId });
  }

  async requireMember(memberId: string, argument = 'memberId'): Promise<CoOpMember> {
    const member = await this.member(memberId);
    if (!member) throw governanceNotFound('No member of a co-op has that id.', argument);
    return member;
  }

  /** The co-op's secretary in force, if it has one. */
  secretaryOf(providerId: string): Promise<CoOpMember | null> {
    return this.uow.manager.findOneBy(CoOpMember, { providerId, office: MemberOffice.SECRETARY, leftAt: IsNull() });
  }

  /**
   * Where the actor stands in the co-op: one statement for a signed-in person (their own membership, those
   * of people who granted them VOTE, and the secretary), none for anyone else.
   */
  async standing(actor: Actor, providerId: string): Promise<GovernanceStanding> {
    const staffOrAdmin = isAdmin(actor) || isCoordinatorOf(actor, providerId);
    if (actor.kind !== 'person') return { providerId, isOfficer: false, ownMembership: null, votesFor: [] };
    const voteFor = [...actor.representing].filter(([, rights]) => rights.has(RepresentativeRight.VOTE)).map(([personId]) => personId);
    const rows = await this.uow.manager
      .createQueryBuilder(CoOpMember, 'm')
      .where('m.provider_id = :providerId AND m.left_at IS NULL', { providerId })
      .andWhere('(m.person_id = :personId OR m.person_id = ANY(CAST(:voteFor AS uuid[])))', { personId: actor.personId, voteFor })
      .getMany();
    const ownMembership = rows.find((m) => m.personId === actor.personId) ?? null;
    return {
      providerId,
      isOfficer: staffOrAdmin || ownMembership?.office === MemberOffice.SECRETARY,
      ownMembership,
      votesFor: rows,
    };
  }
}

import { RepresentativeRight } from '../auth/auth.enums.js';
import type { CarePlan } from './care-plan.entity.js';
import type { CircleMemberRow } from './care-plan-records.entity.js';
import { CarePlanRole, CircleMemberKind, CircleMemberStatus, roleAtLeast } from './careplans.enums.js';
import type { CircleMember } from './careplans.types.js';

/**
 * A plan's whole circle: the person, their representatives holding EDIT_PLAN (OWNER) or VIEW_PLAN (VIEW),
 * then the invited rows (pending and active) in the order invited. `names` gives account names by person
 * id; invitees' addresses only for an OWNER viewer.
 */
export function circleOf(
  plan: CarePlan,
  grants: readonly { representativeId: string | null; right: RepresentativeRight }[],
  rows: readonly CircleMemberRow[],
  names: (personId: string) => string | null,
  viewerIsOwner: boolean,
): CircleMember[] {
  const derived = (personId: string, kind: CircleMemberKind, role: CarePlanRole): CircleMember => ({
    // Their person id: never an invitation's id, so removing or re-roling them is refused for what it is (CircleService.member).
    id: personId,
    name: names(personId) ?? '',
    role,
    kind,
    status: CircleMemberStatus.ACTIVE,
    isLeadCoordinator: false,
    invitedEmail: null,
    joinedAt: null,
    personId,
  });
  const representatives = new Map<string, CarePlanRole>();
  for (const g of grants) {
    if (!g.representativeId) continue;
    const role =
      g.right === RepresentativeRight.EDIT_PLAN ? CarePlanRole.OWNER : g.right === RepresentativeRight.VIEW_PLAN ? CarePlanRole.VIEW : null;
    if (role && !roleAtLeast(representatives.get(g.representativeId) ?? null, role)) representatives.set(g.representativeId, role);
  }
  return [
    derived(plan.personId, CircleMemberKind.PERSON, CarePlanRole.OWNER),
    ...[...representatives].map(([id, role]) => derived(id, CircleMemberKind.REPRESENTATIVE, role)),
    ...rows.map((row) => ({
      id: row.id,
      name: (row.personId && names(row.personId)) || row.invitedName,
      role: row.role,
      kind: CircleMemberKind.MEMBER,
      status: row.personId ? CircleMemberStatus.ACTIVE : CircleMemberStatus.PENDING,
      isLeadCoordinator: row.personId !== null && row.personId === plan.leadCoordinatorId,
      invitedEmail: viewerIsOwner ? row.invitedEmail : null,
      joinedAt: row.acceptedAt,
      personId: row.personId,
    })),
  ];
}

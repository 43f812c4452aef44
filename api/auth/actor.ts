import { forbidden, signInRequired } from './auth.exception.js';
import type { LiveWidgetSession } from './credentials.js';
import { ApiKeyScope, RepresentativeRight, RIGHT_OF_PURPOSE, Role, StaffRole } from './auth.enums.js';

export interface StaffTie {
  role: StaffRole;
  providerId: string | null;
  councilId: string | null;
}

/** Who is making a request, resolved once per request from its credentials (api/auth/http-auth.ts). */
export type Actor =
  | { kind: 'anonymous' }
  | {
      kind: 'person';
      personId: string;
      sessionId: string;
      isAdmin: boolean;
      staff: readonly StaffTie[];
      /** Rights others granted this person: represented person id → rights. */
      representing: ReadonlyMap<string, ReadonlySet<RepresentativeRight>>;
    }
  | { kind: 'partner'; apiKeyId: string; councilId: string; scopes: readonly ApiKeyScope[]; allowedOrigins: readonly string[] }
  | ({ kind: 'widget' } & LiveWidgetSession);

export type PersonActor = Extract<Actor, { kind: 'person' }>;

export const ANONYMOUS: Actor = { kind: 'anonymous' };

/** What a service needs to act and to audit: the actor and the request id. */
export interface Acting {
  actor: Actor;
  requestId: string;
}

// ---- policy helpers: the one vocabulary every domain's per-object checks are written in ----

export function isAdmin(actor: Actor): boolean {
  return actor.kind === 'person' && actor.isAdmin;
}

export function isOfficerOf(actor: Actor, councilId: string | null | undefined): boolean {
  return (
    !!councilId && actor.kind === 'person' && actor.staff.some((s) => s.role === StaffRole.COUNCIL_OFFICER && s.councilId === councilId)
  );
}

export function isCoordinatorOf(actor: Actor, providerId: string | null | undefined): boolean {
  return (
    !!providerId && actor.kind === 'person' && actor.staff.some((s) => s.role === StaffRole.COORDINATOR && s.providerId === providerId)
  );
}

/** Councils the actor is an officer of. */
export function officerCouncilIds(actor: Actor): string[] {
  return actor.kind === 'person' ? actor.staff.filter((s) => s.role === StaffRole.COUNCIL_OFFICER).map((s) => s.councilId!) : [];
}

/**
 * May the actor do, for this person, what `right` covers? The person themselves; a representative the
 * person granted that right; a widget session minted for that person whose purpose covers that right.
 * Not admins or staff: their access to a person's things goes by their own relationship (an officer's
 * council budget, a coordinator's booking), which the owning domain checks.
 */
export function canActForPerson(actor: Actor, personId: string, right: RepresentativeRight): boolean {
  switch (actor.kind) {
    case 'person':
      return actor.personId === personId || (actor.representing.get(personId)?.has(right) ?? false);
    case 'widget':
      return actor.personId === personId && RIGHT_OF_PURPOSE[actor.purpose] === right;
    default:
      return false;
  }
}

/** The person id a signed-in person acts as; UNAUTHENTICATED for anyone else. */
export function requirePerson(actor: Actor): PersonActor {
  if (actor.kind === 'person') return actor;
  if (actor.kind === 'anonymous') throw signInRequired();
  throw forbidden('Only a signed-in person may do this.');
}

/**
 * The person a request acts as, to record who did something: a signed-in person, or the person a widget
 * session acts for; null for partners and anonymous callers.
 */
export function actingPersonId(actor: Actor): string | null {
  return actor.kind === 'person' || actor.kind === 'widget' ? actor.personId : null;
}

/** Throws FORBIDDEN unless `allowed`; a denial says nothing about whether the object exists. */
export function assertAllowed(allowed: boolean, message?: string): void {
  if (!allowed) throw forbidden(message);
}

export function rolesOf(actor: PersonActor): Role[] {
  const roles = new Set<Role>();
  if (actor.isAdmin) roles.add(Role.ADMIN);
  for (const s of actor.staff) {
    roles.add(
      s.role === StaffRole.COUNCIL_OFFICER ? Role.COUNCIL_OFFICER : s.role === StaffRole.COORDINATOR ? Role.COORDINATOR : Role.CARE_WORKER,
    );
  }
  if (actor.representing.size > 0) roles.add(Role.REPRESENTATIVE);
  // Staff and admins are also people, but "person" here means someone whose own care the account is for.
  if (!actor.isAdmin && actor.staff.length === 0) roles.add(Role.PERSON);
  return [...roles];
}

/** Identifies the actor in the audit log: never a token, key or secret. */
export function auditActor(actor: Actor): { actorKind: string; actorPersonId: string | null; actorApiKeyId: string | null } {
  switch (actor.kind) {
    case 'person':
      return { actorKind: actor.isAdmin ? 'admin' : 'person', actorPersonId: actor.personId, actorApiKeyId: null };
    case 'partner':
      return { actorKind: 'partner', actorPersonId: null, actorApiKeyId: actor.apiKeyId };
    case 'widget':
      return { actorKind: 'widget', actorPersonId: actor.personId, actorApiKeyId: actor.apiKeyId };
    default:
      return { actorKind: 'anonymous', actorPersonId: null, actorApiKeyId: null };
  }
}

/** The actor of a signed-in session, from the person's ties. */
export function toPersonActor(
  personId: string,
  sessionId: string,
  ties: { isAdmin: boolean; staff: readonly StaffTie[]; grants: readonly { personId: string; right: RepresentativeRight }[] },
): PersonActor {
  const representing = new Map<string, Set<RepresentativeRight>>();
  for (const g of ties.grants) {
    const rights = representing.get(g.personId) ?? new Set<RepresentativeRight>();
    rights.add(g.right);
    representing.set(g.personId, rights);
  }
  return {
    kind: 'person',
    personId,
    sessionId,
    isAdmin: ties.isAdmin,
    staff: ties.staff.map((s) => ({ role: s.role, providerId: s.providerId ?? null, councilId: s.councilId ?? null })),
    representing,
  };
}

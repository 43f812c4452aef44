import { type Actor, isAdmin, isCoordinatorOf, isOfficerOf } from '../auth/actor.js';
import type { CrisisAlert } from './alerts.entity.js';

/**
 * Who may keep a person's emergency contacts: the person, or a representative holding any of their
 * rights (choosing who is told in a crisis is part of looking after someone, whatever the right).
 */
export function mayKeepContactsOf(actor: Actor, personId: string): boolean {
  return actor.kind === 'person' && (actor.personId === personId || (actor.representing.get(personId)?.size ?? 0) > 0);
}

/** Who may read them: those who keep them, and the person's council (its duty team calls them in a crisis). */
export function mayReadContactsOf(actor: Actor, person: { id: string; councilId: string | null }): boolean {
  return mayKeepContactsOf(actor, person.id) || isOfficerOf(actor, person.councilId) || isAdmin(actor);
}

/**
 * Who may read an alert (and so acknowledge it): the person and their representatives, whoever raised it,
 * the coordinators of the providers that were told, the officers of the person's council, an admin, and
 * the person's emergency contacts who have an account under the address the person gave (they are told
 * at once, and asked to take it up). `isEmergencyContact` costs statements, so it is asked last.
 */
export async function mayReadAlert(actor: Actor, alert: CrisisAlert, isEmergencyContact: () => Promise<boolean>): Promise<boolean> {
  if (actor.kind !== 'person') return false;
  return (
    mayKeepContactsOf(actor, alert.personId) ||
    actor.personId === alert.raisedById ||
    alert.notifiedProviderIds.some((p) => isCoordinatorOf(actor, p)) ||
    isOfficerOf(actor, alert.councilId) ||
    actor.isAdmin ||
    (await isEmergencyContact())
  );
}

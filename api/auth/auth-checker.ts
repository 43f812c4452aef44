import type { AuthChecker } from 'type-graphql';
import { forbidden, signInRequired } from './auth.exception.js';
import type { Context } from '../context.js';
import { StaffRole } from './auth.enums.js';
import type { Actor } from './actor.js';

/**
 * The coarse gate named on each protected field with `@Authorized(...)`; per-object rules (this provider,
 * this person's budget) live in the owning domain's service, written with the helpers in actor.ts.
 *
 * - `@Authorized()`: any signed-in person.
 * - `@Authorized('ADMIN' | 'COUNCIL_OFFICER' | 'COORDINATOR' | 'CARE_WORKER', …)`: a person holding one of
 *   those roles; an admin passes every such gate (admins may do everything, and it is audited).
 * - `'PARTNER'`: a partner API key; `'WIDGET'`: a widget session; `'PERSON'`: a signed-in person.
 */
export type Gate = 'ADMIN' | 'COUNCIL_OFFICER' | 'COORDINATOR' | 'CARE_WORKER' | 'PERSON' | 'PARTNER' | 'WIDGET';

export function passesGate(actor: Actor, gates: readonly string[]): boolean {
  if (actor.kind === 'anonymous') return false;
  if (gates.length === 0) return actor.kind === 'person';
  return gates.some((gate) => {
    switch (gate) {
      case 'PARTNER':
        return actor.kind === 'partner';
      case 'WIDGET':
        return actor.kind === 'widget';
      case 'PERSON':
        return actor.kind === 'person';
      case 'ADMIN':
        return actor.kind === 'person' && actor.isAdmin;
      case 'COUNCIL_OFFICER':
      case 'COORDINATOR':
      case 'CARE_WORKER':
        return actor.kind === 'person' && (actor.isAdmin || actor.staff.some((s) => s.role === (gate as StaffRole)));
      default:
        return false;
    }
  });
}

/** Throws rather than returning false, so denials carry our codes: UNAUTHENTICATED with no credential, else FORBIDDEN. */
export const authChecker: AuthChecker<Context> = ({ context }, gates) => {
  if (context.actor.kind === 'anonymous') throw signInRequired();
  if (!passesGate(context.actor, gates)) throw forbidden();
  return true;
};

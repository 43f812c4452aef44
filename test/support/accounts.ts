import type { EntityManager } from 'typeorm';
import { ApiKeyScope, RepresentativeRight, StaffRole } from '../../api/auth/auth.enums.js';
import { Person } from '../../api/accounts/person.entity.js';
import type { AppServices } from '../../api/modules.js';
import type { TestApp } from '../harness.js';

/**
 * Accounts set-up that has no public API (people with passwords, staff ties, accepted grants, partner
 * keys, consents). The one place tests reach into the accounts services for it: when they change,
 * only this file does.
 */

type HasServices = Pick<AppServices, 'people' | 'partners'>;
type Right = keyof typeof RepresentativeRight;
type Scope = keyof typeof ApiKeyScope;

/** A person with a password (argon2-hashed: slow, so seed people in a template where you can). */
export async function addPerson(
  services: HasServices,
  input: { email: string; name: string; councilId?: string | null; password: string },
): Promise<string> {
  const person = await services.people.ensurePerson({ email: input.email, name: input.name, councilId: input.councilId ?? null });
  await services.people.setPassword(person.id, input.password);
  return person.id;
}

export async function makeAdmin(em: EntityManager, personId: string): Promise<void> {
  await em.update(Person, { id: personId }, { isAdmin: true });
}

/** Ties a person to a provider (coordinator, care worker) or a council (officer). */
export async function addStaff(
  services: HasServices,
  personId: string,
  tie: { role: keyof typeof StaffRole; providerId?: string; councilId?: string },
): Promise<void> {
  await services.people.addStaffMembership(personId, {
    role: StaffRole[tie.role],
    providerId: tie.providerId ?? null,
    councilId: tie.councilId ?? null,
  });
}

/** A representative right, granted by the person and already accepted. */
export async function grantAccepted(em: EntityManager, personId: string, representativeId: string, right: Right): Promise<void> {
  await em.query(
    `INSERT INTO representative_grant (person_id, representative_id, "right", granted_by_id, accepted_at) VALUES ($1, $2, $3, $1, now())`,
    [personId, representativeId, right],
  );
}

/** A pending invitation, as `grantRepresentativeRights` leaves one (idempotent while pending). */
export async function invite(t: TestApp, personId: string, email: string, right: Right): Promise<void> {
  await t.db.query(
    `INSERT INTO representative_grant (person_id, invited_email, invited_name, "right", granted_by_id) VALUES ($1, $2, 'Invited', $3, $1)
     ON CONFLICT (person_id, invited_email, "right") WHERE revoked_at IS NULL AND representative_id IS NULL DO NOTHING`,
    [personId, email, right],
  );
}

/** A partner key with a known secret; returns its id. */
export async function insertApiKey(
  services: HasServices,
  key: {
    secret: string;
    councilId: string;
    scopes: Scope[];
    allowedOrigins?: string[];
    createdById?: string | null;
    name?: string;
    organisationName?: string;
  },
): Promise<string> {
  const row = await services.partners.insertApiKey(
    {
      name: key.name ?? 'test',
      organisationName: key.organisationName ?? 'Org',
      councilId: key.councilId,
      scopes: key.scopes.map((s) => ApiKeyScope[s]),
      allowedOrigins: key.allowedOrigins ?? [],
      createdById: key.createdById ?? null,
    },
    key.secret,
  );
  return row.id;
}

/** A partner key of the test app's database. */
export function addApiKey(t: TestApp, key: Parameters<typeof insertApiKey>[1]): Promise<string> {
  return insertApiKey(t.services, key);
}

/** A person's consent to a partner key (idempotent while in force). */
export async function giveConsent(db: Pick<EntityManager, 'query'>, personId: string, apiKeyId: string): Promise<void> {
  await db.query(
    `INSERT INTO widget_consent (person_id, api_key_id, given_by_id) VALUES ($1, $2, $1)
      ON CONFLICT (person_id, api_key_id) WHERE revoked_at IS NULL DO NOTHING`,
    [personId, apiKeyId],
  );
}

/** A coordinator of the provider, signed up with the password. */
export async function addCoordinator(
  t: TestApp,
  input: { email: string; name: string; password: string; providerId: string },
): Promise<string> {
  return t.services.uow.transaction(async () => {
    const id = await addPerson(t.services, input);
    await addStaff(t.services, id, { role: 'COORDINATOR', providerId: input.providerId });
    return id;
  });
}

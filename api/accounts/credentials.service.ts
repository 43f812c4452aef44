import { IsNull } from 'typeorm';
import type { WidgetPurpose } from '../auth/auth.enums.js';
import type { ActorTies, CredentialStore, LivePartnerKey, LiveWidgetSession, SignInAccount } from '../auth/credentials.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { ApiKey } from './api-key.entity.js';
import { Person } from './person.entity.js';

/** What authentication reads of accounts (api/auth/credentials.ts), from accounts' own tables. */
export class AccountCredentials implements CredentialStore {
  constructor(private readonly uow: UnitOfWork) {}

  async accountForSignIn(email: string): Promise<SignInAccount | null> {
    const person = await this.uow.manager.findOne(Person, { where: { email }, select: { id: true, councilId: true, passwordHash: true } });
    return person && { id: person.id, councilId: person.councilId, passwordHash: person.passwordHash };
  }

  /** One statement: the person's admin flag, staff ties and the rights granted to them. */
  async actorTies(personId: string): Promise<ActorTies | null> {
    const rows: ActorTies[] = await this.uow.manager.query(
      `SELECT p.is_admin AS "isAdmin",
              COALESCE((SELECT json_agg(json_build_object('role', m.role, 'providerId', m.provider_id, 'councilId', m.council_id))
                          FROM staff_membership m WHERE m.person_id = p.id), '[]') AS staff,
              COALESCE((SELECT json_agg(json_build_object('personId', g.person_id, 'right', g.right))
                          FROM representative_grant g WHERE g.representative_id = p.id AND g.revoked_at IS NULL), '[]') AS grants
         FROM person p WHERE p.id = $1`,
      [personId],
    );
    return rows[0] ?? null;
  }

  async partnerKey(secretHash: string): Promise<LivePartnerKey | null> {
    const key = await this.uow.manager.findOneBy(ApiKey, { secretHash, revokedAt: IsNull() });
    return key && { apiKeyId: key.id, councilId: key.councilId, scopes: key.scopes, allowedOrigins: key.allowedOrigins };
  }

  async widgetSession(widgetSessionId: string, personId: string): Promise<LiveWidgetSession | null> {
    // The consent must predate the session: a session ended by withdrawing consent stays ended when consent is given again.
    const rows: { id: string; api_key_id: string; person_id: string; purpose: WidgetPurpose; origin: string; expires_at: Date }[] =
      await this.uow.manager.query(
        `SELECT w.id, w.api_key_id, w.person_id, w.purpose, w.origin, w.expires_at
         FROM widget_session w JOIN api_key k ON k.id = w.api_key_id
        WHERE w.id = $1 AND w.person_id = $2 AND k.revoked_at IS NULL AND w.expires_at > now()
          AND EXISTS (SELECT 1 FROM widget_consent c WHERE c.person_id = w.person_id AND c.api_key_id = w.api_key_id
                                                 AND c.revoked_at IS NULL AND c.given_at <= w.created_at)`,
        [widgetSessionId, personId],
      );
    const row = rows[0];
    return row
      ? {
          widgetSessionId: row.id,
          apiKeyId: row.api_key_id,
          personId: row.person_id,
          purpose: row.purpose,
          origin: row.origin,
          expiresAt: row.expires_at,
        }
      : null;
  }
}

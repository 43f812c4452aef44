import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An officer (or admin) acting for a person may not act for themself: no representative rights to their
 * own account or email, no consent to a partner key they issued. Such rights and consents already in the
 * database were taken by one person alone, so they are revoked, each person's with one audit event by
 * the system. A grant the person or another officer made, and a consent the person gave, stay.
 */
export class RightsOfficersGaveThemselvesRevoked1765000500000 implements MigrationInterface {
  name = 'RightsOfficersGaveThemselvesRevoked1765000500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`WITH revoked AS (
        UPDATE representative_grant g SET revoked_at = now(), revoke_reason = 'Given to themself by the officer acting for the person.'
          FROM person granter
         WHERE granter.id = g.granted_by_id AND g.granted_by_id <> g.person_id AND g.revoked_at IS NULL
           AND (g.representative_id = g.granted_by_id OR (g.representative_id IS NULL AND g.invited_email = granter.email))
        RETURNING g.person_id, g.representative_id, g.granted_by_id, g."right")
      INSERT INTO audit_event (actor_kind, action, object_type, object_id, council_ids, summary)
      SELECT 'system', 'representative.revoke', 'Person', r.person_id::text, array_remove(ARRAY[p.council_id], NULL),
             jsonb_build_object('representativeId', r.granted_by_id, 'rights', jsonb_agg(r."right" ORDER BY r."right"),
                                'givenToThemselfActingForThePerson', true)
        FROM revoked r JOIN person p ON p.id = r.person_id
       GROUP BY r.person_id, r.granted_by_id, p.council_id`);
    await q.query(`WITH revoked AS (
        UPDATE widget_consent c SET revoked_at = now(), revoke_reason = 'Given by the officer who issued the partner key.'
          FROM api_key k
         WHERE k.id = c.api_key_id AND c.given_by_id = k.created_by_id AND c.given_by_id <> c.person_id AND c.revoked_at IS NULL
        RETURNING c.person_id, c.api_key_id)
      INSERT INTO audit_event (actor_kind, action, object_type, object_id, council_ids, summary)
      SELECT 'system', 'widgetConsent.revoke', 'Person', r.person_id::text, array_remove(ARRAY[p.council_id], NULL),
             jsonb_build_object('apiKeyId', r.api_key_id, 'givenByTheKeysIssuer', true)
        FROM revoked r JOIN person p ON p.id = r.person_id`);
  }

  public async down(): Promise<void> {
    // Rights one person took alone are not given back.
  }
}

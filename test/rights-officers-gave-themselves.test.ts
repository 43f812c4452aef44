import { expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { auditCount, code, createWidgetSession } from './support/graphql.js';
import { PARTNER_ORIGIN, SECOND_PARTNER_KEY, useWorld } from './support/world.js';

/**
 * Before an officer acting for a person was kept from acting for themself, one could make themself the
 * person's representative and accept, or consent for the person to a partner key they issued. Rights
 * so taken are revoked on upgrade, and audited; what the person or others gave stays.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const MIGRATION = 'RightsOfficersGaveThemselvesRevoked1765000500000';

test('on upgrade an officer loses the representative rights and partner consents they gave themself acting for a person', async () => {
  const { officer, assessed, person } = w.ids;
  const applied = async () => (await t.db.query(`SELECT 1 FROM typeorm_migrations WHERE name = $1`, [MIGRATION])).length > 0;
  while (await applied()) await t.db.undoLastMigration({ transaction: 'each' });
  // What the pen test did: lack of capacity recorded, rights invited to the officer's own email and accepted.
  await t.db.query(`UPDATE person SET lacks_capacity = true WHERE id = $1`, [assessed]);
  for (const right of ['BOOK', 'VIEW_BUDGET']) {
    await t.db.query(
      `INSERT INTO representative_grant (person_id, representative_id, invited_email, invited_name, "right", granted_by_id,
         grant_reason, accepted_at) VALUES ($1, $2, $3, 'Me', $4, $2, 'acting for them', now())`,
      [assessed, officer, w.emails.officer, right],
    );
  }
  await t.db.query(`UPDATE api_key SET created_by_id = $1 WHERE id = $2`, [officer, w.apiKeyIds.second]);
  await t.db.query(`INSERT INTO widget_consent (person_id, api_key_id, given_by_id, reason) VALUES ($1, $2, $3, 'acting for them')`, [
    assessed,
    w.apiKeyIds.second,
    officer,
  ]);
  const mint = () => createWidgetSession(t, { personId: assessed, purpose: 'BOOKING', origin: PARTNER_ORIGIN }, SECOND_PARTNER_KEY);
  expect((await mint()).errors).toBeUndefined();

  await t.db.runMigrations({ transaction: 'each' });

  const representing = async (role: 'officer' | 'representativeAll') =>
    (
      await t.gql<{ me: { representing: { personId: string; right: string }[] } }, unknown>(
        `{ me { representing { personId right } } }`,
        {},
        w.headers(role),
      )
    ).data?.me.representing;
  expect(await representing('officer')).toEqual([]);
  expect((await representing('representativeAll'))?.filter((g) => g.personId === person)).toHaveLength(4);
  expect(code(await mint())).toBe('FORBIDDEN');
  expect(await auditCount(t, 'representative.revoke', assessed)).toBe(1);
  expect(await auditCount(t, 'widgetConsent.revoke', assessed)).toBe(1);
});

import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { code } from './support/graphql.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * Why an officer suspended a listing is free text that may name someone ("safeguarding concern about
 * client Arthur"): it is kept with the listing's status history, which only officers of the councils the
 * provider serves and admins read, and never written to the audit trail, which records only that a
 * reason was given.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const REASON = 'Safeguarding concern about client Arthur Beaumont';
const SUSPEND = `mutation($id: ID!, $r: String) { suspendProvider(id: $id, reason: $r) { status } }`;
type Change = { from: string; to: string; reason: string | null; changedById: string | null };
const statusChanges = async (role: RoleName) =>
  (
    await t.gql<{ provider: { statusChanges: Change[] | null } | null }, unknown>(
      `query($id: ID!) { provider(id: $id) { statusChanges { from to reason changedById } } }`,
      { id: w.providerA },
      w.headers(role),
    )
  ).data!.provider?.statusChanges;

describe('the reason for suspending a listing', () => {
  test('is kept with the listing, not in the audit trail, which says only that one was given', async () => {
    const suspended = await t.gql(SUSPEND, { id: w.providerA, r: `  ${REASON} ` }, w.headers('officer'));
    expect(suspended.errors).toBeUndefined();
    expect(
      (await t.gql(`mutation($id: ID!) { publishProvider(id: $id) { status } }`, { id: w.providerA }, w.headers('officer'))).errors,
    ).toBeUndefined();

    const trail = JSON.stringify(await t.db.query(`SELECT * FROM audit_event`));
    expect(trail).not.toContain('Arthur');
    expect(trail).not.toContain('Safeguarding');
    const [event] = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'provider.suspend' AND object_id = $1`, [w.providerA]);
    expect(event.summary).toEqual({ from: 'PUBLISHED', to: 'SUSPENDED', reasonGiven: true, statusChangeId: expect.any(String) });
    const [publish] = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'provider.publish' AND object_id = $1`, [
      w.providerA,
    ]);
    expect(publish.summary).toMatchObject({ from: 'SUSPENDED', to: 'PUBLISHED', reasonGiven: false });
  });

  test('is read by officers of a council the provider serves and admins; anyone else sees no history', async () => {
    const history = [
      { from: 'SUSPENDED', to: 'PUBLISHED', reason: null, changedById: w.ids.officer },
      { from: 'PUBLISHED', to: 'SUSPENDED', reason: REASON, changedById: w.ids.officer },
    ];
    expect(await statusChanges('officer')).toEqual(history);
    expect(await statusChanges('admin')).toEqual(history);
    for (const role of ['public', 'person', 'coordinator', 'careWorker', 'otherOfficer', 'partner'] as const) {
      expect(await statusChanges(role), role).toBeNull();
    }
  });

  test('a reason too long to keep is refused and nothing changes', async () => {
    const before = await t.db.query(`SELECT count(*)::int AS n FROM audit_event`);
    const res = await t.gql(SUSPEND, { id: w.providerA, r: 'x'.repeat(1001) }, w.headers('officer'));
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.extensions).toMatchObject({ argument: 'reason' });
    expect((await t.db.query(`SELECT status FROM provider WHERE id = $1`, [w.providerA]))[0].status).toBe('PUBLISHED');
    expect(await t.db.query(`SELECT count(*)::int AS n FROM audit_event`)).toEqual(before);
  });
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { Acting } from '../api/auth/actor.js';
import { buildProvider } from '../api/directory/fixtures/builders.js';
import { seedGazetteer } from '../api/geo/gazetteer.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedGazetteer(t.db);
});
afterAll(() => t.close());

const admin = (requestId: string): Acting => ({
  requestId,
  actor: {
    kind: 'person',
    personId: '00000000-0000-4000-8000-000000000001',
    sessionId: 's',
    isAdmin: true,
    staff: [],
    representing: new Map(),
  },
});

async function auditRowsOf(requestId: string): Promise<number> {
  const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM audit_event WHERE request_id = $1', [requestId]);
  return n;
}

describe('one unit of work across domains', () => {
  test('a failure in a later step rolls back the earlier steps of every domain, audit included', async () => {
    const provider = await buildProvider(t.services);
    const acting = admin('uow-rollback');
    const failure = new Error('the third step failed');
    await expect(
      t.services.uow.transaction(async () => {
        await t.services.people.ensurePerson({ email: 'rolled-back@test.example', name: 'Rolled Back' });
        await t.services.curation.updateProvider(acting, provider.id, { summary: 'Changed, then rolled back.' });
        throw failure;
      }),
    ).rejects.toBe(failure);

    const people: unknown[] = await t.db.query(`SELECT 1 FROM person WHERE email = 'rolled-back@test.example'`);
    expect(people).toEqual([]);
    const [{ summary }] = await t.db.query('SELECT summary FROM provider WHERE id = $1', [provider.id]);
    expect(summary).toBe(provider.summary);
    expect(await auditRowsOf('uow-rollback')).toBe(0);
  });

  test('the same steps commit together when nothing fails', async () => {
    const provider = await buildProvider(t.services);
    await t.services.uow.transaction(async () => {
      await t.services.people.ensurePerson({ email: 'committed@test.example', name: 'Committed' });
      await t.services.curation.updateProvider(admin('uow-commit'), provider.id, { summary: 'Changed and kept.' });
    });
    const people: unknown[] = await t.db.query(`SELECT 1 FROM person WHERE email = 'committed@test.example'`);
    expect(people).toHaveLength(1);
    const [{ summary }] = await t.db.query('SELECT summary FROM provider WHERE id = $1', [provider.id]);
    expect(summary).toBe('Changed and kept.');
    expect(await auditRowsOf('uow-commit')).toBe(1);
  });

  test('concurrent units of work do not share a transaction', async () => {
    const failing = t.services.uow.transaction(async () => {
      await t.services.people.ensurePerson({ email: 'first@test.example', name: 'First' });
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('only the first fails');
    });
    const succeeding = t.services.uow.transaction(() => t.services.people.ensurePerson({ email: 'second@test.example', name: 'Second' }));
    await expect(failing).rejects.toThrow('only the first fails');
    await succeeding;
    const emails: { email: string }[] = await t.db.query(
      `SELECT email FROM person WHERE email IN ('first@test.example', 'second@test.example')`,
    );
    expect(emails.map((r) => r.email)).toEqual(['second@test.example']);
  });

  test('what a refusal must leave behind commits on its own, even inside a unit of work that rolls back', async () => {
    const person = await t.services.people.ensurePerson({ email: 'refused@test.example', name: 'Refused' });
    await t.services.people.setPassword(person.id, 'the right password');
    const acting = { ...admin('uow-refusal'), actor: { kind: 'anonymous' as const }, clientAddress: '192.0.2.77' };
    const attempts = async () =>
      (await t.db.query(`SELECT coalesce(sum(points), 0)::int AS n FROM rate_limit WHERE key LIKE 'sign-in%'`))[0].n as number;

    const before = await attempts();
    await expect(
      t.services.uow.transaction(() => t.services.sessions.login(acting, 'refused@test.example', 'a wrong guess')),
    ).rejects.toMatchObject({
      code: 'WRONG_CREDENTIALS',
    });
    expect(await attempts()).toBeGreaterThan(before);
    const failed: unknown[] = await t.db.query(`SELECT 1 FROM audit_event WHERE action = 'session.loginFailed' AND object_id = $1`, [
      person.id,
    ]);
    expect(failed).toHaveLength(1);

    const first = await t.services.sessions.login(acting, 'refused@test.example', 'the right password');
    await t.services.sessions.refresh(acting, first.refreshToken);
    await expect(t.services.uow.transaction(() => t.services.sessions.refresh(acting, first.refreshToken))).rejects.toMatchObject({
      code: 'REFRESH_TOKEN_INVALID',
    });
    const [session] = await t.db.query('SELECT revoked_at FROM account_session WHERE id = $1', [first.actor.sessionId]);
    expect(session.revoked_at).not.toBeNull();
  });
});

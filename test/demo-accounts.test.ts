import { expect, inject, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { createWidgetSession, login } from './support/graphql.js';
import { DEMO_ACCOUNTS, DEMO_PARTNER_KEY, DEMO_PASSWORD } from './support/demo.js';
import { seedDemo } from './support/seed.js';

/** The demo `npm start` seeds: accounts that sign in with the README's password and hold their roles, a partner key that works. */
const t = useTestApp({ seeded: true });

test('the demo accounts sign in with the demo password and hold their roles; the start-up summary names them', async () => {
  const roles = async (email: string) =>
    (
      await t.gql<{ login: { viewer: { roles: string[] } } }, unknown>(
        `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { viewer { roles } } }`,
        { e: email, p: DEMO_PASSWORD },
      )
    ).data?.login.viewer.roles.sort();
  expect(await roles(DEMO_ACCOUNTS.officer.email)).toEqual(['COUNCIL_OFFICER']);
  expect(await roles(DEMO_ACCOUNTS.officer2.email)).toEqual(['COUNCIL_OFFICER']);
  expect(await roles(DEMO_ACCOUNTS.margaret.email)).toEqual(['PERSON']);
  expect(await roles(DEMO_ACCOUNTS.david.email)).toEqual(['PERSON', 'REPRESENTATIVE']);
  expect(await roles(DEMO_ACCOUNTS.coordinator.email)).toEqual(['COORDINATOR']);
  expect(await roles(DEMO_ACCOUNTS.worker.email)).toEqual(['CARE_WORKER']);
  expect(await roles(DEMO_ACCOUNTS.admin.email)).toEqual(['ADMIN']);
  // A time-bank volunteer holds no staff role: her membership is the time bank's, not a role.
  expect(await roles(DEMO_ACCOUNTS.volunteer.email)).toEqual(['PERSON']);
  // What the first seeding printed (into the template), as `npm start` shows it.
  expect(inject('demoSummary')).toContain(DEMO_ACCOUNTS.margaret.email);
  expect(inject('demoSummary')).toContain(DEMO_PARTNER_KEY);
  // Seeding again (as every `npm start` does) adds nothing.
  const count = async () =>
    (await t.db.query(`SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM representative_grant) AS n`))[0].n;
  const before = await count();
  await seedDemo(t.services);
  expect(await count()).toBe(before);
});

test('the demo partner key mints widget sessions for Margaret', async () => {
  const margaret = (
    await t.gql<{ me: { id: string } }, unknown>(`{ me { id } }`, undefined, {
      authorization: `Bearer ${(await login(t, DEMO_ACCOUNTS.margaret.email, DEMO_PASSWORD)).data!.login.token}`,
    })
  ).data!.me.id;
  const res = await createWidgetSession(
    t,
    { personId: margaret, purpose: 'BUDGET_VIEW', origin: 'http://localhost:4000' },
    DEMO_PARTNER_KEY,
  );
  expect(res.data?.createWidgetSession.purpose).toBe('BUDGET_VIEW');
});

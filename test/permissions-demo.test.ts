import { afterAll, beforeAll, expect, test } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PARTNER_KEY, DEMO_PASSWORD } from '../api/accounts/seed.js';
import { seedDemoData } from '../api/demo/seed.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
let summary: string;
beforeAll(async () => {
  t = await startTestApp();
  summary = (await seedDemoData(t.services)).summary;
});
afterAll(async () => t?.close());

const login = (email: string) =>
  t.gql<{ login: { token: string; viewer: { roles: string[] } } }, unknown>(
    `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token viewer { roles } } }`,
    { e: email, p: DEMO_PASSWORD },
  );

test('the demo accounts sign in with the demo password and hold their roles', async () => {
  const roles = async (email: string) => (await login(email)).data?.login.viewer.roles.sort();
  expect(await roles(DEMO_ACCOUNTS.officer.email)).toEqual(['COUNCIL_OFFICER']);
  expect(await roles(DEMO_ACCOUNTS.margaret.email)).toEqual(['PERSON']);
  expect(await roles(DEMO_ACCOUNTS.david.email)).toEqual(['PERSON', 'REPRESENTATIVE']);
  expect(await roles(DEMO_ACCOUNTS.coordinator.email)).toEqual(['COORDINATOR']);
  expect(await roles(DEMO_ACCOUNTS.worker.email)).toEqual(['CARE_WORKER']);
  expect(await roles(DEMO_ACCOUNTS.admin.email)).toEqual(['ADMIN']);
  expect(summary).toContain(DEMO_ACCOUNTS.margaret.email);
  expect(summary).toContain(DEMO_PARTNER_KEY);
});

test('the demo partner key mints widget sessions for Margaret, and seeding twice adds nothing', async () => {
  const margaret = (await t.db.query(`SELECT id FROM person WHERE email = $1`, [DEMO_ACCOUNTS.margaret.email]))[0].id;
  const res = await t.gql(
    `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { purpose } }`,
    { i: { personId: margaret, purpose: 'BUDGET_VIEW', origin: 'http://localhost:4000' } },
    { 'x-api-key': DEMO_PARTNER_KEY },
  );
  expect(res.data).toEqual({ createWidgetSession: { purpose: 'BUDGET_VIEW' } });
  const count = async () => (await t.db.query(`SELECT (SELECT count(*) FROM person) + (SELECT count(*) FROM representative_grant) AS n`))[0].n;
  const before = await count();
  await seedDemoData(t.services);
  expect(await count()).toBe(before);
});

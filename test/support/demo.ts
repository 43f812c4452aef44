import { inject } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PARTNER_KEY, DEMO_PASSWORD } from '../../api/accounts/seed.js';
import type { TestApp } from '../harness.js';
import { signedIn } from './graphql.js';

/**
 * The Kirklees demo as the seeded template holds it (`startTestApp({ seeded: true })`): its accounts,
 * password and partner key (from api/accounts/seed.ts), and its providers' ids.
 */
export { DEMO_ACCOUNTS, DEMO_PARTNER_KEY, DEMO_PASSWORD };
export type DemoAccount = keyof typeof DEMO_ACCOUNTS;

/** A demo provider's id by slug, published or not. */
export function demoProviderId(slug: string): string {
  const id = inject('demoProviders')[slug];
  if (!id) throw new Error(`no demo provider ${slug}`);
  return id;
}

/** Signs a demo account in; the headers of its session. */
export function demoSignIn(t: TestApp, account: DemoAccount): Promise<Record<string, string>> {
  return signedIn(t, DEMO_ACCOUNTS[account].email, DEMO_PASSWORD);
}

/** The provider the demo coordinator works for (Colne Valley), as `me.staffOf` tells them. */
export async function coordinatorProvider(t: TestApp, coordinator: Record<string, string>): Promise<string> {
  const res = await t.gql<{ me: { staffOf: { role: string; providerId: string | null }[] } }, unknown>(
    `{ me { staffOf { role providerId } } }`,
    undefined,
    coordinator,
  );
  const tie = res.data?.me.staffOf.find((s) => s.role === 'COORDINATOR' && s.providerId);
  if (!tie) throw new Error(`not a coordinator: ${JSON.stringify(res)}`);
  return tie.providerId!;
}

/** A published provider's active services in name order, read publicly. */
export async function publicServices(t: TestApp, providerId: string): Promise<{ id: string; name: string }[]> {
  const res = await t.gql<{ provider: { services: { id: string; name: string }[] } | null }, unknown>(
    `query($id: ID) { provider(id: $id) { services { id name } } }`,
    { id: providerId },
  );
  if (!res.data?.provider) throw new Error(`provider ${providerId} is not public: ${JSON.stringify(res)}`);
  return [...res.data.provider.services].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * The demo coordinator's first service (by name) with the fields `upsertService` requires, so a test
 * changes one field and sends the rest as they are.
 */
export async function coordinatorServiceBasics(
  t: TestApp,
  coordinator: Record<string, string>,
): Promise<{ id: string; providerId: string; name: string; hourlyRatePence: number | null; category: string }> {
  const providerId = await coordinatorProvider(t, coordinator);
  const { id } = (await publicServices(t, providerId))[0]!;
  const [s] = await t.db.query(
    `SELECT s.name, s.hourly_rate_pence AS "hourlyRatePence", c.slug AS category
       FROM service s JOIN service_category c ON c.id = s.category_id WHERE s.id = $1`,
    [id],
  );
  return { id, providerId, ...s };
}

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { seedDemoData } from '../api/demo/seed.js';
import { DEMO_ACCOUNTS } from '../api/accounts/seed.js';
import { buildProvider, buildService, listings } from '../api/directory/fixtures/builders.js';
import { startTestApp, type TestApp } from './harness.js';

/**
 * The text search's second chance and any-word fallback (DirectoryService.searchWithAnyWordFallback):
 * a word the index holds only because of a draft or text edited away is corrected like an unknown one,
 * and every list decides whether to fall back on the services that matched, not on its rows.
 */
let t: TestApp;
let colne: string;
let serviceId: string;
beforeAll(async () => {
  t = await startTestApp();
  await seedDemoData(t.services);
  [{ id: colne }] = await t.db.query(
    `SELECT m.provider_id AS id FROM staff_membership m JOIN person p ON p.id = m.person_id WHERE p.email = $1 AND m.role = 'COORDINATOR'`,
    [DEMO_ACCOUNTS.coordinator.email],
  );
  [{ id: serviceId }] = await t.db.query(`SELECT id FROM service WHERE provider_id = $1 AND status = 'ACTIVE' ORDER BY name LIMIT 1`, [colne]);
});
afterAll(async () => t?.close());

const COUNT = `query($text: String!) { services(filter: { text: $text }) { totalCount } }`;
const PROVIDERS = `query($text: String!) { providers(filter: { text: $text }) { totalCount } }`;
async function count(query: string, text: string): Promise<number> {
  const res = await t.gql<any, unknown>(query, { text });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return (res.data.services ?? res.data.providers).totalCount;
}

describe('a misspelling stays corrected after someone types it into a listing', () => {
  test('"gardning" finds the gardening services again after a description used it and was corrected', async () => {
    const before = await count(COUNT, 'gardning');
    expect(before).toBeGreaterThan(0);
    const providersBefore = await count(PROVIDERS, 'gardning');

    await listings(t.services).updateService(serviceId, colne, { description: 'We also do gardning' });
    await listings(t.services).updateService(serviceId, colne, { description: 'We also do gardening' });
    // The index still holds "gardning": the fast query leaves it alone and matches nothing public.
    expect(((await t.db.query(`SELECT directory_query('gardning')::text AS q`)) as { q: string }[])[0].q).toBe("'gardn'");

    // As many as the right spelling finds (one more than before, now the edited description says "gardening").
    const after = await count(COUNT, 'gardening');
    expect(after).toBeGreaterThanOrEqual(before);
    expect(await count(COUNT, 'gardning')).toBe(after);
    expect(await count(PROVIDERS, 'gardning')).toBe(await count(PROVIDERS, 'gardening'));
    expect(providersBefore).toBeGreaterThan(0);
    // And through the any-word step too: the corrected word, not the stale one, is what falls back.
    expect(await count(COUNT, 'gardning quillowisp')).toBe(after);
  });

  test('a search that matches at once never runs the public-word check', async () => {
    t.statements.reset();
    expect(await count(COUNT, 'gardening')).toBeGreaterThan(0);
    expect(t.statements.statements.filter((s) => s.includes('directory_query_public'))).toEqual([]);
  });
});

describe('the any-word fallback is decided on matched services, alike in every list', () => {
  test('a service matching every word whose provider has no locations: no fallback at service_at_locations either', async () => {
    const provider = await buildProvider(t.services, { name: 'Quokka Homecare Co-op', locations: [] });
    const service = await buildService(t.services, provider.id, { name: 'Quokka care visits', description: 'Care at home from the quokka team.' });

    const services = await (await fetch(`${t.url}/oruk/services?search=quokka%20care`)).json();
    expect(services.contents.map((s: { id: string }) => s.id)).toEqual([service.id]);
    expect(await count(COUNT, 'quokka care')).toBe(1);

    const pairs = await (await fetch(`${t.url}/oruk/service_at_locations?search=quokka%20care`)).json();
    expect(pairs.total_items).toBe(0);
    expect(pairs.contents).toEqual([]);
  });
});

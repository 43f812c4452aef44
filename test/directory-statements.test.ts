import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildProvider, buildService, listings } from '../api/directory/fixtures/builders.js';
import { seedGazetteer } from '../api/geo/gazetteer.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;

const CATEGORIES = ['personal-care', 'domestic-help', 'gardening-and-maintenance', 'transport', 'respite', 'day-activities'];

beforeAll(async () => {
  t = await startTestApp();
  await seedGazetteer(t.db);
  const consortium = await listings(t.services).createConsortium({ name: 'Test consortium', slug: 'test-consortium' });
  // 20 providers × 6 services: a page of 100 spans many providers, categories and schedules.
  for (let p = 0; p < 20; p++) {
    const provider = await buildProvider(t.services, {
      name: `Statement Test Co-op ${p}`,
      consortiumId: p % 2 === 0 ? consortium.id : null,
      serviceAreas: [{ outcode: 'HD1' }, { latitude: 53.64, longitude: -1.78, radiusMiles: 5 }],
    });
    for (const [i, category] of CATEGORIES.entries()) {
      await buildService(t.services, provider.id, { category, name: `Service ${p}-${i}`, hourlyRatePence: 2000 + p * 10 + i, areas: i === 0 ? [{ outcode: 'HD2' }] : [] });
    }
  }
});
afterAll(async () => t?.close());

const PAGE = `query Page($first: Int, $filter: ServiceFilter) {
  services(first: $first, filter: $filter) {
    totalCount
    edges { distanceMiles node {
      id name hourlyRatePence
      category { slug name parent { slug } }
      provider { name consortium { name } locations { postcode } memberClasses { memberClass memberCount } boardSeats { seats } parent { name } }
      areasServed { kind outcode radiusMiles }
      openingTimes { dayOfWeek opens closes }
    } }
  }
}`;

async function statementsFor(first: number, filter: Record<string, unknown> = {}) {
  t.statements.reset();
  const res = await t.gql<{ services: { edges: unknown[] } }, Record<string, unknown>>(PAGE, { first, filter });
  expect(res.errors).toBeUndefined();
  return { count: t.statements.count, rows: res.data!.services.edges.length };
}

test('a page of 100 services with their relations costs the same statements as a page of 5', async () => {
  const small = await statementsFor(5);
  const large = await statementsFor(100);
  expect(small.rows).toBe(5);
  expect(large.rows).toBe(100);
  expect(large.count).toBe(small.count);
  // search + page rows + category + provider + consortium + locations + member classes + board seats + areas + opening times
  expect(large.count).toBeLessThanOrEqual(10);
});

test('with text, near and a category filter the count stays flat too', async () => {
  const filter = { text: 'home care', near: { postcode: 'HD1 2TA', radiusMiles: 10 }, categories: ['personal-care'] };
  const small = await statementsFor(2, filter);
  const large = await statementsFor(20, filter);
  expect(large.rows).toBe(20);
  expect(large.count).toBe(small.count);
});

import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { buildProvider, buildService, listings } from '../api/directory/fixtures/builders.js';
import { ProviderStatus } from '../api/directory/directory.enums.js';
import { seedGazetteer } from '../api/geo/gazetteer.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedGazetteer(t.db);
});
afterAll(async () => t?.close());

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}/oruk${path}`, { headers });

/** The validators a cache would revalidate with: the ETag, and Last-Modified or (when none is sent) the time of the first fetch. */
async function validators(path: string) {
  const res = await get(path);
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return { etag: res.headers.get('etag')!, since: res.headers.get('last-modified') ?? new Date(Date.now() + 1000).toUTCString() };
}

async function statusWith(path: string, headers: Record<string, string>) {
  const res = await get(path, headers);
  await res.arrayBuffer();
  return res.status;
}

describe('ORUK conditional GETs never answer 304 for content that changed', () => {
  const changes: [string, (providerId: string, serviceId: string) => Promise<unknown>][] = [
    ['moving a location', (p) => t.db.query(`UPDATE provider_location SET latitude = latitude + 0.01, town = 'Lindley' WHERE provider_id = $1`, [p])],
    ['editing opening times', (_p, s) => t.db.query(`UPDATE service_opening_time SET closes = '19:30' WHERE service_id = $1`, [s])],
    ['adding a service area', (p, s) => t.db.query(`INSERT INTO service_area (provider_id, service_id, outcode) VALUES ($1, $2, 'HD7')`, [p, s])],
    ['renaming its category', () => t.db.query(`UPDATE service_category SET name = name || ' (renamed)' WHERE slug = 'respite'`)],
  ];

  test.each(changes)('%s ends the 304 of /services/{id} and /service_at_locations', async (_what, change) => {
    const provider = await buildProvider(t.services);
    const service = await buildService(t.services, provider.id, { category: 'respite' });
    const item = `/services/${service.id}`;
    const list = `/service_at_locations?per_page=100`;
    const before = { item: await validators(item), list: await validators(list) };
    expect(await statusWith(item, { 'if-none-match': before.item.etag })).toBe(304);

    await change(provider.id, service.id);
    expect(await statusWith(item, { 'if-none-match': before.item.etag })).toBe(200);
    expect(await statusWith(item, { 'if-modified-since': before.item.since })).toBe(200);
    expect(await statusWith(list, { 'if-modified-since': before.list.since })).toBe(200);
  });

  test('suspending a provider (its services leave the lists) ends the 304 of every list', async () => {
    const provider = await buildProvider(t.services);
    await buildService(t.services, provider.id);
    const paths = ['/services?per_page=100', '/service_at_locations?per_page=100'];
    const before = await Promise.all(paths.map(validators));
    await listings(t.services).setProviderStatus(provider.id, ProviderStatus.SUSPENDED);
    for (const [i, path] of paths.entries()) {
      expect(await statusWith(path, { 'if-none-match': before[i].etag })).toBe(200);
      expect(await statusWith(path, { 'if-modified-since': before[i].since })).toBe(200);
    }
  });
});

describe('ORUK parameters', () => {
  test('a NUL character (%00) is a 400 naming the parameter, never a 500', async () => {
    for (const [path, parameter] of [
      ['/services?search=care%00', 'search'],
      ['/service_at_locations?search=%00home', 'search'],
      ['/service_at_locations?postcode=HD1%002TA', 'postcode'],
      ['/services?day=MO%00', 'day'],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { errors: { parameter: string }[] };
      expect(body.errors.map((e) => e.parameter)).toContain(parameter);
    }
    expect(t.logs.filter((l) => l.event === 'internal_error')).toEqual([]);
  });

  test('a page past the last is the empty page, up to the largest page advertised; internal names never leak', async () => {
    const provider = await buildProvider(t.services);
    await buildService(t.services, provider.id);
    for (const path of ['/services', '/service_at_locations', '/taxonomy_terms']) {
      for (const page of [10_002, 1_000_000]) {
        const res = await get(`${path}?page=${page}&per_page=100`);
        expect(res.status, `${path} page ${page}`).toBe(200);
        const body = (await res.json()) as Record<string, unknown>;
        expect(body).toMatchObject({ page_number: page, size: 0, empty: true, last_page: true, first_page: false, contents: [] });
        expect(body.total_items).toBeGreaterThan(0);
      }
    }
    const beyond = await get('/services?page=1000001&per_page=100');
    expect(beyond.status).toBe(400);
    const text = await beyond.text();
    expect(text).toContain('"page"');
    expect(text).not.toMatch(/offset|first/);
  });
});

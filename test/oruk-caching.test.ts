import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { orukGet } from './support/search.js';
import { addProvider, addService, directoryWrites } from './support/seed.js';

/**
 * ORUK responses carry an ETag so councils' crawlers can revalidate cheaply: a conditional GET answers
 * 304 while the content is the same, and never once it changed, whatever changed.
 */
const t = useTestApp({ seeded: 'gazetteer' });

const get = (path: string, headers: Record<string, string> = {}) => fetch(`${t.url}/oruk${path}`, { headers });

describe('conditional GETs', () => {
  test('the ETag makes conditional GETs answer 304 until the data changes; there is no Last-Modified to go stale', async () => {
    const service = await addService(t.services, (await addProvider(t.services)).id);
    const path = `/services/${service.id}`;
    const first = await orukGet(t, path);
    const etag = first.res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect(first.res.headers.get('last-modified')).toBeNull();
    expect(first.res.headers.get('cache-control')).toMatch(/public/);

    const again = await fetch(`${t.url}/oruk${path}`, { headers: { 'if-none-match': etag } });
    expect(again.status).toBe(304);
    expect(again.headers.get('access-control-allow-origin')).toBe('*');
    // Without a Last-Modified, If-Modified-Since is ignored (RFC 9110 §13.1.3).
    expect(
      (await fetch(`${t.url}/oruk${path}`, { headers: { 'if-modified-since': new Date(Date.now() + 86_400_000).toUTCString() } })).status,
    ).toBe(200);

    const list = await orukGet(t, '/services?per_page=5');
    expect((await fetch(`${t.url}/oruk/services?per_page=5`, { headers: { 'if-none-match': list.res.headers.get('etag')! } })).status).toBe(
      304,
    );

    await t.db.query(`UPDATE service SET description = 'Now with evening visits.' WHERE id = $1`, [service.id]);
    const changed = await fetch(`${t.url}/oruk${path}`, { headers: { 'if-none-match': etag } });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
  });
});

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
    [
      'moving a location',
      (p) => t.db.query(`UPDATE provider_location SET latitude = latitude + 0.01, town = 'Lindley' WHERE provider_id = $1`, [p]),
    ],
    ['editing opening times', (_p, s) => t.db.query(`UPDATE service_opening_time SET closes = '19:30' WHERE service_id = $1`, [s])],
    [
      'adding a service area',
      (p, s) => t.db.query(`INSERT INTO service_area (provider_id, service_id, outcode) VALUES ($1, $2, 'HD7')`, [p, s]),
    ],
    ['renaming its category', () => t.db.query(`UPDATE service_category SET name = name || ' (renamed)' WHERE slug = 'respite'`)],
  ];

  test.each(changes)('%s ends the 304 of /services/{id} and /service_at_locations', async (_what, change) => {
    const provider = await addProvider(t.services);
    const service = await addService(t.services, provider.id, { category: 'respite' });
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
    const provider = await addProvider(t.services);
    await addService(t.services, provider.id);
    const paths = ['/services?per_page=100', '/service_at_locations?per_page=100'];
    const before = await Promise.all(paths.map(validators));
    await directoryWrites(t.services).setProviderStatus(provider.id, 'SUSPENDED');
    for (const [i, path] of paths.entries()) {
      expect(await statusWith(path, { 'if-none-match': before[i].etag })).toBe(200);
      expect(await statusWith(path, { 'if-modified-since': before[i].since })).toBe(200);
    }
  });
});

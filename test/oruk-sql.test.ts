import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DayOfWeek } from '../api/directory/directory.enums.js';
import type { DirectoryFilter } from '../api/directory/directory.filter.js';
import type { Service } from '../api/directory/service.entity.js';
import { seedGazetteer } from '../api/geo/gazetteer.js';
import { serviceAtLocationId } from '../api/oruk/oruk.mapping.js';
import { startTestApp, type TestApp } from './harness.js';
import { seedSyntheticDirectory, type SyntheticDirectory } from './fixtures/oruk/synthetic.js';

/**
 * The ORUK age and schedule filters and the service-at-location pairs are the directory search's own
 * SQL: the same order as GraphQL `services`, statements that do not grow with the result, and
 * service-at-location ids kept by the database.
 */
let t: TestApp;
let data: SyntheticDirectory;

beforeAll(async () => {
  t = await startTestApp();
  await seedGazetteer(t.db);
  data = await seedSyntheticDirectory(t.db, 30);
});
afterAll(async () => t?.close());

async function get(path: string) {
  const res = await fetch(`${t.url}/oruk${path}`);
  return { status: res.status, body: (await res.json()) as any };
}

/** Every id the directory search gives for the filter, in its order. */
async function directoryOrder(filter: DirectoryFilter): Promise<string[]> {
  const ids: string[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await t.services.directorySearch.searchServices(filter, 'RELEVANCE', { first: 100, offset });
    ids.push(...page.rows.map((r) => r.node.id));
    if (!page.hasNextPage) return ids;
  }
}

async function orukServiceIds(endpoint: 'services' | 'service_at_locations', query: string): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await get(`/${endpoint}?${query}${query ? '&' : ''}per_page=7&page=${page}`);
    expect(status).toBe(200);
    ids.push(...body.contents.map((c: { id: string; service_id?: string }) => c.service_id ?? c.id));
    if (body.last_page) return [...new Set(ids)];
  }
}

const timesOf = (s: Service) => data.openingTimes.filter((o) => o.serviceId === s.id);
const sorted = (ids: string[]) => [...ids].sort();
const where = (keep: (s: Service) => boolean) => sorted(data.published.filter(keep).map((s) => s.id));

describe('ORUK filters are the directory search’s', () => {
  const cases: { oruk: string; filter: DirectoryFilter }[] = [
    { oruk: 'day=TU', filter: { openingWithin: { day: DayOfWeek.TUESDAY } } },
    { oruk: 'minimum_age=18&start_time=09:00', filter: { minimumAgeAtLeast: 18, openingWithin: { opensFrom: '09:00' } } },
    { oruk: 'search=care&maximum_age=30&end_time=13:00', filter: { text: 'care', maximumAgeAtMost: 30, openingWithin: { closesBy: '13:00' } } },
  ];
  for (const c of cases) {
    test(`same services in the same order, services and service_at_locations: ${c.oruk}`, async () => {
      const expected = await directoryOrder(c.filter);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(data.published.length);
      expect(await orukServiceIds('services', c.oruk)).toEqual(expected);
      expect(await orukServiceIds('service_at_locations', c.oruk)).toEqual(expected);
    });
  }

  test('statements do not grow with the result or the page', async () => {
    const statementsFor = async (path: string) => {
      t.statements.reset();
      expect((await get(path)).status).toBe(200);
      return t.statements.count;
    };
    // A search, its page's rows, then one read per relation of the mapping (a parent provider's only when one is shown).
    for (const path of [
      '/services?per_page=100',
      '/services?per_page=100&day=MO&start_time=07:00&minimum_age=18',
      '/services?per_page=3&page=2&day=WE',
      '/service_at_locations?per_page=100',
      '/service_at_locations?per_page=100&page=2&day=WE&maximum_age=90',
    ]) {
      expect(await statementsFor(path), path).toBeLessThanOrEqual(10);
    }
  });

  test('service_at_locations pages over the pairs: locations of a service in name order, the total counted in SQL', async () => {
    const first = await get('/service_at_locations?per_page=100');
    const expected = data.published.reduce((n, s) => n + data.locations.filter((l) => l.providerId === s.providerId).length, 0);
    expect(first.body.total_items).toBe(expected);
    const twoPlaces = first.body.contents.filter((c: any, i: number, all: any[]) => all.filter((o) => o.service_id === c.service_id).length === 2);
    expect(twoPlaces.length).toBeGreaterThan(0);
    for (let i = 0; i < twoPlaces.length; i += 2) {
      expect(twoPlaces[i].location.name.toLowerCase() <= twoPlaces[i + 1].location.name.toLowerCase()).toBe(true);
    }
    const later = await get('/service_at_locations?per_page=10&page=3');
    expect(later.body.contents.map((c: any) => c.id)).toEqual(first.body.contents.slice(20, 30).map((c: any) => c.id));
  });

  test('a service-at-location by id is one primary-key read, and new locations get their ids from the database', async () => {
    const service = data.published[5];
    const provider = data.providers.find((p) => p.id === service.providerId)!;
    const [{ id: locationId }]: { id: string }[] = await t.db.query(
      `INSERT INTO provider_location (provider_id, name, address_line1, town, postcode, latitude, longitude)
       VALUES ($1, 'New hub', '2 New Street', 'Huddersfield', 'HD1 2TA', 53.6446, -1.7826) RETURNING id`,
      [provider.id],
    );
    const id = serviceAtLocationId(service.id, locationId);
    t.statements.reset();
    const { status, body } = await get(`/service_at_locations/${id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id, service_id: service.id, location_id: locationId });
    expect(t.statements.statements.filter((s) => /service_at_location/.test(s))).toHaveLength(1);
    expect(t.statements.statements.filter((s) => /\bprovider_location\b/.test(s)).length).toBeLessThanOrEqual(2);

    // Pairs of hidden services, or of a location removed, are not found.
    const hidden = data.hidden[0];
    const hiddenPlace = data.locations.find((l) => l.providerId === hidden.providerId)!;
    expect((await get(`/service_at_locations/${serviceAtLocationId(hidden.id, hiddenPlace.id)}`)).status).toBe(404);
    await t.db.query(`DELETE FROM provider_location WHERE id = $1`, [locationId]);
    expect((await get(`/service_at_locations/${id}`)).status).toBe(404);
  });
});

describe('GraphQL services: ageYears and openOn', () => {
  const SEARCH = `query Filtered($filter: ServiceFilter) { services(filter: $filter, first: 100) { totalCount edges { node { id } } } }`;
  async function ids(filter: Record<string, unknown>): Promise<string[]> {
    const res = await t.gql<{ services: { totalCount: number; edges: { node: { id: string } }[] } }, unknown>(SEARCH, { filter });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return sorted(res.data!.services.edges.map((e) => e.node.id));
  }

  test('ageYears: services whose age range includes the age', async () => {
    const takes = (age: number) => (s: Service) => (s.minimumAge ?? 0) <= age && (s.maximumAge ?? 150) >= age;
    for (const age of [10, 18, 30, 70]) expect(await ids({ ageYears: age })).toEqual(where(takes(age)));
    expect(where(takes(70)).length).toBeGreaterThan(0);
    expect(where(takes(70)).length).toBeLessThan(data.published.length);
  });

  test('openOn: an opening on the day covering the whole window', async () => {
    const covers = (day: string, from?: string, until?: string) => (s: Service) =>
      timesOf(s).some(
        (o) => o.dayOfWeek === day && (!from || (o.opens <= from && o.closes > from)) && (!until || (o.opens < until && o.closes >= until)),
      );
    expect(await ids({ openOn: { day: 'MONDAY' } })).toEqual(where(covers('MONDAY')));
    expect(await ids({ openOn: { day: 'TUESDAY', from: '08:00', until: '12:00' } })).toEqual(where(covers('TUESDAY', '08:00', '12:00')));
    expect(await ids({ openOn: { day: 'WEDNESDAY', from: '15:00' } })).toEqual(where(covers('WEDNESDAY', '15:00')));
    expect(await ids({ openOn: { day: 'THURSDAY', until: '16:30' } })).toEqual(where(covers('THURSDAY', undefined, '16:30')));
    const window = where(covers('TUESDAY', '08:00', '12:00'));
    expect(window.length).toBeGreaterThan(0);
    expect(window.length).toBeLessThan(where(covers('TUESDAY')).length);
  });

  test('bad ages and times are BAD_USER_INPUT naming the argument', async () => {
    for (const [filter, argument] of [
      [{ ageYears: -1 }, 'filter.ageYears'],
      [{ openOn: { day: 'MONDAY', from: '9am' } }, 'filter.openOn.from'],
      [{ openOn: { day: 'MONDAY', from: '12:00', until: '10:00' } }, 'filter.openOn.from'],
    ] as const) {
      const res = await t.gql(SEARCH, { filter });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
  });
});

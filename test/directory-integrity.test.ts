import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { encodeCursor } from '../api/common/connection.js';
import { buildProvider, buildService, listings } from '../api/directory/fixtures/builders.js';
import { MemberClass, ProviderStatus, ServiceStatus } from '../api/directory/directory.enums.js';
import { Provider } from '../api/directory/provider.entity.js';
import { seedGazetteer } from '../api/geo/gazetteer.js';
import { buildWorld, type World } from './permissions.fixture.js';
import { startTestApp, type TestApp } from './harness.js';

let t: TestApp;
beforeAll(async () => {
  t = await startTestApp();
  await seedGazetteer(t.db);
});
afterAll(async () => t?.close());

type Extensions = { code?: string; argument?: string };

const refusal = async (work: Promise<unknown>): Promise<Extensions> => {
  try {
    await work;
  } catch (error) {
    const refused = error as { failure?: string; details?: Extensions };
    return refused.failure ? { code: refused.failure, ...refused.details } : { code: `not a domain exception: ${String(error)}` };
  }
  throw new Error('expected the call to be refused');
};

const firstError = async (query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) => {
  const res = await t.gql<unknown, Record<string, unknown>>(query, variables, headers);
  expect(res.errors, JSON.stringify(res)).toBeDefined();
  return res.errors![0];
};

const PROVIDER_IDS = `query($filter: ProviderFilter) { providers(filter: $filter, first: 100) { edges { node { id } } } }`;
const SERVICE_IDS = `query($filter: ServiceFilter, $after: String, $sort: ServiceSort) { services(filter: $filter, first: 100, after: $after, sort: $sort) { edges { node { id } } } }`;

async function providerIds(filter: Record<string, unknown>): Promise<string[]> {
  const res = await t.gql<{ providers: { edges: { node: { id: string } }[] } }, Record<string, unknown>>(PROVIDER_IDS, { filter });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.providers.edges.map((e) => e.node.id);
}

async function serviceIds(filter: Record<string, unknown>): Promise<string[]> {
  const res = await t.gql<{ services: { edges: { node: { id: string } }[] } }, Record<string, unknown>>(SERVICE_IDS, { filter });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.services.edges.map((e) => e.node.id);
}

describe('a NUL character (U+0000) is bad input everywhere, never a 500', () => {
  test('in search filters, the provider slug, a service id and a cursor key', async () => {
    expect((await firstError(SERVICE_IDS, { filter: { text: 'care\u0000home' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.text' });
    expect((await firstError(PROVIDER_IDS, { filter: { text: '\u0000' } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.text' });
    expect((await firstError(SERVICE_IDS, { filter: { categories: ['personal-care', 'x\u0000'] } })).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'filter.categories',
    });
    expect((await firstError(SERVICE_IDS, { filter: { near: { postcode: 'HD1\u00002TA' } } })).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await firstError(`query { provider(slug: "a\\u0000b") { id } }`)).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'slug' });
    // Not a UUID either: the ID scalar refuses it first.
    expect((await firstError(`query { provider(id: "a\\u0000b") { id } }`)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await firstError(`query { service(id: "a\\u0000b") { id } }`)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const after = encodeCursor('NAME', ['home\u0000care', '00000000-0000-4000-8000-000000000000']);
    expect((await firstError(SERVICE_IDS, { after, sort: 'NAME' })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(t.logs.filter((l) => l.event === 'internal_error')).toEqual([]);
  });

  test('in writes, refused at the GraphQL edge; nothing is written', async () => {
    // Signed-in writes: the accounts world (coordinators of provider A) only for this part.
    const w: World = await buildWorld(t);
    const UPSERT = `mutation($input: UpsertServiceInput!) { upsertService(input: $input) { id } }`;
    const UPDATE = `mutation($input: UpdateProviderInput!) { updateProvider(input: $input) { id } }`;
    const visits = { providerId: w.providerA, category: 'personal-care', name: 'Visits', hourlyRatePence: 2500 };
    const before = await t.db.getRepository(Provider).findOneByOrFail({ id: w.providerA });
    const rows = () =>
      t.db.query(`SELECT (SELECT count(*) FROM service WHERE provider_id = $1)::int AS services, (SELECT count(*) FROM provider_location WHERE provider_id = $1)::int AS locations`, [
        w.providerA,
      ]);
    const rowsBefore = await rows();
    expect((await firstError(UPSERT, { input: { ...visits, languages: ['\u0000'] } }, w.headers('coordinator'))).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.languages',
    });
    expect((await firstError(UPSERT, { input: { ...visits, description: 'a\u0000' } }, w.headers('coordinator'))).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect((await firstError(UPDATE, { input: { id: w.providerA, summary: 'x\u0000y' } }, w.headers('coordinator'))).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.summary',
    });
    const office = { name: 'Office\u0000', addressLine1: '1 Street', town: 'Huddersfield', postcode: 'HD1 2TA', latitude: 53.64, longitude: -1.78 };
    expect((await firstError(UPDATE, { input: { id: w.providerA, locations: [office] } }, w.headers('coordinator'))).extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'input.locations.name',
    });
    expect((await firstError(UPDATE, { input: { id: w.providerA, name: 'Co-op\u0000A' } }, w.headers('coordinator'))).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await rows()).toEqual(rowsBefore);
    expect(await t.db.getRepository(Provider).findOneByOrFail({ id: w.providerA })).toEqual(before);
    expect(t.logs.filter((l) => l.event === 'internal_error')).toEqual([]);
  });
});

describe('servesPostcode for providers: one active service must serve the postcode and meet every service-level filter', () => {
  test("a service's own area does not lend itself to a sibling service in another category", async () => {
    const provider = await buildProvider(t.services, { serviceAreas: [] });
    await buildService(t.services, provider.id, { category: 'personal-care', areas: [{ outcode: 'HD7' }] });
    await buildService(t.services, provider.id, { category: 'gardening-and-maintenance', name: 'Gardens', areas: [{ outcode: 'WF13' }] });

    expect(await providerIds({ servesPostcode: 'HD7 5AL', categories: ['personal-care'] })).toContain(provider.id);
    expect(await providerIds({ servesPostcode: 'WF13 1AS', categories: ['gardening-and-maintenance'] })).toContain(provider.id);
    expect(await providerIds({ servesPostcode: 'HD7 5AL', categories: ['gardening-and-maintenance'] })).not.toContain(provider.id);
    expect(await providerIds({ servesPostcode: 'WF13 1AS', categories: ['personal-care'] })).not.toContain(provider.id);
  });

  test('areas of inactive services serve nobody', async () => {
    const provider = await buildProvider(t.services, { serviceAreas: [] });
    const active = await buildService(t.services, provider.id, { category: 'personal-care' });
    const inactive = await buildService(t.services, provider.id, { category: 'respite', status: ServiceStatus.INACTIVE, areas: [{ outcode: 'HD7' }] });
    expect(await providerIds({ servesPostcode: 'HD7 5AL' })).not.toContain(provider.id);
    expect(await serviceIds({ servesPostcode: 'HD7 5AL' })).not.toContain(inactive.id);

    await listings(t.services).updateService(inactive.id, provider.id, { status: ServiceStatus.ACTIVE });
    expect(await providerIds({ servesPostcode: 'HD7 5AL' })).toContain(provider.id);
    expect(await serviceIds({ servesPostcode: 'HD7 5AL' })).toEqual(expect.arrayContaining([inactive.id]));
    expect(await serviceIds({ servesPostcode: 'HD7 5AL' })).not.toContain(active.id);
  });

  test('a provider-wide area serves through any active service; with none active, nothing is served', async () => {
    const provider = await buildProvider(t.services, { serviceAreas: [{ outcode: 'HD7' }] });
    const service = await buildService(t.services, provider.id, { category: 'respite' });
    expect(await providerIds({ servesPostcode: 'HD7 5AL', categories: ['respite'] })).toContain(provider.id);
    await listings(t.services).updateService(service.id, provider.id, { status: ServiceStatus.INACTIVE });
    expect(await providerIds({ servesPostcode: 'HD7 5AL' })).not.toContain(provider.id);
  });
});

describe('given-but-empty strings in a filter are checked, not ignored', () => {
  test('servesPostcode: "" and near.postcode: "" are INVALID_POSTCODE', async () => {
    for (const query of [PROVIDER_IDS, SERVICE_IDS]) {
      expect((await firstError(query, { filter: { servesPostcode: '' } })).extensions).toMatchObject({ code: 'INVALID_POSTCODE', argument: 'filter.servesPostcode' });
      expect((await firstError(query, { filter: { near: { postcode: '' } } })).extensions).toMatchObject({ code: 'INVALID_POSTCODE', argument: 'filter.near.postcode' });
    }
  });

  test('provider(slug: "") is a slug nobody has, not a missing argument', async () => {
    const res = await t.gql<{ provider: unknown }, unknown>(`query { provider(slug: "") { id } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data!.provider).toBeNull();
    expect((await firstError(`query { provider(id: "", slug: "") { id } }`)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
  });
});

describe('writes refuse impossible data with a typed error, and the database refuses it too', () => {
  const place = { name: 'Office', addressLine1: '1 Test Street', town: 'Huddersfield', postcode: 'HD1 2TA' };

  test('locations and areas are in the UK; outcodes are postcode districts', async () => {
    const directory = listings(t.services);
    expect(await refusal(buildProvider(t.services, { locations: [{ ...place, latitude: 999, longitude: -1.78 }] }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'locations',
    });
    expect(await refusal(buildProvider(t.services, { locations: [{ ...place, latitude: 53.64, longitude: Number.NaN }] }))).toMatchObject({ argument: 'locations' });
    expect(await refusal(buildProvider(t.services, { serviceAreas: [{ outcode: 'not an outcode !!' }] }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'serviceAreas' });
    expect(await refusal(buildProvider(t.services, { serviceAreas: [{ latitude: 40.7, longitude: -74, radiusMiles: 5 }] }))).toMatchObject({ argument: 'serviceAreas' });
    const provider = await buildProvider(t.services, { serviceAreas: [{ outcode: ' hd7 ' }, { outcode: 'GIR' }] });
    expect(await refusal(buildService(t.services, provider.id, { areas: [{ outcode: 'HD7 5AL' }] }))).toMatchObject({ argument: 'areas' });
    const outcodes = await t.db.query(`SELECT outcode FROM service_area WHERE provider_id = $1 ORDER BY outcode`, [provider.id]);
    expect(outcodes.map((r: { outcode: string }) => r.outcode)).toEqual(['GIR', 'HD7']);
    expect(await refusal(directory.createCouncil({ name: 'Nowhere', slug: 'nowhere', onsCode: 'E99999998', postcodeDistricts: ['XX'] }))).toMatchObject({
      argument: 'postcodeDistricts',
    });
  });

  test('member and board-seat counts are not negative, and each class appears once', async () => {
    expect(await refusal(buildProvider(t.services, { memberClasses: [{ memberClass: MemberClass.WORKER, memberCount: -1 }] }))).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'memberClasses',
    });
    expect(await refusal(buildProvider(t.services, { boardSeats: [{ memberClass: MemberClass.WORKER, seats: -2 }] }))).toMatchObject({ argument: 'boardSeats' });
    expect(
      await refusal(
        buildProvider(t.services, {
          memberClasses: [
            { memberClass: MemberClass.WORKER, memberCount: 3 },
            { memberClass: MemberClass.WORKER, memberCount: 4 },
          ],
        }),
      ),
    ).toMatchObject({ argument: 'memberClasses' });
  });

  test('slugs are URL-safe; a taken slug is CONFLICT naming the slug, and nothing is half-written', async () => {
    const directory = listings(t.services);
    for (const slug of ['has space', 'a/b', 'Upper-case', '-leading', 'double--hyphen', '', 'x'.repeat(101)]) {
      expect(await refusal(buildProvider(t.services, { slug })), slug).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'slug' });
    }
    const taken = await buildProvider(t.services, { slug: 'taken-slug' });
    const before = await t.db.getRepository(Provider).count();
    expect(await refusal(buildProvider(t.services, { slug: 'taken-slug' }))).toMatchObject({ code: 'CONFLICT', argument: 'slug' });
    const other = await buildProvider(t.services);
    expect(await refusal(directory.updateProvider(other.id, { slug: 'taken-slug' }))).toMatchObject({ code: 'CONFLICT', argument: 'slug' });
    expect(await refusal(directory.updateProvider(other.id, { slug: 'a b' }))).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'slug' });
    expect(await t.db.getRepository(Provider).count()).toBe(before + 1);
    expect((await t.db.getRepository(Provider).findOneByOrFail({ id: taken.id })).slug).toBe('taken-slug');
    await directory.createConsortium({ name: 'A consortium', slug: 'a-consortium' });
    expect(await refusal(directory.createConsortium({ name: 'Again', slug: 'a-consortium' }))).toMatchObject({ code: 'CONFLICT', argument: 'slug' });
    expect(t.logs.filter((l) => l.event === 'internal_error')).toEqual([]);
  });

  test('CHECK constraints refuse the same data written around the service', async () => {
    const provider = await buildProvider(t.services);
    const refused = async (sql: string, params: unknown[]) => {
      const error = await t.db.query(sql, params).then(
        () => null,
        (e: { driverError?: { constraint?: string } }) => e.driverError?.constraint,
      );
      return error;
    };
    expect(await refused(`UPDATE provider SET slug = 'has space' WHERE id = $1`, [provider.id])).toBe('provider_slug_format');
    expect(await refused(`UPDATE provider_location SET latitude = 999 WHERE provider_id = $1`, [provider.id])).toBe('provider_location_in_uk');
    expect(await refused(`UPDATE provider_location SET longitude = 'NaN' WHERE provider_id = $1`, [provider.id])).toBe('provider_location_in_uk');
    expect(await refused(`INSERT INTO service_area (provider_id, outcode) VALUES ($1, 'not an outcode !!')`, [provider.id])).toBe('service_area_outcode_format');
    expect(await refused(`INSERT INTO service_area (provider_id, latitude, longitude, radius_miles) VALUES ($1, 40.7, -74, 5)`, [provider.id])).toBe(
      'service_area_in_uk',
    );
    expect(await refused(`UPDATE provider_member_class SET member_count = -1 WHERE provider_id = $1`, [provider.id])).toBe('provider_member_class_count');
    expect(await refused(`UPDATE provider_board_seat SET seats = -1 WHERE provider_id = $1`, [provider.id])).toBe('provider_board_seat_count');
  });
});

describe('typo correction offers only words of the public directory', () => {
  const corrections = async (text: string): Promise<string> => ((await t.db.query('SELECT directory_query($1)::text AS q', [text])) as { q: string }[])[0].q;

  test("a draft, suspended or deleted provider's words are not offered; published ones are", async () => {
    const directory = listings(t.services);
    const draft = await buildProvider(t.services, { name: 'Zorblewick Homecare', status: ProviderStatus.DRAFT });
    expect(await corrections('zorblewik')).not.toContain('zorblewick');

    await directory.setProviderStatus(draft.id, ProviderStatus.PUBLISHED);
    expect(await corrections('zorblewik')).toContain('zorblewick');
    expect(await providerIds({ text: 'zorblewik' })).toContain(draft.id);

    await directory.setProviderStatus(draft.id, ProviderStatus.SUSPENDED);
    expect(await corrections('zorblewik')).not.toContain('zorblewick');

    await directory.setProviderStatus(draft.id, ProviderStatus.PUBLISHED);
    await t.db.query('DELETE FROM provider WHERE id = $1', [draft.id]);
    expect(await corrections('zorblewik')).not.toContain('zorblewick');
  });

  test("an inactive service's words are not offered", async () => {
    const provider = await buildProvider(t.services);
    const service = await buildService(t.services, provider.id, { name: 'Quillibrant sessions', status: ServiceStatus.INACTIVE });
    // The query holds stems: "quillibrant" is 'quillibr'.
    expect(await corrections('quilibrant')).not.toContain('quillibr');
    await listings(t.services).updateService(service.id, provider.id, { status: ServiceStatus.ACTIVE });
    expect(await corrections('quilibrant')).toContain('quillibr');
  });
});

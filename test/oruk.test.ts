import { describe, expect, test } from 'vitest';
import type { DirectoryFilter } from '../api/directory/directory.filter.js';
import { DayOfWeek } from '../api/directory/directory.enums.js';
import type { Service } from '../api/directory/service.entity.js';
import { taxonomyId } from '../api/oruk/oruk.ids.js';
import { serviceAtLocationId } from '../api/oruk/oruk.mapping.js';
import { startTestApp } from './harness.js';
import type { SyntheticDirectory } from './fixtures/oruk/synthetic.js';
import { useTestApp } from './support/app.js';
import { internalErrors } from './support/graphql.js';
import { allPages, getValid, type Page } from './support/oruk.js';
import { haversineMiles, orukGet } from './support/search.js';
import { directorySearchOrder, seedSyntheticDirectory } from './support/seed.js';

/**
 * The Open Referral UK 3.0 read API over the synthetic directory (test/fixtures/oruk/synthetic.ts), where
 * what every filter should return is known: schema-valid pages, the model's mapping, filters that are
 * the directory search's own SQL (same services, same order, statements that do not grow), problems for
 * bad parameters, CORS and the rate limit.
 */
let data: SyntheticDirectory;
const t = useTestApp({ seeded: 'gazetteer' }, async (t) => {
  data = await seedSyntheticDirectory(t.services, 30);
});

const ids = (items: { id: string }[]) => items.map((i) => i.id);
const sorted = (values: string[]) => [...values].sort();
const publishedIds = () => sorted(data.published.map((s) => s.id));
const servicesWhere = (keep: (s: Service) => boolean) => sorted(data.published.filter(keep).map((s) => s.id));
const uniqueInOrder = (values: string[]) => [...new Set(values)];

describe('the API root and taxonomies', () => {
  test('GET /oruk/ gives the version, profile and OpenAPI URL', async () => {
    const body = await getValid(t, '/', 'api_details');
    expect(body.version).toBe('HSDS 3.0');
    expect(body.openapi_url).toMatch(/^https:\/\/.+openapi\.json$/);
  });

  test('taxonomies and their terms, listed and by id, page and validate', async () => {
    const taxonomies = await allPages(t, '/taxonomies', 'taxonomy_list', 1);
    expect(taxonomies.map((x) => x.name)).toContain('coopcare service categories');
    for (const taxonomy of taxonomies) {
      const full = await getValid(t, `/taxonomies/${taxonomy.id}`, 'taxonomy');
      expect(full.taxonomy_terms.length).toBeGreaterThan(0);
      expect(full.taxonomy_terms.every((term: any) => term.taxonomy_id === taxonomy.id)).toBe(true);
    }
    const terms = await allPages(t, '/taxonomy_terms', 'taxonomy_term_list', 5);
    expect(new Set(ids(terms)).size).toBe(terms.length);
    for (const category of data.categories) expect(ids(terms)).toContain(category.id);
    const child = data.categories.find((c) => c.parentId)!;
    const term = await getValid(t, `/taxonomy_terms/${child.id}`, 'taxonomy_term');
    expect(term).toMatchObject({
      id: child.id,
      code: child.slug,
      name: child.name,
      parent_id: child.parentId,
      taxonomy_id: taxonomyId('serviceCategories'),
    });
    for (const other of terms.slice(-3)) await getValid(t, `/taxonomy_terms/${other.id}`, 'taxonomy_term');
  });
});

describe('services', () => {
  test('every published service, paged to the last page; nothing unpublished', async () => {
    const items = await allPages(t, '/services', 'service_list', 7);
    expect(sorted(ids(items))).toEqual(publishedIds());
    const hidden = new Set(data.hidden.map((s) => s.id));
    expect(items.some((i) => hidden.has(i.id))).toBe(false);

    const beyond: Page = await getValid(t, `/services?per_page=7&page=${Math.ceil(items.length / 7) + 1}`, 'service_list');
    expect(beyond).toMatchObject({ contents: [], empty: true, last_page: true, size: 0, total_items: items.length });
  });

  test('default page size is 50 and the first page says so', async () => {
    const page: Page = await getValid(t, '/services', 'service_list');
    expect(page).toMatchObject({
      page_number: 1,
      first_page: true,
      size: Math.min(50, data.published.length),
      total_items: data.published.length,
    });
  });

  test('each service by id is fully nested and maps our model', async () => {
    for (const service of data.published) {
      const body = await getValid(t, `/services/${service.id}`, 'service');
      expect(body.id).toBe(service.id);
      expect(body.organization.id).toBe(service.providerId);
      expect(body.cost_options[0]).toMatchObject({ option: 'per hour', amount: service.hourlyRatePence / 100, currency: 'GBP' });
      const times = data.openingTimes.filter((o) => o.serviceId === service.id);
      expect(body.schedules).toHaveLength(times.length);
      for (const schedule of body.schedules) {
        expect(schedule).toMatchObject({ freq: 'WEEKLY', interval: 1 });
        expect(schedule.byday).toMatch(/^(MO|TU|WE|TH|FR|SA|SU)$/);
        expect(schedule.opens_at).toMatch(/^\d\d:\d\d:\d\d$/);
      }
      if (service.minimumAge === null) expect(body).not.toHaveProperty('minimum_age');
      else expect(body.minimum_age).toBe(service.minimumAge);
      expect(body.attributes[0].taxonomy_term.id).toBe(service.categoryId);
      expect(body.languages[0]).toMatchObject({ name: 'English', code: 'en' });
      expect(body.service_at_locations.length).toBeGreaterThan(0);
    }
  });

  test('co-op facts are organization attributes from our taxonomies', async () => {
    const service = data.published[0];
    const provider = data.providers.find((p) => p.id === service.providerId)!;
    const body = await getValid(t, `/services/${service.id}`, 'service');
    const byTaxonomy = (key: Parameters<typeof taxonomyId>[0]) =>
      body.organization.attributes.filter((a: any) => a.taxonomy_term.taxonomy_id === taxonomyId(key));
    expect(byTaxonomy('legalForms')[0].taxonomy_term.code).toBe(provider.legalForm);
    expect(byTaxonomy('cqcRatings')[0].taxonomy_term.code).toBe(provider.cqcRating);
    expect(byTaxonomy('memberClasses').map((a: any) => [a.taxonomy_term.code, a.value])).toEqual([
      ['WORKER', '5'],
      ['SERVICE_USER', '15'],
    ]);
  });

  test('a travel charge is a second cost option; a description-less service has no description', async () => {
    const charged = data.published.find((s) => s.travelChargePencePerVisit > 0)!;
    const body = await getValid(t, `/services/${charged.id}`, 'service');
    expect(body.cost_options[1]).toMatchObject({ option: 'travel per visit', amount: 2.5, currency: 'GBP' });
    const bare = data.published.find((s) => s.description === '')!;
    expect(await getValid(t, `/services/${bare.id}`, 'service')).not.toHaveProperty('description');
  });

  test('unknown, unpublished and malformed ids are 404 problems', async () => {
    for (const id of [data.hidden[0].id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const { res, body } = await orukGet(t, `/services/${id}`);
      expect(res.status).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
      expect(body).toMatchObject({ status: 404, title: 'Not found', type: 'about:blank' });
    }
    for (const path of ['/service_at_locations/', '/taxonomies/', '/taxonomy_terms/']) {
      const { res } = await orukGet(t, `${path}${data.hidden[0].id}`);
      expect(res.status).toBe(404);
    }
    expect((await orukGet(t, '/nowhere')).res.status).toBe(404);
  });
});

describe('service_at_locations', () => {
  test('one per service and location of its provider, paged to the last page, each by id', async () => {
    const items = await allPages(t, '/service_at_locations', 'service_at_location_list', 9);
    const expected = data.published.reduce((n, s) => n + data.locations.filter((l) => l.providerId === s.providerId).length, 0);
    expect(items).toHaveLength(expected);
    expect(new Set(ids(items)).size).toBe(items.length);
    expect(sorted(uniqueInOrder(items.map((i) => i.service_id)))).toEqual(publishedIds());
    for (const item of items) {
      expect(item.service.id).toBe(item.service_id);
      expect(item.location.id).toBe(item.location_id);
      const full = await getValid(t, `/service_at_locations/${item.id}`, 'service_at_location');
      expect(full).toMatchObject({ id: item.id, service_id: item.service_id, location_id: item.location_id });
      expect(full.service.cost_options.length).toBeGreaterThan(0);
    }
  });
});

describe('filters', () => {
  const categoryOf = (slug: string) => data.categories.find((c) => c.slug === slug)!;
  const timesOf = (s: Service) => data.openingTimes.filter((o) => o.serviceId === s.id);

  async function serviceIdsFor(query: string): Promise<string[]> {
    return sorted(ids(await allPages(t, `/services?${query}`, 'service_list', 100)));
  }

  test('search', async () => {
    const found = await serviceIdsFor('search=gardening');
    expect(found).toEqual(servicesWhere((s) => s.categoryId === categoryOf('synthetic-gardening').id));
    // Typos are forgiven, as in the directory's own search.
    expect(await serviceIdsFor('search=gardning')).toEqual(found);
  });

  test('taxonomy_term_id (a parent term takes in its children) and taxonomy_id', async () => {
    const personal = categoryOf('synthetic-personal-care');
    const night = categoryOf('synthetic-night-sitting');
    expect(await serviceIdsFor(`taxonomy_term_id=${personal.id}`)).toEqual(
      servicesWhere((s) => [personal.id, night.id].includes(s.categoryId)),
    );
    expect(await serviceIdsFor(`taxonomy_term_id=${night.id}`)).toEqual(servicesWhere((s) => s.categoryId === night.id));
    expect(await serviceIdsFor(`taxonomy_id=${taxonomyId('serviceCategories')}`)).toEqual(publishedIds());
    expect(await serviceIdsFor(`taxonomy_id=${taxonomyId('legalForms')}`)).toEqual([]);
    expect(await serviceIdsFor('taxonomy_term_id=00000000-0000-4000-8000-000000000000')).toEqual([]);
  });

  test('minimum_age and maximum_age', async () => {
    expect(await serviceIdsFor('minimum_age=18')).toEqual(servicesWhere((s) => (s.minimumAge ?? 0) >= 18));
    expect(await serviceIdsFor('minimum_age=65')).toEqual(servicesWhere((s) => (s.minimumAge ?? 0) >= 65));
    expect(await serviceIdsFor('maximum_age=30')).toEqual(servicesWhere((s) => s.maximumAge !== null && s.maximumAge <= 30));
    expect(await serviceIdsFor('minimum_age=18&maximum_age=30')).toEqual(
      servicesWhere((s) => (s.minimumAge ?? 0) >= 18 && s.maximumAge !== null && s.maximumAge <= 30),
    );
  });

  test('day, start_time and end_time, about the same opening', async () => {
    expect(await serviceIdsFor('day=MO')).toEqual(servicesWhere((s) => timesOf(s).some((o) => o.dayOfWeek === 'MONDAY')));
    expect(await serviceIdsFor('day=saturday')).toEqual(servicesWhere((s) => timesOf(s).some((o) => o.dayOfWeek === 'SATURDAY')));
    expect(await serviceIdsFor('start_time=09:00')).toEqual(servicesWhere((s) => timesOf(s).some((o) => o.opens >= '09:00')));
    expect(await serviceIdsFor('end_time=13:00')).toEqual(servicesWhere((s) => timesOf(s).some((o) => o.closes <= '13:00')));
    const combined = servicesWhere((s) => timesOf(s).some((o) => o.dayOfWeek === 'TUESDAY' && o.opens >= '07:00' && o.closes <= '12:00'));
    expect(combined.length).toBeGreaterThan(0);
    expect(await serviceIdsFor('day=TU&start_time=07:00&end_time=12:00:00')).toEqual(combined);
  });

  test('postcode (coverage) and proximity in metres on service_at_locations', async () => {
    const hd1 = { latitude: 53.6446, longitude: -1.7826 };
    const serves = (s: Service) =>
      data.areas.some(
        (a) =>
          a.providerId === s.providerId &&
          (a.serviceId === null || a.serviceId === s.id) &&
          (a.outcode === 'HD1' ||
            (a.radiusMiles !== null && haversineMiles(hd1, { latitude: a.latitude!, longitude: a.longitude! }) <= a.radiusMiles)),
      );
    const sal = async (query: string) =>
      sorted(
        uniqueInOrder((await allPages(t, `/service_at_locations?${query}`, 'service_at_location_list', 100)).map((i) => i.service_id)),
      );
    const covering = servicesWhere(serves);
    expect(covering.length).toBeGreaterThan(0);
    expect(covering.length).toBeLessThan(data.published.length);
    expect(await sal('postcode=HD1%202TA')).toEqual(covering);

    const nearest = (s: Service) =>
      Math.min(...data.locations.filter((l) => l.providerId === s.providerId).map((l) => haversineMiles(hd1, l)));
    const within = servicesWhere((s) => serves(s) && nearest(s) <= 200 / 1609.344);
    expect(within.length).toBeGreaterThan(0);
    expect(within.length).toBeLessThan(covering.length);
    expect(await sal('postcode=hd12ta&proximity=200')).toEqual(within);
  });

  test('every filter at once combines with AND', async () => {
    const personal = categoryOf('synthetic-personal-care');
    const night = categoryOf('synthetic-night-sitting');
    const expected = servicesWhere(
      (s) =>
        [personal.id, night.id].includes(s.categoryId) &&
        (s.minimumAge ?? 0) >= 18 &&
        s.maximumAge !== null &&
        s.maximumAge <= 150 &&
        timesOf(s).some((o) => o.dayOfWeek === 'THURSDAY' && o.opens >= '09:00' && o.closes <= '17:00'),
    );
    expect(expected.length).toBeGreaterThan(0);
    // `search=care` matches every synthetic service: each is "delivered at home" by "a care co-op".
    const query = [
      'search=care',
      `taxonomy_term_id=${personal.id}`,
      `taxonomy_id=${taxonomyId('serviceCategories')}`,
      'minimum_age=18&maximum_age=150&day=TH&start_time=09:00&end_time=17:00',
    ].join('&');
    expect(await serviceIdsFor(query)).toEqual(expected);
  });
});

describe('the same search through GraphQL and ORUK', () => {
  const cases: { name: string; filter: Record<string, unknown>; oruk: string }[] = [
    { name: 'no filter', filter: {}, oruk: '' },
    { name: 'text', filter: { text: 'befriending' }, oruk: 'search=befriending' },
    { name: 'coverage', filter: { servesPostcode: 'HD1 2TA' }, oruk: 'postcode=HD1%202TA' },
    {
      name: 'coverage and distance',
      filter: { servesPostcode: 'HD1 2TA', near: { postcode: 'HD1 2TA', radiusMiles: 10000 / 1609.344 } },
      oruk: 'postcode=HD1%202TA&proximity=10000',
    },
  ];
  for (const c of cases) {
    test(`same services, same order: ${c.name}`, async () => {
      const graphql: string[] = [];
      let after: string | null = null;
      do {
        const res: any = await t.gql(
          `query Same($filter: ServiceFilter, $after: String) {
            services(filter: $filter, sort: RELEVANCE, first: 100, after: $after) {
              edges { node { id } } pageInfo { hasNextPage endCursor }
            }
          }`,
          { filter: c.filter, after },
        );
        expect(res.errors).toBeUndefined();
        graphql.push(...res.data.services.edges.map((e: any) => e.node.id));
        after = res.data.services.pageInfo.hasNextPage ? res.data.services.pageInfo.endCursor : null;
      } while (after);
      const oruk = await allPages(t, `/service_at_locations${c.oruk ? `?${c.oruk}` : ''}`, 'service_at_location_list', 13);
      expect(graphql.length).toBeGreaterThan(0);
      expect(uniqueInOrder(oruk.map((i) => i.service_id))).toEqual(graphql);
    });
  }
});

describe('invalid parameters', () => {
  const bad: [string, string][] = [
    ['/services?per_page=0', 'per_page'],
    ['/services?per_page=101', 'per_page'],
    ['/services?page=0', 'page'],
    ['/services?page=two', 'page'],
    ['/services?minimum_age=-1', 'minimum_age'],
    ['/services?maximum_age=old', 'maximum_age'],
    ['/services?minimum_age=70&maximum_age=20', 'minimum_age'],
    ['/services?start_time=25:00', 'start_time'],
    ['/services?end_time=noon', 'end_time'],
    ['/services?day=Funday', 'day'],
    ['/services?taxonomy_term_id=personal-care', 'taxonomy_term_id'],
    ['/services?taxonomy_id=1', 'taxonomy_id'],
    ['/services?search=' + 'x'.repeat(201), 'search'],
    ['/services?search=' + encodeURIComponent('homecare '.repeat(13)), 'search'],
    ['/services?postcode=HD1%202TA', 'postcode'],
    ['/services?colour=blue', 'colour'],
    ['/services?page=1&page=2', 'page'],
    ['/service_at_locations?proximity=500', 'proximity'],
    ['/service_at_locations?postcode=HD1&proximity=-3', 'proximity'],
    ['/service_at_locations?postcode=NOT%20A%20POSTCODE', 'postcode'],
    ['/service_at_locations?postcode=ZZ99%209ZZ', 'postcode'],
    ['/taxonomies?search=care', 'search'],
    ['/taxonomy_terms?per_page=1000', 'per_page'],
    [`/services/${'00000000-0000-4000-8000-000000000000'}?full=true`, 'full'],
  ];
  test.each(bad)('%s is a 400 problem naming %s', async (path, parameter) => {
    const { res, body } = await orukGet(t, path);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(body).toMatchObject({ type: 'about:blank', title: 'Invalid parameters', status: 400 });
    expect(body.errors.map((e: { parameter: string }) => e.parameter)).toContain(parameter);
  });
});

async function orukServiceIds(endpoint: 'services' | 'service_at_locations', query: string): Promise<string[]> {
  const ids: string[] = [];
  for (let page = 1; ; page++) {
    const { status, body } = await orukGet(t, `/${endpoint}?${query}${query ? '&' : ''}per_page=7&page=${page}`);
    expect(status).toBe(200);
    ids.push(...body.contents.map((c: { id: string; service_id?: string }) => c.service_id ?? c.id));
    if (body.last_page) return [...new Set(ids)];
  }
}

describe('ORUK filters are the directory search’s', () => {
  const cases: { oruk: string; filter: DirectoryFilter }[] = [
    { oruk: 'day=TU', filter: { openingWithin: { day: DayOfWeek.TUESDAY } } },
    { oruk: 'minimum_age=18&start_time=09:00', filter: { minimumAgeAtLeast: 18, openingWithin: { opensFrom: '09:00' } } },
    {
      oruk: 'search=care&maximum_age=30&end_time=13:00',
      filter: { text: 'care', maximumAgeAtMost: 30, openingWithin: { closesBy: '13:00' } },
    },
  ];
  for (const c of cases) {
    test(`same services in the same order, services and service_at_locations: ${c.oruk}`, async () => {
      const expected = await directorySearchOrder(t.services, c.filter);
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(data.published.length);
      expect(await orukServiceIds('services', c.oruk)).toEqual(expected);
      expect(await orukServiceIds('service_at_locations', c.oruk)).toEqual(expected);
    });
  }

  test('statements do not grow with the result or the page', async () => {
    const statementsFor = async (path: string) => {
      t.statements.reset();
      expect((await orukGet(t, path)).status).toBe(200);
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
    const first = await orukGet(t, '/service_at_locations?per_page=100');
    const expected = data.published.reduce((n, s) => n + data.locations.filter((l) => l.providerId === s.providerId).length, 0);
    expect(first.body.total_items).toBe(expected);
    const twoPlaces = first.body.contents.filter(
      (c: any, i: number, all: any[]) => all.filter((o) => o.service_id === c.service_id).length === 2,
    );
    expect(twoPlaces.length).toBeGreaterThan(0);
    for (let i = 0; i < twoPlaces.length; i += 2) {
      expect(twoPlaces[i].location.name.toLowerCase() <= twoPlaces[i + 1].location.name.toLowerCase()).toBe(true);
    }
    const later = await orukGet(t, '/service_at_locations?per_page=10&page=3');
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
    const { status, body } = await orukGet(t, `/service_at_locations/${id}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ id, service_id: service.id, location_id: locationId });
    expect(t.statements.statements.filter((s) => /service_at_location/.test(s))).toHaveLength(1);
    expect(t.statements.statements.filter((s) => /\bprovider_location\b/.test(s)).length).toBeLessThanOrEqual(2);

    // Pairs of hidden services, or of a location removed, are not found.
    const hidden = data.hidden[0];
    const hiddenPlace = data.locations.find((l) => l.providerId === hidden.providerId)!;
    expect((await orukGet(t, `/service_at_locations/${serviceAtLocationId(hidden.id, hiddenPlace.id)}`)).status).toBe(404);
    await t.db.query(`DELETE FROM provider_location WHERE id = $1`, [locationId]);
    expect((await orukGet(t, `/service_at_locations/${id}`)).status).toBe(404);
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
      const res = await fetch(`${t.url}/oruk${path}`);
      expect(res.status, path).toBe(400);
      const body = (await res.json()) as { errors: { parameter: string }[] };
      expect(body.errors.map((e) => e.parameter)).toContain(parameter);
    }
    expect(internalErrors(t)).toEqual([]);
  });

  test('a page past the last is the empty page, up to the largest page advertised; internal names never leak', async () => {
    for (const path of ['/services', '/service_at_locations', '/taxonomy_terms']) {
      for (const page of [10_002, 1_000_000]) {
        const res = await fetch(`${t.url}/oruk${path}?page=${page}&per_page=100`);
        expect(res.status, `${path} page ${page}`).toBe(200);
        const body = (await res.json()) as Record<string, unknown>;
        expect(body).toMatchObject({ page_number: page, size: 0, empty: true, last_page: true, first_page: false, contents: [] });
        expect(body.total_items).toBeGreaterThan(0);
      }
    }
    const beyond = await fetch(`${t.url}/oruk/services?page=1000001&per_page=100`);
    expect(beyond.status).toBe(400);
    const text = await beyond.text();
    expect(text).toContain('"page"');
    expect(text).not.toMatch(/offset|first/);
  });
});

describe('HTTP behaviour', () => {
  test('CORS: * on every response, and a preflight answers', async () => {
    const pre = await fetch(`${t.url}/oruk/services`, {
      method: 'OPTIONS',
      headers: { origin: 'https://council.example', 'access-control-request-method': 'GET' },
    });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('*');
    const post = await fetch(`${t.url}/oruk/services`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(post.headers.get('access-control-allow-origin')).toBe('*');
  });
});

test('rate-limited like the rest of the public API, with CORS on the 429', async () => {
  const limited = await startTestApp({ rateLimitPerMinute: 2 });
  try {
    expect((await fetch(`${limited.url}/oruk/`)).status).toBe(200);
    expect((await fetch(`${limited.url}/oruk/taxonomies`)).status).toBe(200);
    const third = await fetch(`${limited.url}/oruk/services`);
    expect(third.status).toBe(429);
    expect(third.headers.get('access-control-allow-origin')).toBe('*');
    expect(third.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await third.json()).toMatchObject({ status: 429, title: 'Too many requests' });
  } finally {
    await limited.close();
  }
});

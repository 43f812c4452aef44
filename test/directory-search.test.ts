import { beforeAll, describe, expect, test } from 'vitest';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { ProviderStatus, ServiceStatus } from '../api/directory/directory.enums.js';
import type { Service } from '../api/directory/service.entity.js';
import { graphql } from './generated/index.js';
import type { ProviderSort, ProvidersQueryVariables, ServiceFilter, ServiceSort, ServicesQueryVariables } from './generated/graphql.js';
import { useTestApp } from './support/app.js';
import { coordinatorProvider, demoProviderId, demoSignIn, publicServices } from './support/demo.js';
import { firstError, internalErrors } from './support/graphql.js';
import { geocode, haversineMiles, orukGet, providerIds, serviceIds } from './support/search.js';
import { addProvider, addService, createConsortium, directoryWrites, seedSyntheticDirectory } from './support/seed.js';
import type { SyntheticDirectory } from './fixtures/oruk/synthetic.js';

/**
 * Finding providers and services: text that forgives typos and word forms, distance and coverage,
 * filters that combine, stable paging, what the public may see, and a statement count that does not
 * grow with the page. Mostly over the Kirklees demo; the synthetic directory (test/fixtures/oruk) where
 * a test must know what every filter should return, and providers of its own where a test changes data.
 */
describe('over the Kirklees demo', () => {
  const t = useTestApp({ seeded: true });
  const SERVICES = graphql(`
    query Services($filter: ServiceFilter, $sort: ServiceSort, $first: Int, $after: String) {
      services(filter: $filter, sort: $sort, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor distanceMiles node { id name hourlyRatePence acceptsDirectPayments category { slug }
          provider { id slug isCooperative paysRealLivingWage cqcRating status } } }
      }
    }
  `);

  const PROVIDERS = graphql(`
    query Providers($filter: ProviderFilter, $sort: ProviderSort, $first: Int, $after: String) {
      providers(filter: $filter, sort: $sort, first: $first, after: $after) {
        totalCount
        pageInfo { hasNextPage endCursor }
        edges { cursor distanceMiles node { id slug name isCooperative paysRealLivingWage cqcRating status } }
      }
    }
  `);

  async function services(variables: ServicesQueryVariables) {
    const res = await t.gql(SERVICES, variables);
    expect(res.errors).toBeUndefined();
    return res.data!.services;
  }

  async function providers(variables: ProvidersQueryVariables) {
    const res = await t.gql(PROVIDERS, variables);
    expect(res.errors).toBeUndefined();
    return res.data!.providers;
  }

  /** Bad input on purpose: the variables are checked by the server, not by the compiler. */
  async function errorOf(document: TypedDocumentNode<unknown, never> | string, variables: Record<string, unknown>) {
    const res = await t.gql(document as TypedDocumentNode<unknown, Record<string, unknown>>, variables);
    expect(res.errors, JSON.stringify(res)).toBeDefined();
    return res.errors![0];
  }

  describe('text search', () => {
    test('"gardning" (a typo) finds the gardening services first', async () => {
      const page = await services({ filter: { text: 'gardning' }, first: 10 });
      expect(page.totalCount).toBeGreaterThanOrEqual(3);
      expect(page.edges[0].node.category.slug).toBe('gardening-and-maintenance');
      const gardening = page.edges.filter((e) => e.node.category.slug === 'gardening-and-maintenance').map((e) => e.node.name);
      expect(gardening).toEqual(expect.arrayContaining(['Gardening service', 'Garden help', 'Handyperson and small repairs']));
    });

    test('"befreinding" finds befriending services', async () => {
      const page = await services({ filter: { text: 'befreinding' }, first: 20 });
      expect(page.totalCount).toBeGreaterThanOrEqual(3);
      expect(page.edges[0].node.category.slug).toBe('befriending-and-social');
      expect(page.edges.map((e) => e.node.name)).toEqual(
        expect.arrayContaining(['Valley befriending', 'Telephone befriending', 'Home befriending']),
      );
    });

    test('word forms: "gardens" finds gardening, "shopped" finds shopping', async () => {
      const gardens = await services({ filter: { text: 'gardens' }, first: 5 });
      expect(gardens.edges[0].node.category.slug).toBe('gardening-and-maintenance');
      const shopped = await services({ filter: { text: 'shopped' }, first: 5 });
      expect(shopped.edges[0].node.category.slug).toBe('meals-and-shopping');
    });

    test('ranking: a match in the service name ranks above one in a description only', async () => {
      const names = (await services({ filter: { text: 'garden' }, first: 100 })).edges.map((e) => e.node.name);
      expect(names).toContain('Riverside day club'); // "gardening" in its description only
      expect(names.indexOf('Gardening service')).toBeLessThan(names.indexOf('Riverside day club'));
      expect(names.indexOf('Community garden and café')).toBeLessThan(names.indexOf('Riverside day club'));
    });

    test('every word must match when some service matches them all', async () => {
      expect((await services({ filter: { text: 'zzyzx' } })).totalCount).toBe(0);
      const both = await services({ filter: { text: 'halal meals' } });
      expect(both.edges.map((e) => e.node.name)).toEqual(['Halal and vegetarian meals']);
    });

    test('when nothing matches every word, services matching any of them come back, the best first', async () => {
      // No shopping service's listing says "help": rather than an empty page, the shopping services and the "help" ones.
      const page = await services({ filter: { text: 'help with shopping' }, first: 100 });
      const names = page.edges.map((e) => e.node.name);
      expect(names).toEqual(expect.arrayContaining(['Shopping trips', 'Weekly shopping service']));
      expect(page.totalCount).toBeGreaterThan((await services({ filter: { text: 'shopping' } })).totalCount);
      // Paging replays the same fallback: no duplicates or gaps.
      const second = await services({
        filter: { text: 'help with shopping' },
        first: 5,
        after: (await services({ filter: { text: 'help with shopping' }, first: 5 })).pageInfo.endCursor,
      });
      expect(second.edges.map((e) => e.node.id)).toEqual(page.edges.slice(5, 10).map((e) => e.node.id));
      // A single unknown word still finds nothing.
      expect((await services({ filter: { text: 'zzyzx' } })).totalCount).toBe(0);
    });

    test('providers: text matches their own words and their services', async () => {
      const page = await providers({ filter: { text: 'advocacy' } });
      expect(page.edges[0].node.slug).toBe('lindley-advocacy-co-operative');
    });
  });

  describe('distance and areas', () => {
    test('near a postcode: within the radius, nearest first, distances true to the coordinates', async () => {
      const origin = await geocode(t, 'HD1 2TA');
      const dewsbury = await geocode(t, 'WF13 1AS');
      const page = await providers({ filter: { near: { postcode: 'HD1 2TA', radiusMiles: 30 } }, sort: 'DISTANCE', first: 100 });
      const miles = page.edges.map((e) => e.distanceMiles!);
      expect(miles).toEqual([...miles].sort((a, b) => a - b));
      // Kirklees Friendship Trust is at HD1 2TA itself.
      expect(page.edges[0].node.slug).toBe('kirklees-friendship-trust');
      expect(page.edges[0].distanceMiles).toBeCloseTo(0, 5);
      const dewsburyCoop = page.edges.find((e) => e.node.slug === 'dewsbury-community-care-co-op')!;
      const expected = haversineMiles(origin, dewsbury);
      expect(expected).toBeGreaterThan(6);
      expect(expected).toBeLessThan(8);
      expect(Math.abs(dewsburyCoop.distanceMiles! - expected)).toBeLessThan(0.05);
    });

    test('the radius excludes providers further away', async () => {
      const page = await providers({ filter: { near: { postcode: 'HD7 6BN', radiusMiles: 3 } }, first: 100 });
      const slugs = page.edges.map((e) => e.node.slug);
      expect(slugs).toContain('marsden-moor-homecare-co-op');
      expect(slugs).toContain('colne-valley-care-co-operative');
      expect(slugs).not.toContain('dewsbury-community-care-co-op');
      expect(page.edges.every((e) => e.distanceMiles! <= 3)).toBe(true);
    });

    test('services near a postcode carry the distance to their provider', async () => {
      const page = await services({ filter: { near: { postcode: 'WF13 1AS', radiusMiles: 2 } }, first: 100 });
      expect(page.totalCount).toBeGreaterThan(0);
      expect(page.edges.every((e) => e.distanceMiles !== null && e.distanceMiles <= 2)).toBe(true);
      const all = await services({ first: 10 });
      expect(all.edges.every((e) => e.distanceMiles === null)).toBe(true);
    });

    test('servesPostcode: by postcode district (and any radius that reaches it)', async () => {
      const page = await providers({ filter: { servesPostcode: 'BD19 3AA' }, first: 100 });
      // Three list BD19; Mirfield's 8-mile radius around its office reaches Cleckheaton too.
      expect(page.edges.map((e) => e.node.slug).sort()).toEqual(
        [
          'lindley-advocacy-co-operative',
          'liversedge-community-transport-co-operative',
          'spen-valley-support-co-operative',
          'mirfield-garden-and-home-co-operative',
        ].sort(),
      );
    });

    test('servesPostcode: by a radius around a point, outside the districts listed', async () => {
      // Marsden Moor lists only HD7 but works 4 miles around Marsden: Slaithwaite (HD7) yes; and Holme Valley's
      // 5-mile radius around Holmfirth reaches Honley (HD9) which it lists anyway, and Kirkburton's 6 miles reach Shepley.
      const holmfirth = await providers({ filter: { servesPostcode: 'HD8 9AA' }, first: 100 });
      const slugs = holmfirth.edges.map((e) => e.node.slug);
      expect(slugs).toContain('kirkburton-rural-care-co-operative');
      const byDistrict = await t.db.query(`SELECT count(*)::int AS n FROM service_area WHERE outcode = 'HD8'`);
      expect(byDistrict[0].n).toBeGreaterThan(0);
      // Mirfield's 8-mile radius reaches Dewsbury (WF12), a district it does not list.
      const wf12 = await providers({ filter: { servesPostcode: 'WF12 8DG' }, first: 100 });
      expect(wf12.edges.map((e) => e.node.slug)).toContain('mirfield-garden-and-home-co-operative');
      // …but not Marsden, 10+ miles away.
      const marsden = await providers({ filter: { servesPostcode: 'HD7 6AW' }, first: 100 });
      expect(marsden.edges.map((e) => e.node.slug)).not.toContain('mirfield-garden-and-home-co-operative');
    });
  });

  describe('filters', () => {
    test('categories (any of)', async () => {
      const page = await services({ filter: { categories: ['transport', 'respite'] }, first: 100 });
      expect(page.totalCount).toBeGreaterThan(0);
      expect(new Set(page.edges.map((e) => e.node.category.slug))).toEqual(new Set(['transport', 'respite']));
      const provs = await providers({ filter: { categories: ['advocacy-and-advice'] }, first: 100 });
      expect(provs.edges.map((e) => e.node.slug).sort()).toEqual(
        ['dewsbury-community-care-co-op', 'kirklees-friendship-trust', 'lindley-advocacy-co-operative'].sort(),
      );
    });

    test('cqcRatingAtLeast', async () => {
      const good = await services({ filter: { cqcRatingAtLeast: 'GOOD' }, first: 100 });
      expect(good.totalCount).toBeGreaterThan(0);
      expect(good.edges.every((e) => ['OUTSTANDING', 'GOOD'].includes(e.node.provider.cqcRating))).toBe(true);
      const outstanding = await providers({ filter: { cqcRatingAtLeast: 'OUTSTANDING' }, first: 100 });
      expect(outstanding.edges.map((e) => e.node.slug).sort()).toEqual([
        'holme-valley-neighbours-co-operative',
        'honley-respite-co-operative',
      ]);
    });

    test('cooperativesOnly, livingWageOnly, acceptsDirectPayments', async () => {
      const all = await services({ first: 100 });
      const coops = await services({ filter: { cooperativesOnly: true }, first: 100 });
      expect(coops.totalCount).toBe(all.edges.filter((e) => e.node.provider.isCooperative).length);
      expect(coops.totalCount).toBeLessThan(all.totalCount);
      const lw = await services({ filter: { livingWageOnly: true }, first: 100 });
      expect(lw.totalCount).toBe(all.edges.filter((e) => e.node.provider.paysRealLivingWage).length);
      const dp = await services({ filter: { acceptsDirectPayments: true }, first: 100 });
      expect(dp.totalCount).toBe(all.edges.filter((e) => e.node.acceptsDirectPayments).length);
      expect(dp.totalCount).toBeLessThan(all.totalCount);
      const provs = await providers({ filter: { cooperativesOnly: true, livingWageOnly: true }, first: 100 });
      expect(provs.edges.every((e) => e.node.isCooperative && e.node.paysRealLivingWage)).toBe(true);
    });

    test('filters combine with AND', async () => {
      const filter: ServiceFilter = {
        text: 'care',
        near: { postcode: 'HD1 2TA', radiusMiles: 12 },
        servesPostcode: 'HD1 1RH',
        categories: ['personal-care'],
        cqcRatingAtLeast: 'GOOD',
        cooperativesOnly: true,
        livingWageOnly: true,
        acceptsDirectPayments: true,
      };
      const page = await services({ filter, first: 100 });
      const all = await services({ filter: { near: { postcode: 'HD1 2TA', radiusMiles: 12 } }, first: 100 });
      const expected = all.edges.filter(
        (e) =>
          e.node.category.slug === 'personal-care' &&
          ['OUTSTANDING', 'GOOD'].includes(e.node.provider.cqcRating) &&
          e.node.provider.isCooperative &&
          e.node.provider.paysRealLivingWage &&
          e.node.acceptsDirectPayments,
      );
      const serving = new Set((await providers({ filter: { servesPostcode: 'HD1 1RH' }, first: 100 })).edges.map((e) => e.node.id));
      const ids = expected.filter((e) => serving.has(e.node.provider.id)).map((e) => e.node.id);
      expect(page.edges.map((e) => e.node.id).sort()).toEqual(ids.sort());
      expect(page.totalCount).toBeGreaterThan(0);
      expect(page.totalCount).toBeLessThan(all.totalCount);
    });
  });

  describe('pagination', () => {
    type Page = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor?: string | null }; edges: { node: { id: string } }[] };
    const walk = async (fetch: (after: string | null) => Promise<Page>) => {
      const ids: string[] = [];
      let after: string | null = null;
      let total = -1;
      for (let guard = 0; guard < 100; guard++) {
        const page = await fetch(after);
        total = page.totalCount;
        ids.push(...page.edges.map((e) => e.node.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor ?? null;
      }
      return { ids, total };
    };

    const cases: [ServiceSort, ServiceFilter][] = [
      ['NAME', {}],
      ['PRICE', {}],
      ['RELEVANCE', { text: 'care' }],
      ['DISTANCE', { near: { postcode: 'HD1 2TA', radiusMiles: 30 } }],
    ];
    test.each(cases)('services by %s: small pages hold every row once, in the one-page order', async (sort, filter) => {
      const whole = await services({ filter, sort, first: 100 });
      expect(whole.pageInfo.hasNextPage).toBe(false);
      const { ids, total } = await walk((after) => services({ filter, sort, first: 4, after }));
      expect(new Set(ids).size).toBe(ids.length);
      expect(ids.length).toBe(total);
      expect(total).toBe(whole.totalCount);
      expect(ids).toEqual(whole.edges.map((e) => e.node.id));
    });

    const providerCases = cases.filter((c): c is [ProviderSort, ServiceFilter] => c[0] !== 'PRICE');
    test.each(providerCases)('providers by %s: no duplicates or gaps', async (sort, filter) => {
      const whole = await providers({ filter, sort, first: 100 });
      const { ids, total } = await walk((after) => providers({ filter, sort, first: 3, after }));
      expect(new Set(ids).size).toBe(ids.length);
      expect(total).toBe(whole.totalCount);
      expect(ids).toEqual(whole.edges.map((e) => e.node.id));
    });

    test('NAME order is alphabetical; PRICE cheapest first', async () => {
      const byName = await services({ sort: 'NAME', first: 100 });
      const names = byName.edges.map((e) => e.node.name.toLowerCase());
      expect(names).toEqual([...names].sort());
      const byPrice = await services({ sort: 'PRICE', first: 100 });
      const prices = byPrice.edges.map((e) => e.node.hourlyRatePence);
      expect(prices).toEqual([...prices].sort((a, b) => a - b));
    });

    test('first: 0 gives the count and no rows', async () => {
      const page = await services({ first: 0 });
      expect(page.edges).toEqual([]);
      expect(page.totalCount).toBeGreaterThanOrEqual(40);
    });
  });

  describe('visibility', () => {
    test('DRAFT and SUSPENDED providers and their services are hidden', async () => {
      const all = await providers({ first: 100 });
      expect(all.edges.every((e) => e.node.status === 'PUBLISHED')).toBe(true);
      const slugs = all.edges.map((e) => e.node.slug);
      expect(slugs).not.toContain('denby-dale-care-co-operative');
      expect(slugs).not.toContain('birstall-homecare-co-op');
      const hidden = [demoProviderId('denby-dale-care-co-operative'), demoProviderId('birstall-homecare-co-op')];
      for (const id of hidden) {
        const res = await t.gql<{ provider: unknown }, { id: string }>('query($id: ID) { provider(id: $id) { id } }', { id });
        expect(res.data?.provider).toBeNull();
      }
      const bySlug = await t.gql<{ provider: unknown }, object>('{ provider(slug: "denby-dale-care-co-operative") { id } }', {});
      expect(bySlug.data?.provider).toBeNull();
      const [{ id: hiddenService }] = await t.db.query('SELECT id FROM service WHERE provider_id = $1', [hidden[0]]);
      const svc = await t.gql<{ service: unknown }, { id: string }>('query($id: ID!) { service(id: $id) { id } }', { id: hiddenService });
      expect(svc.data?.service).toBeNull();
      const text = await services({ filter: { text: 'Denby Dale' }, first: 100 });
      expect(text.totalCount).toBe(0);
      const allServices = await services({ first: 100 });
      expect(allServices.edges.every((e) => !hidden.includes(e.node.provider.id))).toBe(true);
    });

    test('a published provider by slug, with its relations', async () => {
      const res = await t.gql<{ provider: Record<string, any> }, object>(
        `{ provider(slug: "marsden-moor-homecare-co-op") {
            name parent { slug offspring { slug } } consortium { name members { slug } }
            locations { postcode town latitude longitude } serviceAreas { kind outcode radiusMiles }
            memberClasses { memberClass memberCount } boardSeats { memberClass seats }
            services { name category { slug } openingTimes { dayOfWeek opens closes } areasServed { outcode } } } }`,
        {},
      );
      expect(res.errors).toBeUndefined();
      const p = res.data!.provider;
      expect(p.parent.slug).toBe('colne-valley-care-co-operative');
      expect(p.parent.offspring.map((o: { slug: string }) => o.slug)).toEqual(['marsden-moor-homecare-co-op']);
      expect(p.consortium.members.length).toBeGreaterThanOrEqual(5);
      expect(p.locations[0].postcode).toBe('HD7 6BN');
      expect(p.serviceAreas.map((a: { kind: string }) => a.kind).sort()).toEqual(['POSTCODE_DISTRICT', 'RADIUS']);
      expect(p.memberClasses).toEqual([{ memberClass: 'WORKER', memberCount: 12 }]);
      expect(p.services[0].openingTimes[0]).toEqual({ dayOfWeek: 'MONDAY', opens: '07:00', closes: '22:00' });
      const lists = await t.gql<{ serviceCategories: unknown[]; consortia: unknown[] }, object>(
        '{ serviceCategories { slug name } consortia { slug sharedResources } }',
        {},
      );
      expect(lists.data!.serviceCategories).toHaveLength(9);
      expect(lists.data!.consortia).toHaveLength(1);
    });
  });

  describe('bad input is a typed error, never a 500', () => {
    const cases: [string, TypedDocumentNode<unknown, never>, Record<string, unknown>, string][] = [
      ['malformed postcode', SERVICES, { filter: { near: { postcode: 'NOT A POSTCODE 9' } } }, 'INVALID_POSTCODE'],
      ['unknown postcode', SERVICES, { filter: { near: { postcode: 'ZE3 9ZZ' } } }, 'POSTCODE_NOT_FOUND'],
      ['malformed servesPostcode', PROVIDERS, { filter: { servesPostcode: '12345' } }, 'INVALID_POSTCODE'],
      ['first over 100', SERVICES, { first: 101 }, 'BAD_USER_INPUT'],
      ['negative first', PROVIDERS, { first: -1 }, 'BAD_USER_INPUT'],
      ['garbage cursor', SERVICES, { after: 'not-a-cursor' }, 'BAD_USER_INPUT'],
      [
        'forged cursor',
        SERVICES,
        { after: Buffer.from(JSON.stringify(['NAME', 'x', "'; DROP TABLE service; --"])).toString('base64url') },
        'BAD_USER_INPUT',
      ],
      [
        'cursor of another sort',
        SERVICES,
        { sort: 'PRICE', after: Buffer.from(JSON.stringify(['NAME', 'a', '00000000-0000-0000-0000-000000000000'])).toString('base64url') },
        'BAD_USER_INPUT',
      ],
      ['unknown category', SERVICES, { filter: { categories: ['personal-care', 'astrology'] } }, 'BAD_USER_INPUT'],
      ['text of 10,000 characters', SERVICES, { filter: { text: 'care '.repeat(2000) } }, 'BAD_USER_INPUT'],
      [
        'text of 13 words',
        SERVICES,
        { filter: { text: 'help at home '.repeat(5).trim().split(' ').slice(0, 13).join(' ') } },
        'BAD_USER_INPUT',
      ],
      ['radius 0', SERVICES, { filter: { near: { postcode: 'HD1 2TA', radiusMiles: 0 } } }, 'BAD_USER_INPUT'],
      ['radius over 100', PROVIDERS, { filter: { near: { postcode: 'HD1 2TA', radiusMiles: 101 } } }, 'BAD_USER_INPUT'],
      ['DISTANCE without near', SERVICES, { sort: 'DISTANCE' }, 'BAD_USER_INPUT'],
    ];
    test.each(cases)('%s', async (_name, document, variables, code) => {
      const error = await errorOf(document, variables);
      expect(error.extensions?.code).toBe(code);
      expect(error.message).not.toMatch(/internal/i);
    });

    test('a cursor from one list works on the next page of the same list', async () => {
      const first = await services({ sort: 'NAME', first: 2 });
      const next = await services({ sort: 'NAME', first: 2, after: first.pageInfo.endCursor });
      expect(next.edges[0].node.id).not.toBe(first.edges[1].node.id);
    });

    test('provider needs exactly one of id and slug; an id that is not a UUID is BAD_USER_INPUT', async () => {
      expect((await errorOf('{ provider { id } }', {})).extensions?.code).toBe('BAD_USER_INPUT');
      expect((await errorOf('{ provider(id: "nope") { id } }', {})).extensions?.code).toBe('BAD_USER_INPUT');
    });

    test('nothing unexpected was logged', () => {
      expect(internalErrors(t)).toEqual([]);
    });
  });
});

describe('the any-word fallback and second chance, after listings change', () => {
  /**
   * The text search's second chance and any-word fallback: a word the index holds only because of a
   * draft or text edited away is corrected like an unknown one, and every list decides whether to fall
   * back on the services that matched, not on its rows.
   */
  const t = useTestApp({ seeded: true });
  let colne: string;
  let serviceId: string;
  beforeAll(async () => {
    colne = await coordinatorProvider(t, await demoSignIn(t, 'coordinator'));
    serviceId = (await publicServices(t, colne))[0]!.id;
  });

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

      await directoryWrites(t.services).updateService(serviceId, colne, { description: 'We also do gardning' });
      await directoryWrites(t.services).updateService(serviceId, colne, { description: 'We also do gardening' });
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
      const provider = await addProvider(t.services, { name: 'Quokka Homecare Co-op', locations: [] });
      const service = await addService(t.services, provider.id, {
        name: 'Quokka care visits',
        description: 'Care at home from the quokka team.',
      });

      const services = (await orukGet(t, '/services?search=quokka%20care')).body;
      expect(services.contents.map((s: { id: string }) => s.id)).toEqual([service.id]);
      expect(await count(COUNT, 'quokka care')).toBe(1);

      const pairs = (await orukGet(t, '/service_at_locations?search=quokka%20care')).body;
      expect(pairs.total_items).toBe(0);
      expect(pairs.contents).toEqual([]);
    });
  });
});

describe('over providers of its own', () => {
  const t = useTestApp({ seeded: 'gazetteer' });
  const PROVIDER_IDS = `query($filter: ProviderFilter) { providers(filter: $filter, first: 100) { edges { node { id } } } }`;
  const SERVICE_IDS = `query($filter: ServiceFilter) { services(filter: $filter, first: 100) { edges { node { id } } } }`;

  describe('servesPostcode for providers: one active service must serve the postcode and meet every service-level filter', () => {
    test("a service's own area does not lend itself to a sibling service in another category", async () => {
      const provider = await addProvider(t.services, { serviceAreas: [] });
      await addService(t.services, provider.id, { category: 'personal-care', areas: [{ outcode: 'HD7' }] });
      await addService(t.services, provider.id, { category: 'gardening-and-maintenance', name: 'Gardens', areas: [{ outcode: 'WF13' }] });

      expect(await providerIds(t, { servesPostcode: 'HD7 5AL', categories: ['personal-care'] })).toContain(provider.id);
      expect(await providerIds(t, { servesPostcode: 'WF13 1AS', categories: ['gardening-and-maintenance'] })).toContain(provider.id);
      expect(await providerIds(t, { servesPostcode: 'HD7 5AL', categories: ['gardening-and-maintenance'] })).not.toContain(provider.id);
      expect(await providerIds(t, { servesPostcode: 'WF13 1AS', categories: ['personal-care'] })).not.toContain(provider.id);
    });

    test('areas of inactive services serve nobody', async () => {
      const provider = await addProvider(t.services, { serviceAreas: [] });
      const active = await addService(t.services, provider.id, { category: 'personal-care' });
      const inactive = await addService(t.services, provider.id, {
        category: 'respite',
        status: ServiceStatus.INACTIVE,
        areas: [{ outcode: 'HD7' }],
      });
      expect(await providerIds(t, { servesPostcode: 'HD7 5AL' })).not.toContain(provider.id);
      expect(await serviceIds(t, { servesPostcode: 'HD7 5AL' })).not.toContain(inactive.id);

      await directoryWrites(t.services).updateService(inactive.id, provider.id, { status: ServiceStatus.ACTIVE });
      expect(await providerIds(t, { servesPostcode: 'HD7 5AL' })).toContain(provider.id);
      expect(await serviceIds(t, { servesPostcode: 'HD7 5AL' })).toEqual(expect.arrayContaining([inactive.id]));
      expect(await serviceIds(t, { servesPostcode: 'HD7 5AL' })).not.toContain(active.id);
    });

    test('a provider-wide area serves through any active service; with none active, nothing is served', async () => {
      const provider = await addProvider(t.services, { serviceAreas: [{ outcode: 'HD7' }] });
      const service = await addService(t.services, provider.id, { category: 'respite' });
      expect(await providerIds(t, { servesPostcode: 'HD7 5AL', categories: ['respite'] })).toContain(provider.id);
      await directoryWrites(t.services).updateService(service.id, provider.id, { status: ServiceStatus.INACTIVE });
      expect(await providerIds(t, { servesPostcode: 'HD7 5AL' })).not.toContain(provider.id);
    });
  });

  describe('given-but-empty strings in a filter are checked, not ignored', () => {
    test('servesPostcode: "" and near.postcode: "" are INVALID_POSTCODE', async () => {
      for (const query of [PROVIDER_IDS, SERVICE_IDS]) {
        expect((await firstError(t, query, { filter: { servesPostcode: '' } })).extensions).toMatchObject({
          code: 'INVALID_POSTCODE',
          argument: 'filter.servesPostcode',
        });
        expect((await firstError(t, query, { filter: { near: { postcode: '' } } })).extensions).toMatchObject({
          code: 'INVALID_POSTCODE',
          argument: 'filter.near.postcode',
        });
      }
    });

    test('provider(slug: "") is a slug nobody has, not a missing argument', async () => {
      const res = await t.gql<{ provider: unknown }, unknown>(`query { provider(slug: "") { id } }`);
      expect(res.errors).toBeUndefined();
      expect(res.data!.provider).toBeNull();
      expect((await firstError(t, `query { provider(id: "", slug: "") { id } }`)).extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    });
  });

  describe('typo correction offers only words of the public directory', () => {
    const corrections = async (text: string): Promise<string> =>
      ((await t.db.query('SELECT directory_query($1)::text AS q', [text])) as { q: string }[])[0].q;

    test("a draft, suspended or deleted provider's words are not offered; published ones are", async () => {
      const directory = directoryWrites(t.services);
      const draft = await addProvider(t.services, { name: 'Zorblewick Homecare', status: ProviderStatus.DRAFT });
      expect(await corrections('zorblewik')).not.toContain('zorblewick');

      await directory.setProviderStatus(draft.id, 'PUBLISHED');
      expect(await corrections('zorblewik')).toContain('zorblewick');
      expect(await providerIds(t, { text: 'zorblewik' })).toContain(draft.id);

      await directory.setProviderStatus(draft.id, 'SUSPENDED');
      expect(await corrections('zorblewik')).not.toContain('zorblewick');

      await directory.setProviderStatus(draft.id, 'PUBLISHED');
      await t.db.query('DELETE FROM provider WHERE id = $1', [draft.id]);
      expect(await corrections('zorblewik')).not.toContain('zorblewick');
    });

    test("an inactive service's words are not offered", async () => {
      const provider = await addProvider(t.services);
      const service = await addService(t.services, provider.id, { name: 'Quillibrant sessions', status: ServiceStatus.INACTIVE });
      // The query holds stems: "quillibrant" is 'quillibr'.
      expect(await corrections('quilibrant')).not.toContain('quillibr');
      await directoryWrites(t.services).updateService(service.id, provider.id, { status: ServiceStatus.ACTIVE });
      expect(await corrections('quilibrant')).toContain('quillibr');
    });
  });
});

describe('over the synthetic directory', () => {
  let data: SyntheticDirectory;
  const t = useTestApp({ seeded: 'gazetteer' }, async (t) => {
    data = await seedSyntheticDirectory(t.services, 30);
  });
  const timesOf = (s: Service) => data.openingTimes.filter((o) => o.serviceId === s.id);
  const sorted = (ids: string[]) => [...ids].sort();
  const where = (keep: (s: Service) => boolean) => sorted(data.published.filter(keep).map((s) => s.id));

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
          (o) =>
            o.dayOfWeek === day && (!from || (o.opens <= from && o.closes > from)) && (!until || (o.opens < until && o.closes >= until)),
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
});

describe('the search’s caches', () => {
  const t = useTestApp({ seeded: 'gazetteer' });
  const COUNT = `query($text: String!) { services(filter: { text: $text, near: { postcode: "HD1 2TA" } }) { totalCount } }`;
  async function count(text: string): Promise<number> {
    const res = await t.gql<{ services: { totalCount: number } }, { text: string }>(COUNT, { text });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data!.services.totalCount;
  }

  test('a listing edit shows in the next search on this instance, though the text’s correction was cached', async () => {
    const provider = await addProvider(t.services, { name: 'Wren Companions' });
    const service = await addService(t.services, provider.id, { name: 'Befriending visits', description: 'Company at home.' });
    expect(await count('gardning')).toBe(0);
    expect(await count('gardning')).toBe(0);
    expect(t.services.directorySearch.cacheStatistics().textQuery.hits).toBeGreaterThan(0);

    await directoryWrites(t.services).updateService(service.id, provider.id, { description: 'Company at home, and gardening.' });
    expect(await count('gardning')).toBe(1);
  });

  test('searches for an unknown category are refused without emptying the taxonomy cache for everyone', async () => {
    const CATEGORY = `query($slugs: [String!]) { services(filter: { categories: $slugs }) { totalCount } }`;
    const known = await t.gql(CATEGORY, { slugs: ['personal-care'] });
    expect(known.errors).toBeUndefined();
    const statementsOfUnknown = [];
    for (let i = 0; i < 3; i++) {
      const before = t.statements.statements.length;
      const res = await t.gql(CATEGORY, { slugs: ['nope'] });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
      statementsOfUnknown.push(t.statements.statements.slice(before).filter((q) => /service_category/.test(q)));
    }
    // Each unknown slug is looked up alone; the whole taxonomy is never re-read for it.
    for (const statements of statementsOfUnknown) {
      expect(statements).toHaveLength(1);
      expect(statements[0]).toMatch(/slug = ANY/);
    }
    const hitsBefore = t.services.directorySearch.cacheStatistics().categories.hits;
    const before = t.statements.statements.length;
    expect((await t.gql(CATEGORY, { slugs: ['personal-care'] })).errors).toBeUndefined();
    expect(t.statements.statements.slice(before).filter((q) => /^SELECT id, slug, parent_id FROM service_category/.test(q))).toEqual([]);
    expect(t.services.directorySearch.cacheStatistics().categories.hits).toBe(hitsBefore + 1);
  });

  test('a write rolled back leaves the cache be, and the caches are bounded', async () => {
    const before = t.services.directorySearch.cacheStatistics().textQuery;
    await expect(
      t.services.uow.transaction(async () => {
        await addProvider(t.services, { name: 'Rolled Back Gardening Co-op' });
        throw new Error('changed our mind');
      }),
    ).rejects.toThrow('changed our mind');
    expect(await count('gardning')).toBe(1);
    const after = t.services.directorySearch.cacheStatistics().textQuery;
    expect(after.hits).toBeGreaterThan(before.hits);
    expect(after.size).toBeLessThanOrEqual(after.max);
    expect(after.max).toBeLessThanOrEqual(10_000);
    expect(t.services.geo.cacheStatistics().geocode.max).toBeLessThanOrEqual(20_000);
  });
});

describe('statements per page', () => {
  const t = useTestApp({ seeded: 'gazetteer' }, async (t) => {
    const consortium = await createConsortium(t.services, { name: 'Test consortium', slug: 'test-consortium' });
    // 20 providers × 6 services: a page of 100 spans many providers, categories and schedules.
    for (let p = 0; p < 20; p++) {
      const provider = await addProvider(t.services, {
        name: `Statement Test Co-op ${p}`,
        consortiumId: p % 2 === 0 ? consortium.id : null,
        serviceAreas: [{ outcode: 'HD1' }, { latitude: 53.64, longitude: -1.78, radiusMiles: 5 }],
      });
      for (const [i, category] of STATEMENT_CATEGORIES.entries()) {
        await addService(t.services, provider.id, {
          category,
          name: `Service ${p}-${i}`,
          hourlyRatePence: 2000 + p * 10 + i,
          areas: i === 0 ? [{ outcode: 'HD2' }] : [],
        });
      }
    }
  });
  const STATEMENT_CATEGORIES = ['personal-care', 'domestic-help', 'gardening-and-maintenance', 'transport', 'respite', 'day-activities'];

  const PAGE = `query Page($first: Int, $filter: ServiceFilter) {
    services(first: $first, filter: $filter) {
      totalCount
      edges { distanceMiles node {
        id name hourlyRatePence
        category { slug name parent { slug } }
        provider {
          name consortium { name } locations { postcode } memberClasses { memberClass memberCount } boardSeats { seats } parent { name }
        }
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
    // The search (its page's services, providers and categories with it), then one each for the fields the
    // page's rows share: consortium, locations, member classes, board seats, areas and opening times.
    expect(large.count).toBe(7);
  });

  test('with text, near and a category filter the count stays flat too; the postcode, text and taxonomy are read once', async () => {
    const filter = { text: 'home care', near: { postcode: 'HD1 2TA', radiusMiles: 10 }, categories: ['personal-care'] };
    const first = await statementsFor(2, filter);
    const small = await statementsFor(2, filter);
    const large = await statementsFor(20, filter);
    expect(large.rows).toBe(20);
    expect(large.count).toBe(small.count);
    expect(large.count).toBe(7);
    // The first search also geocoded HD1 2TA, resolved "home care" and read the taxonomy.
    expect(first.count).toBe(small.count + 3);
  });
});

import { expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { allPages, getValid } from './support/oruk.js';

/**
 * What a council's ORUK compliance check does (the validator's HSDS-UK-3.0 profile: `/`, `/services`
 * paged, `/services/{id}`, then taxonomies, terms and service-at-locations), over the Kirklees demo.
 */
const t = useTestApp({ seeded: true });

test('the compliance check passes over the demo directory: every endpoint, every page, every id', async () => {
  await getValid(t, '/', 'api_details');

  const services = await allPages(t, '/services', 'service_list', 10);
  const graphql: any = await t.gql('{ services(first: 100) { totalCount } }');
  expect(services.length).toBe(graphql.data.services.totalCount);
  expect(services.length).toBeGreaterThanOrEqual(40);
  for (const service of services) {
    const full = await getValid(t, `/services/${service.id}`, 'service');
    expect(full.cost_options[0]).toMatchObject({ option: 'per hour', currency: 'GBP' });
  }

  const taxonomies = await allPages(t, '/taxonomies', 'taxonomy_list', 2);
  for (const taxonomy of taxonomies) await getValid(t, `/taxonomies/${taxonomy.id}`, 'taxonomy');
  const terms = await allPages(t, '/taxonomy_terms', 'taxonomy_term_list', 10);
  for (const term of terms) await getValid(t, `/taxonomy_terms/${term.id}`, 'taxonomy_term');
  expect(terms.map((term) => term.code)).toEqual(
    expect.arrayContaining(['personal-care', 'gardening-and-maintenance', 'day-activities', 'dementia', 'sight-loss']),
  );

  const links = await allPages(t, '/service_at_locations', 'service_at_location_list', 10);
  expect(new Set(links.map((l) => l.service_id)).size).toBe(services.length);
  for (const link of links) await getValid(t, `/service_at_locations/${link.id}`, 'service_at_location');
});

test('every filter over the demo data gives schema-valid pages', async () => {
  const terms = (await getValid(t, '/taxonomy_terms?per_page=100', 'taxonomy_term_list')).contents;
  const personalCare = terms.find((term: any) => term.code === 'personal-care');
  const dementia = terms.find((term: any) => term.code === 'dementia');
  const queries = [
    'supports=dementia,stroke',
    'languages=ur,Polish',
    `taxonomy_term_id=${dementia.id}`,
    `taxonomy_id=${dementia.taxonomy_id}`,
    'search=gardning',
    `taxonomy_term_id=${personalCare.id}`,
    `taxonomy_id=${personalCare.taxonomy_id}`,
    'minimum_age=18',
    'maximum_age=120',
    'day=SA',
    'start_time=08:00',
    'end_time=18:00',
    'search=care&day=MO&start_time=07:00&end_time=22:00',
  ];
  for (const query of queries) {
    const found = await allPages(t, `/services?${query}`, 'service_list', 5);
    await allPages(t, `/service_at_locations?${query}`, 'service_at_location_list', 5);
    if (query === 'search=gardning') expect(found.length).toBeGreaterThan(0);
  }
  const near = await allPages(t, '/service_at_locations?postcode=HD7%205AB&proximity=8000', 'service_at_location_list', 5);
  const covering = await allPages(t, '/service_at_locations?postcode=HD7%205AB', 'service_at_location_list', 5);
  expect(near.length).toBeGreaterThan(0);
  expect(near.length).toBeLessThanOrEqual(covering.length);
});

test('a typical search through GraphQL `services` and ORUK `service_at_locations` gives the same services in the same order', async () => {
  const filter = { text: 'care', servesPostcode: 'HD1 2TA', near: { postcode: 'HD1 2TA', radiusMiles: 10 } };
  const res: any = await t.gql(
    'query Typical($filter: ServiceFilter) { services(filter: $filter, sort: RELEVANCE, first: 100) { totalCount edges { node { id } } } }',
    { filter },
  );
  expect(res.errors).toBeUndefined();
  const graphql = res.data.services.edges.map((e: any) => e.node.id);
  expect(graphql.length).toBeGreaterThan(1);
  const oruk = await allPages(
    t,
    `/service_at_locations?search=care&postcode=HD1%202TA&proximity=${10 * 1609.344}`,
    'service_at_location_list',
    7,
  );
  expect([...new Set(oruk.map((l) => l.service_id))]).toEqual(graphql);
});

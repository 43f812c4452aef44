import { describe, expect, test } from 'vitest';
import { graphql } from './generated/index.js';
import { useTestApp } from './support/app.js';
import { orukGet } from './support/search.js';

/**
 * RELEVANCE with text over the Kirklees demo: services working in a language the text names first, and
 * distance blended into the text score under `near`; ORUK, going through the same search, in the same order.
 */

const RANKED = graphql(`
  query RankedServices($filter: ServiceFilter, $first: Int, $after: String) {
    services(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { distanceMiles node { id name languages category { slug } } }
    }
  }
`);

const t = useTestApp({ seeded: true });
const ranked = async (filter: Record<string, unknown>, first = 100, after?: string) => {
  const res = await t.gql(RANKED, { filter, first, after });
  expect(res.errors, JSON.stringify(filter)).toBeUndefined();
  return res.data!.services;
};

describe('a language the text names', () => {
  test('"urdu speaking carer": the carers working in Urdu come before every other, Urdu meals and advice not', async () => {
    const found = await ranked({ text: 'urdu speaking carer' });
    const top = found.edges.map((e) => e.node);
    expect(top.slice(0, 2).map((n) => [n.languages.includes('Urdu'), n.category.slug])).toEqual([
      [true, 'personal-care'],
      [true, 'personal-care'],
    ]);
    expect(top.slice(2).filter((n) => n.languages.includes('Urdu') && n.category.slug === 'personal-care')).toEqual([]);
    const urduMeals = top.findIndex((n) => n.name === 'Halal and vegetarian meals');
    expect(urduMeals).toBeGreaterThan(2);
  });

  test('the same words without the language no longer puts the Urdu services first', async () => {
    const found = await ranked({ text: 'speaking carer' });
    const speaks = found.edges.slice(0, 4).map((e) => e.node.languages.includes('Urdu'));
    expect(speaks).not.toEqual([true, true, true, true]);
  });

  test('"dementia urdu": the dementia service comes first, not the Urdu services that say nothing of dementia', async () => {
    const found = await ranked({ text: 'dementia urdu' });
    expect(found.edges[0]!.node.name).toBe('Wednesday memory café');
  });

  test('a language name that is an ordinary word lifts nothing the rest of the text does not ask for', async () => {
    const dusting = await ranked({ text: 'someone to polish and dust' });
    expect(dusting.edges.slice(0, 3).map((e) => e.node.category.slug)).toEqual(['domestic-help', 'domestic-help', 'domestic-help']);
    const forms = await ranked({ text: 'help signing forms' });
    expect(forms.edges[0]!.node.category.slug).toBe('advocacy-and-advice');
    expect(forms.edges[0]!.node.languages).not.toContain('British Sign Language');
  });
});

describe('nearness blended into RELEVANCE', () => {
  test('"personal care" near HD1 1DA: the nearest personal care, 0.11 miles away, comes first', async () => {
    const found = await ranked({ text: 'personal care', near: { postcode: 'HD1 1DA', radiusMiles: 10 } });
    const personal = found.edges.filter((e) => e.node.category.slug === 'personal-care');
    const nearest = [...personal].sort((a, b) => a.distanceMiles! - b.distanceMiles!)[0]!;
    expect(nearest.distanceMiles).toBeLessThan(0.2);
    expect(found.edges[0]!.node.id).toBe(nearest.node.id);
    // Without `near` the same text ranks it lower: distance is what lifts it.
    const anywhere = (await ranked({ text: 'personal care' })).edges.map((e) => e.node.id);
    expect(anywhere.indexOf(nearest.node.id)).toBeGreaterThan(0);
  });

  test('of two services with the same text, the closer ranks first', async () => {
    const found = await ranked({ text: 'home care', near: { postcode: 'HD1 1DA', radiusMiles: 30 } });
    const sameText = found.edges.filter((e) => e.node.name === 'Home care');
    expect(sameText.length).toBeGreaterThanOrEqual(2);
    expect(sameText.map((e) => e.distanceMiles)).toEqual([...sameText.map((e) => e.distanceMiles!)].sort((a, b) => a - b));
  });

  test('paging by cursor under the blended score holds every service once', async () => {
    const filter = { text: 'care', near: { postcode: 'HD1 1DA', radiusMiles: 30 } };
    const all = (await ranked(filter)).edges.map((e) => e.node.id);
    const paged: string[] = [];
    for (let after: string | undefined, more = true; more; ) {
      const page = await ranked(filter, 3, after);
      paged.push(...page.edges.map((e) => e.node.id));
      more = page.pageInfo.hasNextPage;
      after = page.pageInfo.endCursor ?? undefined;
    }
    expect(paged).toEqual(all);
  });
});

describe('ORUK goes through the same search', () => {
  test.each(['lonely', 'lift to the doctors', 'urdu speaking carer', 'someone to do my shopping'])(
    '/services?search=%s lists the services GraphQL finds, in the same order',
    async (text) => {
      const graph = (await ranked({ text })).edges.map((e) => e.node.id);
      const oruk = await orukGet(t, `/services?search=${encodeURIComponent(text)}&per_page=100`);
      expect(oruk.status).toBe(200);
      expect(oruk.body.contents.map((s: { id: string }) => s.id)).toEqual(graph);
    },
  );

  test.each([
    ['personal care', 'HD1 1DA'],
    ['lonely', 'WF13 1AS'],
    ['lift to the doctors', 'Heckmondwike'],
    ['dementia day centre', 'Holmfirth'],
  ])('/service_at_locations?search=%s near %s lists the services GraphQL finds near it, in the same order', async (text, postcode) => {
    const graph = (await ranked({ text, servesPostcode: postcode, near: { postcode, radiusMiles: 10 } })).edges.map((e) => e.node.id);
    const oruk = await orukGet(
      t,
      `/service_at_locations?search=${encodeURIComponent(text)}&postcode=${encodeURIComponent(postcode)}&proximity=16093.44&per_page=100`,
    );
    expect(oruk.status).toBe(200);
    expect(oruk.body.contents.map((s: { service: { id: string } }) => s.service.id)).toEqual(graph);
  });
});

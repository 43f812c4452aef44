import type { DataSource } from 'typeorm';

/**
 * The directory-search bench's mix: at least 200 different searches a resident or a council page might
 * send, so that no cache can answer the run from one repeated query. Postcodes come from the gazetteer
 * the bench seeds (Kirklees and its neighbours, where the synthetic directory has providers around
 * Huddersfield, Dewsbury, Halifax, Bradford, Leeds and Wakefield), so most searches find services.
 */

export const SEARCH_QUERY = /* GraphQL */ `
  query BenchSearch($filter: ServiceFilter, $first: Int) {
    services(filter: $filter, sort: RELEVANCE, first: $first) {
      totalCount
      edges {
        cursor
        distanceMiles
        node { id name hourlyRatePence provider { id name isCooperative cqcRating } category { slug name } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;

/**
 * One word, two words, a misspelling the typo check corrects ("carre" → "care"), words only some
 * services hold, and no text at all (sorted by distance).
 */
const TEXTS = ['personal care', '', 'care', 'carre', 'domestic help', 'co-operative', 'transport', 'suport at home'];

/** One filter, several, or none, over the ServiceFilter fields a search page offers. */
const FILTERS: Record<string, unknown>[] = [
  { cooperativesOnly: true },
  {},
  { cqcRatingAtLeast: 'GOOD' },
  { categories: ['personal-care', 'domestic-help'] },
  { acceptsDirectPayments: true, livingWageOnly: true },
  { categories: ['respite'], cooperativesOnly: true },
  { openOn: { day: 'MONDAY', from: '09:00', until: '17:00' } },
];

const PAGE_SIZES = [20, 5, 50, 100, 20, 10];
const RADII = [10, 5, 15, 10, 25];

export interface SearchMix {
  bodies: string[];
  postcodes: number;
}

/** The mix's request bodies (JSON, as autocannon sends them), every one different. */
export async function searchMix(db: DataSource, size = 240): Promise<SearchMix> {
  const postcodes: string[] = (await db.query('SELECT postcode FROM postcode ORDER BY postcode')).map(
    (r: { postcode: string }) => r.postcode,
  );
  if (postcodes.length === 0) throw new Error('the bench database has no gazetteer: seed it first');
  const bodies = new Set<string>();
  // Co-prime strides through each list, so neighbouring searches differ in everything.
  for (let i = 0; bodies.size < size && i < size * 4; i++) {
    const variables = {
      first: PAGE_SIZES[i % PAGE_SIZES.length],
      filter: {
        ...FILTERS[(i * 3) % FILTERS.length],
        ...(TEXTS[i % TEXTS.length] ? { text: TEXTS[i % TEXTS.length] } : {}),
        near: { postcode: postcodes[(i * 37) % postcodes.length], radiusMiles: RADII[i % RADII.length] },
      },
    };
    bodies.add(JSON.stringify({ query: SEARCH_QUERY, variables }));
  }
  if (bodies.size < size) throw new Error(`the mix has only ${bodies.size} different searches`);
  return { bodies: [...bodies], postcodes: postcodes.length };
}

/** The same search at a given page size: the statement count must not grow with the page. */
export function searchOfPageSize(first: number): string {
  return JSON.stringify({
    query: SEARCH_QUERY,
    variables: { first, filter: { text: 'personal care', near: { postcode: 'HD1 2TA', radiusMiles: 25 } } },
  });
}

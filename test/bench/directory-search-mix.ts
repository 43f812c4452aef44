import type { DataSource } from 'typeorm';
import { seededRandom } from './synthetic-gazetteer.js';

/**
 * The directory-search bench's mix: every request drawn afresh, its postcode from thousands (the
 * synthetic gazetteer round the towns the synthetic directory places providers at, with Kirklees's) and
 * its text from about a hundred, each with a skewed (Zipf-like) popularity, as a real search page sees:
 * a few places and words are asked for often, most rarely. Filters, radii and page sizes vary too, so the
 * caches are measured at the hit rates such traffic gives them, not at 100 % by construction.
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

/** Care words a resident types, and what the typo check should correct back to them. */
const WORDS = [
  'care',
  'personal care',
  'home care',
  'domestic help',
  'respite',
  'companionship',
  'co-operative',
  'transport',
  'support at home',
  'dementia',
  'live-in care',
  'night care',
  'meals',
  'shopping',
  'cleaning',
  'bathing',
  'medication',
  'learning disability',
  'autism',
  'mental health',
  'carers',
  'befriending',
  'palliative',
  'end of life',
  'day centre',
  'direct payments',
  'mobility',
  'stroke',
  'sitting service',
  'gardening',
  'laundry',
  'wheelchair',
  'hoist',
  'reablement',
  'overnight',
  'weekend',
  'evening visits',
  'welsh speaking',
  'urdu speaking',
  'personal assistant',
];
const MISSPELLINGS = [
  'carre',
  'persnal care',
  'domestc help',
  'respit',
  'companionshp',
  'cooperative',
  'transprt',
  'suport at home',
  'dementa',
  'medicaton',
  'autsm',
  'befreinding',
  'palative',
  'mobilty',
  'reablment',
  'overnite',
  'laundary',
  'weelchair',
  'gardenning',
  'shoping',
];
const PAIRS = [
  'dementia care',
  'respite weekend',
  'home help',
  'care co-op',
  'night sitting',
  'meals shopping',
  'autism support',
  'stroke recovery',
  'bathing help',
  'transport shopping',
];

/** About a hundred texts: words, misspellings, case and spacing variants, two-word phrases, and none (sorted by distance). */
export const TEXTS: string[] = [
  '',
  ...WORDS,
  ...MISSPELLINGS,
  ...PAIRS,
  ...WORDS.slice(0, 15).map((w, i) => (i % 3 === 0 ? w.toUpperCase() : i % 3 === 1 ? ` ${w}  ` : w.replace(/^./, (c) => c.toUpperCase()))),
  ...PAIRS.slice(0, 5).map((w) => w.replace(' ', '   ')),
];

/** One filter, several, or none, over the ServiceFilter fields a search page offers. */
const FILTERS: Record<string, unknown>[] = [
  {},
  {},
  {},
  { cooperativesOnly: true },
  { cqcRatingAtLeast: 'GOOD' },
  { categories: ['personal-care', 'domestic-help'] },
  { acceptsDirectPayments: true, livingWageOnly: true },
  { categories: ['respite'], cooperativesOnly: true },
  { openOn: { day: 'MONDAY', from: '09:00', until: '17:00' } },
];

const PAGE_SIZES = [20, 20, 20, 10, 5, 50, 100];
const RADII = [10, 10, 5, 15, 25];

/**
 * Picks index k of n with probability ∝ 1 / (k + 1)^s: the few first are common, the long tail rare.
 * Built once per list, so each draw is a binary search.
 */
function zipf(n: number, s: number, random: () => number): () => number {
  const cumulative: number[] = [];
  let total = 0;
  for (let k = 0; k < n; k++) {
    total += 1 / (k + 1) ** s;
    cumulative.push(total);
  }
  return () => {
    const target = random() * total;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid] < target) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

export interface SearchMix {
  /** One body a request (JSON, as autocannon sends it), in the order they are sent. */
  bodies: string[];
  postcodes: number;
  texts: number;
}

/** Every postcode the bench database's gazetteer holds, in an order shuffled by `random` so popularity is not alphabetical. */
async function shuffledPostcodes(db: DataSource, random: () => number): Promise<string[]> {
  const postcodes: string[] = (await db.query('SELECT postcode FROM postcode ORDER BY postcode')).map(
    (r: { postcode: string }) => r.postcode,
  );
  if (postcodes.length === 0) throw new Error('the bench database has no gazetteer: seed it first');
  for (let i = postcodes.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [postcodes[i], postcodes[j]] = [postcodes[j], postcodes[i]];
  }
  return postcodes;
}

/** `requests` searches, each drawn afresh; a different `seed` gives another stream from the same popularity. */
export async function searchMix(db: DataSource, requests: number, seed: number): Promise<SearchMix> {
  const random = seededRandom(seed);
  const postcodes = await shuffledPostcodes(db, seededRandom(1));
  const postcodeOf = zipf(postcodes.length, 0.9, random);
  const textOf = zipf(TEXTS.length, 0.9, random);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const bodies = Array.from({ length: requests }, () => {
    const text = TEXTS[textOf()];
    const variables = {
      first: pick(PAGE_SIZES),
      filter: { ...pick(FILTERS), ...(text ? { text } : {}), near: { postcode: postcodes[postcodeOf()], radiusMiles: pick(RADII) } },
    };
    return JSON.stringify({ query: SEARCH_QUERY, variables });
  });
  return { bodies, postcodes: postcodes.length, texts: TEXTS.length };
}

/** The same search at a given page size: the statement count must not grow with the page. */
export function searchOfPageSize(first: number): string {
  return JSON.stringify({
    query: SEARCH_QUERY,
    variables: { first, filter: { text: 'personal care', near: { postcode: 'HD1 2TA', radiusMiles: 25 } } },
  });
}

import { performance } from 'node:perf_hooks';
import { getIntrospectionQuery, Kind, type OperationDefinitionNode, parse, print } from 'graphql';
import { runLoad } from './http-load.js';
import { summarise } from './percentiles.js';

/**
 * The costliest requests the query limits (api/graphql/limits.ts, complexity.ts) still let through, each
 * the most of one kind of work a single query can ask for, and the pen test's 4,000-alias query that
 * they must refuse. Four is the most searches the budget buys, and fewer the more words they search for.
 */

/**
 * Misspelt words: each is widened to its nearest known words by trigram similarity; together they match
 * nothing, so every step of the any-word fallback runs, which widens them all again. A search takes at
 * most 12 words, and each word is priced (api/graphql/prices.ts), so more words buy fewer searches.
 */
const MISSPELT = 'carre suport homme comuty valey kindd togthr rivrsd hilsd homwd carrz mutul'.split(' ');
const misspelt = (words: number) => MISSPELT.slice(0, words).join(' ');
/** Real words no one service holds all of: the search finds nothing, then runs again for any of them. */
const UNMATCHABLE = 'gardening transport dementia shopping companionship respite nursing bathing meals laundry';
const WIDEST = { postcode: 'HD1 2TA', radiusMiles: 100 };

const aliased = (n: number, field: string) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/** The standard introspection query (as Apollo Sandbox sends it) with its `__schema` asked for `n` times. */
function introspection(n: number): string {
  const { definitions } = parse(getIntrospectionQuery());
  const operation = definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  const fragments = definitions.filter((d) => d !== operation).map((d) => print(d));
  return `query IntrospectionQuery ${aliased(n, print(operation.selectionSet.selections[0]!))}\n${fragments.join('\n')}`;
}

interface Candidate {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
}

/** `searches` aliased searches of `field`, each of `words` misspelt words within 100 miles, by distance. */
const misspeltSearches = (searches: number, words: number, field: 'services' | 'providers'): Candidate => ({
  name: `${searches} × ${field}, ${words} misspelt words, near 100 miles, by distance`,
  query: `query($f: ${field === 'services' ? 'Service' : 'Provider'}Filter) ${aliased(
    searches,
    `${field}(first: 1, filter: $f, sort: DISTANCE) { totalCount }`,
  )}`,
  variables: { f: { text: misspelt(words), near: WIDEST } },
});

const CANDIDATES: Candidate[] = [
  misspeltSearches(1, 12, 'services'),
  misspeltSearches(1, 12, 'providers'),
  misspeltSearches(2, 11, 'services'),
  misspeltSearches(2, 11, 'providers'),
  misspeltSearches(3, 5, 'providers'),
  misspeltSearches(4, 1, 'providers'),
  {
    name: '2 × services matching no service, any-word fallback, near 100 miles',
    query: `query($f: ServiceFilter) ${aliased(2, 'services(first: 1, filter: $f) { totalCount }')}`,
    variables: { f: { text: UNMATCHABLE, near: WIDEST } },
  },
  {
    name: '100 services near 100 miles, each with its provider’s lists',
    query: `query($f: ServiceFilter) {
      services(first: 100, filter: $f, sort: DISTANCE) {
        totalCount
        edges {
          distanceMiles
          node {
            name description hourlyRatePence
            category { name parent { name } }
            openingTimes { dayOfWeek opens closes }
            areasServed { kind outcode radiusMiles }
            provider {
              name summary
              consortium { name }
              serviceAreas { kind outcode radiusMiles }
              services { name }
              offspring { name }
              parent { name }
              locations { postcode }
            }
          }
        }
      }
    }`,
    variables: { f: { near: WIDEST } },
  },
  { name: '4 × the introspection query', query: introspection(4) },
];

/** The pen test's query: 4,000 aliased searches of one provider each (about 170 kB). */
const PEN_TEST_QUERY = aliased(4_000, 'providers(first: 1) { totalCount }');

/** One POST to /graphql: its time in ms, HTTP status, and the first error's code, if any. */
async function post(url: string, body: string): Promise<{ ms: number; status: number; code?: string; hasData: boolean }> {
  const start = performance.now();
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = (await res.json()) as { data?: unknown; errors?: { extensions?: { code?: string } }[] };
  return { ms: performance.now() - start, status: res.status, code: json.errors?.[0]?.extensions?.code, hasData: Boolean(json.data) };
}

/**
 * Each candidate, first checked to be accepted (it answers data and no error, so no limit refused it),
 * then sent `requests` times one after another; and the pen test's query as many times, checked to be
 * refused. Ratios are to `ordinaryMedianMs`, the ordinary search's median in the same run.
 */
export async function measureCostliest(url: string, requests: number, ordinaryMedianMs: number) {
  const candidates = [];
  for (const candidate of CANDIDATES) {
    const body = JSON.stringify({ query: candidate.query, variables: candidate.variables });
    const first = await post(url, body);
    if (first.status !== 200 || !first.hasData || first.code) {
      throw new Error(`"${candidate.name}" was not accepted: HTTP ${first.status} ${first.code ?? ''}`);
    }
    const times = summarise((await runLoad({ url, body, clients: 1, requestsPerClient: requests })).latenciesMs);
    candidates.push({ name: candidate.name, ...times, ratio: times.median / ordinaryMedianMs });
  }
  const body = JSON.stringify({ query: PEN_TEST_QUERY });
  const answers = [];
  for (let i = 0; i < requests; i++) answers.push(await post(url, body));
  const answered = answers.find((a) => a.status !== 400 || a.code !== 'QUERY_TOO_COMPLEX');
  if (answered) throw new Error(`the pen test's query was answered HTTP ${answered.status} ${answered.code ?? 'with data'}`);
  const times = summarise(answers.map((a) => a.ms));
  return { candidates, penTest: { status: 400, code: 'QUERY_TOO_COMPLEX', ...times, ratio: times.median / ordinaryMedianMs } };
}

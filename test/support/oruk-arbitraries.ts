import fc from 'fast-check';
import { ALLOWED_PARAMETERS, type OrukListEndpoint } from '../../api/oruk/oruk.params.js';
import { hostileText, percentEncoded } from './hostile-text.js';

/**
 * fast-check arbitraries for the ORUK API's URLs, generated from its own parameter table
 * (api/oruk/oruk.params.ts), so a new endpoint or parameter is fuzzed without editing a test.
 */

export const ORUK_LISTS = Object.keys(ALLOWED_PARAMETERS) as OrukListEndpoint[];
/** Every ORUK route: the root, each list and each item; `{id}` stands for the path id. */
export const ORUK_ROUTES = ['/', ...ORUK_LISTS.map((list) => `/${list}`), ...ORUK_LISTS.map((list) => `/${list}/{id}`)];
const ORUK_PARAMETERS = [...new Set(Object.values(ALLOWED_PARAMETERS).flat())];

/** What the API gave out and the gazetteer holds, for valid-looking values. */
export interface OrukKnownValues {
  /** Every id the lists gave out, nested ones included. */
  ids: string[];
  /** The ids of each list's own items. */
  itemIds: Partial<Record<OrukListEndpoint, string[]>>;
  postcodes: string[];
}

/** Percent-encoding no decoder accepts, and path and query tricks, sent as they are. */
const RAW_FRAGMENTS = fc.constantFrom(
  '%',
  '%zz',
  '%E0%A4%A',
  '%C0%AF',
  '%FF',
  '%00',
  '..%2F..',
  '%2e%2e',
  '+',
  '&&',
  '=',
  '[]',
  '%5B%5D=1',
);

/** Short enough that a few of them, percent-encoded, stay under Node's 16 KB header limit. */
const ORUK_TEXT = hostileText(1_000);

const time = fc.oneof(
  fc
    .tuple(fc.integer({ min: 0, max: 25 }), fc.integer({ min: 0, max: 61 }), fc.option(fc.integer({ min: 0, max: 61 })))
    .map(([h, m, s]) => [h, m, ...(s === null ? [] : [s])].map((n) => String(n).padStart(2, '0')).join(':')),
  fc.constantFrom('9:00', '09:00am', '12', 'noon'),
);

/** A value for the parameter: usually of the kind it takes (in range, or just past it), or hostile text. */
function parameterValue(name: string, known: OrukKnownValues): fc.Arbitrary<string> {
  const numbers = (...edges: string[]) =>
    fc.oneof(
      fc.integer({ min: -2, max: 200 }).map(String),
      fc.constantFrom(...edges, '', ' 5 ', '+1', '1e3', '0x10', 'NaN', 'Infinity', '-0'),
    );
  const ids = fc.oneof(fc.constantFrom(...known.ids), fc.uuid());
  const kinds: Record<string, fc.Arbitrary<string>> = {
    page: numbers('0', '1000000', '1000001', '99999999999999999999'),
    per_page: numbers('0', '100', '101'),
    taxonomy_term_id: ids,
    taxonomy_id: ids,
    minimum_age: numbers('0', '150', '151', '-1', '17.5'),
    maximum_age: numbers('0', '150', '151', '-1', '17.5'),
    start_time: time,
    end_time: time,
    day: fc.constantFrom('MO', 'tu', 'SU', 'MONDAY', 'sunday', 'XX', 'Mon'),
    postcode: fc.constantFrom(...known.postcodes, ...known.postcodes.map((p) => p.split(' ')[0]!), 'ZZ99 9ZZ', 'SW1A 1AA'),
    proximity: numbers('0', '1', '1609', '160934', '160935', '1e9', '0.5'),
    search: fc.constantFrom('care', 'Co-op', 'home care', 'a'),
  };
  // Object.hasOwn: a parameter called `constructor` must not find Object's.
  const kind = Object.hasOwn(kinds, name) ? kinds[name]! : ORUK_TEXT;
  return fc.oneof({ weight: 3, arbitrary: kind }, { weight: 1, arbitrary: ORUK_TEXT });
}

/** The query string: a few parameters, the route's own or not, some given twice, some with broken encoding. */
export function orukQuery(route: string, known: OrukKnownValues): fc.Arbitrary<string> {
  const list = ORUK_LISTS.find((l) => route === `/${l}`);
  const names = fc.oneof(
    { weight: list ? 6 : 0, arbitrary: fc.constantFrom(...(list ? ALLOWED_PARAMETERS[list] : ORUK_PARAMETERS)) },
    { weight: 1, arbitrary: fc.constantFrom(...ORUK_PARAMETERS) },
    { weight: 1, arbitrary: fc.constantFrom('q', 'PAGE', 'page[]', 'page[x]', '__proto__', 'constructor', '', 'search ') },
  );
  const pair = names.chain((name) =>
    fc.oneof(
      { weight: 8, arbitrary: parameterValue(name, known).map((value) => `${percentEncoded(name)}=${percentEncoded(value)}`) },
      { weight: 1, arbitrary: RAW_FRAGMENTS.map((raw) => `${percentEncoded(name)}=${raw}`) },
      { weight: 1, arbitrary: fc.constant(percentEncoded(name)) },
    ),
  );
  return fc.array(pair, { maxLength: list ? 4 : 1 }).map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));
}

/** A path id for the route: one of its list's items, another id the API gave out, another UUID, hostile text, or broken encoding. */
export function orukPathId(route: string, known: OrukKnownValues): fc.Arbitrary<string> {
  const own = known.itemIds[ORUK_LISTS.find((list) => route === `/${list}/{id}`)!] ?? [];
  return fc.oneof(
    { weight: own.length ? 4 : 0, arbitrary: fc.constantFrom(...(own.length ? own : known.ids)) },
    { weight: 2, arbitrary: fc.constantFrom(...known.ids) },
    { weight: 2, arbitrary: fc.uuid().map((id) => (id.charCodeAt(0) % 2 ? id : id.toUpperCase())) },
    { weight: 2, arbitrary: ORUK_TEXT.filter((text) => text.length > 0).map(percentEncoded) },
    { weight: 1, arbitrary: RAW_FRAGMENTS },
  );
}

/** Every `id` in a response body, at any depth. */
export function idsIn(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(idsIn);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, v]) => (key === 'id' && typeof v === 'string' ? [v] : idsIn(v)));
}

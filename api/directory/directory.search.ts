import { decodeCursor, encodeCursor, pageSize } from '../common/connection.js';
import { InputException, InputExceptionCode } from '../common/exceptions.js';
import {
  type DirectorySort,
  MAX_AGE,
  MAX_RADIUS_MILES,
  type PageRequest,
  type Point,
  type ResolvedFilter,
  type TextRanking,
} from './directory.filter.js';
import { invalidInput } from './directory.exception.js';
import { activeServiceSql, publishedProviderSql } from './visibility.js';

/**
 * The directory search's SQL, as pure functions of a checked, resolved filter (directory.filter.ts) and
 * a page plan: no database here, so every fragment is unit-tested on its own
 * (directory-search-sql.test.ts). DirectorySearchService runs the statements.
 */

/**
 * The furthest `offset` a page may start at: ORUK's largest page number times its largest page. OFFSET
 * costs no more than the matching rows, so this bounds nothing expensive; it keeps the number an integer
 * PostgreSQL and JavaScript agree on. Past the last row a page is simply empty.
 */
export const MAX_OFFSET = 100_000_000;

/** Collects positional parameters for one statement. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/** A row of `matched`, as the page's JSON holds it. */
export interface MatchedRow {
  id: string;
  miles: number | null;
  [key: string]: unknown;
}

/** A row of a page of services or providers: the matched row and its table rows (`row_to_json`), by table. */
export interface PageRow extends MatchedRow {
  service: Record<string, unknown>;
  provider: Record<string, unknown>;
  category: Record<string, unknown>;
}

/** Miles along a meridian per degree of latitude, on the sphere earthdistance's `<@>` uses (radius 3958.747 miles). */
const MILES_PER_DEGREE = (2 * Math.PI * 3958.747) / 360;

/**
 * A box of longitude and latitude (PostgreSQL `box` text) holding every point within `miles` of the
 * centre: the index finds the box, the exact distance trims its corners. A degree of longitude is
 * shortest at the box's pole-side edge, so that edge's latitude sets the width.
 */
export function boundingBox(centre: Point, miles: number): string {
  const dLat = miles / MILES_PER_DEGREE;
  const poleward = Math.min(89, Math.abs(centre.latitude) + dLat);
  const dLon = Math.min(180, miles / (MILES_PER_DEGREE * Math.cos((poleward * Math.PI) / 180)));
  return `((${centre.longitude - dLon},${centre.latitude - dLat}),(${centre.longitude + dLon},${centre.latitude + dLat}))`;
}

interface SortKey {
  /** SQL expression over the `matched` row. */
  column: string;
  descending: boolean;
  type: 'string' | 'number' | 'uuid';
}

const SQL_TYPE: Record<SortKey['type'], string> = { string: 'text', number: 'float8', uuid: 'uuid' };
const ID_KEY: SortKey = { column: 'id', descending: false, type: 'uuid' };
const NAME_KEY: SortKey = { column: 'sort_name', descending: false, type: 'string' };

export interface Ordering {
  tag: string;
  keys: SortKey[];
}

/** The ordering actually used: RELEVANCE without text falls back to distance (with `near`) or name. */
export function effectiveSort(sort: DirectorySort, filter: ResolvedFilter): Ordering {
  if (sort === 'DISTANCE' && !filter.near) throw invalidInput('Sorting by DISTANCE needs filter.near.', 'sort');
  if (sort === 'RELEVANCE' && filter.text) {
    return { tag: 'RELEVANCE', keys: [{ column: 'rank', descending: true, type: 'number' }, NAME_KEY, ID_KEY] };
  }
  if (sort === 'DISTANCE' || (sort === 'RELEVANCE' && filter.near)) {
    return { tag: 'DISTANCE', keys: [{ column: 'miles', descending: false, type: 'number' }, NAME_KEY, ID_KEY] };
  }
  if (sort === 'PRICE') {
    return { tag: 'PRICE', keys: [{ column: 'hourly_rate_pence', descending: false, type: 'number' }, NAME_KEY, ID_KEY] };
  }
  return { tag: 'NAME', keys: [NAME_KEY, ID_KEY] };
}

export interface PagePlan {
  first: number;
  orderBy: string;
  /** The keyset condition for `after`, or '' */
  after: string;
  offset: number;
  keys: SortKey[];
  tag: string;
}

const pagingRefusal = (message: string, argument: string) => new InputException(InputExceptionCode.INVALID_INPUT, message, { argument });

/** Validates `first`, `after` and `offset` against the ordering, and renders the ORDER BY and keyset condition. */
export function planPage(page: PageRequest, ordering: Ordering, params: Params): PagePlan {
  const first = pageSize(page.first);
  const orderBy = ordering.keys.map((k) => `${k.column} ${k.descending ? 'DESC' : 'ASC'}`).join(', ');
  let offset = 0;
  if (page.offset !== null && page.offset !== undefined) {
    if (!Number.isInteger(page.offset) || page.offset < 0 || page.offset > MAX_OFFSET) {
      throw pagingRefusal(`"offset" must be a whole number from 0 to ${MAX_OFFSET}.`, 'offset');
    }
    if (page.after) throw pagingRefusal('Give "after" or "offset", not both.', 'after');
    offset = page.offset;
  }
  let after = '';
  if (page.after !== null && page.after !== undefined) {
    const key = decodeCursor(
      page.after,
      ordering.tag,
      ordering.keys.map((k) => k.type),
    );
    // (k1, k2, …) after (v1, v2, …) in the mixed-direction order: k1 beyond v1, or k1 = v1 and k2 beyond v2, …
    const placeholders = key.map((v, i) => {
      const k = ordering.keys[i];
      return `${params.add(v)}::${SQL_TYPE[k.type]}`;
    });
    const alternatives = ordering.keys.map((k, i) => {
      const equal = ordering.keys.slice(0, i).map((prev, j) => `${cast(prev)} = ${placeholders[j]}`);
      return [...equal, `${cast(k)} ${k.descending ? '<' : '>'} ${placeholders[i]}`].join(' AND ');
    });
    after = `(${alternatives.map((a) => `(${a})`).join(' OR ')})`;
  }
  return { first, orderBy, after, offset, keys: ordering.keys, tag: ordering.tag };
}

const cast = (k: SortKey) => (k.type === 'number' ? `${k.column}::float8` : k.column);

export function cursorFor(plan: PagePlan, row: Record<string, unknown>): string {
  return encodeCursor(
    plan.tag,
    plan.keys.map((k) => row[k.column] as string | number),
  );
}

/**
 * The text's tsqueries (directory_text_query, migrations/1769000200000-CareVocabulary.ts): every word
 * (the search), any word (its last fallback), both widened by typo corrections and the care vocabulary,
 * the person's own words as typed, every and any (for ranking), and `rest`, every word of the second
 * parameter (the text less the languages it names, or NULL) widened: a language lifts a service only
 * with the rest of what was asked. `publicWords` checks that a listed word is still used by a public
 * document before taking it as spelt.
 */
export function textQueriesSql(publicWords: boolean): string {
  return `SELECT q.all_words::text AS "allWords", q.any_word::text AS "anyWord", q.exact::text AS "exact",
    q.exact_any::text AS "exactAny",
    (SELECT r.all_words::text FROM directory_text_query($2, ${publicWords}) AS r WHERE $2::text IS NOT NULL) AS "rest"
    FROM directory_text_query($1, ${publicWords}) AS q`;
}

/**
 * RELEVANCE with text, highest first: services working in a language the text names (a provider: any
 * active service does) and matching the rest of the text (when the text holds more than languages:
 * "dementia urdu" lifts an Urdu dementia service, not Urdu meals) above all others; then the tier of
 * the person's own words as typed: a document with every one of them above one with some, above one
 * found only through typo guesses or the vocabulary (the any-word fallback has no tiers: see
 * DirectorySearchService); within a tier, ts_rank (normalised below 1) against the widened query,
 * divided by 1 + miles / NEARNESS_MILES with `near`, so that of similar text relevance the closer comes first.
 */
export const LANGUAGE_BOOST = 3;
export const NEARNESS_MILES = 2;
/** ts_rank's normalisation 32: rank / (rank + 1), so a tier's text score stays below the next tier's. */
const TS_RANK_BELOW_ONE = 32;

/** A document's tier of the person's own words (0 to 2), as SQL over `document`, which matched `textQuery`. */
function exactTierSql(document: string, textQuery: string | null, ranking: TextRanking | null, params: Params): string {
  // An empty tsquery matches nothing, with a notice a row: words that are all stop words have no tier.
  if (!ranking?.exact) return '0';
  // Nothing widened: every document found has every word as typed, so no row needs asking.
  if (ranking.exact === textQuery) return '2';
  return `(CASE WHEN ${document} @@ ${params.add(ranking.exact)}::tsquery THEN 2
                WHEN ${document} @@ ${params.add(ranking.exactAny)}::tsquery THEN 1 ELSE 0 END)`;
}

/** The score RELEVANCE sorts by (see LANGUAGE_BOOST), from a tier, a text score and the language condition. */
function relevanceSql(tier: string, textRank: string, speaksLanguage: string | null, miles: string | null): string {
  const nearness = miles ? ` / (1 + ${miles} / ${NEARNESS_MILES})` : '';
  const language = speaksLanguage ? `CASE WHEN ${speaksLanguage} THEN ${LANGUAGE_BOOST} ELSE 0 END + ` : '';
  return `(${language}${tier} + ${textRank}${nearness})::float8`;
}

export interface SqlParts {
  ctes: string[];
  joins: string[];
  where: string[];
  rank: string;
  miles: string;
}

/** The CTEs, joins, conditions, rank and distance a filter adds to a search of services or of providers. */
export function sqlParts(f: ResolvedFilter, params: Params, subject: 'service' | 'provider'): SqlParts {
  const ctes: string[] = [];
  const joins: string[] = [];
  const where: string[] = [];
  let rank = 'NULL::float8';
  let miles = 'NULL::float8';
  const providerRef = subject === 'service' ? 's.provider_id' : 'p.id';
  let tier = '0';
  let textRank = '0';
  // Whether the document matches the rest of the text, besides the languages it names (null: no such condition).
  let answersRest: string | null = null;
  if (f.text) {
    const query = `${params.add(f.textQuery ?? '')}::tsquery`;
    const rest = f.textRanking?.languages.length && f.textRanking.rest ? `${params.add(f.textRanking.rest)}::tsquery` : null;
    if (subject === 'service') {
      // A service's document has the service's id as service_id. Found through its provider, a provider's
      // documents (lying together) cost one probe of directory_search_provider_idx, not one per service.
      joins.push('JOIN directory_search ds ON ds.provider_id = p.id AND ds.service_id = s.id');
      where.push(`ds.document @@ ${query}`);
      tier = exactTierSql('ds.document', f.textQuery, f.textRanking, params);
      textRank = `ts_rank(ds.document, ${query}, ${TS_RANK_BELOW_ONE})`;
      answersRest = rest && `ds.document @@ ${rest}`;
    } else {
      const providerTier = exactTierSql('ds.document', f.textQuery, f.textRanking, params);
      joins.push(`JOIN (SELECT ds.provider_id, max(${providerTier}) AS tier,
                        max(ts_rank(ds.document, ${query}, ${TS_RANK_BELOW_ONE})) AS text_rank${
                          rest ? `, bool_or(ds.document @@ ${rest}) AS answers_rest` : ''
                        }
                   FROM directory_search ds LEFT JOIN service sv ON sv.id = ds.service_id
                  WHERE ds.document @@ ${query} AND (ds.service_id IS NULL OR ${activeServiceSql('sv')})
                  GROUP BY ds.provider_id) h ON h.provider_id = p.id`);
      tier = 'h.tier';
      textRank = 'h.text_rank';
      answersRest = rest && 'h.answers_rest';
    }
  }
  if (f.near) {
    const origin = `point(${params.add(f.near.longitude)}::float8, ${params.add(f.near.latitude)}::float8)`;
    // The GiST index on point(longitude, latitude) answers the box; the exact distance trims its corners.
    ctes.push(`dist AS (
      SELECT x.provider_id, min(x.miles) AS miles
        FROM (SELECT l.provider_id, point(l.longitude, l.latitude) <@> ${origin} AS miles
                FROM provider_location l
               WHERE point(l.longitude, l.latitude) <@ ${params.add(boundingBox(f.near, f.near.radiusMiles))}::box) x
       WHERE x.miles <= ${params.add(f.near.radiusMiles)}::float8
       GROUP BY x.provider_id)`);
    joins.push(`JOIN dist d ON d.provider_id = ${providerRef}`);
    miles = 'd.miles';
  }
  const serviceConditions: string[] = [];
  if (f.serves) {
    const point = `point(${params.add(f.serves.longitude)}::float8, ${params.add(f.serves.latitude)}::float8)`;
    // Radius areas are at most 100 miles, so a 100-mile box around the point bounds the candidates (partial GiST index).
    // An inactive service's own areas serve nobody. A place no postcode is near has no district to match.
    const district = f.serves.outcodes.length > 0 ? `a.outcode = ANY(${params.add(f.serves.outcodes)}::varchar[]) OR ` : '';
    ctes.push(`serving AS (
      SELECT DISTINCT a.provider_id, a.service_id FROM service_area a LEFT JOIN service sa ON sa.id = a.service_id
       WHERE (a.service_id IS NULL OR ${activeServiceSql('sa')})
         AND (${district}(a.radius_miles IS NOT NULL
                  AND point(a.longitude, a.latitude) <@ ${params.add(boundingBox(f.serves, MAX_RADIUS_MILES))}::box
                  AND (point(a.longitude, a.latitude) <@> ${point}) <= a.radius_miles)))`);
    // A service serves its provider's general areas and its own, never a sibling service's.
    serviceConditions.push(
      'EXISTS (SELECT 1 FROM serving v WHERE v.provider_id = s.provider_id AND (v.service_id IS NULL OR v.service_id = s.id))',
    );
  }
  if (f.ratings) where.push(`p.cqc_rating = ANY(${params.add(f.ratings)}::cqc_rating[])`);
  if (f.cooperativesOnly) where.push('p.is_cooperative');
  if (f.livingWageOnly) where.push('p.pays_real_living_wage');
  if (f.categoryIds) serviceConditions.push(`s.category_id = ANY(${params.add(f.categoryIds)}::uuid[])`);
  // Any of: `&&` on the arrays, which their GIN indexes answer.
  if (f.supports) serviceConditions.push(`s.supports && ${params.add(f.supports)}::text[]`);
  if (f.languages) serviceConditions.push(`s.languages && ${params.add(f.languages)}::text[]`);
  if (f.acceptsDirectPayments) serviceConditions.push('s.accepts_direct_payments');
  if (f.ageYears !== null) {
    const age = `${params.add(f.ageYears)}::numeric`;
    serviceConditions.push(`coalesce(s.minimum_age, 0) <= ${age} AND coalesce(s.maximum_age, ${MAX_AGE}) >= ${age}`);
  }
  if (f.minimumAgeAtLeast !== null) serviceConditions.push(`coalesce(s.minimum_age, 0) >= ${params.add(f.minimumAgeAtLeast)}::numeric`);
  if (f.maximumAgeAtMost !== null) serviceConditions.push(`s.maximum_age <= ${params.add(f.maximumAgeAtMost)}::numeric`);
  if (f.opening) {
    // Every bound is about the same opening; (day_of_week, opens, closes, service_id) answers this from the index alone.
    const conditions = ['o.service_id = s.id'];
    if (f.opening.day) conditions.push(`o.day_of_week = ${params.add(f.opening.day)}::day_of_week`);
    for (const b of f.opening.bounds) conditions.push(`o.${b.column} ${b.op} ${params.add(b.time)}::time`);
    serviceConditions.push(`EXISTS (SELECT 1 FROM service_opening_time o WHERE ${conditions.join(' AND ')})`);
  }
  if (subject === 'service') where.push(...serviceConditions);
  else if (serviceConditions.length > 0) {
    // One active service must meet every service-level condition at once: a provider whose only
    // personal-care service serves elsewhere does not offer personal care here.
    where.push(
      `EXISTS (SELECT 1 FROM service s WHERE s.provider_id = p.id AND ${activeServiceSql('s')} AND ${serviceConditions.join(' AND ')})`,
    );
  }
  if (f.text) {
    const languages = f.textRanking?.languages ?? [];
    const spoken = languages.length > 0 ? `${params.add(languages)}::text[]` : null;
    const speaks = !spoken
      ? null
      : subject === 'service'
        ? `s.languages && ${spoken}`
        : `EXISTS (SELECT 1 FROM service ls WHERE ls.provider_id = p.id AND ${activeServiceSql('ls')} AND ls.languages && ${spoken})`;
    const speaksLanguage = speaks && answersRest ? `${speaks} AND ${answersRest}` : speaks;
    rank = relevanceSql(tier, textRank, speaksLanguage, f.near ? miles : null);
  }
  return { ctes, joins, where, rank, miles };
}

/** The CTEs of a service search, ending with `matched`: one row per published, active service that matches. */
export function matchedServices(f: ResolvedFilter, params: Params): string {
  const { ctes, joins, where, rank, miles } = sqlParts(f, params, 'service');
  return [
    ...ctes,
    `matched AS (
      SELECT s.id, s.provider_id, s.category_id, lower(s.name) AS sort_name, s.hourly_rate_pence, ${miles} AS miles, ${rank} AS rank
        FROM service s JOIN provider p ON p.id = s.provider_id ${joins.join(' ')}
       WHERE ${[publishedProviderSql('p'), activeServiceSql('s'), ...where].join(' AND ')})`,
  ].join(', ');
}

/** The CTEs of a provider search, ending with `matched`: one row per published provider that matches. */
export function matchedProviders(f: ResolvedFilter, params: Params): string {
  const { ctes, joins, where, rank, miles } = sqlParts(f, params, 'provider');
  return [
    ...ctes,
    `matched AS (
      SELECT p.id, lower(p.name) AS sort_name, ${miles} AS miles, ${rank} AS rank
        FROM provider p ${joins.join(' ')}
       WHERE ${[publishedProviderSql('p'), ...where].join(' AND ')})`,
  ].join(', ');
}

/**
 * A page row's own table rows, looked up by primary key for the page's rows only, so the fields a page
 * shows need no statement of their own.
 */
const SERVICE_PAGE_ROWS = `(SELECT row_to_json(x) FROM service x WHERE x.id = m.id) AS service,
  (SELECT row_to_json(x) FROM provider x WHERE x.id = m.provider_id) AS provider,
  (SELECT row_to_json(x) FROM service_category x WHERE x.id = m.category_id) AS category`;
const PROVIDER_PAGE_ROWS = '(SELECT row_to_json(x) FROM provider x WHERE x.id = m.id) AS provider';

/**
 * One row: the total across pages and the page (LIMIT first + 1, to tell whether a next page exists) as
 * JSON, each page row with `rows`, the columns that add its table rows.
 */
export function pageSelect(plan: PagePlan, rows: string): string {
  return `SELECT (SELECT count(*) FROM matched)::int AS total,
    (SELECT coalesce(json_agg(page ORDER BY ${plan.orderBy}), '[]'::json)
       FROM (SELECT m.*, ${rows}
               FROM (SELECT * FROM matched ${plan.after ? `WHERE ${plan.after}` : ''}
                      ORDER BY ${plan.orderBy} LIMIT ${plan.first + 1} OFFSET ${plan.offset}) m) page) AS rows`;
}

/** A page of services: `total` and `rows` (PageRow[] with service, provider and category). */
export function servicePageSql(f: ResolvedFilter, plan: PagePlan, params: Params): string {
  return `WITH ${matchedServices(f, params)} ${pageSelect(plan, SERVICE_PAGE_ROWS)}`;
}

/** A page of providers: `total` and `rows` (PageRow[] with provider). */
export function providerPageSql(f: ResolvedFilter, plan: PagePlan, params: Params): string {
  return `WITH ${matchedProviders(f, params)} ${pageSelect(plan, PROVIDER_PAGE_ROWS)}`;
}

/**
 * A page of (service, location) pairs, each matched service at each of its provider's locations: the
 * services in the plan's order, a service's locations nearest first (with `near`) or by name. One row:
 * `total` pairs, `services` matched (which decides the any-word fallback), `rows` (MatchedRow plus
 * `location_id`). Paged by offset only.
 */
export function serviceLocationPageSql(f: ResolvedFilter, plan: PagePlan, params: Params): string {
  const locationKey = f.near
    ? `point(l.longitude, l.latitude) <@> point(${params.add(f.near.longitude)}::float8, ${params.add(f.near.latitude)}::float8)`
    : 'lower(l.name)';
  const orderBy = `${plan.orderBy}, location_key, location_id`;
  return `WITH ${matchedServices(f, params)}, pairs AS (
      SELECT m.*, l.id AS location_id, ${locationKey} AS location_key
        FROM matched m JOIN provider_location l ON l.provider_id = m.provider_id)
    SELECT (SELECT count(*) FROM pairs)::int AS total, (SELECT count(*) FROM matched)::int AS services,
      (SELECT coalesce(json_agg(page ORDER BY ${orderBy}), '[]'::json)
         FROM (SELECT * FROM pairs ORDER BY ${orderBy} LIMIT ${plan.first + 1} OFFSET ${plan.offset}) page) AS rows`;
}

import { badUserInput } from '../common/errors.js';
import { decodeCursor, encodeCursor, pageSize } from '../common/connection.js';
import { CQC_RATING_ORDER, CqcRating, DayOfWeek } from './directory.enums.js';
import { isUuid } from '../common/ids.js';

export const MAX_TEXT_LENGTH = 200;
export const MAX_RADIUS_MILES = 100;
export const DEFAULT_RADIUS_MILES = 10;
export const METRES_PER_MILE = 1609.344;
/**
 * The furthest `offset` a page may start at: ORUK's largest page number times its largest page. OFFSET
 * costs no more than the matching rows, so this bounds nothing expensive; it keeps the number an integer
 * PostgreSQL and JavaScript agree on. Past the last row a page is simply empty.
 */
export const MAX_OFFSET = 100_000_000;

/** The filters of `providers` and `services` (and of the ORUK API), as plain data. All combine with AND. */
export interface DirectoryFilter {
  /** Free text; forgives typos and word forms. At most 200 characters. */
  text?: string | null;
  /** Within `radiusMiles` (default 10, at most 100) of a postcode; results carry their distance. */
  near?: { postcode: string; radiusMiles?: number | null } | null;
  /** Providers whose service areas cover this postcode (its district, or a radius around a point that holds it). */
  servesPostcode?: string | null;
  /** Category slugs, any of; a parent category includes its children. */
  categories?: readonly string[] | null;
  cqcRatingAtLeast?: CqcRating | null;
  cooperativesOnly?: boolean | null;
  livingWageOnly?: boolean | null;
  acceptsDirectPayments?: boolean | null;
  /** Services whose age range includes this age in years (no minimum or maximum: no limit on that side). */
  ageYears?: number | null;
  /** Services with an opening on `day` that covers the whole of `from`–`until` (HH:MM; either may be left out). */
  openOn?: { day: DayOfWeek; from?: string | null; until?: string | null } | null;
  /** Open Referral UK's `minimum_age`: the service's minimum age (none counts as 0) is at least this. */
  minimumAgeAtLeast?: number | null;
  /** Open Referral UK's `maximum_age`: the service has a maximum age and it is at most this. */
  maximumAgeAtMost?: number | null;
  /**
   * Open Referral UK's `day`, `start_time` and `end_time`, all about one opening: on `day`, opening at
   * or after `opensFrom` and closing at or before `closesBy` (each optional).
   */
  openingWithin?: { day?: DayOfWeek | null; opensFrom?: string | null; closesBy?: string | null } | null;
}

export type DirectorySort = 'RELEVANCE' | 'DISTANCE' | 'NAME' | 'PRICE';

/** `first` (0..100, default 20) and either `after` (a cursor) or `offset` (for page-numbered APIs such as ORUK). */
export interface PageRequest {
  first?: number | null;
  after?: string | null;
  offset?: number | null;
}

export interface SearchRow<T> {
  node: T;
  /** Miles to the provider's nearest location, when the filter had `near`. */
  distanceMiles: number | null;
  cursor: string;
}

export interface SearchPage<T> {
  rows: SearchRow<T>[];
  totalCount: number;
  hasNextPage: boolean;
  /** The page size used. */
  first: number;
}

export interface Point {
  latitude: number;
  longitude: number;
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

/** A filter checked and resolved: postcodes to points, slugs to category ids, rating to the ratings that pass. */
export interface ResolvedFilter {
  text: string | null;
  /** `text` as a tsquery (text form), typos widened; '' when the text holds only stop words. */
  textQuery: string | null;
  near: (Point & { radiusMiles: number }) | null;
  serves: (Point & { outcode: string }) | null;
  categoryIds: string[] | null;
  ratings: CqcRating[] | null;
  cooperativesOnly: boolean;
  livingWageOnly: boolean;
  acceptsDirectPayments: boolean;
  ageYears: number | null;
  minimumAgeAtLeast: number | null;
  maximumAgeAtMost: number | null;
  /** One opening must satisfy every bound given; times as HH:MM:SS. */
  opening: OpeningCondition | null;
}

/** Bounds on one opening of a service: its day, and how its opening and closing times compare (HH:MM:SS). */
export interface OpeningCondition {
  day: DayOfWeek | null;
  bounds: { column: 'opens' | 'closes'; op: '<' | '<=' | '>' | '>='; time: string }[];
}

interface SortKey {
  /** SQL expression over the `matched` row. */
  column: string;
  descending: boolean;
  type: 'string' | 'number';
}

const ID_KEY: SortKey = { column: 'id', descending: false, type: 'string' };
const NAME_KEY: SortKey = { column: 'sort_name', descending: false, type: 'string' };

/** The ordering actually used: RELEVANCE without text falls back to distance (with `near`) or name. */
export function effectiveSort(sort: DirectorySort, filter: ResolvedFilter): { tag: string; keys: SortKey[] } {
  if (sort === 'DISTANCE' && !filter.near) throw badUserInput('Sorting by DISTANCE needs filter.near.', 'sort');
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

/** Collects positional parameters for one statement. */
export class Params {
  readonly values: unknown[] = [];
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
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

/** Validates `first`, `after` and `offset` against the ordering, and renders the ORDER BY and keyset condition. */
export function planPage(page: PageRequest, ordering: { tag: string; keys: SortKey[] }, params: Params): PagePlan {
  const first = pageSize(page.first);
  const orderBy = ordering.keys.map((k) => `${k.column} ${k.descending ? 'DESC' : 'ASC'}`).join(', ');
  let offset = 0;
  if (page.offset !== null && page.offset !== undefined) {
    if (!Number.isInteger(page.offset) || page.offset < 0 || page.offset > MAX_OFFSET) {
      throw badUserInput(`"offset" must be a whole number from 0 to ${MAX_OFFSET}.`, 'offset');
    }
    if (page.after) throw badUserInput('Give "after" or "offset", not both.', 'after');
    offset = page.offset;
  }
  let after = '';
  if (page.after !== null && page.after !== undefined) {
    const key = decodeCursor(page.after, ordering.tag, ordering.keys.map((k) => k.type));
    if (!isUuid(String(key.at(-1)))) throw badUserInput('"after" is not a cursor this list gave out.', 'after');
    // (k1, k2, …) after (v1, v2, …) in the mixed-direction order: k1 beyond v1, or k1 = v1 and k2 beyond v2, …
    const placeholders = key.map((v, i) => {
      const k = ordering.keys[i];
      return `${params.add(v)}::${k === ID_KEY ? 'uuid' : k.type === 'number' ? 'float8' : 'text'}`;
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

/** Checks the parts of a filter that need no database. */
export function checkFilter(filter: DirectoryFilter): void {
  if (filter.text != null && filter.text.length > MAX_TEXT_LENGTH) {
    throw badUserInput(`filter.text is limited to ${MAX_TEXT_LENGTH} characters.`, 'filter.text');
  }
  if (filter.near != null) {
    const r = filter.near.radiusMiles;
    if (r !== null && r !== undefined && (!Number.isFinite(r) || r <= 0 || r > MAX_RADIUS_MILES)) {
      throw badUserInput(`filter.near.radiusMiles must be more than 0 and at most ${MAX_RADIUS_MILES}.`, 'filter.near.radiusMiles');
    }
  }
  if (filter.categories != null && filter.categories.length > 50) throw badUserInput('Give at most 50 categories.', 'filter.categories');
}

/** Ages in a filter are years from 0 to 150. */
function age(value: number | null | undefined, argument: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0 || value > 150) throw badUserInput(`${argument} must be an age in years from 0 to 150.`, argument);
  return value;
}

/** HH:MM or HH:MM:SS (24-hour) as HH:MM:SS, the form PostgreSQL compares `time` in. */
function timeOfDay(value: string | null | undefined, argument: string): string | null {
  if (value === null || value === undefined) return null;
  const match = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(value.trim());
  if (!match) throw badUserInput(`${argument} must be a time of day, HH:MM (24-hour).`, argument);
  return `${match[1]}:${match[2]}:${match[3] ?? '00'}`;
}

function dayOfWeek(value: DayOfWeek | null | undefined, argument: string): DayOfWeek | null {
  if (value === null || value === undefined) return null;
  if (!Object.values(DayOfWeek).includes(value)) throw badUserInput(`${argument} must be a day of the week.`, argument);
  return value;
}

/** The age and opening-time parts of a filter, checked; needs no database. */
export function resolveAgeAndOpening(filter: DirectoryFilter): Pick<ResolvedFilter, 'ageYears' | 'minimumAgeAtLeast' | 'maximumAgeAtMost' | 'opening'> {
  const minimumAgeAtLeast = age(filter.minimumAgeAtLeast, 'filter.minimumAgeAtLeast');
  const maximumAgeAtMost = age(filter.maximumAgeAtMost, 'filter.maximumAgeAtMost');
  if (minimumAgeAtLeast !== null && maximumAgeAtMost !== null && minimumAgeAtLeast > maximumAgeAtMost) {
    throw badUserInput('filter.minimumAgeAtLeast must not be above filter.maximumAgeAtMost.', 'filter.minimumAgeAtLeast');
  }
  if (filter.openOn != null && filter.openingWithin != null) throw badUserInput('Give filter.openOn or filter.openingWithin, not both.', 'filter.openOn');
  let opening: OpeningCondition | null = null;
  if (filter.openOn != null) {
    const day = dayOfWeek(filter.openOn.day, 'filter.openOn.day');
    if (!day) throw badUserInput('filter.openOn needs a day.', 'filter.openOn.day');
    const from = timeOfDay(filter.openOn.from, 'filter.openOn.from');
    const until = timeOfDay(filter.openOn.until, 'filter.openOn.until');
    if (from !== null && until !== null && from >= until) throw badUserInput('filter.openOn.from must be before filter.openOn.until.', 'filter.openOn.from');
    // Open at `from` (opened by then, not yet closed) and still open up to `until`.
    const bounds: OpeningCondition['bounds'] = [];
    if (from !== null) bounds.push({ column: 'opens', op: '<=', time: from }, { column: 'closes', op: '>', time: from });
    if (until !== null) bounds.push({ column: 'opens', op: '<', time: until }, { column: 'closes', op: '>=', time: until });
    opening = { day, bounds };
  } else if (filter.openingWithin != null) {
    const within = filter.openingWithin;
    const opensFrom = timeOfDay(within.opensFrom, 'filter.openingWithin.opensFrom');
    const closesBy = timeOfDay(within.closesBy, 'filter.openingWithin.closesBy');
    if (opensFrom !== null && closesBy !== null && opensFrom > closesBy) {
      throw badUserInput('filter.openingWithin.opensFrom must not be after closesBy.', 'filter.openingWithin.opensFrom');
    }
    const day = dayOfWeek(within.day, 'filter.openingWithin.day');
    const bounds: OpeningCondition['bounds'] = [];
    if (opensFrom !== null) bounds.push({ column: 'opens', op: '>=', time: opensFrom });
    if (closesBy !== null) bounds.push({ column: 'closes', op: '<=', time: closesBy });
    if (day !== null || bounds.length > 0) opening = { day, bounds };
  }
  return { ageYears: age(filter.ageYears, 'filter.ageYears'), minimumAgeAtLeast, maximumAgeAtMost, opening };
}

/** Text worth searching for: trimmed, and null when it holds no letter or digit. */
export function searchableText(text: string | null | undefined): string | null {
  const trimmed = text?.trim() ?? '';
  return /[\p{L}\p{N}]/u.test(trimmed) ? trimmed : null;
}

export function ratingsAtLeast(rating: CqcRating | null | undefined): CqcRating[] | null {
  if (rating === null || rating === undefined) return null;
  const i = CQC_RATING_ORDER.indexOf(rating);
  if (i < 0) throw badUserInput('cqcRatingAtLeast must be OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT or INADEQUATE.', 'filter.cqcRatingAtLeast');
  return CQC_RATING_ORDER.slice(0, i + 1);
}

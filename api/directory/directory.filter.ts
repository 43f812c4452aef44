import { CQC_RATING_ORDER, CqcRating, DayOfWeek } from './directory.enums.js';
import { invalidInput } from './directory.exception.js';

/**
 * What a directory search is asked and what it answers, and the checks of a filter that need no
 * database. The SQL for a checked filter is in directory.search.ts; running it, in directory-search.service.ts.
 */

export const MAX_TEXT_LENGTH = 200;
/**
 * A search is the few words a person types. Each word that the index does not know is corrected against
 * every word it does, so a search's work grows with its words: 12 is room for a sentence, not a list.
 */
export const MAX_TEXT_WORDS = 12;
export const MAX_RADIUS_MILES = 100;
export const DEFAULT_RADIUS_MILES = 10;
export const METRES_PER_MILE = 1609.344;
/** Ages are whole years; nobody is older than this. */
export const MAX_AGE = 150;
const MAX_CATEGORIES = 50;
/** Needs and languages a filter or a service may list: more than there are is a mistake, and bounds the work of checking them. */
export const MAX_LISTED_VALUES = 50;
/** A need's slug or a language's name is a few words: a longer value is refused before it is looked up. */
export const MAX_LISTED_VALUE_LENGTH = 100;

/** The filters of `providers` and `services` (and of the ORUK API), as plain data. All combine with AND. */
export interface DirectoryFilter {
  /** Free text; forgives typos and word forms. At most 200 characters. */
  text?: string | null;
  /** Within `radiusMiles` (default 10, at most 100) of a postcode or a town or village; results carry their distance. */
  near?: { postcode: string; radiusMiles?: number | null } | null;
  /** Providers whose service areas cover this postcode or place (its district, or a radius around a point that holds it). */
  servesPostcode?: string | null;
  /** Category slugs, any of; a parent category includes its children. */
  categories?: readonly string[] | null;
  /** Care need slugs (CareNeed.slug), any of: services that say they support one of them. */
  supports?: readonly string[] | null;
  /** Languages by name, ISO code or another name (languages.ts), any case, any of: services that work in one of them. */
  languages?: readonly string[] | null;
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

/** A filter checked and resolved: postcodes to points, slugs to category ids, rating to the ratings that pass. */
export interface ResolvedFilter {
  text: string | null;
  /** `text` as a tsquery (text form), typos and the care vocabulary widened; '' when nothing in it can match. */
  textQuery: string | null;
  /** What ranks a text's matches (directory.search.ts): null without text. */
  textRanking: TextRanking | null;
  near: (Point & { radiusMiles: number }) | null;
  /** The point servesPostcode names, and the postcode districts it stands for (a town may span several, a postcode one). */
  serves: (Point & { outcodes: readonly string[] }) | null;
  categoryIds: string[] | null;
  /** Care need slugs, checked. */
  supports: string[] | null;
  /** The registry's names of the languages asked for, as services store them. */
  languages: string[] | null;
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

/** The person's own words and the languages they name, which rank matches (directory.search.ts exactTierSql and relevanceSql). */
export interface TextRanking {
  /** Every word as the person typed it that the word list holds, nothing corrected or widened (tsquery text; '' when none). */
  exact: string;
  /** Any one of those words. */
  exactAny: string;
  /** The languages the text names, as the registry names them (api/directory/languages.ts). */
  languages: string[];
  /** The text less those languages, every word widened (tsquery text; '' when nothing is left or no language is named). */
  rest: string;
}

/** Bounds on one opening of a service: its day, and how its opening and closing times compare (HH:MM:SS). */
export interface OpeningCondition {
  day: DayOfWeek | null;
  bounds: { column: 'opens' | 'closes'; op: '<' | '<=' | '>' | '>='; time: string }[];
}

/** The words of a search text as a person counts them: runs of letters and digits. */
export function searchTextWords(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

/** The limit a search text passes ("200 characters", "12 words"), or null when it fits: one rule for GraphQL and ORUK. */
export function searchTextLimitPassed(text: string): string | null {
  if (text.length > MAX_TEXT_LENGTH) return `${MAX_TEXT_LENGTH} characters`;
  if (searchTextWords(text) > MAX_TEXT_WORDS) return `${MAX_TEXT_WORDS} words`;
  return null;
}

/** Checks the parts of a filter that need no database. */
export function checkFilter(filter: DirectoryFilter): void {
  const textLimit = filter.text == null ? null : searchTextLimitPassed(filter.text);
  if (textLimit !== null) throw invalidInput(`filter.text is limited to ${textLimit}.`, 'filter.text');
  if (filter.near != null) {
    const r = filter.near.radiusMiles;
    if (r !== null && r !== undefined && (!Number.isFinite(r) || r <= 0 || r > MAX_RADIUS_MILES)) {
      throw invalidInput(`filter.near.radiusMiles must be more than 0 and at most ${MAX_RADIUS_MILES}.`, 'filter.near.radiusMiles');
    }
  }
  if (filter.categories != null && filter.categories.length > MAX_CATEGORIES) {
    throw invalidInput(`Give at most ${MAX_CATEGORIES} categories.`, 'filter.categories');
  }
  for (const key of ['supports', 'languages'] as const) {
    if ((filter[key]?.length ?? 0) > MAX_LISTED_VALUES)
      throw invalidInput(`Give at most ${MAX_LISTED_VALUES} ${key === 'supports' ? 'needs' : key}.`, `filter.${key}`);
    if (filter[key]?.some((value) => value.length > MAX_LISTED_VALUE_LENGTH))
      throw invalidInput(`Each of filter.${key} is at most ${MAX_LISTED_VALUE_LENGTH} characters.`, `filter.${key}`);
    // An empty value is a slip (a form's blank field), not a need or language nobody knows.
    if (filter[key]?.some((value) => value.trim() === '')) {
      const ask = key === 'supports' ? 'give a need slug, such as "dementia"' : 'give a language name, such as "Urdu"';
      throw invalidInput(`A value of filter.${key} is empty: ${ask}.`, `filter.${key}`);
    }
  }
}

/** Ages in a filter are years from 0 to MAX_AGE. */
function age(value: number | null | undefined, argument: string): number | null {
  if (value === null || value === undefined) return null;
  if (!Number.isFinite(value) || value < 0 || value > MAX_AGE)
    throw invalidInput(`${argument} must be an age in years from 0 to ${MAX_AGE}.`, argument);
  return value;
}

/** HH:MM or HH:MM:SS (24-hour) as HH:MM:SS, the form PostgreSQL compares `time` in. */
function timeOfDay(value: string | null | undefined, argument: string): string | null {
  if (value === null || value === undefined) return null;
  const match = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(value.trim());
  if (!match) throw invalidInput(`${argument} must be a time of day, HH:MM (24-hour).`, argument);
  return `${match[1]}:${match[2]}:${match[3] ?? '00'}`;
}

function dayOfWeek(value: DayOfWeek | null | undefined, argument: string): DayOfWeek | null {
  if (value === null || value === undefined) return null;
  if (!Object.values(DayOfWeek).includes(value)) throw invalidInput(`${argument} must be a day of the week.`, argument);
  return value;
}

/** The age and opening-time parts of a filter, checked; needs no database. */
export function resolveAgeAndOpening(
  filter: DirectoryFilter,
): Pick<ResolvedFilter, 'ageYears' | 'minimumAgeAtLeast' | 'maximumAgeAtMost' | 'opening'> {
  const minimumAgeAtLeast = age(filter.minimumAgeAtLeast, 'filter.minimumAgeAtLeast');
  const maximumAgeAtMost = age(filter.maximumAgeAtMost, 'filter.maximumAgeAtMost');
  if (minimumAgeAtLeast !== null && maximumAgeAtMost !== null && minimumAgeAtLeast > maximumAgeAtMost) {
    throw invalidInput('filter.minimumAgeAtLeast must not be above filter.maximumAgeAtMost.', 'filter.minimumAgeAtLeast');
  }
  if (filter.openOn != null && filter.openingWithin != null)
    throw invalidInput('Give filter.openOn or filter.openingWithin, not both.', 'filter.openOn');
  let opening: OpeningCondition | null = null;
  if (filter.openOn != null) {
    const day = dayOfWeek(filter.openOn.day, 'filter.openOn.day');
    if (!day) throw invalidInput('filter.openOn needs a day.', 'filter.openOn.day');
    const from = timeOfDay(filter.openOn.from, 'filter.openOn.from');
    const until = timeOfDay(filter.openOn.until, 'filter.openOn.until');
    if (from !== null && until !== null && from >= until)
      throw invalidInput('filter.openOn.from must be before filter.openOn.until.', 'filter.openOn.from');
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
      throw invalidInput('filter.openingWithin.opensFrom must not be after closesBy.', 'filter.openingWithin.opensFrom');
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
  if (i < 0)
    throw invalidInput('cqcRatingAtLeast must be OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT or INADEQUATE.', 'filter.cqcRatingAtLeast');
  return CQC_RATING_ORDER.slice(0, i + 1);
}

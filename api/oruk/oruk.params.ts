import { DayOfWeek } from '../directory/directory.enums.js';
import {
  MAX_LISTED_VALUE_LENGTH,
  MAX_LISTED_VALUES,
  MAX_RADIUS_MILES,
  METRES_PER_MILE,
  searchTextLimitPassed,
} from '../directory/directory.filter.js';
import { textInputProblem } from '../common/text-input.js';
import { NOT_A_POSTCODE_OR_PLACE, parsePlaceName, postcodeAfterPlace } from '../geo/place-name.js';
import { parsePostcode } from '../geo/postcode.js';
import { isUuid } from '../common/ids.js';

export const ORUK_DEFAULT_PER_PAGE = 50;
export const ORUK_MAX_PER_PAGE = 100;
/** The directory search's own limits, so ORUK refuses what the search would refuse, naming the ORUK parameter. */
const MAX_PROXIMITY_METRES = Math.floor(MAX_RADIUS_MILES * METRES_PER_MILE);

export interface OrukListQuery {
  page: number;
  perPage: number;
  search?: string;
  taxonomyTermId?: string;
  taxonomyId?: string;
  minimumAge?: number;
  maximumAge?: number;
  /** "HH:MM:SS" */
  startTime?: string;
  endTime?: string;
  day?: DayOfWeek;
  /** A normalised postcode or outcode, or a town or village name as given. */
  postcode?: string;
  proximityMetres?: number;
  /** coopcare's extension: care need slugs, any of. */
  supports?: string[];
  /** coopcare's extension: languages by name or code, any of. */
  languages?: string[];
}

export interface ParameterProblem {
  parameter: string;
  message: string;
}

export class InvalidParameters extends Error {
  constructor(readonly problems: ParameterProblem[]) {
    super(problems.map((p) => `${p.parameter}: ${p.message}`).join('; '));
    this.name = 'InvalidParameters';
  }
}

/**
 * The query parameters the profile's OpenAPI file lists for each list endpoint, and coopcare's own
 * extensions (`supports`, `languages`: ORUK has no parameter for either), named without a prefix as
 * the profile's own are.
 */
const PAGING = ['page', 'per_page'] as const;
const SERVICE_FILTERS = [
  'search',
  ...PAGING,
  'taxonomy_term_id',
  'taxonomy_id',
  'minimum_age',
  'maximum_age',
  'start_time',
  'end_time',
  'day',
  'supports',
  'languages',
] as const;
export const ALLOWED_PARAMETERS = {
  services: SERVICE_FILTERS,
  service_at_locations: [...SERVICE_FILTERS, 'postcode', 'proximity'],
  taxonomies: PAGING,
  taxonomy_terms: PAGING,
} as const satisfies Record<string, readonly string[]>;
export type OrukListEndpoint = keyof typeof ALLOWED_PARAMETERS;

/** RFC 5545 BYDAY codes, the form `byday` takes in our schedules, and the English names a person types. */
const DAYS: Record<string, DayOfWeek> = {
  MO: DayOfWeek.MONDAY,
  TU: DayOfWeek.TUESDAY,
  WE: DayOfWeek.WEDNESDAY,
  TH: DayOfWeek.THURSDAY,
  FR: DayOfWeek.FRIDAY,
  SA: DayOfWeek.SATURDAY,
  SU: DayOfWeek.SUNDAY,
};
export const BYDAY_CODE: Record<DayOfWeek, string> = Object.fromEntries(Object.entries(DAYS).map(([code, day]) => [day, code])) as Record<
  DayOfWeek,
  string
>;

/**
 * Reads and checks a list endpoint's query string. Every problem is collected so a client fixes them in
 * one round; a parameter the endpoint does not define is a problem too, because silently ignoring a
 * misspelt filter would return an unfiltered list that looks filtered.
 */
export function parseListQuery(endpoint: OrukListEndpoint, raw: Record<string, unknown>): OrukListQuery {
  const problems: ParameterProblem[] = [];
  const allowed: readonly string[] = ALLOWED_PARAMETERS[endpoint];
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (!allowed.includes(name)) {
      problems.push({ parameter: name, message: `not a parameter of /${endpoint}; it takes ${allowed.join(', ')}` });
    } else if (typeof value !== 'string') {
      problems.push({ parameter: name, message: 'give it once, as a plain value' });
    } else {
      const problem = textInputProblem(value);
      if (problem !== null) problems.push({ parameter: name, message: problem });
      else values[name] = value.trim();
    }
  }

  const int = (name: string, min: number, max: number): number | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
      problems.push({ parameter: name, message: `must be a whole number from ${min} to ${max}` });
      return undefined;
    }
    return Number(value);
  };
  const age = (name: string): number | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value === '' || !Number.isFinite(n) || n < 0 || n > 150) {
      problems.push({ parameter: name, message: 'must be an age in years from 0 to 150' });
      return undefined;
    }
    return n;
  };
  const time = (name: string): string | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    const match = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(value);
    if (!match) {
      problems.push({ parameter: name, message: 'must be a time of day, HH:MM or HH:MM:SS (24-hour)' });
      return undefined;
    }
    return `${match[1]}:${match[2]}:${match[3] ?? '00'}`;
  };
  const id = (name: string): string | undefined => {
    const value = values[name];
    if (value === undefined) return undefined;
    if (!isUuid(value)) {
      problems.push({ parameter: name, message: 'must be a UUID, as the taxonomy endpoints give them' });
      return undefined;
    }
    return value.toLowerCase();
  };

  const query: OrukListQuery = {
    page: int('page', 1, 1_000_000) ?? 1,
    perPage: int('per_page', 1, ORUK_MAX_PER_PAGE) ?? ORUK_DEFAULT_PER_PAGE,
    taxonomyTermId: id('taxonomy_term_id'),
    taxonomyId: id('taxonomy_id'),
    minimumAge: age('minimum_age'),
    maximumAge: age('maximum_age'),
    startTime: time('start_time'),
    endTime: time('end_time'),
  };

  if (values.search !== undefined && values.search !== '') {
    const limit = searchTextLimitPassed(values.search);
    if (limit !== null) problems.push({ parameter: 'search', message: `at most ${limit}` });
    else query.search = values.search;
  }
  if (values.day !== undefined) {
    const key = values.day.toUpperCase();
    const day = DAYS[key] ?? (Object.values(DayOfWeek) as string[]).find((d) => d === key);
    if (!day) problems.push({ parameter: 'day', message: 'must be a day of the week: MO, TU, WE, TH, FR, SA, SU or its English name' });
    else query.day = day as DayOfWeek;
  }
  if (values.postcode !== undefined) {
    // A town or village (and a postcode after one) is passed on as typed: the search resolves it, and says
    // if it is unknown or ambiguous.
    const parsed = parsePostcode(values.postcode);
    if (parsed) query.postcode = parsed.postcode;
    else if (parsePlaceName(values.postcode) || postcodeAfterPlace(values.postcode)) query.postcode = values.postcode;
    else problems.push({ parameter: 'postcode', message: NOT_A_POSTCODE_OR_PLACE });
  }
  if (values.proximity !== undefined) {
    const n = Number(values.proximity);
    if (values.proximity === '' || !Number.isFinite(n) || n <= 0 || n > MAX_PROXIMITY_METRES) {
      problems.push({ parameter: 'proximity', message: `must be a distance in metres, above 0 and at most ${MAX_PROXIMITY_METRES}` });
    } else if (values.postcode === undefined) {
      problems.push({ parameter: 'proximity', message: 'needs a postcode to measure from' });
    } else {
      query.proximityMetres = n;
    }
  }
  for (const name of ['supports', 'languages'] as const) {
    const value = values[name];
    if (value === undefined) continue;
    const parts = value.split(',');
    // Counted before any value is read, as the directory's filter would count them.
    if (parts.length > MAX_LISTED_VALUES) {
      problems.push({ parameter: name, message: `at most ${MAX_LISTED_VALUES} values, separated by commas` });
      continue;
    }
    const listed = parts.map((v) => v.trim()).filter((v) => v !== '');
    // Given with nothing in it is a mistake, not "no filter": the list would look filtered and not be.
    if (listed.length === 0) problems.push({ parameter: name, message: 'give at least one value, separated by commas' });
    else if (listed.some((v) => v.length > MAX_LISTED_VALUE_LENGTH))
      problems.push({ parameter: name, message: `each value is at most ${MAX_LISTED_VALUE_LENGTH} characters` });
    else query[name] = listed;
  }
  if (query.minimumAge !== undefined && query.maximumAge !== undefined && query.minimumAge > query.maximumAge) {
    problems.push({ parameter: 'minimum_age', message: 'must not be above maximum_age' });
  }
  if (query.startTime !== undefined && query.endTime !== undefined && query.startTime > query.endTime) {
    problems.push({ parameter: 'start_time', message: 'must not be after end_time' });
  }

  if (problems.length > 0) throw new InvalidParameters(problems);
  return query;
}

/** The item endpoints take no query parameters; only their path id. */
export function checkNoParameters(raw: Record<string, unknown>): void {
  const names = Object.keys(raw);
  if (names.length > 0)
    throw new InvalidParameters(names.map((parameter) => ({ parameter, message: 'this endpoint takes no query parameters' })));
}

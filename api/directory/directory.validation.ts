import { fitsLength, isEmailAddress, isName, isWebAddress, MAX_EMAIL_LENGTH, MAX_NAME_LENGTH } from '../common/rules.js';
import { inUk, normaliseOutcode, normalisePostcode, UK_BOUNDS } from '../geo/postcode.js';
import type { NewService, OpeningTimeInput, ProviderChanges, ProviderLocationInput, ServiceAreaInput } from './curation.inputs.js';
import { DayOfWeek, type MemberClass } from './directory.enums.js';
import { DirectoryException, DirectoryExceptionCode, invalidInput } from './directory.exception.js';
import { MAX_AGE, MAX_RADIUS_MILES } from './directory.filter.js';
import { languageNames } from './languages.js';

/**
 * The checks of every listing write, one place for every caller (curation, seeding, tests): each takes
 * what a client gave and returns the checked, normalised copy that gets written, or throws naming the
 * field at fault. They need no database; the writer runs them before its first statement.
 */

/** A week's schedule: at most this many openings a day. */
const MAX_OPENINGS_PER_DAY = 4;
/** Areas one provider or service may list; more is a mistake, not a service area. */
const MAX_AREAS = 200;
/** Languages or needs one service may list: more than there are is a mistake, and bounds the work of checking them. */
const MAX_LISTED = 50;
/** Locations one provider may list. */
const MAX_LOCATIONS = 100;
const MAX_SLUG_LENGTH = 100;
/** HH:MM, 24-hour: a schedule is in minutes, and HH:MM strings compare in time order. */
const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Lower-case words of letters and digits joined by single hyphens: safe in a URL path as it is. */
const SLUG = /^[a-z0-9]+(-[a-z0-9]+)*$/;
const UK_BOUNDS_TEXT = `latitude ${UK_BOUNDS.minLat} to ${UK_BOUNDS.maxLat} and longitude ${UK_BOUNDS.minLon} to ${UK_BOUNDS.maxLon}`;
const NAME_NEEDED = `A name of 1 to ${MAX_NAME_LENGTH} characters, on one line, is needed.`;

/** A postcode district, or a radius (miles, at most 100) around a point: a ServiceAreaInput checked. */
export type Area = { outcode: string } | { latitude: number; longitude: number; radiusMiles: number };

/** A provider location checked: trimmed, its postcode normalised; latitude and longitude both given or both null. */
export interface CheckedLocation {
  id: string | null;
  name: string;
  addressLine1: string;
  addressLine2: string | null;
  town: string;
  postcode: string;
  latitude: number | null;
  longitude: number | null;
}

type ProviderOwnFields = Omit<ProviderChanges, 'memberClasses' | 'boardSeats' | 'serviceAreas' | 'locations'>;

/** Trims strings, then checks lengths, ranges, the email address and the website. */
export function checkedProviderFields<T extends ProviderOwnFields>(input: T): T {
  const fields = { ...input };
  for (const [k, v] of Object.entries(fields)) if (typeof v === 'string') (fields as Record<string, unknown>)[k] = v.trim();
  if (fields.slug !== undefined) checkSlug(fields.slug);
  if (fields.name != null && !isName(fields.name)) throw invalidInput(NAME_NEEDED, 'name');
  if (!fitsLength(fields.summary, 500)) throw invalidInput('The summary is at most 500 characters.', 'summary');
  if (!fitsLength(fields.description, 10_000)) throw invalidInput('The description is at most 10,000 characters.', 'description');
  const pay = fields.careWorkerHourlyPayPence;
  if (pay != null && (!Number.isInteger(pay) || pay < 1 || pay > 100_000))
    throw invalidInput('careWorkerHourlyPayPence is a whole number of pence from 1 to 100000.', 'careWorkerHourlyPayPence');
  const turnover = fields.staffTurnoverPercent;
  if (turnover != null && !(Number.isFinite(turnover) && turnover >= 0 && turnover <= 100)) {
    throw invalidInput('staffTurnoverPercent is between 0 and 100.', 'staffTurnoverPercent');
  }
  // The limits keep a pasted document out of a contact field (and out of the audit trail that shows it).
  for (const [k, max] of [
    ['registrationNumber', 100],
    ['contactPhone', 100],
    ['contactEmail', MAX_EMAIL_LENGTH],
    ['website', 2_000],
  ] as const) {
    if (!fitsLength(fields[k], max)) throw invalidInput(`${k} is at most ${max.toLocaleString('en-GB')} characters.`, k);
  }
  // The shape Open Referral output (api/oruk/oruk.mapping.ts) and account emails accept.
  if (fields.contactEmail && !isEmailAddress(fields.contactEmail))
    throw invalidInput('contactEmail is an email address, e.g. "office@example.org".', 'contactEmail');
  if (fields.website && !isWebAddress(fields.website))
    throw invalidInput('The website must be a web address starting with http:// or https://.', 'website');
  return fields;
}

type ServiceOwnFields = Partial<Omit<NewService, 'providerId' | 'category' | 'openingTimes' | 'areas'>>;

export function checkedServiceFields<T extends ServiceOwnFields>(input: T): T {
  const fields = { ...input };
  if (fields.name != null) {
    fields.name = fields.name.trim();
    if (!isName(fields.name)) throw invalidInput(NAME_NEEDED, 'name');
  }
  // Long descriptions are cut rather than refused: they come from pasted leaflets, and the start is what matters.
  if (fields.description != null) fields.description = fields.description.slice(0, 10_000);
  const rate = fields.hourlyRatePence;
  if (rate != null && (!Number.isInteger(rate) || rate < 0 || rate > 100_000)) {
    throw invalidInput('hourlyRatePence is a whole number of pence from 0 to 100000.', 'hourlyRatePence');
  }
  for (const k of ['minimumVisitMinutes', 'travelChargePencePerVisit', 'cancellationNoticeHours'] as const) {
    const v = fields[k];
    if (v != null && (!Number.isInteger(v) || v < 0 || v > 10_000)) throw invalidInput(`${k} is a whole number from 0 to 10000.`, k);
  }
  for (const k of ['minimumAge', 'maximumAge'] as const) {
    const v = fields[k];
    if (v != null && (!Number.isInteger(v) || v < 0 || v > MAX_AGE))
      throw invalidInput(`${k} is a whole number of years from 0 to ${MAX_AGE}.`, k);
  }
  if (fields.languages != null) {
    if (fields.languages.length > MAX_LISTED) throw invalidInput(`At most ${MAX_LISTED} languages.`, 'languages');
    // Stored as the registry names them, so the filter and ORUK's codes find them however they were typed.
    fields.languages = languageNames(fields.languages, 'languages').filter((name) => name !== 'English');
  }
  if (fields.supports != null) {
    if (fields.supports.length > MAX_LISTED) throw invalidInput(`At most ${MAX_LISTED} needs.`, 'supports');
    if (new Set(fields.supports).size !== fields.supports.length) throw invalidInput('Each need appears once in supports.', 'supports');
  }
  return fields;
}

export function checkAgeRange(minimumAge: number | null | undefined, maximumAge: number | null | undefined): void {
  if (minimumAge != null && maximumAge != null && minimumAge > maximumAge)
    throw invalidInput('minimumAge must not be above maximumAge.', 'minimumAge');
}

/**
 * A weekly schedule checked: known days, HH:MM times, each opening closing after it opens, no two
 * openings of a day overlapping (one may start when another ends), at most MAX_OPENINGS_PER_DAY a day.
 */
export function checkedOpeningTimes(times: readonly OpeningTimeInput[]): OpeningTimeInput[] {
  const byDay = new Map<DayOfWeek, OpeningTimeInput[]>();
  const days = Object.values(DayOfWeek) as string[];
  const checked = times.map((o) => {
    if (!days.includes(o.dayOfWeek)) throw invalidInput('dayOfWeek is a day of the week, e.g. MONDAY.', 'openingTimes');
    if (!TIME_OF_DAY.test(o.opens) || !TIME_OF_DAY.test(o.closes)) throw invalidInput('Opening times are HH:MM, 24-hour.', 'openingTimes');
    if (o.opens >= o.closes) throw invalidInput('A service closes after it opens.', 'openingTimes');
    const day = byDay.get(o.dayOfWeek) ?? [];
    if (day.length >= MAX_OPENINGS_PER_DAY) throw invalidInput(`At most ${MAX_OPENINGS_PER_DAY} openings a day.`, 'openingTimes');
    byDay.set(o.dayOfWeek, [...day, o]);
    return { dayOfWeek: o.dayOfWeek, opens: o.opens, closes: o.closes };
  });
  for (const [day, openings] of byDay) {
    const sorted = [...openings].sort((a, b) => (a.opens < b.opens ? -1 : a.opens > b.opens ? 1 : 0));
    for (let i = 1; i < sorted.length; i++) {
      if (sorted[i]!.opens < sorted[i - 1]!.closes) throw invalidInput(`Two openings on ${day} overlap or repeat.`, 'openingTimes');
    }
  }
  return checked;
}

export function checkSlug(slug: string): void {
  if (slug.length > MAX_SLUG_LENGTH || !SLUG.test(slug)) {
    throw invalidInput(
      `A slug is up to ${MAX_SLUG_LENGTH} lower-case letters and digits in words joined by single hyphens, e.g. "colne-valley-care".`,
      'slug',
    );
  }
}

/** Areas checked, outcodes normalised: a real-shaped postcode district, or a radius around a point in the UK. */
export function checkedAreas(areas: readonly ServiceAreaInput[], argument: string): Area[] {
  if (areas.length > MAX_AREAS) throw invalidInput(`At most ${MAX_AREAS} areas.`, argument);
  const seen = new Set<string>();
  return areas.map((a) => {
    const area = checkedArea(a, argument);
    const key = 'outcode' in area ? `district ${area.outcode}` : `radius ${area.latitude} ${area.longitude} ${area.radiusMiles}`;
    if (seen.has(key)) throw invalidInput('Each area appears once (the same district, or the same centre and radius).', argument);
    seen.add(key);
    return area;
  });
}

function checkedArea(a: ServiceAreaInput, argument: string): Area {
  const radius = a.latitude != null || a.longitude != null || a.radiusMiles != null;
  if (a.outcode != null && !radius) return { outcode: checkedOutcode(a.outcode, argument) };
  if (a.outcode != null || a.latitude == null || a.longitude == null || a.radiusMiles == null) {
    throw invalidInput('An area is either a postcode district (outcode) or latitude, longitude and radiusMiles.', argument);
  }
  if (!(a.radiusMiles > 0 && a.radiusMiles <= MAX_RADIUS_MILES)) {
    throw invalidInput(`An area is a postcode district or a radius of more than 0 and at most ${MAX_RADIUS_MILES} miles.`, argument);
  }
  if (!inUk(a.latitude, a.longitude)) throw invalidInput(`An area's centre is in the UK: ${UK_BOUNDS_TEXT}.`, argument);
  return { latitude: a.latitude, longitude: a.longitude, radiusMiles: a.radiusMiles };
}

/**
 * Locations checked before any lookup: names and address, ids given once, a well-formed full postcode
 * (normalised), and a point in the UK when one is given (both coordinates or neither).
 */
export function checkedLocations(locations: readonly ProviderLocationInput[]): CheckedLocation[] {
  if (locations.length > MAX_LOCATIONS) throw invalidInput(`At most ${MAX_LOCATIONS} locations.`, 'locations');
  const ids = new Set<string>();
  return locations.map((l) => {
    if (l.id != null) {
      if (ids.has(l.id)) throw invalidInput('Each location appears once in locations.', 'locations');
      ids.add(l.id);
    }
    const place: CheckedLocation = {
      id: l.id ?? null,
      name: l.name.trim(),
      addressLine1: l.addressLine1.trim(),
      addressLine2: l.addressLine2?.trim() || null,
      town: l.town.trim(),
      postcode: normalisePostcode(l.postcode) ?? '',
      latitude: l.latitude ?? null,
      longitude: l.longitude ?? null,
    };
    if (!place.name || !place.addressLine1 || !place.town)
      throw invalidInput('A location needs a name, a first address line and a town.', 'locations');
    for (const [k, max] of [
      ['name', 200],
      ['addressLine1', 200],
      ['addressLine2', 200],
      ['town', 100],
    ] as const) {
      if (!fitsLength(place[k], max)) throw invalidInput(`A location's ${k} is at most ${max} characters.`, 'locations');
    }
    if (!place.postcode) {
      throw new DirectoryException(DirectoryExceptionCode.INVALID_POSTCODE, 'A location needs a full UK postcode, such as "HD7 5AB".', {
        argument: 'locations',
      });
    }
    if ((place.latitude == null) !== (place.longitude == null))
      throw invalidInput('Give a location both latitude and longitude, or neither.', 'locations');
    if (place.latitude != null) checkInUk(place.latitude, place.longitude!);
    return place;
  });
}

export function checkInUk(latitude: number, longitude: number): void {
  if (!inUk(latitude, longitude)) throw invalidInput(`A location is in the UK: ${UK_BOUNDS_TEXT}.`, 'locations');
}

export function checkedOutcode(input: string, argument: string): string {
  const outcode = normaliseOutcode(input);
  if (!outcode) throw invalidInput(`"${input.slice(0, 20)}" is not a postcode district (outcode) such as "HD7".`, argument);
  return outcode;
}

/** Counts are whole numbers from 0, each member class at most once. */
export function checkMemberCounts<K extends string>(
  rows: readonly ({ memberClass: MemberClass } & Record<K, number>)[],
  key: K,
  argument: string,
): void {
  const seen = new Set<MemberClass>();
  for (const row of rows) {
    const n = row[key];
    if (!Number.isInteger(n) || n < 0 || n > 10_000_000) throw invalidInput(`${key} is a whole number from 0.`, argument);
    if (seen.has(row.memberClass)) throw invalidInput(`Each member class appears once in ${argument}.`, argument);
    seen.add(row.memberClass);
  }
}

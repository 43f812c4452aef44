import { parsePostcode } from './postcode.js';

/** Longer text is not a place name; refusing it early keeps junk away from the database. */
export const MAX_PLACE_INPUT_LENGTH = 80;

/**
 * Why text is neither a postcode nor a place name, and what will do, after the field's name or "That":
 * one wording for GraphQL and ORUK.
 */
export const NOT_A_POSTCODE_OR_PLACE =
  'is not a UK postcode or a town name: give a postcode like "HD1 2TA", a district like "HD1" or a town like ' +
  '"Holmfirth" (if several towns share its name, add its area after a comma: "Scholes, HD9")';

/**
 * A town or village as a person types it: letters (any alphabet, accents), spaces, hyphens, apostrophes,
 * full stops and "&", then optionally a comma and a qualifier that may hold digits, commas, brackets and
 * "/" too, as ONS area names do ("Scholes, HD9", "Scholes, Bristol, City of", "Aberaeron / Aberaeron").
 */
const PLACE_SHAPE = /^\p{L}[\p{L}\p{M} '’.&-]*(,[\p{L}\p{M}\p{N} '’.&(),/-]*)?$/u;

/** Zero-width and other invisible format characters a paste carries along; they are never part of a name. */
const FORMAT_CHARACTERS = /\p{Cf}/gu;

/** An entry of a name this close to a place's best entry is part of that place (a town's BUA, its locality point, its parish). */
const SAME_PLACE_MILES = 4;

/** An ambiguous name lists at most this many places; "Newtown" has dozens. */
export const MAX_CANDIDATES = 10;

/** IPN `descnm` kinds a resident types as a town or village; the importer keeps only these. */
export const PLACE_KINDS = ['BUASD', 'BUA', 'LOC', 'PAR', 'COM'] as const;

export interface PlaceQuery {
  /** placeKey of the name before any comma. */
  key: string;
  /** placeKey of the qualifier after the comma ("holme valley"), or null. */
  qualifier: string | null;
}

/**
 * The form names are compared in: lower case, accents off, "&" as "and", "Saint" as "St", apostrophes
 * and full stops dropped ("St. Mary's" is "st marys"), other non-letters as single spaces.
 */
export function placeKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/['’.]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim()
    .replace(/\bsaint\b/g, 'st');
}

/** The input as it is matched and said back: format characters gone, spaces trimmed and single. */
export function cleanPlaceInput(input: string): string {
  return input.replace(FORMAT_CHARACTERS, '').trim().replace(/\s+/g, ' ');
}

/** What a person typed, read as a place name (with its qualifier), or null when it cannot be one. */
export function parsePlaceName(input: string): PlaceQuery | null {
  const cleaned = cleanPlaceInput(input);
  if (cleaned.length > MAX_PLACE_INPUT_LENGTH || !PLACE_SHAPE.test(cleaned)) return null;
  // Only the first comma splits: the rest belong to the qualifier ("Bristol, City of").
  const comma = cleaned.indexOf(',');
  const key = placeKey(comma < 0 ? cleaned : cleaned.slice(0, comma));
  const qualifier = comma < 0 ? null : placeKey(cleaned.slice(comma + 1));
  if (key === '') return null;
  // "Holmfirth," with nothing after the comma is just Holmfirth.
  return { key, qualifier: qualifier || null };
}

/**
 * The postcode or district after a town's name with no comma between, as an address's last line is
 * written ("Batley WF17", "Holmfirth HD9 2AB"), or null. It says where more exactly than the name, so
 * it alone is looked up; the name before it need only be shaped like one. Place names hold no digits,
 * so no name ends in something read as a postcode.
 */
export function postcodeAfterPlace(input: string): string | null {
  const cleaned = cleanPlaceInput(input);
  if (cleaned.length > MAX_PLACE_INPUT_LENGTH) return null;
  const words = cleaned.split(' ');
  // A full postcode is two words ("WF17 5DA"); a district, or a postcode written unspaced, one.
  for (const n of [2, 1]) {
    if (words.length <= n) continue;
    const postcode = words.slice(-n).join(' ');
    const name = words.slice(0, -n).join(' ');
    // After a comma a district is a qualifier that picks one of the name's places ("Scholes, HD9").
    if (parsePostcode(postcode) && !name.endsWith(',') && parsePlaceName(name)) return postcode;
  }
  return null;
}

/** One IPN entry of a looked-up name, as the lookup reads it. */
export interface PlaceEntry {
  code: string;
  name: string;
  kind: string;
  localAuthority: string | null;
  county: string | null;
  ward: string | null;
  parish: string | null;
  /** GSS code of the parish it lies in; a PAR or COM entry's is its own. */
  parishCode: string | null;
  latitude: number;
  longitude: number;
  outcode: string | null;
  /** The districts the place spans, nearest first (Place.outcodes). */
  outcodes: string[];
}

/** One place a name may mean: the entries that are it, and the one that stands for them. */
export interface PlaceCluster {
  entries: PlaceEntry[];
  best: PlaceEntry;
  /** placeKey of every code and area name of its entries: what a qualifier may name it by. */
  keys: ReadonlySet<string>;
}

/** Miles per degree of latitude, near enough for places a few miles apart; a degree of longitude is this times cos(latitude). */
export const MILES_PER_DEGREE_LATITUDE = 69.05;

function milesBetween(a: PlaceEntry, b: PlaceEntry): number {
  const dy = (a.latitude - b.latitude) * MILES_PER_DEGREE_LATITUDE;
  const dx = (a.longitude - b.longitude) * MILES_PER_DEGREE_LATITUDE * Math.cos(((a.latitude + b.latitude) / 2) * (Math.PI / 180));
  return Math.hypot(dx, dy);
}

/** A built-up area's centre over its locality point, both over a parish's (which may be mostly fields). */
function rank(entry: PlaceEntry): number {
  const i = (PLACE_KINDS as readonly string[]).indexOf(entry.kind);
  return i < 0 ? PLACE_KINDS.length : i;
}

/** IPN kinds of parishes (England) and communities (Wales): an entry of one names the parish it is. */
export const PARISH_KINDS: ReadonlySet<string> = new Set(['PAR', 'COM']);

/**
 * Groups a name's entries into places, best entries first: an entry joins the place whose best entry is
 * nearest within SAME_PLACE_MILES (measured to that one entry, so a line of entries cannot chain into a
 * place miles long), and a parish joins a place lying in it however far its centre is. Biggest first.
 */
export function clusterPlaces(entries: PlaceEntry[]): PlaceCluster[] {
  const groups: { best: PlaceEntry; entries: PlaceEntry[] }[] = [];
  for (const entry of [...entries].sort((a, b) => rank(a) - rank(b) || a.code.localeCompare(b.code))) {
    const ownParish = PARISH_KINDS.has(entry.kind) && entry.parishCode !== null;
    const home =
      (ownParish ? groups.find((g) => g.entries.some((e) => e.parishCode === entry.parishCode)) : undefined) ??
      groups
        .map((g) => ({ g, miles: milesBetween(g.best, entry) }))
        .filter(({ miles }) => miles <= SAME_PLACE_MILES)
        .sort((a, b) => a.miles - b.miles)[0]?.g;
    if (home) home.entries.push(entry);
    else groups.push({ best: entry, entries: [entry] });
  }
  return groups
    .map((g) => ({ ...g, keys: new Set(g.entries.flatMap((e) => [e.code, ...namesOf(e)].map(placeKey))) }))
    .sort((a, b) => b.entries.length - a.entries.length || rank(a.best) - rank(b.best) || a.best.code.localeCompare(b.best.code));
}

/** The entry's fields a qualifier names it by: parish, ward, authority, county, postcode district. */
function namesOf(entry: PlaceEntry): string[] {
  return [entry.parish, entry.ward, entry.localAuthority, entry.county, entry.outcode].filter((v): v is string => !!v);
}

/** The places a qualifier picks out: those with an entry it names, or whose IPN code it is. */
export function qualified(clusters: PlaceCluster[], qualifier: string): PlaceCluster[] {
  return clusters.filter((c) => c.keys.has(qualifier));
}

/**
 * The text that, typed back, picks exactly this place out of the others: "Scholes, Leeds", "Scholes,
 * Holme Valley". The first of the place's authority, parish, ward, county and district that no other
 * place shares and that parsePlaceName reads back as this name and qualifier; its IPN code if none does.
 * The authority comes first because residents know their council's name; a parish such as "Barwick in
 * Elmet and Scholes" repeats the name and reads as a typing slip.
 */
export function distinctName(cluster: PlaceCluster, clusters: PlaceCluster[]): string {
  const best = cluster.best;
  const key = placeKey(best.name);
  const picks = (q: string) => {
    const typed = parsePlaceName(`${best.name}, ${q}`);
    if (typed?.key !== key || typed.qualifier !== placeKey(q)) return false;
    const picked = qualified(clusters, typed.qualifier);
    return picked.length === 1 && picked[0] === cluster;
  };
  const preferred = [best.localAuthority, best.parish, best.ward, best.county, best.outcode].filter((v): v is string => !!v);
  return `${best.name}, ${preferred.find(picks) ?? best.code}`;
}

/** Where a place is, in words: "in Holme Valley, Kirklees, West Yorkshire (HD9)". */
export function describePlace(entry: PlaceEntry): string {
  const within = [entry.parish ?? entry.ward, entry.localAuthority, entry.county].filter(
    (v, i, all): v is string => !!v && all.indexOf(v) === i && v !== entry.name,
  );
  const where = within.length > 0 ? `in ${within.join(', ')}` : 'in Great Britain';
  return entry.outcode ? `${where} (${entry.outcode})` : where;
}

/** One place an ambiguous name may mean, as a refusal lists it. */
export interface NamedCandidate {
  /** Typed back into the same field, picks exactly this place ("Scholes, Holme Valley"). */
  name: string;
  /** Where it is, in words. */
  description: string;
  latitude: number;
  longitude: number;
}

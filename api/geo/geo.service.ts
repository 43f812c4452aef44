import { type CacheStatistics, LoadingCache, onCommitOf } from '../common/bounded-cache.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { AmbiguousPlace, GeoException, GeoExceptionCode, PlaceNotFound } from './geo.exception.js';
import { GeocodePrecision, type GeoLocation, type SearchLocation } from './geo.types.js';
import {
  cleanPlaceInput,
  clusterPlaces,
  describePlace,
  distinctName,
  MAX_CANDIDATES,
  MAX_PLACE_INPUT_LENGTH,
  NOT_A_POSTCODE_OR_PLACE,
  type NamedCandidate,
  type PlaceCluster,
  type PlaceEntry,
  type PlaceQuery,
  parsePlaceName,
  postcodeAfterPlace,
  qualified,
} from './place-name.js';
import { MAX_POSTCODE_INPUT_LENGTH, type ParsedPostcode, parsePostcode } from './postcode.js';

export type { GeoLocation } from './geo.types.js';

interface PointRow {
  precision: GeocodePrecision;
  latitude: number;
  longitude: number;
}

const PRECISION_ORDER = [GeocodePrecision.POSTCODE, GeocodePrecision.SECTOR, GeocodePrecision.DISTRICT];

/** A name's entries read at most: "Newtown" has a few dozen; more than this is a name nobody means one place by. */
const PLACE_ENTRIES_READ = 500;

/** An unknown place name is answered with at most this many near names. */
const MAX_SUGGESTIONS = 3;
/** Entries read for them: a name has a few entries (its BUA, locality, parish), so this yields three names. */
const SUGGESTIONS_READ = 30;

/** What importPostcodes and importPlaces mark their transactions as changing. */
export const GAZETTEER_TOPIC = 'gazetteer';

/**
 * Every postcode a busy directory is searched from, about 200 bytes each. The gazetteer changes only
 * by import (postcode-import.ts): this instance forgets on an import's commit; an import by another
 * process shows within the hour.
 */
const LOCATIONS_CACHED = 20_000;
const LOCATION_TTL_MS = 60 * 60_000;

/**
 * Place names looked up, found or ambiguous (an ambiguous name costs a name's entries clustered, which
 * for a common one is milliseconds of CPU); up to ten candidates of about 200 bytes each. Unknown names
 * are not kept, nor a known name whose qualifier picks none of its places: any text may be one, and
 * they would push the real ones out.
 */
const PLACES_CACHED = 5_000;

/** A place name's answer: where it is, or the places it may mean. */
type PlaceAnswer = SearchLocation | PlaceChoice;
interface PlaceChoice {
  /** The name as the gazetteer spells it. */
  name: string;
  /** The qualifier picked none of the name's places, so all are offered. */
  noneInArea: boolean;
  /** How many places were picked, of which at most MAX_CANDIDATES are listed. */
  picked: number;
  candidates: NamedCandidate[];
}

/** Postcode or place name → point, over the gazetteer tables (postcode, postcode_sector, postcode_district, place). */
export class GeoService {
  private readonly located = new LoadingCache<GeoLocation>(LOCATIONS_CACHED, LOCATION_TTL_MS);
  private readonly places = new LoadingCache<PlaceAnswer>(PLACES_CACHED, LOCATION_TTL_MS);

  constructor(private readonly uow: UnitOfWork) {
    onCommitOf(uow.db, GAZETTEER_TOPIC, () => {
      this.located.forget();
      this.places.forget();
    });
  }

  /** How often `locate` (postcodes) and place names were answered from memory. */
  cacheStatistics(): { geocode: CacheStatistics; places: CacheStatistics } {
    return { geocode: this.located.statistics(), places: this.places.statistics() };
  }

  /**
   * The point for a full postcode (exact if known, else its sector's centre, else its district's) or
   * for a bare outcode (its district's centre). One statement, whatever the fallback. A malformed or
   * unknown postcode is a GeoException (INVALID_POSTCODE, POSTCODE_NOT_FOUND) naming `argument`.
   * Found points are cached (not refusals: an import may add the postcode), but not a unit's sector or
   * district fallback: unknown units would otherwise each take an entry and push out real ones. Inside
   * a transaction the gazetteer is read, as the transaction may be the import's own.
   */
  async locate(input: string, argument: string): Promise<GeoLocation> {
    const parsed = parsePostcode(input);
    if (!parsed) {
      const message =
        input.length > MAX_POSTCODE_INPUT_LENGTH
          ? 'That is too long to be a postcode.'
          : 'That is not a UK postcode: try one like "HD1 2TA", or a district like "HD1".';
      throw new GeoException(GeoExceptionCode.INVALID_POSTCODE, message, { argument });
    }
    const key = `${parsed.kind}:${parsed.postcode}`;
    const find = () => this.find(parsed, argument);
    const exact = (found: GeoLocation) => parsed.kind === 'OUTCODE' || found.precision === GeocodePrecision.POSTCODE;
    return this.uow.inTransaction ? find() : this.located.get(key, find, exact);
  }

  /**
   * For the directory search and ORUK only (a care address or a provider's office needs a real
   * postcode: use `locate`): a postcode or outcode exactly as `locate`, else a town or village name
   * ("Holmfirth", "holmfirth", "Scholes, Holme Valley") at its place's point, precision PLACE, with the
   * place's name as `postcode`, its nearest district as `outcode` ("" when no postcode is near it) and
   * the districts it spans as `districts` (a postcode's is its own); a name followed by a postcode or
   * district without a comma ("Batley WF17") as that postcode alone. A name several places far apart
   * have, or a known name whose qualifier picks none of its places, is an AmbiguousPlace listing them;
   * an unknown one PLACE_NOT_FOUND; text neither shape stays INVALID_POSTCODE. One statement per
   * lookup (two for an unknown name, whose suggestions are looked up too); found and ambiguous places
   * are cached, but not a qualifier that picks none of its name's places.
   */
  async locatePostcodeOrPlace(input: string, argument: string): Promise<SearchLocation> {
    if (parsePostcode(input)) {
      const located = await this.locate(input, argument);
      return { ...located, districts: [located.outcode] };
    }
    const trailing = postcodeAfterPlace(input);
    if (trailing) {
      const located = await this.locate(trailing, argument);
      return { ...located, districts: [located.outcode] };
    }
    const place = parsePlaceName(input);
    const asked = cleanPlaceInput(input);
    if (!place) {
      const message =
        asked.length > MAX_PLACE_INPUT_LENGTH ? 'That is too long to be a postcode or a place name.' : `That ${NOT_A_POSTCODE_OR_PLACE}.`;
      throw new GeoException(GeoExceptionCode.INVALID_POSTCODE, message, { argument });
    }
    const find = () => this.findPlace(place, asked, argument);
    // A qualifier that picks none of the places is any text after the comma: not worth an entry.
    const keep = (found: PlaceAnswer) => !('candidates' in found && found.noneInArea);
    const answer = await (this.uow.inTransaction ? find() : this.places.get(`${place.key}:${place.qualifier ?? ''}`, find, keep));
    if ('candidates' in answer) throw refusal(answer, asked, argument);
    return answer;
  }

  private async findPlace(place: PlaceQuery, asked: string, argument: string): Promise<PlaceAnswer> {
    const entries: PlaceEntry[] = await this.uow.manager.query(
      `SELECT code, name, kind, local_authority AS "localAuthority", county, ward, parish,
              parish_code AS "parishCode", latitude, longitude, outcode, outcodes
       FROM place WHERE key = $1 ORDER BY code LIMIT ${PLACE_ENTRIES_READ}`,
      [place.key],
    );
    const clusters = clusterPlaces(entries);
    const picked = place.qualifier === null ? clusters : qualified(clusters, place.qualifier);
    // The name is known and only the words after the comma miss: offer the places it does mean.
    if (picked.length === 0 && clusters.length > 0) return choice(clusters, clusters, true);
    if (picked.length === 0) {
      const suggestions = await this.namesLike(place.key);
      const didYouMean = suggestions.length > 0 ? ` Did you mean ${suggestions.map((n) => `"${n}"`).join(' or ')}?` : '';
      throw new PlaceNotFound(
        `We do not know a town or village called "${asked}": check the spelling, or give a postcode ("HD1 2TA") or a district ("HD1").` +
          didYouMean,
        argument,
        suggestions,
      );
    }
    if (picked.length > 1) return choice(picked, clusters, false);
    const { best } = picked[0];
    return {
      postcode: best.name,
      outcode: best.outcode ?? '',
      sector: null,
      latitude: best.latitude,
      longitude: best.longitude,
      precision: GeocodePrecision.PLACE,
      districts: best.outcodes,
    };
  }

  /**
   * The known names nearest a key nobody has, by trigram similarity, at most MAX_SUGGESTIONS: one
   * statement over the GiST trigram index, run only when a name is not found (and not cached, as
   * unknown names are not).
   */
  private async namesLike(key: string): Promise<string[]> {
    const rows: { name: string }[] = await this.uow.manager.query(
      `SELECT name FROM (SELECT name, key <-> $1 AS distance FROM place WHERE key % $1 ORDER BY key <-> $1 LIMIT ${SUGGESTIONS_READ}) near
       GROUP BY name ORDER BY min(distance), name LIMIT ${MAX_SUGGESTIONS}`,
      [key],
    );
    return rows.map((r) => r.name);
  }

  private async find(parsed: ParsedPostcode, argument: string): Promise<GeoLocation> {
    // Through the caller's transaction, if any: a write that geocodes must not wait for a second connection.
    const rows: PointRow[] = await this.uow.manager.query(
      `SELECT 'POSTCODE' AS "precision", latitude, longitude FROM postcode WHERE postcode = $1
       UNION ALL
       SELECT 'SECTOR', latitude, longitude FROM postcode_sector WHERE sector = $2
       UNION ALL
       SELECT 'DISTRICT', latitude, longitude FROM postcode_district WHERE outcode = $3`,
      // An outcode alone must never match a unit or a sector; null matches nothing.
      [parsed.kind === 'POSTCODE' ? parsed.postcode : null, parsed.sector, parsed.outcode],
    );
    const best = rows.sort((a, b) => PRECISION_ORDER.indexOf(a.precision) - PRECISION_ORDER.indexOf(b.precision))[0];
    if (!best) throw new GeoException(GeoExceptionCode.POSTCODE_NOT_FOUND, `We do not know where ${parsed.postcode} is.`, { argument });
    return {
      postcode: parsed.postcode,
      outcode: parsed.outcode,
      sector: parsed.sector,
      latitude: best.latitude,
      longitude: best.longitude,
      precision: best.precision,
    };
  }
}

function choice(picked: PlaceCluster[], clusters: PlaceCluster[], noneInArea: boolean): PlaceChoice {
  return {
    name: clusters[0].best.name,
    noneInArea,
    picked: picked.length,
    candidates: picked.slice(0, MAX_CANDIDATES).map((cluster) => ({
      name: distinctName(cluster, clusters),
      description: describePlace(cluster.best),
      latitude: cluster.best.latitude,
      longitude: cluster.best.longitude,
    })),
  };
}

/** The refusal of a name with several places, or whose qualifier (from `asked`, this time's text) picks none. */
function refusal(answer: PlaceChoice, asked: string, argument: string): AmbiguousPlace {
  const lead = answer.noneInArea
    ? `None of the places called "${answer.name}" is in "${asked.slice(asked.indexOf(',') + 1).trim()}": choose one`
    : `More than one place is called "${answer.name}": say which by giving one of these`;
  const more = answer.picked > MAX_CANDIDATES ? ` (the first ${MAX_CANDIDATES} of ${answer.picked})` : '';
  return new AmbiguousPlace(`${lead}${more}, e.g. "${answer.candidates[0].name}", or give a postcode.`, argument, answer.candidates);
}

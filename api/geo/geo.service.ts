import { type CacheStatistics, LoadingCache, onCommitOf } from '../common/bounded-cache.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { GeoException, GeoExceptionCode } from './geo.exception.js';
import { GeocodePrecision, type GeoLocation } from './geo.types.js';
import { MAX_POSTCODE_INPUT_LENGTH, type ParsedPostcode, parsePostcode } from './postcode.js';

export type { GeoLocation } from './geo.types.js';

interface PointRow {
  precision: GeocodePrecision;
  latitude: number;
  longitude: number;
}

const PRECISION_ORDER = [GeocodePrecision.POSTCODE, GeocodePrecision.SECTOR, GeocodePrecision.DISTRICT];

/** What importPostcodes marks its transaction as changing. */
export const GAZETTEER_TOPIC = 'gazetteer';

/**
 * Every postcode a busy directory is searched from, about 200 bytes each. The gazetteer changes only
 * by import (postcode-import.ts): this instance forgets on an import's commit; an import by another
 * process shows within the hour.
 */
const LOCATIONS_CACHED = 20_000;
const LOCATION_TTL_MS = 60 * 60_000;

/** Postcode → point, over the gazetteer tables (postcode, postcode_sector, postcode_district). */
export class GeoService {
  private readonly located = new LoadingCache<GeoLocation>(LOCATIONS_CACHED, LOCATION_TTL_MS);

  constructor(private readonly uow: UnitOfWork) {
    onCommitOf(uow.db, GAZETTEER_TOPIC, () => this.located.forget());
  }

  /** How often `locate` was answered from memory. */
  cacheStatistics(): { geocode: CacheStatistics } {
    return { geocode: this.located.statistics() };
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

import type { DataSource } from 'typeorm';
import { GeoException, GeoExceptionCode } from './geo.exception.js';
import { GeocodePrecision, type GeoFailure, type GeoLocation } from './geo.types.js';
import { MAX_POSTCODE_INPUT_LENGTH, parsePostcode } from './postcode.js';

export type { GeoFailure, GeoLocation } from './geo.types.js';

export function isGeoFailure(result: GeoLocation | GeoFailure): result is GeoFailure {
  return 'code' in result;
}

interface PointRow {
  precision: GeocodePrecision;
  latitude: number;
  longitude: number;
}

const PRECISION_ORDER = [GeocodePrecision.POSTCODE, GeocodePrecision.SECTOR, GeocodePrecision.DISTRICT];

/** Postcode → point, over the gazetteer tables (postcode, postcode_sector, postcode_district). */
export class GeoService {
  constructor(private readonly db: DataSource) {}

  /**
   * The point for a full postcode (exact if known, else its sector's centre, else its district's) or
   * for a bare outcode (its district's centre). One statement, whatever the fallback.
   */
  async locate(input: string): Promise<GeoLocation | GeoFailure> {
    const parsed = parsePostcode(input);
    if (!parsed) {
      return {
        code: GeoExceptionCode.INVALID_POSTCODE,
        message:
          input.length > MAX_POSTCODE_INPUT_LENGTH
            ? 'That is too long to be a postcode.'
            : 'That is not a UK postcode: try one like "HD1 2TA", or a district like "HD1".',
      };
    }
    const rows: PointRow[] = await this.db.query(
      `SELECT 'POSTCODE' AS "precision", latitude, longitude FROM postcode WHERE postcode = $1
       UNION ALL
       SELECT 'SECTOR', latitude, longitude FROM postcode_sector WHERE sector = $2
       UNION ALL
       SELECT 'DISTRICT', latitude, longitude FROM postcode_district WHERE outcode = $3`,
      // An outcode alone must never match a unit or a sector; null matches nothing.
      [parsed.kind === 'POSTCODE' ? parsed.postcode : null, parsed.sector, parsed.outcode],
    );
    const best = rows.sort((a, b) => PRECISION_ORDER.indexOf(a.precision) - PRECISION_ORDER.indexOf(b.precision))[0];
    if (!best) {
      return {
        code: GeoExceptionCode.POSTCODE_NOT_FOUND,
        message: `We do not know where ${parsed.postcode} is.`,
      };
    }
    return {
      postcode: parsed.postcode,
      outcode: parsed.outcode,
      sector: parsed.sector,
      latitude: best.latitude,
      longitude: best.longitude,
      precision: best.precision,
    };
  }

  /**
   * As `locate`, for a postcode given as an argument of another operation: a failure becomes a
   * GeoException (INVALID_POSTCODE or POSTCODE_NOT_FOUND) naming the argument.
   */
  async requireLocation(input: string, argument: string): Promise<GeoLocation> {
    const result = await this.locate(input);
    if (isGeoFailure(result)) throw new GeoException(result.code, result.message, { argument });
    return result;
  }
}

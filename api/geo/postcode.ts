import { parse, validOutcode } from 'postcode';

/** Longer input is not a postcode, however it is spaced; refusing it early keeps junk away from the database. */
export const MAX_POSTCODE_INPUT_LENGTH = 16;

export type ParsedPostcode =
  /** A full postcode ("HD1 2TA"). */
  | { kind: 'POSTCODE'; postcode: string; outcode: string; sector: string }
  /** A bare outcode ("HD1"): a district, never more precise than that. */
  | { kind: 'OUTCODE'; postcode: string; outcode: string; sector: null };

/**
 * Reads what a person typed as a UK postcode or outcode: any case, spaced or not ("hd12ta",
 * " HD1  2TA "). Null when it is neither; the shape is checked, not whether the postcode exists.
 */
export function parsePostcode(input: string): ParsedPostcode | null {
  if (input.length > MAX_POSTCODE_INPUT_LENGTH) return null;
  const cleaned = input.trim().replace(/\s+/g, ' ').toUpperCase();
  if (cleaned === '') return null;
  // Girobank's GIR 0AA is real and in the ONS Postcode Directory, but follows none of the regular patterns.
  if (cleaned.replace(' ', '') === 'GIR0AA') return { kind: 'POSTCODE', postcode: 'GIR 0AA', outcode: 'GIR', sector: 'GIR 0' };
  if (cleaned === 'GIR') return { kind: 'OUTCODE', postcode: 'GIR', outcode: 'GIR', sector: null };
  const full = parse(cleaned);
  if (full.valid) return { kind: 'POSTCODE', postcode: full.postcode, outcode: full.outcode, sector: full.sector };
  if (validOutcode(cleaned)) return { kind: 'OUTCODE', postcode: cleaned, outcode: cleaned, sector: null };
  return null;
}

/** The normalised form of a full postcode ("HD1 2TA"), or null when the input is not one. */
export function normalisePostcode(input: string): string | null {
  const parsed = parsePostcode(input);
  return parsed?.kind === 'POSTCODE' ? parsed.postcode : null;
}

/** The normalised postcode district (outcode, "HD7") the input names, or null when it is not one. */
export function normaliseOutcode(input: string): string | null {
  const parsed = parsePostcode(input);
  return parsed?.kind === 'OUTCODE' ? parsed.outcode : null;
}

/**
 * Great Britain, Northern Ireland, the Channel Islands and the Isle of Man, generously: the importer's
 * check on ONSPD rows and the directory's on the places and areas providers give.
 */
export const UK_BOUNDS = { minLat: 49, maxLat: 61.5, minLon: -8.9, maxLon: 2.1 } as const;

export function inUk(latitude: number, longitude: number): boolean {
  return (
    Number.isFinite(latitude) &&
    Number.isFinite(longitude) &&
    latitude >= UK_BOUNDS.minLat &&
    latitude <= UK_BOUNDS.maxLat &&
    longitude >= UK_BOUNDS.minLon &&
    longitude <= UK_BOUNDS.maxLon
  );
}

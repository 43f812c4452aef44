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

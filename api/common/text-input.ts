import { badUserInput } from './errors.js';

/**
 * PostgreSQL's text types cannot hold U+0000: a string carrying one fails the statement it reaches
 * ("invalid byte sequence for encoding UTF8: 0x00"), which would surface as a 500. It is never a
 * meaningful character in anything a person types, so every argument that reaches SQL is refused here,
 * whatever its nesting (filters, lists of languages, cursor keys), naming the argument.
 */
export function refuseNulCharacters(value: unknown, argument: string): void {
  const offending = nulCharacterAt(value, argument);
  if (offending !== null) throw badUserInput(`${offending} must not contain the NUL character (\\u0000).`, offending);
}

/** The path (from `path`) of the first string holding U+0000 within `value`, or null: for callers that collect problems. */
export function nulCharacterAt(value: unknown, path: string): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path : null;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = nulCharacterAt(item, path);
      if (found !== null) return found;
    }
    return null;
  }
  if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      const found = nulCharacterAt(item, `${path}.${key}`);
      if (found !== null) return found;
    }
  }
  return null;
}

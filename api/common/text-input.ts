/**
 * The path (from `path`) of the first string holding U+0000 within `value`, or null. PostgreSQL's text
 * types cannot hold that character, so every transport refuses it at its edge (GraphQL:
 * api/graphql/input-guard.ts; ORUK: its parameter parser).
 */
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

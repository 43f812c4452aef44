/** `scheme://host[:port]` exactly, as browsers send in Origin; anything else is refused. */
export function normaliseOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.origin === 'null' || url.username || url.password) return null;
    if (origin.replace(/\/$/, '') !== url.origin) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/**
 * `scheme://host[:port]` of an http(s) origin, as browsers send it in Origin (lower case, default port
 * dropped), from text that has nothing after the host but an optional slash; null for anything else.
 * Keys' allowed origins, widget sessions' origins and COOPCARE_APP_ORIGINS are all kept in this form, so
 * they compare exactly with the Origin header.
 */
export function normaliseOrigin(given: string): string | null {
  if (!URL.canParse(given)) return null;
  const url = new URL(given);
  const bare = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  return bare && (url.protocol === 'https:' || url.protocol === 'http:') ? url.origin : null;
}

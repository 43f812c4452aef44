import type { TestApp } from '../harness.js';

/** Public directory reads over GraphQL and ORUK, and the arithmetic tests check them against. */

/** Great-circle miles, as a check on the database's earth_distance. */
export function haversineMiles(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const dLat = (b.latitude - a.latitude) * rad;
  const dLng = (b.longitude - a.longitude) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(dLng / 2) ** 2;
  return (2 * 6371008.8 * Math.asin(Math.sqrt(h))) / 1609.344;
}

/** Where a postcode is, by the public `geocode` query; throws when it is not found. */
export async function geocode(t: TestApp, postcode: string): Promise<{ latitude: number; longitude: number }> {
  const res = await t.gql<{ geocode: { __typename: string; latitude?: number; longitude?: number } }, unknown>(
    `query($p: String!) { geocode(postcode: $p) { __typename ... on GeocodedPostcode { latitude longitude } } }`,
    { p: postcode },
  );
  const found = res.data?.geocode;
  if (found?.__typename !== 'GeocodedPostcode') throw new Error(`${postcode}: ${JSON.stringify(res)}`);
  return { latitude: found.latitude!, longitude: found.longitude! };
}

const PROVIDER_IDS = `query($filter: ProviderFilter) { providers(filter: $filter, first: 100) { edges { node { id } } } }`;
const SERVICE_IDS = `query($filter: ServiceFilter) { services(filter: $filter, first: 100) { edges { node { id } } } }`;

/** The ids of the first 100 providers a filter finds; throws on errors. */
export async function providerIds(t: TestApp, filter: Record<string, unknown>): Promise<string[]> {
  const res = await t.gql<{ providers: { edges: { node: { id: string } }[] } }, unknown>(PROVIDER_IDS, { filter });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.providers.edges.map((e) => e.node.id);
}

/** The ids of the first 100 services a filter finds; throws on errors. */
export async function serviceIds(t: TestApp, filter: Record<string, unknown>): Promise<string[]> {
  const res = await t.gql<{ services: { edges: { node: { id: string } }[] } }, unknown>(SERVICE_IDS, { filter });
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  return res.data!.services.edges.map((e) => e.node.id);
}

/** An ORUK GET: the response and its parsed body (undefined when empty). */
export async function orukGet(t: TestApp, path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/oruk${path}`, { headers });
  const text = await res.text();
  return { res, status: res.status, body: text ? (JSON.parse(text) as any) : undefined };
}

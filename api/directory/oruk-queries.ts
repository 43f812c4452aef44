import type { DataSource } from 'typeorm';

/**
 * A read of the published directory that the Open Referral UK API (api/oruk) needs and the
 * directory service does not offer. Kept in the directory's folder because it reads its tables.
 */

/**
 * Every (service, location) pair of the public directory, as ids: a service is offered at each of its
 * provider's locations. ORUK's service-at-location ids are derived from such a pair, so finding one by
 * id means checking the pairs.
 */
export async function publishedServiceLocationPairs(db: DataSource): Promise<{ serviceId: string; locationId: string }[]> {
  const rows: { service_id: string; location_id: string }[] = await db.query(
    `SELECT s.id AS service_id, l.id AS location_id
       FROM service s
       JOIN provider p ON p.id = s.provider_id AND p.status = 'PUBLISHED'
       JOIN provider_location l ON l.provider_id = s.provider_id
      WHERE s.status = 'ACTIVE'`,
  );
  return rows.map((r) => ({ serviceId: r.service_id, locationId: r.location_id }));
}

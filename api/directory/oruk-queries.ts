import type { DataSource } from 'typeorm';

/**
 * A read of the published directory that the Open Referral UK API (api/oruk) needs and the
 * directory service does not offer. Kept in the directory's folder because it reads its tables.
 */

/**
 * The published service and location a service-at-location id names. ORUK derives those ids from the
 * (service, location) pair; the database keeps them, with their pairs, in `service_at_location`
 * (migrations/1763800420000-DirectoryFiltersInSql.ts), so this is one primary-key read.
 */
export async function publishedServiceLocationPair(db: DataSource, id: string): Promise<{ serviceId: string; locationId: string } | null> {
  const rows: { service_id: string; location_id: string }[] = await db.query(
    `SELECT sl.service_id, sl.location_id
       FROM service_at_location sl
       JOIN service s ON s.id = sl.service_id AND s.status = 'ACTIVE'
       JOIN provider p ON p.id = s.provider_id AND p.status = 'PUBLISHED'
      WHERE sl.id = $1`,
    [id],
  );
  return rows[0] ? { serviceId: rows[0].service_id, locationId: rows[0].location_id } : null;
}

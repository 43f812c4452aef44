import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Open Referral UK API stops walking the directory search page by page (hundreds of searches per
 * request at 20,000 services):
 *
 * - Opening-time filters are part of the search. `service_opening_time_day_idx` answers "an opening on
 *   this day, opening or closing before or after these times" from the index alone.
 * - A service-at-location's id is a name-based UUID (v5) of its service and location, made in
 *   api/oruk/oruk.ids.ts. `service_at_location` keeps that id for every (service, location of its
 *   provider) pair, maintained by triggers, so a lookup by id is one primary-key read rather than
 *   hashing every pair. The namespace and name format here must stay those of `serviceAtLocationId`.
 */
export class DirectoryFiltersInSql1763800420000 implements MigrationInterface {
  name = 'DirectoryFiltersInSql1763800420000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "service_opening_time_day_idx" ON "service_opening_time" ("day_of_week", "opens", "closes", "service_id") `);
    await q.query(`CREATE EXTENSION IF NOT EXISTS "uuid-ossp"`);
    await q.query(`CREATE FUNCTION oruk_service_at_location_id(service_id uuid, location_id uuid) RETURNS uuid
      LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
        SELECT public.uuid_generate_v5('3d6f1c0e-6a58-4d1b-9a3e-2f4f9c1b7a10'::uuid, 'service_at_location:' || service_id::text || ':' || location_id::text)
      $$`);
    await q.query(`CREATE TABLE "service_at_location" (
      "id" uuid PRIMARY KEY,
      "service_id" uuid NOT NULL REFERENCES "service" ("id") ON DELETE CASCADE,
      "location_id" uuid NOT NULL REFERENCES "provider_location" ("id") ON DELETE CASCADE)`);
    await q.query(`CREATE INDEX "service_at_location_service_idx" ON "service_at_location" ("service_id")`);
    await q.query(`CREATE INDEX "service_at_location_location_idx" ON "service_at_location" ("location_id")`);
    await q.query(`CREATE FUNCTION service_at_location_of_service() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN DELETE FROM service_at_location WHERE service_id = NEW.id; END IF;
        INSERT INTO service_at_location (id, service_id, location_id)
          SELECT oruk_service_at_location_id(NEW.id, l.id), NEW.id, l.id FROM provider_location l WHERE l.provider_id = NEW.provider_id
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE FUNCTION service_at_location_of_location() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN DELETE FROM service_at_location WHERE location_id = NEW.id; END IF;
        INSERT INTO service_at_location (id, service_id, location_id)
          SELECT oruk_service_at_location_id(s.id, NEW.id), s.id, NEW.id FROM service s WHERE s.provider_id = NEW.provider_id
          ON CONFLICT DO NOTHING;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER service_at_location_of_service AFTER INSERT OR UPDATE OF provider_id ON service
      FOR EACH ROW EXECUTE FUNCTION service_at_location_of_service()`);
    await q.query(`CREATE TRIGGER service_at_location_of_location AFTER INSERT OR UPDATE OF provider_id ON provider_location
      FOR EACH ROW EXECUTE FUNCTION service_at_location_of_location()`);
    await q.query(`INSERT INTO service_at_location (id, service_id, location_id)
      SELECT oruk_service_at_location_id(s.id, l.id), s.id, l.id FROM service s JOIN provider_location l ON l.provider_id = s.provider_id`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER service_at_location_of_location ON provider_location`);
    await q.query(`DROP TRIGGER service_at_location_of_service ON service`);
    await q.query(`DROP FUNCTION service_at_location_of_location()`);
    await q.query(`DROP FUNCTION service_at_location_of_service()`);
    await q.query(`DROP TABLE "service_at_location"`);
    await q.query(`DROP FUNCTION oruk_service_at_location_id(uuid, uuid)`);
    await q.query(`DROP INDEX "service_opening_time_day_idx"`);
  }
}

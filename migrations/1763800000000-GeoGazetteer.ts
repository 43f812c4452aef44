import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The gazetteer (postcodes, sectors, districts) and the contrib extensions every later migration may
 * rely on: created here, first, so the directory's search and distance indexes find them in place.
 */
export class GeoGazetteer1763800000000 implements MigrationInterface {
  name = 'GeoGazetteer1763800000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    // earthdistance is built on cube.
    await q.query(`CREATE EXTENSION IF NOT EXISTS cube`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS earthdistance`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS btree_gist`);
    await q.query(`CREATE EXTENSION IF NOT EXISTS unaccent`);

    await q.query(`CREATE TABLE "postcode" (
      "postcode" character varying(8) NOT NULL,
      "outcode" character varying(4) NOT NULL,
      "sector" character varying(6) NOT NULL,
      "latitude" double precision NOT NULL,
      "longitude" double precision NOT NULL,
      "local_authority_code" character varying(9),
      CONSTRAINT "postcode_coordinates_check" CHECK (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180),
      CONSTRAINT "PK_postcode" PRIMARY KEY ("postcode")
    )`);
    await q.query(`CREATE INDEX "postcode_sector_idx" ON "postcode" ("sector")`);
    await q.query(`CREATE INDEX "postcode_outcode_idx" ON "postcode" ("outcode")`);

    await q.query(`CREATE TABLE "postcode_sector" (
      "sector" character varying(6) NOT NULL,
      "latitude" double precision NOT NULL,
      "longitude" double precision NOT NULL,
      "postcode_count" integer NOT NULL,
      CONSTRAINT "postcode_sector_coordinates_check" CHECK (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180),
      CONSTRAINT "PK_postcode_sector" PRIMARY KEY ("sector")
    )`);

    await q.query(`CREATE TABLE "postcode_district" (
      "outcode" character varying(4) NOT NULL,
      "latitude" double precision NOT NULL,
      "longitude" double precision NOT NULL,
      "post_town" character varying(40),
      CONSTRAINT "postcode_district_coordinates_check" CHECK (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180),
      CONSTRAINT "PK_postcode_district" PRIMARY KEY ("outcode")
    )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "postcode_district"`);
    await q.query(`DROP TABLE "postcode_sector"`);
    await q.query(`DROP TABLE "postcode"`);
    // The extensions stay: later migrations of other domains may still use them.
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

const COORDINATES_CHECK = 'CHECK (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180)';

/**
 * The gazetteer: postcode units, sectors and districts at their centroids, loaded by the demo seed or
 * the ONS Postcode Directory importer. Sectors and districts are stored, not derived per request, so an
 * unknown unit falls back to its sector or district with one primary-key read.
 */
export class GeoSchema1764000000000 implements MigrationInterface {
  name = 'GeoSchema1764000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "postcode" (
      "postcode" character varying(8) NOT NULL,
      "outcode" character varying(4) NOT NULL,
      "sector" character varying(6) NOT NULL,
      "latitude" double precision NOT NULL,
      "longitude" double precision NOT NULL,
      "local_authority_code" character varying(9),
      CONSTRAINT "postcode_coordinates_check" ${COORDINATES_CHECK},
      CONSTRAINT "PK_postcode" PRIMARY KEY ("postcode")
    )`);
    await q.query(`CREATE INDEX "postcode_sector_idx" ON "postcode" ("sector")`);
    await q.query(`CREATE INDEX "postcode_outcode_idx" ON "postcode" ("outcode")`);

    await q.query(`CREATE TABLE "postcode_sector" (
      "sector" character varying(6) NOT NULL,
      "latitude" double precision NOT NULL,
      "longitude" double precision NOT NULL,
      "postcode_count" integer NOT NULL,
      CONSTRAINT "postcode_sector_coordinates_check" ${COORDINATES_CHECK},
      CONSTRAINT "PK_postcode_sector" PRIMARY KEY ("sector")
    )`);

    await q.query(`CREATE TABLE "postcode_district" (
      "outcode" character varying(4) NOT NULL,
      "latitude" double precision NOT NULL,
      "longitude" double precision NOT NULL,
      "post_town" character varying(40),
      CONSTRAINT "postcode_district_coordinates_check" ${COORDINATES_CHECK},
      CONSTRAINT "PK_postcode_district" PRIMARY KEY ("outcode")
    )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "postcode_district"`);
    await q.query(`DROP TABLE "postcode_sector"`);
    await q.query(`DROP TABLE "postcode"`);
  }
}

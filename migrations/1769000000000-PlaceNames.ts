import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Towns and villages from the ONS Index of Place Names, so the directory search takes "Holmfirth" where
 * it takes "HD9". Looked up by `key` (the name folded by placeKey in api/geo/place-name.ts); ward and
 * parish names tell same-named places apart; `outcodes` are the districts a town spans, for the search's
 * servesPostcode. The GiST index on postcode points lets the importer find
 * the postcode nearest each place (its district) without scanning the national file once per place.
 */
export class PlaceNames1769000000000 implements MigrationInterface {
  name = 'PlaceNames1769000000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "place" (
      "code" character varying(16) NOT NULL,
      "name" character varying(120) NOT NULL,
      "key" character varying(120) NOT NULL,
      "kind" character varying(8) NOT NULL,
      "local_authority" character varying(80),
      "county" character varying(80),
      "ward_code" character varying(9),
      "ward" character varying(120),
      "parish_code" character varying(9),
      "parish" character varying(120),
      "latitude" double precision NOT NULL,
      "longitude" double precision NOT NULL,
      "outcode" character varying(4),
      "outcodes" character varying(4)[] NOT NULL DEFAULT '{}',
      CONSTRAINT "place_coordinates_check" CHECK (latitude BETWEEN -90 AND 90 AND longitude BETWEEN -180 AND 180),
      CONSTRAINT "PK_place" PRIMARY KEY ("code")
    )`);
    await q.query(`CREATE INDEX "place_key_idx" ON "place" ("key")`);
    // A name nobody has ("Holmfrith") is answered with the known names nearest it: the GiST trigram index
    // orders by `<->` distance, so the few nearest keys are read from the index, not the whole table.
    await q.query(`CREATE INDEX "place_key_trgm_idx" ON "place" USING gist ("key" gist_trgm_ops)`);
    await q.query(`CREATE INDEX "postcode_point_idx" ON "postcode" USING gist (point("longitude", "latitude"))`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "postcode_point_idx"`);
    await q.query(`DROP TABLE "place"`);
  }
}

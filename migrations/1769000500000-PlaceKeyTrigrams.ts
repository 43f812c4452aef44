import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A place name nobody has ("Holmfrith") is answered with the known names nearest it. The GiST trigram
 * index orders by `<->` distance, so the few nearest keys are read from the index, not the whole table.
 */
export class PlaceKeyTrigrams1769000500000 implements MigrationInterface {
  name = 'PlaceKeyTrigrams1769000500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "place_key_trgm_idx" ON "place" USING gist ("key" gist_trgm_ops)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "place_key_trgm_idx"`);
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Two fixes found by `npm run bench` (20,000 services): the text search took 300 ms and the near-me
 * part 12 ms of an 18 ms search.
 *
 * directory_query looked for spelling alternatives of every query word and filtered known words out
 * afterwards, so a known word ("care") walked the whole word list in trigram-distance order: 300 ms
 * over 20,000 services. Now only unknown words are corrected, and the trigram index answers `%`
 * before the few candidates are ordered by similarity.
 *
 * Distances used earthdistance's cube functions (ll_to_earth, earth_box, earth_distance), several SQL
 * function calls per row and per use. Now the index is a GiST on the plain point (longitude, latitude),
 * asked for a bounding box the service works out, and the exact distance is earthdistance's `<@>`
 * (great-circle statute miles, one C function).
 */
export class FasterDirectorySearch1763800300000 implements MigrationInterface {
  name = 'FasterDirectorySearch1763800300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "provider_location_earth_idx"`);
    await q.query(`DROP INDEX "service_area_earth_idx"`);
    await q.query(`CREATE INDEX "provider_location_point_idx" ON "provider_location" USING gist (point(longitude, latitude))`);
    await q.query(
      `CREATE INDEX "service_area_point_idx" ON "service_area" USING gist (point(longitude, latitude)) WHERE radius_miles IS NOT NULL`,
    );
    await q.query(`CREATE OR REPLACE FUNCTION directory_query(t text) RETURNS tsquery LANGUAGE sql STABLE AS $$
      WITH words AS (
        SELECT x.w, x.ord FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') WITH ORDINALITY AS x(w, ord)
         WHERE x.w <> ''
      ), unknown AS MATERIALIZED (
        SELECT words.ord, words.w FROM words
         WHERE length(words.w) >= 4
           AND NOT EXISTS (SELECT 1 FROM directory_search_word e WHERE e.word = words.w)
      ), options AS (
        SELECT words.ord, words.w AS word FROM words
        UNION
        SELECT u.ord, near.word FROM unknown u CROSS JOIN LATERAL (
          SELECT l.word FROM directory_search_word l
           WHERE l.word % u.w
           ORDER BY similarity(l.word, u.w) DESC, l.word LIMIT 3
        ) near
      ), per_word AS (
        SELECT ord, string_agg(word, ' | ') AS alternatives FROM options GROUP BY ord
      )
      SELECT to_tsquery('english', coalesce(string_agg('(' || alternatives || ')', ' & ' ORDER BY ord), '')) FROM per_word
    $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "provider_location_point_idx"`);
    await q.query(`DROP INDEX "service_area_point_idx"`);
    await q.query(`CREATE INDEX "provider_location_earth_idx" ON "provider_location" USING gist (ll_to_earth(latitude, longitude))`);
    await q.query(
      `CREATE INDEX "service_area_earth_idx" ON "service_area" USING gist (ll_to_earth(latitude, longitude)) WHERE radius_miles IS NOT NULL`,
    );
    await q.query(`CREATE OR REPLACE FUNCTION directory_query(t text) RETURNS tsquery LANGUAGE sql STABLE AS $$
      WITH words AS (
        SELECT x.w, x.ord FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') WITH ORDINALITY AS x(w, ord)
         WHERE x.w <> ''
      ), options AS (
        SELECT words.ord, words.w AS word FROM words
        UNION
        SELECT words.ord, near.word FROM words CROSS JOIN LATERAL (
          SELECT l.word FROM directory_search_word l
           WHERE length(words.w) >= 4
             AND NOT EXISTS (SELECT 1 FROM directory_search_word e WHERE e.word = words.w)
             AND l.word % words.w
           ORDER BY l.word <-> words.w LIMIT 3
        ) near
      ), per_word AS (
        SELECT ord, string_agg(word, ' | ') AS alternatives FROM options GROUP BY ord
      )
      SELECT to_tsquery('english', coalesce(string_agg('(' || alternatives || ')', ' & ' ORDER BY ord), '')) FROM per_word
    $$`);
  }
}

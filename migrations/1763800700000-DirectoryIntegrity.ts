import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What the directory's write checks refuse, refused by the database too (so no other path can store it):
 * slugs safe in a URL as they are, places and areas in the UK, postcode districts shaped like one, and
 * member and seat counts that are not negative. The service checks the same (DirectoryService) and names
 * the field; these constraints are the backstop. The bounds are those of `UK_BOUNDS` in api/geo/postcode.ts.
 * The earlier code stored what these refuse, so each constraint is preceded by a repair of what can be
 * repaired (outcodes upper-cased and trimmed, slugs made URL-safe and kept unique with part of the id,
 * negative counts set to 0) and the removal of rows that cannot be right (areas with a malformed district
 * or a centre outside the UK, locations outside the UK): a listing keeps its other places.
 *
 * Typo correction only offers words of the public directory. `directory_search_word` gathers the words
 * of every document ever indexed, drafts, suspended providers and inactive services included, and keeps
 * them after their documents change or go; rebuilding it on each write would cost a pass over every
 * document. Instead `directory_query` now treats a word as known, and offers it as a correction, only
 * while some published provider's document or active service's document uses it.
 */
export class DirectoryIntegrity1763800700000 implements MigrationInterface {
  name = 'DirectoryIntegrity1763800700000';

  public async up(q: QueryRunner): Promise<void> {
    // A slug made of what the old one holds, or "provider"; suffixed with the id's start when another provider has it.
    await q.query(`WITH fixed AS (
        SELECT id, coalesce(nullif(trim(BOTH '-' FROM regexp_replace(lower(public.unaccent(slug)), '[^a-z0-9]+', '-', 'g')), ''), 'provider') AS base
          FROM provider WHERE slug !~ '^[a-z0-9]+(-[a-z0-9]+)*$'
      ), ranked AS (
        SELECT f.id, f.base, row_number() OVER (PARTITION BY f.base ORDER BY f.id) AS n,
               EXISTS (SELECT 1 FROM provider o WHERE o.slug = f.base) AS taken
          FROM fixed f
      )
      UPDATE provider p
         SET slug = CASE WHEN r.taken OR r.n > 1
                         THEN rtrim(left(r.base, 91), '-') || '-' || left(replace(p.id::text, '-', ''), 8)
                         ELSE rtrim(left(r.base, 100), '-') END
        FROM ranked r WHERE r.id = p.id`);
    await q.query(`ALTER TABLE "provider" ADD CONSTRAINT "provider_slug_format" CHECK (slug ~ '^[a-z0-9]+(-[a-z0-9]+)*$')`);
    await q.query(`DELETE FROM provider_location WHERE NOT (latitude BETWEEN 49 AND 61.5 AND longitude BETWEEN -8.9 AND 2.1)`);
    await q.query(
      `ALTER TABLE "provider_location" ADD CONSTRAINT "provider_location_in_uk" CHECK (latitude BETWEEN 49 AND 61.5 AND longitude BETWEEN -8.9 AND 2.1)`,
    );
    await q.query(`DELETE FROM service_area WHERE latitude IS NOT NULL AND NOT (latitude BETWEEN 49 AND 61.5 AND longitude BETWEEN -8.9 AND 2.1)`);
    await q.query(
      `ALTER TABLE "service_area" ADD CONSTRAINT "service_area_in_uk" CHECK (latitude IS NULL OR (latitude BETWEEN 49 AND 61.5 AND longitude BETWEEN -8.9 AND 2.1))`,
    );
    await q.query(`UPDATE service_area SET outcode = upper(trim(outcode)) WHERE outcode IS NOT NULL AND outcode <> upper(trim(outcode))`);
    await q.query(`DELETE FROM service_area WHERE outcode IS NOT NULL AND outcode !~ '^([A-Z]{1,2}[0-9][A-Z0-9]?|GIR)$'`);
    await q.query(`ALTER TABLE "service_area" ADD CONSTRAINT "service_area_outcode_format" CHECK (outcode IS NULL OR outcode ~ '^([A-Z]{1,2}[0-9][A-Z0-9]?|GIR)$')`);
    await q.query(`UPDATE provider_member_class SET member_count = 0 WHERE member_count < 0`);
    await q.query(`UPDATE provider_board_seat SET seats = 0 WHERE seats < 0`);
    await q.query(`ALTER TABLE "provider_member_class" ADD CONSTRAINT "provider_member_class_count" CHECK (member_count >= 0)`);
    await q.query(`ALTER TABLE "provider_board_seat" ADD CONSTRAINT "provider_board_seat_count" CHECK (seats >= 0)`);

    await q.query(`CREATE FUNCTION directory_public_word(w text) RETURNS boolean LANGUAGE sql STABLE AS $$
      SELECT EXISTS (
        SELECT 1 FROM directory_search ds
          JOIN provider p ON p.id = ds.provider_id AND p.status = 'PUBLISHED'
          LEFT JOIN service s ON s.id = ds.service_id
         WHERE ds.document @@ plainto_tsquery('english', w)
           AND (ds.service_id IS NULL OR s.status = 'ACTIVE'))
    $$`);
    // The ten nearest listed words are checked against the public documents, the best three kept.
    await q.query(`CREATE OR REPLACE FUNCTION directory_query(t text) RETURNS tsquery LANGUAGE sql STABLE AS $$
      WITH words AS (
        SELECT x.w, x.ord FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') WITH ORDINALITY AS x(w, ord)
         WHERE x.w <> ''
      ), unknown AS MATERIALIZED (
        SELECT words.ord, words.w FROM words
         WHERE length(words.w) >= 4
           AND NOT (EXISTS (SELECT 1 FROM directory_search_word e WHERE e.word = words.w) AND directory_public_word(words.w))
      ), options AS (
        SELECT words.ord, words.w AS word FROM words
        UNION
        SELECT u.ord, near.word FROM unknown u CROSS JOIN LATERAL (
          SELECT c.word FROM (
            SELECT l.word, similarity(l.word, u.w) AS sim FROM directory_search_word l
             WHERE l.word % u.w
             ORDER BY sim DESC, l.word LIMIT 10
          ) c
           WHERE directory_public_word(c.word)
           ORDER BY c.sim DESC, c.word LIMIT 3
        ) near
      ), per_word AS (
        SELECT ord, string_agg(word, ' | ') AS alternatives FROM options GROUP BY ord
      )
      SELECT to_tsquery('english', coalesce(string_agg('(' || alternatives || ')', ' & ' ORDER BY ord), '')) FROM per_word
    $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
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
    await q.query(`DROP FUNCTION directory_public_word(text)`);
    await q.query(`ALTER TABLE "provider_board_seat" DROP CONSTRAINT "provider_board_seat_count"`);
    await q.query(`ALTER TABLE "provider_member_class" DROP CONSTRAINT "provider_member_class_count"`);
    await q.query(`ALTER TABLE "service_area" DROP CONSTRAINT "service_area_outcode_format"`);
    await q.query(`ALTER TABLE "service_area" DROP CONSTRAINT "service_area_in_uk"`);
    await q.query(`ALTER TABLE "provider_location" DROP CONSTRAINT "provider_location_in_uk"`);
    await q.query(`ALTER TABLE "provider" DROP CONSTRAINT "provider_slug_format"`);
  }
}

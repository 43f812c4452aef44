import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * KnownWordsNeedNoPublicCheck leaves a word alone once the index has ever held it, and the index keeps
 * every word of drafts and of text since edited away: a misspelling ("gardning") typed once into any
 * listing would never be corrected again. `directory_query_public` is DirectoryIntegrity's query, which
 * also asks whether a public document uses each known word. It costs about 1 ms a word, so the search
 * (DirectoryService.searchWithAnyWordFallback) calls it only when the fast query matched nothing.
 */
export class PublicWordsSecondChance1763800900000 implements MigrationInterface {
  name = 'PublicWordsSecondChance1763800900000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION directory_query_public(t text) RETURNS tsquery LANGUAGE sql STABLE AS $$
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
    await q.query(`DROP FUNCTION directory_query_public(text)`);
  }
}

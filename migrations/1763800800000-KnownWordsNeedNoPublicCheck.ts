import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DirectoryIntegrity made directory_query ask, for every word of every text search, whether a public
 * document uses it: about 1 ms a word over 20,000 services (a GIN bitmap cannot stop at the first
 * match), so "personal care" went from 0.3 to 2 ms before the search began. A word the documents use is
 * left as it is again; only the correction candidates of an unknown word (the typo path) are checked for
 * being public. A word used only by drafts then simply matches nothing public, as before.
 */
export class KnownWordsNeedNoPublicCheck1763800800000 implements MigrationInterface {
  name = 'KnownWordsNeedNoPublicCheck1763800800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(directoryQuery('NOT EXISTS (SELECT 1 FROM directory_search_word e WHERE e.word = words.w)'));
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(
      directoryQuery('NOT (EXISTS (SELECT 1 FROM directory_search_word e WHERE e.word = words.w) AND directory_public_word(words.w))'),
    );
  }
}

function directoryQuery(unknownWhen: string): string {
  return `CREATE OR REPLACE FUNCTION directory_query(t text) RETURNS tsquery LANGUAGE sql STABLE AS $$
    WITH words AS (
      SELECT x.w, x.ord FROM regexp_split_to_table(lower(public.unaccent(t)), '[^a-z0-9]+') WITH ORDINALITY AS x(w, ord)
       WHERE x.w <> ''
    ), unknown AS MATERIALIZED (
      SELECT words.ord, words.w FROM words
       WHERE length(words.w) >= 4 AND ${unknownWhen}
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
  $$`;
}

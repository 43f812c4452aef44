import { describe, expect, test } from 'vitest';
import { encodeCursor } from '../common/connection.js';
import { CqcRating, DayOfWeek } from './directory.enums.js';
import type { ResolvedFilter } from './directory.filter.js';
import {
  boundingBox,
  cursorFor,
  effectiveSort,
  matchedProviders,
  matchedServices,
  pageSelect,
  Params,
  planPage,
  serviceLocationPageSql,
  servicePageSql,
  sqlParts,
  LANGUAGE_BOOST,
  NEARNESS_MILES,
  textQueriesSql,
} from './directory.search.js';

/** The search SQL needs no database: these check the statements a filter and a page become. */

const NONE: ResolvedFilter = {
  text: null,
  textQuery: null,
  textRanking: null,
  near: null,
  serves: null,
  categoryIds: null,
  supports: null,
  languages: null,
  ratings: null,
  cooperativesOnly: false,
  livingWageOnly: false,
  acceptsDirectPayments: false,
  ageYears: null,
  minimumAgeAtLeast: null,
  maximumAgeAtMost: null,
  opening: null,
};
const HUDDERSFIELD = { latitude: 53.6446, longitude: -1.7826 };
const ID = '0b6c7f56-3c8e-4f0a-9a53-1f6d4c1e2a77';
const squash = (sql: string) => sql.replace(/\s+/g, ' ').trim();
const refusal = (work: () => unknown) => {
  try {
    work();
  } catch (error) {
    const e = error as { code: string; failure: string; details: { argument?: string } };
    return { code: e.code, failure: e.failure, argument: e.details.argument };
  }
  throw new Error('expected a refusal');
};

describe('matched rows: only published providers and their active services', () => {
  test('with no filter: the visibility rule alone, and no parameters', () => {
    const params = new Params();
    const sql = squash(matchedServices(NONE, params));
    expect(sql).toContain("WHERE p.status = 'PUBLISHED' AND s.status = 'ACTIVE')");
    expect(sql).toContain('NULL::float8 AS miles, NULL::float8 AS rank');
    expect(params.values).toEqual([]);
    expect(squash(matchedProviders(NONE, new Params()))).toMatch(/FROM provider p\s+WHERE p.status = 'PUBLISHED'\)$/);
  });

  test('text: the services’ documents, ranked by the tier of the person’s own words, then ts_rank; providers by their best', () => {
    const textRanking = { exact: "'garden'", exactAny: "'garden'", languages: [], rest: '' };
    const filter = { ...NONE, text: 'gardening', textQuery: "'garden' | 'mow'", textRanking };
    const params = new Params();
    const services = sqlParts(filter, params, 'service');
    expect(services.joins).toEqual(['JOIN directory_search ds ON ds.provider_id = p.id AND ds.service_id = s.id']);
    expect(services.where).toEqual(['ds.document @@ $1::tsquery']);
    expect(squash(services.rank)).toBe(
      '((CASE WHEN ds.document @@ $2::tsquery THEN 2 WHEN ds.document @@ $3::tsquery THEN 1 ELSE 0 END)' +
        ' + ts_rank(ds.document, $1::tsquery, 32))::float8',
    );
    expect(params.values).toEqual(["'garden' | 'mow'", "'garden'", "'garden'"]);

    const providers = sqlParts(filter, new Params(), 'provider');
    expect(squash(providers.joins[0]!)).toContain("WHERE ds.document @@ $1::tsquery AND (ds.service_id IS NULL OR sv.status = 'ACTIVE')");
    expect(providers.rank).toBe('(h.tier + h.text_rank)::float8');
  });

  test('text the vocabulary did not widen: every match has every word as typed, so the tier is asked of no row', () => {
    const filter = {
      ...NONE,
      text: 'gardening',
      textQuery: "'garden'",
      textRanking: { exact: "'garden'", exactAny: "'garden'", languages: [], rest: '' },
    };
    const params = new Params();
    expect(sqlParts(filter, params, 'service').rank).toBe('(2 + ts_rank(ds.document, $1::tsquery, 32))::float8');
    expect(params.values).toEqual(["'garden'"]);
  });

  test('text that is all stop words has no tier, rather than a notice a row', () => {
    const filter = { ...NONE, text: 'to the', textQuery: '', textRanking: { exact: '', exactAny: '', languages: [], rest: '' } };
    expect(sqlParts(filter, new Params(), 'service').rank).toBe('(0 + ts_rank(ds.document, $1::tsquery, 32))::float8');
  });

  test('text that is only a language: services working in it, and providers with an active one, rank above every other', () => {
    const filter = { ...NONE, text: 'urdu', textQuery: "'urdu'", textRanking: { exact: '', exactAny: '', languages: ['Urdu'], rest: '' } };
    const params = new Params();
    expect(sqlParts(filter, params, 'service').rank).toBe(
      `(CASE WHEN s.languages && $2::text[] THEN ${LANGUAGE_BOOST} ELSE 0 END + 0 + ts_rank(ds.document, $1::tsquery, 32))::float8`,
    );
    expect(params.values).toEqual(["'urdu'", ['Urdu']]);
    expect(squash(sqlParts(filter, new Params(), 'provider').rank)).toContain(
      "EXISTS (SELECT 1 FROM service ls WHERE ls.provider_id = p.id AND ls.status = 'ACTIVE' AND ls.languages && $2::text[])",
    );
  });

  test('text naming a language and more: the language lifts only what also matches the rest of the text', () => {
    const textRanking = { exact: '', exactAny: '', languages: ['Urdu'], rest: "'dementia'" };
    const filter = { ...NONE, text: 'dementia urdu', textQuery: "'dementia' & 'urdu'", textRanking };
    const params = new Params();
    expect(sqlParts(filter, params, 'service').rank).toBe(
      `(CASE WHEN s.languages && $3::text[] AND ds.document @@ $2::tsquery THEN ${LANGUAGE_BOOST} ELSE 0 END` +
        ' + 0 + ts_rank(ds.document, $1::tsquery, 32))::float8',
    );
    expect(params.values).toEqual(["'dementia' & 'urdu'", "'dementia'", ['Urdu']]);
    const provider = squash(sqlParts(filter, new Params(), 'provider').rank);
    expect(provider).toContain('ls.languages && $3::text[]) AND h.answers_rest');
  });

  test('text near a place: the text score shrinks with distance, the tiers do not', () => {
    const filter = {
      ...NONE,
      text: 'garden mowing',
      textQuery: "'garden' | 'mow'",
      textRanking: { exact: "'garden'", exactAny: "'garden'", languages: [], rest: '' },
      near: { ...HUDDERSFIELD, radiusMiles: 5 },
    };
    const params = new Params();
    expect(squash(sqlParts(filter, params, 'service').rank)).toBe(
      '((CASE WHEN ds.document @@ $2::tsquery THEN 2 WHEN ds.document @@ $3::tsquery THEN 1 ELSE 0 END)' +
        ` + ts_rank(ds.document, $1::tsquery, 32) / (1 + d.miles / ${NEARNESS_MILES}))::float8`,
    );
    expect(params.values.slice(0, 3)).toEqual(["'garden' | 'mow'", "'garden'", "'garden'"]);
  });

  test('near: locations in the bounding box, then within the radius; the nearest location is the distance', () => {
    const params = new Params();
    const parts = sqlParts({ ...NONE, near: { ...HUDDERSFIELD, radiusMiles: 5 } }, params, 'service');
    expect(squash(parts.ctes[0]!)).toContain('WHERE point(l.longitude, l.latitude) <@ $3::box) x WHERE x.miles <= $4::float8');
    expect(parts.joins).toEqual(['JOIN dist d ON d.provider_id = s.provider_id']);
    expect(parts.miles).toBe('d.miles');
    expect(params.values).toEqual([HUDDERSFIELD.longitude, HUDDERSFIELD.latitude, boundingBox(HUDDERSFIELD, 5), 5]);
    expect(sqlParts({ ...NONE, near: { ...HUDDERSFIELD, radiusMiles: 5 } }, new Params(), 'provider').joins).toEqual([
      'JOIN dist d ON d.provider_id = p.id',
    ]);
  });

  test('servesPostcode: a district or a radius area, never an inactive service’s own, never a sibling service’s', () => {
    const params = new Params();
    const parts = sqlParts({ ...NONE, serves: { ...HUDDERSFIELD, outcodes: ['HD1'] } }, params, 'service');
    const serving = squash(parts.ctes[0]!);
    expect(serving).toContain("WHERE (a.service_id IS NULL OR sa.status = 'ACTIVE') AND (a.outcode = ANY($3::varchar[]) OR");
    expect(serving).toContain('(point(a.longitude, a.latitude) <@> point($1::float8, $2::float8)) <= a.radius_miles');
    expect(parts.where).toEqual([
      'EXISTS (SELECT 1 FROM serving v WHERE v.provider_id = s.provider_id AND (v.service_id IS NULL OR v.service_id = s.id))',
    ]);
    expect(params.values.slice(0, 3)).toEqual([HUDDERSFIELD.longitude, HUDDERSFIELD.latitude, ['HD1']]);
  });

  test('servesPostcode at a place no postcode is near: radius areas only, no district clause', () => {
    const serving = squash(sqlParts({ ...NONE, serves: { ...HUDDERSFIELD, outcodes: [] } }, new Params(), 'service').ctes[0]!);
    expect(serving).not.toContain('a.outcode');
    expect(serving).toContain('AND ((a.radius_miles IS NOT NULL');
  });

  test('provider facts filter the provider; service facts ask one active service to meet them all at once', () => {
    const filter: ResolvedFilter = {
      ...NONE,
      ratings: [CqcRating.OUTSTANDING, CqcRating.GOOD],
      cooperativesOnly: true,
      livingWageOnly: true,
      categoryIds: [ID],
      acceptsDirectPayments: true,
    };
    const params = new Params();
    const services = sqlParts(filter, params, 'service');
    expect(services.where).toEqual([
      'p.cqc_rating = ANY($1::cqc_rating[])',
      'p.is_cooperative',
      'p.pays_real_living_wage',
      's.category_id = ANY($2::uuid[])',
      's.accepts_direct_payments',
    ]);
    expect(params.values).toEqual([filter.ratings, [ID]]);
    const providers = sqlParts(filter, new Params(), 'provider');
    expect(providers.where.at(-1)).toBe(
      "EXISTS (SELECT 1 FROM service s WHERE s.provider_id = p.id AND s.status = 'ACTIVE' " +
        'AND s.category_id = ANY($2::uuid[]) AND s.accepts_direct_payments)',
    );
  });

  test('ages: no limit on a side counts as open; ORUK’s bounds compare the limits themselves', () => {
    const params = new Params();
    const { where } = sqlParts({ ...NONE, ageYears: 70, minimumAgeAtLeast: 18, maximumAgeAtMost: 30 }, params, 'service');
    expect(where).toEqual([
      'coalesce(s.minimum_age, 0) <= $1::numeric AND coalesce(s.maximum_age, 150) >= $1::numeric',
      'coalesce(s.minimum_age, 0) >= $2::numeric',
      's.maximum_age <= $3::numeric',
    ]);
    expect(params.values).toEqual([70, 18, 30]);
  });

  test('opening: every bound about the same opening', () => {
    const params = new Params();
    const opening = { day: DayOfWeek.TUESDAY, bounds: [{ column: 'opens' as const, op: '<=' as const, time: '09:00:00' }] };
    const { where } = sqlParts({ ...NONE, opening }, params, 'service');
    expect(where).toEqual([
      'EXISTS (SELECT 1 FROM service_opening_time o WHERE o.service_id = s.id AND o.day_of_week = $1::day_of_week AND o.opens <= $2::time)',
    ]);
    expect(params.values).toEqual([DayOfWeek.TUESDAY, '09:00:00']);
  });
});

describe('ordering and pages', () => {
  test('RELEVANCE ranks with text, else orders by distance with near, else by name; DISTANCE needs near', () => {
    expect(effectiveSort('RELEVANCE', { ...NONE, text: 'care' }).keys.map((k) => k.column)).toEqual(['rank', 'sort_name', 'id']);
    expect(effectiveSort('RELEVANCE', { ...NONE, near: { ...HUDDERSFIELD, radiusMiles: 10 } }).tag).toBe('DISTANCE');
    expect(effectiveSort('RELEVANCE', NONE).tag).toBe('NAME');
    expect(effectiveSort('PRICE', NONE).keys[0]!.column).toBe('hourly_rate_pence');
    expect(refusal(() => effectiveSort('DISTANCE', NONE))).toMatchObject({ failure: 'BAD_USER_INPUT', argument: 'sort' });
  });

  test('a plan: first (default 20), ORDER BY, and a page of first + 1 rows to tell whether another follows', () => {
    const plan = planPage({}, effectiveSort('RELEVANCE', { ...NONE, text: 'care' }), new Params());
    expect(plan).toMatchObject({ first: 20, orderBy: 'rank DESC, sort_name ASC, id ASC', after: '', offset: 0 });
    const sql = squash(pageSelect(plan, 'NULL AS provider'));
    expect(sql).toContain('FROM (SELECT * FROM matched ORDER BY rank DESC, sort_name ASC, id ASC LIMIT 21 OFFSET 0) m) page');
    expect(sql).toContain('SELECT m.*, NULL AS provider FROM');
    expect(sql).toContain('(SELECT count(*) FROM matched)::int AS total');
  });

  test('after: the cursor’s key as parameters, in the order’s mixed directions, the id cast to uuid', () => {
    const ordering = effectiveSort('RELEVANCE', { ...NONE, text: 'care' });
    const after = cursorFor(planPage({}, ordering, new Params()), { rank: 0.5, sort_name: 'home care', id: ID });
    const params = new Params();
    const plan = planPage({ first: 5, after }, ordering, params);
    expect(plan.after).toBe(
      '((rank::float8 < $1::float8) OR (rank::float8 = $1::float8 AND sort_name > $2::text) ' +
        'OR (rank::float8 = $1::float8 AND sort_name = $2::text AND id > $3::uuid))',
    );
    expect(params.values).toEqual([0.5, 'home care', ID]);
    expect(squash(pageSelect(plan, 'NULL AS provider'))).toContain(`FROM matched WHERE ${plan.after} ORDER BY`);
  });

  test('refused pages: a cursor of another order or without an id, offset with after, an offset out of range', () => {
    const byName = effectiveSort('NAME', NONE);
    expect(refusal(() => planPage({ after: encodeCursor('PRICE', [1, 'a', ID]) }, byName, new Params()))).toMatchObject({
      failure: 'BAD_USER_INPUT',
      argument: 'after',
    });
    expect(refusal(() => planPage({ after: encodeCursor('NAME', ['a', 'not-an-id']) }, byName, new Params()))).toMatchObject({
      code: 'INVALID_CURSOR',
      argument: 'after',
    });
    expect(refusal(() => planPage({ offset: 10, after: encodeCursor('NAME', ['a', ID]) }, byName, new Params()))).toMatchObject({
      argument: 'after',
    });
    expect(refusal(() => planPage({ offset: -1 }, byName, new Params()))).toMatchObject({ failure: 'BAD_USER_INPUT', argument: 'offset' });
  });

  test('a page of services is the matched CTEs and the page select in one statement', () => {
    const params = new Params();
    const plan = planPage({ first: 3 }, effectiveSort('NAME', NONE), params);
    expect(squash(servicePageSql(NONE, plan, params))).toMatch(
      /^WITH matched AS \(.*\) SELECT \(SELECT count\(\*\) FROM matched\)::int AS total/,
    );
  });

  test('service-location pairs: a service’s locations nearest first with near, else by name; counted as pairs and as services', () => {
    const near = { ...NONE, near: { ...HUDDERSFIELD, radiusMiles: 5 } };
    const params = new Params();
    const plan = planPage({ first: 10, offset: 20 }, effectiveSort('RELEVANCE', near), params);
    const sql = squash(serviceLocationPageSql(near, plan, params));
    expect(sql).toContain('point(l.longitude, l.latitude) <@> point($1::float8, $2::float8) AS location_key');
    expect(sql).toContain('(SELECT count(*) FROM pairs)::int AS total, (SELECT count(*) FROM matched)::int AS services');
    expect(sql).toContain('ORDER BY miles ASC, sort_name ASC, id ASC, location_key, location_id LIMIT 11 OFFSET 20');
    expect(squash(serviceLocationPageSql(NONE, planPage({}, effectiveSort('NAME', NONE), new Params()), new Params()))).toContain(
      'lower(l.name) AS location_key',
    );
  });
});

describe('the rest', () => {
  test('the bounding box holds the circle: wider in longitude than in latitude at British latitudes', () => {
    const [[west, south], [east, north]] = JSON.parse(boundingBox(HUDDERSFIELD, 10).replace(/\(/g, '[').replace(/\)/g, ']')) as number[][];
    expect(north - HUDDERSFIELD.latitude).toBeCloseTo(10 / 69.09, 3);
    expect(HUDDERSFIELD.latitude - south).toBeCloseTo(north - HUDDERSFIELD.latitude, 9);
    expect(east - west).toBeGreaterThan((north - south) * 1.6);
  });

  test('the text’s queries: every word and any word, widened; the person’s own words, every and any; the rest besides languages', () => {
    expect(squash(textQueriesSql(true))).toBe(
      'SELECT q.all_words::text AS "allWords", q.any_word::text AS "anyWord", q.exact::text AS "exact",' +
        ' q.exact_any::text AS "exactAny",' +
        ' (SELECT r.all_words::text FROM directory_text_query($2, true) AS r WHERE $2::text IS NOT NULL) AS "rest"' +
        ' FROM directory_text_query($1, true) AS q',
    );
  });
});

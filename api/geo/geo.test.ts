import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { graphql } from '../../test/generated/index.js';
import { startTestApp, type TestApp } from '../../test/harness.js';
import { ErrorCode } from '../common/exceptions.js';
import { GeoException } from './geo.exception.js';
import { seedGazetteer } from './gazetteer.js';

const GEOCODE = graphql(`
  query Geocode($postcode: String!) {
    geocode(postcode: $postcode) {
      __typename
      ... on GeocodedPostcode { postcode outcode sector latitude longitude precision }
      ... on ErrorResult { code message }
    }
  }
`);

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp();
  await seedGazetteer(app.services);
});
afterAll(async () => app?.close());

async function geocode(postcode: string) {
  const response = await app.gql(GEOCODE, { postcode });
  expect(response.errors).toBeUndefined();
  return response.data!.geocode;
}

/** A lookup that must find a place. */
async function located(postcode: string) {
  const result = await geocode(postcode);
  if (result.__typename !== 'GeocodedPostcode') throw new Error(`${postcode}: ${result.__typename}`);
  return result;
}

/** Miles between two gazetteer postcodes, by Postgres's earthdistance. */
async function milesBetween(a: string, b: string): Promise<number> {
  const [row] = await app.db.query(
    `SELECT earth_distance(ll_to_earth(a.latitude, a.longitude), ll_to_earth(b.latitude, b.longitude)) / 1609.344 AS miles
     FROM postcode a, postcode b WHERE a.postcode = $1 AND b.postcode = $2`,
    [a, b],
  );
  return row.miles;
}

describe('geocode', () => {
  test('a known postcode, however typed, resolves exactly', async () => {
    const result = await geocode('hd12ta');
    expect(result).toEqual({
      __typename: 'GeocodedPostcode',
      postcode: 'HD1 2TA',
      outcode: 'HD1',
      sector: 'HD1 2',
      latitude: 53.6446,
      longitude: -1.7826,
      precision: 'POSTCODE',
    });
    expect(await geocode(' Wf13  1as ')).toMatchObject({ postcode: 'WF13 1AS', precision: 'POSTCODE', latitude: 53.6915 });
  });

  test('an unknown postcode in a known sector resolves to the sector centre', async () => {
    const result = await located('HD1 2XY');
    // The sector's live postcodes are HD1 2TA, HD1 2QA and HD1 2UD (HD1 2ZX is terminated).
    expect(result).toMatchObject({ postcode: 'HD1 2XY', outcode: 'HD1', sector: 'HD1 2', precision: 'SECTOR' });
    expect(result.latitude).toBeCloseTo((53.6446 + 53.6456 + 53.6439) / 3, 6);
    expect(result.longitude).toBeCloseTo((-1.7826 - 1.7808 - 1.7846) / 3, 6);
  });

  test('terminated and uncoordinated postcodes in the seed fall back to their sector', async () => {
    expect(await geocode('HD1 2ZX')).toMatchObject({ precision: 'SECTOR', sector: 'HD1 2' });
    expect(await geocode('WF13 1ZZ')).toMatchObject({ precision: 'SECTOR', sector: 'WF13 1' });
  });

  test('an unknown sector of a known district resolves to the district centre', async () => {
    const result = await located('hd1 7ab');
    expect(result).toMatchObject({ postcode: 'HD1 7AB', outcode: 'HD1', sector: 'HD1 7', precision: 'DISTRICT' });
    expect(result.latitude).toBeGreaterThan(53.64);
    expect(result.latitude).toBeLessThan(53.66);
  });

  test('a bare outcode resolves at district precision', async () => {
    const result = await located('hd9');
    expect(result).toMatchObject({ __typename: 'GeocodedPostcode', postcode: 'HD9', outcode: 'HD9', sector: null, precision: 'DISTRICT' });
    // Holme Valley: south of Huddersfield.
    expect(result.latitude).toBeGreaterThan(53.55);
    expect(result.latitude).toBeLessThan(53.61);
  });

  test.each(['', 'HD1 2', 'not a postcode 9', 'HD1 2TAA', '1234', 'x'.repeat(10_000)])('%j is INVALID_POSTCODE', async (input) => {
    expect(await geocode(input)).toEqual({
      __typename: 'InvalidPostcodeError',
      code: 'INVALID_POSTCODE',
      message: expect.any(String),
    });
  });

  test.each(['SW1A 1AA', 'ZZ99 9ZZ', 'SW1A', 'hd99'])('%j is well-formed but POSTCODE_NOT_FOUND', async (input) => {
    expect(await geocode(input)).toEqual({
      __typename: 'PostcodeNotFoundError',
      code: 'POSTCODE_NOT_FOUND',
      message: expect.stringContaining(input.toUpperCase()),
    });
  });

  test('one SQL statement per lookup, whatever the fallback; none again for a postcode or district found, or malformed input', async () => {
    // Postcodes no earlier test located, so the first lookup cannot be answered from the cache.
    for (const [input, first, again] of [
      ['HD2 1EP', 1, 0],
      ['HX1', 1, 0],
      // A unit's fallback is not remembered: unknown units would push real postcodes out of the cache.
      ['HD2 1ZZ', 1, 1],
      ['HD2 9AB', 1, 1],
      // Not found is not remembered: an import may add it.
      ['SW1A 1AA', 1, 1],
      ['x'.repeat(100), 0, 0],
    ] as const) {
      app.statements.reset();
      await geocode(input);
      expect(app.statements.count, input).toBe(first);
      app.statements.reset();
      await geocode(input);
      expect(app.statements.count, `${input} again`).toBe(again);
    }
  });
});

describe('GeoService.requireLocation', () => {
  test('returns the location', async () => {
    expect(await app.services.geo.locate('wf17 5da', 'near.postcode')).toMatchObject({
      postcode: 'WF17 5DA',
      precision: 'POSTCODE',
    });
  });

  test('throws a GeoException naming the code and the argument', async () => {
    await expect(app.services.geo.locate('nonsense', 'near.postcode')).rejects.toSatisfy(
      (e: unknown) => e instanceof GeoException && e.failure === ErrorCode.INVALID_POSTCODE && e.details.argument === 'near.postcode',
    );
    await expect(app.services.geo.locate('SW1A 1AA', 'servesPostcode')).rejects.toSatisfy(
      (e: unknown) => e instanceof GeoException && e.failure === ErrorCode.POSTCODE_NOT_FOUND && e.details.argument === 'servesPostcode',
    );
  });
});

describe('demo gazetteer', () => {
  test('covers Kirklees and its neighbours, with post towns', async () => {
    const districts: { outcode: string; post_town: string | null }[] = await app.db.query(
      'SELECT outcode, post_town FROM postcode_district',
    );
    const outcodes = districts.map((d) => d.outcode);
    for (const outcode of [
      ...['HD1', 'HD2', 'HD3', 'HD4', 'HD5', 'HD6', 'HD7', 'HD8', 'HD9'],
      ...['WF12', 'WF13', 'WF14', 'WF15', 'WF16', 'WF17', 'BD19'],
      ...['HX1', 'HX7', 'BD1', 'BD7', 'LS1', 'LS12', 'WF1', 'WF5', 'S75', 'OL3'],
    ]) {
      expect(outcodes).toContain(outcode);
    }
    expect(districts.every((d) => d.post_town)).toBe(true);
    expect(districts.find((d) => d.outcode === 'HD9')?.post_town).toBe('HOLMFIRTH');
  });

  test('seeding again changes nothing', async () => {
    const snapshot = () =>
      app.db.query(
        `SELECT (SELECT json_agg(p ORDER BY postcode) FROM postcode p) AS postcodes,
                (SELECT json_agg(s ORDER BY sector) FROM postcode_sector s) AS sectors,
                (SELECT json_agg(d ORDER BY outcode) FROM postcode_district d) AS districts`,
      );
    const before = await snapshot();
    const again = await seedGazetteer(app.db);
    expect(again).toMatchObject({ terminated: 1, withoutCoordinates: 1, bad: 0 });
    expect(await snapshot()).toEqual(before);
    expect(await seedGazetteer(app.services, { onlyIfEmpty: true })).toBeNull();
  });

  test.each([
    // As the crow flies; the coordinates must be right to about a kilometre.
    ['HD1 2TA', 'WF13 1AS', 6.5, 7.5], // Huddersfield to Dewsbury
    ['HD1 2TA', 'HD9 2DX', 4.7, 5.7], // Huddersfield to Holmfirth
    ['HD1 2TA', 'HD7 6AW', 6.3, 7.3], // Huddersfield to Marsden
    ['WF13 1AS', 'WF17 5DA', 1.3, 2.1], // Dewsbury to Batley
    ['HD1 2TA', 'LS1 6AA', 13.5, 15.5], // Huddersfield to Leeds
    ['HD1 2TA', 'HX1 1UJ', 5.5, 6.8], // Huddersfield to Halifax
    ['BD19 3RH', 'WF16 0AA', 1.7, 2.6], // Cleckheaton to Heckmondwike
  ])('%s to %s is %d–%d miles', async (a, b, min, max) => {
    const miles = await milesBetween(a, b);
    expect(miles).toBeGreaterThan(min);
    expect(miles).toBeLessThan(max);
  });
});

import { describe, expect, test } from 'vitest';
import { NOT_A_POSTCODE_OR_PLACE } from '../api/geo/place-name.js';
import { useTestApp } from './support/app.js';
import { code } from './support/graphql.js';
import { orukGet, providerIds, serviceIds } from './support/search.js';

/**
 * Residents type the town, not the postcode: `near`, `servesPostcode`, `geocode` and ORUK's `postcode`
 * take a town or village name from the gazetteer's places (the demo file: Kirklees and its neighbours).
 */
const t = useTestApp({ seeded: true });

type Geocoded = {
  __typename: string;
  code?: string;
  message?: string;
  postcode?: string;
  outcode?: string;
  sector?: string | null;
  latitude?: number;
  longitude?: number;
  precision?: string;
  candidates?: { name: string; description: string; latitude: number; longitude: number }[];
};
const GEOCODE = `query($p: String!) { geocode(postcode: $p) {
  __typename
  ... on GeocodedPostcode { postcode outcode sector latitude longitude precision }
  ... on ErrorResult { code message }
  ... on AmbiguousPlaceError { candidates { name description latitude longitude } }
} }`;

async function geocode(p: string): Promise<Geocoded> {
  const res = await t.gql<{ geocode: Geocoded }, unknown>(GEOCODE, { p });
  expect(res.errors).toBeUndefined();
  return res.data!.geocode;
}

type Edge = { distanceMiles: number | null; node: { id: string; name: string } };
const SERVICES = `query($filter: ServiceFilter, $sort: ServiceSort) {
  services(filter: $filter, sort: $sort, first: 100) { totalCount edges { distanceMiles node { id name } } }
}`;

async function services(filter: Record<string, unknown>, sort?: string) {
  return t.gql<{ services: { totalCount: number; edges: Edge[] } }, unknown>(SERVICES, { filter, sort });
}

describe('geocode takes a town or village', () => {
  test('a town is its place: precision PLACE, its name, the district it lies in, no sector', async () => {
    expect(await geocode('Holmfirth')).toEqual({
      __typename: 'GeocodedPostcode',
      postcode: 'Holmfirth',
      outcode: 'HD9',
      sector: null,
      // The built-up area's centre, not its locality point or parish.
      latitude: 53.57,
      longitude: -1.787,
      precision: 'PLACE',
    });
  });

  test.each([
    ['holmfirth', 'Holmfirth'],
    ['  HOLMFIRTH ', 'Holmfirth'],
    ['Heckmondwike ', 'Heckmondwike'],
    ['denby-dale', 'Denby Dale'],
    ['Denby  Dale.', 'Denby Dale'],
    ['Sávile Town', 'Savile Town'],
  ])('%j is found however it is cased, spaced, hyphenated or accented', async (typed, name) => {
    expect(await geocode(typed)).toMatchObject({ __typename: 'GeocodedPostcode', postcode: name, precision: 'PLACE' });
  });

  test('a name whose entries are miles apart is AMBIGUOUS_PLACE, and each candidate’s name picks exactly it', async () => {
    const result = await geocode('Scholes');
    expect(result).toMatchObject({ __typename: 'AmbiguousPlaceError', code: 'AMBIGUOUS_PLACE' });
    expect(result.message).toMatch(/More than one place is called "Scholes"/);
    expect(result.candidates!.map((c) => c.name).sort()).toEqual(
      ['Scholes, Cleckheaton', 'Scholes, Holme Valley', 'Scholes, Leeds'].sort(),
    );
    const holmeValley = result.candidates!.find((c) => c.name === 'Scholes, Holme Valley')!;
    expect(holmeValley.description).toBe('in Holme Valley, Kirklees, West Yorkshire (HD9)');
    for (const candidate of result.candidates!) {
      const picked = await geocode(candidate.name);
      expect(picked).toMatchObject({
        __typename: 'GeocodedPostcode',
        postcode: 'Scholes',
        precision: 'PLACE',
        latitude: candidate.latitude,
        longitude: candidate.longitude,
      });
    }
    // Any name for the area does: the ward, the authority, the district.
    expect(await geocode('scholes, BD19')).toMatchObject({ postcode: 'Scholes', outcode: 'BD19' });
    expect(await geocode('Scholes, leeds')).toMatchObject({ postcode: 'Scholes', outcode: '', latitude: 53.826 });
    // Kirklees holds two of the three: still ambiguous, between those two.
    const kirklees = await geocode('Scholes, Kirklees');
    expect(kirklees.candidates?.map((c) => c.name).sort()).toEqual(['Scholes, Cleckheaton', 'Scholes, Holme Valley']);
  });

  test('entries of one place a mile or two apart (its built-up area, locality, parish) are not ambiguous', async () => {
    expect(await geocode('Denby Dale')).toMatchObject({ __typename: 'GeocodedPostcode', latitude: 53.572, outcode: 'HD8' });
    expect(await geocode('Mirfield')).toMatchObject({ __typename: 'GeocodedPostcode', outcode: 'WF14' });
  });

  test.each([['Atlantis'], ['Atlantis, Kirklees'], ['Ambridge']])('%j is PLACE_NOT_FOUND, saying a postcode will do too', async (name) => {
    const result = await geocode(name);
    expect(result).toMatchObject({ __typename: 'PlaceNotFoundError', code: 'PLACE_NOT_FOUND' });
    expect(result.message).toContain(`We do not know a town or village called "${name}"`);
    expect(result.message).toContain('postcode');
  });

  test('a known name with an area that matches none of its places offers them all rather than saying it is unknown', async () => {
    const scholes = await geocode('Scholes, Narnia');
    expect(scholes).toMatchObject({ __typename: 'AmbiguousPlaceError', code: 'AMBIGUOUS_PLACE' });
    expect(scholes.message).toMatch(/^None of the places called "Scholes" is in "Narnia": choose one, e\.g\. "Scholes, /);
    expect(scholes.candidates).toHaveLength(3);
    const holmfirth = await geocode('holmfirth, zzz');
    expect(holmfirth.message).toMatch(/^None of the places called "Holmfirth" is in "zzz"/);
    expect(holmfirth.candidates).toMatchObject([{ name: 'Holmfirth, Kirklees', latitude: 53.57, longitude: -1.787 }]);
  });

  test('a town followed by its district or postcode, without a comma, is that district or postcode', async () => {
    expect(await geocode('Batley WF17')).toMatchObject({ __typename: 'GeocodedPostcode', postcode: 'WF17', precision: 'DISTRICT' });
    expect(await geocode('batley wf17 5da')).toMatchObject({ postcode: 'WF17 5DA', precision: 'POSTCODE' });
    expect(await geocode('Batley WF175DA')).toMatchObject({ postcode: 'WF17 5DA', precision: 'POSTCODE' });
    expect(await geocode('Holmfirth, HD9')).toMatchObject({ __typename: 'GeocodedPostcode', postcode: 'Holmfirth', precision: 'PLACE' });
    expect(await geocode('Batley ZE9 9ZZ')).toMatchObject({ __typename: 'PostcodeNotFoundError' });
    expect(await geocode('12 Batley WF17')).toMatchObject({
      __typename: 'InvalidPostcodeError',
      message: `That ${NOT_A_POSTCODE_OR_PLACE}.`,
    });
  });

  test('a search near "Batley WF17", in GraphQL and ORUK, is the search near WF17', async () => {
    const nearWf17 = await serviceIds(t, { near: { postcode: 'WF17', radiusMiles: 3 } });
    expect(nearWf17).not.toEqual([]);
    expect(await serviceIds(t, { near: { postcode: 'Batley WF17', radiusMiles: 3 } })).toEqual(nearWf17);
    const named = await orukGet(t, '/service_at_locations?postcode=Batley%20WF17');
    expect(named.status).toBe(200);
    expect(named.body.contents).not.toEqual([]);
    expect(named.body).toEqual((await orukGet(t, '/service_at_locations?postcode=WF17')).body);
  });

  test('invisible characters pasted along with a name are ignored', async () => {
    expect(await geocode('\u200bHolm\u200dfirth\ufeff')).toMatchObject({ __typename: 'GeocodedPostcode', postcode: 'Holmfirth' });
  });

  test.each([
    ['digits that are not a postcode', '12 Holmfirth Road'],
    ['punctuation no place has', 'Holmfirth; DROP TABLE place'],
    ['too long for a place', 'Holmfirth'.repeat(10)],
    ['empty', '   '],
  ])('%s is INVALID_POSTCODE, as before', async (_what, typed) => {
    expect(await geocode(typed)).toMatchObject({ __typename: 'InvalidPostcodeError', code: 'INVALID_POSTCODE' });
  });

  test('postcodes and outcodes behave exactly as before', async () => {
    expect(await geocode('hd12ta')).toMatchObject({ postcode: 'HD1 2TA', precision: 'POSTCODE', sector: 'HD1 2' });
    expect(await geocode('HD9')).toMatchObject({ postcode: 'HD9', precision: 'DISTRICT' });
    expect(await geocode('ZE9 9ZZ')).toMatchObject({ __typename: 'PostcodeNotFoundError' });
  });
});

describe('the directory search near a town', () => {
  test('services near Holmfirth, nearest first, with distances measured from the town', async () => {
    const res = await services({ near: { postcode: 'Holmfirth', radiusMiles: 6 } }, 'DISTANCE');
    expect(res.errors).toBeUndefined();
    const { edges } = res.data!.services;
    expect(edges.length).toBeGreaterThan(2);
    const distances = edges.map((e) => e.distanceMiles!);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(distances.every((d) => d <= 6)).toBe(true);
    // The same as from a point typed in by hand: the place's own.
    const byPoint: { name: string; miles: number }[] = await t.db.query(
      `SELECT s.name, min(earth_distance(ll_to_earth(53.57, -1.787), ll_to_earth(l.latitude, l.longitude))) / 1609.344 AS miles
       FROM service s JOIN provider_location l ON l.provider_id = s.provider_id GROUP BY s.id, s.name ORDER BY miles LIMIT 1`,
    );
    expect(edges[0].distanceMiles).toBeCloseTo(byPoint[0].miles, 2);
  });

  test('servesPostcode with a town finds the providers whose areas hold it', async () => {
    // Three list BD19; Mirfield's 8-mile radius reaches Cleckheaton too (as for servesPostcode: "BD19 3AA").
    const cleckheaton = await providerIds(t, { servesPostcode: 'Cleckheaton' });
    expect(cleckheaton).toEqual(expect.arrayContaining(await providerIds(t, { servesPostcode: 'BD19 3AA' })));
    expect(await providerIds(t, { servesPostcode: 'Marsden' })).not.toEqual([]);
  });

  test('servesPostcode with a town spanning several districts finds providers listing any of them', async () => {
    const listing: { provider_id: string }[] = await t.db.query(
      `SELECT DISTINCT a.provider_id FROM service_area a JOIN provider p ON p.id = a.provider_id
       WHERE a.outcode IN ('HD1', 'HD2', 'HD4', 'HD5') AND a.service_id IS NULL AND p.status = 'PUBLISHED'`,
    );
    const notHd1 = new Set(listing.map((r) => r.provider_id));
    for (const id of await providerIds(t, { servesPostcode: 'HD1' })) notHd1.delete(id);
    // Providers listing HD2, HD4 or HD5 but not reaching HD1: a search from Huddersfield's centre still finds them.
    expect(notHd1.size).toBeGreaterThan(0);
    const found = new Set(await providerIds(t, { servesPostcode: 'Huddersfield' }));
    expect([...notHd1].filter((id) => !found.has(id))).toEqual([]);
  });

  test('servesPostcode with a town no postcode is near finds only the providers whose radius reaches it', async () => {
    // Todmorden is miles from every demo postcode: no district stands for it, so none of the listed districts serves it.
    expect(await providerIds(t, { servesPostcode: 'Todmorden' })).toEqual([]);
    const [{ id }] = await t.db.query(`SELECT id FROM provider WHERE status = 'PUBLISHED' ORDER BY name LIMIT 1`);
    // From Huddersfield's centre, 30 miles reaches Todmorden (about 13 miles off).
    const [area] = await t.db.query(
      `INSERT INTO service_area (provider_id, latitude, longitude, radius_miles) VALUES ($1, 53.645, -1.785, 30) RETURNING id`,
      [id],
    );
    try {
      expect(await providerIds(t, { servesPostcode: 'Todmorden' })).toEqual([id]);
    } finally {
      await t.db.query('DELETE FROM service_area WHERE id = $1', [area.id]);
    }
  });

  test('an ambiguous town is AMBIGUOUS_PLACE naming the argument, with the candidates in extensions', async () => {
    const res = await services({ near: { postcode: 'Scholes' } });
    expect(code(res)).toBe('AMBIGUOUS_PLACE');
    const extensions = res.errors![0].extensions as { argument: string; candidates: { name: string }[] };
    expect(extensions.argument).toBe('filter.near.postcode');
    expect(extensions.candidates.map((c) => c.name)).toContain('Scholes, Holme Valley');
    const picked = await services({ near: { postcode: 'Scholes, Holme Valley', radiusMiles: 3 } });
    expect(picked.errors).toBeUndefined();
  });

  test('an unknown town is PLACE_NOT_FOUND naming the argument', async () => {
    const res = await t.gql<unknown, unknown>(`query($f: ProviderFilter) { providers(filter: $f) { totalCount } }`, {
      f: { servesPostcode: 'Atlantis' },
    });
    expect(code(res)).toBe('PLACE_NOT_FOUND');
    expect(res.errors![0].extensions?.argument).toBe('filter.servesPostcode');
  });

  test('a misspelt town is PLACE_NOT_FOUND suggesting the known names nearest it, at most three', async () => {
    const misspelt = await services({ near: { postcode: 'Holmfrith' } });
    expect(code(misspelt)).toBe('PLACE_NOT_FOUND');
    const suggestions = misspelt.errors![0].extensions?.suggestions as string[];
    expect(suggestions[0]).toBe('Holmfirth');
    expect(suggestions.length).toBeLessThanOrEqual(3);
    expect(misspelt.errors![0].message).toContain('Did you mean "Holmfirth"');
    const unknown = await services({ near: { postcode: 'Atlantis' } });
    expect(unknown.errors![0].extensions?.suggestions).toEqual([]);
    expect(unknown.errors![0].message).not.toContain('Did you mean');
  });

  test('a place costs one statement the first time and none once cached; the search stays at two', async () => {
    const filter = { text: 'care', near: { postcode: 'Golcar', radiusMiles: 5 } };
    await services({ text: 'care' });
    t.statements.reset();
    expect((await services(filter)).errors).toBeUndefined();
    const first = [...t.statements.statements];
    t.statements.reset();
    expect((await services(filter)).errors).toBeUndefined();
    const again = [...t.statements.statements];
    expect(first.filter((s) => /FROM place WHERE key/.test(s))).toHaveLength(1);
    expect(again.filter((s) => /FROM place/.test(s))).toEqual([]);
    expect(first.length).toBe(again.length + 1);
  });

  test('an ambiguous name is looked up once too; an unknown one every time, as an import may add it', async () => {
    const ask = async (postcode: string) => {
      t.statements.reset();
      await services({ near: { postcode } });
      const statements = t.statements.statements;
      return [/FROM place WHERE key = /, /WHERE key % /].map((lookup) => statements.filter((s) => lookup.test(s)).length);
    };
    // All three places called Scholes are in West Yorkshire: ambiguous, so kept (unlike "Scholes, Marsh", which picks none).
    expect([await ask('Scholes, West Yorkshire'), await ask('scholes,  WEST YORKSHIRE')]).toEqual([
      [1, 0],
      [0, 0],
    ]);
    // An unknown name also costs the one indexed statement that finds the names nearest it.
    expect([await ask('Atlantis'), await ask('Atlantis')]).toEqual([
      [1, 1],
      [1, 1],
    ]);
  });

  test('a known name whose words after the comma pick none of its places is not kept, so junk cannot push real places out', async () => {
    await geocode('Holmfirth');
    const before = t.services.geo.cacheStatistics().places.size;
    for (let i = 1; i <= 5; i++) expect(await geocode(`Holmfirth, zzz${i}`)).toMatchObject({ code: 'AMBIGUOUS_PLACE' });
    expect(t.services.geo.cacheStatistics().places.size).toBe(before);
  });
});

describe('ORUK postcode takes a town', () => {
  test('service_at_locations near Holmfirth lists what GraphQL lists near it, in the same order', async () => {
    const { status, body } = await orukGet(t, `/service_at_locations?postcode=Holmfirth&proximity=${8 * 1609.344}&per_page=100`);
    expect(status).toBe(200);
    const oruk = (body.contents as { service: { id: string } }[]).map((c) => c.service.id);
    const graphql = await serviceIds(t, { servesPostcode: 'Holmfirth', near: { postcode: 'Holmfirth', radiusMiles: 8 } });
    expect(oruk.length).toBeGreaterThan(0);
    expect([...new Set(oruk)]).toEqual(graphql);
  });

  test('an unknown town is a 400 problem naming postcode', async () => {
    const { status, body } = await orukGet(t, '/service_at_locations?postcode=Atlantis');
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ parameter: 'postcode', message: expect.stringContaining('We do not know a town or village') }]);
  });

  test('a misspelt town is a 400 problem naming postcode, with the names nearest it', async () => {
    const { status, body } = await orukGet(t, '/service_at_locations?postcode=Holmfrith');
    expect(status).toBe(400);
    expect(body.errors).toEqual([
      {
        parameter: 'postcode',
        message: expect.stringContaining('Did you mean "Holmfirth"'),
        suggestions: expect.arrayContaining(['Holmfirth']),
      },
    ]);
  });

  test('an ambiguous town is a 400 problem naming postcode, with the candidates', async () => {
    const { status, body } = await orukGet(t, '/service_at_locations?postcode=Scholes');
    expect(status).toBe(400);
    expect(body.errors[0]).toMatchObject({ parameter: 'postcode' });
    expect(body.errors[0].candidates.map((c: { name: string }) => c.name)).toContain('Scholes, Cleckheaton');
  });

  test('text that is neither a postcode nor a place name is refused before searching', async () => {
    const { status, body } = await orukGet(t, '/service_at_locations?postcode=12%20Holmfirth%20Road');
    expect(status).toBe(400);
    expect(body.errors).toEqual([{ parameter: 'postcode', message: NOT_A_POSTCODE_OR_PLACE }]);
    const graphql = await geocode('12 Holmfirth Road');
    expect(graphql.message).toBe(`That ${NOT_A_POSTCODE_OR_PLACE}.`);
  });
});

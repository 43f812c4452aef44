import fs from 'node:fs';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness.js';
import { UnitOfWork } from '../common/unit-of-work.js';
import { KIRKLEES_PLACES_CSV } from './gazetteer.js';
import { GeoService } from './geo.service.js';
import { importPlaces, PlaceImportError, type PlaceImportCounts } from './place-import.js';

/** The real IPN header, as the demo fixture has it. */
const IPN_HEADER = fs.readFileSync(KIRKLEES_PLACES_CSV, 'utf8').split('\n')[0];
const COLUMNS = IPN_HEADER.split(',').map((c) => c.replace(/"/g, ''));

/** A row in the full IPN layout with only the given columns filled in. */
function ipnRow(values: Record<string, string>, columns = COLUMNS): string {
  return columns.map((c) => `"${values[c] ?? ''}"`).join(',');
}

const GOLCAR = { place23cd: 'IPN0100001', place23nm: 'Golcar', descnm: 'LOC', lad23nm: 'Kirklees', lat: '53.6380', long: '-1.8500' };

/** Places, as the table holds them, by code. */
async function places(t: TestDatabase): Promise<Record<string, unknown>[]> {
  return t.db.query(`SELECT * FROM place ORDER BY code`);
}

let t: TestDatabase;
beforeAll(async () => {
  // The demo postcodes, for the districts places are given; the places themselves are removed before each test.
  t = await createTestDatabase({ seeded: 'gazetteer' });
});
afterAll(async () => t?.drop());
beforeEach(async () => {
  await t.db.query('DELETE FROM place');
});

describe('importPlaces', () => {
  const title =
    'the demo file: towns, villages and parishes kept, wards and other kinds skipped, named, and given a district where a postcode is near';
  test(title, async () => {
    const progress: PlaceImportCounts[] = [];
    const result = await importPlaces(t.db, fs.createReadStream(KIRKLEES_PLACES_CSV), { onProgress: (c) => progress.push(c) });
    expect(result).toMatchObject({ rows: 133, imported: 94, otherKinds: 39, bad: 0, badRows: [] });
    expect(progress.at(-1)).toMatchObject({ rows: 133, imported: 94 });
    const kinds: { kind: string }[] = await t.db.query('SELECT DISTINCT kind FROM place ORDER BY kind');
    expect(kinds.map((k) => k.kind)).toEqual(['BUA', 'LOC', 'PAR']);

    const [scholes] = await t.db.query(`SELECT * FROM place WHERE key = 'scholes' AND outcode = 'HD9'`);
    expect(scholes).toMatchObject({
      name: 'Scholes',
      kind: 'LOC',
      local_authority: 'Kirklees',
      // Kirklees is a metropolitan district: its "(pseudo)" county gives way to the lieutenancy county.
      county: 'West Yorkshire',
      ward: 'Holme Valley South',
      parish: 'Holme Valley',
    });
    const districts: { name: string; outcode: string | null }[] = await t.db.query(
      `SELECT name, outcode FROM place WHERE kind = 'LOC' AND name IN ('Holmfirth', 'Marsden', 'Dewsbury', 'Cleckheaton', 'Delph')
       ORDER BY name`,
    );
    expect(districts).toEqual([
      { name: 'Cleckheaton', outcode: 'BD19' },
      { name: 'Delph', outcode: 'OL3' },
      { name: 'Dewsbury', outcode: 'WF13' },
      { name: 'Holmfirth', outcode: 'HD9' },
      { name: 'Marsden', outcode: 'HD7' },
    ]);
    // Scholes near Leeds and Todmorden (OL14) are miles from any demo postcode: no district rather than a wrong one.
    const without: { name: string }[] = await t.db.query(`SELECT DISTINCT name FROM place WHERE outcode IS NULL ORDER BY name`);
    expect(without.map((p) => p.name)).toEqual(['Barwick in Elmet and Scholes', 'Scholes', 'Todmorden']);
    expect(result.withDistrict).toBe(89);
    // A town spans the districts of the postcodes within a mile of it, nearest first; a place none is near spans none.
    const spans: { name: string; outcodes: string[] }[] = await t.db.query(
      `SELECT name, outcodes FROM place WHERE kind = 'BUA' AND name IN ('Huddersfield', 'Holmfirth', 'Todmorden') ORDER BY name`,
    );
    expect(spans).toEqual([
      { name: 'Holmfirth', outcodes: ['HD9'] },
      { name: 'Huddersfield', outcodes: ['HD1', 'HD2', 'HD5', 'HD4'] },
      { name: 'Todmorden', outcodes: [] },
    ]);
  });

  test("next year's file loads too: columns are read by name, whatever their year and order", async () => {
    const columns = ['place24nm', 'long', 'lat', 'descnm', 'place24cd', 'lad24nm'];
    const row = { place24nm: 'Golcar', long: '-1.8500', lat: '53.6380', descnm: 'LOC', place24cd: 'IPN0100001', lad24nm: 'Kirklees' };
    const file = `${columns.join(',')}\n${ipnRow(row, columns)}\n`;
    expect(await importPlaces(t.db, Readable.from([file]))).toMatchObject({ rows: 1, imported: 1, bad: 0 });
    expect(await places(t)).toMatchObject([
      { code: 'IPN0100001', name: 'Golcar', key: 'golcar', local_authority: 'Kirklees', outcode: 'HD7' },
    ]);
  });

  test('area columns of other years than the place code are read, the newest before it, never the historic ones', async () => {
    const columns = ['place23cd', 'place23nm', 'descnm', 'lad61nm', 'lad21nm', 'lad22nm', 'cty91nm', 'wd22cd', 'par23cd', 'lat', 'long'];
    const row = {
      place23cd: 'IPN0100001',
      place23nm: 'Golcar',
      descnm: 'LOC',
      lad61nm: 'Colne Valley',
      lad21nm: 'Kirklees 2021',
      lad22nm: 'Kirklees',
      cty91nm: 'West Yorkshire 1991',
      wd22cd: 'E05001000',
      par23cd: 'E04000001',
      lat: '53.6380',
      long: '-1.8500',
    };
    const ward = { place23cd: 'IPN0100002', place23nm: 'Golcar', descnm: 'WD', wd22cd: 'E05001000', lat: '53.6380', long: '-1.8500' };
    const file = `${columns.join(',')}\n${ipnRow(row, columns)}\n${ipnRow(ward, columns)}\n`;
    const result = await importPlaces(t.db, Readable.from([file]));
    expect(result).toMatchObject({ imported: 1, bad: 0, missingColumns: ['cty23nm'] });
    expect(await places(t)).toMatchObject([
      { code: 'IPN0100001', local_authority: 'Kirklees', county: null, ward_code: 'E05001000', ward: 'Golcar', parish_code: 'E04000001' },
    ]);
  });

  test('the summary names the area columns a file lacks', async () => {
    const result = await importPlaces(t.db, fs.createReadStream(KIRKLEES_PLACES_CSV));
    expect(result.missingColumns).toEqual([]);
    const bare = `place23cd,place23nm,descnm,lat,long\nIPN0100001,Golcar,LOC,53.6380,-1.8500\n`;
    expect((await importPlaces(t.db, Readable.from([bare]))).missingColumns).toEqual(['lad23nm', 'cty23nm', 'wd23cd', 'par23cd']);
  });

  test('rows it cannot read are counted and said, by line, and the rest imported', async () => {
    const lines = [
      IPN_HEADER,
      ipnRow(GOLCAR),
      ipnRow({ ...GOLCAR, place23cd: '' }),
      ipnRow({ ...GOLCAR, place23cd: 'IPN0100002', place23nm: '' }),
      ipnRow({ ...GOLCAR, place23cd: 'IPN0100003', lat: 'abc' }),
      ipnRow({ ...GOLCAR, place23cd: 'IPN0100004', lat: '40.0000' }),
      ipnRow({ ...GOLCAR, place23cd: 'IPN0100005', place23nm: 'x'.repeat(121) }),
      '"IPN0100006","Cut short"',
      ipnRow({ ...GOLCAR, place23cd: 'IPN0100008', place23nm: 'Yorkshire and The Humber', descnm: 'RGN' }),
      '"IPN0100007",Bad "quote,"LOC"',
      ipnRow({ ...GOLCAR, place23cd: 'IPN0100009', place23nm: 'Golcar, Kirklees' }),
      ipnRow({ ...GOLCAR, place23cd: 'IPN0100010', place23nm: 'Golcar 2' }),
    ];
    const result = await importPlaces(t.db, Readable.from([`${lines.join('\n')}\n`]));
    expect(result).toMatchObject({ rows: 11, imported: 1, otherKinds: 1, bad: 9 });
    expect(result.badRows).toEqual([
      { line: 3, reason: 'no place code, or not one: ""' },
      { line: 4, reason: 'no place name, or not one: ""' },
      { line: 5, reason: 'coordinates not in the UK: "abc", "-1.8500"' },
      { line: 6, reason: 'coordinates not in the UK: "40.0000", "-1.8500"' },
      { line: 7, reason: `no place name, or not one: "${'x'.repeat(20)}"` },
      { line: 8, reason: `expected ${COLUMNS.length} columns, found 2` },
      { line: 10, reason: expect.stringMatching(/^unreadable CSV: Invalid Opening Quote/) },
      { line: 11, reason: 'a place name nobody could type into the search: "Golcar, Kirklees"' },
      { line: 12, reason: 'a place name nobody could type into the search: "Golcar 2"' },
    ]);
    expect((await places(t)).map((p) => p.code)).toEqual(['IPN0100001']);
  });

  test.each([
    ['an ONSPD file', '"pcd","pcd2","pcds","lat","long"\n"HD1 2TA","HD1  2TA","HD1 2TA","53.6","-1.7"\n', /header needs place23cd/],
    ['a file without coordinates', 'place23cd,place23nm,descnm\nIPN0100001,Golcar,LOC\n', /header needs place23cd/],
    ['an empty file', '', /The file is empty/],
  ])('%s is refused as a whole, and nothing is written', async (_what, content, message) => {
    await importPlaces(t.db, Readable.from([`${IPN_HEADER}\n${ipnRow(GOLCAR)}\n`]));
    await expect(importPlaces(t.db, Readable.from([content]))).rejects.toThrow(PlaceImportError);
    await expect(importPlaces(t.db, Readable.from([content]))).rejects.toThrow(message);
    expect((await places(t)).map((p) => p.code)).toEqual(['IPN0100001']);
  });

  test('running it again changes nothing; a later file updates places by code', async () => {
    await importPlaces(t.db, fs.createReadStream(KIRKLEES_PLACES_CSV));
    const before = await places(t);
    expect(await importPlaces(t.db, fs.createReadStream(KIRKLEES_PLACES_CSV))).toMatchObject({ imported: 94, bad: 0 });
    expect(await places(t)).toEqual(before);

    const golcar = before.find((p) => p.name === 'Golcar')!;
    const moved = { ...GOLCAR, place23cd: golcar.code as string, wd23cd: golcar.ward_code as string, lat: '53.6400' };
    await importPlaces(t.db, Readable.from([`${IPN_HEADER}\n${ipnRow(moved)}\n`]));
    expect((await places(t)).find((p) => p.name === 'Golcar')).toMatchObject({ latitude: 53.64, ward: 'Golcar' });
    expect(await places(t)).toHaveLength(before.length);
  });

  test('a lookup after an import sees the new place: the cache forgets when the import commits', async () => {
    const geo = new GeoService(new UnitOfWork(t.db));
    await importPlaces(t.db, Readable.from([`${IPN_HEADER}\n${ipnRow(GOLCAR)}\n`]));
    expect(await geo.locatePostcodeOrPlace('Golcar', 'postcode')).toMatchObject({ latitude: 53.638, precision: 'PLACE' });
    await importPlaces(t.db, Readable.from([`${IPN_HEADER}\n${ipnRow({ ...GOLCAR, lat: '53.6400' })}\n`]));
    expect(await geo.locatePostcodeOrPlace('Golcar', 'postcode')).toMatchObject({ latitude: 53.64 });
  });
});

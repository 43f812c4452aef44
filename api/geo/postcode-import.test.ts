import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../test/harness.js';
import { projectRoot } from '../config.js';
import { UnitOfWork } from '../common/unit-of-work.js';
import { GeoService } from './geo.service.js';
import { importPostcodes, PostcodeImportError, type PostcodeImportCounts } from './postcode-import.js';

/** An ONSPD-format file with the awkward rows the real one has, and a few a damaged download might. */
const SMALL_ONSPD = path.join(projectRoot, 'test', 'fixtures', 'geo', 'small-onspd.csv');
const ONSPD_HEADER = fs.readFileSync(SMALL_ONSPD, 'utf8').split('\r\n')[0];

/** A row in the full ONSPD layout with only what the importer reads filled in. */
function onspdRow(pcds: string, lat: string, long: string, doterm = ''): string {
  const columns = ONSPD_HEADER.split(',').map((c) => c.replace(/"/g, ''));
  const values: Record<string, string> = { pcd: pcds, pcd2: pcds, pcds, dointr: '198001', doterm, oslaua: 'E08000034', lat, long };
  return columns.map((c) => `"${values[c] ?? ''}"`).join(',');
}

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(async () => t?.drop());

const snapshot = async () => {
  const [row] = await t.db.query(
    `SELECT (SELECT json_agg(p ORDER BY postcode) FROM postcode p) AS postcodes,
            (SELECT json_agg(s ORDER BY sector) FROM postcode_sector s) AS sectors,
            (SELECT json_agg(d ORDER BY outcode) FROM postcode_district d) AS districts`,
  );
  return row as { postcodes: Record<string, unknown>[]; sectors: Record<string, unknown>[]; districts: Record<string, unknown>[] };
};

describe('importPostcodes', () => {
  test('imports live postcodes, skips terminated and uncoordinated ones, counts bad rows', async () => {
    // A district no file mentions, with a post town: imports must leave it be.
    await t.db.query(`INSERT INTO postcode_district (outcode, latitude, longitude, post_town) VALUES ('OL3', 53.55, -2.0, 'OLDHAM')`);
    const progress: PostcodeImportCounts[] = [];
    const result = await importPostcodes(t.db, fs.createReadStream(SMALL_ONSPD), { onProgress: (c) => progress.push(c) });

    expect(result).toMatchObject({ rows: 13, imported: 4, terminated: 1, withoutCoordinates: 1, bad: 6, sectors: 3, districts: 2 });
    expect(result.badRows.map((r) => r.reason)).toEqual([
      'not a postcode: "NOTACODE"',
      'no postcode',
      'coordinates not in the UK: "abc", "-1.780000"',
      'expected 52 columns, found 4',
      expect.stringMatching(/^unreadable CSV: Invalid Opening Quote/),
      'coordinates not in the UK: "40.000000", "-1.780000"',
    ]);
    expect(result.badRows.map((r) => r.line)).toEqual([8, 9, 10, 11, 12, 13]);
    expect(progress.at(-1)).toMatchObject({ rows: 13, imported: 4 });

    const { postcodes, sectors, districts } = await snapshot();
    expect(postcodes).toEqual([
      { postcode: 'HD1 1AA', outcode: 'HD1', sector: 'HD1 1', latitude: 53.64, longitude: -1.78, local_authority_code: 'E08000034' },
      // Listed twice: the later row wins.
      { postcode: 'HD1 1AB', outcode: 'HD1', sector: 'HD1 1', latitude: 53.65, longitude: -1.79, local_authority_code: 'E08000034' },
      { postcode: 'HD1 2AA', outcode: 'HD1', sector: 'HD1 2', latitude: 53.645, longitude: -1.785, local_authority_code: 'E08000034' },
      { postcode: 'HD2 1AA', outcode: 'HD2', sector: 'HD2 1', latitude: 53.66, longitude: -1.78, local_authority_code: 'E08000033' },
    ]);
    expect(sectors).toEqual([
      { sector: 'HD1 1', latitude: expect.closeTo(53.645, 9), longitude: expect.closeTo(-1.785, 9), postcode_count: 2 },
      { sector: 'HD1 2', latitude: 53.645, longitude: -1.785, postcode_count: 1 },
      { sector: 'HD2 1', latitude: 53.66, longitude: -1.78, postcode_count: 1 },
    ]);
    expect(districts).toEqual([
      {
        outcode: 'HD1',
        latitude: expect.closeTo((53.64 + 53.65 + 53.645) / 3, 9),
        longitude: expect.closeTo((-1.78 - 1.79 - 1.785) / 3, 9),
        post_town: null,
      },
      { outcode: 'HD2', latitude: 53.66, longitude: -1.78, post_town: null },
      { outcode: 'OL3', latitude: 53.55, longitude: -2.0, post_town: 'OLDHAM' },
    ]);
  });

  test('importing the same file again changes nothing', async () => {
    const before = await snapshot();
    const result = await importPostcodes(t.db, fs.createReadStream(SMALL_ONSPD));
    expect(result).toMatchObject({ rows: 13, imported: 4, terminated: 1, withoutCoordinates: 1, bad: 6, sectors: 3, districts: 2 });
    expect(await snapshot()).toEqual(before);
  });

  test('a later release removes terminated postcodes, adds new ones and recomputes only what it touched', async () => {
    await t.db.query(`UPDATE postcode_district SET post_town = 'HUDDERSFIELD' WHERE outcode = 'HD1'`);
    const before = await snapshot();
    const release = [
      ONSPD_HEADER,
      onspdRow('HD1 1AA', '53.640000', '-1.780000', '202502'),
      onspdRow('HD1 2AB', '53.655000', '-1.775000'),
      onspdRow('HD3 3AA', '53.658000', '-1.821000'),
    ].join('\n');
    // Small batches, so several INSERTs make up the one transaction.
    const result = await importPostcodes(t.db, Readable.from([release]), { batchSize: 1 });
    expect(result).toMatchObject({ rows: 3, imported: 2, terminated: 1, bad: 0, sectors: 3, districts: 2 });

    const { postcodes, sectors, districts } = await snapshot();
    expect(postcodes.map((p) => p.postcode)).toEqual(['HD1 1AB', 'HD1 2AA', 'HD1 2AB', 'HD2 1AA', 'HD3 3AA']);
    expect(sectors).toEqual([
      { sector: 'HD1 1', latitude: 53.65, longitude: -1.79, postcode_count: 1 },
      { sector: 'HD1 2', latitude: expect.closeTo(53.65, 9), longitude: expect.closeTo(-1.78, 9), postcode_count: 2 },
      before.sectors.find((s) => s.sector === 'HD2 1'),
      { sector: 'HD3 3', latitude: 53.658, longitude: -1.821, postcode_count: 1 },
    ]);
    expect(districts).toEqual([
      {
        outcode: 'HD1',
        latitude: expect.closeTo((53.65 + 53.645 + 53.655) / 3, 9),
        longitude: expect.closeTo((-1.79 - 1.785 - 1.775) / 3, 9),
        post_town: 'HUDDERSFIELD',
      },
      before.districts.find((d) => d.outcode === 'HD2'),
      { outcode: 'HD3', latitude: 53.658, longitude: -1.821, post_town: null },
      before.districts.find((d) => d.outcode === 'OL3'),
    ]);
  });

  test('reads the older short header too (pcd, doterm, lat, long), with a byte-order mark', async () => {
    const result = await importPostcodes(t.db, Readable.from(['\uFEFFPCD,DOTERM,LAT,LONG\r\n"HD4  5AB",,53.632,-1.792\r\n']));
    expect(result).toMatchObject({ rows: 1, imported: 1, bad: 0 });
    const [row] = await t.db.query(`SELECT * FROM postcode WHERE postcode = 'HD4 5AB'`);
    expect(row).toMatchObject({ outcode: 'HD4', sector: 'HD4 5', local_authority_code: null });
  });

  test('GIR 0AA (Girobank, in every ONSPD release) is imported, with its sector and district, and geocodes', async () => {
    const result = await importPostcodes(t.db, Readable.from([`${ONSPD_HEADER}\r\n${onspdRow('GIR 0AA', '53.470000', '-2.990000')}\r\n`]));
    expect(result).toMatchObject({ imported: 1, bad: 0 });
    const [row] = await t.db.query(`SELECT postcode, outcode, sector FROM postcode WHERE postcode = 'GIR 0AA'`);
    expect(row).toEqual({ postcode: 'GIR 0AA', outcode: 'GIR', sector: 'GIR 0' });
    const geo = new GeoService(new UnitOfWork(t.db));
    expect(await geo.locate('gir0aa', 'postcode')).toMatchObject({ postcode: 'GIR 0AA', precision: 'POSTCODE', latitude: 53.47 });
    await expect(geo.locate('GIR 0ZZ', 'postcode')).rejects.toMatchObject({ code: 'INVALID_POSTCODE' });
  });

  test('a postcode the geocoder remembers moves with an import, and one it did not know is found once imported', async () => {
    const geo = new GeoService(new UnitOfWork(t.db));
    const row = (lat: string) => `${ONSPD_HEADER}\r\n${onspdRow('GIR 0AA', lat, '-2.990000')}\r\n`;
    await importPostcodes(t.db, Readable.from([row('53.470000')]));
    expect(await geo.locate('GIR 0AA', 'postcode')).toMatchObject({ latitude: 53.47 });
    expect(await geo.locate('GIR 0AA', 'postcode')).toMatchObject({ latitude: 53.47 });
    expect(geo.cacheStatistics().geocode).toMatchObject({ hits: 1, misses: 1 });

    await importPostcodes(t.db, Readable.from([row('53.480000')]));
    expect(await geo.locate('GIR 0AA', 'postcode')).toMatchObject({ latitude: 53.48 });

    await expect(geo.locate('HD7 9ZZ', 'postcode')).rejects.toMatchObject({ code: 'POSTCODE_NOT_FOUND' });
    await importPostcodes(t.db, Readable.from([`${ONSPD_HEADER}\r\n${onspdRow('HD7 9ZZ', '53.600000', '-1.900000')}\r\n`]));
    expect(await geo.locate('HD7 9ZZ', 'postcode')).toMatchObject({ precision: 'POSTCODE', latitude: 53.6 });
  });

  test('a file that is not ONSPD is refused whole', async () => {
    const before = await snapshot();
    await expect(importPostcodes(t.db, Readable.from(['name,email\nAda,ada@example.org\n']))).rejects.toBeInstanceOf(PostcodeImportError);
    await expect(importPostcodes(t.db, Readable.from(['']))).rejects.toBeInstanceOf(PostcodeImportError);
    expect(await snapshot()).toEqual(before);
  });

  test('a read failure part-way rolls the whole import back', async () => {
    const before = await snapshot();
    async function* failing() {
      yield `${ONSPD_HEADER}\n${onspdRow('HD5 8BD', '53.647000', '-1.762000')}\n${onspdRow('HD5 9AA', '53.648000', '-1.747000')}\n`;
      await new Promise((r) => setTimeout(r, 50));
      throw new Error('disk unplugged');
    }
    await expect(importPostcodes(t.db, Readable.from(failing()), { batchSize: 1 })).rejects.toThrow('disk unplugged');
    expect(await snapshot()).toEqual(before);
  });
});

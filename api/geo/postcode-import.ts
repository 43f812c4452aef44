import type { Readable } from 'node:stream';
import type { DataSource, QueryRunner } from 'typeorm';
import { BadRows, importCsvIntoGazetteer, type BadRow } from './csv-import.js';
import { inUk, parsePostcode } from './postcode.js';

/** What an import did, row by row. */
export interface PostcodeImportCounts {
  /** Data rows read (the header not counted). */
  rows: number;
  /** Live postcodes written (inserted or updated). */
  imported: number;
  /** Rows with a termination date: skipped, and removed from the gazetteer if an earlier import had them. */
  terminated: number;
  /** Live postcodes ONS gives no point for (lat 99.999999): skipped. */
  withoutCoordinates: number;
  /** Rows that could not be read (broken CSV, no or malformed postcode, coordinates out of range). */
  bad: number;
  /** Sectors and districts whose centres were recomputed. */
  sectors: number;
  districts: number;
}

export type BadPostcodeRow = BadRow;

export interface PostcodeImportResult extends PostcodeImportCounts {
  /** The first bad rows, for the person running the import to look at. */
  badRows: BadPostcodeRow[];
}

export interface PostcodeImportOptions {
  /** Called after each batch is written, and once at the end. */
  onProgress?: (counts: PostcodeImportCounts) => void;
  /** Rows per INSERT; ONSPD has about 2.7 million, so it streams in batches. */
  batchSize?: number;
}

/** The ONSPD header names the importer reads; later releases renamed some, so each has its aliases. */
const POSTCODE_COLUMNS = ['pcds', 'pcd', 'pcd2', 'pcd7', 'pcd8'];
const TERMINATED_COLUMNS = ['doterm'];
const LATITUDE_COLUMNS = ['lat'];
const LONGITUDE_COLUMNS = ['long', 'lon', 'lng'];
/** `oslaua` until 2024; then named after the boundary year (`lad24cd`, `lad25cd`, …). */
const LOCAL_AUTHORITY_COLUMN = /^(oslaua|lad\d{2}cd)$/;

/** ONSPD's latitude for "no grid reference" (with longitude 0.000000). */
const NO_COORDINATES_LATITUDE = 99.999999;

interface PostcodeRow {
  postcode: string;
  outcode: string;
  sector: string;
  latitude: number;
  longitude: number;
  localAuthorityCode: string | null;
}

/**
 * Streams an ONS Postcode Directory CSV into the gazetteer in one transaction: live postcodes are
 * upserted in batches, terminated ones removed, then the centres of every sector and district the file
 * touched are recomputed from their postcodes (other sectors and districts keep their rows). A row it
 * cannot read is counted and reported, never fatal; a database failure rolls everything back.
 */
export async function importPostcodes(db: DataSource, input: Readable, options: PostcodeImportOptions = {}): Promise<PostcodeImportResult> {
  const batchSize = options.batchSize ?? 2000;
  const counts: PostcodeImportCounts = { rows: 0, imported: 0, terminated: 0, withoutCoordinates: 0, bad: 0, sectors: 0, districts: 0 };
  const badRows = new BadRows(counts);
  const bad = (line: number, reason: string) => badRows.add(line, reason);
  const touchedSectors = new Set<string>();
  const touchedDistricts = new Set<string>();
  // Keyed by postcode so a file listing one twice writes it once (ON CONFLICT cannot touch a row twice).
  let live = new Map<string, PostcodeRow>();
  let dead = new Set<string>();

  const header = {
    indexColumns,
    notThisFile: (message: string) => new PostcodeImportError(message),
    empty: 'The file is empty: expected an ONSPD header row.',
  };
  await importCsvIntoGazetteer(db, input, counts, badRows, header, async (rows, runner) => {
    const flush = async () => {
      if (live.size > 0) {
        await upsertPostcodes(runner, [...live.values()]);
        counts.imported += live.size;
        live = new Map();
      }
      if (dead.size > 0) {
        await runner.query('DELETE FROM postcode WHERE postcode = ANY($1::varchar[])', [[...dead]]);
        dead = new Set();
      }
      options.onProgress?.({ ...counts });
    };

    for await (const { record, line, columns } of rows) {
      const raw = columns.postcode.map((i) => record[i]).find((v) => v);
      if (!raw) {
        bad(line, 'no postcode');
        continue;
      }
      const parsed = parsePostcode(raw);
      if (parsed?.kind !== 'POSTCODE') {
        bad(line, `not a postcode: "${raw.slice(0, 20)}"`);
        continue;
      }
      if (columns.terminated !== undefined && record[columns.terminated]) {
        counts.terminated++;
        live.delete(parsed.postcode);
        dead.add(parsed.postcode);
        touchedSectors.add(parsed.sector);
        touchedDistricts.add(parsed.outcode);
        // About a third of ONSPD is terminated postcodes: flushed in batches too, not held to the end.
        if (dead.size >= batchSize) await flush();
        continue;
      }
      const latText = record[columns.latitude] ?? '';
      const lonText = record[columns.longitude] ?? '';
      const latitude = Number(latText);
      const longitude = Number(lonText);
      if (latText === '' || lonText === '' || latitude === NO_COORDINATES_LATITUDE) {
        counts.withoutCoordinates++;
        continue;
      }
      if (!inUk(latitude, longitude)) {
        bad(line, `coordinates not in the UK: "${latText.slice(0, 20)}", "${lonText.slice(0, 20)}"`);
        continue;
      }
      const authority = columns.localAuthority !== undefined ? record[columns.localAuthority] : '';
      dead.delete(parsed.postcode);
      live.set(parsed.postcode, {
        postcode: parsed.postcode,
        outcode: parsed.outcode,
        sector: parsed.sector,
        latitude,
        longitude,
        localAuthorityCode: authority && /^[A-Z]\d{8}$/.test(authority) ? authority : null,
      });
      touchedSectors.add(parsed.sector);
      touchedDistricts.add(parsed.outcode);
      if (live.size >= batchSize) await flush();
    }
    await flush();
    counts.sectors = await recomputeSectors(runner, [...touchedSectors]);
    counts.districts = await recomputeDistricts(runner, [...touchedDistricts]);
  });
  options.onProgress?.({ ...counts });
  return { ...counts, badRows: badRows.inFileOrder() };
}

/** The file as a whole is not an ONSPD CSV (no header, no postcode or coordinate columns). */
export class PostcodeImportError extends Error {
  override name = 'PostcodeImportError';
}

interface ColumnIndex {
  count: number;
  postcode: number[];
  terminated: number | undefined;
  latitude: number;
  longitude: number;
  localAuthority: number | undefined;
}

function indexColumns(header: string[]): ColumnIndex | string {
  const names = header.map((h) => h.trim().toLowerCase());
  const find = (candidates: string[]) => candidates.map((c) => names.indexOf(c)).filter((i) => i >= 0);
  const postcode = find(POSTCODE_COLUMNS);
  const [latitude] = find(LATITUDE_COLUMNS);
  const [longitude] = find(LONGITUDE_COLUMNS);
  if (postcode.length === 0 || latitude === undefined || longitude === undefined) {
    const has = `${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;
    return `Not an ONS Postcode Directory CSV: the header needs a postcode column (pcds, pcd or pcd2) and lat and long; it has ${has}.`;
  }
  const authority = names.findIndex((n) => LOCAL_AUTHORITY_COLUMN.test(n));
  return {
    count: names.length,
    postcode,
    terminated: find(TERMINATED_COLUMNS)[0],
    latitude,
    longitude,
    localAuthority: authority >= 0 ? authority : undefined,
  };
}

async function upsertPostcodes(runner: QueryRunner, rows: PostcodeRow[]): Promise<void> {
  // Arrays and unnest: six parameters whatever the batch size, so no 65,535-parameter ceiling.
  await runner.query(
    `INSERT INTO postcode (postcode, outcode, sector, latitude, longitude, local_authority_code)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::float8[], $5::float8[], $6::varchar[])
     ON CONFLICT (postcode) DO UPDATE SET
       outcode = excluded.outcode,
       sector = excluded.sector,
       latitude = excluded.latitude,
       longitude = excluded.longitude,
       local_authority_code = excluded.local_authority_code`,
    [
      rows.map((r) => r.postcode),
      rows.map((r) => r.outcode),
      rows.map((r) => r.sector),
      rows.map((r) => r.latitude),
      rows.map((r) => r.longitude),
      rows.map((r) => r.localAuthorityCode),
    ],
  );
}

/** Centres as plain means of the postcode points: at sector and district scale the earth's curvature is negligible. */
async function recomputeSectors(runner: QueryRunner, sectors: string[]): Promise<number> {
  if (sectors.length === 0) return 0;
  const result: unknown[] = await runner.query(
    `INSERT INTO postcode_sector (sector, latitude, longitude, postcode_count)
     SELECT sector, avg(latitude), avg(longitude), count(*) FROM postcode
     WHERE sector = ANY($1::varchar[]) GROUP BY sector
     ON CONFLICT (sector) DO UPDATE SET
       latitude = excluded.latitude, longitude = excluded.longitude, postcode_count = excluded.postcode_count
     RETURNING sector`,
    [sectors],
  );
  return result.length;
}

async function recomputeDistricts(runner: QueryRunner, outcodes: string[]): Promise<number> {
  if (outcodes.length === 0) return 0;
  // The post town is not in ONSPD: a district's existing one is kept.
  const result: unknown[] = await runner.query(
    `INSERT INTO postcode_district (outcode, latitude, longitude)
     SELECT outcode, avg(latitude), avg(longitude) FROM postcode
     WHERE outcode = ANY($1::varchar[]) GROUP BY outcode
     ON CONFLICT (outcode) DO UPDATE SET latitude = excluded.latitude, longitude = excluded.longitude
     RETURNING outcode`,
    [outcodes],
  );
  return result.length;
}

import type { Readable } from 'node:stream';
import type { DataSource, QueryRunner } from 'typeorm';
import { BadRows, importCsvIntoGazetteer, type BadRow } from './csv-import.js';
import { MILES_PER_DEGREE_LATITUDE, PARISH_KINDS, PLACE_KINDS, parsePlaceName, placeKey } from './place-name.js';
import { inUk } from './postcode.js';

/** What an import did, row by row. */
export interface PlaceImportCounts {
  /** Data rows read (the header not counted). */
  rows: number;
  /** Towns, villages, localities and parishes written (inserted or updated). */
  imported: number;
  /** Rows of kinds nobody types as a town (wards, counties, regions, national parks, …): skipped. */
  otherKinds: number;
  /** Rows that could not be read (broken CSV, no code or name, a field too long, coordinates out of range). */
  bad: number;
  /** Places given the postcode district they lie in (nearest postcode within POSTCODE_WITHIN_MILES). */
  withDistrict: number;
}

export type BadPlaceRow = BadRow;

export interface PlaceImportResult extends PlaceImportCounts {
  /** The first bad rows, for the person running the import to look at. */
  badRows: BadPlaceRow[];
  /** Optional columns the header lacks in any year (`lad23nm`, `par23cd`, …): areas its places are not named by. */
  missingColumns: string[];
}

export interface PlaceImportOptions {
  /** Called after each batch is written, and once at the end. */
  onProgress?: (counts: PlaceImportCounts) => void;
  /** Rows per INSERT; the IPN has about 110,000 rows of the kinds kept. */
  batchSize?: number;
}

/**
 * The IPN header names read. Most carry a boundary year (`place23nm`, `lad23nm`), which changes every
 * release and differs between columns of one file (`bua22cd` beside `place23cd`), so `YY` stands for any
 * two-digit year: the place code's own year if the file has it, else the newest before it. Historic
 * columns (`lad61nm`, `cty91nm`) read as years after the place code's and are never taken.
 */
const COLUMNS = {
  code: 'placeYYcd',
  name: 'placeYYnm',
  kind: 'descnm',
  localAuthority: 'ladYYnm',
  county: 'ctyYYnm',
  lieutenancy: 'ctyltnm',
  ward: 'wdYYcd',
  parish: 'parYYcd',
  latitude: 'lat',
  longitude: 'long',
} as const;
const PLACE_CODE_COLUMN = /^place(\d{2})cd$/;
const REQUIRED = ['code', 'name', 'kind', 'latitude', 'longitude'] as const;
/** Columns a file may lack: its places then go without that area's name, and the summary says so. */
const OPTIONAL = ['localAuthority', 'county', 'ward', 'parish'] as const;

/** The IPN kind whose entries name the wards other entries lie in (PARISH_KINDS name the parishes). */
const WARD_KIND = 'WD';

/** How far from a place its nearest postcode may be and still say its district. */
const POSTCODE_WITHIN_MILES = 3;
/**
 * Postcodes taken nearest by the GiST index's `<->`, which measures in degrees (a degree of longitude is
 * about 40% shorter than one of latitude in Britain), before the nearest in miles is chosen among them.
 */
const NEAREST_BY_DEGREES = 5;
/**
 * A town spans the districts of the postcodes this near its point (Huddersfield's centre has HD1 to HD5
 * around it), at most this many, nearest first; the search's servesPostcode matches any of them.
 */
const SPANNED_WITHIN_MILES = 1;
const MAX_DISTRICTS_SPANNED = 6;

const MAX_NAME_LENGTH = 120;
const MAX_AREA_NAME_LENGTH = 80;
/** GSS codes ("E04000123"); anything else in a code column is ignored. */
const GSS_CODE = /^[EWSN]\d{8}$/;

interface PlaceRow {
  code: string;
  name: string;
  key: string;
  kind: string;
  localAuthority: string | null;
  county: string | null;
  wardCode: string | null;
  parishCode: string | null;
  latitude: number;
  longitude: number;
}

type ColumnIndex = { count: number; missing: string[] } & { [K in keyof typeof COLUMNS]: number | undefined };

/**
 * Streams an ONS Index of Place Names CSV into the gazetteer's `place` table in one transaction: rows of
 * the kinds a resident types (PLACE_KINDS) are upserted by code in batches; then each place is given its
 * ward's and parish's names (from the file's own WD and PAR entries), the district of the postcode
 * nearest it and the districts it spans. Run the postcode import first, or places have no district. A row it cannot read is
 * counted and reported, never fatal; a database failure rolls everything back.
 */
export async function importPlaces(db: DataSource, input: Readable, options: PlaceImportOptions = {}): Promise<PlaceImportResult> {
  const batchSize = options.batchSize ?? 2000;
  const counts: PlaceImportCounts = { rows: 0, imported: 0, otherKinds: 0, bad: 0, withDistrict: 0 };
  const badRows = new BadRows(counts);
  const bad = (line: number, reason: string) => badRows.add(line, reason);
  const wardNames = new Map<string, string>();
  const parishNames = new Map<string, string>();
  const touched: string[] = [];
  // Keyed by code so a file listing one twice writes it once (ON CONFLICT cannot touch a row twice).
  let batch = new Map<string, PlaceRow>();

  const header = {
    indexColumns,
    notThisFile: (message: string) => new PlaceImportError(message),
    empty: 'The file is empty: expected an Index of Place Names header row.',
  };
  const columnsRead = await importCsvIntoGazetteer(db, input, counts, badRows, header, async (rows, runner) => {
    const flush = async () => {
      if (batch.size > 0) {
        await upsertPlaces(runner, [...batch.values()]);
        counts.imported += batch.size;
        batch = new Map();
      }
      options.onProgress?.({ ...counts });
    };

    for await (const { record, line, columns } of rows) {
      const read = (column: keyof typeof COLUMNS) => {
        const i = columns[column];
        return i === undefined ? '' : (record[i] ?? '');
      };
      const code = read('code');
      const name = read('name');
      const kind = read('kind').toUpperCase();
      if (!code || code.length > 16) {
        bad(line, `no place code, or not one: "${code.slice(0, 20)}"`);
        continue;
      }
      const key = name && name.length <= MAX_NAME_LENGTH ? placeKey(name) : '';
      if (key === '') {
        bad(line, `no place name, or not one: "${name.slice(0, 20)}"`);
        continue;
      }
      const wardCode = GSS_CODE.test(read('ward')) ? read('ward') : null;
      const parishCode = GSS_CODE.test(read('parish')) ? read('parish') : null;
      if (kind === WARD_KIND && wardCode) wardNames.set(wardCode, name);
      if (PARISH_KINDS.has(kind) && parishCode) parishNames.set(parishCode, name);
      if (!(PLACE_KINDS as readonly string[]).includes(kind)) {
        counts.otherKinds++;
        continue;
      }
      const typed = parsePlaceName(name);
      if (typed?.key !== key || typed.qualifier !== null) {
        bad(line, `a place name nobody could type into the search: "${name.slice(0, 20)}"`);
        continue;
      }
      const latText = read('latitude');
      const lonText = read('longitude');
      const latitude = Number(latText);
      const longitude = Number(lonText);
      if (latText === '' || lonText === '' || !inUk(latitude, longitude)) {
        bad(line, `coordinates not in the UK: "${latText.slice(0, 20)}", "${lonText.slice(0, 20)}"`);
        continue;
      }
      const localAuthority = areaName(read('localAuthority'));
      // Metropolitan districts have a "(pseudo)" county; their lieutenancy county ("West Yorkshire") is the one people say.
      const county = areaName(read('county')) ?? areaName(read('lieutenancy'));
      batch.set(code, { code, name, key, kind, localAuthority, county, wardCode, parishCode, latitude, longitude });
      touched.push(code);
      if (batch.size >= batchSize) await flush();
    }
    await flush();
    await nameWardsAndParishes(runner, wardNames, parishNames);
    counts.withDistrict = await findDistricts(runner, touched);
  });
  options.onProgress?.({ ...counts });
  return { ...counts, badRows: badRows.inFileOrder(), missingColumns: columnsRead.missing };
}

/** The file as a whole is not an Index of Place Names CSV (no header, or no code, name, kind or coordinate columns). */
export class PlaceImportError extends Error {
  override name = 'PlaceImportError';
}

/** An area name as IPN gives it, or null for none, a "(pseudo)" placeholder, or one too long to be real. */
function areaName(value: string): string | null {
  return value && !value.startsWith('(pseudo') && value.length <= MAX_AREA_NAME_LENGTH ? value : null;
}

function indexColumns(header: string[]): ColumnIndex | string {
  const names = header.map((h) => h.trim().toLowerCase());
  const year = names.map((n) => PLACE_CODE_COLUMN.exec(n)?.[1]).find((y) => y !== undefined);
  const index = Object.fromEntries(
    Object.entries(COLUMNS).map(([column, name]) => [column, year === undefined ? undefined : columnOf(names, name, year)]),
  ) as Omit<ColumnIndex, 'count' | 'missing'>;
  if (REQUIRED.some((column) => index[column] === undefined)) {
    const has = `${names.slice(0, 8).join(', ')}${names.length > 8 ? ', …' : ''}`;
    return `Not an ONS Index of Place Names CSV: the header needs place23cd, place23nm (any year), descnm, lat and long; it has ${has}.`;
  }
  const missing = OPTIONAL.filter((column) => index[column] === undefined).map((column) => COLUMNS[column].replace('YY', year ?? 'YY'));
  return { count: names.length, missing, ...index };
}

/** The index of `pattern` (`ladYYnm`) in the header: of `year`, else of the newest year before it. */
function columnOf(names: string[], pattern: string, year: string): number | undefined {
  if (!pattern.includes('YY')) return names.indexOf(pattern) >= 0 ? names.indexOf(pattern) : undefined;
  const [before, after] = pattern.split('YY');
  const best = names
    .map((n, i) => ({ i, y: n.startsWith(before) && n.endsWith(after) ? n.slice(before.length, n.length - after.length) : '' }))
    .filter(({ y }) => /^\d{2}$/.test(y) && y <= year)
    .sort((a, b) => b.y.localeCompare(a.y))[0];
  return best?.i;
}

async function upsertPlaces(runner: QueryRunner, rows: PlaceRow[]): Promise<void> {
  // Arrays and unnest: ten parameters whatever the batch size, so no 65,535-parameter ceiling.
  await runner.query(
    `INSERT INTO place (code, name, key, kind, local_authority, county, ward_code, parish_code, latitude, longitude)
     SELECT * FROM unnest($1::varchar[], $2::varchar[], $3::varchar[], $4::varchar[], $5::varchar[], $6::varchar[],
                          $7::varchar[], $8::varchar[], $9::float8[], $10::float8[])
     ON CONFLICT (code) DO UPDATE SET
       name = excluded.name,
       key = excluded.key,
       kind = excluded.kind,
       local_authority = excluded.local_authority,
       county = excluded.county,
       ward = CASE WHEN place.ward_code IS DISTINCT FROM excluded.ward_code THEN NULL ELSE place.ward END,
       ward_code = excluded.ward_code,
       parish = CASE WHEN place.parish_code IS DISTINCT FROM excluded.parish_code THEN NULL ELSE place.parish END,
       parish_code = excluded.parish_code,
       latitude = excluded.latitude,
       longitude = excluded.longitude`,
    [
      rows.map((r) => r.code),
      rows.map((r) => r.name),
      rows.map((r) => r.key),
      rows.map((r) => r.kind),
      rows.map((r) => r.localAuthority),
      rows.map((r) => r.county),
      rows.map((r) => r.wardCode),
      rows.map((r) => r.parishCode),
      rows.map((r) => r.latitude),
      rows.map((r) => r.longitude),
    ],
  );
}

/** Every place in a ward or parish the file names, old or new: a file of one county still names its own. */
async function nameWardsAndParishes(runner: QueryRunner, wards: Map<string, string>, parishes: Map<string, string>): Promise<void> {
  for (const [column, names] of [
    ['ward', wards],
    ['parish', parishes],
  ] as const) {
    if (names.size === 0) continue;
    await runner.query(
      `UPDATE place p SET ${column} = t.name FROM unnest($1::varchar[], $2::varchar[]) AS t(code, name)
       WHERE p.${column}_code = t.code AND p.${column} IS DISTINCT FROM t.name`,
      [[...names.keys()], [...names.values()]],
    );
  }
}

/**
 * The district of the postcode nearest each place in miles, among the few nearest by the GiST index on
 * postcode points; null when none is within POSTCODE_WITHIN_MILES.
 */
async function findDistricts(runner: QueryRunner, codes: string[]): Promise<number> {
  if (codes.length === 0) return 0;
  const [{ found }]: { found: number }[] = await runner.query(
    `WITH placed AS (
       UPDATE place p SET outcode = (
         SELECT n.outcode FROM (
           SELECT pc.outcode, point(pc.longitude, pc.latitude) <@> point(p.longitude, p.latitude) AS miles
           FROM postcode pc ORDER BY point(pc.longitude, pc.latitude) <-> point(p.longitude, p.latitude) LIMIT $3
         ) n WHERE n.miles <= $2 ORDER BY n.miles LIMIT 1)
       WHERE p.code = ANY($1::varchar[])
       RETURNING p.outcode)
     SELECT count(outcode)::int AS found FROM placed`,
    [codes, POSTCODE_WITHIN_MILES, NEAREST_BY_DEGREES],
  );
  // The box (by the GiST index) bounds the postcodes measured to those about a mile away.
  await runner.query(
    `UPDATE place p SET outcodes = coalesce(
       (SELECT array_agg(w.outcode ORDER BY w.miles, w.outcode) FROM (
          SELECT pc.outcode, min(point(pc.longitude, pc.latitude) <@> point(p.longitude, p.latitude)) AS miles
          FROM postcode pc
          WHERE point(pc.longitude, pc.latitude) <@ box(
                  point(p.longitude - $2 / ($4 * cos(radians(p.latitude))), p.latitude - $2 / $4),
                  point(p.longitude + $2 / ($4 * cos(radians(p.latitude))), p.latitude + $2 / $4))
          GROUP BY pc.outcode
          HAVING min(point(pc.longitude, pc.latitude) <@> point(p.longitude, p.latitude)) <= $2
          ORDER BY miles, pc.outcode LIMIT $3) w),
       CASE WHEN p.outcode IS NULL THEN '{}' ELSE ARRAY[p.outcode] END)
     WHERE p.code = ANY($1::varchar[])`,
    [codes, SPANNED_WITHIN_MILES, MAX_DISTRICTS_SPANNED, MILES_PER_DEGREE_LATITUDE],
  );
  return found;
}

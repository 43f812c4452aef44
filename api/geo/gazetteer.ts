import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { projectRoot } from '../config.js';
import { importPlaces, type PlaceImportResult } from './place-import.js';
import { importPostcodes, type PostcodeImportResult } from './postcode-import.js';

/** The demo gazetteer: Kirklees and its neighbours in ONSPD format (see fixtures/README.md). */
export const KIRKLEES_GAZETTEER_CSV = path.join(projectRoot, 'api', 'geo', 'fixtures', 'kirklees-onspd.csv');

/** The demo towns and villages in the ONS Index of Place Names format (see fixtures/README.md). */
export const KIRKLEES_PLACES_CSV = path.join(projectRoot, 'api', 'geo', 'fixtures', 'kirklees-places.csv');

/** Royal Mail post towns of the demo districts; ONSPD does not carry them. */
const POST_TOWNS: Record<string, string> = {
  HD1: 'HUDDERSFIELD',
  HD2: 'HUDDERSFIELD',
  HD3: 'HUDDERSFIELD',
  HD4: 'HUDDERSFIELD',
  HD5: 'HUDDERSFIELD',
  HD6: 'BRIGHOUSE',
  HD7: 'HUDDERSFIELD',
  HD8: 'HUDDERSFIELD',
  HD9: 'HOLMFIRTH',
  WF12: 'DEWSBURY',
  WF13: 'DEWSBURY',
  WF14: 'MIRFIELD',
  WF15: 'LIVERSEDGE',
  WF16: 'HECKMONDWIKE',
  WF17: 'BATLEY',
  BD19: 'CLECKHEATON',
  HX1: 'HALIFAX',
  HX2: 'HALIFAX',
  HX3: 'HALIFAX',
  HX4: 'HALIFAX',
  HX5: 'ELLAND',
  HX6: 'SOWERBY BRIDGE',
  HX7: 'HEBDEN BRIDGE',
  BD1: 'BRADFORD',
  BD2: 'BRADFORD',
  BD3: 'BRADFORD',
  BD4: 'BRADFORD',
  BD5: 'BRADFORD',
  BD6: 'BRADFORD',
  BD7: 'BRADFORD',
  LS1: 'LEEDS',
  LS2: 'LEEDS',
  LS3: 'LEEDS',
  LS4: 'LEEDS',
  LS5: 'LEEDS',
  LS6: 'LEEDS',
  LS7: 'LEEDS',
  LS8: 'LEEDS',
  LS9: 'LEEDS',
  LS10: 'LEEDS',
  LS11: 'LEEDS',
  LS12: 'LEEDS',
  WF1: 'WAKEFIELD',
  WF2: 'WAKEFIELD',
  WF3: 'WAKEFIELD',
  WF4: 'WAKEFIELD',
  WF5: 'OSSETT',
  S75: 'BARNSLEY',
  OL3: 'OLDHAM',
};

/**
 * Loads the demo gazetteer (for `npm start`'s demo data and for other domains' test fixtures): the
 * postcodes, then the places (which take their districts from the postcodes). Safe to run again:
 * postcodes and places are upserted and centres recomputed to the same values. With `onlyIfEmpty`, a
 * gazetteer that already has postcodes (the real ONSPD, say) is left alone and null returned.
 */
export async function seedGazetteer(
  target: DataSource | { db: DataSource },
  options: { onlyIfEmpty?: boolean } = {},
): Promise<(PostcodeImportResult & { places: PlaceImportResult }) | null> {
  const db = 'db' in target ? target.db : target;
  if (options.onlyIfEmpty) {
    const [{ exists }] = await db.query('SELECT EXISTS (SELECT 1 FROM postcode) AS exists');
    if (exists) return null;
  }
  const result = await importPostcodes(db, fs.createReadStream(KIRKLEES_GAZETTEER_CSV));
  await db.query(
    `UPDATE postcode_district d SET post_town = t.post_town
     FROM unnest($1::varchar[], $2::varchar[]) AS t(outcode, post_town)
     WHERE d.outcode = t.outcode AND d.post_town IS DISTINCT FROM t.post_town`,
    [Object.keys(POST_TOWNS), Object.values(POST_TOWNS)],
  );
  const places = await importPlaces(db, fs.createReadStream(KIRKLEES_PLACES_CSV));
  return { ...result, places };
}

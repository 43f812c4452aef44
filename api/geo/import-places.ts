import 'reflect-metadata';
import { runGazetteerImport } from './import-cli.js';
import { importPlaces, PlaceImportError, type PlaceImportResult } from './place-import.js';

/**
 * Loads an ONS Index of Place Names CSV (the Great Britain file, or a slice of it) into the gazetteer.
 * Run after the postcode import: each place is given the district of its nearest postcode.
 * Usage: npm run import:places -- IPN_GB_2024.csv
 */
await runGazetteerImport<PlaceImportResult>({
  usage: 'Usage: npm run import:places -- FILE.csv   (an ONS Index of Place Names CSV, header row included)',
  // No statement_timeout (the runner's): finding the nearest postcode of every place in Great Britain rightly takes a while.
  progressEvery: 20_000,
  written: 'places written',
  run: (db, input, onProgress) => importPlaces(db, input, { onProgress }),
  summary: (result) => [
    `  rows read                     ${result.rows}`,
    `  places written                ${result.imported}`,
    `  other kinds (skipped)         ${result.otherKinds}`,
    `  bad rows                      ${result.bad}`,
    `  places given their district   ${result.withDistrict}`,
    ...result.missingColumns.map((column) => `  warning: no ${column} column (any year): places are not named by it`),
    ...(result.imported > 0 && result.withDistrict === 0
      ? ['  warning: no place got a postcode district: run `npm run import:postcodes` first, then this again']
      : []),
  ],
  fileError: PlaceImportError,
});

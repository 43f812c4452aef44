import 'reflect-metadata';
import { runGazetteerImport } from './import-cli.js';
import { importPostcodes, PostcodeImportError, type PostcodeImportResult } from './postcode-import.js';

/**
 * Loads an ONS Postcode Directory CSV (the national file, or a slice of it) into the gazetteer.
 * Usage: npm run import:postcodes -- ONSPD_FEB_2025_UK.csv
 */
await runGazetteerImport<PostcodeImportResult>({
  usage: 'Usage: npm run import:postcodes -- FILE.csv   (an ONS Postcode Directory CSV, header row included)',
  // No statement_timeout (the runner's): recomputing every sector and district of the national file rightly takes minutes.
  progressEvery: 100_000,
  written: 'postcodes written',
  run: (db, input, onProgress) => importPostcodes(db, input, { onProgress }),
  summary: (result) => [
    `  rows read                   ${result.rows}`,
    `  live postcodes written      ${result.imported}`,
    `  terminated (skipped)        ${result.terminated}`,
    `  without coordinates (skip)  ${result.withoutCoordinates}`,
    `  bad rows                    ${result.bad}`,
    `  sector centres recomputed   ${result.sectors}`,
    `  district centres recomputed ${result.districts}`,
  ],
  fileError: PostcodeImportError,
});

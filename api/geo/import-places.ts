import 'reflect-metadata';
import fs from 'node:fs';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { importPlaces, PlaceImportError } from './place-import.js';

/**
 * Loads an ONS Index of Place Names CSV (the Great Britain file, or a slice of it) into the gazetteer.
 * Run after the postcode import: each place is given the district of its nearest postcode.
 * Usage: npm run import:places -- IPN_GB_2024.csv
 */
const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('Usage: npm run import:places -- FILE.csv   (an ONS Index of Place Names CSV, header row included)');
  process.exit(2);
}
if (!fs.existsSync(file)) {
  console.error(`No such file: ${file}`);
  process.exit(2);
}

// No statement_timeout: finding the nearest postcode of every place in Great Britain rightly takes a while.
const database = await openDatabase({ ...loadConfig(), statementTimeoutMs: 0 }, console);
const started = Date.now();
let exitCode = 0;
try {
  let lastReport = 0;
  const result = await importPlaces(database.db, fs.createReadStream(file), {
    onProgress: (c) => {
      if (c.rows - lastReport >= 20_000) {
        lastReport = c.rows;
        console.log(`… ${c.rows.toLocaleString('en-GB')} rows read, ${c.imported.toLocaleString('en-GB')} places written`);
      }
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Imported ${file} into ${database.description} in ${seconds} s:`);
  console.log(`  rows read                     ${result.rows}`);
  console.log(`  places written                ${result.imported}`);
  console.log(`  other kinds (skipped)         ${result.otherKinds}`);
  console.log(`  bad rows                      ${result.bad}`);
  console.log(`  places given their district   ${result.withDistrict}`);
  for (const column of result.missingColumns) console.log(`  warning: no ${column} column (any year): places are not named by it`);
  if (result.imported > 0 && result.withDistrict === 0) {
    console.log('  warning: no place got a postcode district: run `npm run import:postcodes` first, then this again');
  }
  for (const row of result.badRows.slice(0, 20)) console.log(`  line ${row.line}: ${row.reason}`);
  if (result.bad > 20) console.log(`  … and ${result.bad - 20} more bad rows`);
} catch (error) {
  exitCode = 1;
  console.error(error instanceof PlaceImportError ? error.message : error);
} finally {
  await database.close();
}
process.exit(exitCode);

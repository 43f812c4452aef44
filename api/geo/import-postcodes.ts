import 'reflect-metadata';
import fs from 'node:fs';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { importPostcodes, PostcodeImportError } from './postcode-import.js';

/**
 * Loads an ONS Postcode Directory CSV (the national file, or a slice of it) into the gazetteer.
 * Usage: npm run import:postcodes -- ONSPD_FEB_2025_UK.csv
 */
const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('Usage: npm run import:postcodes -- FILE.csv   (an ONS Postcode Directory CSV, header row included)');
  process.exit(2);
}
if (!fs.existsSync(file)) {
  console.error(`No such file: ${file}`);
  process.exit(2);
}

// No statement_timeout: recomputing every sector and district of the national file rightly takes minutes.
const database = await openDatabase({ ...loadConfig(), statementTimeoutMs: 0 }, console);
const started = Date.now();
let exitCode = 0;
try {
  let lastReport = 0;
  const result = await importPostcodes(database.db, fs.createReadStream(file), {
    onProgress: (c) => {
      if (c.rows - lastReport >= 100_000) {
        lastReport = c.rows;
        console.log(`… ${c.rows.toLocaleString('en-GB')} rows read, ${c.imported.toLocaleString('en-GB')} postcodes written`);
      }
    },
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`Imported ${file} into ${database.description} in ${seconds} s:`);
  console.log(`  rows read                   ${result.rows}`);
  console.log(`  live postcodes written      ${result.imported}`);
  console.log(`  terminated (skipped)        ${result.terminated}`);
  console.log(`  without coordinates (skip)  ${result.withoutCoordinates}`);
  console.log(`  bad rows                    ${result.bad}`);
  console.log(`  sector centres recomputed   ${result.sectors}`);
  console.log(`  district centres recomputed ${result.districts}`);
  for (const row of result.badRows.slice(0, 20)) console.log(`  line ${row.line}: ${row.reason}`);
  if (result.bad > 20) console.log(`  … and ${result.bad - 20} more bad rows`);
} catch (error) {
  exitCode = 1;
  console.error(error instanceof PostcodeImportError ? error.message : error);
} finally {
  await database.close();
}
process.exit(exitCode);

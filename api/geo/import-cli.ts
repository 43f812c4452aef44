import fs from 'node:fs';
import type { Readable } from 'node:stream';
import type { DataSource } from 'typeorm';
import { loadConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import type { BadRow } from './csv-import.js';

/** What every gazetteer import reports, and what the runner prints of it. */
interface ImportResult {
  rows: number;
  imported: number;
  bad: number;
  badRows: BadRow[];
}

/** One gazetteer import as a command: its words, how often it reports progress, and the importer itself. */
export interface GazetteerImportCommand<R extends ImportResult> {
  /** The usage line printed when the file argument is missing or there is more than one. */
  usage: string;
  /** Rows read between progress lines. */
  progressEvery: number;
  /** What `imported` counts, as the progress line says it ("places written"). */
  written: string;
  run: (db: DataSource, input: Readable, onProgress: (counts: { rows: number; imported: number }) => void) => Promise<R>;
  /** The summary's own lines (after "Imported FILE into …", before the bad rows). */
  summary: (result: R) => string[];
  /** The importer's error for a file that is not what it reads: its message alone is printed, not a stack. */
  fileError: new (
    ...args: never[]
  ) => Error;
}

/**
 * Runs a gazetteer import from the command line: checks the one file argument, opens the database with
 * no statement_timeout (a national file rightly takes minutes), prints progress and a summary with the
 * first bad rows, and exits 0, 1 on failure or 2 on a wrong argument. Both imports are one program with
 * different words, so their commands cannot drift apart in how they behave.
 */
export async function runGazetteerImport<R extends ImportResult>(command: GazetteerImportCommand<R>): Promise<never> {
  const file = process.argv[2];
  if (!file || process.argv.length > 3) {
    console.error(command.usage);
    process.exit(2);
  }
  if (!fs.existsSync(file)) {
    console.error(`No such file: ${file}`);
    process.exit(2);
  }

  const database = await openDatabase({ ...loadConfig(), statementTimeoutMs: 0 }, console);
  const started = Date.now();
  let exitCode = 0;
  try {
    let lastReport = 0;
    const result = await command.run(database.db, fs.createReadStream(file), (c) => {
      if (c.rows - lastReport >= command.progressEvery) {
        lastReport = c.rows;
        console.log(`… ${c.rows.toLocaleString('en-GB')} rows read, ${c.imported.toLocaleString('en-GB')} ${command.written}`);
      }
    });
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Imported ${file} into ${database.description} in ${seconds} s:`);
    for (const line of command.summary(result)) console.log(line);
    for (const row of result.badRows.slice(0, 20)) console.log(`  line ${row.line}: ${row.reason}`);
    if (result.bad > 20) console.log(`  … and ${result.bad - 20} more bad rows`);
  } catch (error) {
    exitCode = 1;
    console.error(error instanceof command.fileError ? error.message : error);
  } finally {
    await database.close();
  }
  process.exit(exitCode);
}

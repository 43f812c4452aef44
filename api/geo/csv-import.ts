import type { Readable } from 'node:stream';
import { parse, CsvError } from 'csv-parse';
import type { DataSource, QueryRunner } from 'typeorm';
import { markChanged } from '../common/bounded-cache.js';
import { GAZETTEER_TOPIC } from './geo.service.js';

/**
 * What the gazetteer's CSV imports (ONS Postcode Directory, Index of Place Names) share: one way of
 * reading a large, sometimes damaged CSV, one transaction around the writing, and one account of the rows
 * that could not be read. Kept in one place so both imports treat a broken file alike.
 */

/** A row of the file that could not be read. */
export interface BadRow {
  /** 1-based line of the file. */
  line: number;
  reason: string;
}

/** A record as the parser yields it with `info: true`: its fields and the line it ends on. */
export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

const MAX_BAD_ROWS_REPORTED = 100;

/**
 * Counts bad rows in the import's own counts and keeps the first MAX_BAD_ROWS_REPORTED for the person
 * running it: a national file with a systematic fault would otherwise hold millions in memory.
 */
export class BadRows {
  private readonly reported: BadRow[] = [];

  constructor(private readonly counts: { rows: number; bad: number }) {}

  add(line: number, reason: string): void {
    this.counts.bad++;
    if (this.reported.length < MAX_BAD_ROWS_REPORTED) this.reported.push({ line, reason });
  }

  /** A row the parser could not read at all: it counts as read, and as bad. */
  unreadable(line: number, reason: string): void {
    this.counts.rows++;
    this.add(line, reason);
  }

  /** The parser reports unreadable rows ahead of the rows it has buffered: back into file order. */
  inFileOrder(): BadRow[] {
    return this.reported.sort((a, b) => a.line - b.line);
  }
}

/** A data row of the file (the header not counted) with as many fields as the header, and where it ends. */
export interface CsvRow<C> {
  record: string[];
  line: number;
  columns: C;
}

/** How an import reads the file's header row, and the error it throws for a file that is not its kind. */
export interface CsvHeader<C extends { count: number }> {
  /** Where each column the import reads stands, or why the header is not the file it reads. */
  indexColumns: (header: string[]) => C | string;
  /** The import's own error for a file it cannot read at all. */
  notThisFile: (message: string) => Error;
  /** The message for a file with no header row. */
  empty: string;
}

/**
 * Streams `input` as CSV into `write` inside one gazetteer transaction, and returns the file's columns
 * as `header.indexColumns` read them. Each data row is counted as read; one with more or fewer fields than
 * the header is counted bad and never reaches `write` (cut short, it would read as a row with empty
 * fields, not as a broken one). A row the parser cannot read is counted as read and bad, never fatal
 * (skip_records_with_error); a failing input stream fails the parser, so the import ends instead of waiting for rows that never come.
 * The transaction marks the gazetteer changed, so every instance's caches of it are dropped on commit;
 * any failure rolls everything back and stops reading the file.
 */
export async function importCsvIntoGazetteer<C extends { count: number }>(
  db: DataSource,
  input: Readable,
  counts: { rows: number },
  badRows: BadRows,
  header: CsvHeader<C>,
  write: (rows: AsyncIterable<CsvRow<C>>, runner: QueryRunner) => Promise<void>,
): Promise<C> {
  const parser = parse({
    bom: true,
    trim: true,
    relax_column_count: true,
    skip_empty_lines: true,
    skip_records_with_error: true,
    info: true,
  });
  parser.on('skip', (error: CsvError & { lines?: number }) => {
    badRows.unreadable(error.lines ?? 0, `unreadable CSV: ${error.message}`);
  });
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);

  const runner = db.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    markChanged(runner, GAZETTEER_TOPIC);
    let columns: C | undefined;
    async function* rows(): AsyncGenerator<CsvRow<C>> {
      for await (const { record, info } of parser as AsyncIterable<CsvRecord>) {
        if (!columns) {
          const indexed = header.indexColumns(record);
          if (typeof indexed === 'string') throw header.notThisFile(indexed);
          columns = indexed;
          continue;
        }
        counts.rows++;
        if (record.length !== columns.count) {
          badRows.add(info.lines, `expected ${columns.count} columns, found ${record.length}`);
          continue;
        }
        yield { record, line: info.lines, columns };
      }
      if (!columns) throw header.notThisFile(header.empty);
    }
    await write(rows(), runner);
    // rows() has already thrown this for a file with no header; said again for the type checker.
    if (!columns) throw header.notThisFile(header.empty);
    await runner.commitTransaction();
    return columns;
  } catch (error) {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    parser.destroy();
    input.unpipe(parser);
    input.destroy();
    throw error;
  } finally {
    await runner.release();
  }
}

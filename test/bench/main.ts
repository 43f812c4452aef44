import 'reflect-metadata';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { projectRoot } from '../../api/config.js';
import { withBenchDatabase } from './bench-database.js';
import { chosenSections, formatTable, type Row } from './bench-table.js';
import { describeBookingContention, measureBookingContention } from './booking-contention.js';
import { describeCarePlanReads, measureCarePlanReads, tabulateCarePlanReads } from './care-plan-reads.js';
import { describeDirectorySearch, measureDirectorySearch } from './directory-search.js';
import { describeGovernance, measureGovernance } from './governance.js';
import { describeNotifications, measureNotifications, tabulateNotifications } from './notifications.js';
import { describeOrukServices, measureOrukServices } from './oruk-services.js';
import { describePlanGrowth, measurePlanGrowth } from './plan-growth.js';
import { describeFirstResults, measureFirstResults, tabulateFirstResults } from './widget-first-results.js';
import { describeTimeBankPictures, measureTimeBankPictures } from './time-bank-pictures.js';
import { describeTimeBankMatching, measureTimeBankMatching } from './time-bank-matching.js';

/**
 * `npm run bench`: every section in turn, each on a database of its own against the real server on
 * loopback; then one table of what each measured, and bench/results.json with each section's full result
 * and the machine it ran on. `BENCH_ONLY=booking,oruk` runs those sections alone. A section that fails
 * (an answer that is an error, a guarantee broken) is reported and makes the run exit 1 after the others.
 */
interface Section {
  name: string;
  run(): Promise<{ result: unknown; rows: Row[] }>;
}

function section<R>(name: string, measure: () => Promise<R>, rows: (result: R) => Row[], paragraph?: (result: R) => string): Section {
  return {
    name,
    async run() {
      const result = await measure();
      if (paragraph) console.log(paragraph(result));
      return { result, rows: rows(result) };
    },
  };
}

const SECTIONS: Section[] = [
  section('directory', measureDirectorySearch, describeDirectorySearch),
  section('booking', measureBookingContention, describeBookingContention),
  section('oruk', measureOrukServices, describeOrukServices),
  section('widgets', measureFirstResults, tabulateFirstResults, describeFirstResults),
  section('care-plans', measureCarePlanReads, tabulateCarePlanReads, describeCarePlanReads),
  section('messages', measureNotifications, tabulateNotifications, describeNotifications),
  section('plans', measurePlanGrowth, describePlanGrowth),
  section('time-bank', measureTimeBankPictures, describeTimeBankPictures),
  section('time-bank-matching', measureTimeBankMatching, describeTimeBankMatching),
  section('governance', measureGovernance, describeGovernance),
];

function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain'], { cwd: projectRoot, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${commit} with uncommitted changes` : commit;
  } catch {
    return 'unknown';
  }
}

async function machine() {
  const postgres = await withBenchDatabase('facts', { poolSize: 1 }, async (db) => {
    const [{ server_version }] = await db.query('SHOW server_version');
    return server_version as string;
  });
  return {
    date: new Date().toISOString(),
    commit: gitCommit(),
    cores: os.cpus().length,
    cpu: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    postgres,
  };
}

async function main() {
  const sections = chosenSections(SECTIONS, process.env.BENCH_ONLY);
  const facts = await machine();
  const results: Record<string, unknown> = {};
  const rows: (Row & { scenario: string })[] = [];
  for (const s of sections) {
    const start = performance.now();
    console.log(`\n== ${s.name}`);
    try {
      const { result, rows: measured } = await s.run();
      results[s.name] = result;
      rows.push(...measured.map((r) => ({ scenario: s.name, ...r })));
    } catch (error) {
      console.error(error);
      results[s.name] = { failed: String(error) };
      rows.push({ scenario: s.name, measure: 'FAILED', value: String(error).slice(0, 200) });
    }
    console.log(`== ${s.name} took ${((performance.now() - start) / 1000).toFixed(0)} s`);
  }
  const file = path.join(projectRoot, 'bench', 'results.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify({ machine: facts, table: rows, sections: results }, null, 2)}\n`);
  const where = `${facts.cores} cores (${facts.cpu}), Node ${facts.node}, PostgreSQL ${facts.postgres}`;
  console.log(`\ncoopcare bench, ${facts.date}, ${facts.commit}: ${where}\n`);
  console.log(formatTable(rows));
  console.log(`\nwritten to ${path.relative(process.cwd(), file)}`);
  if (rows.some((r) => r.measure === 'FAILED')) process.exitCode = 1;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}

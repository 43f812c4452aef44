import 'reflect-metadata';
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import pg, { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import { createApp } from '../../api/server.js';
import type { CacheStatistics } from '../../api/common/bounded-cache.js';
import { type AppServices, createServices } from '../../api/modules.js';
import { measureCostliest } from './costliest-requests.js';
import { runLoad } from './http-load.js';
import { summarise } from './percentiles.js';
import { generateSyntheticDirectory } from './synthetic-directory.js';
import { withBenchDatabase } from './bench-database.js';
import { searchMix, searchOfPageSize } from './directory-search-mix.js';
import { seedSyntheticGazetteer } from './synthetic-gazetteer.js';

/**
 * `npm run bench`'s directory search: searches drawn one a request from a skewed mix over thousands of
 * postcodes and about a hundred texts (directory-search-mix.ts), over 20,000 synthetic services from
 * 5,000 providers, over HTTP with autocannon at 1, 16 and 64 connections, every answer checked, starting
 * from cold caches, each run's cache hit rates beside its latencies; the CPU each search costs the API
 * and PostgreSQL at 16; the same statements replayed straight to PostgreSQL at 16; statements per search
 * at pages of 5 and 100; then the costliest requests the query limits still allow (costliest-requests.ts).
 * Figures are of one run; compare ratios, not absolute times, across machines.
 */
const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 5000);
const SERVICES_PER_PROVIDER = 4;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
/** Synthetic postcodes seeded round the synthetic towns, beside Kirklees's. */
const SYNTHETIC_POSTCODES = Number(process.env.BENCH_POSTCODES ?? 6000);
/** Searches replayed straight to PostgreSQL, and checked for finding services. */
const SAMPLE = 240;
const CONNECTIONS = [1, 16, 64] as const;
/** Each costly request takes up to seconds: fewer samples of each. */
const COSTLY_REQUESTS = Math.max(10, Math.round(REQUESTS / 10));

/**
 * A process's CPU (utime + stime) and that of its children it has reaped (cutime + cstime), in ms, and
 * its parent's pid, from /proc/PID/stat (USER_HZ is 100 on Linux).
 */
function processStat(pid: number): { cpuMs: number; reapedMs: number; parent: number } | null {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // Fields after the command's closing parenthesis start at field 3: ppid is field 4, utime to cstime 14 to 17.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ms = (i: number) => Number(fields[i]) * 10;
  return { cpuMs: ms(11) + ms(12), reapedMs: ms(13) + ms(14), parent: Number(fields[1]) };
}

/**
 * CPU time (ms) used so far by the PostgreSQL server `db` is connected to: its postmaster and every
 * process it started (backends, checkpointer, WAL writer…), those that have ended included (a pool
 * closes idle connections mid-run), not other servers on the machine. Null where /proc cannot tell
 * (the server on another machine, or not Linux).
 */
export async function postgresCpuMs(db: DataSource): Promise<number | null> {
  const [{ pid }]: { pid: number }[] = await db.query('SELECT pg_backend_pid() AS pid');
  const postmaster = processStat(pid)?.parent;
  const server = postmaster === undefined ? null : processStat(postmaster);
  if (postmaster === undefined || server === null) return null;
  let total = server.reapedMs;
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry));
    if (stat && (Number(entry) === postmaster || stat.parent === postmaster)) total += stat.cpuMs;
  }
  return total;
}

interface Statement {
  text: string;
  values: unknown[];
}

/**
 * Every statement this process sends PostgreSQL, through TypeORM or around it (the rate limiter uses
 * the pool directly), counted and, while `capturing`, kept to replay.
 */
class StatementTap {
  count = 0;
  capturing = false;
  captured: Statement[] = [];

  constructor() {
    const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
    const tap = this;
    pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
      tap.count++;
      if (tap.capturing) tap.captured.push(statementOf(args));
      return query.apply(this, args);
    } as typeof pg.Client.prototype.query;
  }
}

function statementOf([first, second]: unknown[]): Statement {
  if (typeof first === 'string') return { text: first, values: Array.isArray(second) ? second : [] };
  const config = first as { text: string; values?: unknown[] };
  return { text: config.text, values: config.values ?? [] };
}

interface Run {
  connections: number;
  requests: number;
  p50: number;
  p95: number;
  p99: number;
  requestsPerSecond: number;
  /** Distinct searches among this run's requests. */
  distinct: number;
  /** Each cache's hit rate over this run alone. */
  hitRates: Record<string, number>;
}

export interface DirectorySearchResult {
  data: {
    providers: number;
    services: number;
    gazetteerPostcodes: number;
    texts: number;
    requests: number;
    distinctSearches: number;
    sampleFindingServices: number;
  };
  http: Run[];
  cpuMsPerRequestAt16: { api: number; postgres: number | null; loadGenerator: number };
  sqlAt16: { p50: number; p95: number };
  apiToSqlMedianRatioAt16: number;
  statementsPerRequest: { first5: number; first100: number };
  caches: Record<string, { hits: number; misses: number; hitRate: number; size: number; max: number }>;
  searchPlanMs: number;
  costliest: Awaited<ReturnType<typeof measureCostliest>>;
}

const cacheStatistics = (services: AppServices): Record<string, CacheStatistics> => ({
  ...services.geo.cacheStatistics(),
  ...services.directorySearch.cacheStatistics(),
});

/** Each cache's hits and misses during the load runs alone, with its size at their end. */
function cacheDeltas(before: Record<string, CacheStatistics>, after: Record<string, CacheStatistics>): DirectorySearchResult['caches'] {
  return Object.fromEntries(
    Object.entries(after).map(([name, a]) => {
      const hits = a.hits - before[name].hits;
      const misses = a.misses - before[name].misses;
      return [name, { hits, misses, hitRate: hits + misses === 0 ? 0 : hits / (hits + misses), size: a.size, max: a.max }];
    }),
  );
}

/** Sends each body once, one after another, checking each is answered with data and no errors. */
async function sendEach(url: string, bodies: string[]): Promise<{ totalCount: number }[]> {
  const answers = [];
  for (const body of bodies) {
    const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    const json = (await res.json()) as { data?: { services: { totalCount: number } }; errors?: unknown };
    if (res.status !== 200 || !json.data || json.errors) throw new Error(`search failed: ${JSON.stringify(json.errors)} for ${body}`);
    answers.push(json.data.services);
  }
  return answers;
}

/** Each request's statements, one after another, from 16 loops over one pool: the database's share of the HTTP run. */
async function replay(url: string, requests: Statement[][], connections: number): Promise<number[]> {
  const direct = new Pool({ connectionString: url, max: connections });
  direct.on('error', () => {});
  const latencies: number[] = [];
  let next = 0;
  try {
    await Promise.all(
      Array.from({ length: connections }, async () => {
        while (next < requests.length) {
          const statements = requests[next++];
          const start = performance.now();
          for (const s of statements) await direct.query(s.text, s.values);
          latencies.push(performance.now() - start);
        }
      }),
    );
  } finally {
    await direct.end();
  }
  return latencies;
}

export async function measureDirectorySearch(): Promise<DirectorySearchResult> {
  const tap = new StatementTap();
  return withBenchDatabase('directory', { poolSize: 20 }, async (db, dbUrl) => {
    await seedGazetteer(db);
    await seedSyntheticGazetteer(db, SYNTHETIC_POSTCODES);
    const generated = await generateSyntheticDirectory(db, { providers: PROVIDERS, servicesPerProvider: SERVICES_PER_PROVIDER });
    const services = createServices(db);
    const app = await createApp({ services, config: { publicRateLimitPerMinute: 1_000_000, nodeEnv: 'production' }, log: () => {} });
    const { server, url: base } = await app.listen(0, '127.0.0.1');
    const url = `${base}/graphql`;
    try {
      // The timed runs come first, from cold caches; each draws its own stream of searches.
      const http: Run[] = [];
      const sent = new Set<string>();
      let sample: string[] = [];
      let gazetteerPostcodes = 0;
      let texts = 0;
      const cachesBefore = cacheStatistics(services);
      let cpuMsPerRequestAt16: DirectorySearchResult['cpuMsPerRequestAt16'] | undefined;
      for (const connections of CONNECTIONS) {
        const requests = connections === 1 ? REQUESTS : Math.max(REQUESTS * 4, connections * 20);
        const mix = await searchMix(db, requests, connections);
        ({ postcodes: gazetteerPostcodes, texts } = mix);
        for (const body of mix.bodies) sent.add(body);
        const cachesBeforeRun = cacheStatistics(services);
        const postgresBefore = await postgresCpuMs(db);
        const run = await runLoad({ url, bodies: mix.bodies, clients: connections, requestsPerClient: Math.ceil(requests / connections) });
        const postgresAfter = await postgresCpuMs(db);
        const runCaches = cacheDeltas(cachesBeforeRun, cacheStatistics(services));
        const t = summarise(run.latenciesMs);
        http.push({
          connections,
          requests: t.n,
          p50: t.median,
          p95: t.p95,
          p99: t.p99,
          requestsPerSecond: run.requestsPerSecond,
          distinct: new Set(mix.bodies).size,
          hitRates: Object.fromEntries(Object.entries(runCaches).map(([name, c]) => [name, c.hitRate])),
        });
        if (connections === 16) {
          sample = [...new Set(mix.bodies)].slice(0, SAMPLE);
          cpuMsPerRequestAt16 = {
            api: run.serverCpuMs / t.n,
            postgres: postgresBefore === null || postgresAfter === null ? null : (postgresAfter - postgresBefore) / t.n,
            loadGenerator: run.clientCpuMs / t.n,
          };
        }
      }
      const caches = cacheDeltas(cachesBefore, cacheStatistics(services));

      const found = await sendEach(url, sample);
      const statementsOf = async (body: string) => {
        const before = tap.count;
        await sendEach(url, [body]);
        return tap.count - before;
      };
      // Counted with the search's postcode and text already cached, as the target counts them.
      await sendEach(url, [searchOfPageSize(20)]);
      const statementsPerRequest = { first5: await statementsOf(searchOfPageSize(5)), first100: await statementsOf(searchOfPageSize(100)) };
      const perRequest: Statement[][] = [];
      for (const body of sample) {
        tap.capturing = true;
        await sendEach(url, [body]);
        tap.capturing = false;
        perRequest.push(tap.captured);
        tap.captured = [];
      }

      const replayed = summarise(
        await replay(
          dbUrl,
          Array.from({ length: REQUESTS * 4 }, (_, i) => perRequest[i % perRequest.length]),
          16,
        ),
      );
      const http16 = http.find((r) => r.connections === 16)!;

      // The statement that does the searching, of the mix's first search.
      const search = perRequest[0].find((s) => /directory_search|earth_box|matched AS/.test(s.text)) ?? perRequest[0][0];
      const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${search.text}`, search.values);
      const planText = plan.map((r) => r['QUERY PLAN']).join('\n');
      if (process.env.BENCH_EXPLAIN) console.log(`${search.text}\n${JSON.stringify(search.values)}\n${planText}`);

      const costliest = await measureCostliest(url, COSTLY_REQUESTS, http[0].p50);
      return {
        data: {
          ...generated,
          gazetteerPostcodes,
          texts,
          requests: http.reduce((n, run) => n + run.requests, 0),
          distinctSearches: sent.size,
          sampleFindingServices: found.filter((f) => f.totalCount > 0).length,
        },
        http,
        cpuMsPerRequestAt16: cpuMsPerRequestAt16!,
        sqlAt16: { p50: replayed.median, p95: replayed.p95 },
        apiToSqlMedianRatioAt16: http16.p50 / replayed.median,
        statementsPerRequest,
        caches,
        searchPlanMs: Number(/Execution Time: ([\d.]+) ms/.exec(planText)?.[1]),
        costliest,
      };
    } finally {
      server.closeAllConnections();
      server.close();
      await app.apollo.stop();
    }
  });
}

const ms = (n: number | null) => (n === null ? 'n/a' : `${n.toFixed(2)} ms`);

/** The table's rows for the directory search. */
export function describeDirectorySearch(r: DirectorySearchResult): { measure: string; value: string }[] {
  const cpu = r.cpuMsPerRequestAt16;
  return [
    {
      measure: 'directory search: data',
      value: `${r.data.services} services, ${r.data.providers} providers; ${r.data.requests} requests, \
${r.data.distinctSearches} distinct, over ${r.data.gazetteerPostcodes} postcodes and ${r.data.texts} texts; \
${r.data.sampleFindingServices} of ${SAMPLE} sampled finding services`,
    },
    ...r.http.map((run) => ({
      measure: `directory search: ${run.connections} connection${run.connections > 1 ? 's' : ''}`,
      value: `p50 ${ms(run.p50)}  p95 ${ms(run.p95)}  p99 ${ms(run.p99)}  \
${run.requestsPerSecond.toFixed(0)} req/s  (${run.requests} requests, ${run.distinct} distinct; hit rates \
${Object.entries(run.hitRates)
  .map(([name, rate]) => `${name} ${(rate * 100).toFixed(0)} %`)
  .join(', ')})`,
    })),
    { measure: 'directory search: p95 at 16 (target < 50 ms)', value: ms(r.http.find((h) => h.connections === 16)!.p95) },
    {
      measure: 'directory search: CPU per request at 16 (targets ≤ 2 ms each)',
      value: `API ${ms(cpu.api)}, PostgreSQL ${ms(cpu.postgres)}, load generator ${ms(cpu.loadGenerator)}`,
    },
    {
      measure: 'directory search: same statements direct at 16',
      value: `p50 ${ms(r.sqlAt16.p50)}  p95 ${ms(r.sqlAt16.p95)}; API/SQL median ratio ${r.apiToSqlMedianRatioAt16.toFixed(2)}`,
    },
    {
      measure: 'directory search: statements per request',
      value: `page of 5: ${r.statementsPerRequest.first5}; page of 100: ${r.statementsPerRequest.first100}`,
    },
    ...Object.entries(r.caches).map(([name, c]) => ({
      measure: `directory search: ${name} cache, all runs from cold`,
      value: `hit rate ${(c.hitRate * 100).toFixed(1)} % (${c.hits} hits, ${c.misses} misses), ${c.size} of at most ${c.max} entries`,
    })),
    { measure: 'directory search: search statement EXPLAIN ANALYZE', value: ms(r.searchPlanMs) },
    ...r.costliest.candidates.map((c) => ({
      measure: `costliest: ${c.name}`,
      value: `median ${ms(c.median)}  p95 ${ms(c.p95)}  ${c.ratio.toFixed(1)} × a search`,
    })),
    {
      measure: "costliest: pen test's 4,000 aliased searches",
      value: `HTTP ${r.costliest.penTest.status} ${r.costliest.penTest.code}, median ${ms(r.costliest.penTest.median)}`,
    },
  ];
}

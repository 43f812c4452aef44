import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { Pool } from 'pg';
import type { Logger } from 'typeorm';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import { createApp } from '../../api/server.js';
import { createServices } from '../../api/modules.js';
import { measureCostliest } from './costliest-requests.js';
import { runLoad, summarise } from './http-load.js';
import { generateSyntheticDirectory } from './synthetic-directory.js';
import { withBenchDatabase } from './bench-database.js';

/**
 * `npm run bench`: a typical directory search (text + near + one filter, first 20, with provider and
 * category) over 20,000 synthetic services from 5,000 providers across Great Britain, over HTTP at 1 and
 * 16 concurrent clients, against the same SQL run directly; then the costliest requests the query limits
 * still allow (costliest-requests.ts), against that search; then booking under contention
 * (booking-contention.ts); then a resident's wait for the search widget's first results in Chromium
 * (widget-first-results.ts); then reading care plans at scale (care-plan-reads.ts); then issue 12's messages
 * (notifications.ts: the outbox sender, what messages add to requestBooking, the reminder and escalation jobs). Figures are medians
 * and p95s of one run; compare ratios, not absolute times, across machines.
 */
const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 5000);
const SERVICES_PER_PROVIDER = 4;
const REQUESTS_SEQUENTIAL = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = 16;
const REQUESTS_PER_CLIENT = Math.max(10, Math.round(REQUESTS_SEQUENTIAL / 6));
/** Each costly request takes up to seconds: fewer samples of each. */
const COSTLY_REQUESTS = Math.max(10, Math.round(REQUESTS_SEQUENTIAL / 10));

const QUERY = /* GraphQL */ `
  query BenchSearch($filter: ServiceFilter, $first: Int) {
    services(filter: $filter, sort: RELEVANCE, first: $first) {
      totalCount
      edges {
        cursor
        distanceMiles
        node { id name hourlyRatePence provider { id name isCooperative cqcRating } category { slug name } }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`;
/** The API's default radius is 10 miles; BENCH_RADIUS_MILES tries a wider one. */
const RADIUS_MILES = Number(process.env.BENCH_RADIUS_MILES ?? 10);
const VARIABLES = {
  first: 20,
  filter: { text: 'personal care', near: { postcode: 'HD1 2TA', radiusMiles: RADIUS_MILES }, cooperativesOnly: true },
};

/** Records the statements (with parameters) the app sends while capturing, to replay them directly. */
class CapturingLogger implements Logger {
  capturing = false;
  captured: { query: string; parameters: unknown[] }[] = [];
  logQuery(query: string, parameters?: unknown[]) {
    if (this.capturing) this.captured.push({ query, parameters: parameters ?? [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

/** CPU time (ms) used so far by this machine's PostgreSQL server processes; null where /proc cannot tell. */
function postgresCpuMs(): number | null {
  try {
    const tick = 1000 / 100; // USER_HZ is 100 on Linux
    let total = 0;
    let found = false;
    for (const pid of fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string;
      try {
        stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      } catch {
        continue;
      }
      const close = stat.lastIndexOf(')');
      if (stat.slice(stat.indexOf('(') + 1, close) !== 'postgres') continue;
      const fields = stat.slice(close + 2).split(' ');
      // utime and stime are fields 14 and 15 of /proc/PID/stat; fields here start at field 3.
      total += (Number(fields[11]) + Number(fields[12])) * tick;
      found = true;
    }
    return found ? total : null;
  } catch {
    return null;
  }
}

export type DirectorySearch = Awaited<ReturnType<typeof measureDirectorySearch>>;

export async function measureDirectorySearch() {
  const logger = new CapturingLogger();
  return withBenchDatabase('directory', { poolSize: 20, logger }, async (db, url) => {
    await seedGazetteer(db);
    const t0 = performance.now();
    const generated = await generateSyntheticDirectory(db, { providers: PROVIDERS, servicesPerProvider: SERVICES_PER_PROVIDER });
    console.log(
      `generated ${generated.services} services over ${generated.providers} providers in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );

    const services = createServices(db);
    const app = await createApp({ services, config: { publicRateLimitPerMinute: 1_000_000, nodeEnv: 'production' }, log: () => {} });
    const { server, url: base } = await app.listen(0, '127.0.0.1');
    const body = JSON.stringify({ query: QUERY, variables: VARIABLES });
    const request = async () => {
      const start = performance.now();
      const res = await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const json = (await res.json()) as { data?: { services: { totalCount: number; edges: unknown[] } }; errors?: unknown };
      const elapsed = performance.now() - start;
      if (!json.data || json.errors) throw new Error(`search failed: ${JSON.stringify(json.errors)}`);
      return { elapsed, json };
    };

    const first = await request();
    console.log(`search matches ${first.json.data!.services.totalCount} services; page of ${first.json.data!.services.edges.length}`);
    for (let i = 0; i < 50; i++) await request();

    logger.capturing = true;
    await request();
    logger.capturing = false;
    const statements = logger.captured;

    const target = { url: `${base}/graphql`, body };
    const sequentialRun = await runLoad({ ...target, clients: 1, requestsPerClient: REQUESTS_SEQUENTIAL });
    const serverBefore = performance.eventLoopUtilization();
    const postgresBefore = postgresCpuMs();
    const concurrentRun = await runLoad({ ...target, clients: CONCURRENCY, requestsPerClient: REQUESTS_PER_CLIENT });
    const serverCpuMs = performance.eventLoopUtilization(serverBefore).active;
    const postgresAfter = postgresCpuMs();
    const perRequest = (ms: number) => ms / concurrentRun.latenciesMs.length;
    const cpu = {
      server: perRequest(serverCpuMs),
      postgres: postgresBefore === null || postgresAfter === null ? null : perRequest(postgresAfter - postgresBefore),
      loadGenerator: perRequest(concurrentRun.clientCpuMs),
    };
    const sequential = sequentialRun.latenciesMs;
    const concurrent = concurrentRun.latenciesMs;
    const concurrentSeconds = concurrentRun.seconds;

    // The same statements, sent straight to PostgreSQL one after another on one connection.
    const direct = new Pool({ connectionString: url, max: 1 });
    direct.on('error', () => {});
    const sql: number[] = [];
    for (let i = 0; i < 20; i++) for (const s of statements) await direct.query(s.query, s.parameters);
    for (let i = 0; i < REQUESTS_SEQUENTIAL; i++) {
      const start = performance.now();
      for (const s of statements) await direct.query(s.query, s.parameters);
      sql.push(performance.now() - start);
    }
    await direct.end();

    const seq = summarise(sequential);
    const costliest = await measureCostliest(target.url, COSTLY_REQUESTS, seq.median);
    const conc = summarise(concurrent);
    const direct1 = summarise(sql);
    // The statement that does the searching (the others load the page's provider and category by id).
    const search = statements.find((s) => /directory_search|earth_box/.test(s.query)) ?? statements[0];
    const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${search.query}`, search.parameters);
    const planText = plan.map((r) => r['QUERY PLAN']).join('\n');
    const searchPlanMs = Number(/Execution Time: ([\d.]+) ms/.exec(planText)?.[1]);
    if (process.env.BENCH_EXPLAIN)
      console.log(
        `${statements.map((s) => s.query.slice(0, 160)).join('\n')}\n\n${search.query}\n${JSON.stringify(search.parameters)}\n${planText}`,
      );
    const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
    const result = {
      data: { providers: generated.providers, services: generated.services },
      statementsPerRequest: statements.length,
      http1: { median: seq.median, p95: seq.p95, n: seq.n },
      http16: { median: conc.median, p95: conc.p95, n: conc.n, requestsPerSecond: conc.n / concurrentSeconds },
      sql: { median: direct1.median, p95: direct1.p95, n: direct1.n },
      apiToSqlMedianRatio: seq.median / direct1.median,
      cpuMsPerRequestAt16: cpu,
      searchPlanMs,
      costliest,
    };
    const cores = os.cpus().length;
    const sharedCeiling = (cores * 1000) / (cpu.server + (cpu.postgres ?? 0) + cpu.loadGenerator);
    const postgresCpu = cpu.postgres === null ? 'n/a' : fmt(cpu.postgres);
    const cpuLine = `API process ${fmt(cpu.server)}, PostgreSQL ${postgresCpu}, load generator ${fmt(cpu.loadGenerator)}`;
    const corpus = `${generated.services} services, ${generated.providers} providers`;
    console.log(`
Directory search benchmark (${corpus}; text + near ${RADIUS_MILES} miles + cooperativesOnly, first 20)
  statements per request        ${result.statementsPerRequest}
  HTTP, 1 client                median ${fmt(seq.median)}   p95 ${fmt(seq.p95)}   (${seq.n} requests)
  HTTP, ${CONCURRENCY} concurrent clients    median ${fmt(conc.median)}   p95 ${fmt(conc.p95)}   \
(${conc.n} requests, ${result.http16.requestsPerSecond.toFixed(0)} req/s)
  same SQL run directly         median ${fmt(direct1.median)}   p95 ${fmt(direct1.p95)}
  API / SQL median ratio        ${result.apiToSqlMedianRatio.toFixed(2)}   (target < 3)
  p95 at ${CONCURRENCY} concurrent          ${fmt(conc.p95)}   (target < 50 ms)
  CPU per request at ${CONCURRENCY}          ${cpuLine}
                                (${cores} cores: at most ${sharedCeiling.toFixed(0)} req/s while all three share them)
  main search statement, EXPLAIN ANALYZE execution ${fmt(result.searchPlanMs)}`);
    const width = Math.max(...costliest.candidates.map((c) => c.name.length));
    const times = (t: { median: number; p95: number; ratio: number }) =>
      `median ${fmt(t.median)}   p95 ${fmt(t.p95)}   ${t.ratio.toFixed(1)} × the search above`;
    console.log(`
Costliest requests the query limits allow (${COSTLY_REQUESTS} sequential requests each; each accepted: data, no error)
${costliest.candidates.map((c) => `  ${c.name.padEnd(width)}   ${times(c)}`).join('\n')}
  ${"pen test's 4,000 aliased searches".padEnd(width)}   \
HTTP ${costliest.penTest.status} ${costliest.penTest.code}, ${times(costliest.penTest)}`);

    server.closeAllConnections();
    server.close();
    await app.apollo.stop();
    return result;
  });
}

export function describeDirectorySearch(r: DirectorySearch): { measure: string; value: string }[] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const cpu = r.cpuMsPerRequestAt16;
  return [
    { measure: 'statements per search', value: String(r.statementsPerRequest) },
    { measure: '1 client: p50 / p95', value: `${ms(r.http1.median)} / ${ms(r.http1.p95)}` },
    {
      measure: `${CONCURRENCY} clients: p50 / p95 (req/s)`,
      value: `${ms(r.http16.median)} / ${ms(r.http16.p95)} (${r.http16.requestsPerSecond.toFixed(0)})`,
    },
    {
      measure: `CPU per search at ${CONCURRENCY}: API / PostgreSQL`,
      value: `${ms(cpu.server)} / ${cpu.postgres === null ? 'n/a' : ms(cpu.postgres)}`,
    },
    { measure: 'API / SQL median ratio, 1 client', value: r.apiToSqlMedianRatio.toFixed(2) },
    { measure: 'search statement, EXPLAIN ANALYZE', value: ms(r.searchPlanMs) },
  ];
}

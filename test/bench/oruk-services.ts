import 'reflect-metadata';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import { type LoadRun, loadWithAutocannon } from './autocannon-load.js';
import { withBenchDatabase } from './bench-database.js';
import { startInstances } from './bench-instance.js';
import { generateSyntheticDirectory } from './synthetic-directory.js';

/**
 * The Open Referral UK list a partner's crawler pages through: `GET /oruk/services?per_page=50` over the
 * same 20,000 synthetic services as the directory search, from one app instance of its own process, at
 * 1 and 16 autocannon connections, each request the next of a mix of plain pages, text searches and
 * days open, so no two neighbours are the same query. Every answer must be a page of the profile's
 * shape: a 200 whose `contents` holds no more than 50 services.
 */
const PROVIDERS = Number(process.env.BENCH_PROVIDERS ?? 5000);
const REQUESTS = Number(process.env.BENCH_ORUK_REQUESTS ?? 400);
const SEARCHES = ['personal care', 'gardening', 'transport', 'respite', 'befriending', 'meals', 'advocacy', 'day activities'];
const DAYS = ['MO', 'TU', 'WE', 'TH', 'FR'];

/** The n-th query of the mix: pages 1–40 alone, then with a search, then with a search and a day. */
export function orukServicesPath(n: number): string {
  const page = 1 + (n % 40);
  const search = encodeURIComponent(SEARCHES[n % SEARCHES.length]);
  const query = [`per_page=50&page=${page}`, `per_page=50&page=${1 + (page % 3)}&search=${search}`];
  query.push(`${query[1]}&day=${DAYS[n % DAYS.length]}`);
  return `/oruk/services?${query[n % query.length]}`;
}

/** A JSON body whose `contents` holds at most 50 services; anything else, JSON or not, is a failed answer. */
export function isPage(body: string): boolean {
  try {
    const page = JSON.parse(body) as { contents?: unknown[] } | null;
    return Array.isArray(page?.contents) && page.contents.length <= 50;
  } catch {
    return false;
  }
}

export interface OrukServices {
  services: number;
  runs: LoadRun[];
}

export async function measureOrukServices(): Promise<OrukServices> {
  return withBenchDatabase('oruk', { poolSize: 2 }, async (db, databaseUrl) => {
    await seedGazetteer(db);
    const generated = await generateSyntheticDirectory(db, { providers: PROVIDERS, servicesPerProvider: 4 });
    const instances = await startInstances(databaseUrl, 1, 10);
    try {
      const runs: LoadRun[] = [];
      for (const connections of [1, 16]) {
        runs.push(
          await loadWithAutocannon({
            url: instances.urls,
            connections,
            amount: REQUESTS,
            request: (n) => ({ method: 'GET', path: orukServicesPath(n) }),
            check: (status, body) => {
              if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
              return isPage(body) ? null : `not a page: ${body.slice(0, 200)}`;
            },
          }),
        );
      }
      return { services: generated.services, runs };
    } finally {
      await instances.stop();
    }
  });
}

export function describeOrukServices(r: OrukServices): { measure: string; value: string }[] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return r.runs.map((run) => ({
    measure: `/oruk/services?per_page=50, ${run.connections} connection${run.connections > 1 ? 's' : ''}: p50 / p95 / p99 (req/s)`,
    value: `${ms(run.latencyMs.median)} / ${ms(run.latencyMs.p95)} / ${ms(run.latencyMs.p99)} (${run.requestsPerSecond.toFixed(0)})`,
  }));
}

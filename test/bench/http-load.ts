import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';

interface LoadJob {
  url: string;
  body: string;
  clients: number;
  requestsPerClient: number;
}

function percentile(sorted: number[], p: number): number {
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export type BenchAnswer = { data?: Record<string, any>; errors?: unknown[] };

/** One GraphQL operation over HTTP to the app under measure, as a client sends it, with a bearer token if given. */
export function graphQLOver(base: string) {
  return async (query: string, variables: unknown, token?: string): Promise<BenchAnswer> => {
    const res = await fetch(`${base}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as BenchAnswer;
  };
}

export function summarise(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  return { n: sorted.length, median: percentile(sorted, 50), p95: percentile(sorted, 95) };
}

/** How long `work` took, with what it returned, so a measurement can check the result of the run it timed. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export interface LoadResult {
  latenciesMs: number[];
  seconds: number;
  /** CPU the load generator's own thread used, in ms (event-loop busy time). */
  clientCpuMs: number;
}

/**
 * Sends the same POST from `clients` concurrent loops in a worker thread, so the load generator's own
 * work runs beside the server's event loop rather than on it.
 */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', (message: LoadResult | { error: string }) => {
      if ('error' in message) reject(new Error(message.error));
      else resolve(message);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}

async function load({ url, body, clients, requestsPerClient }: LoadJob): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const start = performance.now();
  const elu = performance.eventLoopUtilization();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = 0; i < requestsPerClient; i++) {
        const t = performance.now();
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const json = (await res.json()) as { data?: unknown; errors?: unknown };
        if (!json.data || json.errors) throw new Error(`request failed: ${JSON.stringify(json.errors)}`);
        latenciesMs.push(performance.now() - t);
      }
    }),
  );
  return { latenciesMs, seconds: (performance.now() - start) / 1000, clientCpuMs: performance.eventLoopUtilization(elu).active };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  load(workerData as LoadJob).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ error: String(error) }),
  );
}

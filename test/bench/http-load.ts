import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import autocannon from 'autocannon';

export interface LoadJob {
  url: string;
  /** One body sent every time, or `bodies`: a mix each request takes the next of, in turn across all connections. */
  body?: string;
  bodies?: string[];
  method?: 'GET' | 'POST';
  /** Concurrent connections, each sending its next request when its last is answered. */
  clients: number;
  /** Requests in all: clients × requestsPerClient. */
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
  return {
    n: sorted.length,
    median: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    p99: percentile(sorted, 99),
  };
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
  requestsPerSecond: number;
  /** CPU the load generator's own thread used, in ms. */
  clientCpuMs: number;
  /** CPU the rest of this process used meanwhile, in ms: the app's, when it runs in this process. */
  serverCpuMs: number;
}

interface WorkerAnswer {
  latenciesMs: number[];
  seconds: number;
  clientCpuMs: number;
}

/** CPU (user + system, ms) the calling thread has used, from /proc; USER_HZ is 100 on Linux. */
function threadCpuMs(): number {
  const stat = fs.readFileSync('/proc/thread-self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;

/**
 * Runs autocannon in a worker thread, so the load generator's work runs beside the server's event loop
 * rather than on it and its CPU can be told from the app's. Every answer must be a 2xx whose body is
 * JSON without `errors`: an error is not throughput, so one failed request fails the run.
 */
export function runLoad(job: LoadJob): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const before = process.cpuUsage();
    const worker = new Worker(new URL(import.meta.url), { workerData: job });
    worker.once('message', (message: WorkerAnswer | { error: string }) => {
      const processCpuMs = cpuMs(process.cpuUsage(before));
      void worker.terminate();
      if ('error' in message) return reject(new Error(message.error));
      resolve({
        ...message,
        requestsPerSecond: message.latenciesMs.length / message.seconds,
        serverCpuMs: Math.max(0, processCpuMs - message.clientCpuMs),
      });
    });
    worker.once('error', reject);
  });
}

/** A body the bench accepts: JSON, and no `errors` in it. */
function answered(body: string): boolean {
  try {
    const json = JSON.parse(body) as { errors?: unknown } | null;
    return json !== null && typeof json === 'object' && json.errors === undefined;
  } catch {
    return false;
  }
}

function load({ url, body, bodies, method = 'POST', clients, requestsPerClient }: LoadJob): Promise<WorkerAnswer> {
  const mix = bodies ?? (body === undefined ? [] : [body]);
  let next = 0;
  let refused: string | undefined;
  const latenciesMs: number[] = [];
  const cpuBefore = threadCpuMs();
  const start = performance.now();
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        connections: clients,
        amount: clients * requestsPerClient,
        timeout: 30,
        headers: { 'content-type': 'application/json' },
        requests: [
          {
            method,
            // A fresh body for every request, so a mix is spread across all connections.
            setupRequest: (request) => (mix.length === 0 ? request : { ...request, body: mix[next++ % mix.length] }),
          },
        ],
        verifyBody: (answer) => {
          const ok = answered(answer);
          if (!ok) refused ??= answer.slice(0, 500);
          return ok;
        },
      },
      (error, result) => {
        if (error) return reject(error);
        const failed = result.non2xx + result.errors + result.timeouts + result.mismatches;
        if (failed > 0) {
          const counts = `${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts, ${result.mismatches} with errors`;
          return reject(new Error(`${failed} of ${latenciesMs.length} requests failed (${counts}): ${refused ?? ''}`));
        }
        resolve({ latenciesMs, seconds: (performance.now() - start) / 1000, clientCpuMs: threadCpuMs() - cpuBefore });
      },
    );
    instance.on('response', (_client, _status, _bytes, ms) => latenciesMs.push(ms));
  });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  load(workerData as LoadJob).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ error: String(error) }),
  );
}

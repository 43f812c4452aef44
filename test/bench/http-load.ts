import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { graphQLFailure, loadWithAutocannon } from './autocannon-load.js';

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
 * rather than on it and its CPU can be told from the app's. Every answer must be GraphQL data without
 * errors (graphQLFailure): an error is not throughput, so one failed request fails the run.
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

/** In the worker: the job's requests, each the next body of its mix in turn across all connections. */
async function load({ url, body, bodies, method = 'POST', clients, requestsPerClient }: LoadJob): Promise<WorkerAnswer> {
  const mix = bodies ?? (body === undefined ? [] : [body]);
  const path = new URL(url).pathname;
  const headers = { 'content-type': 'application/json' };
  const cpuBefore = threadCpuMs();
  const run = await loadWithAutocannon({
    url,
    connections: clients,
    amount: clients * requestsPerClient,
    request: (n) => (mix.length === 0 ? { method, path, headers } : { method, path, headers, body: mix[n % mix.length] }),
    check: graphQLFailure,
  });
  return { latenciesMs: run.latenciesMs, seconds: run.seconds, clientCpuMs: threadCpuMs() - cpuBefore };
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  load(workerData as LoadJob).then(
    (result) => port.postMessage(result),
    (error: unknown) => port.postMessage({ error: String(error) }),
  );
}

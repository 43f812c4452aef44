import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { summarise } from './percentiles.js';

export interface LoadRun {
  connections: number;
  requests: number;
  seconds: number;
  requestsPerSecond: number;
  latencyMs: ReturnType<typeof summarise>;
  /** Every answer's latency, for callers that pool or compare runs. */
  latenciesMs: number[];
}

export interface OutgoingRequest {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/**
 * `amount` requests from `connections` autocannon connections (spread in turn over `url` when it names
 * several instances). `request(n)` builds the n-th request, so each can differ; `check` reads every
 * answer and says what is wrong with it, or null: a failed answer is not throughput, and one is enough
 * to fail the run, naming the first. The bench's only caller of autocannon: runLoad reaches it from a
 * worker thread.
 */
export async function loadWithAutocannon(options: {
  url: string | string[];
  connections: number;
  amount: number;
  request: (n: number) => OutgoingRequest;
  check: (status: number, body: string) => string | null;
}): Promise<LoadRun> {
  let built = 0;
  const failures: string[] = [];
  const latencies: number[] = [];
  const started = performance.now();
  const instance = autocannon({
    url: options.url,
    connections: options.connections,
    amount: options.amount,
    timeout: 30,
    requests: [
      {
        setupRequest: (request) => ({ ...request, ...options.request(built++) }),
        onResponse: (status, body) => {
          const wrong = options.check(status, body);
          if (wrong) failures.push(wrong);
        },
      },
    ],
  });
  instance.on('response', (_client, _status, _bytes, responseTimeMs) => latencies.push(responseTimeMs));
  const result = await instance;
  const seconds = (performance.now() - started) / 1000;
  if (failures.length || result.errors || result.timeouts) {
    throw new Error(
      `${failures.length} of ${latencies.length} answers failed, ${result.errors} connection errors, ${result.timeouts} timeouts` +
        (failures.length ? `; the first: ${failures[0]}` : ''),
    );
  }
  return {
    connections: options.connections,
    requests: latencies.length,
    seconds,
    requestsPerSecond: latencies.length / seconds,
    latencyMs: summarise(latencies),
    latenciesMs: latencies,
  };
}

/** A GraphQL answer's first error, or why the body is not GraphQL at all; null for data without errors. */
export function graphQLFailure(status: number, body: string): string | null {
  let json: { data?: unknown; errors?: { message?: string; extensions?: { code?: string } }[] };
  try {
    json = JSON.parse(body);
  } catch {
    return `HTTP ${status}, not JSON: ${body.slice(0, 200)}`;
  }
  if (status !== 200 || json.errors?.length || !json.data) {
    const error = json.errors?.[0];
    return `HTTP ${status} ${error?.extensions?.code ?? ''} ${error?.message ?? 'without data'}`;
  }
  return null;
}

import { RateLimiterMemory, RateLimiterPostgres, RateLimiterRes } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';

/** rate-limiter-flexible's table (migrations/1765000470000-SharedRateLimits.ts); each limiter's keys carry its prefix. */
export const RATE_LIMIT_TABLE = 'rate_limit';

export interface LimitOptions {
  /** Names the limiter; its keys are stored as `<keyPrefix>:<key>`. */
  keyPrefix: string;
  points: number;
  /** The window in seconds, starting with the first point a key spends. */
  duration: number;
  /**
   * Once a key is over its limit, this instance refuses it from memory until its window ends, so a
   * flood of refused requests costs PostgreSQL nothing. Not for limits that a block extends or a delete
   * lifts (the sign-in guard's): this instance would not see that.
   */
  refusesFromMemory?: boolean;
}

/** Sweeping the shared table once a process is enough; every limiter doing it would delete the same rows. */
const sweeping = new WeakSet<DataSource>();

/**
 * A limiter whose counts live in PostgreSQL, so every instance shares them; each count is one atomic
 * upsert. It uses TypeORM's pool directly (not TypeORM), so its statements stay out of the app's query
 * log. Should the database fail, each instance counts in memory instead (the insurance limiter): limits
 * then hold per instance rather than not at all, and the routes they guard need the database anyway.
 */
export function sharedLimiter(db: DataSource, { refusesFromMemory, ...options }: LimitOptions): RateLimiterPostgres {
  const sweeps = !sweeping.has(db);
  sweeping.add(db);
  return new RateLimiterPostgres({
    ...options,
    // The first refusal's count; the block lasts the rest of the key's window.
    ...(refusesFromMemory ? { inMemoryBlockOnConsumed: options.points + 1 } : {}),
    storeClient: db,
    storeType: 'typeorm',
    tableName: RATE_LIMIT_TABLE,
    // The table comes from a migration; the library would otherwise issue DDL at start-up.
    tableCreated: true,
    // Every five minutes, rows expired an hour ago go, so the table holds only live counts.
    clearExpiredByTimeout: sweeps,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/** What spending a point came to: the key's state, and whether it is over its limit. */
export interface Spent {
  state: RateLimiterRes;
  refused: boolean;
}

/** Waits for a consume; a key over its limit comes back refused instead of thrown, and errors are rethrown. */
export async function spent(consuming: Promise<RateLimiterRes>): Promise<Spent> {
  try {
    return { state: await consuming, refused: false };
  } catch (outcome) {
    if (outcome instanceof RateLimiterRes) return { state: outcome, refused: true };
    throw outcome;
  }
}

/** Whole seconds until a refused key may try again, at least one. */
export function secondsToWait(refusal: RateLimiterRes): number {
  return Math.max(1, Math.ceil(refusal.msBeforeNext / 1000));
}

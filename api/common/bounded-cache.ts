import { LRUCache } from 'lru-cache';
import type { DataSource, EntityManager, QueryRunner } from 'typeorm';

/** Hits and misses since start: for the bench (test/bench/directory-search.ts), never a public field. */
export interface CacheStatistics {
  hits: number;
  misses: number;
  size: number;
  max: number;
  /** Bytes the entries take, as the cache's byte bound estimates them; 0 without one. */
  bytes: number;
}

/** What a cache may also be bounded by: the bytes its entries take, as `bytes` estimates them. */
export interface ByteBound<V> {
  maxBytes: number;
  bytes: (value: V, key: string) => number;
}

/** Freezes a value and everything it holds, so no caller can change what the cache hands the next one. */
function deepFreeze<V>(value: V): V {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * A bounded LRU of values read from PostgreSQL, each kept at most `ttlMs` (which bounds how stale another
 * instance's write leaves it), at most `max` entries and, with `byteBound`, at most that many bytes.
 * Values are frozen, deeply, as they are stored: every caller shares them. `forget` empties it; a load
 * that began before a forget is not kept, so a value read before a write committed cannot outlive the
 * write here.
 */
export class LoadingCache<V extends object> {
  private readonly lru: LRUCache<string, V>;
  private generation = 0;
  private hits = 0;
  private misses = 0;

  constructor(
    private readonly max: number,
    ttlMs: number,
    byteBound?: ByteBound<V>,
  ) {
    this.lru = new LRUCache<string, V>({
      max,
      ttl: ttlMs,
      ...(byteBound ? { maxSize: byteBound.maxBytes, sizeCalculation: (value, key) => Math.max(1, byteBound.bytes(value, key)) } : {}),
    });
  }

  /** The value under `key`, else `load`'s, kept unless `keep` says it is not worth an entry. */
  async get(key: string, load: () => Promise<V>, keep: (value: V) => boolean = () => true): Promise<V> {
    const cached = this.lru.get(key);
    if (cached !== undefined) {
      this.hits++;
      return cached;
    }
    this.misses++;
    const generation = this.generation;
    const value = deepFreeze(await load());
    if (generation === this.generation && keep(value)) this.lru.set(key, value);
    return value;
  }

  forget(): void {
    this.generation++;
    this.lru.clear();
  }

  statistics(): CacheStatistics {
    return { hits: this.hits, misses: this.misses, size: this.lru.size, max: this.max, bytes: this.lru.calculatedSize };
  }
}

/**
 * Marks the transaction `em` runs in as having changed `topic` (a table group a cache reads), for
 * `onCommitOf`. Outside a transaction there is nothing to wait for: callers write in one.
 */
export function markChanged(em: EntityManager | QueryRunner, topic: string): void {
  const runner = 'data' in em ? em : em.queryRunner;
  if (runner) runner.data[topic] = true;
}

/**
 * Calls `listener` each time a transaction marked as changing `topic` commits on `db`: after COMMIT, so
 * a read the listener's cache then makes sees the write, however deeply the writer's transaction nests.
 */
export function onCommitOf(db: DataSource, topic: string, listener: () => void): void {
  db.subscribers.push({
    afterTransactionCommit({ queryRunner }) {
      // A nested unit's RELEASE SAVEPOINT also reports a commit; only the outermost COMMIT ends the transaction.
      if (!queryRunner.isTransactionActive && queryRunner.data?.[topic] === true) listener();
    },
  });
}

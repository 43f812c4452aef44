import type DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { UnitOfWork } from './unit-of-work.js';

/** Builds one loader for one request; the registry calls it at most once per request. */
export type LoaderFactory<K, V, C = K> = (registry: LoaderRegistry) => DataLoader<K, V, C>;

/**
 * Per-request loaders (as Parabol's RootDataLoader): created on first use, so a request pays only for
 * the loaders it touches, and shared by every resolver of the request, so a by-foreign-key loader can
 * prime the by-id loader with the rows it fetched.
 */
export class LoaderRegistry {
  private readonly loaders = new Map<LoaderFactory<never, unknown, never>, DataLoader<never, unknown, never>>();

  constructor(private readonly uow: UnitOfWork) {}

  /** Reads join the request's open transaction, if any, so a loader sees what the request wrote. */
  get db(): EntityManager {
    return this.uow.manager;
  }

  get<K, V, C = K>(factory: LoaderFactory<K, V, C>): DataLoader<K, V, C> {
    const key = factory as unknown as LoaderFactory<never, unknown, never>;
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = factory(this) as unknown as DataLoader<never, unknown, never>;
      this.loaders.set(key, loader);
    }
    return loader as unknown as DataLoader<K, V, C>;
  }
}

/** Orders rows to match the loader's keys, with null for a key that has no row. */
export function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

/** Groups rows under the loader's keys, with [] for a key that has none. */
export function groupByKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const row of rows) {
    const k = keyOf(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return keys.map((k) => map.get(k) ?? []);
}

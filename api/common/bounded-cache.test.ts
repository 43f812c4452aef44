import { describe, expect, test } from 'vitest';
import { LoadingCache } from './bounded-cache.js';

describe('LoadingCache', () => {
  test('holds at most its bound: the least recently used entry goes, and is loaded again when asked for', async () => {
    const cache = new LoadingCache<{ n: number }>(3, 60_000);
    const loads: string[] = [];
    const get = (key: string) =>
      cache.get(key, async () => {
        loads.push(key);
        return { n: loads.length };
      });
    for (const key of ['a', 'b', 'c', 'a', 'd', 'e']) await get(key);
    expect(cache.statistics()).toEqual({ hits: 1, misses: 5, size: 3, max: 3, bytes: 0 });
    await get('a');
    await get('b');
    expect(loads).toEqual(['a', 'b', 'c', 'd', 'e', 'b']);
  });

  test('an entry expires after its time to live', async () => {
    const cache = new LoadingCache<{ n: number }>(10, 20);
    let loads = 0;
    const get = () => cache.get('k', async () => ({ n: ++loads }));
    expect(await get()).toEqual({ n: 1 });
    expect(await get()).toEqual({ n: 1 });
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(await get()).toEqual({ n: 2 });
  });

  test('a value loaded while a forget happened is returned but not kept: it may predate the write', async () => {
    const cache = new LoadingCache<{ v: string }>(10, 60_000);
    let release!: () => void;
    const slow = cache.get('k', () => new Promise((resolve) => (release = () => resolve({ v: 'before the write' }))));
    cache.forget();
    release();
    expect(await slow).toEqual({ v: 'before the write' });
    expect(await cache.get('k', async () => ({ v: 'after the write' }))).toEqual({ v: 'after the write' });
  });

  test('with a byte bound, large values push out the least recently used however few entries there are', async () => {
    const cache = new LoadingCache<{ text: string }>(100, 60_000, { maxBytes: 1000, bytes: (v) => v.text.length });
    for (const key of ['a', 'b', 'c']) await cache.get(key, async () => ({ text: key.repeat(400) }));
    expect(cache.statistics()).toMatchObject({ size: 2, bytes: 800 });
    let loaded = false;
    await cache.get('a', async () => {
      loaded = true;
      return { text: 'a' };
    });
    expect(loaded).toBe(true);
  });

  test('hands out frozen values, so no caller can change what the next one is given', async () => {
    const cache = new LoadingCache<{ rows: { slug: string }[] }>(10, 60_000);
    const first = await cache.get('k', async () => ({ rows: [{ slug: 'respite' }] }));
    expect(() => {
      first.rows[0].slug = 'changed';
    }).toThrow(TypeError);
    expect(() => first.rows.push({ slug: 'more' })).toThrow(TypeError);
    expect(await cache.get('k', async () => ({ rows: [] }))).toEqual({ rows: [{ slug: 'respite' }] });
  });
});

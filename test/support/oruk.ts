import { expect } from 'vitest';
import type { OrukPage } from '../../api/oruk/oruk.types.js';
import type { TestApp } from '../harness.js';
import { orukSchemaErrors, type OrukSchemaName } from '../fixtures/oruk/schemas.js';
import { orukGet } from './search.js';

/** What an ORUK client (a council's compliance check) checks of every response. */

export type Page<T = Record<string, unknown>> = OrukPage<T>;

/** The paths of every null in a body (the profile wants absent, never null). */
export function nullsIn(value: unknown, path = '$'): string[] {
  if (value === null) return [path];
  if (Array.isArray(value)) return value.flatMap((v, i) => nullsIn(v, `${path}[${i}]`));
  if (typeof value === 'object' && value) return Object.entries(value).flatMap(([k, v]) => nullsIn(v, `${path}.${k}`));
  return [];
}

/** GETs and checks the body against the profile's schema, with the CORS header every response carries and no nulls. */
export async function getValid(t: TestApp, path: string, schema: OrukSchemaName): Promise<any> {
  const { res, body } = await orukGet(t, path);
  expect(res.status, `${path}: ${JSON.stringify(body).slice(0, 300)}`).toBe(200);
  expect(res.headers.get('access-control-allow-origin')).toBe('*');
  expect(orukSchemaErrors(schema, body), path).toEqual([]);
  expect(nullsIn(body), `${path} has nulls`).toEqual([]);
  return body;
}

/** Every page of a list, each valid, checking the paging fields of each against the total. */
export async function allPages(t: TestApp, path: string, schema: OrukSchemaName, perPage: number): Promise<any[]> {
  const sep = path.includes('?') ? '&' : '?';
  const first: Page = await getValid(t, `${path}${sep}per_page=${perPage}`, schema);
  const items = [...first.contents];
  const totalPages = Math.ceil(first.total_items / perPage);
  expect(first.total_pages).toBe(totalPages);
  for (let n = 2; n <= totalPages; n++) {
    const page: Page = await getValid(t, `${path}${sep}per_page=${perPage}&page=${n}`, schema);
    expect(page).toMatchObject({
      page_number: n,
      first_page: false,
      last_page: n === totalPages,
      total_items: first.total_items,
      empty: false,
    });
    expect(page.size).toBe(page.contents.length);
    items.push(...page.contents);
  }
  expect(items).toHaveLength(first.total_items);
  return items;
}

import { ArgsType, Field, Int, ObjectType, type ClassType } from 'type-graphql';
import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { InputException, InputExceptionCode } from './exceptions.js';
import { isUuid } from './ids.js';
import { textInputProblem } from './text-input.js';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

@ObjectType({ description: 'Where a page of a Relay connection sits in the whole list.' })
export class PageInfo {
  @Field(() => Boolean, { description: 'Whether more items follow this page: ask again with `after: endCursor` for them.' })
  hasNextPage: boolean;

  @Field(() => Boolean, { description: 'Always false: these connections page forwards only.' })
  hasPreviousPage: boolean;

  @Field(() => String, { nullable: true, description: 'The cursor of the page’s first edge; null when the page is empty.' })
  startCursor: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The cursor of the page’s last edge, to pass as `after` for the next page; null when the page is empty.',
  })
  endCursor: string | null;
}

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: `How many items, 0 to ${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE}).` })
  first?: number | null;

  @Field(() => String, { nullable: true, description: 'The endCursor of the previous page.' })
  after?: string | null;
}

/** Validated page size: BAD_USER_INPUT outside 0..100. */
export function pageSize(first: number | null | undefined): number {
  if (first === null || first === undefined) return DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(first) || first < 0 || first > MAX_PAGE_SIZE) {
    throw new InputException(InputExceptionCode.INVALID_INPUT, `"first" must be between 0 and ${MAX_PAGE_SIZE}.`, { argument: 'first' });
  }
  return first;
}

/**
 * Cursors are opaque to clients: base64url of a JSON array holding the sort key of the last row seen
 * (keyset pagination, so pages never repeat or skip rows while the order holds), tagged with the sort
 * so a cursor from one ordering cannot be replayed against another.
 */
export function encodeCursor(sort: string, key: readonly (string | number | null)[]): string {
  return Buffer.from(JSON.stringify([sort, ...key])).toString('base64url');
}

/**
 * What one part of a cursor's key must be. Each goes back to PostgreSQL as a parameter, cast by the
 * caller: a crafted cursor must fail as bad input, not as SQL.
 * - `uuid`: a row's id;
 * - `sequence`: a positive whole number (a bigserial id);
 * - `timestamp`: UTC to the microsecond, as PostgreSQL prints it (a JavaScript Date would drop digits);
 * - `string`, `number`, `number|null`: a sort value.
 */
export type CursorKeyKind = 'string' | 'number' | 'number|null' | 'uuid' | 'sequence' | 'timestamp';

const CURSOR_KEY_CHECKS: Record<CursorKeyKind, (value: unknown) => boolean> = {
  string: (v) => typeof v === 'string' && textInputProblem(v) === null,
  number: (v) => Number.isFinite(v),
  'number|null': (v) => v === null || Number.isFinite(v),
  uuid: (v) => typeof v === 'string' && isUuid(v),
  sequence: (v) => Number.isSafeInteger(v) && (v as number) >= 1,
  timestamp: (v) => typeof v === 'string' && isCursorTime(v),
};

export function decodeCursor(cursor: string, sort: string, shape: readonly CursorKeyKind[]): (string | number | null)[] {
  const invalid = () =>
    new InputException(InputExceptionCode.INVALID_CURSOR, '"after" is not a cursor this list gave out.', { argument: 'after' });
  let parsed: unknown;
  try {
    if (cursor.length > 1024) throw invalid();
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== shape.length + 1 || parsed[0] !== sort) throw invalid();
  const key = parsed.slice(1);
  if (!key.every((value, i) => CURSOR_KEY_CHECKS[shape[i]!](value))) throw invalid();
  return key;
}

/**
 * A timestamp PostgreSQL will accept: `Date.parse` rolls 2023-02-30 over to March and takes year 0000,
 * both of which PostgreSQL refuses, so the date must read back unchanged and be in year 1 or later.
 */
function isCursorTime(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(value)) return false;
  const date = new Date(`${value.slice(0, 23)}Z`);
  return !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.toISOString() === `${value.slice(0, 23)}Z`;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

/** Builds a page from rows fetched with LIMIT first + 1, the extra row telling whether there is a next page. */
export function toConnection<Row, E extends Edge<unknown>>(
  rows: Row[],
  first: number,
  totalCount: number,
  toEdge: (row: Row) => E,
): { edges: E[]; pageInfo: PageInfo; totalCount: number } {
  const edges = rows.slice(0, first).map(toEdge);
  return {
    edges,
    totalCount,
    pageInfo: {
      hasNextPage: rows.length > first,
      hasPreviousPage: false,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}

/**
 * A page of the query's rows ordered by a timestamp column and then by uuid `id`. Cursors keep the
 * timestamp to the microsecond: a JavaScript Date would drop the last three digits, and rows made in the
 * same millisecond would then be skipped.
 */
export async function pageByTimeAndId<T extends ObjectLiteral & { id: string }>(
  qb: SelectQueryBuilder<T>,
  page: { sort: string; column: string; order: 'ASC' | 'DESC'; first: number | null | undefined; after: string | null | undefined },
) {
  const size = pageSize(page.first);
  const alias = qb.alias;
  const time = `${alias}.${page.column}`;
  const totalCount = await qb.clone().getCount();
  if (page.after) {
    const [at, id] = decodeCursor(page.after, page.sort, ['timestamp', 'uuid']);
    qb.andWhere(`(${time}, ${alias}.id) ${page.order === 'DESC' ? '<' : '>'} (CAST(:cursorAt AS timestamptz), CAST(:cursorId AS uuid))`, {
      cursorAt: at,
      cursorId: id,
    });
  }
  qb.addSelect(`to_char(${time} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_time');
  const { entities, raw } = await qb
    .orderBy(time, page.order)
    .addOrderBy(`${alias}.id`, page.order)
    .limit(size + 1)
    .getRawAndEntities<Record<string, string>>();
  const times = new Map(raw.map((r) => [r[`${alias}_id`], r.cursor_time]));
  return toConnection(entities, size, totalCount, (node) => ({ cursor: encodeCursor(page.sort, [times.get(node.id)!, node.id]), node }));
}

/** A Relay connection type over an edge type: `edges`, `pageInfo`, `totalCount`. */
export function ConnectionType<E extends object>(edgeType: ClassType<E>) {
  @ObjectType()
  abstract class Connection {
    @Field(() => [edgeType], { description: 'This page’s items in the list’s order, each with its cursor; at most `first` of them.' })
    edges: E[];

    @Field(() => PageInfo, { description: 'Whether more items follow, and the cursors to ask for them with.' })
    pageInfo: PageInfo;

    @Field(() => Int, { description: 'How many items match, across all pages.' })
    totalCount: number;
  }
  return Connection;
}

/** A Relay edge type: `cursor` and `node`; subclasses add edge facts such as `distanceMiles`. */
export function EdgeType<T extends object>(nodeType: ClassType<T>) {
  @ObjectType()
  abstract class EdgeBase {
    @Field(() => String, {
      description: 'Opaque: pass as `after` for the items after this one. Good only for the same list in the same order.',
    })
    cursor: string;

    @Field(() => nodeType, { description: 'The item at this place in the list.' })
    node: T;
  }
  return EdgeBase;
}

import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import type { LoaderFactory } from '../common/loaders.js';
import type { CarePlanChange } from './care-plan-content.js';
import type { CommentRow, ProposalRow } from './care-plan-records.entity.js';
import type { ProposalStatus } from './careplans.enums.js';

/**
 * Pages of a plan's proposals and comments, batched: every plan (or goal) asking for the same page in one
 * request is answered by one statement, which also counts each list (a lateral page and count per key).
 */

const TIME = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

export interface PageRequest {
  first?: number | null;
  after?: string | null;
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  totalCount: number;
}

/** Keys asking for the same page (same filters and arguments) are read together; each group is one statement. */
function pagedLoader<K extends PageRequest, R extends { id: string; cursor_time: string; total: number }, N>(
  db: EntityManager,
  sort: string,
  groupOf: (key: K) => string,
  read: (db: EntityManager, keys: readonly K[], size: number, cursor: [string, string] | null) => Promise<(R & { key_index: number })[]>,
  toNode: (record: R) => N,
): DataLoader<K, Page<N>, string> {
  return new DataLoader(
    async (keys) => {
      const groups = new Map<string, number[]>();
      keys.forEach((k, i) => {
        groups.set(groupOf(k), [...(groups.get(groupOf(k)) ?? []), i]);
      });
      const pages: Page<N>[] = new Array(keys.length);
      for (const indexes of groups.values()) {
        const sample = keys[indexes[0]!]!;
        const size = pageSize(sample.first);
        const cursor = sample.after ? (decodeCursor(sample.after, sort, ['timestamp', 'uuid']) as [string, string]) : null;
        const rows = await read(
          db,
          indexes.map((i) => keys[i]!),
          size,
          cursor,
        );
        indexes.forEach((keyIndex, j) => {
          const mine = rows.filter((r) => r.key_index === j + 1);
          const total = mine[0]?.total ?? 0;
          const found = mine.filter((r) => r.id !== null);
          pages[keyIndex] = toConnection(found, size, total, (r) => ({
            cursor: encodeCursor(sort, [r.cursor_time, r.id]),
            node: toNode(r),
          }));
        });
      }
      return pages;
    },
    { cacheKeyFn: (k) => JSON.stringify(k), cache: false },
  );
}

/** A proposal as the statement reads it: the table's columns, and the page's bookkeeping. */
interface ProposalRecord {
  id: string;
  plan_id: string;
  base_version: number;
  changes: CarePlanChange[];
  comment: string | null;
  proposed_by_id: string | null;
  proposed_at: Date;
  status: ProposalStatus;
  decided_by_id: string | null;
  decided_at: Date | null;
  reason: string | null;
  resulting_version: number | null;
  cursor_time: string;
  total: number;
}

export interface ProposalsKey extends PageRequest {
  planId: string;
  status?: ProposalStatus | null;
}

/** A plan's proposals, newest first, optionally of one status. */
export const proposalsByPlan: LoaderFactory<ProposalsKey, Page<ProposalRow>, string> = ({ db }) =>
  pagedLoader(
    db,
    'proposals',
    (k) => JSON.stringify([k.status ?? null, k.first ?? null, k.after ?? null]),
    (em, keys, size, cursor) =>
      em.query(
        `SELECT k.key_index::int AS key_index, c.total, q.*, to_char(q.proposed_at AT TIME ZONE 'UTC', ${TIME}) AS cursor_time
           FROM unnest($1::uuid[]) WITH ORDINALITY AS k(plan_id, key_index)
          CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM care_plan_proposal
                               WHERE plan_id = k.plan_id AND ($2::text IS NULL OR status = $2)) c
           LEFT JOIN LATERAL (SELECT * FROM care_plan_proposal
                               WHERE plan_id = k.plan_id AND ($2::text IS NULL OR status = $2)
                                 AND ($3::timestamptz IS NULL OR (proposed_at, id) < ($3::timestamptz, $4::uuid))
                               ORDER BY proposed_at DESC, id DESC LIMIT $5) q ON true`,
        [keys.map((k) => k.planId), keys[0]!.status ?? null, cursor?.[0] ?? null, cursor?.[1] ?? null, size + 1],
      ) as Promise<(ProposalRecord & { key_index: number })[]>,
    (r): ProposalRow => ({
      id: r.id,
      planId: r.plan_id,
      baseVersion: r.base_version,
      changes: r.changes,
      comment: r.comment,
      proposedById: r.proposed_by_id,
      proposedAt: r.proposed_at,
      status: r.status,
      decidedById: r.decided_by_id,
      decidedAt: r.decided_at,
      reason: r.reason,
      resultingVersion: r.resulting_version,
    }),
  );

/** A comment as the statement reads it: the table's columns, and the page's bookkeeping. */
interface CommentRecord {
  id: string;
  plan_id: string;
  goal_id: string | null;
  body: string;
  author_id: string | null;
  created_at: Date;
  cursor_time: string;
  total: number;
}

export interface CommentsKey extends PageRequest {
  planId: string;
  /** A goal's comments; null for the plan's own. */
  goalId: string | null;
}

/** Comments on a plan (goalId null) or on one of its goals, oldest first. */
export const commentsOf: LoaderFactory<CommentsKey, Page<CommentRow>, string> = ({ db }) =>
  pagedLoader(
    db,
    'comments',
    (k) => JSON.stringify([k.first ?? null, k.after ?? null]),
    (em, keys, size, cursor) =>
      em.query(
        `SELECT k.key_index::int AS key_index, c.total, q.*, to_char(q.created_at AT TIME ZONE 'UTC', ${TIME}) AS cursor_time
           FROM unnest($1::uuid[], $2::uuid[]) WITH ORDINALITY AS k(plan_id, goal_id, key_index)
          CROSS JOIN LATERAL (SELECT count(*)::int AS total FROM care_plan_comment
                               WHERE plan_id = k.plan_id AND goal_id IS NOT DISTINCT FROM k.goal_id) c
           LEFT JOIN LATERAL (SELECT * FROM care_plan_comment
                               WHERE plan_id = k.plan_id AND goal_id IS NOT DISTINCT FROM k.goal_id
                                 AND ($3::timestamptz IS NULL OR (created_at, id) > ($3::timestamptz, $4::uuid))
                               ORDER BY created_at ASC, id ASC LIMIT $5) q ON true`,
        [keys.map((k) => k.planId), keys.map((k) => k.goalId), cursor?.[0] ?? null, cursor?.[1] ?? null, size + 1],
      ) as Promise<(CommentRecord & { key_index: number })[]>,
    (r): CommentRow => ({ id: r.id, planId: r.plan_id, goalId: r.goal_id, body: r.body, authorId: r.author_id, createdAt: r.created_at }),
  );

import DataLoader from 'dataloader';
import { type EntityManager, In } from 'typeorm';
import { decodeCursor, type Edge, encodeCursor, toConnection } from '../common/connection.js';
import { groupByKey, type LoaderFactory } from '../common/loaders.js';
import { type Match, readMatches } from './help-matching.js';
import { HelpOffer, HelpRequest } from './help.entity.js';

/** A member's offers, newest first, withdrawn ones included. Not cached: offerHelp and withdrawHelpOffer change them. */
export const offersByMemberId: LoaderFactory<string, HelpOffer[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db.getRepository(HelpOffer).find({ where: { memberId: In([...ids]) }, order: { createdAt: 'DESC', id: 'ASC' } }),
        (o) => o.memberId,
      ),
    { cache: false },
  );

/** The requests for a member's help, newest first, closed ones included. Not cached: they move on within a request. */
export const requestsByMemberId: LoaderFactory<string, HelpRequest[]> = ({ db }) =>
  new DataLoader(
    async (ids) =>
      groupByKey(
        ids,
        await db.getRepository(HelpRequest).find({ where: { memberId: In([...ids]) }, order: { createdAt: 'DESC', id: 'ASC' } }),
        (r) => r.memberId,
      ),
    { cache: false },
  );

export interface MatchesKey {
  requestId: string;
  first: number;
}

/**
 * The offers that fit a request: one statement per distinct `first` in the query (usually one), whatever the
 * number of requests. Not cached: offers and checks change within a request.
 */
export const matchesByRequest: LoaderFactory<MatchesKey, Match[], string> = ({ db }) =>
  new DataLoader(
    async (keys) => {
      const byFirst = new Map<number, Promise<Map<string, Match[]>>>();
      for (const first of new Set(keys.map((k) => k.first)))
        byFirst.set(
          first,
          readMatches(
            db,
            keys.filter((k) => k.first === first).map((k) => k.requestId),
            first,
          ),
        );
      return Promise.all(keys.map(async (k) => (await byFirst.get(k.first)!).get(k.requestId)!));
    },
    { cache: false, cacheKeyFn: (k) => `${k.requestId}:${k.first}` },
  );

export interface HelpingWithKey {
  memberId: string;
  /** Already checked by pageSize. */
  first: number;
  after: string | null;
}

export type HelpingWithPage = ReturnType<typeof toConnection<HelpRequest, Edge<HelpRequest>>>;

const HELPING_WITH_SORT = 'helpingWith';

/**
 * The requests each member is the accepted helper of: ACCEPTED soonest first, then DONE newest first. The order
 * is one ascending key (ACCEPTED before DONE, then the start's microseconds, negated for DONE, then id), so a
 * cursor is a keyset and pages neither repeat nor skip. Three statements per distinct page asked for, whatever
 * the number of members. Not cached: accepting and leaving change them within a request.
 */
export const helpingWithByMember: LoaderFactory<HelpingWithKey, HelpingWithPage, string> = ({ db }) =>
  new DataLoader(
    async (keys) => {
      const pages = new Map<string, Promise<Map<string, HelpingWithPage>>>();
      for (const key of keys) {
        const args = `${key.first}:${key.after ?? ''}`;
        if (pages.has(args)) continue;
        const memberIds = [...new Set(keys.filter((k) => `${k.first}:${k.after ?? ''}` === args).map((k) => k.memberId))];
        pages.set(args, readHelpingWith(db, memberIds, key.first, key.after));
      }
      return Promise.all(keys.map(async (k) => (await pages.get(`${k.first}:${k.after ?? ''}`)!).get(k.memberId)!));
    },
    { cache: false, cacheKeyFn: (k) => `${k.memberId}:${k.first}:${k.after ?? ''}` },
  );

async function readHelpingWith(
  db: EntityManager,
  memberIds: string[],
  first: number,
  after: string | null,
): Promise<Map<string, HelpingWithPage>> {
  const cursor = after ? decodeCursor(after, HELPING_WITH_SORT, ['number', 'number', 'uuid']) : [null, null, null];
  const rows: { id: string; helper_member_id: string; rank: number; k: string }[] = await db.query(
    `WITH helping AS (
       SELECT r.id, r.helper_member_id, CASE WHEN r.status = 'ACCEPTED' THEN 0 ELSE 1 END AS rank,
         ((CASE WHEN r.status = 'ACCEPTED' THEN 1 ELSE -1 END) * floor(extract(epoch FROM r.starts_at) * 1000000))::bigint AS k
       FROM time_bank_request r WHERE r.helper_member_id = ANY($1::uuid[]) AND r.status IN ('ACCEPTED', 'DONE')),
     page AS (
       SELECT h.*, row_number() OVER (PARTITION BY h.helper_member_id ORDER BY h.rank, h.k, h.id) AS n FROM helping h
       WHERE $2::int IS NULL OR (h.rank, h.k, h.id) > ($2::int, $3::bigint, $4::uuid))
     SELECT id, helper_member_id, rank, k::text AS k FROM page WHERE n <= $5 ORDER BY helper_member_id, n`,
    [memberIds, cursor[0], cursor[1], cursor[2], first + 1],
  );
  const [requests, counted] = await Promise.all([
    rows.length ? db.getRepository(HelpRequest).findBy({ id: In(rows.map((r) => r.id)) }) : [],
    db.query(
      `SELECT helper_member_id, count(*)::int AS total FROM time_bank_request
       WHERE helper_member_id = ANY($1::uuid[]) AND status IN ('ACCEPTED', 'DONE') GROUP BY helper_member_id`,
      [memberIds],
    ) as Promise<{ helper_member_id: string; total: number }[]>,
  ]);
  const byId = new Map(requests.map((r) => [r.id, r]));
  const totals = new Map(counted.map((c) => [c.helper_member_id, c.total]));
  return new Map(
    memberIds.map((memberId) => {
      const mine = rows.filter((r) => r.helper_member_id === memberId);
      return [
        memberId,
        toConnection(mine, first, totals.get(memberId) ?? 0, (row) => ({
          cursor: encodeCursor(HELPING_WITH_SORT, [row.rank, Number(row.k), row.id]),
          node: byId.get(row.id)!,
        })),
      ];
    }),
  );
}

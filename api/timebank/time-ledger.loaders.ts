import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, type LoaderFactory } from '../common/loaders.js';
import { Exchange, TimeTransfer } from './exchange.entity.js';
import { readPoolBalances, readTimeBalances, type TimeBalance } from './time-ledger.service.js';

/** Not cached: a mutation earlier in the request may have moved time. */
export const timeBalanceByMemberId: LoaderFactory<string, TimeBalance | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await readTimeBalances(db, ids), (b) => b.memberId), { cache: false });

export const poolBalanceByProviderId: LoaderFactory<string, number> = ({ db }) =>
  new DataLoader(
    async (ids) => {
      const pools = await readPoolBalances(db, ids);
      return ids.map((id) => pools.get(id) ?? 0);
    },
    { cache: false },
  );

/** Not cached: confirming changes an exchange within the request. */
export const exchangeById: LoaderFactory<string, Exchange | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(Exchange).findBy({ id: In([...ids]) }), (x) => x.id), { cache: false });

export const transferById: LoaderFactory<string, TimeTransfer | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(TimeTransfer).findBy({ id: In([...ids]) }), (x) => x.id));

/**
 * The other member of a ledger line, by the line's id: for help, who was helped (the helper's lines) or who
 * helped (HELP_RECEIVED); for a gift, the giver or the given; null for the pool's lines. One statement for
 * every line of a page, whether of help or of a gift, so a page's names cost the same whatever its mix.
 */
export const otherMemberIdByEntryId: LoaderFactory<string, string | null> = ({ db }) =>
  new DataLoader(async (ids) => {
    const rows: { id: string; other: string | null }[] = await db.query(
      `SELECT e.id, CASE
           WHEN e.exchange_id IS NOT NULL THEN CASE WHEN e.kind = 'HELP_RECEIVED' THEN x.helper_member_id ELSE x.receiver_member_id END
           WHEN tr.kind = 'GIFT' THEN CASE WHEN tr.from_member_id = e.member_id THEN tr.to_member_id ELSE tr.from_member_id END
         END AS other
       FROM time_bank_ledger_entry e
       LEFT JOIN time_bank_exchange x ON x.id = e.exchange_id
       LEFT JOIN time_bank_transfer tr ON tr.id = e.transfer_id
       WHERE e.id = ANY($1::uuid[])`,
      [ids],
    );
    const other = new Map(rows.map((r) => [r.id, r.other]));
    return ids.map((id) => other.get(id) ?? null);
  });

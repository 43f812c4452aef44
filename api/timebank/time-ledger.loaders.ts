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

import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, type LoaderFactory } from '../common/loaders.js';
import { TimeBank } from './time-bank.entity.js';

/** Co-ops' time banks by provider id; null for a co-op with none. Not cached: updateTimeBankRules changes them. */
export const timeBankByProviderId: LoaderFactory<string, TimeBank | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(TimeBank).findBy({ providerId: In([...ids]) }), (b) => b.providerId), {
    cache: false,
  });

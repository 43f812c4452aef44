import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, type LoaderFactory } from '../common/loaders.js';
import { TimeBankMember } from './time-bank.entity.js';

/** The members whose claims a page lists, one statement for the page: whose name each claim shows. */
export const claimantById: LoaderFactory<string, TimeBankMember | null> = ({ db }) =>
  new DataLoader(async (ids) => byKey(ids, await db.getRepository(TimeBankMember).findBy({ id: In([...ids]) }), (m) => m.id));

import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { groupByKey, type LoaderFactory } from '../common/loaders.js';
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

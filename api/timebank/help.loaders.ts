import DataLoader from 'dataloader';
import { In } from 'typeorm';
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

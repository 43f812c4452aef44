import type express from 'express';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { Actor } from '../auth/actor.js';
import { actorOf } from '../auth/http-auth.js';
import { clientAddress, clientAddressKey } from '../common/client-address.js';
import { secondsToWait, sharedLimiter, spent } from '../common/rate-limiter.js';
import type { Config } from '../config.js';
import { sendOperationOutcome } from './operation-outcome.js';
import { sendGraphQLRefusal, sendProblem } from './problem.js';

export type RateLimitConfig = Pick<Config, 'publicRateLimitPerMinute' | 'credentialRateLimitPerMinute'>;

/** How a route says "too many requests": in GraphQL's response shape, as an RFC 9457 problem, or as a FHIR OperationOutcome. */
export type RefusalShape = 'graphql' | 'problem' | 'fhir';

interface Limit {
  name: string;
  limiter: RateLimiterPostgres;
}

/**
 * The request budgets, counted per minute in the shared PostgreSQL table so every instance draws on the
 * same ones. Every request that reaches the database counts against its client address (an IPv6 client
 * by its /64); on /graphql a request whose credential authenticates counts against that API key or
 * person instead, with its own, larger budget, so a charity's server behind one address is not held to
 * one address's share. CORS preflights count against nothing.
 */
export function createRateLimits(db: DataSource, config: RateLimitConfig) {
  const perAddress: Limit = {
    name: 'address',
    limiter: sharedLimiter(db, { keyPrefix: 'address', points: config.publicRateLimitPerMinute, duration: 60, refusesFromMemory: true }),
  };
  const perCredential: Limit = {
    name: 'credential',
    limiter: sharedLimiter(db, {
      keyPrefix: 'credential',
      points: config.credentialRateLimitPerMinute,
      duration: 60,
      refusesFromMemory: true,
    }),
  };
  const addressOf = (req: express.Request) => clientAddressKey(clientAddress(req));

  return {
    /** Counts the request against its client address; over the budget, answers 429 in the route's shape. */
    perAddress(shape: RefusalShape): express.RequestHandler {
      return async (req, res, next) => {
        if (req.method === 'OPTIONS') return next();
        if (await admitted(perAddress, addressOf(req), res, shape)) next();
      };
    },
    /**
     * After authentication: a request with a credential counts against it, and the point its address
     * spent (perAddress ran first, before the credential was checked) is given back. A request the
     * credential's budget refuses keeps its address's point, so a key past its budget runs out of addresses too.
     */
    perCredential(): express.RequestHandler {
      return async (req, res, next) => {
        const key = credentialKey(actorOf(res));
        if (!key) return next();
        if (!(await admitted(perCredential, key, res, 'graphql'))) return;
        await perAddress.limiter.reward(addressOf(req));
        next();
      };
    },
  };
}

/** An API key's own budget; a person's, whether signed in or acting through a widget. */
function credentialKey(actor: Actor): string | null {
  if (actor.kind === 'partner') return `key:${actor.apiKeyId}`;
  if (actor.kind === 'person' || actor.kind === 'widget') return `person:${actor.personId}`;
  return null;
}

/** Spends one point of the key's budget and says so in RateLimit headers; over the budget, answers 429 with Retry-After. */
async function admitted({ name, limiter }: Limit, key: string, res: express.Response, shape: RefusalShape): Promise<boolean> {
  const { state, refused } = await spent(limiter.consume(key));
  // IETF draft-ietf-httpapi-ratelimit-headers: the policy (quota q per window w seconds) and what is left of it.
  res.set('RateLimit-Policy', `"${name}";q=${limiter.points};w=${limiter.duration}`);
  res.set('RateLimit', `"${name}";r=${state.remainingPoints};t=${secondsToWait(state)}`);
  if (!refused) return true;
  const seconds = secondsToWait(state);
  res.set('Retry-After', String(seconds));
  const message = `Too many requests; try again in ${seconds} s.`;
  if (shape === 'graphql') sendGraphQLRefusal(res, 'RATE_LIMITED', message);
  else if (shape === 'fhir') sendOperationOutcome(res, 429, message);
  else sendProblem(res, 429, 'Too many requests', message);
  return false;
}

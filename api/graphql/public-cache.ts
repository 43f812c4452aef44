import type { ApolloServerPlugin } from '@apollo/server';
import cors from 'cors';
import type express from 'express';
import { credentialsOf } from '../auth/http-auth.js';
import type { Context } from '../context.js';
import { sendGraphQLError, sendGraphQLRefusal } from '../http/problem.js';
import type { TrustedDocuments } from './trusted-documents.js';

/**
 * A public directory read by a widget's operation id: browsers keep it a minute, shared caches (a CDN)
 * five, so a provider's edit shows everywhere within five minutes while a busy search page costs the
 * API one request per address and five minutes.
 */
export const PUBLIC_READ_CACHE_CONTROL = 'public, max-age=60, s-maxage=300';
/**
 * The answer depends on the URL, on the media type asked for (Apollo answers `application/json` or
 * `application/graphql-response+json`) and on whether a credential came: a cache must not hand the
 * public answer to a request that carries one, nor the reverse.
 */
export const PUBLIC_READ_VARY = 'Accept, Authorization, X-Api-Key';

function hasCredential(req: express.Request): boolean {
  const { authorization, apiKey } = credentialsOf(req);
  return authorization !== undefined || apiKey !== undefined;
}

/**
 * CORS for /graphql. Any origin may ask (the directory is public); authenticateRequests then refuses a
 * credential used from an origin it was not issued for, so a credentialed answer names the asking origin.
 * A GET with no credential is a public read whose answer is the same for every page: `*` lets one cached
 * copy serve every partner's site, where naming the origin would make a CDN keep one per site.
 */
export function graphQLCors(): express.RequestHandler {
  const named = cors({ origin: true, methods: ['GET', 'POST', 'OPTIONS'], maxAge: 600 });
  const anyone = cors({ origin: '*', methods: ['GET', 'POST', 'OPTIONS'], maxAge: 600 });
  return (req, res, next) => (req.method === 'GET' && !hasCredential(req) ? anyone : named)(req, res, next);
}

/**
 * Every /graphql answer starts as `no-store`, so the ones refused before Apollo answers (bad variables,
 * Accept, a bad credential, the rate limit's 429, a 503 while stopping or without a database) are never
 * kept: a CDN that caches what it is not told otherwise would hand one address's 429 to every resident.
 * publicReadCachePlugin relaxes it for public reads; no-store.ts makes a credential's `private, no-store`.
 */
export function noStoreByDefault(): express.RequestHandler {
  return (_req, res, next) => {
    res.set('Cache-Control', 'no-store');
    next();
  };
}

/** What a GET to /graphql carries in its address (the GraphQL over HTTP spec's parameters). */
const GET_PARAMETERS = new Set(['query', 'operationName', 'variables', 'extensions']);

/**
 * A CDN keys a public read by its URL, so each read must have one: a parameter GraphQL ignores (a
 * `&x=1`), a name given twice, or another path Express mounts here (`/graphql/x`, `/GRAPHQL`) would let
 * anyone mint endless URLs for the same read, each a miss that reaches coopcare and a copy the CDN keeps.
 */
export function oneAddressPerRead(): express.RequestHandler {
  return (req, res, next) => {
    const [path = '', search = ''] = req.originalUrl.split('?', 2);
    if (path !== '/graphql') return sendGraphQLRefusal(res, 'NOT_FOUND', 'There is no GraphQL endpoint here: send requests to /graphql.');
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const names = [...new URLSearchParams(search).keys()];
    if (names.every((name, i) => GET_PARAMETERS.has(name) && names.indexOf(name) === i)) return next();
    const message = 'A GET to /graphql carries only query, operationName, variables and extensions, each at most once.';
    sendGraphQLError(res, 400, 'BAD_REQUEST', message);
  };
}

/**
 * Cache-Control for GET /graphql (POST answers are not cached by anyone). A trusted public directory read
 * (by the widgets' operation id, not by a name any client may give its own query) asked with no
 * credential and answered without errors may be kept by shared caches; any other GET may not be stored,
 * so a cache in front of coopcare never keeps what it was not told it may. Credentialed answers are
 * already `private, no-store` (no-store.ts), and every other answer `no-store` (noStoreByDefault).
 */
export function publicReadCachePlugin(trusted: TrustedDocuments): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request }) {
      if (request.http?.method !== 'GET') return;
      return {
        async willSendResponse({ contextValue, response }) {
          if (contextValue.actor.kind !== 'anonymous') return;
          const id = request.extensions?.persistedQuery?.sha256Hash;
          const clean = response.body.kind === 'single' && !response.body.singleResult.errors;
          if (clean && typeof id === 'string' && trusted.publicReadIds.has(id)) {
            response.http.headers.set('cache-control', PUBLIC_READ_CACHE_CONTROL);
            // Appended: what another plugin said the answer varies by still holds.
            const vary = response.http.headers.get('vary');
            response.http.headers.set('vary', vary ? `${vary}, ${PUBLIC_READ_VARY}` : PUBLIC_READ_VARY);
          } else {
            // Not left to noStoreByDefault: Apollo's PERSISTED_QUERY_NOT_FOUND sets its own `private, no-cache`.
            response.http.headers.set('cache-control', 'no-store');
          }
        },
      };
    },
  };
}

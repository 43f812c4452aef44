import type { ApolloServerPlugin } from '@apollo/server';
import cors from 'cors';
import type express from 'express';
import type { Context } from '../context.js';
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

const hasCredential = (req: express.Request) => req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;

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
 * Cache-Control for GET /graphql (POST answers are not cached by anyone). A trusted public directory read
 * (by the widgets' operation id, not by a name any client may give its own query) asked with no
 * credential and answered without errors may be kept by shared caches; any other GET may not be stored,
 * so a cache in front of coopcare never keeps what it was not told it may. Credentialed answers are
 * already `private, no-store` (no-store.ts).
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
            response.http.headers.set('vary', PUBLIC_READ_VARY);
          } else {
            response.http.headers.set('cache-control', 'no-store');
          }
        },
      };
    },
  };
}

import type express from 'express';
import { DomainException } from '../common/exceptions.js';
import { sendGraphQLRefusal } from '../http/problem.js';
import { ANONYMOUS, type Actor } from './actor.js';
import type { AuthenticationService, Credentials } from './authentication.service.js';

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** What a request presents to authenticate with: its bearer token or API key, and the page's origin. */
export function credentialsOf(req: express.Request): Credentials {
  return { authorization: single(req.headers.authorization), apiKey: single(req.headers['x-api-key']), origin: single(req.headers.origin) };
}

/**
 * Resolves the request's credentials (bearer token or X-Api-Key) to an actor before GraphQL runs, and
 * refuses a credential used from a web origin it was not issued for: the CORS rule for authenticated
 * requests. A request refused for its origin gets no Access-Control-Allow-Origin, so the page cannot read even the error.
 */
export function authenticateRequests(authentication: AuthenticationService): express.RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.actor = await authentication.authenticate(credentialsOf(req));
      next();
    } catch (error) {
      if (!(error instanceof DomainException && error.failure)) return next(error);
      // A page may read that its token is bad or expired (it then refreshes or signs in again); only a
      // credential refused for the page's origin is kept from the page, error and all.
      if (error.failure === 'FORBIDDEN') res.removeHeader('Access-Control-Allow-Origin');
      sendGraphQLRefusal(res, error.failure, error.message);
    }
  };
}

export function actorOf(res: express.Response): Actor {
  return (res.locals.actor as Actor | undefined) ?? ANONYMOUS;
}

import type express from 'express';
import { ApiError } from '../common/errors.js';
import type { AccountsService } from '../accounts/accounts.service.js';
import { ANONYMOUS, type Actor } from './actor.js';

const STATUS: Record<string, number> = { UNAUTHENTICATED: 401, FORBIDDEN: 403, RATE_LIMITED: 429 };

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/**
 * Resolves the request's credentials (bearer token or X-Api-Key) to an actor before GraphQL runs, and
 * refuses a credential used from a web origin it was not issued for: the CORS rule for authenticated
 * requests. A refused request gets no Access-Control-Allow-Origin, so the page cannot read even the error.
 */
export function authenticateRequests(accounts: AccountsService): express.RequestHandler {
  return async (req, res, next) => {
    try {
      res.locals.actor = await accounts.authenticate({
        authorization: single(req.headers.authorization),
        apiKey: single(req.headers['x-api-key']),
        origin: single(req.headers.origin),
        selfOrigin: `${req.protocol}://${req.get('host') ?? ''}`,
      });
      next();
    } catch (error) {
      if (!(error instanceof ApiError)) return next(error);
      const code = String(error.extensions.code);
      res.removeHeader('Access-Control-Allow-Origin');
      res.status(STATUS[code] ?? 400).json({ errors: [{ message: error.message, extensions: { code } }] });
    }
  };
}

export function actorOf(res: express.Response): Actor {
  return (res.locals.actor as Actor | undefined) ?? ANONYMOUS;
}

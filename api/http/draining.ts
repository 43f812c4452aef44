import type express from 'express';
import { sendGraphQLRefusal, sendProblem } from './problem.js';

/** Seconds a client refused while an instance stops should wait: a load balancer needs about that to send it elsewhere. */
const RETRY_AFTER_SECONDS = 5;

export interface Draining {
  /** Refuses every request but /healthz once stopping has begun; counts the ones let through until they end. */
  gate: express.RequestHandler;
  /**
   * Stopping begins: new requests get 503 and every connection closes after its response, the ones under
   * way included. Resolves once no request is under way.
   */
  begin(): Promise<void>;
}

/**
 * `corsOf` gives the CORS handler of each route prefix whose cross-origin clients must be able to read the refusal.
 *
 * An instance that is stopping still holds its clients' keep-alive connections: requests on them are
 * answered 503 SERVICE_UNAVAILABLE (in GraphQL's shape on /graphql) with `Connection: close`, so the
 * client's next try opens a connection that the load balancer gives to another instance.
 */
export function createDraining(corsOf: Record<string, express.RequestHandler> = {}): Draining {
  let stopping = false;
  const underWay = new Set<express.Response>();
  let allEnded: (() => void) | undefined;
  const ended = (res: express.Response) => {
    underWay.delete(res);
    if (stopping && underWay.size === 0) allEnded?.();
  };
  return {
    gate(req, res, next) {
      if (stopping) {
        res.set('Connection', 'close');
        // Liveness holds while stopping: the process is fine, and finishing its work.
        if (req.path === '/healthz') return next();
        const under = (prefix: string) => req.path === prefix || req.path.startsWith(`${prefix}/`);
        const refuse = () => {
          res.set('Retry-After', String(RETRY_AFTER_SECONDS));
          const message = 'This instance of coopcare is stopping: send the request again.';
          if (under('/graphql')) sendGraphQLRefusal(res, 'SERVICE_UNAVAILABLE', message);
          else sendProblem(res, 503, 'Service Unavailable', message);
        };
        // The route's own CORS first, so a page on another origin can read the 503 rather than meet a network error.
        const cors = Object.entries(corsOf).find(([prefix]) => under(prefix))?.[1];
        if (cors) return cors(req, res, refuse);
        refuse();
        return;
      }
      underWay.add(res);
      res.once('close', () => ended(res));
      next();
    },
    begin() {
      stopping = true;
      for (const res of underWay) if (!res.headersSent) res.set('Connection', 'close');
      return new Promise<void>((resolve) => {
        allEnded = resolve;
        if (underWay.size === 0) resolve();
      });
    },
  };
}

import express from 'express';
import ipaddr from 'ipaddr.js';
import type { Config } from '../config.js';
import { devMailPage } from './dev-mail-page.js';
import type { OutboxService } from './outbox.service.js';

/** How many messages the page shows. */
const SHOWN = 100;

/**
 * /dev/mail exists only where no mail leaves: without SMTP_URL, outside production (which refuses to
 * start without SMTP_URL anyway). It shows every message's words, links with their tokens included, so
 * only to this computer (`fromThisComputer`).
 */
export function servesDevMail(config: Pick<Config, 'smtpUrl' | 'nodeEnv'>): boolean {
  return !config.smtpUrl && config.nodeEnv !== 'production';
}

/**
 * A request from this computer: its socket's peer is a loopback address and no proxy relayed it. The
 * socket, not X-Forwarded-For or `req.ip`, which a client or a trusted proxy's header chooses; and a
 * proxy on this computer (its socket is loopback too) relays anyone's request, so a relayed one is not.
 */
export function fromThisComputer(req: {
  socket: { remoteAddress?: string | undefined };
  headers: Record<string, string | string[] | undefined>;
}): boolean {
  const address = req.socket.remoteAddress ?? '';
  if (req.headers['x-forwarded-for'] !== undefined || req.headers.forwarded !== undefined) return false;
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

export function createDevMailRouter(options: { outbox: OutboxService; limiter: express.RequestHandler }): express.Router {
  const router = express.Router();
  // A deployment that forgot both SMTP_URL and NODE_ENV would otherwise show every reset link to anyone;
  // to anyone else the page does not exist, the same 404 as any unknown path.
  router.use((req, _res, next) => next(fromThisComputer(req) ? undefined : 'router'));
  router.get('/mail', options.limiter, async (_req, res, next) => {
    // The page holds sign-in links: no cache may keep it.
    res.set('Cache-Control', 'no-store');
    try {
      res.type('html').send(devMailPage(await options.outbox.latest(SHOWN), SHOWN));
    } catch (error) {
      next(error);
    }
  });
  return router;
}

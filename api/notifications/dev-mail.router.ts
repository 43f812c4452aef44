import express from 'express';
import type { Config } from '../config.js';
import { devMailPage } from './dev-mail-page.js';
import type { OutboxService } from './outbox.service.js';

/** How many messages the page shows. */
const SHOWN = 100;

/**
 * /dev/mail exists only where no mail leaves: without SMTP_URL, outside production (which refuses to
 * start without SMTP_URL anyway). It shows every message's words, links with their tokens included.
 */
export function servesDevMail(config: Pick<Config, 'smtpUrl' | 'nodeEnv'>): boolean {
  return !config.smtpUrl && config.nodeEnv !== 'production';
}

export function createDevMailRouter(options: { outbox: OutboxService; limiter: express.RequestHandler }): express.Router {
  const router = express.Router();
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

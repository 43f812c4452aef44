import express from 'express';
import { sendProblem } from '../http/problem.js';
import { type CalendarService, isCalendarToken } from './calendar.service.js';

export interface CalendarRouterOptions {
  calendar: CalendarService;
  /** The public API's rate limiter: a calendar app polls, and a guesser is held to the same budget. */
  limiter: express.RequestHandler;
}

/**
 * `GET /calendar/{token}.ics`: no bearer token (calendar apps cannot send one), the secret in the path is
 * the credential. A malformed address is 400 before any lookup; an unknown or revoked one is the same 404,
 * and any other path a 404 problem.
 * Answers never echo the address, and the request log redacts it (api/common/logger.ts).
 */
export function createCalendarRouter({ calendar, limiter }: CalendarRouterOptions): express.Router {
  const router = express.Router();
  router.use(limiter);
  router.get('/:file', async (req, res, next) => {
    try {
      res.set('Cache-Control', 'private, no-store');
      const token = /^(.*)\.ics$/.exec(String(req.params.file))?.[1];
      if (!token || !isCalendarToken(token))
        return sendProblem(res, 400, 'Bad request', 'A calendar address is /calendar/<the secret coopcare gave you>.ics.');
      const feed = await calendar.feed(token);
      if (feed === null) return sendProblem(res, 404, 'Not found', 'No calendar is at this address; it may have been revoked.');
      res.type('text/calendar; charset=utf-8').send(feed);
    } catch (error) {
      next(error);
    }
  });
  router.use((_req, res) => sendProblem(res, 404, 'Not found', 'A calendar address is /calendar/<the secret coopcare gave you>.ics.'));
  return router;
}

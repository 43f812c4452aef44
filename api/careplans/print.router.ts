import { STATUS_CODES } from 'node:http';
import express from 'express';
import { sendProblem } from '../http/problem.js';
import { carePlanPrintPage } from './print-page.js';
import { PlanRefusal, type PlanRouterOptions, planDocumentFor } from './plan-route.js';

/**
 * `GET /care-plans/{id}/print` (`?version=N` for an earlier version): the printed plan, for whoever may read
 * the plan (plan-route.ts), its read audited with via `print`. Never cached; the content security policy
 * allowing the page's one stylesheet is security-headers.ts's `printPage`. Failures are RFC 9457 problems.
 */
export function createPrintRouter(options: PlanRouterOptions): express.Router {
  const router = express.Router();
  router.get('/:id/print', options.limiter, async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    try {
      const answer = await planDocumentFor(req, res, options, 'print');
      if (answer instanceof PlanRefusal) {
        const errors = answer.parameter ? [{ parameter: answer.parameter, message: answer.message }] : undefined;
        return sendProblem(res, answer.status, STATUS_CODES[answer.status] ?? 'Error', answer.message, errors);
      }
      res.type('html').send(carePlanPrintPage(answer));
    } catch (error) {
      next(error);
    }
  });
  router.use((_req, res) => sendProblem(res, 404, 'Not found', 'The printed plan is at /care-plans/<id>/print.'));
  return router;
}

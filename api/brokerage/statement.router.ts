import { STATUS_CODES } from 'node:http';
import express from 'express';
import type { AuthenticationService } from '../auth/authentication.service.js';
import { credentialsOf } from '../auth/http-auth.js';
import { DomainException } from '../common/exceptions.js';
import { isUuid } from '../common/ids.js';
import { databaseException } from '../db/database.exception.js';
import { sendProblem, STATUS_OF } from '../http/problem.js';
import type { BudgetStatements } from './budget-statement.js';

export interface StatementRouterOptions {
  authentication: AuthenticationService;
  statements: BudgetStatements;
  /** The public rate limiter, answering 429 as a problem. */
  limiter: express.RequestHandler;
}

/**
 * `GET /exports/budgets/{id}/statement.csv`: a budget's statement for whoever may view the budget, with
 * the bearer token of a signed-in person or widget session (401 without one, 403 for someone else's
 * budget, 404 for an unknown one or any other address, 400 for an id that is not one). Failures are RFC 9457 problems.
 */
export function createStatementRouter({ authentication, statements, limiter }: StatementRouterOptions): express.Router {
  const router = express.Router();
  router.get('/budgets/:id/statement.csv', limiter, async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    try {
      const actor = await authentication.authenticate(credentialsOf(req));
      const id = String(req.params.id);
      if (!isUuid(id)) {
        sendProblem(res, 400, 'Bad request', 'A budget id is a UUID.', [{ parameter: 'id', message: 'must be a UUID' }]);
        return;
      }
      const { filename, body } = await statements.csv({ actor, requestId: String(req.id) }, id.toLowerCase());
      res.set('Content-Disposition', `attachment; filename="${filename}"`);
      res.type('text/csv; charset=utf-8').send(body);
    } catch (error) {
      // A database fault goes to the shared handler, which logs it and says when to try again (Retry-After).
      if (!(error instanceof DomainException && error.failure) || databaseException(error)) return next(error);
      const status = STATUS_OF[error.failure];
      if (status === 401) res.set('WWW-Authenticate', 'Bearer');
      sendProblem(res, status, STATUS_CODES[status] ?? error.failure, error.message);
    }
  });
  // Anything else here is a problem too, not the app's plain 404.
  router.use((_req, res) => sendProblem(res, 404, 'Not found', 'The only export is /exports/budgets/<id>/statement.csv.'));
  return router;
}

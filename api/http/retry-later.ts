import type express from 'express';
import type { Logger } from '../common/logger.js';
import { Deadline, withinDeadline } from '../common/deadline.js';
import { DatabaseException, DatabaseExceptionCode, databaseException } from '../db/database.exception.js';
import { sendGraphQLError, sendProblem, STATUS_OF } from './problem.js';

/** GraphQL's response shape (on /graphql) or an RFC 9457 problem (everywhere else). */
export type RetryLaterShape = 'graphql' | 'problem';

/** 503 with Retry-After: the database is unreachable, or the request ran out of time; the same request may succeed later. */
export function sendRetryLater(res: express.Response, error: DatabaseException, shape: RetryLaterShape): void {
  const status = STATUS_OF[error.failure];
  const retryAfterSeconds = error.details.retryAfterSeconds ?? 1;
  res.set('Retry-After', String(retryAfterSeconds));
  if (shape === 'graphql') {
    sendGraphQLError(res, status, error.failure, error.message, { retryAfterSeconds });
  } else {
    sendProblem(res, status, 'Service unavailable', error.message);
  }
}

/** One warning a request: a database fault is the operator's to see, not an internal error of the code. */
export function warnRetryLater(logger: Logger, error: DatabaseException): void {
  logger.warn({ event: 'database_refusal', code: error.code, dbCode: error.dbCode }, 'request refused: database unavailable or too slow');
}

/** Express's error handler for database faults met outside GraphQL's execution (a credential's look-up, a REST route). */
export function retryLaterOnDatabaseFaults(logger: Logger, shape: RetryLaterShape): express.ErrorRequestHandler {
  return (error, _req, res, next) => {
    const refusal = databaseException(error);
    if (!refusal || res.headersSent) return next(error);
    warnRetryLater(logger, refusal);
    sendRetryLater(res, refusal, shape);
  };
}

/** Where `requestDeadline` leaves the deadline for `underRequestDeadline`. */
const DEADLINE = 'requestDeadline';

/**
 * The request's deadline, counted from its arrival: put this first, before anything that may wait on the
 * database (the rate limiter). If no answer has gone when it passes, the client is told TIMEOUT then.
 * Whatever the abandoned work later tries to write to the response is discarded: the client has its
 * answer, and a second one would throw on headers already sent. The work runs under the deadline (the
 * unit of work begins and commits nothing after it, and no statement outlasts it) from
 * `underRequestDeadline` on.
 */
export function requestDeadline(timeoutMs: number, shape: RetryLaterShape, logger: Logger): express.RequestHandler {
  return (_req, res, next) => {
    const deadline = new Deadline(Date.now() + timeoutMs);
    const timer = setTimeout(() => {
      if (res.headersSent || !deadline.expire()) return;
      const timeout = new DatabaseException(DatabaseExceptionCode.DEADLINE_PASSED);
      warnRetryLater(logger, timeout);
      sendRetryLater(res, timeout, shape);
      discardLaterWrites(res);
    }, timeoutMs);
    res.once('close', () => clearTimeout(timer));
    res.locals[DEADLINE] = deadline;
    withinDeadline(deadline, next);
  };
}

/**
 * Runs the rest of the request under the deadline `requestDeadline` started. Needed after a body parser,
 * whose stream events AsyncLocalStorage does not follow. A request the timer has answered goes no further.
 */
export function underRequestDeadline(): express.RequestHandler {
  return (_req, res, next) => {
    const deadline = res.locals[DEADLINE] as Deadline | undefined;
    if (!deadline) return next();
    if (deadline.answeredByTimer) return;
    withinDeadline(deadline, next);
  };
}

function discardLaterWrites(res: express.Response): void {
  const ignored = () => res;
  Object.assign(res, {
    setHeader: ignored,
    appendHeader: ignored,
    removeHeader: ignored,
    writeHead: ignored,
    write: () => true,
    end: ignored,
  });
}

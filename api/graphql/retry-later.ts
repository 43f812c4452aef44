import type { ApolloServerPlugin } from '@apollo/server';
import { currentDeadline } from '../common/deadline.js';
import type { Logger } from '../common/logger.js';
import type { Context } from '../context.js';
import { DatabaseException } from '../db/database.exception.js';
import { STATUS_OF } from '../http/problem.js';
import { warnRetryLater } from '../http/retry-later.js';
import { rootCause } from './errors.js';

/**
 * An operation that ran answers 200, but one that produced nothing because the database was unreachable
 * or too slow answers 503 with Retry-After, so that load balancers, proxies and plain HTTP clients see a
 * failure to retry rather than a success with errors. Such a request is logged once, as a warning.
 */
export function retryLaterPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ response, errors }) {
          // Already answered and logged by the deadline's timer; this response goes nowhere.
          if (currentDeadline()?.answeredByTimer) return;
          const refusals = (errors ?? []).map(rootCause).filter((e): e is DatabaseException => e instanceof DatabaseException);
          if (refusals.length === 0 || response.body.kind !== 'single') return;
          warnRetryLater(logger, refusals[0]!);
          const { data } = response.body.singleResult;
          const nothingAnswered = data == null || Object.values(data).every((value) => value === null);
          if (!nothingAnswered || refusals.length !== errors?.length) return;
          const failure = refusals[0]!.failure;
          response.http.status = STATUS_OF[failure];
          response.http.headers.set('retry-after', String(Math.max(...refusals.map((r) => r.details.retryAfterSeconds ?? 1))));
        },
      };
    },
  };
}

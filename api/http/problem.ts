import type express from 'express';
import type { ClientFailure } from '../common/exceptions.js';

/**
 * The one table of HTTP statuses. Policy (README, "Errors and HTTP statuses"): a request refused before
 * it runs (bad credential, wrong origin, malformed or too costly a query, bad variables, too many
 * requests) gets the status of its failure; a GraphQL operation that ran answers 200, its failures listed
 * in `errors[].extensions.code` or as result-union members, since one response may hold data beside them.
 */
export const STATUS_OF: Record<ClientFailure, number> = {
  BAD_USER_INPUT: 400,
  QUERY_TOO_COMPLEX: 400,
  INVALID_POSTCODE: 400,
  POSTCODE_NOT_FOUND: 400,
  PLACE_NOT_FOUND: 400,
  AMBIGUOUS_PLACE: 400,
  UNKNOWN_NEED: 400,
  UNKNOWN_LANGUAGE: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  // Brokerage's expected failures: the request was understood, but the state of things refuses it.
  INSUFFICIENT_BUDGET: 409,
  NOT_BOOKABLE: 409,
  WORKER_UNAVAILABLE: 409,
  TOO_LATE_TO_CANCEL: 409,
  OUTSIDE_SERVICE_AREA: 422,
  VISIT_IN_THE_PAST: 422,
  VISIT_TOO_SHORT: 422,
  VISITS_OVERLAP: 422,
  OUTSIDE_BUDGET_PERIOD: 422,
  // The time bank's: an account short of minutes, a helper without a check in date for the help.
  INSUFFICIENT_TIME_CREDIT: 409,
  BACKGROUND_CHECK_REQUIRED: 409,
  // Governance's: a second vote, a vote after the close, a vote from someone not entitled to cast it.
  ALREADY_VOTED: 409,
  VOTING_CLOSED: 409,
  NOT_ENTITLED_TO_VOTE: 403,
  // An emailed link that no longer works, a password the policy refuses.
  INVALID_TOKEN: 400,
  WEAK_PASSWORD: 422,
  // Not the client's fault: the same request may succeed when retried (Retry-After says when).
  SERVICE_UNAVAILABLE: 503,
  TIMEOUT: 503,
};

/** An RFC 9457 problem; `errors` names each offending parameter. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /**
   * `candidates`: the places an ambiguous place name may mean (AMBIGUOUS_PLACE), each with the name that
   * picks it; `suggestions`: the known names nearest an unknown one (PLACE_NOT_FOUND).
   */
  errors?: { parameter: string; message: string; candidates?: readonly object[]; suggestions?: readonly string[] }[];
}

export function sendProblem(res: express.Response, status: number, title: string, detail: string, errors?: Problem['errors']): void {
  const body: Problem = { type: 'about:blank', title, status, detail, ...(errors ? { errors } : {}) };
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

/**
 * An answer on the GraphQL endpoint given before GraphQL runs, in GraphQL's response shape. `code` is a
 * string, not a ClientFailure: a request Express cannot read at all (BAD_REQUEST) has no domain failure.
 */
export function sendGraphQLError(
  res: express.Response,
  status: number,
  code: string,
  message: string,
  extensions?: Record<string, unknown>,
): void {
  res.status(status).json({ errors: [{ message, extensions: { code, ...extensions } }] });
}

/** A refusal on the GraphQL endpoint before GraphQL runs, with the status of its failure. */
export function sendGraphQLRefusal(res: express.Response, failure: ClientFailure, message: string): void {
  sendGraphQLError(res, STATUS_OF[failure], failure, message);
}

/**
 * The body parser refuses a body that is too large (413) or not JSON (400) before GraphQL sees it; a
 * GraphQL client is told so in GraphQL's response shape, like every other refusal on that endpoint.
 */
export function graphQLBodyRefusals(): express.ErrorRequestHandler {
  return (error, _req, res, next) => {
    const status = clientErrorStatus(error);
    if (status === null) return next(error);
    const message = status === 413 ? 'The request body is too large.' : 'The request body could not be read as JSON.';
    sendGraphQLError(res, status, 'BAD_REQUEST', message);
  };
}

/**
 * The 4xx status Express or its body parser gave an error it raised for the request itself (a body too
 * large or not JSON, a path that cannot be percent-decoded), or null for anything else.
 */
export function clientErrorStatus(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : null;
}

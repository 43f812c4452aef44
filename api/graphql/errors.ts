import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { DomainException } from '../common/exceptions.js';
import { databaseException } from '../db/database.exception.js';
import { STATUS_OF } from '../http/problem.js';

/** Codes that Apollo and graphql-js give to errors in the request itself; safe to pass on. */
const REQUEST_ERROR_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'BAD_REQUEST',
]);

/**
 * graphql-js's words when it stops parsing at parseOptions.maxTokens (api/graphql/limits.ts): the
 * document is too large, not malformed, and says so with the code of every other size limit.
 */
const TOKEN_LIMIT = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/**
 * graphql-js's guess at a misspelt name, which spells out the schema's names. Apollo's
 * hideSchemaDetailsFromClientErrors strips it from validation errors only, not from variables'.
 */
const SUGGESTION = / ?Did you mean .+\?$/;

/**
 * Apollo refuses a few malformed requests (a persisted query of an unknown version, or whose hash is not
 * its text's) with a 4xx status of their own but no code: the client's mistake, not an internal error.
 */
function refusedByApollo(error: unknown): boolean {
  if (!(error instanceof GraphQLError) || error.originalError) return false;
  const status = (error.extensions.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500;
}

export type ErrorLog = (entry: Record<string, unknown>) => void;

/**
 * graphql-js and Apollo wrap what a resolver or scalar threw, sometimes twice; the cause is innermost.
 * A database fault (unreachable, a statement timed out) is told as the DatabaseException it stands for.
 */
export function rootCause(error: unknown): unknown {
  let cause = error;
  while (cause instanceof GraphQLError && cause.originalError) cause = cause.originalError;
  return databaseException(cause) ?? cause;
}

function extensionsOf(error: DomainException): Record<string, unknown> {
  return { code: error.failure, ...error.details };
}

/**
 * A domain exception that refuses the whole request before execution (a plugin's check): it carries
 * its HTTP status, which Apollo sets on the response and strips from the body.
 */
export function refusal(error: DomainException): GraphQLError {
  return new GraphQLError(error.message, {
    originalError: error,
    extensions: { ...extensionsOf(error), http: { status: error.failure ? STATUS_OF[error.failure] : 500 } },
  });
}

/**
 * Apollo's formatError, the one place GraphQL errors are shaped: a domain exception the client can act
 * on becomes its client code (with the argument at fault); a request error passes; anything else becomes
 * a bare INTERNAL_SERVER_ERROR and is logged by class, domain code and database error code only, so
 * neither the client nor the log sees a stack, SQL or the personal data a message might carry.
 */
export function makeFormatError(log: ErrorLog, options: { hideSuggestions?: boolean } = {}) {
  const shown = (message: string) => (options.hideSuggestions ? message.replace(SUGGESTION, '') : message);
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = rootCause(error);
    if (original instanceof DomainException && original.failure) {
      return { message: shown(original.message), locations: formatted.locations, path: formatted.path, extensions: extensionsOf(original) };
    }
    const code = formatted.extensions?.code;
    const tokens = code === 'GRAPHQL_PARSE_FAILED' ? TOKEN_LIMIT.exec(formatted.message) : null;
    if (tokens) return { message: `This query is too large: more than ${tokens[1]} tokens.`, extensions: { code: 'QUERY_TOO_COMPLEX' } };
    if (error instanceof GraphQLError && typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { message: shown(formatted.message), locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
    if (refusedByApollo(error)) return { message: formatted.message, extensions: { code: 'BAD_REQUEST' } };
    log({
      event: 'internal_error',
      errorClass: original instanceof Error ? original.constructor.name : typeof original,
      domainCode: original instanceof DomainException ? original.code : undefined,
      dbCode: (original as { code?: unknown })?.code ?? undefined,
      path: formatted.path?.join('.'),
    });
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { Field, InterfaceType, registerEnumType } from 'type-graphql';

/**
 * Codes of the expected failures a mutation reports as a member of its result union. Partners branch
 * on these, so a code once published is never renamed.
 */
export enum ErrorCode {
  INSUFFICIENT_BUDGET = 'INSUFFICIENT_BUDGET',
  OUTSIDE_SERVICE_AREA = 'OUTSIDE_SERVICE_AREA',
  WORKER_UNAVAILABLE = 'WORKER_UNAVAILABLE',
  INVALID_POSTCODE = 'INVALID_POSTCODE',
  POSTCODE_NOT_FOUND = 'POSTCODE_NOT_FOUND',
  CONFLICT = 'CONFLICT',
  NOT_BOOKABLE = 'NOT_BOOKABLE',
  TOO_LATE_TO_CANCEL = 'TOO_LATE_TO_CANCEL',
}
registerEnumType(ErrorCode, { name: 'ErrorCode', description: 'Why an operation could not do what was asked.' });

@InterfaceType({ description: 'An expected failure, returned as a member of a result union.' })
export abstract class ErrorResult {
  @Field(() => ErrorCode)
  code: ErrorCode;

  @Field(() => String, { description: 'A sentence a person can read; do not parse it.' })
  message: string;
}

/** `extensions.code` values of GraphQL errors. */
export type ApiErrorCode =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  | ErrorCode;

/** An error the client caused and can act on: passed to the client as it is. */
export class ApiError extends GraphQLError {
  constructor(code: ApiErrorCode, message: string, extra: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extra, code } });
  }
}

export const badUserInput = (message: string, argument?: string) =>
  new ApiError('BAD_USER_INPUT', message, argument ? { argument } : {});
export const unauthenticated = (message = 'Sign in to do this.') => new ApiError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this.') => new ApiError('FORBIDDEN', message);
export const notFound = (message: string) => new ApiError('NOT_FOUND', message);

/**
 * Base of the domains' unexpected failures (a broken invariant, a missing row that must exist). Each
 * domain subclasses it with its own code enum; the client sees only INTERNAL_SERVER_ERROR.
 */
export abstract class DomainException<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

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

export interface ErrorLog {
  (entry: Record<string, unknown>): void;
}

/**
 * Apollo's formatError: client errors pass through; anything else becomes a bare INTERNAL_SERVER_ERROR
 * and is logged by class, code and database error code only, so neither the client nor the log sees a
 * stack, SQL or the personal data a message might carry.
 */
export function makeFormatError(log: ErrorLog) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = error instanceof GraphQLError ? (error.originalError ?? error) : error;
    if (original instanceof ApiError) {
      return { message: original.message, locations: formatted.locations, path: formatted.path, extensions: original.extensions };
    }
    const code = formatted.extensions?.code;
    if (original instanceof GraphQLError && typeof code === 'string' && REQUEST_ERROR_CODES.has(code)) {
      return { message: formatted.message, locations: formatted.locations, path: formatted.path, extensions: { code } };
    }
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

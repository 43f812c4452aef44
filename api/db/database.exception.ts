import { type ClientFailure, DomainException } from '../common/exceptions.js';

export enum DatabaseExceptionCode {
  /** The database cannot be reached, is shutting down or starting, or has no connection to spare. */
  UNAVAILABLE = 'UNAVAILABLE',
  /** The connection was lost while a change committed: whether it was saved cannot be known. */
  COMMIT_UNCERTAIN = 'COMMIT_UNCERTAIN',
  /** A statement ran past statement_timeout (or the request's remaining time). */
  STATEMENT_TIMEOUT = 'STATEMENT_TIMEOUT',
  /** The request's deadline passed before its change could begin or commit. */
  DEADLINE_PASSED = 'DEADLINE_PASSED',
  /** Serialization failures or deadlocks went on through every retry. */
  CONTENTION = 'CONTENTION',
}

const FAILURES: Record<DatabaseExceptionCode, ClientFailure> = {
  UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  COMMIT_UNCERTAIN: 'SERVICE_UNAVAILABLE',
  STATEMENT_TIMEOUT: 'TIMEOUT',
  DEADLINE_PASSED: 'TIMEOUT',
  CONTENTION: 'SERVICE_UNAVAILABLE',
};

const MESSAGES: Record<DatabaseExceptionCode, string> = {
  UNAVAILABLE: 'coopcare cannot reach its database just now; nothing was changed. Try again shortly.',
  COMMIT_UNCERTAIN:
    'coopcare lost its database while saving: the change may have been saved; ' +
    'send the same request again (with the same idempotency key) shortly.',
  STATEMENT_TIMEOUT: 'The request took too long and was stopped; nothing was changed. Try again shortly.',
  DEADLINE_PASSED: 'The request took too long and was stopped; nothing was changed. Try again shortly.',
  CONTENTION: 'Too many changes to the same records at once; nothing was changed. Try again shortly.',
};

/** Seconds a client should wait before trying again: a restarting database needs longer than a busy row. */
const RETRY_AFTER_SECONDS: Record<DatabaseExceptionCode, number> = {
  UNAVAILABLE: 5,
  COMMIT_UNCERTAIN: 5,
  STATEMENT_TIMEOUT: 2,
  DEADLINE_PASSED: 2,
  CONTENTION: 1,
};

/** The database, not the request, is why it failed: the same request may succeed when sent again. */
export class DatabaseException extends DomainException<DatabaseExceptionCode> {
  constructor(
    code: DatabaseExceptionCode,
    /** The PostgreSQL SQLSTATE or Node error code behind it, for the log. */
    readonly dbCode?: string,
  ) {
    super(code, MESSAGES[code], { retryAfterSeconds: RETRY_AFTER_SECONDS[code] });
  }

  get failure(): ClientFailure {
    return FAILURES[this.code];
  }
}

/** Node's words for a connection that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

/** pg's and pg-pool's words for the same, which carry no code. */
const LOST_CONNECTION = new RegExp(
  [
    '^Connection terminated',
    '^timeout exceeded when trying to connect',
    '^Client has encountered a connection error',
    '^Client was closed and is not queryable',
    // query_timeout: the server said nothing, not even statement_timeout's cancel.
    '^Query read timeout',
  ].join('|'),
);

/**
 * SQLSTATEs of a database that is going away or not yet back: admin_shutdown, crash_shutdown,
 * cannot_connect_now, too_many_connections, and the class 08 connection losses. Not all of class 08:
 * 08P01 protocol_violation is a bug in the statement sent, which stays an internal error.
 */
const UNAVAILABLE_STATES = new Set(['57P01', '57P02', '57P03', '53300', '08000', '08001', '08003', '08004', '08006', '08007']);

/** SQLSTATEs after which running the whole transaction again may succeed: serialization_failure, deadlock_detected. */
export const RETRYABLE_STATES = new Set(['40001', '40P01']);

export function sqlStateOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * The one place that recognises a database fault in what pg, pg-pool or TypeORM threw: the exception
 * the client is told, or null for anything else (a bug, a constraint, which stay internal errors).
 */
export function databaseException(error: unknown): DatabaseException | null {
  if (error instanceof DatabaseException) return error;
  // Another domain's exception: its code is a word of that domain, not a SQLSTATE.
  if (error instanceof DomainException) return null;
  const code = sqlStateOf(error);
  if (code === '57014') return new DatabaseException(DatabaseExceptionCode.STATEMENT_TIMEOUT, code);
  if (code && (UNAVAILABLE_STATES.has(code) || NETWORK_CODES.has(code))) {
    return new DatabaseException(DatabaseExceptionCode.UNAVAILABLE, code);
  }
  if (error instanceof Error && LOST_CONNECTION.test(error.message)) {
    return new DatabaseException(DatabaseExceptionCode.UNAVAILABLE, 'connection');
  }
  return null;
}

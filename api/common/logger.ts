import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';
import { pino, type DestinationStream, type Logger } from 'pino';
import { pinoHttp } from 'pino-http';
import type { Config } from '../config.js';

export type { Logger };

/**
 * Request lines are built field by field (no headers, no query string, no body), so credentials and the
 * personal data in GraphQL variables never reach them. These paths catch the same names in anything
 * else a caller logs.
 */
const SECRET_KEYS = [
  'password',
  'newPassword',
  'token',
  'refreshToken',
  'secret',
  'authorization',
  'cookie',
  'x-api-key',
  'apiKey',
  'variables',
];
const REDACT_PATHS = SECRET_KEYS.map((key) => `["${key}"]`).flatMap((key) => [key, `*${key}`, `*.*${key}`]);

/** JSON lines on stdout (or on `destination`, for tests), at LOG_LEVEL. */
export function createLogger(config: Pick<Config, 'logLevel'>, destination?: DestinationStream): Logger {
  const options = {
    level: config.logLevel,
    base: undefined,
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** Where the GraphQL layer leaves the name of the operation it ran, for the request line. */
export const GRAPHQL_OPERATION = 'graphqlOperation';

const HEALTH_PATHS = new Set(['/healthz', '/readyz']);

/**
 * One line per request: id, method, path, GraphQL operation, status and duration. The id is the
 * client's X-Request-Id when well-formed, else a new UUID, and is echoed on the response. Health
 * checks that pass are not logged: probes every few seconds would bury everything else.
 */
export function requestLogging(logger: Logger) {
  const line = (req: Request, res: Response, durationMs: number) => ({
    method: req.method,
    path: pathOf(req),
    operation: res.locals[GRAPHQL_OPERATION],
    status: res.statusCode,
    durationMs,
  });
  return pinoHttp<Request, Response>({
    logger,
    quietReqLogger: true,
    quietResLogger: true,
    genReqId: (req, res) => {
      const id = requestIdOf(req.headers['x-request-id']);
      res.setHeader('X-Request-Id', id);
      return id;
    },
    customLogLevel: (req, res, error) => {
      // A 503 asks the client to retry (the database is away, a deadline passed): an operator's warning, not a fault.
      if (!error && res.statusCode === 503) return 'warn';
      if (error || res.statusCode >= 500) return 'error';
      return HEALTH_PATHS.has(pathOf(req)) ? 'silent' : 'info';
    },
    customSuccessObject: (req, res, value: { responseTime: number }) => line(req, res, value.responseTime),
    customErrorObject: (req, res, _error, value: { responseTime: number }) => line(req, res, value.responseTime),
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request failed',
  });
}

/** The path, with the secret of a calendar or shared volunteer-record address (the credential itself) taken out. */
function pathOf(req: Request): string {
  return (req.originalUrl ?? req.url)
    .split('?')[0]!
    .replace(/^\/calendar\/.*/, '/calendar/[redacted]')
    .replace(/^\/volunteer-record\/.*/, '/volunteer-record/[redacted]');
}

function requestIdOf(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && /^[\w.-]{1,64}$/.test(given) ? given : randomUUID();
}

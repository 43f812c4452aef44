import { STATUS_CODES } from 'node:http';
import express from 'express';
import { DomainException } from '../common/exceptions.js';
import { isUuid } from '../common/ids.js';
import { databaseException } from '../db/database.exception.js';
import { AmbiguousPlace, PlaceNotFound } from '../geo/geo.exception.js';
import type { ErrorLog } from '../graphql/errors.js';
import { clientErrorStatus, sendProblem, STATUS_OF } from '../http/problem.js';
import { checkNoParameters, InvalidParameters, parseListQuery } from './oruk.params.js';
import type { OrukReader } from './oruk.reader.js';
import type { OrukApiDetails } from './oruk.types.js';

/** What `GET /oruk/` reports: HSDS 3.0 with the UK profile, whose OpenAPI file defines these endpoints. */
export const ORUK_API_DETAILS: OrukApiDetails = {
  version: 'HSDS 3.0',
  profile: 'https://github.com/openreferral/uk-profile',
  openapi_url: 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json',
};

/** Directory data changes rarely and is public; a minute of caching spares the database without hiding edits for long. */
const CACHE_CONTROL = 'public, max-age=60';

export interface OrukRouterOptions {
  oruk: OrukReader;
  /** The public API's rate limiter, shared with /graphql so a client has one budget. */
  limiter: express.RequestHandler;
  log: ErrorLog;
}

/**
 * The Open Referral UK 3.0 read API. Public and keyless as the profile requires, with
 * `Access-Control-Allow-Origin: *` on every response (errors and 429s included, so a browser client can
 * read them). Conditional GETs: the ETag is Express's hash of the body, so If-None-Match answers 304
 * exactly when what would be sent is unchanged. There is deliberately no Last-Modified: a response
 * gathers rows of many tables (locations, schedules, areas, categories) and a row leaving a list has no
 * date at all, so no timestamp we hold would be honest, and an If-Modified-Since answered from one
 * would keep stale pages in caches.
 */
export function createOrukRouter({ oruk: reader, limiter, log }: OrukRouterOptions): express.Router {
  const router = express.Router();

  router.use(orukCors());
  router.use(limiter);
  router.use((req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.set('Allow', 'GET, HEAD, OPTIONS');
      sendProblem(res, 405, 'Method not allowed', 'This API is read-only: use GET.');
      return;
    }
    next();
  });

  const send = (res: express.Response, body: unknown) => {
    const json = JSON.stringify(body);
    const etag = (res.app.get('etag fn') as (body: Buffer, encoding: string) => string)(Buffer.from(json), 'utf8');
    res.set('Cache-Control', CACHE_CONTROL);
    res.set('ETag', etag);
    if (notModified(res.req, etag)) {
      res.status(304).end();
      return;
    }
    res.type('application/json').send(json);
  };
  type Handler = (req: express.Request, res: express.Response) => Promise<void>;
  const handle =
    (fn: Handler): express.RequestHandler =>
    (req, res, next) => {
      fn(req, res).catch(next);
    };
  const item = <T>(load: (id: string) => Promise<{ body: T } | null>, what: string) =>
    handle(async (req, res) => {
      checkNoParameters(req.query as Record<string, unknown>);
      const id = String(req.params.id);
      // Our ids are UUIDs; anything else cannot name a record, so it is unknown rather than malformed.
      const found = isUuid(id) ? await load(id.toLowerCase()) : null;
      if (!found) return sendProblem(res, 404, 'Not found', `No published ${what} has the id "${id.slice(0, 64)}".`);
      send(res, found.body);
    });

  router.get('/', (req, res) => {
    checkNoParameters(req.query as Record<string, unknown>);
    send(res, ORUK_API_DETAILS);
  });

  router.get(
    '/services',
    handle(async (req, res) => {
      const { page } = await reader.services(parseListQuery('services', req.query as Record<string, unknown>));
      send(res, page);
    }),
  );
  router.get(
    '/services/:id',
    item((id) => reader.service(id), 'service'),
  );

  router.get(
    '/service_at_locations',
    handle(async (req, res) => {
      const { page } = await reader.serviceAtLocations(parseListQuery('service_at_locations', req.query as Record<string, unknown>));
      send(res, page);
    }),
  );
  router.get(
    '/service_at_locations/:id',
    item((id) => reader.serviceAtLocation(id), 'service at location'),
  );

  router.get(
    '/taxonomies',
    handle(async (req, res) => {
      send(res, await reader.taxonomies(parseListQuery('taxonomies', req.query as Record<string, unknown>)));
    }),
  );
  router.get(
    '/taxonomies/:id',
    item(async (id) => reader.taxonomy(id), 'taxonomy'),
  );

  router.get(
    '/taxonomy_terms',
    handle(async (req, res) => {
      send(res, await reader.taxonomyTerms(parseListQuery('taxonomy_terms', req.query as Record<string, unknown>)));
    }),
  );
  router.get(
    '/taxonomy_terms/:id',
    item(async (id) => reader.taxonomyTerm(id), 'taxonomy term'),
  );

  router.use((req, res) => {
    sendProblem(res, 404, 'Not found', `There is no ORUK endpoint at ${req.path.slice(0, 100)}.`);
  });

  router.use((error: unknown, _req: express.Request, res: express.Response, next: express.NextFunction) => {
    // The app's handler answers those 503 with Retry-After, as on every route.
    if (databaseException(error)) return next(error);
    if (error instanceof InvalidParameters) {
      return sendProblem(res, 400, 'Invalid parameters', 'One or more query parameters are not valid.', error.problems);
    }
    // The directory and geo check what the parameters became (a postcode nobody knows, …) and say so with their exceptions.
    if (error instanceof DomainException && error.failure) {
      const status = STATUS_OF[error.failure];
      if (status === 400) {
        const candidates = error instanceof AmbiguousPlace ? { candidates: error.candidates } : {};
        const suggestions = error instanceof PlaceNotFound && error.suggestions.length > 0 ? { suggestions: error.suggestions } : {};
        return sendProblem(res, 400, 'Invalid parameters', error.message, [
          { parameter: orukParameterOf(error.details.argument), message: error.message, ...candidates, ...suggestions },
        ]);
      }
      return sendProblem(res, status, STATUS_CODES[status] ?? 'Error', error.message);
    }
    // Express refuses a path it cannot percent-decode (a lone `%`, bytes that are not UTF-8) with a 4xx of its own.
    const refused = clientErrorStatus(error);
    if (refused !== null) {
      return sendProblem(res, refused, STATUS_CODES[refused] ?? 'Bad request', 'The request URL could not be read.');
    }
    log({ event: 'internal_error', where: 'oruk', errorClass: error instanceof Error ? error.constructor.name : typeof error });
    sendProblem(res, 500, 'Internal server error', 'Something went wrong on our side; try again later.');
  });

  return router;
}

/** The ORUK parameter behind each directory filter argument an exception can name. */
const ORUK_PARAMETERS: Record<string, string> = {
  'filter.text': 'search',
  'filter.near.postcode': 'postcode',
  'filter.near.radiusMiles': 'proximity',
  'filter.servesPostcode': 'postcode',
  'filter.categories': 'taxonomy_term_id',
  'filter.supports': 'supports',
  'filter.languages': 'languages',
  'filter.minimumAgeAtLeast': 'minimum_age',
  'filter.maximumAgeAtMost': 'maximum_age',
  'filter.openingWithin.day': 'day',
  'filter.openingWithin.opensFrom': 'start_time',
  'filter.openingWithin.closesBy': 'end_time',
  offset: 'page',
  first: 'per_page',
};

function orukParameterOf(argument: string | undefined): string {
  return ORUK_PARAMETERS[argument ?? ''] ?? 'query';
}

/**
 * RFC 9110 conditional GET, evaluated here rather than by Express: Express's check answers 200 whenever
 * the request says `Cache-Control: no-cache`, which fetch() adds to every request carrying its own
 * If-None-Match, so script clients revalidating by hand would never see a 304. If-None-Match uses weak
 * comparison; If-Modified-Since is ignored, as RFC 9110 requires of a response without Last-Modified.
 */
function notModified(req: express.Request, etag: string): boolean {
  const noneMatch = req.headers['if-none-match'];
  if (!noneMatch) return false;
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return noneMatch.trim() === '*' || noneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/** CORS for /oruk: any origin may read every answer, and a preflight is answered here. */
export function orukCors(): express.RequestHandler {
  return (req, res, next) => {
    res.set('Access-Control-Allow-Origin', '*');
    if (req.method === 'OPTIONS') {
      res.set('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.set('Access-Control-Allow-Headers', 'If-None-Match');
      res.set('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}

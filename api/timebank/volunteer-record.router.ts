import { STATUS_CODES } from 'node:http';
import express from 'express';
import type { AuthenticationService } from '../auth/authentication.service.js';
import { credentialsOf } from '../auth/http-auth.js';
import { DomainException } from '../common/exceptions.js';
import { isUuid } from '../common/ids.js';
import { STATUS_OF, sendProblem } from '../http/problem.js';
import type { VolunteerRecordLinksService } from './volunteer-record-links.service.js';
import type { VolunteerRecordService } from './volunteer-record.service.js';
import { volunteerRecordGonePage, volunteerRecordPage } from './volunteer-record-page.js';

export interface VolunteerRecordRouterOptions {
  authentication: AuthenticationService;
  volunteerRecords: VolunteerRecordService;
  volunteerRecordLinks: VolunteerRecordLinksService;
  /** The public rate limiter, answering 429 in the route's own shape. */
  limiter: express.RequestHandler;
}

/**
 * `GET /timebank/volunteer-record/{memberId}/print`: the record as a page, for the volunteer and the co-op's
 * coordinators (bearer token; the policy of TimeBankMember.volunteerRecord), its read audited. 401 without a
 * token, 400 for a member id that cannot be one, 404 for an unknown member, 403 for anyone else. Never cached;
 * the content security policy allowing its one stylesheet is security-headers.ts's `printPage`.
 */
export function createVolunteerRecordPrintRouter({
  authentication,
  volunteerRecords,
  limiter,
}: VolunteerRecordRouterOptions): express.Router {
  const router = express.Router();
  router.get('/volunteer-record/:memberId/print', limiter, async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    try {
      const actor = await authentication.authenticate(credentialsOf(req));
      const memberId = String(req.params.memberId);
      if (!isUuid(memberId))
        return sendProblem(res, 400, 'Bad request', 'A member id is a UUID.', [
          { parameter: 'memberId', message: 'A member id is a UUID.' },
        ]);
      const record = await volunteerRecords.recordFor({ actor, requestId: String(req.id) }, memberId.toLowerCase());
      res.type('html').send(volunteerRecordPage(record));
    } catch (error) {
      if (!(error instanceof DomainException && error.failure)) return next(error);
      const status = STATUS_OF[error.failure];
      if (status === 401) res.set('WWW-Authenticate', 'Bearer');
      sendProblem(res, status, STATUS_CODES[status] ?? 'Error', error.message);
    }
  });
  // No catch-all here: other time-bank routes (receipts, the expenses CSV) share the /timebank prefix.
  return router;
}

const NOT_SHARED = 'No volunteer record is shared at this address.';

/**
 * The address is opened by people (employers) in browsers as often as by programs: a browser gets the 404 as
 * a plain page, anything else as problem JSON. `*\/*` alone prefers JSON, as programs send it.
 */
function notShared(req: express.Request, res: express.Response): void {
  res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
  if (req.accepts(['json', 'html']) === 'html') {
    res.status(404).type('html').send(volunteerRecordGonePage());
    return;
  }
  sendProblem(res, 404, 'Not found', NOT_SHARED);
}

/**
 * `GET /volunteer-record/{token}`: the record a volunteer shared, for anyone with the address and no
 * account. The address is the credential: one that is malformed, unknown, expired or revoked is the same
 * 404, saying nothing of which. Never cached or indexed; the request log redacts the address.
 */
export function createSharedVolunteerRecordRouter({ volunteerRecordLinks, limiter }: VolunteerRecordRouterOptions): express.Router {
  const router = express.Router();
  router.use(limiter);
  router.get('/:token', async (req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
    try {
      const record = await volunteerRecordLinks.recordByToken(String(req.params.token), String(req.id));
      if (record === null) return notShared(req, res);
      res.type('html').send(volunteerRecordPage(record));
    } catch (error) {
      next(error);
    }
  });
  router.use(notShared);
  return router;
}

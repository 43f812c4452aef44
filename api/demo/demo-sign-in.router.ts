import express from 'express';
import { DEMO_ACCOUNTS, DEMO_BUDGET_HOLDERS, DEMO_PARTNER_KEY } from '../accounts/seed.js';
import type { Acting } from '../auth/actor.js';
import { WidgetPurpose } from '../auth/auth.enums.js';
import { AuthExceptionCode } from '../auth/auth.exception.js';
import { DomainException } from '../common/exceptions.js';
import { clientErrorStatus, sendProblem } from '../http/problem.js';
import type { AppServices } from '../modules.js';

export interface DemoSignInOptions {
  services: Pick<AppServices, 'authentication' | 'partners' | 'people'>;
  /** The public rate limiter, answering 429 as a problem. */
  limiter: express.RequestHandler;
}

/** What the demo page gets: a session for the booking widget and one for the budget widget, whose they are, and when they end. */
export interface DemoWidgetSessions {
  bookingToken: string;
  budgetToken: string;
  expiresAt: string;
  name: string;
}

type DemoResident = (typeof DEMO_BUDGET_HOLDERS)[number];
const isDemoResident = (value: unknown): value is DemoResident => (DEMO_BUDGET_HOLDERS as readonly unknown[]).includes(value);

/** Far more than `{"person":"margaret"}` needs. */
const BODY_LIMIT = '1kb';

/**
 * `POST /demo/widget-sessions` (only where the demo data is served): the demo council page's server
 * side. A council's own server would mint widget sessions for its signed-in resident with its partner
 * key; here the page names a demo budget holder (`{ "person": "margaret" }`) and this mints a BOOKING
 * and a BUDGET_VIEW session with the demo key, exactly as a partner's server would: the key resolved
 * to its partner by authentication, for the request's Origin, which must be one of the key's origins,
 * and only for a person who consented to the key. Failures are RFC 9457 problems whose detail is
 * written for the resident.
 */
export function createDemoSignInRouter({ services, limiter }: DemoSignInOptions): express.Router {
  const router = express.Router();
  router.post('/widget-sessions', limiter, express.json({ limit: BODY_LIMIT }), async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    const origin = req.get('origin');
    if (!origin) {
      return sendProblem(res, 403, 'Forbidden', 'Demo residents can be used only on this server’s own demo page.');
    }
    const person: unknown = (req.body as { person?: unknown } | undefined)?.person;
    if (!isDemoResident(person)) {
      return sendProblem(res, 400, 'Bad request', 'Choose one of the demo residents.', [
        { parameter: 'person', message: `must be one of ${DEMO_BUDGET_HOLDERS.join(', ')}` },
      ]);
    }
    const name = DEMO_ACCOUNTS[person].name;
    try {
      const acting: Acting = {
        actor: await services.authentication.authenticate({ apiKey: DEMO_PARTNER_KEY, origin }),
        requestId: String(req.id),
      };
      const record = await services.people.personByEmail(DEMO_ACCOUNTS[person].email);
      if (!record) return sendProblem(res, 404, 'Not found', `${name} is not in this server's demo data.`);
      const mint = (purpose: WidgetPurpose) => services.partners.createWidgetSession(acting, { personId: record.id, purpose, origin });
      const booking = await mint(WidgetPurpose.BOOKING);
      const budget = await mint(WidgetPurpose.BUDGET_VIEW);
      const answer: DemoWidgetSessions = {
        bookingToken: booking.token,
        budgetToken: budget.token,
        expiresAt: new Date(Math.min(+booking.expiresAt, +budget.expiresAt)).toISOString(),
        name,
      };
      res.json(answer);
    } catch (error) {
      if (!(error instanceof DomainException && error.failure)) return next(error);
      const { status, title, detail } = refusal(error, name);
      if (status === 429) res.set('Retry-After', String(retryAfter(error)));
      sendProblem(res, status, title, detail);
    }
  });
  // A body that is too large or not JSON, as a problem too.
  router.use(((error, _req, res, next) => {
    const status = clientErrorStatus(error);
    if (status === null) return next(error);
    sendProblem(res, status, status === 413 ? 'Content too large' : 'Bad request', 'Send {"person": "<name>"} as JSON.');
  }) satisfies express.ErrorRequestHandler);
  router.use((_req, res) => sendProblem(res, 404, 'Not found', 'The demo answers only POST /demo/widget-sessions.'));
  return router;
}

/** Each expected refusal in words for the resident trying the demo. */
function refusal(error: DomainException<string>, name: string): { status: number; title: string; detail: string } {
  switch (error.failure) {
    case 'FORBIDDEN':
      // The origin is checked with the key, before the person: any other refusal is the person's consent.
      return error.code === AuthExceptionCode.ORIGIN_NOT_ALLOWED
        ? {
            status: 403,
            title: 'Forbidden',
            detail: 'Demo residents can be used only on this server’s own demo page, not on another website.',
          }
        : {
            status: 403,
            title: 'Forbidden',
            detail:
              `${name} has not agreed to let this demo page book care or show a budget for them, ` +
              `so you cannot try the demo as ${name}.`,
          };
    case 'RATE_LIMITED':
      return {
        status: 429,
        title: 'Too many requests',
        detail: `Many people are trying the demo at once. Try again in ${retryAfter(error)} seconds.`,
      };
    case 'UNAUTHENTICATED':
      // The demo key is seeded with the demo data: without it the demo cannot sign anyone in.
      return { status: 503, title: 'Service unavailable', detail: 'The demo sign-in is not set up on this server.' };
    default:
      return { status: 400, title: 'Bad request', detail: error.message };
  }
}

const retryAfter = (error: DomainException<string>) => error.details.retryAfterSeconds ?? 60;

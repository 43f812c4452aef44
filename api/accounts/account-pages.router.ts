import express from 'express';
import { ANONYMOUS, type Acting } from '../auth/actor.js';
import { clientAddress } from '../common/client-address.js';
import { DomainException, ErrorCode } from '../common/exceptions.js';
import type { AppServices } from '../modules.js';
import { confirmEmailPage, donePage, forgotPasswordPage, passwordPage, problemPage, resetRequestedPage } from '../web/token-pages.js';
import { AccountTokenPurpose } from './account-token.entity.js';

export interface AccountPagesOptions {
  services: Pick<AppServices, 'accountTokens' | 'linkSignIn'>;
  /** The public rate limiter. */
  limiter: express.RequestHandler;
}

/** A token, a password and a little room: nothing a form of these pages sends is longer. */
const BODY_LIMIT = '2kb';

const LINK_DEAD = ['This link does not work', 'The link has expired or has already been used.'] as const;

/** A form field's value, if it is one string; a repeated or missing field is empty. */
function formField(req: express.Request, name: string): string {
  const value: unknown = (req.body as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' ? value : '';
}

const tokenIn = (req: express.Request) => (typeof req.query.token === 'string' ? req.query.token : '');

/**
 * The pages the emailed links open (`/account/set-password`, `/reset-password`, `/confirm-email`) and the
 * one that asks for a reset link (`/forgot-password`): server-rendered, without script, each a form that
 * posts back to itself. A GET only shows the form: mail scanners open links, so only the POST uses a link
 * up. Nothing is cached and no referrer leaves (security-headers.ts `tokenPage`); the token is in the
 * query, which the request log leaves out. Setting a password signs nobody in: the success page leads
 * to /account to sign in with it.
 */
export function createAccountPagesRouter({ services, limiter }: AccountPagesOptions): express.Router {
  const router = express.Router();
  const form = express.urlencoded({ extended: false, limit: BODY_LIMIT, parameterLimit: 5 });
  const acting = (req: express.Request): Acting & { clientAddress: string } => ({
    actor: ANONYMOUS,
    requestId: String(req.id),
    clientAddress: clientAddress(req),
  });
  router.use((_req, res, next) => {
    res.set({ 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer' });
    next();
  });
  const send = (res: express.Response, status: number, html: string) => void res.status(status).type('html').send(html);

  for (const [path, purpose] of [
    ['set-password', 'INVITATION'],
    ['reset-password', 'PASSWORD_RESET'],
  ] as const) {
    router.get(`/${path}`, limiter, async (req, res) => {
      const token = tokenIn(req);
      const live = await services.accountTokens.live(token, AccountTokenPurpose[purpose]);
      if (!live) return send(res, 400, problemPage(...LINK_DEAD));
      send(res, 200, passwordPage(path, token));
    });
    router.post(`/${path}`, limiter, form, async (req, res) => {
      const token = formField(req, 'token');
      try {
        await services.linkSignIn.setPassword(acting(req), purpose, token, formField(req, 'password'));
      } catch (error) {
        if (failureOf(error) === ErrorCode.WEAK_PASSWORD) {
          return send(res, 422, passwordPage(path, token, [{ field: 'password', message: (error as Error).message }]));
        }
        if (failureOf(error) === ErrorCode.INVALID_TOKEN) return send(res, 400, problemPage(...LINK_DEAD));
        throw error;
      }
      const ended = purpose === 'PASSWORD_RESET' ? ' Everywhere you were signed in before has been signed out.' : '';
      send(res, 200, donePage('Your password is set', `You can now sign in with your email address and your new password.${ended}`));
    });
  }

  router.get('/forgot-password', limiter, (_req, res) => send(res, 200, forgotPasswordPage()));
  router.post('/forgot-password', limiter, form, async (req, res) => {
    const email = formField(req, 'email');
    try {
      await services.accountTokens.requestPasswordReset(acting(req), email);
    } catch (error) {
      if (failureOf(error) === 'BAD_USER_INPUT') {
        const message = 'Enter an email address in the right form, like name@example.com';
        return send(res, 400, forgotPasswordPage([{ field: 'email', message }], email.slice(0, 320)));
      }
      if (failureOf(error) === 'RATE_LIMITED') {
        const seconds = (error as DomainException).details.retryAfterSeconds;
        if (seconds) res.set('Retry-After', String(seconds));
        return send(res, 429, forgotPasswordPage([{ field: 'email', message: (error as Error).message }], email.slice(0, 320)));
      }
      throw error;
    }
    send(res, 200, resetRequestedPage());
  });

  router.get('/confirm-email', limiter, async (req, res) => {
    const token = tokenIn(req);
    const live = await services.accountTokens.live(token, AccountTokenPurpose.EMAIL_CHANGE);
    if (!live?.newEmail) return send(res, 400, problemPage(...LINK_DEAD));
    send(res, 200, confirmEmailPage(token, live.newEmail));
  });
  router.post('/confirm-email', limiter, form, async (req, res) => {
    let email: string;
    try {
      email = (await services.accountTokens.confirmEmailChange(acting(req), formField(req, 'token'))).email;
    } catch (error) {
      if (failureOf(error) === ErrorCode.INVALID_TOKEN) return send(res, 400, problemPage(...LINK_DEAD));
      if (failureOf(error) === ErrorCode.CONFLICT)
        return send(res, 409, problemPage('Your email address was not changed', (error as Error).message));
      throw error;
    }
    send(res, 200, donePage('Your email address is changed', `From now on, sign in with ${email}.`));
  });

  // A body too large or not a form: a page, as every answer here is.
  router.use(((error, _req, res, next) => {
    const status = (error as { status?: unknown }).status;
    if (typeof status !== 'number' || status < 400 || status >= 500) return next(error);
    send(res, status, problemPage('Something was wrong with the form', 'Go back to the link in your email and try again.'));
  }) as express.ErrorRequestHandler);
  return router;
}

function failureOf(error: unknown) {
  return error instanceof DomainException ? error.failure : null;
}

import type express from 'express';
import helmet, { strictTransportSecurity } from 'helmet';
import { PRINT_PAGE_STYLE_SOURCE } from '../careplans/print-page.js';
import { prefersLandingPage } from '../web/api-landing-page.js';
import { PAGE_STYLE_SOURCE } from '../web/page-layout.js';
import { TOKEN_PAGE_PATHS } from '../web/token-pages.js';

type Directives = Record<string, string[]>;

/** No page of coopcare is framed or sets a base URL; none posts a form but the token pages, which say so below. */
const NO_FRAMING_BASE_OR_FORMS: Directives = { 'frame-ancestors': ["'none'"], 'base-uri': ["'none'"], 'form-action': ["'none'"] };

const POLICIES = {
  /** JSON (GraphQL, ORUK, health, errors): nothing in an answer may load or run. */
  api: { 'default-src': ["'none'"], ...NO_FRAMING_BASE_OR_FORMS },
  /**
   * The council page at `/` and the account page at `/account`: their own inline style by hash; scripts
   * (the widget bundle and the pages' code) and requests (GraphQL, the demo sign-in) only from this
   * server; the account page sends its forms from script, so no form is posted. The widgets' styles are
   * constructed stylesheets, which style-src does not govern; an inline `style` attribute (a Lit
   * `style=${styleMap(…)}` binding) it does refuse, so widgets style by class or custom property.
   */
  scriptedPage: {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'connect-src': ["'self'"],
    'style-src': [PAGE_STYLE_SOURCE],
    ...NO_FRAMING_BASE_OR_FORMS,
  },
  /** `/embed`, `/dev/mail` and the API's page at GET /graphql: text, snippets and links only, in the same style. */
  embedPage: { 'default-src': ["'none'"], 'style-src': [PAGE_STYLE_SOURCE], ...NO_FRAMING_BASE_OR_FORMS },
  /**
   * The pages an emailed link opens (`/account/set-password` and the rest): the one stylesheet by hash, no
   * script, and forms that post only back to this server.
   */
  tokenPage: {
    'default-src': ["'none'"],
    'style-src': [PAGE_STYLE_SOURCE],
    ...NO_FRAMING_BASE_OR_FORMS,
    'form-action': ["'self'"],
  },
  /**
   * A printed care plan (`/care-plans/{id}/print`) or volunteer record (printed, or shared at
   * `/volunteer-record/{token}`): its one stylesheet by hash; no script, image, font or request.
   */
  printPage: { 'default-src': ["'none'"], 'style-src': [PRINT_PAGE_STYLE_SOURCE], ...NO_FRAMING_BASE_OR_FORMS },
} satisfies Record<string, Directives>;

const headersWith = (directives: Directives) =>
  helmet({
    contentSecurityPolicy: { useDefaults: false, directives },
    // The widgets (/widgets/coopcare.js) load from partners' pages, and the APIs answer other origins (CORS).
    crossOriginResourcePolicy: { policy: 'cross-origin' },
    xFrameOptions: { action: 'deny' },
    // Sent below only over TLS: over plain http it would be ignored, and it must not pin a development host.
    strictTransportSecurity: false,
  });

const HEADERS = {
  api: headersWith(POLICIES.api),
  scriptedPage: headersWith(POLICIES.scriptedPage),
  embedPage: headersWith(POLICIES.embedPage),
  printPage: headersWith(POLICIES.printPage),
  tokenPage: headersWith(POLICIES.tokenPage),
};
const hsts = strictTransportSecurity();

/** Which page a GET is for, as Express routes it: any case, one trailing slash allowed. */
const PAGES: Record<string, keyof typeof HEADERS> = {
  '/': 'scriptedPage',
  '/embed': 'embedPage',
  '/account': 'scriptedPage',
  '/dev/mail': 'embedPage',
};
/** The printed plan's and volunteer record's addresses, as their routers route them. */
const PRINT_PAGE = /^\/(care-plans\/[^/]+\/print|timebank\/volunteer-record\/[^/]+\/print|volunteer-record\/[^/]+)$/i;
/** The token pages' addresses (api/web/token-pages.ts), whose forms' answers are pages too. */
const TOKEN_PAGE = new RegExp(`^/account/(${TOKEN_PAGE_PATHS.join('|')})/?$`, 'i');

function pageOf(req: express.Request): keyof typeof HEADERS {
  if (TOKEN_PAGE.test(req.path)) return 'tokenPage';
  if (req.method !== 'GET' && req.method !== 'HEAD') return 'api';
  const path = req.path.length > 1 && req.path.endsWith('/') ? req.path.slice(0, -1) : req.path;
  const page = PAGES[path.toLowerCase()];
  if (page) return page;
  if (PRINT_PAGE.test(path)) return 'printPage';
  if (path.toLowerCase() === '/graphql' && prefersLandingPage(req)) return 'embedPage';
  return 'api';
}

/**
 * Security headers on every answer (helmet): a content security policy fitting what the answer is,
 * `nosniff`, no framing, no referrer, and HSTS when the request came over TLS (`req.secure`, which
 * trusts X-Forwarded-Proto only from the proxies `trust proxy` names).
 */
export function securityHeaders(): express.RequestHandler {
  return (req, res, next) => {
    HEADERS[pageOf(req)](req, res, (error?: unknown) => {
      if (error || !req.secure) return next(error);
      hsts(req, res, next);
    });
  };
}

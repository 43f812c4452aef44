import type { Server } from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import cors from 'cors';
import express from 'express';
import type { DataSource } from 'typeorm';
import { makeFormatError, type ErrorLog } from './graphql/errors.js';
import { clientErrorStatus, graphQLBodyRefusals } from './http/problem.js';
import { createRateLimits } from './http/rate-limits.js';
import { createDraining } from './http/draining.js';
import { securityHeaders } from './http/security-headers.js';
import { complexityLimitPlugin } from './graphql/complexity.js';
import { parseOptions, queryLimitRules } from './graphql/limits.js';
import { knownOperationTypeRule } from './graphql/operation-types.js';
import { noStoreForCredentialsPlugin } from './graphql/no-store.js';
import { textInputGuardPlugin } from './graphql/text-input-guard.js';
import { retryLaterPlugin } from './graphql/retry-later.js';
import { requestDeadline, retryLaterOnDatabaseFaults, underRequestDeadline } from './http/retry-later.js';
import { jsonPostsOnly } from './graphql/csrf.js';
import { graphQLCors, noStoreByDefault, oneAddressPerRead, publicReadCachePlugin } from './graphql/public-cache.js';
import { NO_TRUSTED_DOCUMENTS, trustedDocumentCache, trustedDocuments } from './graphql/trusted-documents.js';
import { createLogger, GRAPHQL_OPERATION, requestLogging, type Logger } from './common/logger.js';
import { DEFAULT_CREDENTIAL_RATE_LIMIT, DEFAULT_REQUEST_TIMEOUT_MS, DEFAULT_TRUST_PROXY, type Config } from './config.js';
import { actorOf, authenticateRequests } from './auth/http-auth.js';
import { clientAddress } from './common/client-address.js';
import { createContext, type Context } from './context.js';
import { getSchema, printSdl } from './graphql/schema.js';
import type { AppServices } from './modules.js';
import { ACCOUNT_PAGE_SCRIPTS, accountPage, loadAccountPageScripts } from './web/account-page.js';
import { councilPage } from './web/council-page.js';
import { loadPageScript } from './web/page-script.js';
import { embedPage, publicOrigin } from './web/embed-page.js';
import { apiLandingPage, prefersLandingPage } from './web/api-landing-page.js';
import { readElementsManifest } from './web/elements-reference.js';
import { createWidgetRouter, loadWidgetBundle, type LoadedBundle } from './web/widget-bundle.js';
import { createDemoSignInRouter } from './demo/demo-sign-in.router.js';
import { createAccountPagesRouter } from './accounts/account-pages.router.js';
import { createOrukRouter, orukCors } from './oruk/oruk.router.js';
import { createStatementRouter } from './brokerage/statement.router.js';
import { createCalendarRouter } from './brokerage/calendar.router.js';
import { createFhirRouter } from './careplans/fhir.router.js';
import { createPrintRouter } from './careplans/print.router.js';
import { createSharedVolunteerRecordRouter, createVolunteerRecordPrintRouter } from './timebank/volunteer-record.router.js';
import { createExpensesRouter } from './timebank/expenses.router.js';
import { createDevMailRouter, servesDevMail } from './notifications/dev-mail.router.js';

export interface App {
  app: express.Express;
  apollo: ApolloServer<Context>;
  listen(port: number, host?: string): Promise<{ server: Server; url: string }>;
  /** The instance is stopping: /readyz and every new request answer 503 from now; resolves once the requests under way end. */
  beginDraining(): Promise<void>;
}

/**
 * Apollo's plugins see the GraphQL context, not the HTTP response the request line is read from, and
 * they see a copy of it: a symbol-keyed property survives the copy and stays out of resolvers' way.
 */
const RESPONSE = Symbol('http response');
type WithResponse = Context & { [RESPONSE]?: express.Response };

export interface AppOptions {
  services: AppServices;
  config: Pick<Config, 'publicRateLimitPerMinute' | 'nodeEnv'> &
    Partial<Pick<Config, 'trustProxy' | 'credentialRateLimitPerMinute' | 'requestTimeoutMs'>>;
  /** Request lines and internal errors; silent when absent. */
  logger?: Logger;
  /** Internal errors as objects, for a caller (the tests) that collects them instead of logging them. */
  log?: ErrorLog;
  /** The built widgets; read from dist/widgets when absent. */
  widgets?: LoadedBundle | null;
  /**
   * The app serves the demo data (main.ts: `seedsDemoData(config)`): the council page then offers the
   * demo sign-in, and `POST /demo/widget-sessions` exists. Never in production, whatever is passed.
   */
  demo?: boolean;
}

export async function createApp({ services, config, logger = createLogger({ logLevel: 'silent' }), ...options }: AppOptions): Promise<App> {
  const log = options.log ?? ((entry: Record<string, unknown>) => logger.error(entry, 'internal error'));
  const recordOperationName: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation({ contextValue, operationName }) {
          const res = (contextValue as WithResponse)[RESPONSE];
          if (res) res.locals[GRAPHQL_OPERATION] = operationName ?? 'anonymous';
        },
      };
    },
  };
  const widgets = options.widgets === undefined ? loadWidgetBundle() : options.widgets;
  const trusted = widgets ? trustedDocuments(widgets.persistedDocuments) : NO_TRUSTED_DOCUMENTS;
  const apollo = new ApolloServer<Context>({
    schema: await getSchema(),
    // Partners' tools read the schema; production hides only "Did you mean" guesses at names.
    introspection: true,
    hideSchemaDetailsFromClientErrors: config.nodeEnv === 'production',
    parseOptions,
    validationRules: [...queryLimitRules(), knownOperationTypeRule],
    // jsonPostsOnly (below) is the CSRF rule: Apollo's would also refuse a plain GET read.
    csrfPrevention: false,
    persistedQueries: { cache: trustedDocumentCache(trusted) },
    formatError: makeFormatError(log, { hideSuggestions: config.nodeEnv === 'production' }),
    includeStacktraceInErrorResponses: false,
    plugins: [
      textInputGuardPlugin(),
      noStoreForCredentialsPlugin(),
      complexityLimitPlugin(),
      recordOperationName,
      retryLaterPlugin(logger),
      publicReadCachePlugin(trusted),
      // GET /graphql in a browser is coopcare's own page (apiLandingPage), not Apollo's, which loads from a CDN.
      ApolloServerPluginLandingPageDisabled(),
      // No resolver sets cache hints; the default cache-control plugin would still wrap every field.
      ApolloServerPluginCacheControlDisabled(),
    ],
  });
  await apollo.start();

  const app = express();
  app.disable('x-powered-by');
  // The client address (rate limits, the sign-in lock-out) and req.protocol read X-Forwarded-* only from these proxies.
  app.set('trust proxy', config.trustProxy ?? DEFAULT_TRUST_PROXY);
  app.use(securityHeaders());
  app.use(requestLogging(logger));
  const requestTimeoutMs = config.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
  const limits = createRateLimits(services.db, {
    publicRateLimitPerMinute: config.publicRateLimitPerMinute,
    credentialRateLimitPerMinute: config.credentialRateLimitPerMinute ?? DEFAULT_CREDENTIAL_RATE_LIMIT,
  });

  const corsOfGraphQL = graphQLCors();
  const draining = createDraining({ '/graphql': corsOfGraphQL, '/oruk': orukCors() });
  // Before the draining gate, whose 503 must not be kept by a CDN either.
  app.use('/graphql', noStoreByDefault());
  app.use(draining.gate);
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', limits.perAddress('problem'), async (_req, res) => {
    const ready = await isReady(services.db);
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready' });
  });

  app.get('/graphql', (req, res, next) => {
    if (!prefersLandingPage(req)) return next();
    // The page names the address it was asked by (as /embed does): a shared cache must not hand it to others.
    res.set({ 'Cache-Control': 'private, no-cache', Vary: 'Accept' });
    res.type('html').send(apiLandingPage({ origin: publicOrigin(req) }));
  });
  const sdl = await printSdl();
  app.get('/schema.graphql', (_req, res) => {
    res.set({ 'Cache-Control': 'public, max-age=300', 'Access-Control-Allow-Origin': '*' });
    res.type('text/plain; charset=utf-8').send(sdl);
  });
  app.use(
    '/graphql',
    // CORS comes first: it answers preflights, which spend no budget, and a page can then read a 429.
    corsOfGraphQL,
    oneAddressPerRead(),
    // From arrival: the rate limiter's own statement may wait on the database.
    requestDeadline(requestTimeoutMs, 'graphql', logger),
    limits.perAddress('graphql'),
    jsonPostsOnly(),
    express.json({ limit: '200kb' }),
    graphQLBodyRefusals(),
    underRequestDeadline(),
    authenticateRequests(services.authentication),
    limits.perCredential(),
    retryLaterOnDatabaseFaults(logger, 'graphql'),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        const context: WithResponse = {
          ...createContext(services, String(req.id), actorOf(res)),
          clientAddress: clientAddress(req),
          [RESPONSE]: res,
        };
        return context;
      },
    }),
  );

  // Open Referral UK 3.0 read API: public, CORS *, same rate limit as /graphql.
  app.use(
    '/oruk',
    requestDeadline(requestTimeoutMs, 'problem', logger),
    createOrukRouter({ oruk: services.oruk, limiter: limits.perAddress('problem'), log }),
  );

  // A budget's statement as CSV, for whoever may view the budget (bearer token). A BUDGET_VIEW widget
  // session's token works only from its partner's page, so that page must be let read the answer and
  // its file name; the token, never a cookie, is the credential, so any origin may ask.
  app.use(
    '/exports',
    cors({ origin: true, methods: ['GET', 'OPTIONS'], exposedHeaders: ['Content-Disposition'], maxAge: 600 }),
    createStatementRouter({
      authentication: services.authentication,
      statements: services.budgetStatements,
      limiter: limits.perAddress('problem'),
    }),
  );
  // A care plan as FHIR R4 and as a printed page, for whoever may read the plan (bearer token of a signed-in
  // person, which authentication accepts only from coopcare's own pages: CORS lets those pages read the answer).
  const plans = { authentication: services.authentication, carePlans: services.carePlans };
  const planCors = cors({ origin: true, methods: ['GET', 'OPTIONS'], maxAge: 600 });
  app.use('/fhir', planCors, createFhirRouter({ ...plans, limiter: limits.perAddress('fhir') }));
  app.use('/care-plans', planCors, createPrintRouter({ ...plans, limiter: limits.perAddress('problem') }));
  // A volunteer's record as a page: printed by the volunteer or a coordinator (bearer token, as the plan's), or
  // opened by anyone holding an address the volunteer shared (no account: the address is the credential).
  const volunteerRecords = {
    authentication: services.authentication,
    volunteerRecords: services.volunteerRecords,
    volunteerRecordLinks: services.volunteerRecordLinks,
    limiter: limits.perAddress('problem'),
  };
  app.use('/timebank', planCors, createVolunteerRecordPrintRouter(volunteerRecords));
  app.use('/volunteer-record', createSharedVolunteerRecordRouter(volunteerRecords));
  // The time bank's receipts and the CSV of approved expense claims, for signed-in people (bearer token, which
  // authentication accepts only from coopcare's own pages). Receipts' bodies are read by the router, bounded.
  app.use(
    '/timebank',
    createExpensesRouter({
      authentication: services.authentication,
      receipts: services.receipts,
      expenseClaims: services.expenseClaims,
      limiter: limits.perAddress('problem'),
    }),
  );
  // A person's visits as iCalendar, behind a secret address (no bearer token): same public rate limit.
  app.use('/calendar', createCalendarRouter({ calendar: services.calendar, limiter: limits.perAddress('problem') }));

  app.use('/widgets', createWidgetRouter(widgets));

  // The council page and /embed are made once: neither depends on the request but for /embed's own address.
  const demo = options.demo === true && config.nodeEnv !== 'production';
  const pageScript = loadPageScript('council-page');
  const homePage = councilPage({ widgets: widgets?.build ?? null, script: pageScript, demo });
  const reference = readElementsManifest(widgets?.elementsManifest ?? null);
  app.get('/', (_req, res) => {
    res.type('html').send(homePage);
  });
  app.get('/council-page.js', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('text/javascript; charset=utf-8').send(pageScript.body);
  });
  app.use('/account', createAccountPagesRouter({ services, limiter: limits.perAddress('problem') }));
  // The signed-in page every message links to; what it shows comes after sign-in, from GraphQL.
  const accountScripts = loadAccountPageScripts();
  const signedInPage = accountPage(accountScripts);
  app.get('/account', (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('html').send(signedInPage);
  });
  for (const name of ACCOUNT_PAGE_SCRIPTS) {
    app.get(`/${name}.client.js`, (_req, res) => {
      res.set('Cache-Control', 'no-cache').type('text/javascript; charset=utf-8').send(accountScripts[name].body);
    });
  }
  app.get('/embed', (req, res) => {
    // The snippets carry the address this request came by: a shared cache must not hand them to others.
    res.set('Cache-Control', 'private, no-cache');
    res.type('html').send(embedPage({ origin: publicOrigin(req), widgets: widgets?.build ?? null, reference }));
  });
  if (demo) app.use('/demo', createDemoSignInRouter({ services, limiter: limits.perAddress('problem') }));
  if (servesDevMail({ smtpUrl: services.config.smtpUrl, nodeEnv: config.nodeEnv })) {
    app.use('/dev', createDevMailRouter({ outbox: services.outbox, limiter: limits.perAddress('problem') }));
  }

  // Express's own 404 page would replace the content security policy above with one that allows framing.
  app.use((_req: express.Request, res: express.Response) => void res.status(404).json({ error: 'Not found' }));

  // The database unreachable or too slow, behind any route: 503 and Retry-After, not an internal error.
  app.use(retryLaterOnDatabaseFaults(logger, 'problem'));
  // Anything unhandled outside GraphQL: a bare 500 with no detail, logged without the error's text.
  app.use((error: unknown, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = clientErrorStatus(error);
    if (status !== null) {
      res.status(status).json({ error: 'Bad request' });
      return;
    }
    log({ event: 'internal_error', errorClass: error instanceof Error ? error.constructor.name : typeof error });
    res.status(500).json({ error: 'Internal server error' });
  });

  return {
    app,
    apollo,
    beginDraining: draining.begin,
    listen: (port, host = '0.0.0.0') =>
      new Promise((resolve, reject) => {
        const server = app.listen(port, host, (error?: Error) => {
          if (error) return reject(error);
          const address = server.address();
          const actualPort = typeof address === 'object' && address ? address.port : port;
          resolve({ server, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${actualPort}` });
        });
      }),
  };
}

async function isReady(db: DataSource): Promise<boolean> {
  try {
    await db.query('SELECT 1');
    return !(await db.showMigrations());
  } catch {
    return false;
  }
}

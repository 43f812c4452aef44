import path from 'node:path';
import { z } from 'zod';
import { normaliseOrigin } from './auth/origins.js';
import { DEFAULT_FAIR_PRICE_FLOOR_PENCE } from './brokerage/pricing.js';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Everything configurable, read once from the environment; each value has a working default. */
export interface Config {
  port: number;
  /** The running app's connection: a role that owns nothing (README, "Database roles"). */
  databaseUrl: string | undefined;
  /** The schema owner's connection, for the migrations at start-up; absent, they run as DATABASE_URL's role. */
  databaseMigrationUrl: string | undefined;
  nodeEnv: string;
  /** Folder for the embedded PostgreSQL cluster when no DATABASE_URL is given. */
  dataDir: string;
  embeddedPgPort: number;
  /** Requests per minute one client address (an IPv6 /64) may make to any route that reaches the database. */
  publicRateLimitPerMinute: number;
  /** Requests per minute one API key or signed-in person may make to /graphql, from any number of addresses. */
  credentialRateLimitPerMinute: number;
  /**
   * Express's `trust proxy`: which proxies' X-Forwarded-For names the client. None by default, since
   * otherwise anything that can reach the port picks its own address. `true`/`false`, a hop count, or
   * comma-separated addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
   */
  trustProxy: boolean | number | string;
  /** Signs bearer and widget tokens; absent, each start makes a random one (and signs everyone out). */
  tokenSecret: string | undefined;
  /** Web origins (`scheme://host[:port]`) of coopcare's own front ends, whose signed-in tokens are accepted. */
  appOrigins: string[];
  /** Sign-in attempts one client address may make a minute, whatever the emails. */
  signInAttemptsPerAddress: number;
  /** Widget sessions one partner key may create a minute. */
  widgetSessionsPerMinute: number;
  /** COOPCARE_DEMO=1: seed the demo data into a DATABASE_URL server too (never in production). */
  demo: boolean;
  /**
   * The hourly rate below which a booking's price is flagged in quotes and the council's spend report
   * (never refused): by default the Homecare Association's Minimum Price for Homecare 2025/26 for England.
   */
  fairPriceFloorPence: number;
  logLevel: (typeof LOG_LEVELS)[number];
  /**
   * Where people reach coopcare, `scheme://host[:port]`: every link in a message starts with it. Absent,
   * `http://localhost:<PORT>`, which only works on this machine.
   */
  publicUrl: string;
  /** The SMTP server messages are sent through (`smtp://` or `smtps://`, with credentials); absent, they are kept at /dev/mail. */
  smtpUrl: string | undefined;
  /** The From of every message, as `Name <address>`. */
  mailFrom: string;
  /** Minutes a crisis alert may go unacknowledged before it escalates to the council's duty officer. */
  crisisEscalationMinutes: number;
  /** How long a client may wait for an answer to /graphql or /oruk before it is told TIMEOUT (503). */
  requestTimeoutMs: number;
  /** PostgreSQL's statement_timeout on the app's connections, and the pool's wait for a connection. */
  statementTimeoutMs: number;
}

export const DEFAULT_TRUST_PROXY = false;
export const DEFAULT_MAIL_FROM = 'coopcare <no-reply@coopcare.localhost>';
export const DEFAULT_CRISIS_ESCALATION_MINUTES = 10;
export const DEFAULT_CREDENTIAL_RATE_LIMIT = 3000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;

export const projectRoot = path.resolve(import.meta.dirname, import.meta.dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

/** A configuration that cannot work; its message names each variable and what is wrong, for a person to fix. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .refine((v) => /^\d+$/.test(v) && Number(v) >= min && Number(v) <= max, `must be a whole number from ${min} to ${max}`)
    .transform(Number);

const postgresUrl = z
  .string()
  .refine((v) => URL.canParse(v) && /^postgres(ql)?:$/.test(new URL(v).protocol), 'must be a postgres:// or postgresql:// URL')
  .optional();

const environment = z.object({
  PORT: wholeNumber(0, 65535).default(4000),
  DATABASE_URL: postgresUrl,
  DATABASE_MIGRATION_URL: postgresUrl,
  NODE_ENV: z.string().default('development'),
  COOPCARE_DATA_DIR: z.string().default(path.join(projectRoot, '.data', 'pg')),
  COOPCARE_PG_PORT: wholeNumber(1, 65535).default(54329),
  COOPCARE_RATE_LIMIT: wholeNumber(1, 10_000_000).default(600),
  COOPCARE_RATE_LIMIT_PER_CREDENTIAL: wholeNumber(1, 10_000_000).default(DEFAULT_CREDENTIAL_RATE_LIMIT),
  COOPCARE_TRUST_PROXY: z
    .string()
    .optional()
    .transform((v, ctx) => {
      try {
        return trustProxyFrom(v);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^COOPCARE_TRUST_PROXY: /, '') });
        return z.NEVER;
      }
    }),
  COOPCARE_TOKEN_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  COOPCARE_APP_ORIGINS: z
    .string()
    .default('')
    .transform((v, ctx) =>
      v
        .split(',')
        .map((o) => o.trim())
        .filter(Boolean)
        .map((given) => {
          const origin = normaliseOrigin(given);
          if (!origin) ctx.addIssue({ code: 'custom', message: `"${given}" is not a web origin like https://app.example.org (no path)` });
          return origin ?? '';
        }),
    ),
  COOPCARE_SIGN_IN_ATTEMPTS_PER_ADDRESS: wholeNumber(1, 9_999_999).default(20),
  COOPCARE_WIDGET_SESSIONS_PER_MINUTE: wholeNumber(1, 9_999_999).default(30),
  COOPCARE_DEMO: z.enum(['0', '1', 'false', 'true'], 'must be 1 (seed the demo data) or 0').default('0'),
  COOPCARE_FAIR_PRICE_FLOOR_PENCE: wholeNumber(1, 1_000_000).default(DEFAULT_FAIR_PRICE_FLOOR_PENCE),
  LOG_LEVEL: z.enum(LOG_LEVELS, `must be one of ${LOG_LEVELS.join(', ')}`).default('info'),
  COOPCARE_PUBLIC_URL: z
    .string()
    .refine((v) => normaliseOrigin(v) !== null, 'must be a web origin like https://care.example.org (no path)')
    .transform((v) => normaliseOrigin(v)!)
    .optional(),
  SMTP_URL: z
    .string()
    .refine((v) => URL.canParse(v) && /^smtps?:$/.test(new URL(v).protocol), 'must be an smtp:// or smtps:// URL')
    .optional(),
  MAIL_FROM: z.string().max(320).default(DEFAULT_MAIL_FROM),
  COOPCARE_CRISIS_ESCALATION_MINUTES: wholeNumber(1, 1440).default(DEFAULT_CRISIS_ESCALATION_MINUTES),
  COOPCARE_REQUEST_TIMEOUT_MS: wholeNumber(100, 600_000).default(DEFAULT_REQUEST_TIMEOUT_MS),
  COOPCARE_STATEMENT_TIMEOUT_MS: wholeNumber(100, 600_000).default(DEFAULT_STATEMENT_TIMEOUT_MS),
});

/** Only where pages run on localhost may a page that holds tokens (coopcare's own, or a partner's) be http://. */
export function allowsPlainHttpOrigins(nodeEnv: string): boolean {
  return nodeEnv === 'development' || nodeEnv === 'test';
}

const variables = environment
  // The embedded server makes its own roles: an owner's URL without the app's is a mistake.
  .refine((e) => !e.DATABASE_MIGRATION_URL || e.DATABASE_URL, {
    path: ['DATABASE_MIGRATION_URL'],
    message: 'needs DATABASE_URL too (the app runs as DATABASE_URL and migrates as DATABASE_MIGRATION_URL)',
  })
  // A page served over plain http can be changed on its way to the browser, and read the tokens it holds.
  .refine((e) => allowsPlainHttpOrigins(e.NODE_ENV) || e.COOPCARE_APP_ORIGINS.every((o) => o.startsWith('https:')), {
    path: ['COOPCARE_APP_ORIGINS'],
    message: 'must be https:// origins outside development and test',
  })
  // A statement allowed to outlast the request would go on after its client had been told TIMEOUT.
  .superRefine((e, ctx) => {
    if (e.COOPCARE_STATEMENT_TIMEOUT_MS <= e.COOPCARE_REQUEST_TIMEOUT_MS) return;
    const [statement, request] = [e.COOPCARE_STATEMENT_TIMEOUT_MS, e.COOPCARE_REQUEST_TIMEOUT_MS];
    const message = `is ${statement} ms and must be no more than COOPCARE_REQUEST_TIMEOUT_MS (${request} ms)`;
    ctx.addIssue({ code: 'custom', path: ['COOPCARE_STATEMENT_TIMEOUT_MS'], message });
  });

/** Their values never appear in an error message. */
const SECRET_VARIABLES = new Set(['DATABASE_URL', 'DATABASE_MIGRATION_URL', 'COOPCARE_TOKEN_SECRET', 'SMTP_URL']);

/** Reads and checks every variable; throws a ConfigError naming each one that is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // An empty variable (`PORT=`) means "not set", as a shell user expects.
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value.trim() !== ''));
  const parsed = variables.safeParse(given);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      const value = SECRET_VARIABLES.has(name) || given[name] === undefined ? '' : `="${given[name]}"`;
      return `  ${name}${value}: ${issue.message.replace(/\.$/, '')}.`;
    });
    throw new ConfigError(`the configuration is not valid:\n${problems.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databaseMigrationUrl: e.DATABASE_MIGRATION_URL,
    nodeEnv: e.NODE_ENV,
    dataDir: e.COOPCARE_DATA_DIR,
    embeddedPgPort: e.COOPCARE_PG_PORT,
    publicRateLimitPerMinute: e.COOPCARE_RATE_LIMIT,
    credentialRateLimitPerMinute: e.COOPCARE_RATE_LIMIT_PER_CREDENTIAL,
    trustProxy: e.COOPCARE_TRUST_PROXY,
    tokenSecret: e.COOPCARE_TOKEN_SECRET,
    appOrigins: e.COOPCARE_APP_ORIGINS,
    signInAttemptsPerAddress: e.COOPCARE_SIGN_IN_ATTEMPTS_PER_ADDRESS,
    widgetSessionsPerMinute: e.COOPCARE_WIDGET_SESSIONS_PER_MINUTE,
    demo: e.COOPCARE_DEMO === '1' || e.COOPCARE_DEMO === 'true',
    fairPriceFloorPence: e.COOPCARE_FAIR_PRICE_FLOOR_PENCE,
    logLevel: e.LOG_LEVEL,
    publicUrl: e.COOPCARE_PUBLIC_URL ?? `http://localhost:${e.PORT}`,
    smtpUrl: e.SMTP_URL,
    mailFrom: e.MAIL_FROM,
    crisisEscalationMinutes: e.COOPCARE_CRISIS_ESCALATION_MINUTES,
    requestTimeoutMs: e.COOPCARE_REQUEST_TIMEOUT_MS,
    statementTimeoutMs: e.COOPCARE_STATEMENT_TIMEOUT_MS,
  };
}

/** The most instances `npm run start:cluster` runs: each holds a pool of 20 connections to PostgreSQL. */
export const MAX_INSTANCES = 64;

/** `npm run start:cluster -- N`: N, or the machine's CPUs (at most MAX_INSTANCES) when it is not given. */
export function instanceCountFrom(argument: string | undefined, cpus: number): number {
  if (argument === undefined || argument.trim() === '') return Math.min(Math.max(cpus, 1), MAX_INSTANCES);
  const parsed = wholeNumber(1, MAX_INSTANCES).safeParse(argument.trim());
  if (parsed.success) return parsed.data;
  throw new ConfigError(
    `the number of instances "${argument}" ${parsed.error.issues[0]?.message}: for example \`npm run start:cluster -- 4\`.`,
  );
}

/**
 * What production may not run without, as a sentence, or undefined when nothing is missing. Without
 * its own database it would keep people's records in a folder on one machine; without a token secret
 * every restart or second instance would sign everyone out; without an SMTP server no message would
 * leave it; and without its public address every emailed link would point at localhost.
 */
export function productionRefusal(
  config: Pick<Config, 'nodeEnv' | 'databaseUrl' | 'tokenSecret' | 'smtpUrl' | 'publicUrl'>,
): string | undefined {
  if (config.nodeEnv !== 'production') return undefined;
  const missing = [
    !config.databaseUrl && 'DATABASE_URL (the PostgreSQL server to use: the embedded one is for laptops)',
    !config.tokenSecret && 'COOPCARE_TOKEN_SECRET (at least 32 random characters that sign sign-in tokens)',
    !config.smtpUrl && 'SMTP_URL (the mail server messages are sent through)',
    !isPublicAddress(config.publicUrl) &&
      'COOPCARE_PUBLIC_URL (the https:// address people reach coopcare at: every emailed link starts with it)',
  ].filter((item): item is string => Boolean(item));
  if (missing.length === 0) return undefined;
  const list = missing.length > 1 ? `${missing.slice(0, -1).join(', ')} and ${missing.at(-1)}` : missing[0];
  return `NODE_ENV is production, so coopcare needs ${list}. Set ${missing.length > 1 ? 'them' : 'it'} and start again.`;
}

/** An https:// address others can reach: not the localhost default, nor a loopback address. */
function isPublicAddress(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === 'https:' && hostname !== 'localhost' && !hostname.endsWith('.localhost') && !/^(127\.|\[::1\]$)/.test(hostname);
}

/**
 * The demo data (accounts with a published password) goes only where nobody real can meet it: never in
 * production; always into the embedded database; into a DATABASE_URL server only when COOPCARE_DEMO=1.
 */
export function seedsDemoData(config: Pick<Config, 'nodeEnv' | 'databaseUrl' | 'demo'>): boolean {
  return config.nodeEnv !== 'production' && (!config.databaseUrl || config.demo);
}

export function trustProxyFrom(value: string | undefined): boolean | number | string {
  const given = value?.trim();
  if (!given) return DEFAULT_TRUST_PROXY;
  if (given === 'true' || given === 'false') return given === 'true';
  if (/^\d+$/.test(given)) return Number(given);
  const names = new Set(['loopback', 'linklocal', 'uniquelocal']);
  for (const part of given.split(',').map((p) => p.trim())) {
    if (!part || !(names.has(part) || /^[0-9a-fA-F:.]+(\/\d{1,3})?$/.test(part))) {
      throw new Error(`COOPCARE_TRUST_PROXY: "${part}" is not an address, CIDR range, hop count or loopback/linklocal/uniquelocal.`);
    }
  }
  return given;
}

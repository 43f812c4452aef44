import path from 'node:path';

/** Everything configurable comes from the environment; each value has a working default. */
export interface Config {
  port: number;
  databaseUrl: string | undefined;
  nodeEnv: string;
  /** Folder for the embedded PostgreSQL cluster when no DATABASE_URL is given. */
  dataDir: string;
  embeddedPgPort: number;
  /** Requests per minute one client address may make to the public API. */
  publicRateLimitPerMinute: number;
  /**
   * Express's `trust proxy`: which proxies' X-Forwarded-For names the client (`req.ip`). `true`/`false`,
   * a hop count, or comma-separated addresses, CIDR ranges and the names loopback, linklocal, uniquelocal.
   */
  trustProxy: boolean | number | string;
}

export const DEFAULT_TRUST_PROXY = 'loopback';

export const projectRoot = path.resolve(import.meta.dirname, import.meta.dirname.includes(`${path.sep}dist${path.sep}`) ? '../..' : '..');

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  return {
    port: intFrom(env.PORT, 4000),
    databaseUrl: env.DATABASE_URL || undefined,
    nodeEnv: env.NODE_ENV ?? 'development',
    dataDir: env.COOPCARE_DATA_DIR ?? path.join(projectRoot, '.data', 'pg'),
    embeddedPgPort: intFrom(env.COOPCARE_PG_PORT, 54329),
    publicRateLimitPerMinute: intFrom(env.COOPCARE_RATE_LIMIT, 600),
    trustProxy: trustProxyFrom(env.COOPCARE_TRUST_PROXY),
  };
}

function intFrom(value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new Error(`Expected a whole number, got "${value}"`);
  return n;
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

import { randomBytes } from 'node:crypto';
import { normaliseOrigin } from './origins.js';

export interface AuthOptions {
  tokenKey: Uint8Array;
  accessTokenMinutes: number;
  refreshTokenDays: number;
  maxWidgetMinutes: number;
  /** Sign-in attempts for one email from one client address within `failureWindowMinutes` before the pair is locked. */
  maxFailures: number;
  failureWindowMinutes: number;
  /** The first lock-out; it doubles with each further failure, up to `maxLockSeconds`. */
  baseLockSeconds: number;
  maxLockSeconds: number;
  /** Sign-in attempts one client address (an IPv6 /64) may make in a minute, whatever the emails. */
  addressAttemptsPerMinute: number;
  /** Web origins of coopcare's own front ends, from which signed-in people's tokens may be used. */
  appOrigins: string[];
}

export const DEFAULT_AUTH_OPTIONS: Omit<AuthOptions, 'tokenKey'> = {
  accessTokenMinutes: 30,
  refreshTokenDays: 30,
  maxWidgetMinutes: 15,
  maxFailures: 5,
  failureWindowMinutes: 15,
  baseLockSeconds: 60,
  maxLockSeconds: 15 * 60,
  addressAttemptsPerMinute: 20,
  appOrigins: [],
};

/** COOPCARE_TOKEN_SECRET signs tokens (without it, a key made for this process: tokens then end with it). */
export function authOptionsFromEnv(env: NodeJS.ProcessEnv): AuthOptions {
  const secret = env.COOPCARE_TOKEN_SECRET;
  if (secret !== undefined && secret.length < 32) throw new Error('COOPCARE_TOKEN_SECRET must be at least 32 characters.');
  const appOrigins = (env.COOPCARE_APP_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      const n = normaliseOrigin(o);
      if (!n) throw new Error(`COOPCARE_APP_ORIGINS: "${o}" is not a web origin.`);
      return n;
    });
  const perAddress = env.COOPCARE_SIGN_IN_ATTEMPTS_PER_ADDRESS?.trim();
  if (perAddress && !/^[1-9]\d{0,6}$/.test(perAddress)) throw new Error(`COOPCARE_SIGN_IN_ATTEMPTS_PER_ADDRESS: "${perAddress}" is not a whole number above 0.`);
  return {
    ...DEFAULT_AUTH_OPTIONS,
    tokenKey: secret ? new TextEncoder().encode(secret) : randomBytes(32),
    appOrigins,
    ...(perAddress ? { addressAttemptsPerMinute: Number(perAddress) } : {}),
  };
}

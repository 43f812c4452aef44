import { randomBytes } from 'node:crypto';
import type { Config } from '../config.js';

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
  /** Whether partners' pages may be `http://` origins: only in development and test, where pages run on localhost. */
  plainHttpOrigins: boolean;
}

/** The limits no variable sets; the configured ones (key, origins, per-address attempts, environment) come from api/config.ts. */
const FIXED_AUTH_OPTIONS: Omit<AuthOptions, 'tokenKey' | 'appOrigins' | 'addressAttemptsPerMinute' | 'plainHttpOrigins'> = {
  accessTokenMinutes: 30,
  refreshTokenDays: 30,
  maxWidgetMinutes: 15,
  maxFailures: 5,
  failureWindowMinutes: 15,
  baseLockSeconds: 60,
  maxLockSeconds: 15 * 60,
};

/** The configured values (api/config.ts validates them); without a token secret, a key made for this process, so tokens end with it. */
export function authOptionsFrom(config: Pick<Config, 'tokenSecret' | 'appOrigins' | 'signInAttemptsPerAddress' | 'nodeEnv'>): AuthOptions {
  return {
    ...FIXED_AUTH_OPTIONS,
    tokenKey: config.tokenSecret ? new TextEncoder().encode(config.tokenSecret) : randomBytes(32),
    appOrigins: config.appOrigins,
    addressAttemptsPerMinute: config.signInAttemptsPerAddress,
    plainHttpOrigins: config.nodeEnv === 'development' || config.nodeEnv === 'test',
  };
}

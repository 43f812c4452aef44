import { randomBytes } from 'node:crypto';
import { allowsPlainHttpOrigins, type Config } from '../config.js';

export interface AuthOptions {
  tokenKey: Uint8Array;
  accessTokenMinutes: number;
  refreshTokenDays: number;
  maxWidgetMinutes: number;
  /** Widget sessions one partner key may create a minute. */
  widgetSessionsPerMinute: number;
  /** Sign-in attempts for one email from one client address within `failureWindowMinutes` before the pair is locked. */
  maxFailures: number;
  failureWindowMinutes: number;
  /** The first lock-out; it doubles with each further one within a day, up to `maxLockSeconds`. */
  baseLockSeconds: number;
  maxLockSeconds: number;
  /** Sign-in attempts one client address (an IPv6 /64) may make in a minute, whatever the emails. */
  addressAttemptsPerMinute: number;
  /** Failed sign-ins one client address may make in a day, whatever the emails: slow guessing across many accounts. */
  addressFailuresPerDay: number;
  /**
   * Web origins of coopcare's own front ends, from which signed-in people's tokens may be used:
   * COOPCARE_APP_ORIGINS and COOPCARE_PUBLIC_URL's own, where the account page is served.
   */
  appOrigins: string[];
  /** Whether partners' pages may be `http://` origins: only in development and test, where pages run on localhost. */
  plainHttpOrigins: boolean;
}

type Configured = 'tokenKey' | 'appOrigins' | 'addressAttemptsPerMinute' | 'widgetSessionsPerMinute' | 'plainHttpOrigins';

/** Limits no variable sets; the configured ones (key, origins, sign-in and widget limits, environment) come from api/config.ts. */
const FIXED_AUTH_OPTIONS: Omit<AuthOptions, Configured> = {
  accessTokenMinutes: 30,
  refreshTokenDays: 30,
  maxWidgetMinutes: 15,
  maxFailures: 5,
  failureWindowMinutes: 15,
  baseLockSeconds: 60,
  maxLockSeconds: 15 * 60,
  // An office behind one address signs many people in; a day's mistyped passwords stay well below this.
  addressFailuresPerDay: 200,
};

/** The configured values (api/config.ts validates them); without a token secret, a key made for this process, so tokens end with it. */
export function authOptionsFrom(
  config: Pick<Config, 'tokenSecret' | 'appOrigins' | 'publicUrl' | 'signInAttemptsPerAddress' | 'widgetSessionsPerMinute' | 'nodeEnv'>,
): AuthOptions {
  return {
    ...FIXED_AUTH_OPTIONS,
    tokenKey: config.tokenSecret ? new TextEncoder().encode(config.tokenSecret) : randomBytes(32),
    // The account page (/account) signs people in on coopcare's own address (an origin, as config.ts keeps it).
    appOrigins: [...new Set([...config.appOrigins, config.publicUrl])],
    addressAttemptsPerMinute: config.signInAttemptsPerAddress,
    widgetSessionsPerMinute: config.widgetSessionsPerMinute,
    plainHttpOrigins: allowsPlainHttpOrigins(config.nodeEnv),
  };
}

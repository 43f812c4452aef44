import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { DataSource } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import { clientAddressKey } from '../common/client-address.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { secondsToWait, sharedLimiter, spent } from '../common/rate-limiter.js';
import type { Acting } from './actor.js';
import type { AuthOptions } from './auth.options.js';
import type { SignInAccount } from './credentials.js';
import { sha256 } from './secrets.js';

/** One sign-in attempt's keys: SHA-256s, so neither typed emails nor addresses are stored. */
export interface SignInKeys {
  address: string;
  emailAndAddress: string;
}

export function signInKeys(email: string, clientAddress: string): SignInKeys {
  const client = clientAddressKey(clientAddress);
  return { address: sha256(`sign-in-address:${client}`), emailAndAddress: sha256(`sign-in:${email}\n${client}`) };
}

/**
 * rate-limiter-flexible's login protection, counted in the shared PostgreSQL table and each attempt
 * counted before its password is checked (one atomic upsert per limit, so concurrent guesses cannot
 * outrun the count). Per client address: `addressAttemptsPerMinute` attempts a minute and
 * `addressFailuresPerDay` failures a day, whatever the emails. Per (email, client address): after
 * `maxFailures` attempts within the window the pair is locked, each lock-out within a day twice as long
 * as the one before. Nothing is counted per email alone: a stranger elsewhere cannot lock the owner out.
 * Unknown emails are counted alike, so the limits do not tell which accounts exist.
 */
export class SignInGuard {
  private readonly attemptsPerAddress: RateLimiterPostgres;
  private readonly failuresPerAddress: RateLimiterPostgres;
  private readonly failuresPerPair: RateLimiterPostgres;
  private readonly lockOutsPerPair: RateLimiterPostgres;

  constructor(
    db: DataSource,
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly options: AuthOptions,
  ) {
    const o = options;
    this.attemptsPerAddress = sharedLimiter(db, { keyPrefix: 'sign-in-address', points: o.addressAttemptsPerMinute, duration: 60 });
    // Counts attempts; a success hands its point back, so what remains are the day's failures.
    this.failuresPerAddress = sharedLimiter(db, { keyPrefix: 'sign-in-address-day', points: o.addressFailuresPerDay, duration: 86_400 });
    this.failuresPerPair = sharedLimiter(db, { keyPrefix: 'sign-in', points: o.maxFailures, duration: o.failureWindowMinutes * 60 });
    this.lockOutsPerPair = sharedLimiter(db, { keyPrefix: 'sign-in-lock-outs', points: Number.MAX_SAFE_INTEGER, duration: 86_400 });
  }

  /**
   * Counts this attempt and says how long to wait, or null when its password may be checked. An attempt
   * over an address limit is not counted against the pair, and one the pair refuses is not counted
   * against the address's day, which counts passwords checked: a device retrying an old password from a
   * shared office address spends its own lock-outs, not everyone's day. The attempt that exceeds the
   * pair's limit starts a lock-out, audited as `session.lockedOut`.
   */
  async admit(acting: Acting, person: SignInAccount | null, keys: SignInKeys): Promise<{ refusedForSeconds: number | null }> {
    const perMinute = await spent(this.attemptsPerAddress.consume(keys.address));
    if (perMinute.refused) return { refusedForSeconds: secondsToWait(perMinute.state) };
    const pair = await spent(this.failuresPerPair.consume(keys.emailAndAddress));
    if (!pair.refused) {
      const day = await spent(this.failuresPerAddress.consume(keys.address));
      if (!day.refused) return { refusedForSeconds: null };
      await this.failuresPerPair.reward(keys.emailAndAddress);
      return { refusedForSeconds: secondsToWait(day.state) };
    }
    // Exactly one attempt, even among concurrent ones, is the first over the limit: the upsert counts atomically.
    if (pair.state.consumedPoints !== this.options.maxFailures + 1) return { refusedForSeconds: secondsToWait(pair.state) };

    const lockOuts = (await this.lockOutsPerPair.consume(keys.emailAndAddress)).consumedPoints;
    const seconds = Math.min(this.options.maxLockSeconds, this.options.baseLockSeconds * 2 ** (lockOuts - 1));
    await this.failuresPerPair.block(keys.emailAndAddress, seconds);
    const lockedOut = {
      action: 'session.lockedOut',
      objectType: 'Person',
      objectId: person?.id ?? null,
      councilId: person?.councilId ?? null,
      summary: { lockSeconds: seconds, lockCount: lockOuts, scope: 'emailAndClientAddress' },
    };
    // Kept even if the caller's unit of work rolls back, as the counts are.
    await this.uow.independent(() => this.audit.record(acting, lockedOut));
    return { refusedForSeconds: seconds };
  }

  /** A successful sign-in clears its pair's count and lock-outs, and takes its attempt off the address's failures. */
  async succeeded(keys: SignInKeys): Promise<void> {
    await Promise.all([
      this.failuresPerPair.delete(keys.emailAndAddress),
      this.lockOutsPerPair.delete(keys.emailAndAddress),
      this.failuresPerAddress.reward(keys.address),
    ]);
  }
}

import ipaddr from 'ipaddr.js';
import type { EntityManager } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import { returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { Acting } from './actor.js';
import type { AuthOptions } from './auth.options.js';
import type { SignInAccount } from './credentials.js';

/**
 * What sign-in limits count a client by: an IPv4 address as it is (an IPv4-mapped IPv6 one too); an IPv6
 * address by its /64, since one subscriber is handed a whole /64 and could otherwise rotate through it.
 */
export function clientAddressKey(address: string): string {
  if (!ipaddr.isValid(address)) return address;
  const parsed = ipaddr.process(address);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

/**
 * Sign-in limits, kept in PostgreSQL so every instance counts alike. Two limits, each attempt counted
 * before the password is checked (one atomic upsert each, so concurrent guesses cannot outrun the
 * count): per client address, at most `addressAttemptsPerMinute` sign-ins a minute across all emails;
 * per (email, client address), after `maxFailures` attempts in the window the pair is locked for a
 * minute, doubling per lock-out. Nothing is counted per email alone: a stranger elsewhere cannot keep
 * the owner out.
 */
export class SignInThrottle {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly options: AuthOptions,
  ) {}

  /**
   * Counts this attempt and says whether its password may be checked. One transaction: the client
   * address's per-minute count, then the (email, address) count, each in one upsert, and the audit row of
   * a lock-out that starts now. An attempt over the address limit is not counted against the pair.
   */
  admit(acting: Acting, person: SignInAccount | null, pairKey: string, addressKey: string): Promise<{ refusedForSeconds: number | null }> {
    // Committed before the password is checked, and kept if the caller's unit of work rolls back.
    return this.uow.independent((em) => this.count(em, acting, person, pairKey, addressKey));
  }

  private async count(
    em: EntityManager,
    acting: Acting,
    person: SignInAccount | null,
    pairKey: string,
    addressKey: string,
  ): Promise<{ refusedForSeconds: number | null }> {
    const o = this.options;
    // A fixed one-minute window per address: last_failure_at holds the window's start, failures the
    // attempts in it (capped, so a flood does not grow the number).
    const perAddress: { attempts: number; wait: number }[] = await em.query(
      `INSERT INTO login_throttle AS t (key_hash, failures, last_failure_at) VALUES ($1, 1, now())
       ON CONFLICT (key_hash) DO UPDATE SET
         failures = CASE WHEN t.last_failure_at <= now() - interval '1 minute' THEN 1 ELSE least(t.failures + 1, $2::int + 1) END,
         last_failure_at = CASE WHEN t.last_failure_at <= now() - interval '1 minute' THEN now() ELSE t.last_failure_at END
       RETURNING t.failures AS attempts,
         -- now() is this transaction's start; a window another, later transaction opened can look a moment longer.
         least(60, greatest(1, ceil(extract(epoch FROM t.last_failure_at + interval '1 minute' - now()))))::int AS wait`,
      [addressKey, o.addressAttemptsPerMinute],
    );
    if (perAddress[0]!.attempts > o.addressAttemptsPerMinute) return { refusedForSeconds: perAddress[0]!.wait };

    // Locked: refused and not counted. Window lapsed: start again. A lock just served: one attempt is
    // checked. Under the limit: checked. Otherwise this attempt starts the next, twice as long, lock-out.
    // Row-locked first, so "was it locked already?" is read from the latest committed attempt.
    const prior: { locked: boolean }[] = await em.query(
      `SELECT locked_until > now() AS locked FROM login_throttle WHERE key_hash = $1 FOR UPDATE`,
      [pairKey],
    );
    const counted: { outcome: 'check' | 'lockStarted'; seconds: number; lock_count: number }[] = returnedRows(
      await em.query(
        `INSERT INTO login_throttle AS t (key_hash, failures, last_failure_at, locked_until, lock_count) VALUES ($1, 1, now(), NULL, 0)
         ON CONFLICT (key_hash) DO UPDATE SET
           failures = CASE WHEN t.locked_until > now() THEN t.failures
                           WHEN t.last_failure_at < now() - make_interval(mins => $2) THEN 1 ELSE t.failures + 1 END,
           lock_count = CASE WHEN t.locked_until > now() THEN t.lock_count
                             WHEN t.last_failure_at < now() - make_interval(mins => $2) THEN 0
                             WHEN t.locked_until IS NULL AND t.failures + 1 > $3 THEN t.lock_count + 1 ELSE t.lock_count END,
           locked_until = CASE WHEN t.locked_until > now() THEN t.locked_until
                               WHEN t.last_failure_at < now() - make_interval(mins => $2) THEN NULL
                               WHEN t.locked_until IS NOT NULL THEN NULL
                               WHEN t.failures + 1 > $3
                                 THEN now() + make_interval(secs => least($5::float8, $4::float8 * power(2, t.lock_count)))
                               ELSE NULL END,
           last_failure_at = CASE WHEN t.locked_until > now() THEN t.last_failure_at ELSE now() END
         RETURNING CASE WHEN t.locked_until > now() THEN 'lockStarted' ELSE 'check' END AS outcome,
                   COALESCE(ceil(extract(epoch FROM t.locked_until - now())), 0)::int AS seconds, t.lock_count`,
        [pairKey, o.failureWindowMinutes, o.maxFailures, o.baseLockSeconds, o.maxLockSeconds],
      ),
    );
    const row = counted[0]!;
    if (prior[0]?.locked) return { refusedForSeconds: row.seconds };
    if (row.outcome === 'lockStarted') {
      await this.audit.record(acting, {
        action: 'session.lockedOut',
        objectType: 'Person',
        objectId: person?.id ?? null,
        councilId: person?.councilId ?? null,
        summary: { lockSeconds: row.seconds, lockCount: row.lock_count, scope: 'emailAndClientAddress' },
      });
    }
    if (row.outcome !== 'check') return { refusedForSeconds: row.seconds };
    return { refusedForSeconds: null };
  }

  /**
   * Rows of old attempts tell nothing any more; dropping a few per failure keeps the table small. Rows
   * another sign-in holds are skipped, so this never waits on (or deadlocks with) a concurrent attempt.
   */
  async dropStale(): Promise<void> {
    const o = this.options;
    await this.uow.manager.query(
      `DELETE FROM login_throttle WHERE key_hash IN (
         SELECT key_hash FROM login_throttle
          WHERE last_failure_at < now() - make_interval(mins => $1) AND (locked_until IS NULL OR locked_until < now())
          LIMIT 100 FOR UPDATE SKIP LOCKED)`,
      [Math.max(o.failureWindowMinutes, Math.ceil(o.maxLockSeconds / 60)) * 2],
    );
  }

  /** A successful sign-in clears the count for its email and address. */
  async clear(pairKey: string): Promise<void> {
    await this.uow.manager.query(`DELETE FROM login_throttle WHERE key_hash = $1`, [pairKey]);
  }
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Sign-in attempts, counted before the password is checked: per (email, client address) for the
 * lock-out, and per client address alone for the per-minute limit. Keys are SHA-256s, so addresses
 * strangers typed are not stored; counted alike whether or not an account exists, so they reveal nothing.
 */
@Entity('login_throttle')
export class LoginThrottle {
  @PrimaryColumn({ name: 'key_hash', type: 'text' })
  keyHash: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ name: 'last_failure_at', type: 'timestamptz' })
  lastFailureAt: Date;

  @Column({ name: 'locked_until', type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  /** Lock-outs since the window last lapsed: each lasts twice the one before. */
  @Column({ name: 'lock_count', type: 'integer', default: 0 })
  lockCount: number;
}

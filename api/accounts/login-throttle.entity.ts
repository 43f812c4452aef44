import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed sign-ins per email address (kept as a SHA-256, so addresses strangers typed are not stored),
 * counted alike whether or not an account exists, so the lock-out reveals nothing either.
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
}

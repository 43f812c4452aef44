import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * One signed-in session: the access tokens name it (so logout ends them at once) and it holds the
 * SHA-256 of its current refresh token. Refreshing rotates the token; the used ones are kept in
 * `used_refresh_token`, and presenting any of them again means it was copied, and ends the session.
 */
@Entity('account_session')
export class AccountSession {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('account_session_person_idx')
  @ForeignKey('Person', { onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Index('account_session_refresh_key', { unique: true })
  @Column({ name: 'refresh_hash', type: 'text' })
  refreshHash: string;

  @Column({ name: 'refresh_expires_at', type: 'timestamptz' })
  refreshExpiresAt: Date;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true })
  revokedAt: Date | null;
}

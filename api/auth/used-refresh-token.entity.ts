import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryColumn } from 'typeorm';

/**
 * The SHA-256 of every refresh token a session has already swapped. Each is good once, so one presented
 * again (however many rotations ago) was copied: the session it belonged to ends. Rows go with their session.
 */
@Entity('used_refresh_token')
export class UsedRefreshToken {
  @PrimaryColumn({ name: 'token_hash', type: 'text', primaryKeyConstraintName: 'PK_used_refresh_token' })
  tokenHash: string;

  @Index('used_refresh_token_session_idx')
  @ForeignKey('AccountSession', { name: 'FK_used_refresh_token_session', onDelete: 'CASCADE' })
  @Column({ name: 'session_id', type: 'uuid' })
  sessionId: string;

  @CreateDateColumn({ name: 'used_at', type: 'timestamptz' })
  usedAt: Date;
}

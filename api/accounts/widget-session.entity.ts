import { Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { WidgetPurpose } from '../auth/auth.enums.js';

/** A widget session a partner minted: its token names this row, so revoking the key ends it. */
@Entity('widget_session')
export class WidgetSessionRecord {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('widget_session_api_key_idx')
  @ForeignKey('ApiKey', { onDelete: 'CASCADE' })
  @Column({ name: 'api_key_id', type: 'uuid' })
  apiKeyId: string;

  @ForeignKey('Person', { onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ type: 'text' })
  purpose: WidgetPurpose;

  @Column({ type: 'text' })
  origin: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;
}

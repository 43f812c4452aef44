import { Check, Column, CreateDateColumn, Entity, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';

/** What an emailed link lets its holder do. */
export enum AccountTokenPurpose {
  /** Set the first password of an account someone else made. */
  INVITATION = 'INVITATION',
  PASSWORD_RESET = 'PASSWORD_RESET',
  /** Move the account to `newEmail`: proves the new address is theirs. */
  EMAIL_CHANGE = 'EMAIL_CHANGE',
}

/** One emailed link (migrations/1768000100000-AccountTokens.ts): only its secret's SHA-256 is kept. */
@Entity('account_token')
@Check('account_token_purpose_check', `"purpose" IN ('INVITATION', 'PASSWORD_RESET', 'EMAIL_CHANGE')`)
@Check('account_token_new_email_check', `("purpose" = 'EMAIL_CHANGE') = ("new_email" IS NOT NULL)`)
@Index('account_token_person_idx', ['personId', 'purpose'])
export class AccountToken {
  @PrimaryGeneratedColumn('uuid', { primaryKeyConstraintName: 'PK_account_token' })
  id: string;

  @ForeignKey('Person', { name: 'FK_account_token_person', onDelete: 'CASCADE' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId: string;

  @Column({ type: 'text' })
  purpose: AccountTokenPurpose;

  @Index('account_token_hash_key', { unique: true })
  @Column({ name: 'token_hash', type: 'text' })
  tokenHash: string;

  @Column({ name: 'new_email', type: 'text', nullable: true })
  newEmail: string | null;

  @Column({ name: 'expires_at', type: 'timestamptz' })
  expiresAt: Date;

  @Column({ name: 'used_at', type: 'timestamptz', nullable: true })
  usedAt: Date | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt: Date;

  @ForeignKey('Person', { name: 'FK_account_token_created_by', onDelete: 'SET NULL' })
  @Column({ name: 'created_by_id', type: 'uuid', nullable: true })
  createdById: string | null;
}

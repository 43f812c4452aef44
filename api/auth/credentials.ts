import type { ApiKeyScope, RepresentativeRight, WidgetPurpose } from './auth.enums.js';
import type { Acting, StaffTie } from './actor.js';

/** An account as sign-in needs it. */
export interface SignInAccount {
  id: string;
  councilId: string | null;
  passwordHash: string | null;
}

/** What a person may do beyond their own things: admin, staff ties, rights others granted them. */
export interface ActorTies {
  isAdmin: boolean;
  staff: readonly StaffTie[];
  grants: readonly { personId: string; right: RepresentativeRight }[];
}

export interface LivePartnerKey {
  apiKeyId: string;
  councilId: string;
  scopes: readonly ApiKeyScope[];
  allowedOrigins: readonly string[];
}

export interface LiveWidgetSession {
  widgetSessionId: string;
  apiKeyId: string;
  personId: string;
  purpose: WidgetPurpose;
  origin: string;
  expiresAt: Date;
}

/**
 * What authentication needs from the accounts domain, which owns people, keys and widget sessions.
 * Declared here and implemented there (api/accounts/credentials.service.ts), so auth never reads
 * another domain's tables and accounts may use auth without a cycle.
 */
export interface CredentialStore {
  /** The account with this normalised email; null when there is none. */
  accountForSignIn(email: string): Promise<SignInAccount | null>;
  actorTies(personId: string): Promise<ActorTies | null>;
  /** The unrevoked key whose secret hashes to this. */
  partnerKey(secretHash: string): Promise<LivePartnerKey | null>;
  /** The widget session, if unexpired, its key unrevoked and the person's consent older than it. */
  widgetSession(widgetSessionId: string, personId: string): Promise<LiveWidgetSession | null>;
}

/** What the emailed links let someone do to a password (api/accounts/account-tokens.service.ts). */
export type PasswordLinkPurpose = 'INVITATION' | 'PASSWORD_RESET';

/**
 * Setting a password through an emailed link, implemented by accounts: uses the link up and returns whose
 * account it is, in the caller's transaction, or throws (the link does not work, the password is weak).
 */
export interface PasswordLinks {
  setPasswordWith(acting: Acting, purpose: PasswordLinkPurpose, secret: string, password: string): Promise<string>;
}

import { randomBytes } from 'node:crypto';
import type { RateLimiterPostgres } from 'rate-limiter-flexible';
import type { AuditService } from '../audit/audit.service.js';
import { type Acting, requirePerson } from '../auth/actor.js';
import type { PasswordLinkPurpose, PasswordLinks } from '../auth/credentials.js';
import { dummyPasswordHash, sha256, verifyPassword } from '../auth/secrets.js';
import { clientAddressKey } from '../common/client-address.js';
import { secondsToWait, spent } from '../common/rate-limiter.js';
import { isEmailAddress, normaliseEmail } from '../common/rules.js';
import { brokeConstraint, returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { recipientOf } from '../notifications/recipient.js';
import type { AccountLetters } from './account-letters.js';
import { AccountToken, AccountTokenPurpose } from './account-token.entity.js';
import { AccountsException, AccountsExceptionCode, invalidInput, invalidToken } from './accounts.exception.js';
import { MAX_PASSWORD_LENGTH } from './password-policy.js';
import type { PeopleService } from './people.service.js';
import type { Person } from './person.entity.js';

const HOUR = 60 * 60_000;
/** How long each kind of link works: long enough to be read, short enough that an old mailbox lets nobody in. */
const LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  INVITATION: 7 * 24 * HOUR,
  PASSWORD_RESET: HOUR,
  EMAIL_CHANGE: 24 * HOUR,
};
/** A link's secret is 43 characters; anything much longer is not one, and is refused before it is hashed. */
const MAX_SECRET_LENGTH = 100;

/** The limits on asking for links, shared by every instance. */
export interface LinkLimiters {
  resetsPerClientAddress: RateLimiterPostgres;
  resetsPerEmail: RateLimiterPostgres;
  /** Each asks for the account's password: a stolen session must not become a way to guess it. */
  emailChangesPerPerson: RateLimiterPostgres;
}

/**
 * The emailed links that let people in (an invitation, a password reset, a new email address): each is
 * a random secret sent once by email, of which only the SHA-256 is kept; it works once and until it
 * expires, and a new link of one purpose ends the person's older ones; a password set through a link or
 * a new address confirmed ends all of them.
 */
export class AccountTokensService implements PasswordLinks {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    private readonly outbox: OutboxService,
    private readonly letters: AccountLetters,
    private readonly limits: LinkLimiters,
  ) {}

  /** A new link's secret, in the caller's transaction; the person's unused links of the same purpose stop working. */
  async issue(
    personId: string,
    purpose: AccountTokenPurpose,
    options: { createdById?: string | null; newEmail?: string } = {},
  ): Promise<string> {
    const secret = randomBytes(32).toString('base64url');
    await this.uow.transaction(async (em) => {
      await this.endLinks(personId, purpose);
      await em.insert(AccountToken, {
        personId,
        purpose,
        tokenHash: sha256(secret),
        newEmail: options.newEmail ?? null,
        expiresAt: new Date(Date.now() + LIFETIME_MS[purpose]),
        createdById: options.createdById ?? null,
      });
    });
    return secret;
  }

  /**
   * The link, if it still works, without using it up: what a page shows its form for. Mail scanners open
   * links, so only the form's answer may use one.
   */
  async live(secret: string, purpose: AccountTokenPurpose): Promise<AccountToken | null> {
    if (secret.length === 0 || secret.length > MAX_SECRET_LENGTH) return null;
    const rows: AccountToken[] = await this.uow.manager.query(
      `SELECT id, person_id AS "personId", new_email AS "newEmail" FROM account_token
        WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()`,
      [sha256(secret), purpose],
    );
    return rows[0] ?? null;
  }

  /** Uses the link up: of two uses at once, the one statement lets exactly one through. */
  private async use(secret: string, purpose: AccountTokenPurpose): Promise<void> {
    const used = returnedRows(
      await this.uow.manager.query(
        `UPDATE account_token SET used_at = now()
          WHERE token_hash = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now() RETURNING id`,
        [sha256(secret), purpose],
      ),
    );
    if (used.length === 0) throw invalidToken();
  }

  /**
   * Ends every other link of the person still waiting in a mailbox, in the caller's transaction: once the
   * password is set through a link, or the account moves address, a link sent before (an email change
   * asked for by whoever knew the old password, an invitation or a reset in the old mailbox) would let
   * in again whoever the change was meant to shut out. With a purpose, only the links of that purpose end:
   * a new link replaces the older ones like it.
   */
  private async endLinks(personId: string, purpose?: AccountTokenPurpose): Promise<void> {
    await this.uow.manager.query(
      `UPDATE account_token SET expires_at = now()
        WHERE person_id = $1${purpose ? ' AND purpose = $2' : ''} AND used_at IS NULL AND expires_at > now()`,
      purpose ? [personId, purpose] : [personId],
    );
  }

  private async liveOrRefused(secret: string, purpose: AccountTokenPurpose): Promise<{ token: AccountToken; person: Person }> {
    const token = await this.live(secret, purpose);
    const person = token && (await this.people.personById(token.personId));
    if (!token || !person) throw invalidToken();
    return { token, person };
  }

  /**
   * Sets the password through an invitation or a reset link and uses the link up, in the caller's
   * transaction (auth's sign-in opens the session in the same one). A weak password leaves the link
   * working; a reset also tells the person's address. Returns whose account it is.
   */
  async setPasswordWith(acting: Acting, purpose: PasswordLinkPurpose, secret: string, password: string): Promise<string> {
    return this.uow.transaction(async () => {
      const { person } = await this.liveOrRefused(secret, AccountTokenPurpose[purpose]);
      await this.people.setPassword(person.id, password);
      await this.use(secret, AccountTokenPurpose[purpose]);
      await this.endLinks(person.id);
      const reset = purpose === 'PASSWORD_RESET';
      if (reset) await this.outbox.enqueue([this.letters.passwordChanged(recipientOf(person))]);
      await this.audit.record(acting, {
        action: reset ? 'account.passwordReset' : 'account.invitationAccepted',
        objectType: 'Person',
        objectId: person.id,
        councilId: person.councilId,
      });
      return person.id;
    });
  }

  /**
   * Emails a reset link to the account with this address, if there is one. The answer, the limits and the
   * work (a lookup, a transaction, an audit row) are the same whether or not there is, so neither the
   * answer nor its timing tells who has an account. Limited per client address and per email.
   */
  async requestPasswordReset(acting: Acting & { clientAddress?: string }, email: string): Promise<true> {
    const address = normaliseEmail(email);
    if (!isEmailAddress(address)) throw invalidInput('That is not an email address.', 'email');
    await this.spend(this.limits.resetsPerClientAddress, sha256(`reset-address:${clientAddressKey(acting.clientAddress ?? '')}`));
    await this.spend(this.limits.resetsPerEmail, sha256(`reset-email:${address}`));
    const person = await this.people.personByEmail(address);
    await this.uow.transaction(async () => {
      if (person) {
        const secret = await this.issue(person.id, AccountTokenPurpose.PASSWORD_RESET);
        await this.outbox.enqueue([this.letters.passwordReset(recipientOf(person), secret)]);
      }
      await this.audit.record(acting, {
        action: 'account.passwordResetRequested',
        objectType: 'Person',
        objectId: person?.id ?? null,
        councilId: person?.councilId ?? null,
      });
    });
    return true;
  }

  private async spend(limiter: RateLimiterPostgres, key: string, what = 'password resets'): Promise<void> {
    const { state, refused } = await spent(limiter.consume(key));
    if (refused) {
      const seconds = secondsToWait(state);
      throw new AccountsException(
        AccountsExceptionCode.TOO_MANY_REQUESTS,
        `Too many ${what} were asked for; try again in ${Math.ceil(seconds / 60)} minute(s).`,
        { retryAfterSeconds: seconds },
      );
    }
  }

  /**
   * The signed-in person asks to sign in with another address, giving their password: the new address
   * gets a link to confirm it, and nothing changes until it is used. An address another account has
   * gets a note instead, and the answer is the same, so it does not tell who has an account. Either way
   * the current address is told at once, so that an owner whose password is known can stop the change.
   */
  async requestEmailChange(acting: Acting, newEmail: string, password: string): Promise<true> {
    const actor = requirePerson(acting.actor);
    const address = normaliseEmail(newEmail);
    if (!isEmailAddress(address)) throw invalidInput('That is not an email address.', 'newEmail');
    if (password.length > MAX_PASSWORD_LENGTH) throw invalidInput('That is not your password.', 'password');
    await this.spend(this.limits.emailChangesPerPerson, sha256(`email-change:${actor.personId}`), 'email changes');
    const person = await this.people.personById(actor.personId);
    if (!person) throw invalidToken();
    if (!(await verifyPassword(person.passwordHash ?? (await dummyPasswordHash()), password))) {
      throw invalidInput('That is not your password.', 'password');
    }
    if (address === person.email) throw invalidInput('That is already your email address.', 'newEmail');
    const owner = await this.people.personByEmail(address);
    await this.uow.transaction(async () => {
      if (owner) {
        await this.outbox.enqueue([this.letters.emailAlreadyInUse(recipientOf(owner))]);
      } else {
        const secret = await this.issue(person.id, AccountTokenPurpose.EMAIL_CHANGE, { newEmail: address, createdById: person.id });
        await this.outbox.enqueue([this.letters.emailConfirmation({ email: address, name: person.name, personId: person.id }, secret)]);
      }
      await this.outbox.enqueue([this.letters.emailChangeRequested(recipientOf(person), address)]);
      await this.audit.record(acting, { action: 'account.emailChangeRequested', objectType: 'Person', objectId: person.id });
    });
    return true;
  }

  /**
   * Uses an email-change link: the account signs in with the new address from now on, and the old one is
   * told. `asPersonId` (a signed-in caller) must be the account's own. EMAIL_TAKEN when another account
   * took the address since; nothing changes then and the link still works.
   */
  async confirmEmailChange(acting: Acting, secret: string, asPersonId?: string): Promise<Person> {
    return this.uow.transaction(async () => {
      const { token, person } = await this.liveOrRefused(secret, AccountTokenPurpose.EMAIL_CHANGE);
      if (asPersonId !== undefined && asPersonId !== person.id) throw invalidToken();
      const taken = new AccountsException(
        AccountsExceptionCode.EMAIL_TAKEN,
        'Another account has signed up with that email address since you asked; nothing changed.',
      );
      if (await this.people.personByEmail(token.newEmail!)) throw taken;
      const updated = await this.people.changeEmail(person.id, token.newEmail!).catch((error: unknown) => {
        throw brokeConstraint(error, 'person_email_key') ? taken : error;
      });
      await this.use(secret, AccountTokenPurpose.EMAIL_CHANGE);
      await this.endLinks(person.id);
      await this.outbox.enqueue([this.letters.emailChanged(recipientOf(person))]);
      await this.audit.record(acting, { action: 'account.emailChanged', objectType: 'Person', objectId: person.id });
      return updated;
    });
  }
}

import { IsNull } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import { normaliseEmail } from '../common/rules.js';
import { returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { AccountSession } from './account-session.entity.js';
import { requirePerson, toPersonActor, type Acting, type PersonActor } from './actor.js';
import { AuthException, AuthExceptionCode } from './auth.exception.js';
import type { AuthOptions } from './auth.options.js';
import type { CredentialStore } from './credentials.js';
import { type SignInGuard, signInKeys } from './sign-in-guard.js';
import { dummyPasswordHash, newSecret, PERSON_AUDIENCE, sha256, type TokenSigner, verifyPassword } from './secrets.js';

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
  personId: string;
  actor: PersonActor;
}

const WRONG_CREDENTIALS = 'Email or password is wrong.';

/** Sign-in, refresh-token rotation and sign-out. */
export class SessionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly guard: SignInGuard,
    private readonly credentials: CredentialStore,
    private readonly signer: TokenSigner,
    private readonly options: AuthOptions,
  ) {}

  /**
   * Checks the password (argon2id) after the attempt is counted by the sign-in guard. An unknown email
   * is counted, hashed against a dummy and audited as a failure just as a wrong password is, so the
   * work done (and so the timing), the answer and the limits are the same whether or not an account exists.
   */
  async login(acting: Acting & { clientAddress?: string }, email: string, password: string): Promise<IssuedSession> {
    const normalised = normaliseEmail(email);
    const account = normalised.length <= 320 ? await this.credentials.accountForSignIn(normalised) : null;
    const keys = signInKeys(normalised, acting.clientAddress ?? '');
    const gate = await this.guard.admit(acting, account, keys);
    if (gate.refusedForSeconds !== null) {
      const seconds = gate.refusedForSeconds;
      throw new AuthException(
        AuthExceptionCode.SIGN_IN_THROTTLED,
        `Too many sign-in attempts; try again in ${Math.ceil(seconds / 60)} minute(s).`,
        {
          retryAfterSeconds: seconds,
        },
      );
    }

    const ok = await verifyPassword(account?.passwordHash ?? (await dummyPasswordHash()), password);
    if (!ok || !account?.passwordHash) {
      const failed = {
        action: 'session.loginFailed',
        objectType: 'Person',
        objectId: account?.id ?? null,
        councilId: account?.councilId ?? null,
      };
      await this.uow.independent(() => this.audit.record(acting, failed));
      throw new AuthException(AuthExceptionCode.WRONG_CREDENTIALS, WRONG_CREDENTIALS);
    }
    await this.guard.succeeded(keys);
    return this.open(acting, account.id);
  }

  /** A new session for the person, audited, in the caller's transaction (a password set through an emailed link opens one too). */
  async open(acting: Acting, personId: string, summary?: Record<string, unknown>): Promise<IssuedSession> {
    return this.uow.transaction(async () => {
      const issued = await this.openSession(personId);
      await this.audit.record(
        { actor: issued.actor, requestId: acting.requestId },
        { action: 'session.login', objectType: 'Person', objectId: personId, summary },
      );
      return issued;
    });
  }

  /** Ends every session of the person (their tokens stop working at once), in the caller's transaction; how many there were. */
  async endAllOf(personId: string): Promise<number> {
    const ended = returnedRows(
      await this.uow.manager.query(
        `UPDATE account_session SET revoked_at = now() WHERE person_id = $1 AND revoked_at IS NULL RETURNING id`,
        [personId],
      ),
    );
    return ended.length;
  }

  private async openSession(personId: string): Promise<IssuedSession> {
    const refreshToken = newSecret('ccr');
    const refreshExpiresAt = new Date(Date.now() + this.options.refreshTokenDays * 86_400_000);
    const em = this.uow.manager;
    const session = await em.save(
      em.create(AccountSession, { personId, refreshHash: sha256(refreshToken), refreshExpiresAt, revokedAt: null }),
    );
    return this.issue(personId, session, refreshToken);
  }

  private async issue(
    personId: string,
    session: Pick<AccountSession, 'id' | 'refreshExpiresAt'>,
    refreshToken: string,
  ): Promise<IssuedSession> {
    const expiresAt = new Date(Date.now() + this.options.accessTokenMinutes * 60_000);
    const token = await this.signer.sign(PERSON_AUDIENCE, { sid: session.id }, personId, expiresAt);
    const ties = await this.credentials.actorTies(personId);
    const actor = toPersonActor(personId, session.id, ties ?? { isAdmin: false, staff: [], grants: [] });
    return { token, expiresAt, refreshToken, refreshExpiresAt: session.refreshExpiresAt, personId, actor };
  }

  /**
   * Swaps a refresh token for a new token pair. Each refresh token works once and is remembered once
   * used; presenting any used one again means two parties hold the session, so it ends for both.
   */
  async refresh(acting: Acting, refreshToken: string): Promise<IssuedSession> {
    const presented = sha256(refreshToken);
    const next = newSecret('ccr');
    // Each outcome's change and its audit row commit together, on their own: the refusal is thrown after the commit.
    const issued = await this.uow.independent(async (em): Promise<IssuedSession | null> => {
      const session = returnedRows<AccountSession>(
        await em.query(
          `UPDATE account_session SET refresh_hash = $2
            WHERE refresh_hash = $1 AND revoked_at IS NULL AND refresh_expires_at > now()
            RETURNING id, person_id AS "personId", refresh_expires_at AS "refreshExpiresAt"`,
          [presented, sha256(next)],
        ),
      )[0];
      if (session) {
        await em.query(`INSERT INTO used_refresh_token (token_hash, session_id) VALUES ($1, $2)`, [presented, session.id]);
        const result = await this.issue(session.personId, session, next);
        await this.audit.record(
          { actor: result.actor, requestId: acting.requestId },
          { action: 'session.refresh', objectType: 'Person', objectId: session.personId, summary: { sessionId: session.id } },
        );
        return result;
      }
      const reused = returnedRows<{ id: string; person_id: string }>(
        await em.query(
          `UPDATE account_session s SET revoked_at = now() FROM used_refresh_token u
            WHERE u.token_hash = $1 AND s.id = u.session_id AND s.revoked_at IS NULL RETURNING s.id, s.person_id`,
          [presented],
        ),
      );
      if (reused[0]) {
        await this.audit.record(acting, {
          action: 'session.refreshReused',
          objectType: 'Person',
          objectId: reused[0].person_id,
          summary: { sessionId: reused[0].id, sessionEnded: true },
        });
      }
      return null;
    });
    if (!issued) throw new AuthException(AuthExceptionCode.REFRESH_TOKEN_INVALID, 'This refresh token is not valid; sign in again.');
    return issued;
  }

  /** Ends the actor's session: its tokens stop working at once. */
  async logout(acting: Acting): Promise<boolean> {
    const actor = requirePerson(acting.actor);
    await this.uow.transaction(async (em) => {
      await em.update(AccountSession, { id: actor.sessionId, revokedAt: IsNull() }, { revokedAt: new Date() });
      await this.audit.record(acting, { action: 'session.logout', objectType: 'Person', objectId: actor.personId });
    });
    return true;
  }

  /** Whether this session of this person is live (not revoked, refresh not expired). */
  async isLive(personId: string, sessionId: string): Promise<boolean> {
    const rows: unknown[] = await this.uow.manager.query(
      `SELECT 1 FROM account_session WHERE id = $1 AND person_id = $2 AND revoked_at IS NULL AND refresh_expires_at > now()`,
      [sessionId, personId],
    );
    return rows.length > 0;
  }
}

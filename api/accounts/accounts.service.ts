import ipaddr from 'ipaddr.js';
import type { EntityManager } from 'typeorm';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { In, IsNull } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import { ApiError, badUserInput, forbidden, notFound, unauthenticated } from '../common/errors.js';
import type { AuditService } from '../audit/audit.service.js';
import { ApiKeyScope, RepresentativeRight, StaffRole, WidgetPurpose } from '../auth/auth.enums.js';
import {
  ANONYMOUS,
  assertAllowed,
  isOfficerOf,
  officerCouncilIds,
  requirePerson,
  type Acting,
  type Actor,
  type PersonActor,
  type StaffTie,
} from '../auth/actor.js';
import { AccountSession } from '../auth/account-session.entity.js';
import { ApiKey } from './api-key.entity.js';
import { Person } from './person.entity.js';
import { RepresentativeGrant } from './representative-grant.entity.js';
import { StaffMembership } from './staff-membership.entity.js';
import { WidgetConsent } from './widget-consent.entity.js';
import { WidgetSessionRecord } from './widget-session.entity.js';
import {
  dummyPasswordHash,
  hashPassword,
  newSecret,
  PERSON_AUDIENCE,
  sha256,
  tokenKeyFrom,
  TokenSigner,
  verifyPassword,
  WIDGET_AUDIENCE,
} from '../auth/secrets.js';
import { isUuid } from '../common/ids.js';

export interface AccountsOptions {
  tokenKey: Uint8Array;
  accessTokenMinutes: number;
  refreshTokenDays: number;
  maxWidgetMinutes: number;
  /** Sign-in attempts for one email from one client address within `failureWindowMinutes` before the pair is locked. */
  maxFailures: number;
  failureWindowMinutes: number;
  /** The first lock-out; it doubles with each further failure, up to `maxLockSeconds`. */
  baseLockSeconds: number;
  maxLockSeconds: number;
  /** Sign-in attempts one client address (an IPv6 /64) may make in a minute, whatever the emails. */
  addressAttemptsPerMinute: number;
  /** Web origins of coopcare's own front ends, from which signed-in people's tokens may be used. */
  appOrigins: string[];
}

export const DEFAULT_ACCOUNTS_OPTIONS: Omit<AccountsOptions, 'tokenKey'> = {
  accessTokenMinutes: 30,
  refreshTokenDays: 30,
  maxWidgetMinutes: 15,
  maxFailures: 5,
  failureWindowMinutes: 15,
  baseLockSeconds: 60,
  maxLockSeconds: 15 * 60,
  addressAttemptsPerMinute: 20,
  appOrigins: [],
};

/** What a request presented; everything optional. */
export interface Credentials {
  authorization?: string;
  apiKey?: string;
  origin?: string;
  /** The API's own origin (scheme://host), from which signed-in people's tokens are always accepted. */
  selfOrigin?: string;
}

export interface IssuedSession {
  token: string;
  expiresAt: Date;
  refreshToken: string;
  refreshExpiresAt: Date;
  person: Person;
  actor: PersonActor;
}

const WRONG_CREDENTIALS = 'Email or password is wrong.';

export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}

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

/** `scheme://host[:port]` exactly, as browsers send in Origin; anything else is refused. */
export function normaliseOrigin(origin: string): string | null {
  try {
    const url = new URL(origin);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return null;
    if (url.origin === 'null' || url.username || url.password) return null;
    if (origin.replace(/\/$/, '') !== url.origin) return null;
    return url.origin;
  } catch {
    return null;
  }
}

/** People, sessions, partner keys, widget sessions and who may act for whom. */
export class AccountsService {
  readonly options: AccountsOptions;
  private readonly signer: TokenSigner;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    options: Partial<AccountsOptions> & { tokenKey: Uint8Array },
  ) {
    this.options = { ...DEFAULT_ACCOUNTS_OPTIONS, ...options };
    this.signer = new TokenSigner(this.options.tokenKey);
  }

  // ---------------------------------------------------------------- authentication of requests

  /**
   * The actor a request's credentials name, checked against the database (revoked sessions and keys end
   * at once) and against the request's Origin. Throws UNAUTHENTICATED for a bad credential and FORBIDDEN
   * for a good one used from the wrong place; no credential at all is the anonymous actor.
   */
  async authenticate(creds: Credentials): Promise<Actor> {
    const bearer = creds.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (creds.authorization !== undefined && !bearer) throw unauthenticated('Send the token as "Authorization: Bearer <token>".');
    if (bearer && creds.apiKey !== undefined) throw badUserInput('Send either a bearer token or an API key, not both.');
    if (creds.apiKey !== undefined) return this.authenticateApiKey(creds.apiKey, creds.origin);
    if (!bearer) return ANONYMOUS;

    const { audience, payload } = await this.signer.verify(bearer);
    if (audience === WIDGET_AUDIENCE) return this.authenticateWidget(payload.sub!, String(payload.wsid ?? ''), creds.origin);
    const actor = await this.loadPersonActor(payload.sub!, String(payload.sid ?? ''));
    if (!actor) throw unauthenticated('This session has ended; sign in again.');
    if (creds.origin !== undefined && creds.origin !== creds.selfOrigin && !this.options.appOrigins.includes(creds.origin)) {
      throw forbidden('Signed-in requests are accepted only from coopcare’s own pages.');
    }
    return actor;
  }

  private async authenticateApiKey(secret: string, origin: string | undefined): Promise<Actor> {
    const key = await this.uow.manager.getRepository(ApiKey).findOneBy({ secretHash: sha256(secret), revokedAt: IsNull() });
    if (!key) throw unauthenticated('This API key is not valid.');
    if (origin !== undefined && !key.allowedOrigins.includes(origin)) throw forbidden('This API key may not be used from this web origin.');
    return { kind: 'partner', apiKeyId: key.id, councilId: key.councilId, scopes: key.scopes, allowedOrigins: key.allowedOrigins };
  }

  private async authenticateWidget(personId: string, widgetSessionId: string, origin: string | undefined): Promise<Actor> {
    // The consent must predate the session: a session ended by withdrawing consent stays ended when consent is given again.
    const rows: { id: string; api_key_id: string; person_id: string; purpose: WidgetPurpose; origin: string }[] = await this.uow.manager.query(
      `SELECT w.id, w.api_key_id, w.person_id, w.purpose, w.origin
         FROM widget_session w JOIN api_key k ON k.id = w.api_key_id
        WHERE w.id = $1 AND w.person_id = $2 AND k.revoked_at IS NULL AND w.expires_at > now()
          AND EXISTS (SELECT 1 FROM widget_consent c WHERE c.person_id = w.person_id AND c.api_key_id = w.api_key_id
                                                 AND c.revoked_at IS NULL AND c.given_at <= w.created_at)`,
      [isUuid(widgetSessionId) ? widgetSessionId : '00000000-0000-0000-0000-000000000000', isUuid(personId) ? personId : '00000000-0000-0000-0000-000000000000'],
    );
    const row = rows[0];
    if (!row) throw unauthenticated('This widget session has ended.');
    // A widget session is bound to the page it was made for; a request without an Origin is not from a page.
    if (origin !== row.origin) throw forbidden('This widget session works only on the page it was made for.');
    return { kind: 'widget', widgetSessionId: row.id, apiKeyId: row.api_key_id, personId: row.person_id, purpose: row.purpose, origin: row.origin };
  }

  /** One statement: the live session, the person, their staff ties and the rights granted to them. */
  private async loadPersonActor(personId: string, sessionId: string): Promise<PersonActor | null> {
    if (!isUuid(personId) || !isUuid(sessionId)) return null;
    const rows: { id: string; is_admin: boolean; staff: StaffTie[]; grants: { personId: string; right: RepresentativeRight }[] }[] =
      await this.uow.manager.query(
        `SELECT p.id, p.is_admin,
                COALESCE((SELECT json_agg(json_build_object('role', m.role, 'providerId', m.provider_id, 'councilId', m.council_id))
                            FROM staff_membership m WHERE m.person_id = p.id), '[]') AS staff,
                COALESCE((SELECT json_agg(json_build_object('personId', g.person_id, 'right', g.right))
                            FROM representative_grant g WHERE g.representative_id = p.id AND g.revoked_at IS NULL), '[]') AS grants
           FROM account_session s JOIN person p ON p.id = s.person_id
          WHERE s.id = $1 AND s.person_id = $2 AND s.revoked_at IS NULL AND s.refresh_expires_at > now()`,
        [sessionId, personId],
      );
    const row = rows[0];
    if (!row) return null;
    return toPersonActor(row.id, sessionId, row.is_admin, row.staff, row.grants);
  }

  // ---------------------------------------------------------------- sign-in, refresh, sign-out

  /**
   * Checks the password (argon2id) under two limits, each attempt counted before the password is checked
   * (one atomic upsert each, so concurrent guesses cannot outrun the count): per client address, at most
   * `addressAttemptsPerMinute` sign-ins a minute across all emails, so guessing one password from many
   * places costs many addresses; per (email, client address), after `maxFailures` attempts in the window
   * the pair is locked for a minute, doubling per lock-out. Nothing is counted per email alone: a stranger
   * elsewhere cannot keep the owner out. An IPv6 client counts by its /64, the block one subscriber holds.
   * Unknown emails are hashed and counted the same, so neither the answer, its timing nor the limits tell
   * whether an account exists.
   */
  async login(acting: Acting & { clientAddress?: string }, email: string, password: string): Promise<IssuedSession> {
    // No account's email holds U+0000 (and PostgreSQL cannot compare with it): simply the wrong credentials.
    if (email.includes('\u0000')) throw unauthenticated(WRONG_CREDENTIALS);
    const normalised = normaliseEmail(email);
    const client = clientAddressKey(acting.clientAddress ?? '');
    const person = normalised.length <= 320 ? await this.uow.manager.getRepository(Person).findOneBy({ email: normalised }) : null;
    const pairKey = sha256(`login:${normalised}\n${client}`);
    const addressKey = sha256(`login-address:${client}`);
    const gate = await this.uow.transaction((em) => this.admitAttempt(em, acting, person, pairKey, addressKey));
    if (gate.refusedForSeconds !== null) {
      const seconds = Math.max(1, gate.refusedForSeconds);
      throw new ApiError('RATE_LIMITED', `Too many sign-in attempts; try again in ${Math.ceil(seconds / 60)} minute(s).`, { retryAfterSeconds: seconds });
    }

    const ok = person?.passwordHash ? await verifyPassword(person.passwordHash, password) : (await verifyPassword(await dummyPasswordHash(), password), false);
    if (!ok || !person) {
      if (person) {
        await this.uow.transaction((em) =>
          this.audit.record(acting, { action: 'session.loginFailed', objectType: 'Person', objectId: person.id, councilId: person.councilId }),
        );
      }
      await this.dropStaleThrottleRows();
      throw unauthenticated(WRONG_CREDENTIALS);
    }
    return this.uow.transaction(async (em) => {
      await em.query(`DELETE FROM login_throttle WHERE key_hash = $1`, [pairKey]);
      const issued = await this.openSession(em, person);
      await this.audit.record({ actor: issued.actor, requestId: acting.requestId }, { action: 'session.login', objectType: 'Person', objectId: person.id });
      return issued;
    });
  }

  /**
   * Counts this attempt and says whether its password may be checked. One transaction: the client
   * address's per-minute count, then the (email, address) count, each in one upsert, and the audit row of
   * a lock-out that starts now. An attempt over the address limit is not counted against the pair.
   */
  private async admitAttempt(
    em: EntityManager,
    acting: Acting,
    person: Person | null,
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
    const prior: { locked: boolean }[] = await em.query(`SELECT locked_until > now() AS locked FROM login_throttle WHERE key_hash = $1 FOR UPDATE`, [pairKey]);
    const counted: { outcome: 'check' | 'lockStarted'; seconds: number; lock_count: number }[] = returned(
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
                               WHEN t.failures + 1 > $3 THEN now() + make_interval(secs => least($5::float8, $4::float8 * power(2, t.lock_count)))
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
  private async dropStaleThrottleRows(): Promise<void> {
    const o = this.options;
    await this.uow.manager.query(
      `DELETE FROM login_throttle WHERE key_hash IN (
         SELECT key_hash FROM login_throttle
          WHERE last_failure_at < now() - make_interval(mins => $1) AND (locked_until IS NULL OR locked_until < now())
          LIMIT 100 FOR UPDATE SKIP LOCKED)`,
      [Math.max(o.failureWindowMinutes, Math.ceil(o.maxLockSeconds / 60)) * 2],
    );
  }

  private async openSession(em: EntityManager, person: Person): Promise<IssuedSession> {
    const refreshToken = newSecret('ccr');
    const refreshExpiresAt = new Date(Date.now() + this.options.refreshTokenDays * 86_400_000);
    const session = await em.save(em.create(AccountSession, { personId: person.id, refreshHash: sha256(refreshToken), refreshExpiresAt, revokedAt: null }));
    return this.issue(em, person, session, refreshToken);
  }

  private async issue(em: EntityManager, person: Person, session: AccountSession, refreshToken: string): Promise<IssuedSession> {
    const expiresAt = new Date(Date.now() + this.options.accessTokenMinutes * 60_000);
    const token = await this.signer.sign(PERSON_AUDIENCE, { sid: session.id }, person.id, expiresAt);
    const actor = await this.actorFor(em, person, session.id);
    return { token, expiresAt, refreshToken, refreshExpiresAt: session.refreshExpiresAt, person, actor };
  }

  /**
   * Swaps a refresh token for a new token pair. Each refresh token works once and is remembered once
   * used; presenting any used one again means two parties hold the session, so it ends for both.
   */
  async refresh(acting: Acting, refreshToken: string): Promise<IssuedSession> {
    const presented = sha256(refreshToken);
    const next = newSecret('ccr');
    // Each outcome's change and its audit row commit together; the refusal is thrown after the commit.
    const issued = await this.uow.transaction(async (em): Promise<IssuedSession | null> => {
      const session = returned<AccountSession>(
        await em.query(
          `UPDATE account_session SET refresh_hash = $2
            WHERE refresh_hash = $1 AND revoked_at IS NULL AND refresh_expires_at > now()
            RETURNING id, person_id AS "personId", refresh_expires_at AS "refreshExpiresAt"`,
          [presented, sha256(next)],
        ),
      )[0];
      if (session) {
        await em.query(`INSERT INTO used_refresh_token (token_hash, session_id) VALUES ($1, $2)`, [presented, session.id]);
        const person = await em.findOneByOrFail(Person, { id: session.personId });
        const result = await this.issue(em, person, session, next);
        await this.audit.record({ actor: result.actor, requestId: acting.requestId }, {
          action: 'session.refresh',
          objectType: 'Person',
          objectId: person.id,
          summary: { sessionId: session.id },
        });
        return result;
      }
      const reused = returned<{ id: string; person_id: string }>(
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
    if (!issued) throw unauthenticated('This refresh token is not valid; sign in again.');
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

  async setPassword(em: EntityManager, personId: string, password: string): Promise<void> {
    if (password.length < 10) throw badUserInput('A password needs at least 10 characters.', 'password');
    await em.update(Person, { id: personId }, { passwordHash: await hashPassword(password) });
  }

  private async actorFor(em: EntityManager, person: Person, sessionId: string): Promise<PersonActor> {
    const [staff, grants] = await Promise.all([
      em.findBy(StaffMembership, { personId: person.id }),
      em.findBy(RepresentativeGrant, { representativeId: person.id, revokedAt: IsNull() }),
    ]);
    return toPersonActor(person.id, sessionId, person.isAdmin, staff, grants);
  }

  // ---------------------------------------------------------------- people

  async peopleByIds(ids: readonly string[]): Promise<Person[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.uow.manager.getRepository(Person).findBy({ id: In(valid) }) : [];
  }

  async personById(id: string): Promise<Person | null> {
    return isUuid(id) ? this.uow.manager.getRepository(Person).findOneBy({ id }) : null;
  }

  /**
   * The person with this email, created (without a password) if new. For other domains' transactions,
   * e.g. a budget allocation that brings a new person in; sets the responsible council when none is set.
   */
  async ensurePerson(em: EntityManager, input: { email: string; name: string; councilId?: string | null }): Promise<Person> {
    const email = checkedEmail(input.email, 'email');
    const name = checkedName(input.name, 'name');
    await em.query(
      `INSERT INTO person (email, name, council_id) VALUES ($1, $2, $3)
       ON CONFLICT (email) DO UPDATE SET council_id = COALESCE(person.council_id, EXCLUDED.council_id)`,
      [email, name, input.councilId ?? null],
    );
    return em.findOneByOrFail(Person, { email });
  }

  async staffOf(personId: string): Promise<StaffMembership[]> {
    return this.uow.manager.getRepository(StaffMembership).find({ where: { personId }, order: { createdAt: 'ASC' } });
  }

  /** Adds a staff relationship (idempotent). Used by seeding and by admin tooling. */
  async addStaffMembership(em: EntityManager, personId: string, tie: StaffTie): Promise<void> {
    const exists = await em.findOneBy(StaffMembership, {
      personId,
      role: tie.role,
      providerId: tie.providerId ?? IsNull(),
      councilId: tie.councilId ?? IsNull(),
    });
    if (!exists) await em.insert(StaffMembership, { personId, role: tie.role, providerId: tie.providerId, councilId: tie.councilId });
  }

  // ---------------------------------------------------------------- representatives

  /** The person's grants, in force and invited. */
  async grantsForPerson(personId: string, em: EntityManager = this.uow.manager): Promise<RepresentativeGrant[]> {
    return em.find(RepresentativeGrant, { where: { personId, revokedAt: IsNull() }, order: { grantedAt: 'ASC', right: 'ASC' } });
  }

  /** Rights in force that others gave this person (accepted invitations only). */
  async grantsHeldBy(representativeId: string, em: EntityManager = this.uow.manager): Promise<RepresentativeGrant[]> {
    return em.find(RepresentativeGrant, { where: { representativeId, revokedAt: IsNull() }, order: { grantedAt: 'ASC', right: 'ASC' } });
  }

  /** Pending invitations addressed to this person's email. */
  async invitationsFor(personId: string): Promise<RepresentativeGrant[]> {
    const person = await this.personById(personId);
    if (!person) return [];
    return this.uow.manager.getRepository(RepresentativeGrant).find({
      where: { invitedEmail: person.email, representativeId: IsNull(), revokedAt: IsNull() },
      order: { grantedAt: 'ASC', right: 'ASC' },
    });
  }

  /**
   * Who may change a person's representatives (and consents): the person; or, for a person recorded as
   * lacking capacity, an officer of their council (or an admin), with a reason. The person's row is
   * locked, so a capacity assessment cannot change under a decision that depends on it.
   */
  private async authorityOver(em: EntityManager, actor: PersonActor, personId: string, reason: string | null | undefined) {
    const person = isUuid(personId) ? await em.findOne(Person, { where: { id: personId }, lock: { mode: 'pessimistic_write' } }) : null;
    if (person && person.id === actor.personId) return { person, onBehalf: false };
    const officerOrAdmin = person && (isOfficerOf(actor, person.councilId) || actor.isAdmin);
    assertAllowed(!!officerOrAdmin);
    if (!person!.lacksCapacity) throw forbidden('Only the person can change their representatives while they have capacity.');
    if (!reason?.trim()) throw badUserInput('Give the reason you are acting for this person.', 'reason');
    return { person: person!, onBehalf: true };
  }

  /**
   * Invites a representative by email. Nothing is looked up or created for that address: the rights are
   * pending until the person signed in with it accepts (`acceptRepresentativeInvitation`), and until then
   * the grant shows only the name the granter typed. Returns all the person's live grants.
   */
  async grantRepresentativeRights(
    acting: Acting,
    input: { personId?: string | null; representativeEmail: string; representativeName: string; rights: RepresentativeRight[]; reason?: string | null },
  ): Promise<RepresentativeGrant[]> {
    const actor = requirePerson(acting.actor);
    if (input.rights.length === 0) throw badUserInput('Name at least one right.', 'rights');
    const email = checkedEmail(input.representativeEmail, 'representativeEmail');
    const name = checkedName(input.representativeName, 'representativeName');
    return this.uow.transaction(async (em) => {
      const { person, onBehalf } = await this.authorityOver(em, actor, input.personId ?? actor.personId, input.reason);
      if (email === person.email) throw badUserInput('A person cannot be their own representative.', 'representativeEmail');
      const invited: RepresentativeRight[] = [];
      for (const right of new Set(input.rights)) {
        const inserted: unknown[] = await em.query(
          `INSERT INTO representative_grant (person_id, representative_id, invited_email, invited_name, "right", granted_by_id, grant_reason)
           VALUES ($1, NULL, $2, $3, $4, $5, $6)
           ON CONFLICT (person_id, invited_email, "right") WHERE revoked_at IS NULL AND representative_id IS NULL DO NOTHING RETURNING id`,
          [person.id, email, name, right, actor.personId, onBehalf ? input.reason!.trim() : null],
        );
        if (inserted.length) invited.push(right);
      }
      await this.audit.record(acting, {
        action: 'representative.invite',
        objectType: 'Person',
        objectId: person.id,
        councilId: person.councilId,
        summary: { rights: invited, onBehalfOfPersonLackingCapacity: onBehalf },
      });
      return this.grantsForPerson(person.id, em);
    });
  }

  /**
   * The invited person accepts the pending grants a person addressed to their email: the rights take
   * effect for their account. A right they already hold for that person stays as it was. FORBIDDEN when
   * there is nothing to accept, whether or not the person exists.
   */
  async acceptRepresentativeInvitation(acting: Acting, personId: string): Promise<RepresentativeGrant[]> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const me = await em.findOneByOrFail(Person, { id: actor.personId });
      const pending = isUuid(personId)
        ? await em.find(RepresentativeGrant, {
            where: { personId, invitedEmail: me.email, representativeId: IsNull(), revokedAt: IsNull() },
            lock: { mode: 'pessimistic_write' },
          })
        : [];
      assertAllowed(pending.length > 0 && personId !== me.id, 'There is no invitation for you to accept.');
      const held = new Set((await em.find(RepresentativeGrant, { where: { personId, representativeId: me.id, revokedAt: IsNull() } })).map((g) => g.right));
      const accepted: RepresentativeRight[] = [];
      for (const grant of pending) {
        if (held.has(grant.right)) {
          await em.update(RepresentativeGrant, { id: grant.id }, { revokedAt: new Date(), revokedById: me.id, revokeReason: 'Already held.' });
        } else {
          await em.update(RepresentativeGrant, { id: grant.id }, { representativeId: me.id, acceptedAt: new Date() });
          accepted.push(grant.right);
        }
      }
      const person = await em.findOneByOrFail(Person, { id: personId });
      await this.audit.record(acting, {
        action: 'representative.accept',
        objectType: 'Person',
        objectId: personId,
        councilId: person.councilId,
        summary: { representativeId: me.id, rights: accepted },
      });
      return em.find(RepresentativeGrant, { where: { personId, representativeId: me.id, revokedAt: IsNull() }, order: { grantedAt: 'ASC', right: 'ASC' } });
    });
  }

  /** The invited person turns down a person's pending invitations to them; FORBIDDEN when there are none. */
  async declineRepresentativeInvitation(acting: Acting, personId: string): Promise<boolean> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const me = await em.findOneByOrFail(Person, { id: actor.personId });
      const declined = isUuid(personId)
        ? returned<{ right: RepresentativeRight }>(
            await em.query(
              `UPDATE representative_grant SET revoked_at = now(), revoked_by_id = $3, revoke_reason = 'Declined.'
                WHERE person_id = $1 AND invited_email = $2 AND representative_id IS NULL AND revoked_at IS NULL RETURNING "right"`,
              [personId, me.email, me.id],
            ),
          )
        : [];
      assertAllowed(declined.length > 0, 'There is no invitation for you to decline.');
      const person = await em.findOneByOrFail(Person, { id: personId });
      await this.audit.record(acting, {
        action: 'representative.decline',
        objectType: 'Person',
        objectId: personId,
        councilId: person.councilId,
        summary: { representativeId: me.id, rights: declined.map((d) => d.right) },
      });
      return true;
    });
  }

  /**
   * The person (or an officer, as for granting) takes rights back, from a representative (by id) or from
   * a pending invitation (by email); a representative may also give up rights a person gave them, and
   * then sees only what remains of their own.
   */
  async revokeRepresentativeRights(
    acting: Acting,
    input: {
      personId?: string | null;
      representativeId?: string | null;
      representativeEmail?: string | null;
      rights?: RepresentativeRight[] | null;
      reason?: string | null;
    },
  ): Promise<RepresentativeGrant[]> {
    const actor = requirePerson(acting.actor);
    const personId = input.personId ?? actor.personId;
    if (!input.representativeId === !input.representativeEmail) {
      throw badUserInput('Name the representative by representativeId or, for a pending invitation, by representativeEmail.', 'representativeId');
    }
    const rights = input.rights?.length ? input.rights : Object.values(RepresentativeRight);
    return this.uow.transaction(async (em) => {
      if (input.representativeId === actor.personId && personId !== actor.personId) {
        // Giving up one's own rights: only where the person gave the caller a right in force; otherwise the
        // same FORBIDDEN as for a person who does not exist.
        const mine = isUuid(personId)
          ? await em.find(RepresentativeGrant, { where: { personId, representativeId: actor.personId, revokedAt: IsNull() }, lock: { mode: 'pessimistic_write' } })
          : [];
        assertAllowed(mine.length > 0);
        const revoked = returned<{ right: RepresentativeRight }>(
          await em.query(
            `UPDATE representative_grant SET revoked_at = now(), revoked_by_id = $2
              WHERE person_id = $1 AND representative_id = $2 AND "right" = ANY($3) AND revoked_at IS NULL RETURNING "right"`,
            [personId, actor.personId, rights],
          ),
        );
        const person = await em.findOneByOrFail(Person, { id: personId });
        await this.audit.record(acting, {
          action: 'representative.giveUp',
          objectType: 'Person',
          objectId: personId,
          councilId: person.councilId,
          summary: { representativeId: actor.personId, rights: revoked.map((r) => r.right) },
        });
        return em.find(RepresentativeGrant, { where: { personId, representativeId: actor.personId, revokedAt: IsNull() }, order: { grantedAt: 'ASC', right: 'ASC' } });
      }

      const { person, onBehalf } = await this.authorityOver(em, actor, personId, input.reason);
      const byEmail = input.representativeEmail ? normaliseEmail(input.representativeEmail) : null;
      // By email: the invitations sent to it, pending or accepted, so the granter can remove a
      // representative by the address they invited without knowing which account accepted.
      const revoked = returned<{ right: RepresentativeRight }>(
        await em.query(
          `UPDATE representative_grant SET revoked_at = now(), revoked_by_id = $4, revoke_reason = $5
            WHERE person_id = $1 AND "right" = ANY($6) AND revoked_at IS NULL
              AND (representative_id = $2 OR ($3::text IS NOT NULL AND invited_email = $3))
            RETURNING "right"`,
          [person.id, isUuid(input.representativeId) ? input.representativeId : null, byEmail, actor.personId, onBehalf ? input.reason!.trim() : null, rights],
        ),
      );
      if (revoked.length === 0) throw notFound('This representative holds none of those rights for this person.');
      await this.audit.record(acting, {
        action: 'representative.revoke',
        objectType: 'Person',
        objectId: person.id,
        councilId: person.councilId,
        summary: {
          representativeId: input.representativeId ?? undefined,
          byInvitedEmail: byEmail ? true : undefined,
          rights: revoked.map((r) => r.right),
          onBehalfOfPersonLackingCapacity: onBehalf,
        },
      });
      return this.grantsForPerson(person.id, em);
    });
  }

  /** An officer of the person's council (or an admin) records the outcome of a capacity assessment. */
  async recordCapacityAssessment(acting: Acting, input: { personId: string; lacksCapacity: boolean; reason: string }): Promise<Person> {
    const actor = requirePerson(acting.actor);
    if (!input.reason.trim()) throw badUserInput('Give the assessment reference and reason.', 'reason');
    return this.uow.transaction(async (em) => {
      const person = isUuid(input.personId) ? await em.findOne(Person, { where: { id: input.personId }, lock: { mode: 'pessimistic_write' } }) : null;
      assertAllowed(!!person && (isOfficerOf(actor, person.councilId) || actor.isAdmin));
      await em.update(Person, { id: person!.id }, {
        lacksCapacity: input.lacksCapacity,
        capacityReason: input.reason.trim().slice(0, 2000),
        capacityRecordedById: actor.personId,
        capacityRecordedAt: new Date(),
      });
      await this.audit.record(acting, {
        action: 'person.recordCapacity',
        objectType: 'Person',
        objectId: person!.id,
        councilId: person!.councilId,
        summary: { lacksCapacity: input.lacksCapacity },
      });
      return em.findOneByOrFail(Person, { id: person!.id });
    });
  }

  // ---------------------------------------------------------------- widget consent

  /** Partner keys of the person's council that may open widgets: what a person can consent to. */
  async widgetPartners(acting: Acting, personId?: string | null): Promise<ApiKey[]> {
    const actor = requirePerson(acting.actor);
    const id = personId ?? actor.personId;
    const person = await this.personById(id);
    assertAllowed(!!person && (person.id === actor.personId || isOfficerOf(actor, person.councilId) || actor.isAdmin));
    if (!person!.councilId) return [];
    return this.uow.manager.getRepository(ApiKey).createQueryBuilder('k')
      .where('k.council_id = :c AND k.revoked_at IS NULL AND :scope = ANY(k.scopes)', { c: person!.councilId, scope: ApiKeyScope.WIDGET_SESSIONS_CREATE })
      .orderBy('k.organisation_name').addOrderBy('k.id').getMany();
  }

  async apiKeyById(id: string): Promise<ApiKey | null> {
    return isUuid(id) ? this.uow.manager.getRepository(ApiKey).findOneBy({ id }) : null;
  }

  /** The person's live consents. */
  async widgetConsentsOf(personId: string): Promise<WidgetConsent[]> {
    return this.uow.manager.getRepository(WidgetConsent).find({ where: { personId, revokedAt: IsNull() }, order: { givenAt: 'ASC' } });
  }

  /**
   * The person (or an officer, with a reason, for a person who lacks capacity) lets one partner key mint
   * widget sessions for them. The key must be a live one of the person's council.
   */
  async giveWidgetConsent(acting: Acting, input: { apiKeyId: string; personId?: string | null; reason?: string | null }): Promise<WidgetConsent> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const { person, onBehalf } = await this.authorityOver(em, actor, input.personId ?? actor.personId, input.reason);
      const key = isUuid(input.apiKeyId) ? await em.findOneBy(ApiKey, { id: input.apiKeyId, revokedAt: IsNull() }) : null;
      if (!key || key.councilId !== person.councilId || !key.scopes.includes(ApiKeyScope.WIDGET_SESSIONS_CREATE)) {
        throw badUserInput('No such partner for this person.', 'apiKeyId');
      }
      const inserted: { id: string }[] = await em.query(
        `INSERT INTO widget_consent (person_id, api_key_id, given_by_id, reason) VALUES ($1, $2, $3, $4)
         ON CONFLICT (person_id, api_key_id) WHERE revoked_at IS NULL DO NOTHING RETURNING id`,
        [person.id, key.id, actor.personId, onBehalf ? input.reason!.trim() : null],
      );
      if (inserted.length) {
        await this.audit.record(acting, {
          action: 'widgetConsent.give',
          objectType: 'Person',
          objectId: person.id,
          councilId: person.councilId,
          summary: { apiKeyId: key.id, organisationName: key.organisationName, onBehalfOfPersonLackingCapacity: onBehalf },
        });
      }
      return em.findOneByOrFail(WidgetConsent, { personId: person.id, apiKeyId: key.id, revokedAt: IsNull() });
    });
  }

  /** Withdraws a consent; the partner's widget sessions for the person end at once. */
  async revokeWidgetConsent(acting: Acting, input: { apiKeyId: string; personId?: string | null; reason?: string | null }): Promise<boolean> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const { person, onBehalf } = await this.authorityOver(em, actor, input.personId ?? actor.personId, input.reason);
      const revoked = isUuid(input.apiKeyId)
        ? returned<{ id: string }>(
            await em.query(
              `UPDATE widget_consent SET revoked_at = now(), revoked_by_id = $3, revoke_reason = $4
                WHERE person_id = $1 AND api_key_id = $2 AND revoked_at IS NULL RETURNING id`,
              [person.id, input.apiKeyId, actor.personId, onBehalf ? input.reason!.trim() : null],
            ),
          )
        : [];
      if (revoked.length) {
        await this.audit.record(acting, {
          action: 'widgetConsent.revoke',
          objectType: 'Person',
          objectId: person.id,
          councilId: person.councilId,
          summary: { apiKeyId: input.apiKeyId, onBehalfOfPersonLackingCapacity: onBehalf },
        });
      }
      return revoked.length > 0;
    });
  }

  // ---------------------------------------------------------------- partner API keys

  /** Admins issue keys for any council; an officer for their own council. The secret is returned once. */
  async createApiKey(
    acting: Acting,
    input: { name: string; organisationName: string; councilId?: string | null; scopes: ApiKeyScope[]; allowedOrigins: string[] },
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    const actor = requirePerson(acting.actor);
    let councilId = input.councilId ?? null;
    if (!councilId) {
      const own = officerCouncilIds(actor);
      if (own.length !== 1) throw badUserInput('Say which council issues the key.', 'councilId');
      councilId = own[0]!;
    }
    assertAllowed(actor.isAdmin || isOfficerOf(actor, councilId), 'Only an admin or an officer of that council may issue its keys.');
    if (!isUuid(councilId)) throw badUserInput('No such council.', 'councilId');
    const name = input.name.trim();
    const organisationName = input.organisationName.trim();
    if (!name || name.length > 200) throw badUserInput('A name of 1 to 200 characters is needed.', 'name');
    if (!organisationName || organisationName.length > 200) throw badUserInput('An organisation name of 1 to 200 characters is needed.', 'organisationName');
    if (input.scopes.length === 0) throw badUserInput('Give the key at least one scope.', 'scopes');
    if (input.allowedOrigins.length > 20) throw badUserInput('At most 20 origins.', 'allowedOrigins');
    const origins = input.allowedOrigins.map((o) => {
      const n = normaliseOrigin(o.trim());
      if (!n) throw badUserInput(`"${o.slice(0, 100)}" is not a web origin like https://example.org.`, 'allowedOrigins');
      return n;
    });
    const secret = newSecret('cck');
    return this.uow.transaction(async (em) => {
      const council: unknown[] = await em.query(`SELECT 1 FROM council WHERE id = $1`, [councilId]);
      if (!council.length) throw badUserInput('No such council.', 'councilId');
      const apiKey = await this.insertApiKey(em, { name, organisationName, councilId: councilId!, scopes: input.scopes, allowedOrigins: origins, createdById: actor.personId }, secret);
      await this.audit.record(acting, {
        action: 'apiKey.create',
        objectType: 'ApiKey',
        objectId: apiKey.id,
        councilId,
        summary: { name, organisationName, scopes: apiKey.scopes, allowedOrigins: apiKey.allowedOrigins, keyPrefix: apiKey.keyPrefix },
      });
      return { apiKey, secret };
    });
  }

  /** Stores a key under the hash of `secret`; `createApiKey` checks authority and input first. */
  async insertApiKey(
    em: EntityManager,
    fields: { name: string; organisationName: string; councilId: string; scopes: ApiKeyScope[]; allowedOrigins: string[]; createdById: string | null },
    secret: string,
  ): Promise<ApiKey> {
    return em.save(
      em.create(ApiKey, {
        ...fields,
        keyPrefix: secret.slice(0, 12),
        secretHash: sha256(secret),
        scopes: [...new Set(fields.scopes)],
        allowedOrigins: [...new Set(fields.allowedOrigins)],
        revokedAt: null,
        revokedById: null,
      }),
    );
  }

  async revokeApiKey(acting: Acting, id: string): Promise<ApiKey> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const key = isUuid(id) ? await em.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } }) : null;
      if (!key) throw notFound('No such API key.');
      assertAllowed(actor.isAdmin || isOfficerOf(actor, key.councilId));
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        key.revokedById = actor.personId;
        await em.save(key);
        await this.audit.record(acting, { action: 'apiKey.revoke', objectType: 'ApiKey', objectId: key.id, councilId: key.councilId, summary: { name: key.name } });
      }
      return key;
    });
  }

  async listApiKeys(acting: Acting, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first);
    const actor = requirePerson(acting.actor);
    const qb = this.uow.manager.getRepository(ApiKey).createQueryBuilder('k');
    if (!actor.isAdmin) {
      const councils = officerCouncilIds(actor);
      assertAllowed(councils.length > 0);
      qb.where('k.council_id = ANY(:councils)', { councils });
    }
    const totalCount = await qb.clone().getCount();
    if (after) {
      const [createdAt, id] = decodeCursor(after, 'apiKeys', ['string', 'string']) as [string, string];
      if (!isCursorTime(createdAt) || !isUuid(id)) {
        throw badUserInput('"after" is not a cursor this list gave out.', 'after');
      }
      qb.andWhere('(k.created_at, k.id) < (CAST(:createdAt AS timestamptz), CAST(:id AS uuid))', { createdAt, id });
    }
    // The cursor keeps the timestamp to the microsecond: a JavaScript Date would drop the last three
    // digits, and keys made in the same millisecond would then be skipped.
    qb.addSelect(`to_char(k.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, 'cursor_time');
    const { entities, raw } = await qb.orderBy('k.created_at', 'DESC').addOrderBy('k.id', 'DESC').limit(size + 1).getRawAndEntities<{ k_id: string; cursor_time: string }>();
    const times = new Map(raw.map((r) => [r.k_id, r.cursor_time]));
    return toConnection(entities, size, totalCount, (k) => ({ cursor: encodeCursor('apiKeys', [times.get(k.id)!, k.id]), node: k }));
  }

  // ---------------------------------------------------------------- widget sessions

  /**
   * A partner key with `widget-sessions:create` mints a token for one person of its council who consented
   * to that key (`giveWidgetConsent`), one purpose and one of its allowed origins, for at most `maxWidgetMinutes`.
   */
  async createWidgetSession(
    acting: Acting,
    input: { personId: string; purpose: WidgetPurpose; origin: string; minutes?: number | null },
  ): Promise<{ token: string; expiresAt: Date; personId: string; purpose: WidgetPurpose; origin: string }> {
    const actor = acting.actor;
    if (actor.kind === 'anonymous') throw unauthenticated('Send your API key as X-Api-Key.');
    if (actor.kind !== 'partner' || !actor.scopes.includes(ApiKeyScope.WIDGET_SESSIONS_CREATE)) {
      throw forbidden('This needs an API key with the widget-sessions:create scope.');
    }
    const minutes = input.minutes ?? this.options.maxWidgetMinutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > this.options.maxWidgetMinutes) {
      throw badUserInput(`minutes must be between 1 and ${this.options.maxWidgetMinutes}.`, 'minutes');
    }
    const origin = normaliseOrigin(input.origin.trim());
    if (!origin) throw badUserInput('origin must be a web origin like https://example.org.', 'origin');
    assertAllowed(actor.allowedOrigins.includes(origin), 'That origin is not one of this key’s allowed origins.');
    return this.uow.transaction(async (em) => {
      const person = isUuid(input.personId) ? await em.findOneBy(Person, { id: input.personId }) : null;
      const consented =
        !!person && (await em.existsBy(WidgetConsent, { personId: person.id, apiKeyId: actor.apiKeyId, revokedAt: IsNull() }));
      // Same answer for "no such person", "not this council's" and "has not consented": a key cannot probe for people.
      assertAllowed(
        !!person && person.councilId === actor.councilId && consented,
        'This key may make sessions only for people of its council who consented to it.',
      );
      const expiresAt = new Date(Date.now() + minutes * 60_000);
      const record = await em.save(em.create(WidgetSessionRecord, { apiKeyId: actor.apiKeyId, personId: person!.id, purpose: input.purpose, origin, expiresAt }));
      const token = await this.signer.sign(WIDGET_AUDIENCE, { wsid: record.id, purpose: input.purpose, origin }, person!.id, expiresAt);
      await this.audit.record(acting, {
        action: 'widgetSession.create',
        objectType: 'Person',
        objectId: person!.id,
        councilId: actor.councilId,
        summary: { widgetSessionId: record.id, purpose: input.purpose, origin, minutes },
      });
      return { token, expiresAt, personId: person!.id, purpose: input.purpose, origin };
    });
  }
}

/**
 * Who may read the reasons an officer recorded on a person's representative grants (they may carry
 * health information): the person, an officer of the person's council, an admin. Not the representative
 * or the invitee.
 */
export function mayReadRepresentationReasons(actor: Actor, person: Pick<Person, 'id' | 'councilId'>): boolean {
  return actor.kind === 'person' && (actor.personId === person.id || actor.isAdmin || isOfficerOf(actor, person.councilId));
}

export function toPersonActor(
  personId: string,
  sessionId: string,
  isAdminFlag: boolean,
  staff: readonly StaffTie[],
  grants: readonly { personId: string; right: RepresentativeRight }[],
): PersonActor {
  const representing = new Map<string, Set<RepresentativeRight>>();
  for (const g of grants) {
    let set = representing.get(g.personId);
    if (!set) representing.set(g.personId, (set = new Set()));
    set.add(g.right);
  }
  return {
    kind: 'person',
    personId,
    sessionId,
    isAdmin: isAdminFlag,
    staff: staff.map((s) => ({ role: s.role as StaffRole, providerId: s.providerId ?? null, councilId: s.councilId ?? null })),
    representing,
  };
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
function checkedEmail(value: string, argument: string): string {
  const email = normaliseEmail(value);
  if (!EMAIL.test(email) || email.length > 320) throw badUserInput('That is not an email address.', argument);
  return email;
}

function checkedName(value: string, argument: string): string {
  const name = value.trim();
  if (!name || name.length > 200) throw badUserInput('A name of 1 to 200 characters is needed.', argument);
  return name;
}

/** The microsecond-precision UTC timestamps `listApiKeys` puts in its cursors. */
const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

/**
 * A cursor timestamp PostgreSQL will accept: `Date.parse` rolls 2023-02-30 over to March and takes year
 * 0000, both of which PostgreSQL refuses, so the date must read back unchanged and be in year 1 or later.
 */
function isCursorTime(value: string): boolean {
  if (!CURSOR_TIME.test(value)) return false;
  const date = new Date(`${value.slice(0, 23)}Z`);
  return !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.toISOString() === `${value.slice(0, 23)}Z`;
}


/** Rows of an UPDATE/DELETE … RETURNING (TypeORM gives [rows, count] for those, rows for the rest). */
function returned<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}

/** COOPCARE_TOKEN_SECRET signs tokens; COOPCARE_APP_ORIGINS (comma-separated) lists coopcare's own front ends. */
export function accountsOptionsFromEnv(env: NodeJS.ProcessEnv): Partial<AccountsOptions> & { tokenKey: Uint8Array } {
  const appOrigins = (env.COOPCARE_APP_ORIGINS ?? '')
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => {
      const n = normaliseOrigin(o);
      if (!n) throw new Error(`COOPCARE_APP_ORIGINS: "${o}" is not a web origin.`);
      return n;
    });
  const perAddress = env.COOPCARE_SIGN_IN_ATTEMPTS_PER_ADDRESS?.trim();
  if (perAddress && !/^[1-9]\d{0,6}$/.test(perAddress)) throw new Error(`COOPCARE_SIGN_IN_ATTEMPTS_PER_ADDRESS: "${perAddress}" is not a whole number above 0.`);
  return { tokenKey: tokenKeyFrom(env), appOrigins, ...(perAddress ? { addressAttemptsPerMinute: Number(perAddress) } : {}) };
}

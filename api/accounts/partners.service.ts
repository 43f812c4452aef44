import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import { IsNull } from 'typeorm';
import type { AuditService } from '../audit/audit.service.js';
import { assertAllowed, isOfficerOf, officerCouncilIds, requirePerson, type Acting } from '../auth/actor.js';
import { ApiKeyScope, type WidgetPurpose } from '../auth/auth.enums.js';
import { forbidden, signInRequired } from '../auth/auth.exception.js';
import type { AuthOptions } from '../auth/auth.options.js';
import { normaliseOrigin } from '../auth/origins.js';
import { newSecret, sha256, type TokenSigner, WIDGET_AUDIENCE } from '../auth/secrets.js';
import { pageByTimeAndId } from '../common/connection.js';
import { secondsToWait, spent } from '../common/rate-limiter.js';
import { isName } from '../common/rules.js';
import { returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { AccountsException, AccountsExceptionCode, accountsNotFound, invalidInput } from './accounts.exception.js';
import { ApiKey } from './api-key.entity.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { PeopleService } from './people.service.js';
import { Person } from './person.entity.js';
import { WidgetConsent } from './widget-consent.entity.js';
import { WidgetSessionRecord } from './widget-session.entity.js';

/**
 * Partners: a council's API keys for the charities and systems it works with, the consent a person gives
 * a partner to open widgets for them, and the short widget sessions a partner's server mints.
 */
export class PartnersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly people: PeopleService,
    /** The directory knows which councils exist; a key belongs to one. */
    private readonly councils: Pick<DirectoryService, 'councilExists'>,
    private readonly signer: TokenSigner,
    private readonly options: Pick<AuthOptions, 'maxWidgetMinutes' | 'plainHttpOrigins'>,
    /** Widget sessions per partner key: each is a token for a person, so a key mints them more slowly than it reads. */
    private readonly widgetSessionsPerKey: RateLimiterAbstract,
  ) {}

  /** Partner keys of the person's council that may open widgets: what a person can consent to. */
  async widgetPartners(acting: Acting, personId?: string | null): Promise<ApiKey[]> {
    const actor = requirePerson(acting.actor);
    const id = personId ?? actor.personId;
    const person = await this.people.personById(id);
    assertAllowed(!!person && (person.id === actor.personId || isOfficerOf(actor, person.councilId) || actor.isAdmin));
    if (!person!.councilId) return [];
    return this.uow.manager
      .getRepository(ApiKey)
      .createQueryBuilder('k')
      .where('k.council_id = :c AND k.revoked_at IS NULL AND :scope = ANY(k.scopes)', {
        c: person!.councilId,
        scope: ApiKeyScope.WIDGET_SESSIONS_CREATE,
      })
      .orderBy('k.organisation_name')
      .addOrderBy('k.id')
      .getMany();
  }

  async apiKeyById(id: string): Promise<ApiKey | null> {
    return this.uow.manager.getRepository(ApiKey).findOneBy({ id });
  }

  /** The person's live consents. */
  async widgetConsentsOf(personId: string): Promise<WidgetConsent[]> {
    return this.uow.manager.getRepository(WidgetConsent).find({ where: { personId, revokedAt: IsNull() }, order: { givenAt: 'ASC' } });
  }

  /**
   * The person (or an officer, with a reason, for a person who lacks capacity) lets one partner key mint
   * widget sessions for them. The key must be a live one of the person's council, and not one the acting
   * officer issued.
   */
  async giveWidgetConsent(
    acting: Acting,
    input: { apiKeyId: string; personId?: string | null; reason?: string | null },
  ): Promise<WidgetConsent> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const { person, onBehalf } = await this.people.authorityOver(actor, input.personId ?? actor.personId, input.reason);
      const key = await em.findOneBy(ApiKey, { id: input.apiKeyId, revokedAt: IsNull() });
      if (!key || key.councilId !== person.councilId || !key.scopes.includes(ApiKeyScope.WIDGET_SESSIONS_CREATE)) {
        throw invalidInput('No such partner for this person.', 'apiKeyId');
      }
      // A key the officer issued serves pages they chose: consenting to it for the person would let the
      // officer act for them through widgets, as a representative grant to themself would.
      if (onBehalf && key.createdById === actor.personId) {
        throw forbidden('You cannot consent, for a person you act for, to a partner key you issued.');
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
  async revokeWidgetConsent(
    acting: Acting,
    input: { apiKeyId: string; personId?: string | null; reason?: string | null },
  ): Promise<boolean> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const { person, onBehalf } = await this.people.authorityOver(actor, input.personId ?? actor.personId, input.reason);
      const revoked = returnedRows<{ id: string }>(
        await em.query(
          `UPDATE widget_consent SET revoked_at = now(), revoked_by_id = $3, revoke_reason = $4
                WHERE person_id = $1 AND api_key_id = $2 AND revoked_at IS NULL RETURNING id`,
          [person.id, input.apiKeyId, actor.personId, onBehalf ? input.reason!.trim() : null],
        ),
      );
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

  /** Admins issue keys for any council; an officer for their own council. The secret is returned once. */
  async createApiKey(
    acting: Acting,
    input: { name: string; organisationName: string; councilId?: string | null; scopes: ApiKeyScope[]; allowedOrigins: string[] },
  ): Promise<{ apiKey: ApiKey; secret: string }> {
    const actor = requirePerson(acting.actor);
    let councilId = input.councilId ?? null;
    if (!councilId) {
      const own = officerCouncilIds(actor);
      if (own.length !== 1) throw invalidInput('Say which council issues the key.', 'councilId');
      councilId = own[0]!;
    }
    assertAllowed(actor.isAdmin || isOfficerOf(actor, councilId), 'Only an admin or an officer of that council may issue its keys.');
    const name = input.name.trim();
    const organisationName = input.organisationName.trim();
    if (!isName(name)) throw invalidInput('A name of 1 to 200 characters, on one line, is needed.', 'name');
    if (!isName(organisationName))
      throw invalidInput('An organisation name of 1 to 200 characters, on one line, is needed.', 'organisationName');
    if (input.scopes.length === 0) throw invalidInput('Give the key at least one scope.', 'scopes');
    if (input.allowedOrigins.length > 20) throw invalidInput('At most 20 origins.', 'allowedOrigins');
    const origins = input.allowedOrigins.map((o) => {
      const n = normaliseOrigin(o.trim());
      if (!n) throw invalidInput(`"${o.slice(0, 100)}" is not a web origin like https://example.org.`, 'allowedOrigins');
      // A page served over plain http can be changed on its way to the browser, widget session and all.
      if (!n.startsWith('https:') && !this.options.plainHttpOrigins) {
        throw invalidInput(`"${n}" is not https://: partners' pages must be served over TLS.`, 'allowedOrigins');
      }
      return n;
    });
    const secret = newSecret('cck');
    return this.uow.transaction(async (em) => {
      if (!(await this.councils.councilExists(councilId!))) throw invalidInput('No such council.', 'councilId');
      const apiKey = await this.insertApiKey(
        { name, organisationName, councilId: councilId!, scopes: input.scopes, allowedOrigins: origins, createdById: actor.personId },
        secret,
      );
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
    fields: {
      name: string;
      organisationName: string;
      councilId: string;
      scopes: ApiKeyScope[];
      allowedOrigins: string[];
      createdById: string | null;
    },
    secret: string,
  ): Promise<ApiKey> {
    const em = this.uow.manager;
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
      const key = await em.findOne(ApiKey, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!key) throw accountsNotFound('No such API key.');
      assertAllowed(actor.isAdmin || isOfficerOf(actor, key.councilId));
      if (!key.revokedAt) {
        key.revokedAt = new Date();
        key.revokedById = actor.personId;
        await em.save(key);
        await this.audit.record(acting, {
          action: 'apiKey.revoke',
          objectType: 'ApiKey',
          objectId: key.id,
          councilId: key.councilId,
          summary: { name: key.name },
        });
      }
      return key;
    });
  }

  async listApiKeys(acting: Acting, first: number | null | undefined, after: string | null | undefined) {
    const actor = requirePerson(acting.actor);
    const qb = this.uow.manager.getRepository(ApiKey).createQueryBuilder('k');
    if (!actor.isAdmin) {
      const councils = officerCouncilIds(actor);
      assertAllowed(councils.length > 0);
      qb.where('k.council_id = ANY(:councils)', { councils });
    }
    return pageByTimeAndId(qb, { sort: 'apiKeys', column: 'created_at', order: 'DESC', first, after });
  }

  /**
   * A partner key with `widget-sessions:create` mints a token for one person of its council who consented
   * to that key (`giveWidgetConsent`), one purpose and one of its allowed origins, for at most `maxWidgetMinutes`.
   */
  async createWidgetSession(
    acting: Acting,
    input: { personId: string; purpose: WidgetPurpose; origin: string; minutes?: number | null },
  ): Promise<{ token: string; expiresAt: Date; personId: string; purpose: WidgetPurpose; origin: string }> {
    const actor = acting.actor;
    if (actor.kind === 'anonymous') throw signInRequired('Send your API key as X-Api-Key.');
    if (actor.kind !== 'partner' || !actor.scopes.includes(ApiKeyScope.WIDGET_SESSIONS_CREATE)) {
      throw forbidden('This needs an API key with the widget-sessions:create scope.');
    }
    const minutes = input.minutes ?? this.options.maxWidgetMinutes;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > this.options.maxWidgetMinutes) {
      throw invalidInput(`minutes must be between 1 and ${this.options.maxWidgetMinutes}.`, 'minutes');
    }
    const origin = normaliseOrigin(input.origin.trim());
    if (!origin) throw invalidInput('origin must be a web origin like https://example.org.', 'origin');
    assertAllowed(actor.allowedOrigins.includes(origin), 'That origin is not one of this key’s allowed origins.');
    const budget = await spent(this.widgetSessionsPerKey.consume(actor.apiKeyId));
    if (budget.refused) {
      const retryAfterSeconds = secondsToWait(budget.state);
      throw new AccountsException(
        AccountsExceptionCode.TOO_MANY_WIDGET_SESSIONS,
        `This key made too many widget sessions; try again in ${retryAfterSeconds} s.`,
        {
          retryAfterSeconds,
        },
      );
    }
    return this.uow.transaction(async (em) => {
      const person = await em.findOneBy(Person, { id: input.personId });
      const consented =
        !!person && (await em.existsBy(WidgetConsent, { personId: person.id, apiKeyId: actor.apiKeyId, revokedAt: IsNull() }));
      // Same answer for "no such person", "not this council's" and "has not consented": a key cannot probe for people.
      assertAllowed(
        !!person && person.councilId === actor.councilId && consented,
        'This key may make sessions only for people of its council who consented to it.',
      );
      const expiresAt = new Date(Date.now() + minutes * 60_000);
      const record = await em.save(
        em.create(WidgetSessionRecord, { apiKeyId: actor.apiKeyId, personId: person!.id, purpose: input.purpose, origin, expiresAt }),
      );
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

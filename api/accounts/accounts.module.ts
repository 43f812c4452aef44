import { AccountsSchema1764000200000 } from '../../migrations/1764000200000-AccountsSchema.js';
import { CapacityDecisionsTakeTwoOfficers1765000200000 } from '../../migrations/1765000200000-CapacityDecisionsTakeTwoOfficers.js';
import { RightsOfficersGaveThemselvesRevoked1765000500000 } from '../../migrations/1765000500000-RightsOfficersGaveThemselvesRevoked.js';
import type { AuditService } from '../audit/audit.service.js';
import { TokenSigner } from '../auth/secrets.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { sharedLimiter } from '../common/rate-limiter.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { AccountTokens1768000100000 } from '../../migrations/1768000100000-AccountTokens.js';
import { AccountInvitationsService } from './account-invitations.service.js';
import { AccountLetters } from './account-letters.js';
import { AccountToken } from './account-token.entity.js';
import { AccountTokensService } from './account-tokens.service.js';
import { WaysInResolver } from './ways-in.resolver.js';
import { AccountsResolver, RepresentativeGrantResolver, ViewerResolver, WidgetConsentResolver } from './accounts.resolver.js';
import { ApiKey } from './api-key.entity.js';
import { CapacityAssessment } from './capacity-assessment.entity.js';
import { CapacityService } from './capacity.service.js';
import { CapacityAssessmentResolver, CapacityResolver, PersonCapacityResolver } from './capacity.resolver.js';
import { AccountCredentials } from './credentials.service.js';
import { PartnersService } from './partners.service.js';
import { PeopleService } from './people.service.js';
import { Person } from './person.entity.js';
import { RepresentativeGrant } from './representative-grant.entity.js';
import { RepresentativesService } from './representatives.service.js';
import { SessionsResolver } from './sessions.resolver.js';
import { StaffMembership } from './staff-membership.entity.js';
import { WidgetConsent } from './widget-consent.entity.js';
import { WidgetSessionRecord } from './widget-session.entity.js';

/**
 * Password resets asked for in an hour: from one client address (an office behind one address may have a
 * few people who forgot), and for one email (enough for a lost message or two, too few to flood a mailbox).
 */
const RESETS_PER_ADDRESS_PER_HOUR = 20;
const RESETS_PER_EMAIL_PER_HOUR = 5;
/** Asking to move one's account to another address, each with the password: a few mistyped addresses, not a guessing game. */
const EMAIL_CHANGES_PER_PERSON_PER_HOUR = 10;

export const accountsModule = defineModule({
  name: 'accounts',
  entities: [Person, StaffMembership, RepresentativeGrant, ApiKey, WidgetSessionRecord, WidgetConsent, CapacityAssessment, AccountToken],
  resolvers: [
    AccountsResolver,
    SessionsResolver,
    ViewerResolver,
    RepresentativeGrantResolver,
    WidgetConsentResolver,
    CapacityResolver,
    CapacityAssessmentResolver,
    PersonCapacityResolver,
    WaysInResolver,
  ],
  migrations: [
    AccountsSchema1764000200000,
    CapacityDecisionsTakeTwoOfficers1765000200000,
    RightsOfficersGaveThemselvesRevoked1765000500000,
    AccountTokens1768000100000,
  ],
  services: ({
    db,
    uow,
    audit,
    directory,
    outbox,
    authOptions,
  }: CoreServices & { audit: AuditService; directory: DirectoryService; outbox: OutboxService }) => {
    const people = new PeopleService(uow);
    const letters = new AccountLetters(outbox.links);
    const accountTokens = new AccountTokensService(uow, audit, people, outbox, letters, {
      resetsPerClientAddress: sharedLimiter(db, {
        keyPrefix: 'password-reset-address',
        points: RESETS_PER_ADDRESS_PER_HOUR,
        duration: 3600,
      }),
      resetsPerEmail: sharedLimiter(db, { keyPrefix: 'password-reset-email', points: RESETS_PER_EMAIL_PER_HOUR, duration: 3600 }),
      emailChangesPerPerson: sharedLimiter(db, { keyPrefix: 'email-change', points: EMAIL_CHANGES_PER_PERSON_PER_HOUR, duration: 3600 }),
    });
    const accountInvitations = new AccountInvitationsService(uow, audit, people, accountTokens, outbox, letters, directory);
    return {
      people,
      accountTokens,
      accountInvitations,
      capacity: new CapacityService(uow, audit),
      representatives: new RepresentativesService(uow, audit, people, accountInvitations, letters),
      partners: new PartnersService(
        uow,
        audit,
        people,
        directory,
        new TokenSigner(authOptions.tokenKey),
        authOptions,
        sharedLimiter(db, { keyPrefix: 'widget-sessions', points: authOptions.widgetSessionsPerMinute, duration: 60 }),
      ),
      /** What authentication reads of accounts; used by the auth module, not by resolvers. */
      credentials: new AccountCredentials(uow),
    };
  },
});

import { AccountsSchema1764000200000 } from '../../migrations/1764000200000-AccountsSchema.js';
import { CapacityDecisionsTakeTwoOfficers1765000200000 } from '../../migrations/1765000200000-CapacityDecisionsTakeTwoOfficers.js';
import { RightsOfficersGaveThemselvesRevoked1765000500000 } from '../../migrations/1765000500000-RightsOfficersGaveThemselvesRevoked.js';
import type { AuditService } from '../audit/audit.service.js';
import { TokenSigner } from '../auth/secrets.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { sharedLimiter } from '../common/rate-limiter.js';
import type { DirectoryService } from '../directory/directory.service.js';
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

export const accountsModule = defineModule({
  name: 'accounts',
  entities: [Person, StaffMembership, RepresentativeGrant, ApiKey, WidgetSessionRecord, WidgetConsent, CapacityAssessment],
  resolvers: [
    AccountsResolver,
    SessionsResolver,
    ViewerResolver,
    RepresentativeGrantResolver,
    WidgetConsentResolver,
    CapacityResolver,
    CapacityAssessmentResolver,
    PersonCapacityResolver,
  ],
  migrations: [
    AccountsSchema1764000200000,
    CapacityDecisionsTakeTwoOfficers1765000200000,
    RightsOfficersGaveThemselvesRevoked1765000500000,
  ],
  services: ({ db, uow, audit, directory, authOptions }: CoreServices & { audit: AuditService; directory: DirectoryService }) => {
    const people = new PeopleService(uow);
    return {
      people,
      capacity: new CapacityService(uow, audit),
      representatives: new RepresentativesService(uow, audit, people),
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

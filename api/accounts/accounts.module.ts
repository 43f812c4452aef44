import { Accounts1763800200000 } from '../../migrations/1763800200000-Accounts.js';
import { AccountsHardening1763800600000 } from '../../migrations/1763800600000-AccountsHardening.js';
import { SignInAndSessionHardening1763801000000 } from '../../migrations/1763801000000-SignInAndSessionHardening.js';
import type { AuditService } from '../audit/audit.service.js';
import { AccountSession } from '../auth/account-session.entity.js';
import { LoginThrottle } from '../auth/login-throttle.entity.js';
import { UsedRefreshToken } from '../auth/used-refresh-token.entity.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { AccountsResolver, RepresentativeGrantResolver, ViewerResolver, WidgetConsentResolver } from './accounts.resolver.js';
import { AccountsService, accountsOptionsFromEnv } from './accounts.service.js';
import { ApiKey } from './api-key.entity.js';
import { Person } from './person.entity.js';
import { RepresentativeGrant } from './representative-grant.entity.js';
import { StaffMembership } from './staff-membership.entity.js';
import { WidgetConsent } from './widget-consent.entity.js';
import { WidgetSessionRecord } from './widget-session.entity.js';

export const accountsModule = defineModule({
  name: 'accounts',
  entities: [Person, StaffMembership, RepresentativeGrant, AccountSession, UsedRefreshToken, LoginThrottle, ApiKey, WidgetSessionRecord, WidgetConsent],
  resolvers: [AccountsResolver, ViewerResolver, RepresentativeGrantResolver, WidgetConsentResolver],
  migrations: [Accounts1763800200000, AccountsHardening1763800600000, SignInAndSessionHardening1763801000000],
  services: ({ uow, audit }: CoreServices & { audit: AuditService }) => ({
    accounts: new AccountsService(uow, audit, accountsOptionsFromEnv(process.env)),
  }),
});

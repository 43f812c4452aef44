import { SharedRateLimits1765000470000 } from '../../migrations/1765000470000-SharedRateLimits.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { AccountSession } from './account-session.entity.js';
import { AuthenticationService } from './authentication.service.js';
import type { CredentialStore, PasswordLinks } from './credentials.js';
import { LinkSignIn } from './link-sign-in.service.js';
import { TokenSigner } from './secrets.js';
import { SessionsService } from './sessions.service.js';
import { SignInGuard } from './sign-in-guard.js';
import { UsedRefreshToken } from './used-refresh-token.entity.js';

/**
 * Authentication and sessions, shared by every domain. Its tables are created with the accounts schema,
 * as records of people's sign-ins; its migration makes the rate-limit table every limit (its sign-in
 * guard's too) counts in. Its GraphQL (login, refreshSession, logout) answers with the viewer, so it
 * sits with the viewer in api/accounts/sessions.resolver.ts.
 */
export const authModule = defineModule({
  name: 'auth',
  entities: [AccountSession, UsedRefreshToken],
  resolvers: [],
  migrations: [SharedRateLimits1765000470000],
  services: ({
    db,
    uow,
    audit,
    credentials,
    accountTokens,
    authOptions,
  }: CoreServices & { audit: AuditService; credentials: CredentialStore; accountTokens: PasswordLinks }) => {
    const signer = new TokenSigner(authOptions.tokenKey);
    const sessions = new SessionsService(uow, audit, new SignInGuard(db, uow, audit, authOptions), credentials, signer, authOptions);
    return {
      sessions,
      authentication: new AuthenticationService(sessions, credentials, signer, authOptions),
      linkSignIn: new LinkSignIn(uow, sessions, accountTokens),
    };
  },
});

import type { UnitOfWork } from '../common/unit-of-work.js';
import type { Acting } from './actor.js';
import type { PasswordLinkPurpose, PasswordLinks } from './credentials.js';
import type { IssuedSession, SessionsService } from './sessions.service.js';

/**
 * A password set through an emailed link (an invitation, a reset), with what it does to sessions in the
 * same transaction, so a link is never used up without them: a reset ends every session of the person,
 * since whoever knew the old password may hold one; then, for GraphQL, the person is signed in. The
 * token pages sign nobody in: their success page sends the person to sign in.
 */
export class LinkSignIn {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionsService,
    private readonly links: PasswordLinks,
  ) {}

  setPassword(acting: Acting, purpose: PasswordLinkPurpose, secret: string, password: string): Promise<string> {
    return this.uow.transaction(async () => {
      const personId = await this.links.setPasswordWith(acting, purpose, secret, password);
      if (purpose === 'PASSWORD_RESET') await this.sessions.endAllOf(personId);
      return personId;
    });
  }

  signIn(acting: Acting, purpose: PasswordLinkPurpose, secret: string, password: string): Promise<IssuedSession> {
    return this.uow.transaction(async () => {
      const personId = await this.setPassword(acting, purpose, secret, password);
      return this.sessions.open(acting, personId, { through: purpose });
    });
  }
}

import { isUuid } from '../common/ids.js';
import { ANONYMOUS, toPersonActor, type Actor } from './actor.js';
import { AuthException, AuthExceptionCode, credentialInvalid } from './auth.exception.js';
import type { AuthOptions } from './auth.options.js';
import type { CredentialStore } from './credentials.js';
import { sha256, type TokenSigner, WIDGET_AUDIENCE } from './secrets.js';
import type { SessionsService } from './sessions.service.js';

/** What a request presented; everything optional. */
export interface Credentials {
  authorization?: string;
  apiKey?: string;
  origin?: string;
}

/** Far longer than any token or key coopcare issues; a longer credential is refused before any pattern reads it. */
const MAX_CREDENTIAL_LENGTH = 2048;

const originNotAllowed = (message: string) => new AuthException(AuthExceptionCode.ORIGIN_NOT_ALLOWED, message);

/** Turns a request's credentials into its actor, once, before any domain sees the request. */
export class AuthenticationService {
  constructor(
    private readonly sessions: SessionsService,
    private readonly credentials: CredentialStore,
    private readonly signer: TokenSigner,
    private readonly options: AuthOptions,
  ) {}

  /**
   * The actor a request's credentials name, checked against the database (revoked sessions and keys end
   * at once) and against the request's Origin: UNAUTHENTICATED for a bad credential, FORBIDDEN for a
   * good one used from the wrong place; no credential at all is the anonymous actor.
   */
  async authenticate(creds: Credentials): Promise<Actor> {
    if ((creds.authorization?.length ?? 0) > MAX_CREDENTIAL_LENGTH || (creds.apiKey?.length ?? 0) > MAX_CREDENTIAL_LENGTH) {
      throw credentialInvalid('This credential is longer than any coopcare issues.');
    }
    const bearer = creds.authorization?.match(/^Bearer\s+(\S+)\s*$/i)?.[1];
    if (creds.authorization !== undefined && !bearer) throw credentialInvalid('Send the token as "Authorization: Bearer <token>".');
    if (bearer && creds.apiKey !== undefined) {
      throw new AuthException(AuthExceptionCode.CREDENTIALS_AMBIGUOUS, 'Send either a bearer token or an API key, not both.');
    }
    if (creds.apiKey !== undefined) return this.partner(creds.apiKey, creds.origin);
    if (!bearer) return ANONYMOUS;

    const { audience, payload } = await this.signer.verify(bearer);
    if (audience === WIDGET_AUDIENCE) return this.widget(payload.sub!, String(payload.wsid ?? ''), creds.origin);
    const actor = await this.person(payload.sub!, String(payload.sid ?? ''));
    // Only configured origins: the Host header, which a client chooses, never vouches for a page.
    if (creds.origin !== undefined && !this.options.appOrigins.includes(creds.origin)) {
      throw originNotAllowed('Signed-in requests are accepted only from coopcare’s own pages.');
    }
    return actor;
  }

  private async partner(secret: string, origin: string | undefined): Promise<Actor> {
    const key = await this.credentials.partnerKey(sha256(secret));
    if (!key) throw credentialInvalid('This API key is not valid.');
    if (origin !== undefined && !key.allowedOrigins.includes(origin))
      throw originNotAllowed('This API key may not be used from this web origin.');
    return { kind: 'partner', ...key };
  }

  private async widget(personId: string, widgetSessionId: string, origin: string | undefined): Promise<Actor> {
    const session = isUuid(personId) && isUuid(widgetSessionId) ? await this.credentials.widgetSession(widgetSessionId, personId) : null;
    if (!session) throw credentialInvalid('This widget session has ended.');
    // A widget session is bound to the page it was made for; a request without an Origin is not from a page.
    if (origin !== session.origin) throw originNotAllowed('This widget session works only on the page it was made for.');
    return { kind: 'widget', ...session };
  }

  /** The live session's person with their ties; the two reads run side by side. */
  private async person(personId: string, sessionId: string): Promise<Actor> {
    const [live, ties] =
      isUuid(personId) && isUuid(sessionId)
        ? await Promise.all([this.sessions.isLive(personId, sessionId), this.credentials.actorTies(personId)])
        : [false, null];
    if (!live || !ties) throw credentialInvalid('This session has ended; sign in again.');
    return toPersonActor(personId, sessionId, ties);
  }
}

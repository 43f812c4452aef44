import { SignJWT } from 'jose';
import type { TestApp } from '../harness.js';
import { type DemoAccount, demoSignIn } from './demo.js';
import { createWidgetSession, ME } from './graphql.js';
import { TOKEN_SECRET } from './world.js';

export type WidgetPurpose = 'BOOKING' | 'BUDGET_VIEW';

/**
 * A partner of the demo council whose pages are at `origin`, as a council would set one up: the demo
 * officer issues its key, and the demo person consents to it. Then its server mints widget sessions
 * (`mint`) as a partner's server would, for that person and page. Needs a demo-seeded app.
 */
export async function demoPartner(
  t: TestApp,
  origin: string,
  person: DemoAccount = 'margaret',
): Promise<{ secret: string; apiKeyId: string; mint(purpose: WidgetPurpose, minutes?: number): Promise<string> }> {
  const key = await t.gql<{ createApiKey: { secret: string; apiKey: { id: string } } }, unknown>(
    `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret apiKey { id } } }`,
    { i: { name: 'Widget tests', organisationName: 'Test Carers Charity', scopes: ['WIDGET_SESSIONS_CREATE'], allowedOrigins: [origin] } },
    await demoSignIn(t, 'officer'),
  );
  if (!key.data) throw new Error(`createApiKey: ${JSON.stringify(key.errors)}`);
  const { secret, apiKey } = key.data.createApiKey;
  const personHeaders = await demoSignIn(t, person);
  const consent = await t.gql(
    `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { id } }`,
    { i: { apiKeyId: apiKey.id } },
    personHeaders,
  );
  if (consent.errors) throw new Error(`giveWidgetConsent: ${JSON.stringify(consent.errors)}`);
  const personId = await personIdOf(t, personHeaders);
  return {
    secret,
    apiKeyId: apiKey.id,
    async mint(purpose, minutes) {
      const res = await createWidgetSession(t, { personId, purpose, origin, ...(minutes ? { minutes } : {}) }, secret);
      if (!res.data) throw new Error(`createWidgetSession: ${JSON.stringify(res.errors)}`);
      return res.data.createWidgetSession.token;
    },
  };
}

/** The signed-in person's coopcare id: the id a partner keeps in its records when the person consents. */
export async function personIdOf(t: TestApp, headers: Record<string, string>): Promise<string> {
  const res = await t.gql<{ me: { id: string } }, unknown>(ME, undefined, headers);
  if (!res.data) throw new Error(`me: ${JSON.stringify(res.errors)}`);
  return res.data.me.id;
}

/**
 * The same widget session's token, signed as coopcare signs them, but already expired: for an app
 * started with `tokenSecret: TOKEN_SECRET`.
 */
export function expiredWidgetToken(token: string): Promise<string> {
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  return new SignJWT({ wsid: claims.wsid, purpose: claims.purpose, origin: claims.origin })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer('coopcare')
    .setAudience('coopcare:widget')
    .setSubject(claims.sub)
    .setExpirationTime(Math.floor(Date.now() / 1000) - 1)
    .sign(new TextEncoder().encode(TOKEN_SECRET));
}

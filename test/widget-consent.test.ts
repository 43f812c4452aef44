import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import {
  accepted,
  auditCount,
  bearer,
  code,
  confirmCapacity,
  createWidgetSession,
  establishLackOfCapacity,
  recordCapacity,
} from './support/graphql.js';
import { PARTNER_ORIGIN, SCOPED_KEY, useWorld } from './support/world.js';

/**
 * A partner may open widgets for a person only while the person (or, for someone who lacks capacity, an
 * officer with a reason) consents; withdrawing consent ends the sessions made under it, for good.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const mint = async (personId: string, purpose = 'BOOKING') =>
  createWidgetSession(t, { personId, purpose, origin: PARTNER_ORIGIN }, SCOPED_KEY);
const asWidget = (token: string) => accepted(t, { authorization: `Bearer ${token}`, origin: PARTNER_ORIGIN });
const consent = (verb: 'give' | 'revoke', headers: Record<string, string>, input: Record<string, unknown> = {}) =>
  t.gql(
    verb === 'give'
      ? `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { apiKeyId partner { organisationName } reason } }`
      : `mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`,
    { i: { apiKeyId: w.apiKeyIds.scoped, ...input } },
    headers,
  );

describe('widget consent', () => {
  test('without consent a partner gets the same FORBIDDEN as for an unknown person; consent is given, audited and revocable', async () => {
    const unconsented = await mint(w.ids.otherPerson);
    const unknown = await mint('00000000-0000-4000-8000-000000000002');
    expect(code(unconsented)).toBe('FORBIDDEN');
    expect(unconsented.errors![0]!.message).toBe(unknown.errors![0]!.message);

    const partners = await t.gql<{ widgetPartners: { id: string; organisationName: string }[] }, unknown>(
      `{ widgetPartners { id organisationName } }`,
      undefined,
      w.headers('otherPerson'),
    );
    expect(partners.data!.widgetPartners.map((p) => p.id)).toContain(w.apiKeyIds.scoped);
    expect((await consent('give', w.headers('otherPerson'))).errors).toBeUndefined();
    expect(await auditCount(t, 'widgetConsent.give', w.ids.otherPerson)).toBe(1);
    const token = (await mint(w.ids.otherPerson)).data!.createWidgetSession.token;
    expect(await asWidget(token)).toBeUndefined();

    expect((await consent('revoke', w.headers('otherPerson'))).data).toEqual({ revokeWidgetConsent: true });
    expect(await auditCount(t, 'widgetConsent.revoke', w.ids.otherPerson)).toBe(1);
    // The session made under the consent ends with it.
    expect(await asWidget(token)).toBe('UNAUTHENTICATED');
    expect(code(await mint(w.ids.otherPerson))).toBe('FORBIDDEN');
  });

  test('an officer may consent only for a person whose lack of capacity two officers established, with a reason', async () => {
    const give = (personId: string, reason: string | null) => consent('give', w.headers('officer'), { personId, reason });
    expect(code(await give(w.ids.otherPerson, 'r'))).toBe('FORBIDDEN');
    await recordCapacity(t, w.headers('officer'), { personId: w.ids.assessed, lacksCapacity: true, reason: 'MCA assessment' });
    expect(code(await give(w.ids.assessed, 'Best interests'))).toBe('FORBIDDEN');
    expect((await confirmCapacity(t, bearer(await w.login(w.emails.secondOfficer)), w.ids.assessed)).errors).toBeUndefined();
    expect(code(await give(w.ids.assessed, null))).toBe('BAD_USER_INPUT');
    expect((await give(w.ids.assessed, 'Best interests')).data).toMatchObject({ giveWidgetConsent: { reason: 'Best interests' } });
  });

  test('an officer acting for a person may not consent to a partner key they issued themself', async () => {
    await establishLackOfCapacity(t, w.headers('officer'), bearer(await w.login(w.emails.secondOfficer)), {
      personId: w.ids.assessed2,
      reason: 'MCA assessment',
    });
    const issued = await t.gql<{ createApiKey: { apiKey: { id: string } } }, unknown>(
      `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }`,
      {
        i: {
          name: 'My page',
          organisationName: 'Officer’s own page',
          scopes: ['WIDGET_SESSIONS_CREATE'],
          allowedOrigins: ['https://officer-page.example'],
        },
      },
      w.headers('officer'),
    );
    expect(issued.errors).toBeUndefined();
    const give = (apiKeyId: string) =>
      consent('give', w.headers('officer'), { personId: w.ids.assessed2, reason: 'Best interests', apiKeyId });
    expect(code(await give(issued.data!.createApiKey.apiKey.id))).toBe('FORBIDDEN');
    expect((await give(w.apiKeyIds.second)).errors).toBeUndefined();
  });

  test('a session ended by withdrawing consent stays ended when consent is given again', async () => {
    const old = (await mint(w.ids.person, 'BUDGET_VIEW')).data!.createWidgetSession.token;
    expect(await asWidget(old)).toBeUndefined();
    expect((await consent('revoke', w.headers('person'))).errors).toBeUndefined();
    expect(await asWidget(old)).toBe('UNAUTHENTICATED');
    expect((await consent('give', w.headers('person'))).errors).toBeUndefined();
    expect(await asWidget(old)).toBe('UNAUTHENTICATED');
    expect(await asWidget((await mint(w.ids.person, 'BUDGET_VIEW')).data!.createWidgetSession.token)).toBeUndefined();
  });
});

import { describe, expect, test } from 'vitest';
import { encodeCursor } from '../api/common/connection.js';
import { useTestApp } from './support/app.js';
import { code, firstError, internalErrors } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * A NUL character (U+0000) in any text input is bad input, refused before anything is written: never a
 * 500 (PostgreSQL cannot store one), never half a write.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const PROVIDER_IDS = `query($filter: ProviderFilter) { providers(filter: $filter, first: 100) { edges { node { id } } } }`;
const SERVICE_IDS = `query($filter: ServiceFilter, $after: String, $sort: ServiceSort) {
  services(filter: $filter, first: 100, after: $after, sort: $sort) { edges { node { id } } }
}`;

describe('in the directory', () => {
  test('in search filters, the provider slug, a service id and a cursor key', async () => {
    const error = (query: string, variables: Record<string, unknown> = {}) => firstError(t, query, variables).then((e) => e.extensions);
    expect(await error(SERVICE_IDS, { filter: { text: 'care\u0000home' } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'filter.text',
    });
    expect(await error(PROVIDER_IDS, { filter: { text: '\u0000' } })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'filter.text' });
    expect(await error(SERVICE_IDS, { filter: { categories: ['personal-care', 'x\u0000'] } })).toMatchObject({
      code: 'BAD_USER_INPUT',
      argument: 'filter.categories',
    });
    expect(await error(SERVICE_IDS, { filter: { near: { postcode: 'HD1\u00002TA' } } })).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await error(`query { provider(slug: "a\\u0000b") { id } }`)).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'slug' });
    // Not a UUID either: the ID scalar refuses it first.
    expect(await error(`query { provider(id: "a\\u0000b") { id } }`)).toMatchObject({ code: 'BAD_USER_INPUT' });
    expect(await error(`query { service(id: "a\\u0000b") { id } }`)).toMatchObject({ code: 'BAD_USER_INPUT' });
    const after = encodeCursor('NAME', ['home\u0000care', '00000000-0000-4000-8000-000000000000']);
    expect(await error(SERVICE_IDS, { after, sort: 'NAME' })).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'after' });
    expect(internalErrors(t)).toEqual([]);
  });

  test('in writes, refused at the GraphQL edge; nothing is written', async () => {
    const before = await t.db.query(
      `SELECT name, (SELECT count(*)::int FROM service WHERE provider_id = $1) AS services FROM provider WHERE id = $1`,
      [w.providerA],
    );
    // Signed-in writes, as the coordinator of provider A.
    const upsert = await firstError(
      t,
      `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
      { i: { providerId: w.providerA, category: 'personal-care', name: 'Visits', hourlyRatePence: 2500, languages: ['\u0000'] } },
      w.headers('coordinator'),
    );
    expect(upsert.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const update = await firstError(
      t,
      `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`,
      { i: { id: w.providerA, name: 'Co-op\u0000A' } },
      w.headers('coordinator'),
    );
    expect(update.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const after = await t.db.query(
      `SELECT name, (SELECT count(*)::int FROM service WHERE provider_id = $1) AS services FROM provider WHERE id = $1`,
      [w.providerA],
    );
    expect(after).toEqual(before);
    expect(internalErrors(t)).toEqual([]);
  });
});

describe('in accounts and the audit trail', () => {
  test('every accounts and audit text input is BAD_USER_INPUT, and nothing is written', async () => {
    const cases: [string, string, unknown, string][] = [
      [
        'grant name',
        `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`,
        { i: { representativeEmail: 'x@test.example', representativeName: 'A\u0000', rights: ['BOOK'] } },
        'person',
      ],
      [
        'grant email',
        `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`,
        { i: { representativeEmail: 'x\u0000@test.example', representativeName: 'A', rights: ['BOOK'] } },
        'person',
      ],
      [
        'revoke email',
        `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { id } }`,
        { i: { representativeEmail: 'x\u0000@test.example' } },
        'person',
      ],
      [
        'api key name',
        `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`,
        { i: { name: 'n\u0000', organisationName: 'Org', scopes: ['DIRECTORY_READ'], allowedOrigins: [] } },
        'officer',
      ],
      ['audit action', `query($f: AuditEventFilter) { auditEvents(filter: $f) { totalCount } }`, { f: { action: 'a\u0000' } }, 'admin'],
      [
        'consent reason',
        `mutation($i: GiveWidgetConsentInput!) { giveWidgetConsent(input: $i) { id } }`,
        { i: { apiKeyId: w.apiKeyIds.scoped, personId: w.ids.assessed, reason: 'r\u0000' } },
        'officer',
      ],
      [
        'consent withdrawal reason',
        `mutation($i: RevokeWidgetConsentInput!) { revokeWidgetConsent(input: $i) }`,
        { i: { apiKeyId: w.apiKeyIds.scoped, personId: w.ids.assessed, reason: 'r\u0000' } },
        'officer',
      ],
      [
        'capacity reason',
        `mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { id } }`,
        { i: { personId: w.ids.assessed, lacksCapacity: true, reason: 'r\u0000' } },
        'officer',
      ],
      [
        'widget origin',
        `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token } }`,
        { i: { personId: w.ids.person, purpose: 'BOOKING', origin: 'https://partner.example\u0000' } },
        'partner',
      ],
    ];
    const audits = Number((await t.db.query(`SELECT count(*) AS n FROM audit_event`))[0].n);
    for (const [what, doc, vars, role] of cases) {
      expect(code(await t.gql(doc, vars, w.headers(role as never))), what).toBe('BAD_USER_INPUT');
    }
    // Nothing was written on the way.
    expect(Number((await t.db.query(`SELECT count(*) AS n FROM audit_event`))[0].n)).toBe(audits);
  });
});

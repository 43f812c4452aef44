import { describe, expect, test } from 'vitest';
import { encodeCursor } from '../api/common/connection.js';
import { useTestApp } from './support/app.js';
import { code, firstError, internalErrors } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * A NUL character (U+0000), a lone surrogate (half of a UTF-16 pair) or more text than any field takes,
 * in any text input, is bad input refused before anything is written: never a 500 (PostgreSQL cannot
 * store the first, nor its JSON the second), never half a write.
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

describe('the one rule at the GraphQL edge, on the writes the pen test named', () => {
  const post = async (query: string, variables: Record<string, unknown>, headers: Record<string, string>) => {
    const res = await fetch(`${t.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, error: ((await res.json()) as { errors?: { extensions?: Record<string, unknown> }[] }).errors?.[0] };
  };
  const SUSPEND = `mutation($id: ID!, $r: String) { suspendProvider(id: $id, reason: $r) { id } }`;
  const CREATE_KEY = `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { secret } }`;
  const UPDATE = `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`;
  const keyNamed = (name: string) => ({ i: { name, organisationName: 'Org', scopes: ['DIRECTORY_READ'], allowedOrigins: [] } });
  const state = async () => ({
    provider: await t.db.query(`SELECT name, website, status FROM provider WHERE id = $1`, [w.providerA]),
    keys: (await t.db.query(`SELECT count(*)::int AS n FROM api_key`))[0].n,
    audits: (await t.db.query(`SELECT count(*)::int AS n FROM audit_event`))[0].n,
  });

  test.each([
    ['a NUL character', '\u0000'],
    ['a lone high surrogate', '\ud800'],
    ['a lone low surrogate', '\udc00'],
    ['more than 10,000 characters', 'x'.repeat(10_001)],
  ])('%s in a suspension reason, an API key name, a provider name or website is a 400 naming the argument', async (_what, bad) => {
    const before = await state();
    const cases: [string, Promise<Awaited<ReturnType<typeof post>>>][] = [
      ['r', post(SUSPEND, { id: w.providerA, r: `Closed${bad}` }, w.headers('officer'))],
      ['i.name', post(CREATE_KEY, keyNamed(`Page${bad}`), w.headers('officer'))],
      ['i.name', post(UPDATE, { i: { id: w.providerA, name: `Co-op${bad}` } }, w.headers('coordinator'))],
      ['i.website', post(UPDATE, { i: { id: w.providerA, website: `https://co-op-a.example/${bad}` } }, w.headers('coordinator'))],
    ];
    for (const [argument, answer] of cases) {
      const { status, error } = await answer;
      expect(status, argument).toBe(400);
      expect(error?.extensions, argument).toMatchObject({ code: 'BAD_USER_INPUT', argument });
    }
    expect(await state()).toEqual(before);
    expect(internalErrors(t)).toEqual([]);
  });

  test('in a literal, a NUL is BAD_USER_INPUT naming the argument; a lone surrogate cannot be written in GraphQL at all', async () => {
    const before = await state();
    const nul = await post(
      `mutation($id: ID!) { suspendProvider(id: $id, reason: "Closed\\u0000") { id } }`,
      { id: w.providerA },
      w.headers('officer'),
    );
    expect(nul.status).toBe(400);
    expect(nul.error?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argument: 'reason' });
    for (const literal of ['\\ud800', '\ud800']) {
      const half = await post(
        `mutation($id: ID!) { suspendProvider(id: $id, reason: "Closed${literal}") { id } }`,
        { id: w.providerA },
        w.headers('officer'),
      );
      expect(half.status, literal).toBe(400);
      expect(half.error?.extensions?.code, literal).toBe('GRAPHQL_PARSE_FAILED');
    }
    expect(await state()).toEqual(before);
    expect(internalErrors(t)).toEqual([]);
  });
});

describe('variables nested deeper than the call stack, within the body limit', () => {
  /** A body whose variable `x` holds `inner` inside `depth` arrays or objects: JSON has no depth limit of its own. */
  const nested = (depth: number, open: string, close: string, inner: string) =>
    `{"query":"{ __typename }","variables":{"x":${open.repeat(depth)}${inner}${close.repeat(depth)}}}`;
  const send = async (body: string) => {
    const res = await fetch(`${t.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    return { status: res.status, body: (await res.json()) as { data?: unknown; errors?: { extensions?: Record<string, unknown> }[] } };
  };

  test.each([
    ['arrays', '[', ']'],
    ['objects', '{"a":', '}'],
  ])('in %s, a NUL at the bottom is a 400 and no NUL is no error: never a 500', async (_what, open, close) => {
    const nul = await send(nested(30_000, open, close, '"\\u0000"'));
    expect(nul.status).toBe(400);
    expect(nul.body.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
    const clean = await send(nested(30_000, open, close, '"text"'));
    expect(clean).toEqual({ status: 200, body: { data: { __typename: 'Query' } } });
    expect(internalErrors(t)).toEqual([]);
  });
});

import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { code, cursor } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * The audit trail: who did what, to what, in which request; append-only in the database; each officer
 * reads only what concerns their council.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const createKey = (role: 'officer' | 'otherOfficer', name: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...w.headers(role), ...headers },
    body: JSON.stringify({
      query: `mutation($i: CreateApiKeyInput!) { createApiKey(input: $i) { apiKey { id } } }`,
      variables: { i: { name, organisationName: 'Org', scopes: ['DIRECTORY_READ'], allowedOrigins: [] } },
    }),
  }).then(async (res) => ((await res.json()) as { data: { createApiKey: { apiKey: { id: string } } } }).data.createApiKey.apiKey.id);

describe('what the trail records', () => {
  test('who did what, in which request', async () => {
    const keyId = await createKey('officer', 'audited', { 'x-request-id': 'req-audit-1' });
    const events = await t.gql<{ auditEvents: { edges: { node: Record<string, unknown> }[] } }, unknown>(
      `query($id: ID) { auditEvents(first: 5, filter: { objectId: $id }) {
        edges { node { action actorKind actorPersonId objectType councilId requestId summary } } } }`,
      { id: keyId },
      w.headers('officer'),
    );
    expect(events.data!.auditEvents.edges[0]!.node).toMatchObject({
      action: 'apiKey.create',
      actorKind: 'person',
      actorPersonId: w.ids.officer,
      objectType: 'ApiKey',
      councilId: w.councilA,
      requestId: 'req-audit-1',
    });
  });

  test('the database refuses UPDATE, DELETE and TRUNCATE on it', async () => {
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM audit_event`);
    expect(count).toBeGreaterThan(0);
    await expect(t.db.query(`UPDATE audit_event SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`DELETE FROM audit_event`)).rejects.toThrow(/append-only/);
    await expect(t.db.query(`TRUNCATE audit_event`)).rejects.toThrow(/append-only/);
    const [{ after }] = await t.db.query(`SELECT count(*)::int AS after FROM audit_event`);
    expect(after).toBe(count);
  });
});

describe('who reads it', () => {
  test('an officer sees only their own council’s audit events and keys', async () => {
    await createKey('otherOfficer', 'council B’s own');
    const asOther = await t.gql<{ auditEvents: { edges: { node: { councilId: string | null } }[] } }, unknown>(
      `{ auditEvents(first: 100) { edges { node { councilId } } } }`,
      undefined,
      w.headers('otherOfficer'),
    );
    expect(asOther.data!.auditEvents.edges.length).toBeGreaterThan(0);
    expect(asOther.data!.auditEvents.edges.every((e) => e.node.councilId === w.councilB)).toBe(true);
    const keys = await t.gql<{ apiKeys: { edges: { node: { councilId: string } }[] } }, unknown>(
      `{ apiKeys(first: 100) { edges { node { councilId } } } }`,
      undefined,
      w.headers('otherOfficer'),
    );
    expect(keys.data!.apiKeys.edges.length).toBeGreaterThan(0);
    expect(keys.data!.apiKeys.edges.every((e) => e.node.councilId === w.councilB)).toBe(true);
  });

  test('an officer sees a coordinator’s edits of a provider serving their council; another council’s officer does not', async () => {
    const edited = await t.gql(
      `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`,
      { i: { id: w.providerA, summary: 'Edited for the audit test.' } },
      w.headers('coordinator'),
    );
    expect(edited.errors).toBeUndefined();
    const service = await t.gql<{ upsertService: { id: string } }, unknown>(
      `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
      { i: { providerId: w.providerA, category: 'personal-care', name: 'Evening calls', hourlyRatePence: 2700 } },
      w.headers('coordinator'),
    );
    const actions = async (role: 'officer' | 'otherOfficer', objectId: string) =>
      (
        await t.gql<{ auditEvents: { edges: { node: { action: string; councilIds: string[] } }[] } }, unknown>(
          `query($o: ID) { auditEvents(first: 20, filter: { objectId: $o }) { edges { node { action councilIds } } } }`,
          { o: objectId },
          w.headers(role),
        )
      ).data!.auditEvents.edges.map((e) => e.node);
    expect((await actions('officer', w.providerA)).map((e) => e.action)).toContain('provider.update');
    expect(await actions('officer', service.data!.upsertService.id)).toEqual([{ action: 'service.create', councilIds: [w.councilA] }]);
    expect(await actions('otherOfficer', w.providerA)).toEqual([]);
    expect(await actions('otherOfficer', service.data!.upsertService.id)).toEqual([]);
  });

  test('a crafted auditEvents cursor or id filter is BAD_USER_INPUT', async () => {
    for (const bad of [
      ['audit', 1.5],
      ['audit', -1],
      ['audit', 1e300],
    ]) {
      const res = await t.gql(
        `query($a: String) { auditEvents(first: 5, after: $a) { totalCount } }`,
        { a: cursor(bad) },
        w.headers('admin'),
      );
      expect(code(res), JSON.stringify(bad)).toBe('BAD_USER_INPUT');
    }
    for (const filter of [{ actorPersonId: 'nope' }, { councilId: 'nope' }]) {
      const res = await t.gql(
        `query($f: AuditEventFilter) { auditEvents(first: 5, filter: $f) { totalCount } }`,
        { f: filter },
        w.headers('admin'),
      );
      expect(code(res), JSON.stringify(filter)).toBe('BAD_USER_INPUT');
    }
  });
});

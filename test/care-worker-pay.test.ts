import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { code } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * A provider's listing says what it pays its care workers an hour (story 9: the council's report shows the
 * share of each pound that reaches them). Its coordinators set and clear it through updateProvider, like
 * any listing field; the change is in the audit trail; the public directory shows it.
 */

const UPDATE = `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { careWorkerHourlyPayPence } }`;
const PUBLIC_PROVIDER = `query($id: ID) {
  provider(id: $id) { careWorkerHourlyPayPence }
  providers(first: 100) { edges { node { id careWorkerHourlyPayPence } } }
}`;

describe('careWorkerHourlyPayPence on a listing', () => {
  const t = useTestApp({ seeded: 'world' });
  const w = useWorld(t);

  const setPay = (role: Parameters<typeof w.headers>[0], id: string, pay: unknown) =>
    t.gql<{ updateProvider: { careWorkerHourlyPayPence: number | null } }, unknown>(
      UPDATE,
      { i: { id, careWorkerHourlyPayPence: pay } },
      w.headers(role),
    );
  const publicPay = async () => {
    const res = await t.gql<
      {
        provider: { careWorkerHourlyPayPence: number | null };
        providers: { edges: { node: { id: string; careWorkerHourlyPayPence: number } }[] };
      },
      unknown
    >(PUBLIC_PROVIDER, { id: w.providerA });
    expect(res.errors).toBeUndefined();
    const listed = res.data!.providers.edges.find((e) => e.node.id === w.providerA)?.node.careWorkerHourlyPayPence;
    expect(listed, 'the directory listing and the provider agree').toBe(res.data!.provider.careWorkerHourlyPayPence);
    return listed;
  };
  const auditedChanges = async () =>
    (
      await t.db.query(
        `SELECT summary->'changed' AS changed FROM audit_event WHERE action = 'provider.update' AND object_id = $1 ORDER BY id`,
        [w.providerA],
      )
    ).map((r: { changed: unknown }) => r.changed);

  test('the provider’s coordinator publishes it, the public directory shows it, and the audit trail records it', async () => {
    const res = await setPay('coordinator', w.providerA, 1275);
    expect(res.errors).toBeUndefined();
    expect(res.data!.updateProvider.careWorkerHourlyPayPence).toBe(1275);
    expect(await publicPay()).toBe(1275);
    expect((await auditedChanges()).at(-1)).toEqual({ careWorkerHourlyPayPence: 1275 });
  });

  test('null clears it (no longer published), audited; leaving it out of an edit leaves it as it is', async () => {
    expect((await setPay('coordinator', w.providerA, 1300)).errors).toBeUndefined();
    const summaryOnly = await t.gql(
      UPDATE.replace('careWorkerHourlyPayPence }', 'summary }'),
      {
        i: { id: w.providerA, summary: 'Home care in Huddersfield.' },
      },
      w.headers('coordinator'),
    );
    expect(summaryOnly.errors).toBeUndefined();
    expect(await publicPay()).toBe(1300);
    const cleared = await setPay('coordinator', w.providerA, null);
    expect(cleared.data?.updateProvider.careWorkerHourlyPayPence).toBeNull();
    expect(await publicPay()).toBeNull();
    expect((await auditedChanges()).at(-1)).toEqual({ careWorkerHourlyPayPence: null });
  });

  test('another provider’s coordinator, a care worker, an officer and the public may not set it', async () => {
    expect((await setPay('coordinator', w.providerA, 1200)).errors).toBeUndefined();
    const before = await auditedChanges();
    const outcomes = Object.fromEntries(
      await Promise.all(
        (['otherCoordinator', 'careWorker', 'officer', 'person', 'public'] as const).map(async (role) => [
          role,
          code(await setPay(role, w.providerA, 9999)),
        ]),
      ),
    );
    expect(outcomes).toEqual({
      otherCoordinator: 'FORBIDDEN',
      careWorker: 'FORBIDDEN',
      officer: 'FORBIDDEN',
      person: 'FORBIDDEN',
      public: 'UNAUTHENTICATED',
    });
    expect(await publicPay()).toBe(1200);
    expect(await auditedChanges()).toEqual(before);
  });

  test('0, a negative, more than £1,000 an hour or a fraction of a penny is BAD_USER_INPUT and changes nothing', async () => {
    expect((await setPay('coordinator', w.providerA, 1250)).errors).toBeUndefined();
    const before = await auditedChanges();
    for (const bad of [0, -1, -1250, 100_001, 2 ** 31 - 1]) {
      const res = await setPay('coordinator', w.providerA, bad);
      expect(code(res), String(bad)).toBe('BAD_USER_INPUT');
      expect(res.errors![0].extensions?.argument, String(bad)).toBe('careWorkerHourlyPayPence');
    }
    // Not an Int at all: refused by GraphQL before the resolver.
    for (const bad of [12.5, '1250', true]) expect(code(await setPay('coordinator', w.providerA, bad)), String(bad)).toBe('BAD_USER_INPUT');
    expect(await publicPay()).toBe(1250);
    expect(await auditedChanges()).toEqual(before);
    // The limits themselves are allowed.
    for (const edge of [1, 100_000])
      expect((await setPay('coordinator', w.providerA, edge)).data?.updateProvider.careWorkerHourlyPayPence).toBe(edge);
  });

  test('a draft listing’s pay is not public', async () => {
    expect((await setPay('otherCoordinator', w.providerB, 1400)).data?.updateProvider.careWorkerHourlyPayPence).toBe(1400);
    const res = await t.gql<{ provider: unknown }, unknown>(`query($id: ID) { provider(id: $id) { careWorkerHourlyPayPence } }`, {
      id: w.providerB,
    });
    expect(res.data?.provider).toBeNull();
  });
});

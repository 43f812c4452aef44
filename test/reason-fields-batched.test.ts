import { beforeAll, describe, expect, test } from 'vitest';
import { addPerson } from './support/accounts.js';
import { useTestApp } from './support/app.js';
import { addProvider } from './support/seed.js';
import { PASSWORD, type RoleName, useWorld } from './support/world.js';

/**
 * The fields that carry officers' reasons (a listing's status history, a person's capacity decisions) sit
 * in lists, so each is read, and its reader's permission checked, in one statement per list: a page of
 * many costs the statements a page of one does, whoever asks and whatever they may see.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const MANY = 8;

async function statementsFor(role: RoleName, query: string, first: number) {
  t.statements.reset();
  const res = await t.gql<Record<string, { edges: unknown[] }>, unknown>(query, { first }, w.headers(role));
  expect(res.errors).toBeUndefined();
  return { statements: t.statements.count, data: Object.values(res.data!)[0]!.edges };
}

describe('a page of providers with their status history', () => {
  beforeAll(async () => {
    // With the world's provider A, every provider a page shows has a history of two changes.
    const added = await Promise.all(Array.from({ length: MANY }, (_, i) => addProvider(t.services, { name: `Statements Co-op ${i}` })));
    for (const id of [w.providerA, ...added.map((p) => p.id)]) {
      await t.db.query(
        `INSERT INTO provider_status_change (provider_id, from_status, to_status, reason, changed_by_id)
         VALUES ($1, 'PUBLISHED', 'SUSPENDED', 'A reason', $2), ($1, 'SUSPENDED', 'PUBLISHED', NULL, $2)`,
        [id, w.ids.officer],
      );
    }
  });

  const PAGE = `query($first: Int) { providers(first: $first) { edges { node { id statusChanges { to reason } } } } }`;
  type Edge = { node: { statusChanges: unknown[] | null } };

  test.each([
    ['an officer of a council they serve', 'officer', 2],
    ['an admin', 'admin', 2],
    ['an officer of another council, who sees none', 'otherOfficer', null],
  ] as const)('costs %s the statements of a page of one', async (_who, role, changes) => {
    const one = await statementsFor(role, PAGE, 1);
    const many = await statementsFor(role, PAGE, MANY);
    expect(many.data).toHaveLength(MANY);
    for (const edge of many.data as Edge[]) expect(edge.node.statusChanges?.length ?? null).toBe(changes);
    expect(many.statements).toBe(one.statements);
  });
});

describe('a page of capacity findings with each person’s decisions', () => {
  beforeAll(async () => {
    for (let i = 0; i < MANY; i++) {
      const personId = await addPerson(t.services, {
        email: `assessed-page-${i}@test.example`,
        name: `Assessed ${i}`,
        councilId: w.councilA,
        password: PASSWORD,
      });
      await t.db.query(
        `INSERT INTO capacity_assessment (person_id, lacks_capacity, reason, recorded_by_id) VALUES ($1, true, 'MCA ref', $2)`,
        [personId, w.ids.officer],
      );
    }
  });

  const PAGE = `query($first: Int) {
    capacityAssessmentsAwaitingConfirmation(first: $first) { edges { node { person { id capacityAssessments { status reason } } } } }
  }`;
  type Edge = { node: { person: { capacityAssessments: unknown[] | null } } };

  test.each([
    ['an officer of their council', 'officer'],
    ['an admin', 'admin'],
  ] as const)('costs %s the statements of a page of one', async (_who, role) => {
    const one = await statementsFor(role, PAGE, 1);
    const many = await statementsFor(role, PAGE, MANY);
    expect(many.data).toHaveLength(MANY);
    for (const edge of many.data as Edge[]) expect(edge.node.person.capacityAssessments).toHaveLength(1);
    expect(many.statements).toBe(one.statements);
  });
});

describe('a later mutation of the same request', () => {
  test('reads the status history with the earlier mutation’s change', async () => {
    const res = await t.gql<Record<'a' | 'b', { statusChanges: { to: string }[] }>, unknown>(
      `mutation($id: ID!) {
        a: suspendProvider(id: $id, reason: "Checking") { statusChanges { to } }
        b: publishProvider(id: $id) { statusChanges { to } }
      }`,
      { id: w.providerA },
      w.headers('officer'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.b.statusChanges.length).toBe(res.data!.a.statusChanges.length + 1);
    expect(res.data!.b.statusChanges[0]!.to).toBe('PUBLISHED');
  });

  test('reads the person’s capacity decisions with the earlier mutation’s', async () => {
    const input = (lacksCapacity: boolean) => ({ personId: w.ids.assessed, lacksCapacity, reason: 'MCA ref 7' });
    const res = await t.gql<Record<'a' | 'b', { capacityAssessments: { lacksCapacity: boolean }[] }>, unknown>(
      `mutation($a: RecordCapacityAssessmentInput!, $b: RecordCapacityAssessmentInput!) {
        a: recordCapacityAssessment(input: $a) { capacityAssessments { lacksCapacity } }
        b: recordCapacityAssessment(input: $b) { capacityAssessments { lacksCapacity } }
      }`,
      { a: input(true), b: input(false) },
      w.headers('officer'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.b.capacityAssessments.map((a) => a.lacksCapacity)).toEqual([false, true]);
  });
});

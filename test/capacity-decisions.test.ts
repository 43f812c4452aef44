import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { auditCount, bearer, code, recordCapacity } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * Capacity decisions (Mental Capacity Act 2005) and what they let officers do. A finding that a person
 * lacks capacity lets their council's officers act for them, so it takes two officers: one records it,
 * a different officer of that council confirms it. Acting for a person never extends to making oneself
 * their representative.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const secondOfficer = async () => bearer(await w.login(w.emails.secondOfficer));

type Assessment = { id: string; status: string; lacksCapacity: boolean; recordedById: string; confirmedById: string | null };
const FIELDS = 'id status lacksCapacity recordedById confirmedById';

async function record(headers: Record<string, string>, personId: string, lacksCapacity = true, reason = 'MCA assessment ref 42') {
  const res = await t.gql<{ recordCapacityAssessment: { capacityAssessments: Assessment[] } }, unknown>(
    `mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { capacityAssessments { ${FIELDS} } } }`,
    { i: { personId, lacksCapacity, reason } },
    headers,
  );
  expect(res.errors).toBeUndefined();
  return res.data!.recordCapacityAssessment.capacityAssessments[0]!;
}

const confirm = (headers: Record<string, string>, id: string) =>
  t.gql<{ confirmCapacityAssessment: Assessment }, unknown>(
    `mutation($id: ID!) { confirmCapacityAssessment(id: $id) { ${FIELDS} } }`,
    { id },
    headers,
  );

const grantTo = (headers: Record<string, string>, personId: string, email: string) =>
  t.gql<{ grantRepresentativeRights: { right: string }[] }, unknown>(
    `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { right } }`,
    { i: { personId, representativeEmail: email, representativeName: 'Me', rights: ['BOOK', 'VIEW_BUDGET'], reason: 'Best interests' } },
    headers,
  );

const lacksCapacity = async (personId: string): Promise<boolean> =>
  (await t.db.query(`SELECT lacks_capacity FROM person WHERE id = $1`, [personId]))[0].lacks_capacity;

describe('an officer acting for a person who lacks capacity, for themself (the insider attack)', () => {
  test('records lack of capacity, grants themself BOOK and VIEW_BUDGET: refused, before and after a second officer confirms', async () => {
    const officer = w.headers('officer');
    expect(
      (await recordCapacity(t, officer, { personId: w.ids.assessed, lacksCapacity: true, reason: 'MCA ref 42' })).errors,
    ).toBeUndefined();
    // Alone, the finding enables nothing…
    expect(code(await grantTo(officer, w.ids.assessed, w.emails.officer))).toBe('FORBIDDEN');
    expect(await lacksCapacity(w.ids.assessed)).toBe(false);
    // …and the officer who recorded it cannot confirm it.
    const [pending] = await t.db.query(`SELECT id, recorded_by_id FROM capacity_assessment WHERE person_id = $1`, [w.ids.assessed]);
    expect(pending.recorded_by_id).toBe(w.ids.officer);
    expect(code(await confirm(officer, pending.id))).toBe('FORBIDDEN');
    expect(await lacksCapacity(w.ids.assessed)).toBe(false);

    // Once a second officer confirms it, the officer still may not invite themself, however the email is written.
    expect((await confirm(await secondOfficer(), pending.id)).errors).toBeUndefined();
    expect(code(await grantTo(officer, w.ids.assessed, ` ${w.emails.officer.toUpperCase()} `))).toBe('FORBIDDEN');
    expect(await t.db.query(`SELECT 1 FROM representative_grant WHERE invited_email = $1`, [w.emails.officer])).toEqual([]);
    // Acting for the person for someone else works.
    expect((await grantTo(officer, w.ids.assessed, 'advocate@test.example')).errors).toBeUndefined();
  });

  test('accepts an invitation they made while acting for the person (one made before this rule, say): refused', async () => {
    const officer = w.headers('officer');
    await t.db.query(
      `INSERT INTO representative_grant (person_id, invited_email, invited_name, "right", granted_by_id, grant_reason)
       VALUES ($1, $2, 'Me', 'BOOK', $3, 'Best interests'), ($1, $2, 'Me', 'VIEW_BUDGET', $3, 'Best interests')`,
      [w.ids.assessed, w.emails.officer, w.ids.officer],
    );
    const accepted = await t.gql(
      `mutation($p: ID!) { acceptRepresentativeInvitation(personId: $p) { right } }`,
      { p: w.ids.assessed },
      officer,
    );
    expect(code(accepted)).toBe('FORBIDDEN');
    const held = await t.gql<{ me: { representing: unknown[] } }, unknown>(`{ me { representing { right } } }`, undefined, officer);
    expect(held.data!.me.representing).toEqual([]);
  });

  test('an admin acting for the person may not invite themself either', async () => {
    const recorded = await record(w.headers('officer'), w.ids.assessed2);
    expect((await confirm(await secondOfficer(), recorded.id)).errors).toBeUndefined();
    expect(code(await grantTo(w.headers('admin'), w.ids.assessed2, w.emails.admin))).toBe('FORBIDDEN');
  });
});

describe('a finding of lack of capacity takes a second officer of the person’s council', () => {
  test('a second officer sees it waiting and confirms it; only then may officers act; each step audited without the reason', async () => {
    const recorded = await record(w.headers('officer'), w.ids.assessed3, true, 'Assessment 2025/117: dementia');
    const waiting = async (headers: Record<string, string>) =>
      t.gql<
        { capacityAssessmentsAwaitingConfirmation: { totalCount: number; edges: { node: { id: string; person: { id: string } } }[] } },
        unknown
      >(`{ capacityAssessmentsAwaitingConfirmation { totalCount edges { node { id person { id } } } } }`, undefined, headers);
    const second = await secondOfficer();
    const seen = await waiting(second);
    expect(seen.data!.capacityAssessmentsAwaitingConfirmation.edges.map((e) => [e.node.id, e.node.person.id])).toContainEqual([
      recorded.id,
      w.ids.assessed3,
    ]);
    expect((await waiting(w.headers('otherOfficer'))).data!.capacityAssessmentsAwaitingConfirmation.totalCount).toBe(0);
    expect(code(await waiting(w.headers('person')))).toBe('FORBIDDEN');

    // Another council's officer, and an admin who is no officer of the council, may not confirm it.
    expect(code(await confirm(w.headers('otherOfficer'), recorded.id))).toBe('FORBIDDEN');
    expect(code(await confirm(w.headers('admin'), recorded.id))).toBe('FORBIDDEN');
    expect(code(await grantTo(w.headers('officer'), w.ids.assessed3, 'advocate@test.example'))).toBe('FORBIDDEN');

    const confirmed = await confirm(second, recorded.id);
    expect(confirmed.data!.confirmCapacityAssessment).toMatchObject({ status: 'IN_FORCE', confirmedById: w.ids.secondOfficer });
    expect(await lacksCapacity(w.ids.assessed3)).toBe(true);
    expect((await grantTo(w.headers('officer'), w.ids.assessed3, 'advocate@test.example')).errors).toBeUndefined();
    expect(code(await confirm(second, recorded.id))).toBe('CONFLICT');

    expect(await auditCount(t, 'person.recordCapacity', w.ids.assessed3)).toBe(1);
    expect(await auditCount(t, 'person.confirmCapacity', w.ids.assessed3)).toBe(1);
    const trail = JSON.stringify(await t.db.query(`SELECT summary FROM audit_event`));
    expect(trail).not.toContain('dementia');
    expect(trail).not.toContain('2025/117');
  });

  test('a finding of capacity is in force at once and ends officers’ powers, and the finding waiting with it', async () => {
    const officer = w.headers('officer');
    const lack = await record(officer, w.ids.assessed3, true, 'Reassessment pending');
    const found = await record(officer, w.ids.assessed3, false, 'Reassessed: has capacity');
    expect(found).toMatchObject({ status: 'IN_FORCE', lacksCapacity: false });
    expect(await lacksCapacity(w.ids.assessed3)).toBe(false);
    expect(code(await grantTo(officer, w.ids.assessed3, 'advocate2@test.example'))).toBe('FORBIDDEN');
    expect(code(await confirm(await secondOfficer(), lack.id))).toBe('CONFLICT');
  });

  test('a decision and its reason are shown to the person and the council’s officers, to nobody else', async () => {
    const recorded = await record(w.headers('officer'), w.ids.assessed, true, 'Assessment 9: brain injury');
    expect((await confirm(await secondOfficer(), recorded.id)).errors).toBeUndefined();
    expect((await grantTo(w.headers('officer'), w.ids.assessed, w.emails.representativeNone)).errors).toBeUndefined();
    type Seen = { person: { capacityAssessments: { reason: string; status: string }[] | null } }[];
    const invitee = await t.gql<{ me: { representativeInvitations: Seen } }, unknown>(
      `{ me { representativeInvitations { person { capacityAssessments { reason status } } } } }`,
      undefined,
      w.headers('representativeNone'),
    );
    expect(invitee.data!.me.representativeInvitations.map((g) => g.person.capacityAssessments)).toEqual([null, null]);
    const own = await t.gql<{ me: { representatives: Seen } }, unknown>(
      `{ me { representatives { person { capacityAssessments { reason status } } } } }`,
      undefined,
      bearer(await w.login(w.emails.assessed)),
    );
    expect(own.data!.me.representatives[0]!.person.capacityAssessments).toContainEqual({
      reason: 'Assessment 9: brain injury',
      status: 'IN_FORCE',
    });
  });

  test('two officers racing to confirm each other’s findings: exactly one decision comes into force', async () => {
    const second = await secondOfficer();
    await recordCapacity(t, w.headers('officer'), { personId: w.ids.assessed2, lacksCapacity: false, reason: 'Baseline' });
    const [mine, theirs] = await Promise.all([
      record(w.headers('officer'), w.ids.assessed2, true, 'Officer A'),
      record(second, w.ids.assessed2, true, 'Officer B'),
    ]);
    const results = await Promise.all([confirm(w.headers('officer'), theirs.id), confirm(second, mine.id)]);
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.map((r) => code(r)).filter(Boolean)).toEqual(['CONFLICT']);
    const standing: { n: number }[] = await t.db.query(
      `SELECT count(*)::int AS n FROM capacity_assessment WHERE person_id = $1 AND superseded_at IS NULL`,
      [w.ids.assessed2],
    );
    expect(standing).toEqual([{ n: 1 }]);
    expect(await lacksCapacity(w.ids.assessed2)).toBe(true);
  });

  test('findings awaiting confirmation page oldest first', async () => {
    const first = await record(w.headers('officer'), w.ids.assessed, true, 'Paging 1');
    const second = await record(w.headers('officer'), w.ids.assessed3, true, 'Paging 2');
    type Page = { edges: { node: { id: string } }[]; pageInfo: { hasNextPage: boolean; endCursor: string } };
    const page = async (after?: string) =>
      (
        await t.gql<{ capacityAssessmentsAwaitingConfirmation: Page }, unknown>(
          `query($a: String) { capacityAssessmentsAwaitingConfirmation(first: 1, after: $a) {
            edges { node { id } } pageInfo { hasNextPage endCursor } } }`,
          { a: after },
          w.headers('officer'),
        )
      ).data!.capacityAssessmentsAwaitingConfirmation;
    const one = await page();
    const two = await page(one.pageInfo.endCursor);
    expect([...one.edges, ...two.edges].map((e) => e.node.id)).toEqual([first.id, second.id]);
    expect([one.pageInfo.hasNextPage, two.pageInfo.hasNextPage]).toEqual([true, false]);
  });
});

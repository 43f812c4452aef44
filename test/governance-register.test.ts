import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { auditCount, code, internalErrors } from './support/graphql.js';
import {
  addMember,
  ADMIT,
  APPOINT,
  freshPerson,
  governanceRows,
  grantVote,
  LEAVE,
  londonDay,
  MEMBER_FIELDS,
  oneMemberOneVote,
  RECORD_TERM,
  setConstitution,
} from './support/governance.js';
import { getValid } from './support/oruk.js';
import { type RoleName, useWorld } from './support/world.js';
import { taxonomyId } from '../api/oruk/oruk.ids.js';

/**
 * A co-op's register of members: admission and leaving by its officers (coordinators, the secretary,
 * admins), a member resigning, the secretary appointed; who reads which records; the directory's member
 * counts from the register; bad input refused with nothing written; races.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const REGISTER = `query($p: ID, $n: Int, $after: String, $left: Boolean) { provider(id: $p) {
  memberRegister(first: $n, after: $after, includeLeft: $left) {
  totalCount pageInfo { hasNextPage endCursor } edges { node { ${MEMBER_FIELDS} provider { id } boardTerms { id } } } } } }`;
const MINE = `{ me { coOpMemberships { ${MEMBER_FIELDS} } } }`;
const REPRESENTED = `{ me { representing { personId person { coOpMemberships { id name sharePence } } } } }`;
/** The memberships of someone the role represents, as the role sees them through any right it holds. */
const representedMemberships = async (role: RoleName, personId: string) => {
  const res = await t.gql<any, unknown>(REPRESENTED, undefined, w.headers(role));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.me.representing.find((g: any) => g.personId === personId)!.person.coOpMemberships;
};
const FACTS = `query($p: ID) { provider(id: $p) { memberClasses { memberClass memberCount } boardSeats { memberClass seats } } }`;

const admit = (input: Record<string, unknown>, role: RoleName = 'coordinator') =>
  t.gql<any, unknown>(ADMIT, { i: { providerId: w.providerA, ...input } }, w.headers(role));
const membersInForce = async (providerId: string, memberClass: string) =>
  (
    await t.db.query(`SELECT count(*)::int AS n FROM co_op_member WHERE provider_id = $1 AND member_class = $2 AND left_at IS NULL`, [
      providerId,
      memberClass,
    ])
  )[0].n as number;

describe('admitting members', () => {
  test('a coordinator admits a person; the register, the audit trail and the public listing show it', async () => {
    const personId = await freshPerson(t, 'Asha');
    const before = await membersInForce(w.providerA, 'SERVICE_USER');
    const res = await admit({ personId, memberClass: 'SERVICE_USER', joinedOn: '2024-03-01' });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const member = res.data.admitMember;
    expect(member).toMatchObject({
      __typename: 'CoOpMember',
      providerId: w.providerA,
      memberClass: 'SERVICE_USER',
      sharePence: 100,
      joinedOn: '2024-03-01',
      leftOn: null,
      office: null,
      organisationName: null,
      isPublicBody: false,
    });
    expect(member.name).toMatch(/^Asha/);
    expect(await auditCount(t, 'governance.member.admit', member.id)).toBe(1);

    const facts = (await t.gql<any, unknown>(FACTS, { p: w.providerA })).data.provider;
    expect(facts.memberClasses).toContainEqual({ memberClass: 'SERVICE_USER', memberCount: before + 1 });
    const [{ from_register }] = await t.db.query(`SELECT member_facts_from_register AS from_register FROM provider WHERE id = $1`, [
      w.providerA,
    ]);
    expect(from_register).toBe(true);

    const body = await getValid(t, `/services/${w.services.home}`, 'service');
    const counts = body.organization.attributes
      .filter((a: any) => a.taxonomy_term.taxonomy_id === taxonomyId('memberClasses'))
      .map((a: any) => [a.taxonomy_term.code, a.value]);
    expect(counts).toContainEqual(['SERVICE_USER', String(before + 1)]);
  });

  test('a LEGAL_ENTITY member names its organisation and may be a public body; its share is its own', async () => {
    const res = await admit({
      personId: await freshPerson(t, 'Nominee'),
      memberClass: 'LEGAL_ENTITY',
      organisationName: 'Kirklees Council',
      isPublicBody: true,
      sharePence: 10_000,
    });
    expect(res.data.admitMember).toMatchObject({ organisationName: 'Kirklees Council', isPublicBody: true, sharePence: 10_000 });
  });

  test('a person already a member is a ConflictError; once they have left they may be admitted again', async () => {
    const personId = await freshPerson(t);
    const first = await admit({ personId, memberClass: 'WORKER' });
    const again = await admit({ personId, memberClass: 'VOLUNTEER' });
    expect(again.data.admitMember).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
    await t.gql(LEAVE, { i: { memberId: first.data.admitMember.id } }, w.headers('coordinator'));
    expect((await admit({ personId, memberClass: 'VOLUNTEER' })).data.admitMember).toMatchObject({ __typename: 'CoOpMember' });
  });

  test('others cannot admit: another co-op’s coordinator, members, partners, widgets, anonymous callers', async () => {
    const personId = await freshPerson(t);
    await addMember(t, w.providerA, w.ids.otherPerson, 'SERVICE_USER');
    const rows = await governanceRows(t);
    for (const role of ['otherCoordinator', 'otherPerson', 'careWorker', 'officer', 'partner', 'widget'] as RoleName[])
      expect(code(await admit({ personId, memberClass: 'WORKER' }, role)), role).toBe('FORBIDDEN');
    expect(code(await admit({ personId, memberClass: 'WORKER' }, 'public'))).toBe('UNAUTHENTICATED');
    expect(await governanceRows(t)).toEqual(rows);
    await t.db.query(`DELETE FROM co_op_member WHERE person_id = $1`, [w.ids.otherPerson]);
  });

  test('bad input is a typed error naming the argument, and writes nothing', async () => {
    const personId = await freshPerson(t);
    const cases: [Record<string, unknown>, string, string][] = [
      [{ personId, memberClass: 'WORKER', joinedOn: londonDay(1) }, 'BAD_USER_INPUT', 'input.joinedOn'],
      [{ personId, memberClass: 'WORKER', joinedOn: '1899-12-31' }, 'BAD_USER_INPUT', 'input.joinedOn'],
      [{ personId, memberClass: 'WORKER', sharePence: -1 }, 'BAD_USER_INPUT', 'input.sharePence'],
      [{ personId, memberClass: 'WORKER', sharePence: 10_000_001 }, 'BAD_USER_INPUT', 'input.sharePence'],
      [{ personId, memberClass: 'WORKER', organisationName: 'Acme' }, 'BAD_USER_INPUT', 'input.organisationName'],
      [{ personId, memberClass: 'WORKER', isPublicBody: true }, 'BAD_USER_INPUT', 'input.isPublicBody'],
      [{ personId, memberClass: 'LEGAL_ENTITY' }, 'BAD_USER_INPUT', 'input.organisationName'],
      [{ personId, memberClass: 'LEGAL_ENTITY', organisationName: 'x'.repeat(201) }, 'BAD_USER_INPUT', 'input.organisationName'],
      [{ personId: '00000000-0000-4000-8000-000000000000', memberClass: 'WORKER' }, 'NOT_FOUND', 'input.personId'],
    ];
    const rows = await governanceRows(t);
    for (const [input, expected, argument] of cases) {
      const res = await admit(input);
      expect(code(res), JSON.stringify(input)).toBe(expected);
      expect(res.errors?.[0]?.extensions?.argument, JSON.stringify(input)).toBe(argument);
    }
    const unknownCoOp = await t.gql(
      ADMIT,
      { i: { providerId: '00000000-0000-4000-8000-000000000000', personId, memberClass: 'WORKER' } },
      w.headers('admin'),
    );
    expect(code(unknownCoOp)).toBe('NOT_FOUND');
    expect(await governanceRows(t)).toEqual(rows);
    expect(internalErrors(t)).toEqual([]);
  });

  test('under a constitution, a class it does not have is refused by name', async () => {
    await setConstitution(t, w.providerB, oneMemberOneVote({ WORKER: 2, SERVICE_USER: 2 }));
    try {
      const rows = await governanceRows(t);
      const res = await t.gql<any, unknown>(
        ADMIT,
        { i: { providerId: w.providerB, personId: await freshPerson(t), memberClass: 'SUPPORTER' } },
        w.headers('otherCoordinator'),
      );
      expect(code(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.argument).toBe('input.memberClass');
      expect(res.errors![0]!.message).toMatch(/no SUPPORTER class/);
      expect(await governanceRows(t)).toEqual(rows);
      // The class it has is admitted, and the directory's board seats come from the constitution.
      const ok = await t.gql<any, unknown>(
        ADMIT,
        { i: { providerId: w.providerB, personId: await freshPerson(t), memberClass: 'WORKER' } },
        w.headers('otherCoordinator'),
      );
      expect(ok.data.admitMember.__typename).toBe('CoOpMember');
      const seats = await t.db.query(`SELECT member_class, seats FROM provider_board_seat WHERE provider_id = $1 ORDER BY member_class`, [
        w.providerB,
      ]);
      expect(seats).toEqual([
        { member_class: 'WORKER', seats: 2 },
        { member_class: 'SERVICE_USER', seats: 2 },
      ]);
    } finally {
      await t.db.query(`DELETE FROM co_op_constitution WHERE provider_id = $1`, [w.providerB]);
    }
  });
});

describe('the directory’s member facts', () => {
  test('once the register counts them, a coordinator’s own edit of member classes or board seats is refused', async () => {
    await admit({ personId: await freshPerson(t), memberClass: 'WORKER' });
    const before = (await t.gql<any, unknown>(FACTS, { p: w.providerA })).data.provider;
    for (const edit of [
      { memberClasses: [{ memberClass: 'WORKER', memberCount: 999 }] },
      { boardSeats: [{ memberClass: 'WORKER', seats: 9 }] },
    ]) {
      const res = await t.gql(
        `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`,
        { i: { id: w.providerA, ...edit } },
        w.headers('coordinator'),
      );
      expect(code(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.argument).toBe(Object.keys(edit)[0]);
    }
    expect((await t.gql<any, unknown>(FACTS, { p: w.providerA })).data.provider).toEqual(before);
  });

  test('20 admissions at once leave the directory counting 20 more', async () => {
    const people = await Promise.all(Array.from({ length: 20 }, () => freshPerson(t, 'Racer')));
    const before = await membersInForce(w.providerA, 'VOLUNTEER');
    const results = await Promise.all(people.map((personId) => admit({ personId, memberClass: 'VOLUNTEER' })));
    expect(results.map((r) => r.data?.admitMember?.__typename)).toEqual(Array(20).fill('CoOpMember'));
    const facts = (await t.gql<any, unknown>(FACTS, { p: w.providerA })).data.provider;
    expect(facts.memberClasses).toContainEqual({ memberClass: 'VOLUNTEER', memberCount: before + 20 });
    expect(internalErrors(t)).toEqual([]);
  });

  test('two admissions of one person at once: one member, one ConflictError, no error', async () => {
    const personId = await freshPerson(t);
    const results = await Promise.all([admit({ personId, memberClass: 'WORKER' }), admit({ personId, memberClass: 'WORKER' }, 'admin')]);
    expect(results.map((r) => r.data.admitMember.__typename).sort()).toEqual(['CoOpMember', 'ConflictError']);
    const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM co_op_member WHERE person_id = $1`, [personId]);
    expect(n).toBe(1);
    expect(internalErrors(t)).toEqual([]);
  });
});

describe('leaving', () => {
  test('an officer records a member leaving: the date, the reason kept off the trail, their board seat ended that day', async () => {
    const personId = await freshPerson(t);
    const memberId = (await admit({ personId, memberClass: 'WORKER', joinedOn: '2023-01-01' })).data.admitMember.id;
    const term = await t.gql<any, unknown>(RECORD_TERM, { i: { memberId, startsOn: '2024-01-01' } }, w.headers('coordinator'));
    expect(term.data.recordBoardTerm.__typename).toBe('BoardTerm');
    const leftOn = londonDay(-1);
    const res = await t.gql<any, unknown>(LEAVE, { i: { memberId, leftOn, reason: 'Moved to Leeds' } }, w.headers('coordinator'));
    expect(res.data.recordMemberLeaving).toMatchObject({ __typename: 'CoOpMember', leftOn, office: null });
    const [row] = await t.db.query(`SELECT leaving_reason, leaving_recorded_by_id FROM co_op_member WHERE id = $1`, [memberId]);
    expect(row).toEqual({ leaving_reason: 'Moved to Leeds', leaving_recorded_by_id: w.ids.coordinator });
    const [seat] = await t.db.query(`SELECT to_char(ended_on, 'YYYY-MM-DD') AS ended_on, end_reason FROM board_term WHERE member_id = $1`, [
      memberId,
    ]);
    expect(seat).toEqual({ ended_on: leftOn, end_reason: 'left the co-op' });
    const [event] = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'governance.member.leave' AND object_id = $1`, [
      memberId,
    ]);
    expect(JSON.stringify(event.summary)).not.toContain('Leeds');
    expect(event.summary).toMatchObject({ reasonGiven: true, seatsEnded: 1, resigned: false });

    const again = await t.gql<any, unknown>(LEAVE, { i: { memberId } }, w.headers('coordinator'));
    expect(again.data.recordMemberLeaving).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
  });

  test('a member resigns their own membership; another member, or their representative, cannot', async () => {
    await grantVote(t, w.ids.person, w.ids.representativeAll);
    const memberId = await addMember(t, w.providerA, w.ids.person, 'SERVICE_USER');
    for (const role of ['representativeAll', 'otherPerson', 'otherCoordinator'] as RoleName[])
      expect(code(await t.gql(LEAVE, { i: { memberId } }, w.headers(role))), role).toBe('FORBIDDEN');
    const res = await t.gql<any, unknown>(LEAVE, { i: { memberId } }, w.headers('person'));
    expect(res.data.recordMemberLeaving).toMatchObject({ __typename: 'CoOpMember', leftOn: londonDay(0) });
    const [event] = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'governance.member.leave' AND object_id = $1`, [
      memberId,
    ]);
    expect(event.summary).toMatchObject({ resigned: true, reasonGiven: false });
  });

  test('bad leaving input: a future date, a date before joining, a long reason, an unknown member; nothing written', async () => {
    const memberId = (await admit({ personId: await freshPerson(t), memberClass: 'WORKER', joinedOn: '2024-06-01' })).data.admitMember.id;
    const rows = await governanceRows(t);
    const cases: [Record<string, unknown>, string, string, RoleName][] = [
      [{ memberId, leftOn: londonDay(1) }, 'BAD_USER_INPUT', 'input.leftOn', 'coordinator'],
      [{ memberId, leftOn: '2024-05-31' }, 'BAD_USER_INPUT', 'input.leftOn', 'coordinator'],
      [{ memberId, reason: 'x'.repeat(501) }, 'BAD_USER_INPUT', 'input.reason', 'coordinator'],
      [{ memberId: '00000000-0000-4000-8000-000000000000' }, 'NOT_FOUND', 'input.memberId', 'admin'],
    ];
    for (const [input, expected, argument, role] of cases) {
      const res = await t.gql(LEAVE, { i: input }, w.headers(role));
      expect(code(res), JSON.stringify(input)).toBe(expected);
      expect(res.errors?.[0]?.extensions?.argument).toBe(argument);
    }
    // Anyone but an admin learns nothing of an unknown id.
    expect(code(await t.gql(LEAVE, { i: { memberId: '00000000-0000-4000-8000-000000000000' } }, w.headers('coordinator')))).toBe(
      'FORBIDDEN',
    );
    expect(await governanceRows(t)).toEqual(rows);
  });
});

describe('the secretary', () => {
  test('a coordinator appoints a secretary, who then keeps the register and hands the office on', async () => {
    const first = await addMember(t, w.providerA, await freshPerson(t, 'Sec'), 'WORKER');
    const firstPersonHeaders = async () => {
      const [{ email }] = await t.db.query(`SELECT p.email FROM person p JOIN co_op_member m ON m.person_id = p.id WHERE m.id = $1`, [
        first,
      ]);
      return { authorization: `Bearer ${await w.login(email)}` };
    };
    const res = await t.gql<any, unknown>(APPOINT, { i: { memberId: first } }, w.headers('coordinator'));
    expect(res.data.appointSecretary).toEqual({ __typename: 'CoOpMember', id: first, office: 'SECRETARY' });
    expect(await auditCount(t, 'governance.member.appointSecretary', first)).toBe(1);

    const secretary = await firstPersonHeaders();
    const register = await t.gql<any, unknown>(REGISTER, { p: w.providerA, n: 1 }, secretary);
    expect(register.errors).toBeUndefined();
    expect(register.data.provider.memberRegister.edges[0].node.sharePence).toEqual(expect.any(Number));
    const admitted = await t.gql<any, unknown>(
      ADMIT,
      { i: { providerId: w.providerA, personId: await freshPerson(t), memberClass: 'WORKER' } },
      secretary,
    );
    expect(admitted.data.admitMember.__typename).toBe('CoOpMember');

    const next = admitted.data.admitMember.id;
    const handed = await t.gql<any, unknown>(APPOINT, { i: { memberId: next } }, secretary);
    expect(handed.data.appointSecretary).toEqual({ __typename: 'CoOpMember', id: next, office: 'SECRETARY' });
    const offices = await t.db.query(`SELECT id FROM co_op_member WHERE provider_id = $1 AND office = 'SECRETARY'`, [w.providerA]);
    expect(offices).toEqual([{ id: next }]);
    // No longer secretary, the first may not read the register.
    expect(code(await t.gql(REGISTER, { p: w.providerA }, await firstPersonHeaders()))).toBe('FORBIDDEN');
  });

  test('a member who left cannot be secretary; members and other co-ops’ coordinators cannot appoint', async () => {
    const memberId = await addMember(t, w.providerA, await freshPerson(t), 'WORKER');
    for (const role of ['otherCoordinator', 'person', 'careWorker'] as RoleName[])
      expect(code(await t.gql(APPOINT, { i: { memberId } }, w.headers(role))), role).toBe('FORBIDDEN');
    await t.gql(LEAVE, { i: { memberId } }, w.headers('coordinator'));
    const res = await t.gql<any, unknown>(APPOINT, { i: { memberId } }, w.headers('coordinator'));
    expect(res.data.appointSecretary).toMatchObject({ __typename: 'ConflictError' });
  });
});

describe('who reads which records', () => {
  test('a member sees their own records, in force and past, and never another member’s', async () => {
    const own = await addMember(t, w.providerB, w.ids.person, 'SERVICE_USER', { joinedOn: '2021-05-05' });
    await addMember(t, w.providerB, w.ids.otherPerson, 'SERVICE_USER');
    const mine = (await t.gql<any, unknown>(MINE, undefined, w.headers('person'))).data.me.coOpMemberships;
    expect(mine.map((m: any) => m.id)).toContain(own);
    expect(mine.every((m: any) => m.sharePence !== null)).toBe(true);
    const refused = await t.gql<any, unknown>(REGISTER, { p: w.providerA }, w.headers('person'));
    expect(code(refused)).toBe('FORBIDDEN');
    // The refusal nulls the register alone: the rest of the public listing still reads.
    expect(refused.data.provider).toEqual({ memberRegister: null });
    expect(code(await t.gql(REGISTER, { p: w.providerA }, w.headers('otherCoordinator')))).toBe('FORBIDDEN');
    expect(code(await t.gql(REGISTER, { p: w.providerA }))).toBe('UNAUTHENTICATED');
  });

  test('a representative with VOTE sees the person’s memberships; one holding other rights does not', async () => {
    await grantVote(t, w.ids.person, w.ids.representativeAll);
    const seen = await representedMemberships('representativeAll', w.ids.person);
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((m: any) => m.sharePence !== null)).toBe(true);
    // representativeNone holds VIEW_PLAN for otherPerson, a member of provider B: not enough.
    expect(await representedMemberships('representativeNone', w.ids.otherPerson)).toEqual([]);
  });

  test('the register pages in the order admitted (the same day: in the order entered), those who left only when asked', async () => {
    const sameDay: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await admit({ personId: await freshPerson(t, 'Same day'), memberClass: 'WORKER', joinedOn: '2000-01-01' });
      expect(res.data.admitMember.__typename, JSON.stringify(res)).toBe('CoOpMember');
      sameDay.push(res.data.admitMember.id);
    }
    const all = (await t.gql<any, unknown>(REGISTER, { p: w.providerA, n: 100, left: true }, w.headers('coordinator'))).data.provider
      .memberRegister;
    const inForce = (await t.gql<any, unknown>(REGISTER, { p: w.providerA, n: 100 }, w.headers('coordinator'))).data.provider
      .memberRegister;
    expect(all.totalCount).toBeGreaterThan(inForce.totalCount);
    expect(inForce.edges.every((e: any) => e.node.leftOn === null)).toBe(true);
    const days = all.edges.map((e: any) => e.node.joinedOn);
    expect(days).toEqual([...days].sort());
    expect(all.edges.slice(0, 3).map((e: any) => e.node.id)).toEqual(sameDay);
    // Pages of 2 cut through the members who joined the same day.
    const page1 = (await t.gql<any, unknown>(REGISTER, { p: w.providerA, n: 2, left: true }, w.headers('coordinator'))).data.provider
      .memberRegister;
    const page2 = (
      await t.gql<any, unknown>(REGISTER, { p: w.providerA, n: 4, left: true, after: page1.pageInfo.endCursor }, w.headers('coordinator'))
    ).data.provider.memberRegister;
    expect([...page1.edges, ...page2.edges].map((e: any) => e.node.id)).toEqual(all.edges.slice(0, 6).map((e: any) => e.node.id));
  });

  test('a page of 50 members costs the statements of a page of 5', async () => {
    for (let i = 0; i < 50; i++) await addMember(t, w.providerA, await freshPerson(t, 'Many'), 'WORKER', { joinedOn: '2019-01-01' });
    const statementsAt = async (n: number) => {
      t.statements.reset();
      const res = await t.gql<any, unknown>(REGISTER, { p: w.providerA, n }, w.headers('coordinator'));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data.provider.memberRegister.edges).toHaveLength(n);
      return t.statements.count;
    };
    expect(await statementsAt(50)).toBe(await statementsAt(5));
  });
});

test('the public listing’s board seats are the constitution’s, refreshed with the register', async () => {
  await setConstitution(t, w.providerA, oneMemberOneVote({ WORKER: 3, SERVICE_USER: 2, VOLUNTEER: 0, LEGAL_ENTITY: 1 }));
  await admit({ personId: await freshPerson(t), memberClass: 'VOLUNTEER' });
  const facts = (await t.gql<any, unknown>(FACTS, { p: w.providerA })).data.provider;
  const byClass = (rows: any[]) => [...rows].sort((a, b) => a.memberClass.localeCompare(b.memberClass));
  expect(byClass(facts.boardSeats)).toEqual(
    byClass([
      { memberClass: 'WORKER', seats: 3 },
      { memberClass: 'SERVICE_USER', seats: 2 },
      { memberClass: 'LEGAL_ENTITY', seats: 1 },
    ]),
  );
  const counted = await t.db.query(
    `SELECT member_class AS "memberClass", count(*)::int AS "memberCount" FROM co_op_member
     WHERE provider_id = $1 AND left_at IS NULL GROUP BY member_class`,
    [w.providerA],
  );
  expect(byClass(facts.memberClasses)).toEqual(byClass(counted));
});

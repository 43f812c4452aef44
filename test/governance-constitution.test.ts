import { beforeEach, describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { clearGovernance, constitutionRows, freshPerson, seatBoard, seatRegister } from './support/governance.js';
import { code } from './support/graphql.js';
import { type RoleName, useWorld } from './support/world.js';

/**
 * A co-op's constitution set out from a template by its officers, public once set, and constitutionCheck
 * holding the register (members in force) and the board (terms in force today) against it, in words.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const FRACTION = `{ numerator denominator words }`;
const RULES = `template votingBasis quorumPercent ordinaryMajorityPercent specialMajorityPercent minimumClasses boardTermMonths
  publicBodiesMaxVoteShare ${FRACTION}
  classes { memberClass voteWeightPercent boardSeats minimumBoardSeats required maxBoardShare ${FRACTION} maxMemberShare ${FRACTION}
    maxVoteShare ${FRACTION} }`;
const CHECK = `providerId obeysRules checkedAt breaches { rule memberClass message }`;
const SET = `mutation($i: SetConstitutionInput!) {
  setConstitution(input: $i) { constitution { providerId ${RULES} } check { ${CHECK} } } }`;
const CONSTITUTION_CHECK = `query($p: ID!) { constitutionCheck(providerId: $p) { ${CHECK} } }`;

async function setConstitution(input: Record<string, unknown>, role: RoleName = 'coordinator') {
  const res = await t.gql<any, unknown>(SET, { i: { providerId: w.providerA, ...input } }, w.headers(role));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.setConstitution;
}
async function breaches(providerId = w.providerA, role?: RoleName): Promise<string[]> {
  const res = await t.gql<any, unknown>(CONSTITUTION_CHECK, { p: providerId }, role ? w.headers(role) : {});
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.data.constitutionCheck.obeysRules).toBe(res.data.constitutionCheck.breaches.length === 0);
  return res.data.constitutionCheck.breaches.map((b: { message: string }) => b.message);
}

beforeEach(async () => {
  await clearGovernance(t, w.providerA);
  await clearGovernance(t, w.providerB);
});

describe('the templates', () => {
  test('anyone may read the four models’ rules before adopting one', async () => {
    const res = await t.gql<any, unknown>(`{ constitutionTemplates { ${RULES} } }`);
    expect(res.errors).toBeUndefined();
    const templates = res.data.constitutionTemplates;
    expect(templates.map((r: { template: string }) => r.template)).toEqual([
      'BRIGHTON_40_40_20',
      'ITALIAN_TYPE_A',
      'QUEBEC_SOLIDARITY',
      'SCIC',
    ]);
    const [brighton, italian, quebec, scic] = templates;
    expect(brighton.classes.map((c: any) => [c.memberClass, c.voteWeightPercent, c.boardSeats])).toEqual([
      ['WORKER', 40, 2],
      ['SERVICE_USER', 40, 2],
      ['SUPPORTER', 20, 1],
    ]);
    expect(italian.classes.find((c: any) => c.memberClass === 'VOLUNTEER').maxMemberShare).toEqual({
      numerator: 1,
      denominator: 2,
      words: 'half',
    });
    expect(quebec).toMatchObject({ votingBasis: 'ONE_MEMBER_ONE_VOTE', minimumClasses: 2 });
    expect(quebec.classes.map((c: any) => [c.memberClass, c.minimumBoardSeats, c.maxBoardShare?.words ?? null])).toEqual([
      ['WORKER', 1, null],
      ['SERVICE_USER', 1, null],
      ['SUPPORTER', 1, 'a third'],
    ]);
    expect(scic.publicBodiesMaxVoteShare).toEqual({ numerator: 1, denominator: 5, words: 'a fifth' });
    expect(scic.classes.every((c: any) => c.voteWeightPercent <= 50 && c.maxVoteShare.words === 'half')).toBe(true);
    expect(scic.classes.reduce((sum: number, c: any) => sum + c.voteWeightPercent, 0)).toBe(100);
  });
});

describe('setting out the constitution', () => {
  test('the coordinator adopts Brighton 40/40/20; it is public on the co-op; each change is audited, before and after', async () => {
    const set = await setConstitution({ template: 'BRIGHTON_40_40_20', quorumPercent: 15 });
    expect(set.constitution).toMatchObject({
      providerId: w.providerA,
      template: 'BRIGHTON_40_40_20',
      quorumPercent: 15,
      minimumClasses: 2,
    });
    expect(set.check.breaches.map((b: { message: string }) => b.message)).toEqual([
      'The register has no members; the rules need members in at least 2 classes.',
      'No workers are members; the rules require them.',
      'No service users are members; the rules require them.',
      'Workers hold no board seat; the rules give them at least 1.',
      'Service users hold no board seat; the rules give them at least 1.',
    ]);
    const shown = await t.gql<any, unknown>(`query($id: ID) { provider(id: $id) { constitution { providerId ${RULES} } } }`, {
      id: w.providerA,
    });
    expect(shown.data.provider.constitution).toEqual(set.constitution);

    await setConstitution(
      {
        template: 'QUEBEC_SOLIDARITY',
        classes: [
          { memberClass: 'SERVICE_USER', boardSeats: 3, minimumBoardSeats: 1 },
          { memberClass: 'WORKER', boardSeats: 2, minimumBoardSeats: 1, maxBoardShare: { numerator: 1, denominator: 2 } },
        ],
      },
      'admin',
    );
    const events = await t.db.query(`SELECT summary FROM audit_event WHERE action = 'constitution.set' AND object_id = $1 ORDER BY id`, [
      w.providerA,
    ]);
    expect(events).toHaveLength(2);
    expect(events[0].summary.before).toBeNull();
    expect(events[1].summary.before).toEqual(events[0].summary.after);
    expect(events[1].summary.after).toMatchObject({
      template: 'QUEBEC_SOLIDARITY',
      classes: ['WORKER: 2 board seats (at least 1), at most half of the board', 'SERVICE_USER: 3 board seats (at least 1)'],
    });
    const classes = await t.db.query(`SELECT member_class FROM co_op_class_rule WHERE provider_id = $1 ORDER BY member_class`, [
      w.providerA,
    ]);
    expect(classes.map((c: { member_class: string }) => c.member_class)).toEqual(['WORKER', 'SERVICE_USER']);
  });

  test('the co-op’s secretary may set it; members, other co-ops’ staff and care workers may not, nor anyone signed out', async () => {
    const [secretary] = (await seatRegister(t, w.providerA, [{ memberClass: 'SERVICE_USER', members: 1 }])).SERVICE_USER!;
    await t.db.query(`UPDATE co_op_member SET person_id = $2, office = 'SECRETARY' WHERE id = $1`, [secretary, w.ids.person]);
    const input = { providerId: w.providerA, template: 'SCIC' };
    const before = await constitutionRows(t, w.providerA);
    for (const role of ['otherPerson', 'otherCoordinator', 'careWorker', 'officer', 'representativeAll', 'partner', 'widget'] as RoleName[])
      expect(code(await t.gql(SET, { i: input }, w.headers(role))), role).toBe('FORBIDDEN');
    expect(code(await t.gql(SET, { i: input }))).toBe('UNAUTHENTICATED');
    expect(await constitutionRows(t, w.providerA)).toEqual({ ...before, constitutions: 0, classes: 0 });
    expect((await setConstitution({ template: 'SCIC' }, 'person')).constitution.template).toBe('SCIC');
  });

  test('two officers setting it at once: one after the other, the rules whole, each audited with what the other left', async () => {
    const earlier = (await constitutionRows(t, w.providerA)).audits;
    await Promise.all([setConstitution({ template: 'ITALIAN_TYPE_A' }, 'coordinator'), setConstitution({ template: 'SCIC' }, 'admin')]);
    const [{ template }] = await t.db.query(`SELECT template FROM co_op_constitution WHERE provider_id = $1`, [w.providerA]);
    const classes = await t.db.query(`SELECT member_class FROM co_op_class_rule WHERE provider_id = $1`, [w.providerA]);
    expect(classes).toHaveLength(template === 'SCIC' ? 4 : 5);
    const events = (
      await t.db.query(`SELECT summary FROM audit_event WHERE action = 'constitution.set' AND object_id = $1 ORDER BY id`, [w.providerA])
    ).slice(earlier);
    expect(events).toHaveLength(2);
    expect(events.map((e: any) => e.summary.before?.template ?? null).filter((x: string | null) => x === null)).toHaveLength(1);
    expect(events[1].summary.before).toEqual(events[0].summary.after);
    expect(events[1].summary.after.template).toBe(template);
  });
});

describe('bad input: a typed error naming the argument, nothing written', () => {
  const weighted = (weights: number[]) =>
    ['WORKER', 'SERVICE_USER', 'SUPPORTER'].map((memberClass, i) => ({ memberClass, voteWeightPercent: weights[i], required: i < 2 }));
  test.each([
    ['weights adding up to 90', { template: 'BRIGHTON_40_40_20', classes: weighted([40, 30, 20]) }, 'input.classes', 'they add up to 90'],
    [
      'a weight under one member one vote',
      { template: 'QUEBEC_SOLIDARITY', classes: [{ memberClass: 'WORKER', voteWeightPercent: 50 }, { memberClass: 'SERVICE_USER' }] },
      'input.classes.0.voteWeightPercent',
      'leave voteWeightPercent out',
    ],
    ['a quorum over 100%', { template: 'SCIC', quorumPercent: 101 }, 'input.quorumPercent', 'from 1 to 100; it was 101'],
    ['a quorum under 1', { template: 'SCIC', quorumPercent: 0 }, 'input.quorumPercent', 'from 1 to 100; it was 0'],
    [
      'an ordinary majority under half',
      { template: 'SCIC', ordinaryMajorityPercent: 40 },
      'input.ordinaryMajorityPercent',
      'from 50 to 99',
    ],
    [
      'a special majority below the ordinary',
      { template: 'SCIC', ordinaryMajorityPercent: 60, specialMajorityPercent: 55 },
      'input.specialMajorityPercent',
      'from 60 to 100',
    ],
    [
      'a share with denominator 0',
      { template: 'SCIC', publicBodiesMaxVoteShare: { numerator: 1, denominator: 0 } },
      'input.publicBodiesMaxVoteShare.denominator',
      'from 1 to 100; it was 0',
    ],
    [
      'a share above one',
      {
        template: 'ITALIAN_TYPE_A',
        classes: [{ memberClass: 'WORKER', required: true, maxMemberShare: { numerator: 3, denominator: 2 } }],
      },
      'input.classes.0.maxMemberShare.numerator',
      'from 1 to its denominator (2); it was 3',
    ],
    [
      'more minimum board seats than seats',
      { template: 'ITALIAN_TYPE_A', classes: [{ memberClass: 'WORKER', required: true, boardSeats: 1, minimumBoardSeats: 2 }] },
      'input.classes.0.minimumBoardSeats',
      'from 0 to 1; it was 2',
    ],
    [
      'a class twice',
      { template: 'QUEBEC_SOLIDARITY', classes: [{ memberClass: 'WORKER' }, { memberClass: 'WORKER' }] },
      'input.classes.1.memberClass',
      'WORKER is given twice',
    ],
    [
      'eight classes',
      { template: 'CUSTOM', votingBasis: 'ONE_MEMBER_ONE_VOTE', quorumPercent: 10, classes: Array(8).fill({ memberClass: 'WORKER' }) },
      'input.classes',
      '1 to 7 classes; 8 were given',
    ],
    ['minimumClasses above the classes', { template: 'QUEBEC_SOLIDARITY', minimumClasses: 4 }, 'input.minimumClasses', 'from 1 to 3'],
    [
      'a class the template requires left out',
      { template: 'SCIC', classes: [{ memberClass: 'WORKER', voteWeightPercent: 100, required: true }] },
      'input.classes',
      'requires the SERVICE_USER class',
    ],
    [
      'CUSTOM without classes',
      { template: 'CUSTOM', votingBasis: 'ONE_MEMBER_ONE_VOTE', quorumPercent: 10 },
      'input.classes',
      'needs classes',
    ],
    ['a board term of 3 months', { template: 'SCIC', boardTermMonths: 3 }, 'input.boardTermMonths', 'from 6 to 60'],
  ])('%s', async (_about, input, argument, words) => {
    const before = await constitutionRows(t, w.providerA);
    const res = await t.gql<any, unknown>(SET, { i: { providerId: w.providerA, ...input } }, w.headers('coordinator'));
    expect({ code: code(res), argument: res.errors?.[0]?.extensions?.argument }).toEqual({ code: 'BAD_USER_INPUT', argument });
    expect(res.errors?.[0]?.message).toContain(words);
    expect(await constitutionRows(t, w.providerA)).toEqual(before);
  });

  test('a change refused leaves the rules in force as they were', async () => {
    await setConstitution({ template: 'BRIGHTON_40_40_20' });
    const before = await constitutionRows(t, w.providerA);
    const res = await t.gql(SET, { i: { providerId: w.providerA, template: 'BRIGHTON_40_40_20', classes: [] } }, w.headers('coordinator'));
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(await constitutionRows(t, w.providerA)).toEqual(before);
  });
});

describe('constitutionCheck', () => {
  test('Brighton 40/40/20: a register and board that obey it, then a worker board member gone and too many worker seats', async () => {
    await setConstitution({ template: 'BRIGHTON_40_40_20' });
    const ids = await seatRegister(t, w.providerA, [
      { memberClass: 'WORKER', members: 5, left: 1 },
      { memberClass: 'SERVICE_USER', members: 5 },
      { memberClass: 'SUPPORTER', members: 2 },
    ]);
    const [w1, w2, gone] = [ids.WORKER![0]!, ids.WORKER![1]!, ids.WORKER![5]!];
    await seatBoard(t, w.providerA, [
      { memberId: w1, memberClass: 'WORKER' },
      { memberId: w2, memberClass: 'WORKER' },
      { memberId: ids.SERVICE_USER![0]!, memberClass: 'SERVICE_USER' },
      { memberId: ids.SERVICE_USER![1]!, memberClass: 'SERVICE_USER' },
      { memberId: ids.SUPPORTER![0]!, memberClass: 'SUPPORTER' },
      // Neither in force today: they count for nothing.
      { memberId: ids.SUPPORTER![1]!, memberClass: 'SUPPORTER', when: 'ended' },
      { memberId: ids.WORKER![2]!, memberClass: 'WORKER', when: 'future' },
    ]);
    expect(await breaches()).toEqual([]);

    await seatBoard(t, w.providerA, [{ memberId: gone, memberClass: 'WORKER' }]);
    expect(await breaches()).toEqual([
      'Workers hold 3 board seats; the rules give them at most 2.',
      '1 board member in a seat for workers is no longer a member.',
    ]);
  });

  test('Italian type A: volunteers at half the members obey it; at 6 of 10 they break it', async () => {
    await setConstitution({ template: 'ITALIAN_TYPE_A' });
    const ids = await seatRegister(t, w.providerA, [
      { memberClass: 'WORKER', members: 4 },
      { memberClass: 'VOLUNTEER', members: 4 },
    ]);
    await seatBoard(t, w.providerA, [{ memberId: ids.WORKER![0]!, memberClass: 'WORKER' }]);
    expect(await breaches()).toEqual([]);
    await seatRegister(t, w.providerA, [{ memberClass: 'VOLUNTEER', members: 2, left: 3 }]);
    expect(await breaches()).toEqual(['Volunteers are 6 of 10 members; the rules allow at most half.']);
  });

  test('Quebec solidarity: every class seated, supporters a third, obey it; supporters 2 of 5 seats, one gone, break it', async () => {
    await setConstitution({ template: 'QUEBEC_SOLIDARITY' });
    const ids = await seatRegister(t, w.providerA, [
      { memberClass: 'SERVICE_USER', members: 3 },
      { memberClass: 'WORKER', members: 2 },
      { memberClass: 'SUPPORTER', members: 2, left: 2 },
    ]);
    await seatBoard(t, w.providerA, [
      { memberId: ids.SERVICE_USER![0]!, memberClass: 'SERVICE_USER' },
      { memberId: ids.WORKER![0]!, memberClass: 'WORKER' },
      { memberId: ids.SUPPORTER![0]!, memberClass: 'SUPPORTER' },
    ]);
    expect(await breaches()).toEqual([]);

    await t.db.query(`UPDATE co_op_member SET left_on = current_date, left_at = now() WHERE id = ANY($1)`, [
      [...ids.WORKER!, ...ids.SUPPORTER!.slice(1, 2)],
    ]);
    await t.db.query(`UPDATE board_term SET ended_on = current_date, end_reason = 'Left the co-op.' WHERE member_id = $1`, [
      ids.WORKER![0],
    ]);
    await seatBoard(t, w.providerA, [
      { memberId: ids.SERVICE_USER![1]!, memberClass: 'WORKER' },
      { memberId: ids.SUPPORTER![3]!, memberClass: 'SUPPORTER', when: 'ended' },
      { memberId: ids.SUPPORTER![2]!, memberClass: 'SUPPORTER' },
      { memberId: ids.SERVICE_USER![2]!, memberClass: 'WORKER' },
    ]);
    expect(await breaches()).toEqual([
      'Supporters hold 2 of 5 board seats; the rules allow at most a third.',
      '1 board member in a seat for supporters is no longer a member.',
    ]);
  });

  test('SCIC: four classes with a public body obey it; without users, public bodies hold 40% and workers 60%', async () => {
    await setConstitution({ template: 'SCIC' });
    const ids = await seatRegister(t, w.providerA, [
      { memberClass: 'WORKER', members: 3 },
      { memberClass: 'SERVICE_USER', members: 3 },
      { memberClass: 'SUPPORTER', members: 1 },
      { memberClass: 'LEGAL_ENTITY', members: 2, publicBodies: 1 },
    ]);
    await seatBoard(t, w.providerA, [
      { memberId: ids.WORKER![0]!, memberClass: 'WORKER' },
      { memberId: ids.SERVICE_USER![0]!, memberClass: 'SERVICE_USER' },
    ]);
    expect(await breaches()).toEqual([]);

    await t.db.query(`UPDATE co_op_member SET is_public_body = true WHERE id = ANY($1)`, [ids.LEGAL_ENTITY]);
    await t.db.query(`DELETE FROM co_op_member WHERE id = ANY($1)`, [[...ids.SERVICE_USER!.slice(1), ...ids.SUPPORTER!]]);
    await t.db.query(`UPDATE co_op_member SET left_on = current_date, left_at = now() WHERE id = $1`, [ids.SERVICE_USER![0]]);
    expect(await breaches()).toEqual([
      'Members are in 2 classes; the rules need members in at least 3.',
      'Public bodies hold 40% of the votes; the rules allow at most a fifth.',
      'No service users are members; the rules require them.',
      'Workers hold 60% of the votes, as the classes with members weigh 50 in all; the rules allow at most half.',
      '1 board member in a seat for service users is no longer a member.',
    ]);
  });

  test('a co-op without a constitution, and a draft co-op to the public, are NOT_FOUND; the draft’s coordinator may check it', async () => {
    const none = await t.gql(CONSTITUTION_CHECK, { p: w.providerA });
    expect({ code: code(none), argument: none.errors?.[0]?.extensions?.argument }).toEqual({ code: 'NOT_FOUND', argument: 'providerId' });
    const set = await t.gql(SET, { i: { providerId: w.providerB, template: 'SCIC' } }, w.headers('otherCoordinator'));
    expect(set.errors).toBeUndefined();
    for (const role of ['public', 'coordinator', 'person'] as RoleName[])
      expect(code(await t.gql(CONSTITUTION_CHECK, { p: w.providerB }, w.headers(role))), role).toBe('NOT_FOUND');
    expect(await breaches(w.providerB, 'otherCoordinator')).toContain('No workers are members; the rules require them.');
  });

  test('its statements do not grow with the register: 200 members and a full board cost what 10 do', async () => {
    await setConstitution({ template: 'BRIGHTON_40_40_20' });
    const statementsFor = async () => {
      t.statements.reset();
      await breaches();
      return t.statements.count;
    };
    const small = await seatRegister(t, w.providerA, [
      { memberClass: 'WORKER', members: 5 },
      { memberClass: 'SERVICE_USER', members: 5 },
    ]);
    await seatBoard(t, w.providerA, [{ memberId: small.WORKER![0]!, memberClass: 'WORKER' }]);
    const ten = await statementsFor();
    const large = await seatRegister(t, w.providerA, [
      { memberClass: 'WORKER', members: 80, left: 20 },
      { memberClass: 'SERVICE_USER', members: 80 },
      { memberClass: 'SUPPORTER', members: 30 },
    ]);
    await seatBoard(t, w.providerA, [
      { memberId: large.SERVICE_USER![0]!, memberClass: 'SERVICE_USER' },
      { memberId: large.SUPPORTER![0]!, memberClass: 'SUPPORTER' },
    ]);
    const twoHundred = await statementsFor();
    expect(twoHundred).toBe(ten);
    expect(ten).toBeLessThanOrEqual(2);
  });

  test('co-ops’ constitutions in a list of providers cost one statement however many co-ops', async () => {
    await setConstitution({ template: 'BRIGHTON_40_40_20' });
    expect((await t.gql(SET, { i: { providerId: w.providerB, template: 'SCIC' } }, w.headers('otherCoordinator'))).errors).toBeUndefined();
    const published = await t.gql(`mutation($id: ID!) { publishProvider(id: $id) { status } }`, { id: w.providerB }, w.headers('admin'));
    expect(published.errors).toBeUndefined();
    const listed = async (first: number) => {
      t.statements.reset();
      const res = await t.gql<any, unknown>(
        `query($n: Int) { providers(first: $n, sort: NAME) { edges { node { constitution { template classes { memberClass } } } } } }`,
        { n: first },
      );
      expect(res.errors).toBeUndefined();
      return { statements: t.statements.count, templates: res.data.providers.edges.map((e: any) => e.node.constitution?.template) };
    };
    const one = await listed(1);
    const two = await listed(2);
    expect(two.templates).toEqual(['BRIGHTON_40_40_20', 'SCIC']);
    expect(two.statements).toBe(one.statements);
  });
});

describe('the directory’s member facts', () => {
  const FACTS = `query($p: ID) { provider(id: $p) { memberClasses { memberClass memberCount } boardSeats { memberClass seats } } }`;
  const ADMIT = `mutation($i: AdmitMemberInput!) { admitMember(input: $i) { __typename ... on CoOpMember { id } } }`;
  const LEAVE = `mutation($i: RecordMemberLeavingInput!) { recordMemberLeaving(input: $i) { __typename } }`;
  const facts = async () => (await t.gql<any, unknown>(FACTS, { p: w.providerA })).data.provider;
  const switched = async () =>
    (await t.db.query(`SELECT member_facts_from_register AS s FROM provider WHERE id = $1`, [w.providerA]))[0].s as boolean;

  test('the listing keeps the typed facts until the register’s first member, then counts the register for good', async () => {
    await t.db.query(`UPDATE provider SET member_facts_from_register = false WHERE id = $1`, [w.providerA]);
    await t.db.query(`DELETE FROM provider_member_class WHERE provider_id = $1`, [w.providerA]);
    await t.db.query(`INSERT INTO provider_member_class (provider_id, member_class, member_count) VALUES ($1, 'WORKER', 12)`, [
      w.providerA,
    ]);
    const typed = await facts();
    expect(typed.memberClasses).toEqual([{ memberClass: 'WORKER', memberCount: 12 }]);

    await setConstitution({ template: 'BRIGHTON_40_40_20' });
    expect(await facts()).toEqual(typed);
    expect(await switched()).toBe(false);

    const personId = await freshPerson(t, 'First');
    const admitted = await t.gql<any, unknown>(
      ADMIT,
      { i: { providerId: w.providerA, personId, memberClass: 'SERVICE_USER' } },
      w.headers('coordinator'),
    );
    expect(admitted.data.admitMember.__typename).toBe('CoOpMember');
    expect(await switched()).toBe(true);
    expect(await facts()).toEqual({
      memberClasses: [{ memberClass: 'SERVICE_USER', memberCount: 1 }],
      boardSeats: [
        { memberClass: 'WORKER', seats: 2 },
        { memberClass: 'SERVICE_USER', seats: 2 },
        { memberClass: 'SUPPORTER', seats: 1 },
      ],
    });

    const left = await t.gql<any, unknown>(LEAVE, { i: { memberId: admitted.data.admitMember.id } }, w.headers('coordinator'));
    expect(left.data.recordMemberLeaving.__typename).toBe('CoOpMember');
    await setConstitution({ template: 'SCIC' });
    expect(await switched()).toBe(true);
    expect((await facts()).memberClasses).toEqual([]);
  });
});

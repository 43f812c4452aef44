import { describe, expect, test } from 'vitest';
import { addPerson } from './support/accounts.js';
import { useTestApp } from './support/app.js';
import { auditCount, bearer, code } from './support/graphql.js';
import { addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { PASSWORD, type RoleName, useWorld } from './support/world.js';

/**
 * A co-op's time bank opened and its rules set by its coordinator; people joining (themselves, or by a
 * representative), coordinators approving and refusing with a reason, members leaving; background checks.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const RULES = `normalHoursStart normalHoursEnd weekendsOutOfHours bankHolidaysOutOfHours bankHolidayRegion outOfHoursPercent
  overdraftMinutes travelPencePerMile`;
const OPEN = `mutation($i: OpenTimeBankInput!) { openTimeBank(input: $i) { providerId ${RULES} } }`;
const UPDATE = `mutation($i: UpdateTimeBankRulesInput!) { updateTimeBankRules(input: $i) { providerId ${RULES} } }`;
const TIME_BANK = `query($p: ID!) { timeBank(providerId: $p) { providerId ${RULES} } }`;
const JOIN = `mutation($i: JoinTimeBankInput!) { joinTimeBank(input: $i) {
  __typename ... on TimeBankMember { id status roles name } ... on ErrorResult { code message } } }`;
const PENDING = `query($p: ID!) { timeBank(providerId: $p) { members(status: PENDING) { totalCount edges { node { id name roles } } } } }`;

const messagesTo = (email: string) =>
  t.db.query(`SELECT kind, subject FROM outbox_message WHERE recipient_email = $1 AND kind LIKE 'TIME_BANK%' ORDER BY created_at`, [email]);

const rulesOf = async (providerId: string) => (await t.gql<any, unknown>(TIME_BANK, { p: providerId })).data.timeBank;

describe('opening a time bank and setting its rules', () => {
  test('provider B’s coordinator opens its time bank; its rules are public', async () => {
    expect(await rulesOf(w.providerB)).toBeNull();
    for (const role of ['coordinator', 'person', 'careWorker', 'officer'] as RoleName[]) {
      const refused = await t.gql(OPEN, { i: { providerId: w.providerB } }, w.headers(role));
      expect(code(refused), role).toBe('FORBIDDEN');
    }
    expect(code(await t.gql(OPEN, { i: { providerId: w.providerB } }))).toBe('UNAUTHENTICATED');
    expect(await rulesOf(w.providerB)).toBeNull();

    const opened = await t.gql<any, unknown>(
      OPEN,
      { i: { providerId: w.providerB, outOfHoursPercent: 200 } },
      w.headers('otherCoordinator'),
    );
    expect(opened.errors).toBeUndefined();
    const expected = {
      providerId: w.providerB,
      normalHoursStart: '08:00:00',
      normalHoursEnd: '18:00:00',
      weekendsOutOfHours: true,
      bankHolidaysOutOfHours: true,
      bankHolidayRegion: 'ENGLAND_AND_WALES',
      outOfHoursPercent: 200,
      overdraftMinutes: 0,
      travelPencePerMile: 45,
    };
    expect(opened.data.openTimeBank).toEqual(expected);
    expect(await rulesOf(w.providerB)).toEqual(expected);
    expect(await auditCount(t, 'timeBank.open', w.providerB)).toBe(1);

    const twice = await t.gql(OPEN, { i: { providerId: w.providerB } }, w.headers('admin'));
    expect(code(twice)).toBe('CONFLICT');
  });

  test('the coordinator sets the rules; another co-op’s coordinator and members cannot', async () => {
    await openTimeBank(t, w.providerA);
    const rules = {
      providerId: w.providerA,
      normalHoursStart: '07:30',
      normalHoursEnd: '19:00',
      weekendsOutOfHours: false,
      bankHolidayRegion: 'SCOTLAND',
      overdraftMinutes: 120,
      travelPencePerMile: 50,
    };
    for (const role of ['otherCoordinator', 'person', 'careWorker'] as RoleName[]) {
      expect(code(await t.gql(UPDATE, { i: rules }, w.headers(role))), role).toBe('FORBIDDEN');
    }
    const set = await t.gql<any, unknown>(UPDATE, { i: rules }, w.headers('coordinator'));
    expect(set.errors).toBeUndefined();
    expect(await rulesOf(w.providerA)).toEqual({
      providerId: w.providerA,
      normalHoursStart: '07:30:00',
      normalHoursEnd: '19:00:00',
      weekendsOutOfHours: false,
      bankHolidaysOutOfHours: true,
      bankHolidayRegion: 'SCOTLAND',
      outOfHoursPercent: 150,
      overdraftMinutes: 120,
      travelPencePerMile: 50,
    });
  });

  test.each([
    ['normal hours that end before they start', { normalHoursStart: '19:00', normalHoursEnd: '08:00' }, 'input.normalHoursEnd'],
    ['an end before the stored start', { normalHoursEnd: '07:00' }, 'input.normalHoursEnd'],
    ['a time that is not HH:MM', { normalHoursStart: '25:00' }, 'input.normalHoursStart'],
    ['out of hours at 99%', { outOfHoursPercent: 99 }, 'input.outOfHoursPercent'],
    ['out of hours at 301%', { outOfHoursPercent: 301 }, 'input.outOfHoursPercent'],
    ['an overdraft over 6,000 minutes', { overdraftMinutes: 6001 }, 'input.overdraftMinutes'],
    ['a negative travel rate', { travelPencePerMile: -1 }, 'input.travelPencePerMile'],
  ])('rules with %s are refused naming the field, and nothing changes', async (_what, input, argument) => {
    const before = await rulesOf(w.providerA);
    const res = await t.gql(UPDATE, { i: { providerId: w.providerA, ...input } }, w.headers('coordinator'));
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.argument).toBe(argument);
    expect(await rulesOf(w.providerA)).toEqual(before);
  });

  test('the categories are the directory’s and the time bank’s, saying which need a checked helper', async () => {
    const res = await t.gql<any, unknown>(`{ timeBankCategories { slug name needsBackgroundCheck } }`);
    const bySlug = new Map(res.data.timeBankCategories.map((c: { slug: string }) => [c.slug, c]));
    expect(bySlug.get('personal-care')).toMatchObject({ needsBackgroundCheck: true });
    expect(bySlug.get('respite-sitting')).toEqual({ slug: 'respite-sitting', name: 'Respite sitting', needsBackgroundCheck: true });
    expect(bySlug.get('befriending-calls')).toMatchObject({ needsBackgroundCheck: false });
  });
});

describe('joining, approving, refusing and leaving', () => {
  let people = 0;
  async function newcomer(name: string) {
    const email = `joiner-${people++}@test.example`;
    const id = await addPerson(t.services, { email, name, password: PASSWORD });
    return { id, headers: bearer(await w.login(email)) };
  }

  test('a person joins as volunteer and family carer, waits, and the coordinator approves', async () => {
    const res = await t.gql<any, unknown>(
      JOIN,
      { i: { providerId: w.providerA, roles: ['VOLUNTEER', 'FAMILY_CARER'] } },
      w.headers('person'),
    );
    expect(res.data.joinTimeBank).toMatchObject({ __typename: 'TimeBankMember', status: 'PENDING', roles: ['VOLUNTEER', 'FAMILY_CARER'] });
    const memberId = res.data.joinTimeBank.id;

    const again = await t.gql<any, unknown>(JOIN, { i: { providerId: w.providerA, roles: ['RECEIVER'] } }, w.headers('person'));
    expect(again.data.joinTimeBank).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });

    const pending = await t.gql<any, unknown>(PENDING, { p: w.providerA }, w.headers('coordinator'));
    expect(pending.data.timeBank.members.edges.map((e: any) => e.node)).toContainEqual({
      id: memberId,
      name: expect.any(String),
      roles: ['VOLUNTEER', 'FAMILY_CARER'],
    });
    for (const role of ['otherCoordinator', 'person', 'careWorker'] as RoleName[]) {
      expect(code(await t.gql(PENDING, { p: w.providerA }, w.headers(role))), role).toBe('FORBIDDEN');
      const approve = await t.gql(`mutation($m: ID!) { approveTimeBankMember(memberId: $m) { status } }`, { m: memberId }, w.headers(role));
      expect(code(approve), role).toBe('FORBIDDEN');
    }

    const approved = await t.gql<any, unknown>(
      `mutation($m: ID!) { approveTimeBankMember(memberId: $m) { status decidedAt } }`,
      { m: memberId },
      w.headers('coordinator'),
    );
    expect(approved.data.approveTimeBankMember).toMatchObject({ status: 'APPROVED', decidedAt: expect.any(String) });
    const twice = await t.gql(`mutation($m: ID!) { approveTimeBankMember(memberId: $m) { status } }`, { m: memberId }, w.headers('admin'));
    expect(code(twice)).toBe('CONFLICT');
    expect(await messagesTo(w.emails.person)).toEqual([
      { kind: 'TIME_BANK_MEMBERSHIP_DECIDED', subject: 'Your membership of Co-op A’s time bank is approved' },
    ]);

    const mine = await t.gql<any, unknown>(
      `query($p: ID!) { me { timeBankMemberships { id status } } timeBank(providerId: $p) { myMembership { id status } } }`,
      { p: w.providerA },
      w.headers('person'),
    );
    expect(mine.data.me.timeBankMemberships).toEqual([{ id: memberId, status: 'APPROVED' }]);
    expect(mine.data.timeBank.myMembership).toEqual({ id: memberId, status: 'APPROVED' });
  });

  test('a representative with BOOK joins the person they represent as someone who receives support, and only so', async () => {
    const asVolunteer = await t.gql(
      JOIN,
      { i: { providerId: w.providerB, roles: ['VOLUNTEER'], personId: w.ids.person } },
      w.headers('representativeAll'),
    );
    expect(code(asVolunteer)).toBe('BAD_USER_INPUT');
    const notTheirs = await t.gql(
      JOIN,
      { i: { providerId: w.providerB, roles: ['RECEIVER'], personId: w.ids.otherPerson } },
      w.headers('representativeNone'),
    );
    expect(code(notTheirs)).toBe('FORBIDDEN');
    const joined = await t.gql<any, unknown>(
      JOIN,
      { i: { providerId: w.providerB, roles: ['RECEIVER'], personId: w.ids.person } },
      w.headers('representativeAll'),
    );
    expect(joined.data.joinTimeBank).toMatchObject({ __typename: 'TimeBankMember', status: 'PENDING', roles: ['RECEIVER'] });
    const [row] = await t.db.query(`SELECT person_id, asked_by_id FROM time_bank_member WHERE id = $1`, [joined.data.joinTimeBank.id]);
    expect(row).toEqual({ person_id: w.ids.person, asked_by_id: w.ids.representativeAll });
  });

  test.each([
    ['no roles', []],
    ['a role twice', ['VOLUNTEER', 'VOLUNTEER']],
  ])('joining with %s is refused naming the roles', async (_what, roles) => {
    const joiner = await newcomer('Undecided');
    const res = await t.gql(JOIN, { i: { providerId: w.providerA, roles } }, joiner.headers);
    expect(code(res)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.argument).toBe('input.roles');
    expect(await t.db.query(`SELECT 1 FROM time_bank_member WHERE person_id = $1`, [joiner.id])).toEqual([]);
  });

  test('the coordinator refuses with a reason the person then reads; the person may ask again', async () => {
    const joiner = await newcomer('Refused Person');
    const res = await t.gql<any, unknown>(JOIN, { i: { providerId: w.providerA, roles: ['VOLUNTEER'] } }, joiner.headers);
    const memberId = res.data.joinTimeBank.id;
    const REFUSE = `mutation($i: RefuseTimeBankMemberInput!) { refuseTimeBankMember(input: $i) { status refusalReason } }`;
    for (const reason of ['', '   ', 'x'.repeat(1001)]) {
      const bad = await t.gql(REFUSE, { i: { memberId, reason } }, w.headers('coordinator'));
      expect(code(bad)).toBe('BAD_USER_INPUT');
      expect(bad.errors?.[0]?.extensions?.argument).toBe('input.reason');
    }
    const refused = await t.gql<any, unknown>(
      REFUSE,
      { i: { memberId, reason: 'We need two references first.' } },
      w.headers('coordinator'),
    );
    expect(refused.data.refuseTimeBankMember).toEqual({ status: 'REFUSED', refusalReason: 'We need two references first.' });
    const seen = await t.gql<any, unknown>(`{ me { timeBankMemberships { status refusalReason } } }`, undefined, joiner.headers);
    expect(seen.data.me.timeBankMemberships).toEqual([{ status: 'REFUSED', refusalReason: 'We need two references first.' }]);
    const [told] = await t.db.query(`SELECT subject, body_text FROM outbox_message WHERE recipient_person_id = $1`, [joiner.id]);
    expect(told.subject).toBe('Your request to join Co-op A’s time bank');
    // The reason is the coordinator's own words: read signed in, never sent.
    expect(told.body_text).not.toContain('references');

    const asked = await t.gql<any, unknown>(JOIN, { i: { providerId: w.providerA, roles: ['VOLUNTEER'] } }, joiner.headers);
    expect(asked.data.joinTimeBank).toMatchObject({ id: memberId, status: 'PENDING' });
  });

  test('the same person joining twice at once makes one membership and one ConflictError', async () => {
    const joiner = await newcomer('Eager Person');
    const results = await Promise.all(
      Array.from({ length: 8 }, () => t.gql<any, unknown>(JOIN, { i: { providerId: w.providerA, roles: ['RECEIVER'] } }, joiner.headers)),
    );
    const kinds = results.map((r) => r.data?.joinTimeBank?.__typename ?? JSON.stringify(r.errors)).sort();
    expect(kinds).toEqual([...Array(7).fill('ConflictError'), 'TimeBankMember']);
    expect(await t.db.query(`SELECT status FROM time_bank_member WHERE person_id = $1`, [joiner.id])).toEqual([{ status: 'PENDING' }]);
  });

  test('a member leaves; the membership and its history stay, its open offers close', async () => {
    const joiner = await newcomer('Leaving Person');
    const memberId = await addTimeBankMember(t, w.providerA, joiner.id, ['VOLUNTEER']);
    const LEAVE = `mutation($m: ID!) { leaveTimeBank(memberId: $m) { id status } }`;
    expect(code(await t.gql(LEAVE, { m: memberId }, w.headers('person')))).toBe('FORBIDDEN');
    expect(code(await t.gql(LEAVE, { m: memberId }, w.headers('otherCoordinator')))).toBe('FORBIDDEN');
    const left = await t.gql<any, unknown>(LEAVE, { m: memberId }, joiner.headers);
    expect(left.data.leaveTimeBank).toEqual({ id: memberId, status: 'LEFT' });
    expect(code(await t.gql(LEAVE, { m: memberId }, w.headers('coordinator')))).toBe('CONFLICT');
    expect(await auditCount(t, 'timeBankMember.leave', memberId)).toBe(1);
  });

  test('another member, another co-op’s coordinator and strangers cannot see a membership, known or not', async () => {
    const joiner = await newcomer('Private Person');
    const memberId = await addTimeBankMember(t, w.providerA, joiner.id, ['VOLUNTEER']);
    const MEMBER = `query($m: ID!) { timeBankMember(id: $m) { id name } }`;
    for (const role of ['person', 'otherCoordinator', 'representativeNone', 'careWorker'] as RoleName[]) {
      expect(code(await t.gql(MEMBER, { m: memberId }, w.headers(role))), role).toBe('FORBIDDEN');
      expect(code(await t.gql(MEMBER, { m: '00000000-0000-4000-8000-000000000001' }, w.headers(role))), role).toBe('FORBIDDEN');
    }
    const coordinator = await t.gql<any, unknown>(MEMBER, { m: memberId }, w.headers('coordinator'));
    expect(coordinator.data.timeBankMember).toEqual({ id: memberId, name: 'Private Person' });
  });
});

describe('background checks', () => {
  const RECORD = `mutation($i: RecordBackgroundCheckInput!) { recordBackgroundCheck(input: $i) { id kind checkedOn expiresOn reference } }`;
  const CHECKS = `query($m: ID!) { timeBankMember(id: $m) { hasBackgroundCheckInDate backgroundChecks { kind checkedOn expiresOn } } }`;
  const day = (offset: number) => new Date(Date.now() + offset * 24 * 3600 * 1000).toISOString().slice(0, 10);

  test('a coordinator records a check; the member has one in date; the reference stays out of the audit trail', async () => {
    const email = 'checked@test.example';
    const personId = await addPerson(t.services, { email, name: 'Checked Person', password: PASSWORD });
    const memberId = await addTimeBankMember(t, w.providerA, personId, ['VOLUNTEER']);
    const input = {
      memberId,
      kind: 'DBS_ENHANCED_WITH_ADULTS_BARRED_LIST',
      checkedOn: day(-10),
      expiresOn: day(1000),
      reference: '001234567890',
    };

    for (const role of ['otherCoordinator', 'person', 'careWorker'] as RoleName[]) {
      expect(code(await t.gql(RECORD, { i: input }, w.headers(role))), role).toBe('FORBIDDEN');
    }
    for (const [bad, argument] of [
      [{ checkedOn: day(2) }, 'input.checkedOn'],
      [{ expiresOn: day(-10) }, 'input.expiresOn'],
      [{ checkedOn: '0000-06-01', expiresOn: '0001-06-01' }, 'input.checkedOn'],
      [{ expiresOn: '2101-01-01' }, 'input.expiresOn'],
      [{ reference: 'x'.repeat(41) }, 'input.reference'],
    ] as const) {
      const res = await t.gql(RECORD, { i: { ...input, ...bad } }, w.headers('coordinator'));
      expect(code(res)).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.argument).toBe(argument);
    }
    const before = await t.gql<any, unknown>(CHECKS, { m: memberId }, bearer(await w.login(email)));
    expect(before.data.timeBankMember).toEqual({ hasBackgroundCheckInDate: false, backgroundChecks: [] });

    const recorded = await t.gql<any, unknown>(RECORD, { i: input }, w.headers('coordinator'));
    expect(recorded.data.recordBackgroundCheck).toMatchObject({ kind: input.kind, reference: '001234567890' });
    const after = await t.gql<any, unknown>(CHECKS, { m: memberId }, bearer(await w.login(email)));
    expect(after.data.timeBankMember).toEqual({
      hasBackgroundCheckInDate: true,
      backgroundChecks: [{ kind: input.kind, checkedOn: input.checkedOn, expiresOn: input.expiresOn }],
    });
    const trail = await t.db.query(`SELECT summary::text AS s FROM audit_event WHERE action = 'backgroundCheck.record'`);
    expect(trail).toHaveLength(1);
    expect(trail[0].s).not.toContain('001234567890');
  });

  test('a basic check is recorded but does not count as one in date', async () => {
    const personId = await addPerson(t.services, { email: 'basic@test.example', name: 'Basic Person', password: PASSWORD });
    const memberId = await addTimeBankMember(t, w.providerA, personId, ['VOLUNTEER']);
    await t.gql(RECORD, { i: { memberId, kind: 'DBS_BASIC', checkedOn: day(-10), expiresOn: day(300) } }, w.headers('coordinator'));
    const res = await t.gql<any, unknown>(CHECKS, { m: memberId }, w.headers('coordinator'));
    expect(res.data.timeBankMember.hasBackgroundCheckInDate).toBe(false);
    expect(res.data.timeBankMember.backgroundChecks).toHaveLength(1);
  });
});

test('a page of 50 members costs the statements of a page of 5', async () => {
  for (let i = 0; i < 50; i++) {
    const personId = await addPerson(t.services, { email: `many-${i}@test.example`, name: `Many ${i}`, password: PASSWORD });
    await addTimeBankMember(t, w.providerA, personId, ['VOLUNTEER', 'RECEIVER']);
  }
  const PAGE = `query($p: ID!, $n: Int) { timeBank(providerId: $p) { members(first: $n) { totalCount edges { node {
    id name roles status refusalReason hasBackgroundCheckInDate backgroundChecks { kind } offers { id area helperName } requests { id area }
  } } } } }`;
  const statementsAt = async (n: number) => {
    t.statements.reset();
    const res = await t.gql<any, unknown>(PAGE, { p: w.providerA, n }, w.headers('coordinator'));
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.timeBank.members.edges).toHaveLength(n);
    return t.statements.count;
  };
  expect(await statementsAt(50)).toBe(await statementsAt(5));
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

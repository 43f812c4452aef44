import { beforeAll, describe, expect, test } from 'vitest';
import { addPerson } from './support/accounts.js';
import { useTestApp } from './support/app.js';
import { bearer } from './support/graphql.js';
import { addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { PASSWORD, useWorld } from './support/world.js';

/**
 * What happens around a request once asked: a representative finds the membership they ask help for, the
 * accepted helper hears of it and sees what they agreed to, and leaving the time bank does not strand anyone.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const REPRESENTED_MEMBERSHIPS = `{ me { representing { person { id timeBankMemberships { id providerId status } } } } }`;
const REQUEST = `mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id memberName status } }`;

const OFFER = `mutation($i: OfferHelpInput!) { offerHelp(input: $i) { id } }`;
const ACCEPT = `mutation($i: AcceptHelperInput!) { acceptHelper(input: $i) { __typename ... on HelpRequest { id status } } }`;
const LEAVE = `mutation($m: ID!) { leaveTimeBank(memberId: $m) { id status } }`;

const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

/** The next Monday at least two days ahead, at 10:00 UTC: 10:00 or 11:00 in London, inside a Monday-morning offer. */
function nextMonday(): Date {
  const d = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(10, 0, 0, 0);
  return d;
}

let personMemberId: string;
let people = 0;

interface Someone {
  personId: string;
  memberId: string;
  headers: Record<string, string>;
}

/** A new person with an approved membership of provider A's time bank, signed in. */
async function member(name: string, roles: ('VOLUNTEER' | 'RECEIVER')[]): Promise<Someone> {
  const email = `follow-through-${people++}@test.example`;
  const personId = await addPerson(t.services, { email, name, password: PASSWORD });
  const memberId = await addTimeBankMember(t, w.providerA, personId, roles);
  return { personId, memberId, headers: bearer(await w.login(email)) };
}

/** A shopping request for `memberId` on the next Monday morning, in HD1 2TA, asked by `headers`; its id. */
async function askShopping(memberId: string, headers: Record<string, string>): Promise<string> {
  const res = await t.gql<any, unknown>(
    REQUEST,
    { i: { memberId, category: 'shopping', postcode: 'HD1 2TA', startsAt: nextMonday().toISOString(), minutes: 90 } },
    headers,
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.requestHelp.id;
}

/** The helper offers shopping on Monday mornings and the asker accepts them for the request. */
async function acceptAsHelper(requestId: string, helper: Someone, askerHeaders: Record<string, string>): Promise<void> {
  const offered = await t.gql<any, unknown>(
    OFFER,
    {
      i: {
        providerId: w.providerA,
        category: 'shopping',
        postcode: 'HD1 1RH',
        radiusMiles: 5,
        availability: [{ day: 1, from: '09:00', until: '13:00' }],
      },
    },
    helper.headers,
  );
  expect(offered.errors, JSON.stringify(offered.errors)).toBeUndefined();
  const accepted = await t.gql<any, unknown>(ACCEPT, { i: { requestId, offerId: offered.data.offerHelp.id } }, askerHeaders);
  expect(accepted.data.acceptHelper, JSON.stringify(accepted)).toMatchObject({ __typename: 'HelpRequest', status: 'ACCEPTED' });
}

const requestRow = async (id: string) =>
  (await t.db.query(`SELECT status, helper_member_id, accepted_at, closed_at FROM time_bank_request WHERE id = $1`, [id]))[0];

const messagesTo = (personId: string, kind: string) =>
  t.db.query(`SELECT subject, body_text FROM outbox_message WHERE recipient_person_id = $1 AND kind = $2 ORDER BY created_at`, [
    personId,
    kind,
  ]);

beforeAll(async () => {
  await openTimeBank(t, w.providerA);
  personMemberId = await addTimeBankMember(t, w.providerA, w.ids.person, ['RECEIVER']);
});

test('a representative with BOOK finds the membership of the person they represent and asks help with it', async () => {
  const res = await t.gql<any, unknown>(REPRESENTED_MEMBERSHIPS, {}, w.headers('representativeAll'));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const memberships = res.data.me.representing
    .filter((g: any) => g.person.id === w.ids.person)
    .map((g: any) => g.person.timeBankMemberships);
  expect(memberships.length).toBeGreaterThan(0);
  for (const list of memberships) expect(list).toEqual([{ id: personMemberId, providerId: w.providerA, status: 'APPROVED' }]);

  const asked = await t.gql<any, unknown>(
    REQUEST,
    { i: { memberId: memberships[0][0].id, category: 'shopping', postcode: 'HD1 2TA', startsAt: inDays(3), minutes: 60 } },
    w.headers('representativeAll'),
  );
  expect(asked.errors, JSON.stringify(asked.errors)).toBeUndefined();
  expect(asked.data.requestHelp).toMatchObject({ status: 'OPEN' });
});

test('a representative without the person’s rights sees none of their memberships', async () => {
  await addTimeBankMember(t, w.providerA, w.ids.otherPerson, ['RECEIVER']);
  const res = await t.gql<any, unknown>(REPRESENTED_MEMBERSHIPS, {}, w.headers('representativeNone'));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const grants = res.data.me.representing;
  expect(grants.length).toBeGreaterThan(0);
  for (const g of grants) expect(g.person.timeBankMemberships).toEqual([]);
});

describe('the accepted helper hears of it and sees what they agreed to', () => {
  const HELPING = `query($m: ID!, $n: Int, $a: String) { timeBankMember(id: $m) { helpingWith(first: $n, after: $a) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id status postcode memberName startsAt } } } } }`;

  test('accepting emails the helper the day, time and district, and helpingWith lists it with the postcode and whose it is', async () => {
    const helper = await member('Jean Volunteer', ['VOLUNTEER']);
    const requestId = await askShopping(personMemberId, w.headers('person'));
    await acceptAsHelper(requestId, helper, w.headers('person'));

    const [told, ...more] = await messagesTo(helper.personId, 'TIME_BANK_HELPER_ACCEPTED');
    expect(more).toEqual([]);
    expect(told.subject).toMatch(/^You are helping .+ on Monday \d+ \w+ at (10|11):00am$/);
    expect(told.body_text).toContain('in HD1.');
    expect(told.body_text).not.toContain('HD1 2TA');
    expect(await messagesTo(w.ids.person, 'TIME_BANK_HELPER_ACCEPTED')).toEqual([]);

    const res = await t.gql<any, unknown>(HELPING, { m: helper.memberId }, helper.headers);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.timeBankMember.helpingWith.edges.map((e: any) => e.node)).toEqual([
      expect.objectContaining({ id: requestId, status: 'ACCEPTED', postcode: 'HD1 2TA', memberName: expect.stringMatching(/\S/) }),
    ]);

    const MATCHES = `query($m: ID!) { timeBankMember(id: $m) { requests { id status matches { helperMemberId } } } }`;
    const asker = await t.gql<any, unknown>(MATCHES, { m: personMemberId }, w.headers('person'));
    expect(asker.data.timeBankMember.requests.find((r: any) => r.id === requestId)).toEqual({
      id: requestId,
      status: 'ACCEPTED',
      matches: [],
    });
  });

  test('accepted help comes soonest first, then done help newest first, page by page', async () => {
    const helper = await member('Paging Helper', ['VOLUNTEER']);
    const at = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000);
    const rows: [string, Date][] = [
      ['ACCEPTED', at(9)],
      ['DONE', at(-9)],
      ['ACCEPTED', at(2)],
      ['DONE', at(-2)],
    ];
    const ids: string[] = [];
    for (const [status, startsAt] of rows) {
      const [row] = await t.db.query(
        `INSERT INTO time_bank_request (provider_id, member_id, category, postcode, latitude, longitude, starts_at, minutes,
           needs_background_check, status, helper_member_id, accepted_at)
         VALUES ($1, $2, 'lifts', 'HD1 2TA', 53.6446, -1.7826, $3, 60, false, $4, $5, now()) RETURNING id`,
        [w.providerA, personMemberId, startsAt, status, helper.memberId],
      );
      ids.push(row.id);
    }
    const seen: string[] = [];
    let after: string | null = null;
    for (let page = 0; page < 2; page++) {
      const res: any = await t.gql<any, unknown>(HELPING, { m: helper.memberId, n: 2, a: after }, w.headers('coordinator'));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const list = res.data.timeBankMember.helpingWith;
      expect(list.totalCount).toBe(4);
      expect(list.pageInfo.hasNextPage).toBe(page === 0);
      seen.push(...list.edges.map((e: any) => e.node.id));
      after = list.pageInfo.endCursor;
    }
    expect(seen).toEqual([ids[2], ids[0], ids[3], ids[1]]);
  });

  test('helpingWith of every member of a page costs the same statements at 3 members and at 30', async () => {
    // Not signed in: sign-ins are rate-limited, and the coordinator reads these.
    for (let i = 0; i < 30; i++) {
      const personId = await addPerson(t.services, { email: `listed-${i}@test.example`, name: `Listed Helper ${i}`, password: PASSWORD });
      await addTimeBankMember(t, w.providerA, personId, ['VOLUNTEER']);
    }
    const PAGE = `query($p: ID!, $n: Int) { timeBank(providerId: $p) { members(first: $n) { edges { node { id
      helpingWith(first: 5) { totalCount edges { node { id postcode memberName } } } } } } } }`;
    const statementsAt = async (n: number) => {
      t.statements.reset();
      const res = await t.gql<any, unknown>(PAGE, { p: w.providerA, n }, w.headers('coordinator'));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data.timeBank.members.edges).toHaveLength(n);
      return t.statements.count;
    };
    expect(await statementsAt(30)).toBe(await statementsAt(3));
  });
});

describe('leaving the time bank settles the requests the leaver asked or was to help with', () => {
  test('when the accepted helper leaves, the request opens again and the person and whoever asked for them are told', async () => {
    const helper = await member('Leaving Helper', ['VOLUNTEER']);
    const requestId = await askShopping(personMemberId, w.headers('representativeAll'));
    await acceptAsHelper(requestId, helper, w.headers('person'));

    const left = await t.gql<any, unknown>(LEAVE, { m: helper.memberId }, helper.headers);
    expect(left.data.leaveTimeBank, JSON.stringify(left)).toMatchObject({ status: 'LEFT' });

    expect(await requestRow(requestId)).toEqual({ status: 'OPEN', helper_member_id: null, accepted_at: null, closed_at: null });
    for (const who of [w.ids.person, w.ids.representativeAll]) {
      const [told, ...more] = await messagesTo(who, 'TIME_BANK_HELPER_CANNOT_COME');
      expect(more).toEqual([]);
      expect(told.body_text).toContain('open again');
      expect(told.body_text).not.toContain('HD1 2TA');
    }
    expect(
      await t.db.query(`SELECT action, summary FROM audit_event WHERE object_id = $1 AND action = 'helpRequest.reopen'`, [requestId]),
    ).toEqual([{ action: 'helpRequest.reopen', summary: { helperMemberId: helper.memberId, helperLeft: true } }]);
  });

  test('when the person to be helped leaves, their accepted and open requests are cancelled', async () => {
    const receiver = await member('Leaving Receiver', ['RECEIVER']);
    const helper = await member('Staying Helper', ['VOLUNTEER']);
    const accepted = await askShopping(receiver.memberId, receiver.headers);
    await acceptAsHelper(accepted, helper, receiver.headers);
    const open = await askShopping(receiver.memberId, receiver.headers);

    const left = await t.gql<any, unknown>(LEAVE, { m: receiver.memberId }, w.headers('coordinator'));
    expect(left.data.leaveTimeBank, JSON.stringify(left)).toMatchObject({ status: 'LEFT' });

    for (const id of [accepted, open]) expect(await requestRow(id)).toMatchObject({ status: 'CANCELLED', closed_at: expect.any(Date) });
    const audited = await t.db.query(
      `SELECT object_id, summary->>'was' AS was FROM audit_event WHERE action = 'helpRequest.cancel' AND object_id = ANY($1::text[])
       ORDER BY was`,
      [[accepted, open]],
    );
    expect(audited).toEqual([
      { object_id: accepted, was: 'ACCEPTED' },
      { object_id: open, was: 'OPEN' },
    ]);
  });
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

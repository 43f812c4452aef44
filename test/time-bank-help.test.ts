import { beforeAll, describe, expect, test } from 'vitest';
import { MATCHES_SQL } from '../api/timebank/help-matching.js';
import { addPerson } from './support/accounts.js';
import { useTestApp } from './support/app.js';
import { bearer, code } from './support/graphql.js';
import { addBackgroundCheck, addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { PASSWORD, useWorld } from './support/world.js';

/**
 * Offers, requests, matching and accepting a helper in provider A's time bank: the person (a RECEIVER) asks,
 * volunteers who offered help are matched by category, distance, availability and, for personal care, a
 * background check in date; the asker accepts one.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const OFFER = `mutation($i: OfferHelpInput!) { offerHelp(input: $i) { id area radiusMiles helperName availability { day from until } } }`;
const REQUEST = `mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id needsBackgroundCheck status postcode area } }`;
const MATCHES = `query($m: ID!) { timeBankMember(id: $m) { requests { id matches(first: 50) {
  helperMemberId helperName distanceMiles offer { id area helperName } } } } }`;
const ACCEPT = `mutation($i: AcceptHelperInput!) { acceptHelper(input: $i) {
  __typename ... on HelpRequest { id status helperMemberId } ... on ErrorResult { code message } } }`;

/** Mondays 10:00–11:00 and 09:00–13:00 in London whatever the season: 10:00 UTC is 10:00 or 11:00 there. */
const MONDAY_MORNINGS = [{ day: 1, from: '09:00', until: '13:00' }];

/** The next Monday at least two days ahead, at `hourUtc` UTC. */
function nextMonday(hourUtc: number): string {
  const d = new Date(Date.now() + 2 * 24 * 3600 * 1000);
  while (d.getUTCDay() !== 1) d.setUTCDate(d.getUTCDate() + 1);
  d.setUTCHours(hourUtc, 0, 0, 0);
  return d.toISOString();
}

const day = (offsetDays: number) => new Date(Date.now() + offsetDays * 24 * 3600 * 1000).toISOString().slice(0, 10);

interface Helper {
  memberId: string;
  headers: Record<string, string>;
  name: string;
}

let receiverId: string;
let helpers = 0;
/** Every volunteer made so far: sign-ins are rate-limited, so a test that needs any volunteer takes one of these. */
const volunteers: Helper[] = [];

/** A new person, an approved volunteer of provider A's time bank, signed in. */
async function volunteer(name: string): Promise<Helper> {
  const email = `volunteer-${helpers++}@test.example`;
  const personId = await addPerson(t.services, { email, name, password: PASSWORD });
  const memberId = await addTimeBankMember(t, w.providerA, personId, ['VOLUNTEER']);
  const helper = { memberId, headers: bearer(await w.login(email)), name };
  volunteers.push(helper);
  return helper;
}

async function offer(helper: Helper, input: Record<string, unknown>): Promise<string> {
  const res = await t.gql<any, unknown>(
    OFFER,
    {
      i: {
        providerId: w.providerA,
        category: 'personal-care',
        postcode: 'HD1 1RH',
        radiusMiles: 5,
        availability: MONDAY_MORNINGS,
        ...input,
      },
    },
    helper.headers,
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.offerHelp.id;
}

async function requestHelp(input: Record<string, unknown>, headers = w.headers('person')) {
  return t.gql<any, unknown>(
    REQUEST,
    {
      i: {
        memberId: receiverId,
        category: 'personal-care',
        postcode: 'HD1 2TA',
        startsAt: nextMonday(10),
        minutes: 60,
        description: 'A wash and dressing',
        ...input,
      },
    },
    headers,
  );
}

async function matchesOf(requestId: string): Promise<any[]> {
  const res = await t.gql<any, unknown>(MATCHES, { m: receiverId }, w.headers('person'));
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.timeBankMember.requests.find((r: { id: string }) => r.id === requestId).matches;
}

const counts = async () =>
  (
    await t.db.query(
      `SELECT (SELECT count(*)::int FROM time_bank_request) AS requests, (SELECT count(*)::int FROM time_bank_offer) AS offers,
        (SELECT count(*)::int FROM time_bank_request WHERE status <> 'OPEN') AS decided`,
    )
  )[0];

beforeAll(async () => {
  await openTimeBank(t, w.providerA);
  receiverId = await addTimeBankMember(t, w.providerA, w.ids.person, ['RECEIVER']);
});

describe('a personal-care request needs a helper with a background check in date', () => {
  const people: Record<'checked' | 'unchecked' | 'expired' | 'basicOnly', Helper & { offerId: string }> = {} as never;

  beforeAll(async () => {
    for (const who of ['checked', 'unchecked', 'expired', 'basicOnly'] as const) {
      const helper = await volunteer(`Volunteer ${who}`);
      people[who] = { ...helper, offerId: await offer(helper, {}) };
    }
    await addBackgroundCheck(t, people.checked.memberId, { checkedOn: day(-200), expiresOn: day(300) });
    await addBackgroundCheck(t, people.expired.memberId, { checkedOn: day(-1200), expiresOn: day(-30) });
    await addBackgroundCheck(t, people.basicOnly.memberId, { kind: 'DBS_BASIC', checkedOn: day(-200), expiresOn: day(300) });
  });

  test('only the checked volunteer is matched; the others are refused with BACKGROUND_CHECK_REQUIRED and nothing is written', async () => {
    const res = await requestHelp({});
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const request = res.data.requestHelp;
    expect(request).toMatchObject({ needsBackgroundCheck: true, status: 'OPEN', postcode: 'HD1 2TA', area: 'HD1' });

    const matches = await matchesOf(request.id);
    expect(matches.map((m) => m.helperMemberId)).toEqual([people.checked.memberId]);
    expect(matches[0]).toMatchObject({ helperName: 'Volunteer checked', offer: { id: people.checked.offerId, area: 'HD1' } });

    for (const who of ['unchecked', 'expired', 'basicOnly'] as const) {
      const before = await t.db.query(`SELECT * FROM time_bank_request WHERE id = $1`, [request.id]);
      const refused = await t.gql<any, unknown>(
        ACCEPT,
        { i: { requestId: request.id, offerId: people[who].offerId } },
        w.headers('person'),
      );
      expect(refused.data.acceptHelper, who).toMatchObject({
        __typename: 'BackgroundCheckRequiredError',
        code: 'BACKGROUND_CHECK_REQUIRED',
      });
      expect(await t.db.query(`SELECT * FROM time_bank_request WHERE id = $1`, [request.id]), who).toEqual(before);
    }

    const accepted = await t.gql<any, unknown>(
      ACCEPT,
      { i: { requestId: request.id, offerId: people.checked.offerId } },
      w.headers('person'),
    );
    expect(accepted.data.acceptHelper).toEqual({
      __typename: 'HelpRequest',
      id: request.id,
      status: 'ACCEPTED',
      helperMemberId: people.checked.memberId,
    });
    const again = await t.gql<any, unknown>(ACCEPT, { i: { requestId: request.id, offerId: people.checked.offerId } }, w.headers('person'));
    expect(again.data.acceptHelper).toMatchObject({ __typename: 'ConflictError', code: 'CONFLICT' });
  });

  test('two askers accepting helpers for one request at once: one is accepted, the other told it clashes', async () => {
    const res = await requestHelp({});
    const requestId = res.data.requestHelp.id;
    const second = await volunteer('Second checked');
    await addBackgroundCheck(t, second.memberId, { checkedOn: day(-10), expiresOn: day(300) });
    const secondOffer = await offer(second, {});
    const [a, b] = await Promise.all([
      t.gql<any, unknown>(ACCEPT, { i: { requestId, offerId: people.checked.offerId } }, w.headers('person')),
      t.gql<any, unknown>(ACCEPT, { i: { requestId, offerId: secondOffer } }, w.headers('representativeAll')),
    ]);
    expect([a.data.acceptHelper.__typename, b.data.acceptHelper.__typename].sort()).toEqual(['ConflictError', 'HelpRequest']);
    const winner = a.data.acceptHelper.__typename === 'HelpRequest' ? people.checked.memberId : second.memberId;
    expect(await t.db.query(`SELECT status, helper_member_id FROM time_bank_request WHERE id = $1`, [requestId])).toEqual([
      { status: 'ACCEPTED', helper_member_id: winner },
    ]);
  });

  test('another volunteer sees an open request’s category, time and district, never its postcode or whose it is', async () => {
    const open = await requestHelp({ category: 'gardening' });
    const list = await t.gql<any, unknown>(
      `query($p: ID!) { timeBank(providerId: $p) { openRequests(category: "gardening") {
        edges { node { id area postcode memberName memberId } } } } }`,
      { p: w.providerA },
      people.checked.headers,
    );
    expect(list.data.timeBank.openRequests.edges.map((e: any) => e.node)).toEqual([
      { id: open.data.requestHelp.id, area: 'HD1', postcode: null, memberName: null, memberId: null },
    ]);
    const OPEN_LIST = `query($p: ID!) { timeBank(providerId: $p) { openRequests { totalCount } } }`;
    for (const role of ['otherPerson', 'otherCoordinator', 'careWorker', 'partner', 'widget'] as const) {
      expect(code(await t.gql(OPEN_LIST, { p: w.providerA }, w.headers(role))), role).toBe('FORBIDDEN');
    }
    expect(code(await t.gql(OPEN_LIST, { p: w.providerA }))).toBe('UNAUTHENTICATED');
  });
});

test('open requests whose time has passed are no longer listed; the rest come soonest first', async () => {
  const later = await requestHelp({ category: 'shopping', startsAt: nextMonday(14) });
  const sooner = await requestHelp({ category: 'shopping', startsAt: nextMonday(9) });
  const passed = await requestHelp({ category: 'shopping' });
  await t.db.query(`UPDATE time_bank_request SET starts_at = now() - interval '1 hour' WHERE id = $1`, [passed.data.requestHelp.id]);
  const list = await t.gql<any, unknown>(
    `query($p: ID!) { timeBank(providerId: $p) { openRequests(category: "shopping") { totalCount edges { node { id } } } } }`,
    { p: w.providerA },
    w.headers('coordinator'),
  );
  expect(list.data.timeBank.openRequests).toEqual({
    totalCount: 2,
    edges: [{ node: { id: sooner.data.requestHelp.id } }, { node: { id: later.data.requestHelp.id } }],
  });
});

describe('matching by category, distance and availability', () => {
  let near: Helper & { offerId?: string };
  let mid: Helper & { offerId?: string };
  let far: Helper & { offerId?: string };
  let otherCategory: Helper;

  beforeAll(async () => {
    near = await volunteer('Near');
    mid = await volunteer('Middling');
    far = await volunteer('Far');
    otherCategory = await volunteer('Gardener');
    // HD1 1RH is a quarter of a mile from HD1 2TA, HD3 4EB about 1.7 miles, WF17 9AA about 7.9.
    mid.offerId = await offer(mid, { category: 'lifts', postcode: 'HD3 4EB', radiusMiles: 5 });
    near.offerId = await offer(near, { category: 'lifts', postcode: 'HD1 1RH', radiusMiles: 1 });
    far.offerId = await offer(far, { category: 'lifts', postcode: 'WF17 9AA', radiusMiles: 5 });
    await offer(otherCategory, { category: 'gardening', postcode: 'HD1 1RH', radiusMiles: 5 });
  });

  test('offers in the category whose radius reaches come nearest first; one that does not reach is absent', async () => {
    const res = await requestHelp({ category: 'lifts' });
    expect(res.data.requestHelp.needsBackgroundCheck).toBe(false);
    const matches = await matchesOf(res.data.requestHelp.id);
    expect(matches.map((m) => m.helperName)).toEqual(['Near', 'Middling']);
    expect(matches[0].distanceMiles).toBeLessThan(0.5);
    expect(matches[1].distanceMiles).toBeGreaterThan(1);
  });

  test('a request outside every offer’s hours has no matches', async () => {
    const res = await requestHelp({ category: 'lifts', startsAt: nextMonday(18) });
    expect(await matchesOf(res.data.requestHelp.id)).toEqual([]);
  });

  test('a withdrawn offer is no longer matched', async () => {
    const withdrawn = await t.gql<any, unknown>(
      `mutation($o: ID!) { withdrawHelpOffer(offerId: $o) { id withdrawnAt } }`,
      { o: near.offerId },
      near.headers,
    );
    expect(withdrawn.data.withdrawHelpOffer.withdrawnAt).toBeTruthy();
    const res = await requestHelp({ category: 'lifts' });
    expect((await matchesOf(res.data.requestHelp.id)).map((m) => m.helperName)).toEqual(['Middling']);
  });

  test('a night’s sitting is matched to a helper free to midnight and from midnight the next day, not past their hours', async () => {
    for (const helper of [near, mid]) await addBackgroundCheck(t, helper.memberId, { checkedOn: day(-10), expiresOn: day(300) });
    const evening = { day: 1, from: '20:00', until: '24:00' };
    await offer(near, { category: 'respite-sitting', availability: [evening, { day: 2, from: '00:00', until: '08:00' }] });
    // Free on Monday evening and on Wednesday's small hours, not Tuesday's.
    await offer(mid, {
      category: 'respite-sitting',
      postcode: 'HD1 1RH',
      availability: [evening, { day: 3, from: '00:00', until: '08:00' }],
    });
    // 21:00 UTC is 21:00 or 22:00 in London; nine hours on is 06:00 or 07:00 on Tuesday.
    const night = await requestHelp({ category: 'respite-sitting', startsAt: nextMonday(21), minutes: 540 });
    expect(night.errors, JSON.stringify(night.errors)).toBeUndefined();
    expect((await matchesOf(night.data.requestHelp.id)).map((m) => m.helperName)).toEqual(['Near']);
    const pastEight = await requestHelp({ category: 'respite-sitting', startsAt: nextMonday(21), minutes: 720 });
    expect(await matchesOf(pastEight.data.requestHelp.id)).toEqual([]);
  });
});

describe('bad input is BAD_USER_INPUT naming the field, and writes nothing', () => {
  let helper: Helper;
  beforeAll(async () => {
    helper = await volunteer('Careful');
  });

  test.each([
    ['minutes of 0', { minutes: 0 }, 'input.minutes'],
    ['negative minutes', { minutes: -5 }, 'input.minutes'],
    ['more than 24 hours', { minutes: 1441 }, 'input.minutes'],
    ['a start in the past', { startsAt: new Date(Date.now() - 3600_000).toISOString() }, 'input.startsAt'],
    ['a start more than a year ahead', { startsAt: new Date(Date.now() + 400 * 24 * 3600_000).toISOString() }, 'input.startsAt'],
    ['an unknown category', { category: 'juggling' }, 'input.category'],
    ['a description over 1,000 characters', { description: 'x'.repeat(1001) }, 'input.description'],
    ['a postcode that is not one', { postcode: 'NOT A POSTCODE' }, 'input.postcode'],
  ])('a request with %s', async (_what, input, argument) => {
    const before = await counts();
    const res = await requestHelp(input);
    expect(res.errors?.[0]?.extensions).toMatchObject({ argument });
    expect(['BAD_USER_INPUT', 'INVALID_POSTCODE']).toContain(code(res));
    expect(await counts()).toEqual(before);
  });

  test.each([
    ['a slot that ends before it starts', { availability: [{ day: 2, from: '14:00', until: '10:00' }] }, 'input.availability.0.until'],
    ['a slot that ends as it starts', { availability: [{ day: 2, from: '10:00', until: '10:00' }] }, 'input.availability.0.until'],
    ['a slot from 24:00', { availability: [{ day: 2, from: '24:00', until: '24:00' }] }, 'input.availability.0.from'],
    ['a slot until 24:30', { availability: [{ day: 2, from: '22:00', until: '24:30' }] }, 'input.availability.0.until'],
    ['22 slots', { availability: Array.from({ length: 22 }, () => ({ day: 3, from: '09:00', until: '10:00' })) }, 'input.availability'],
    ['no slots', { availability: [] }, 'input.availability'],
    ['day 8', { availability: [{ day: 8, from: '09:00', until: '10:00' }] }, 'input.availability.0.day'],
    ['a time that is not HH:MM', { availability: [{ day: 1, from: '9am', until: '10:00' }] }, 'input.availability.0.from'],
    ['an unknown category', { category: 'juggling' }, 'input.category'],
    ['a radius of 60 miles', { radiusMiles: 60 }, 'input.radiusMiles'],
    ['a description over 1,000 characters', { description: 'x'.repeat(1001) }, 'input.description'],
  ])('an offer with %s', async (_what, input, argument) => {
    const before = await counts();
    const res = await t.gql<any, unknown>(
      OFFER,
      { i: { providerId: w.providerA, category: 'lifts', postcode: 'HD1 1RH', radiusMiles: 5, availability: MONDAY_MORNINGS, ...input } },
      helper.headers,
    );
    expect(code(res), JSON.stringify(res.errors)).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.argument).toBe(argument);
    expect(await counts()).toEqual(before);
  });

  test('someone who receives help only cannot offer it, and another member cannot ask for the person', async () => {
    const receiver = await t.gql(
      OFFER,
      { i: { providerId: w.providerA, category: 'lifts', postcode: 'HD1 1RH', radiusMiles: 5, availability: MONDAY_MORNINGS } },
      w.headers('person'),
    );
    expect(code(receiver)).toBe('FORBIDDEN');
    expect(code(await requestHelp({}, helper.headers))).toBe('FORBIDDEN');
  });
});

describe('lists cost the same statements whatever their length', () => {
  test('openRequests at 5 and at 50', async () => {
    for (let i = 0; i < 50; i++) await requestHelp({ category: 'befriending-calls', startsAt: nextMonday(10 + (i % 5)) });
    const reader = volunteers[0]!;
    const PAGE = `query($p: ID!, $n: Int) { timeBank(providerId: $p) { openRequests(category: "befriending-calls", first: $n) {
      totalCount edges { node { id area postcode memberName memberId helperMemberId aloneAtHome startsAt minutes } } } } }`;
    const statementsAt = async (n: number, headers: Record<string, string>) => {
      t.statements.reset();
      const res = await t.gql<any, unknown>(PAGE, { p: w.providerA, n }, headers);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.data.timeBank.openRequests.edges).toHaveLength(n);
      return t.statements.count;
    };
    for (const headers of [reader.headers, w.headers('coordinator')])
      expect(await statementsAt(50, headers)).toBe(await statementsAt(5, headers));
  });

  test('the matches of every open request at 5 and at 50', async () => {
    const helper = volunteers[1]!;
    await offer(helper, { category: 'befriending-calls', availability: [{ day: 1, from: '08:00', until: '18:00' }] });
    const PAGE = `query($p: ID!, $n: Int) { timeBank(providerId: $p) { openRequests(category: "befriending-calls", first: $n) {
      edges { node { id matches(first: 3) { helperMemberId helperName distanceMiles offer { id area helperName } } } } } } }`;
    const statementsAt = async (n: number) => {
      t.statements.reset();
      const res = await t.gql<any, unknown>(PAGE, { p: w.providerA, n }, w.headers('coordinator'));
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      const edges = res.data.timeBank.openRequests.edges;
      expect(edges).toHaveLength(n);
      expect(edges.map((e: any) => e.node.matches.map((m: any) => m.helperMemberId))).toEqual(edges.map(() => [helper.memberId]));
      return t.statements.count;
    };
    expect(await statementsAt(50)).toBe(await statementsAt(5));
  });
});

test('matching among thousands of offers finds them through the offers’ point index', async () => {
  // Offers all over Great Britain in one time bank and category: only the point index narrows them well.
  const someone = volunteers[0]!;
  await t.db.query(
    `INSERT INTO time_bank_offer (provider_id, member_id, category, postcode, latitude, longitude, radius_miles, availability)
     SELECT $1, $2, 'lifts', 'HD1 1RH', 50 + random() * 8, -5 + random() * 6, 5, '[{"day": 1, "from": "09:00", "until": "17:00"}]'
     FROM generate_series(1, 5000)`,
    [w.providerA, someone.memberId],
  );
  await t.db.query(`ANALYZE time_bank_offer`);
  const requests: { id: string }[] = await t.db.query(`SELECT id FROM time_bank_request WHERE category = 'lifts'`);
  const [{ 'QUERY PLAN': plan }] = await t.db.query(`EXPLAIN (FORMAT JSON) ${MATCHES_SQL}`, [requests.map((r) => r.id), 50]);
  await t.db.query(`DELETE FROM time_bank_offer WHERE member_id = $1 AND postcode = 'HD1 1RH' AND category = 'lifts'`, [someone.memberId]);
  expect(JSON.stringify(plan)).toContain('time_bank_offer_point_idx');
});

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

import { beforeAll, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { addTimeBankMember, expectTimeLedgersBalanced, openTimeBank } from './support/timebank.js';
import { useWorld } from './support/world.js';

/**
 * What happens around a request once asked: a representative finds the membership they ask help for, the
 * accepted helper hears of it and sees what they agreed to, and leaving the time bank does not strand anyone.
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

const REPRESENTED_MEMBERSHIPS = `{ me { representing { person { id timeBankMemberships { id providerId status } } } } }`;
const REQUEST = `mutation($i: RequestHelpInput!) { requestHelp(input: $i) { id memberName status } }`;

const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600 * 1000).toISOString();

let personMemberId: string;

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

test('every time-bank balance is its ledger’s sums', () => expectTimeLedgersBalanced(t.db));

import { expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { type DemoAccount, demoProviderId, demoSignIn } from './support/demo.js';
import { seedDemo } from './support/seed.js';

/**
 * Colne Valley's governance as `npm start` leaves it, seen over GraphQL by the demo accounts: the 40/40/20
 * constitution, a register of 30, a secretary, a board the constitution check finds clean.
 */
const t = useTestApp({ seeded: true });
const colne = () => demoProviderId('colne-valley-care-co-operative');

const tokens = new Map<DemoAccount, Promise<Record<string, string>>>();
function signIn(account: DemoAccount): Promise<Record<string, string>> {
  if (!tokens.has(account)) tokens.set(account, demoSignIn(t, account));
  return tokens.get(account)!;
}

async function gql<T>(doc: string, vars: Record<string, unknown> | undefined, headers?: Record<string, string>): Promise<T> {
  const res = await t.gql<T, unknown>(doc, vars, headers);
  expect(res.errors).toBeUndefined();
  return res.data!;
}

interface Member {
  name: string;
  memberClass: string;
  office: string | null;
  sharePence: number;
  joinedOn: string;
}

test('Joe sees a register of 30 on the 40/40/20 model: workers, people who use the service and supporters, Karen secretary', async () => {
  const { provider } = await gql<{
    provider: {
      constitution: { template: string; classes: { memberClass: string; voteWeightPercent: number }[] };
      memberRegister: { totalCount: number; edges: { node: Member }[] };
      memberClasses: { memberClass: string; memberCount: number }[];
    };
  }>(
    `query($id: ID) { provider(id: $id) {
       constitution { template classes { memberClass voteWeightPercent } }
       memberRegister(first: 50) { totalCount edges { node { name memberClass office sharePence joinedOn } } }
       memberClasses { memberClass memberCount } } }`,
    { id: colne() },
    await signIn('coordinator'),
  );
  expect(provider.constitution.template).toBe('BRIGHTON_40_40_20');
  expect(provider.constitution.classes.map((c) => [c.memberClass, c.voteWeightPercent])).toEqual([
    ['WORKER', 40],
    ['SERVICE_USER', 40],
    ['SUPPORTER', 20],
  ]);
  const members = provider.memberRegister.edges.map((e) => e.node);
  expect(provider.memberRegister.totalCount).toBe(30);
  expect(members).toHaveLength(30);
  const classOf = (name: string) => members.find((m) => m.name === name)?.memberClass;
  expect([classOf('Aisha Khan'), classOf('Joe Armitage')]).toEqual(['WORKER', 'WORKER']);
  expect([classOf('Margaret Hirst'), classOf('Arthur Beaumont'), classOf('Joan Sykes')]).toEqual(Array(3).fill('SERVICE_USER'));
  expect([classOf('Jean Brook'), classOf('David Hirst')]).toEqual(['SUPPORTER', 'SUPPORTER']);
  expect(members.filter((m) => m.office === 'SECRETARY').map((m) => m.name)).toEqual(['Karen Shaw']);
  expect(members.filter((m) => m.sharePence === 100).length).toBeGreaterThan(25);
  expect(new Set(members.map((m) => m.joinedOn.slice(0, 4))).size).toBeGreaterThan(5);
  // The directory's counts come from the register now.
  expect(provider.memberClasses).toEqual([
    { memberClass: 'WORKER', memberCount: 11 },
    { memberClass: 'SERVICE_USER', memberCount: 10 },
    { memberClass: 'SUPPORTER', memberCount: 9 },
  ]);
});

test('the board sits two workers, two people who use the service and a supporter, and the public check finds nothing broken', async () => {
  const { provider } = await gql<{ provider: { board: { memberClass: string; member: { name: string } }[] } }>(
    `query($id: ID) { provider(id: $id) { board { memberClass member { name } } } }`,
    { id: colne() },
    await signIn('margaret'),
  );
  expect(provider.board.map((s) => [s.memberClass, s.member.name]).sort()).toEqual([
    ['SERVICE_USER', 'Arthur Beaumont'],
    ['SERVICE_USER', 'Edna Hinchliffe'],
    ['SUPPORTER', 'Gareth Lumb'],
    ['WORKER', 'Aisha Khan'],
    ['WORKER', 'Darren Whiteley'],
  ]);
  const { constitutionCheck } = await gql<{ constitutionCheck: { obeysRules: boolean; breaches: unknown[] } }>(
    `query($id: ID!) { constitutionCheck(providerId: $id) { obeysRules breaches { rule message } } }`,
    { id: colne() },
  );
  expect(constitutionCheck).toEqual({ obeysRules: true, breaches: [] });
});

test('a second start adds nothing to the register or the board', async () => {
  const count = async () =>
    (await t.db.query(`SELECT (SELECT count(*) FROM co_op_member)::int AS members, (SELECT count(*) FROM board_term)::int AS terms`))[0];
  const before = await count();
  await seedDemo(t.services);
  expect(await count()).toEqual(before);
});

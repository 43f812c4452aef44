import { expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { type DemoAccount, demoProviderId, demoSignIn } from './support/demo.js';
import { seedDemo } from './support/seed.js';

/**
 * Colne Valley's governance as `npm start` leaves it, seen over GraphQL by the demo accounts: the 40/40/20
 * constitution, a register of 30, a secretary, a board the constitution check finds clean, a closed motion
 * with its result and an open one Margaret has yet to vote in.
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
    (
      await t.db.query(`SELECT (SELECT count(*) FROM co_op_member)::int AS members, (SELECT count(*) FROM board_term)::int AS terms,
        (SELECT count(*) FROM motion)::int AS motions, (SELECT count(*) FROM ballot)::int AS ballots`)
    )[0];
  const before = await count();
  await seedDemo(t.services);
  expect(await count()).toEqual(before);
});

interface MotionNode {
  id: string;
  title: string;
  kind: string;
  secret: boolean;
  status: string;
  result: {
    passed: boolean;
    quorumMet: boolean;
    ballotsCast: number;
    electorate: number;
    forSharePercent: number;
    classes: { memberClass: string; for: number; against: number; abstain: number; electorate: number; weightPercent: number }[];
  } | null;
  myVotes: { name: string; entitled: boolean; voted: boolean }[];
}

const MOTIONS = `query($id: ID) { provider(id: $id) { motions(first: 10) { edges { node {
  id title kind secret status
  result { passed quorumMet ballotsCast electorate forSharePercent classes { memberClass for against abstain electorate weightPercent } }
  myVotes { name entitled voted } } } } } }`;

async function motionsSeenBy(account: DemoAccount): Promise<MotionNode[]> {
  const { provider } = await gql<{ provider: { motions: { edges: { node: MotionNode }[] } } }>(
    MOTIONS,
    { id: colne() },
    await signIn(account),
  );
  return provider.motions.edges.map((e) => e.node);
}

test('the wage motion closed and its result is published: passed with the quorum met, counted by class weight', async () => {
  const wage = (await motionsSeenBy('margaret')).find((m) => m.status === 'CLOSED')!;
  expect(wage).toMatchObject({ title: 'Pay every worker at least the Real Living Wage', kind: 'ORDINARY_RESOLUTION', secret: false });
  // Workers 8 for: 40. People who use the service 6 for, 1 against: 40 × 6/7 = 34.29. Supporters 4 for,
  // 1 against, 1 abstaining: 20 × 4/5 = 16. 90.29 of 100 for; 21 of 30 voted against a quorum of 10%.
  expect(wage.result).toEqual({
    passed: true,
    quorumMet: true,
    ballotsCast: 21,
    electorate: 30,
    forSharePercent: 90.29,
    classes: [
      { memberClass: 'WORKER', for: 8, against: 0, abstain: 0, electorate: 11, weightPercent: 40 },
      { memberClass: 'SERVICE_USER', for: 6, against: 1, abstain: 0, electorate: 10, weightPercent: 40 },
      { memberClass: 'SUPPORTER', for: 4, against: 1, abstain: 1, electorate: 9, weightPercent: 20 },
    ],
  });
  // David cast his mother's vote with the VOTE right she granted him.
  expect(wage.myVotes).toEqual([{ name: 'Margaret Hirst', entitled: true, voted: true }]);
});

test('Margaret votes on the open special resolution over GraphQL, and her receipt shows it counted', async () => {
  const online = (await motionsSeenBy('margaret')).find((m) => m.status === 'OPEN')!;
  expect(online).toMatchObject({ title: 'Members may vote online', kind: 'SPECIAL_RESOLUTION', secret: true, result: null });
  expect(online.myVotes).toEqual([{ name: 'Margaret Hirst', entitled: true, voted: false }]);
  const { castVote } = await gql<{ castVote: { receiptCode: string } }>(
    `mutation($i: CastVoteInput!) { castVote(input: $i) { ... on CastVote { receiptCode } ... on ErrorResult { message } } }`,
    { i: { motionId: online.id, choice: 'FOR' } },
    await signIn('margaret'),
  );
  expect(castVote.receiptCode).toBeTruthy();
  const { ballotReceipt } = await gql<{ ballotReceipt: unknown }>(
    `query($code: String!) { ballotReceipt(code: $code) { counted motionId motionClosed } }`,
    { code: castVote.receiptCode },
    await signIn('margaret'),
  );
  expect(ballotReceipt).toEqual({ counted: true, motionId: online.id, motionClosed: false });
  expect((await motionsSeenBy('margaret')).find((m) => m.id === online.id)!.myVotes).toEqual([
    { name: 'Margaret Hirst', entitled: true, voted: true },
  ]);
});

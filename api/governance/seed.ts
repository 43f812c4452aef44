import { setTimeout as sleep } from 'node:timers/promises';
import { Temporal } from '@js-temporal/polyfill';
import type { Acting } from '../auth/actor.js';
import { CARE_TIME_ZONE } from '../brokerage/schedule.js';
import { DEMO_ACCOUNTS, type DemoAccountKey } from '../accounts/seed.js';
import { actingAs, actingAsPerson } from '../demo/demo-acting.js';
import { MemberClass } from '../directory/directory.enums.js';
import type { AppServices } from '../modules.js';
import { ConstitutionTemplate, MotionKind, VoteChoice } from './governance.enums.js';
import { Motion } from './motion.entity.js';
import type { MotionResultData } from './tally.js';

const { WORKER, SERVICE_USER, SUPPORTER } = MemberClass;

/** A member of the register: a demo account, or a Colne Valley person with no demo account (nobody signs in as them). */
type Who = { account: DemoAccountKey } | { email: string; name: string };
interface RegisterEntry {
  who: Who;
  memberClass: MemberClass;
  joinedOn: string;
  /** The share held, in pence, where it is not the £1 most members hold. */
  sharePence?: number;
}

const person = (name: string, domain = 'example.org'): Who => ({
  email: `${name.toLowerCase().replace(/ /g, '.')}@${domain}`,
  name,
});
const worker = (name: string) => person(name, 'colnevalley.example');

/**
 * Colne Valley's register, founded in May 2016: the workers (Joe the coordinator, Aisha the demo care
 * worker), the people who use the service (Margaret, Arthur and Joan, the time bank's Ellen and Stan),
 * and supporters (Jean the volunteer, David, the time bank's neighbours). The time bank's people keep the
 * emails the time-bank seed gave them, so each is one account.
 */
const REGISTER: RegisterEntry[] = [
  { who: { account: 'coordinator' }, memberClass: WORKER, joinedOn: '2016-05-03' },
  { who: worker('Karen Shaw'), memberClass: WORKER, joinedOn: '2016-05-03' },
  { who: worker('Helen Bamforth'), memberClass: WORKER, joinedOn: '2016-05-03' },
  { who: person('Dorothy Wimpenny'), memberClass: SERVICE_USER, joinedOn: '2016-05-03' },
  { who: person('Peter Holroyd'), memberClass: SUPPORTER, joinedOn: '2016-05-03', sharePence: 2500 },
  { who: worker('Darren Whiteley'), memberClass: WORKER, joinedOn: '2017-02-14' },
  { who: person('Gareth Lumb'), memberClass: SUPPORTER, joinedOn: '2017-03-06', sharePence: 1000 },
  { who: person('Harold Mellor'), memberClass: SERVICE_USER, joinedOn: '2017-09-25' },
  { who: person('Kath Dyson'), memberClass: SUPPORTER, joinedOn: '2018-04-23' },
  { who: worker('Shabana Hussain'), memberClass: WORKER, joinedOn: '2018-06-11' },
  { who: person('Stan Sykes'), memberClass: SERVICE_USER, joinedOn: '2018-10-01' },
  { who: person('Ellen Haigh'), memberClass: SERVICE_USER, joinedOn: '2019-02-18' },
  { who: { account: 'volunteer' }, memberClass: SUPPORTER, joinedOn: '2019-05-20' },
  { who: { account: 'worker' }, memberClass: WORKER, joinedOn: '2019-09-02' },
  { who: worker('Lisa Firth'), memberClass: WORKER, joinedOn: '2020-01-20' },
  { who: person('Edna Hinchliffe'), memberClass: SERVICE_USER, joinedOn: '2020-06-29' },
  { who: person('Bev Sutcliffe'), memberClass: SUPPORTER, joinedOn: '2020-11-02' },
  { who: worker('Imran Patel'), memberClass: WORKER, joinedOn: '2021-04-06' },
  { who: person('Tom Crowther'), memberClass: SUPPORTER, joinedOn: '2021-06-07' },
  { who: { account: 'margaret' }, memberClass: SERVICE_USER, joinedOn: '2021-11-15' },
  { who: { account: 'david' }, memberClass: SUPPORTER, joinedOn: '2021-11-15' },
  { who: { account: 'arthur' }, memberClass: SERVICE_USER, joinedOn: '2022-05-09' },
  { who: worker('Wayne Pogson'), memberClass: WORKER, joinedOn: '2022-08-15' },
  { who: person('Mohammed Iqbal'), memberClass: SUPPORTER, joinedOn: '2022-09-12' },
  { who: person('Nasreen Akhtar'), memberClass: SUPPORTER, joinedOn: '2023-01-16' },
  { who: worker('Sadia Mahmood'), memberClass: WORKER, joinedOn: '2023-03-01' },
  { who: { account: 'joan' }, memberClass: SERVICE_USER, joinedOn: '2023-07-24' },
  { who: person('Brian Quarmby'), memberClass: SERVICE_USER, joinedOn: '2024-02-12' },
  { who: worker('Claire Senior'), memberClass: WORKER, joinedOn: '2024-10-07' },
  { who: person('Norman Kaye'), memberClass: SERVICE_USER, joinedOn: '2025-01-13' },
];

const nameOf = (who: Who) => ('account' in who ? DEMO_ACCOUNTS[who.account].name : who.name);

/** The secretary: a founding worker, who opens the co-op's motions. */
const SECRETARY = 'Karen Shaw';

/**
 * The board sitting today, elected at the last three annual meetings (each term the constitution's three
 * years): two workers, two people who use the service and a supporter, the seats the 40/40/20 model gives.
 */
const BOARD: { name: string; monthsAgo: number }[] = [
  { name: 'Edna Hinchliffe', monthsAgo: 27 },
  { name: DEMO_ACCOUNTS.worker.name, monthsAgo: 15 },
  { name: DEMO_ACCOUNTS.arthur.name, monthsAgo: 15 },
  { name: 'Darren Whiteley', monthsAgo: 3 },
  { name: 'Gareth Lumb', monthsAgo: 3 },
];

const { FOR, AGAINST, ABSTAIN } = VoteChoice;

/**
 * The closed motion: an ordinary resolution on pay, an open ballot, and how each member voted (Margaret's
 * vote cast by David, with the VOTE right she granted him); nine stayed away.
 */
const WAGE_MOTION = {
  title: 'Pay every worker at least the Real Living Wage',
  body:
    'That from April the co-op pays every worker at least the Real Living Wage the Living Wage Foundation sets, for every hour ' +
    'worked, travel between visits included, and that the board reports each year what that costs.',
};
const WAGE_VOTES: [string, VoteChoice][] = [
  ...['Joe Armitage', 'Karen Shaw', 'Helen Bamforth', 'Darren Whiteley', 'Shabana Hussain', 'Aisha Khan', 'Lisa Firth', 'Imran Patel'].map(
    (name): [string, VoteChoice] => [name, FOR],
  ),
  ['Dorothy Wimpenny', FOR],
  ['Harold Mellor', AGAINST],
  ['Stan Sykes', FOR],
  ['Ellen Haigh', FOR],
  ['Edna Hinchliffe', FOR],
  ['Arthur Beaumont', FOR],
  ['Peter Holroyd', FOR],
  ['Gareth Lumb', FOR],
  ['Kath Dyson', FOR],
  ['Jean Brook', FOR],
  ['Bev Sutcliffe', ABSTAIN],
  ['Tom Crowther', AGAINST],
];

/** The open motion, a special resolution by secret ballot; Margaret (and David, who could vote for her) have not voted yet. */
const ONLINE_MOTION = {
  title: 'Members may vote online',
  body:
    'That the rules be changed so that members may vote on any resolution of a general meeting online, through coopcare, as ' +
    'well as in person or by post.',
};
const ONLINE_VOTES: [string, VoteChoice][] = [
  ['Joe Armitage', FOR],
  ['Karen Shaw', FOR],
  ['Aisha Khan', FOR],
  ['Arthur Beaumont', FOR],
  ['Jean Brook', FOR],
  ['Gareth Lumb', AGAINST],
  ['Edna Hinchliffe', ABSTAIN],
];

/**
 * How long the closed motion stays open: its 21 votes, cast one after another through the votes service,
 * took under 100 ms on 2 busy cores, so three seconds leaves a slow machine room; the seed then waits for the close.
 */
const WAGE_MOTION_OPEN_MS = 3_000;

const CLASS_WORDS: Partial<Record<MemberClass, string>> = {
  [WORKER]: 'workers',
  [SERVICE_USER]: 'people who use the service',
  [SUPPORTER]: 'supporters',
};

/**
 * Colne Valley's governance, made through the governance services as its people would: Joe sets out the
 * constitution on Brighton's 40/40/20 model, enters the register of 30 members (their dates admitted the
 * co-op's own, from its paper register), appoints Karen secretary and records the board; Karen opens a
 * motion on pay that the members carry and one on voting online that is still open. After the accounts and
 * the time bank (whose neighbours are members); once only: a co-op with a constitution is left alone.
 */
export async function seedGovernance(services: AppServices): Promise<string[]> {
  const { uow, directory, governanceReader, constitutions, coOpRegister, coOpBoard, motions, votes, motionClosing } = services;
  const colne = await directory.getProviderBySlug('colne-valley-care-co-operative', { includeUnpublished: true });
  if (!colne || (await governanceReader.constitutionOf(colne.id))) return [];
  const providerId = colne.id;
  const joe = await actingAs(services, 'coordinator');

  await constitutions.set(joe, { providerId, template: ConstitutionTemplate.BRIGHTON_40_40_20 });

  const members = new Map<string, { id: string; acting: Acting & { id: string } }>();
  for (const entry of REGISTER) {
    const acting = 'account' in entry.who ? await actingAs(services, entry.who.account) : await actingAsPerson(services, entry.who);
    const member = await coOpRegister.admit(joe, {
      providerId,
      personId: acting.id,
      memberClass: entry.memberClass,
      joinedOn: entry.joinedOn,
      sharePence: entry.sharePence ?? null,
    });
    members.set(nameOf(entry.who), { id: member.id, acting });
  }
  const member = (name: string) => members.get(name)!;

  await coOpRegister.appointSecretary(joe, member(SECRETARY).id);

  const today = Temporal.Now.plainDateISO(CARE_TIME_ZONE);
  for (const seat of BOARD)
    await coOpBoard.recordTerm(joe, { memberId: member(seat.name).id, startsOn: today.subtract({ months: seat.monthsAgo }).toString() });

  // Opened by the secretary after every admission, so the whole register may vote. The wage motion's
  // closing time is seconds away (motions.open's seed-only notice): votes go through the votes service
  // while it is open, and it closes through the closing job's own close, which counts it and writes the
  // result once. Nothing here writes a ballot or a result.
  const karen = member(SECRETARY).acting;
  const wage = await motions.open(
    karen,
    {
      providerId,
      kind: MotionKind.ORDINARY_RESOLUTION,
      secret: false,
      closesAt: new Date(Date.now() + WAGE_MOTION_OPEN_MS),
      ...WAGE_MOTION,
    },
    // A second's notice: the closing time is still that far ahead when the service checks it.
    1_000,
  );
  for (const [name, choice] of WAGE_VOTES) await votes.cast(member(name).acting, { motionId: wage.id, memberId: member(name).id, choice });
  await votes.cast(member(DEMO_ACCOUNTS.david.name).acting, {
    motionId: wage.id,
    memberId: member(DEMO_ACCOUNTS.margaret.name).id,
    choice: FOR,
  });
  await sleep(Math.max(0, wage.closesAt.getTime() - Date.now()));
  // The database's clock decides when it is due; the running app's closing job may close it first.
  while (!(await motionClosing.close(wage.id)) && !(await uow.manager.findOneByOrFail(Motion, { id: wage.id })).closedAt) await sleep(100);
  const wageResult = (await uow.manager.findOneByOrFail(Motion, { id: wage.id })).result as MotionResultData;

  const online = await motions.open(karen, {
    providerId,
    kind: MotionKind.SPECIAL_RESOLUTION,
    secret: true,
    closesAt: new Date(today.add({ days: 14 }).toZonedDateTime({ timeZone: CARE_TIME_ZONE, plainTime: '21:00' }).epochMilliseconds),
    ...ONLINE_MOTION,
  });
  for (const [name, choice] of ONLINE_VOTES)
    await votes.cast(member(name).acting, { motionId: online.id, memberId: member(name).id, choice });

  const check = await constitutions.check(joe, providerId);
  const byClass = Object.entries(CLASS_WORDS).map(
    ([memberClass, words]) => `${REGISTER.filter((e) => e.memberClass === memberClass).length} ${words}`,
  );
  return [
    `governance: Colne Valley’s constitution on Brighton’s 40/40/20 model, a register of ${REGISTER.length} members ` +
      `(${byClass.join(', ')}), ${SECRETARY} its secretary, a board of ${BOARD.length} (2 workers, 2 people who use the service, ` +
      `a supporter); the constitution check finds ${check.obeysRules ? 'nothing broken' : `${check.breaches.length} rules broken`}`,
    `governance: “${WAGE_MOTION.title}” closed (${wageResult.summary.replace(/\.$/, '')}, ${wageResult.ballotsCast} of ` +
      `${wageResult.electorate} voting); “${ONLINE_MOTION.title}”, a special resolution by secret ballot, open for 14 days ` +
      `with ${ONLINE_VOTES.length} votes cast and Margaret’s still to come`,
  ];
}

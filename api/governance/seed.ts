import { Temporal } from '@js-temporal/polyfill';
import type { Acting } from '../auth/actor.js';
import { CARE_TIME_ZONE } from '../brokerage/schedule.js';
import { DEMO_ACCOUNTS, type DemoAccountKey } from '../accounts/seed.js';
import { actingAs, actingAsPerson } from '../demo/demo-acting.js';
import { MemberClass } from '../directory/directory.enums.js';
import type { AppServices } from '../modules.js';
import { ConstitutionTemplate } from './governance.enums.js';

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

const CLASS_WORDS: Partial<Record<MemberClass, string>> = {
  [WORKER]: 'workers',
  [SERVICE_USER]: 'people who use the service',
  [SUPPORTER]: 'supporters',
};

/**
 * Colne Valley's governance, made through the governance services as its people would: Joe sets out the
 * constitution on Brighton's 40/40/20 model, enters the register of 30 members (their dates admitted the
 * co-op's own, from its paper register), appoints Karen secretary and records the board. After the
 * accounts and the time bank (whose neighbours are members); once only: a co-op with a constitution is left alone.
 */
export async function seedGovernance(services: AppServices): Promise<string[]> {
  const { directory, governanceReader, constitutions, coOpRegister, coOpBoard } = services;
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

  const check = await constitutions.check(joe, providerId);
  const byClass = Object.entries(CLASS_WORDS).map(
    ([memberClass, words]) => `${REGISTER.filter((e) => e.memberClass === memberClass).length} ${words}`,
  );
  return [
    `governance: Colne Valley’s constitution on Brighton’s 40/40/20 model, a register of ${REGISTER.length} members ` +
      `(${byClass.join(', ')}), ${SECRETARY} its secretary, a board of ${BOARD.length} (2 workers, 2 people who use the service, ` +
      `a supporter); the constitution check finds ${check.obeysRules ? 'nothing broken' : `${check.breaches.length} rules broken`}`,
  ];
}

import { Temporal } from '@js-temporal/polyfill';
import type { Acting } from '../auth/actor.js';
import { CARE_TIME_ZONE } from '../brokerage/schedule.js';
import { DEMO_ACCOUNTS } from '../accounts/seed.js';
import { actingAs, actingAsPerson } from '../demo/demo-acting.js';
import type { AppServices } from '../modules.js';
import { readMatches } from './help-matching.js';
import { TimeBank } from './time-bank.entity.js';
import { BackgroundCheckKind, ExpenseKind, TimeBankRole } from './timebank.enums.js';

const { VOLUNTEER, FAMILY_CARER, RECEIVER } = TimeBankRole;

/** The Colne Valley people of the time bank who have no demo account: nobody signs in as them. */
const NEIGHBOURS = {
  gareth: { email: 'gareth.lumb@example.org', name: 'Gareth Lumb', roles: [VOLUNTEER] },
  mohammed: { email: 'mohammed.iqbal@example.org', name: 'Mohammed Iqbal', roles: [VOLUNTEER] },
  kath: { email: 'kath.dyson@example.org', name: 'Kath Dyson', roles: [FAMILY_CARER] },
  ellen: { email: 'ellen.haigh@example.org', name: 'Ellen Haigh', roles: [RECEIVER] },
  stan: { email: 'stan.sykes@example.org', name: 'Stan Sykes', roles: [RECEIVER] },
  tom: { email: 'tom.crowther@example.org', name: 'Tom Crowther', roles: [VOLUNTEER] },
  bev: { email: 'bev.sutcliffe@example.org', name: 'Bev Sutcliffe', roles: [VOLUNTEER, FAMILY_CARER] },
  nasreen: { email: 'nasreen.akhtar@example.org', name: 'Nasreen Akhtar', roles: [VOLUNTEER] },
  ruth: { email: 'ruth.garside@example.org', name: 'Ruth Garside', roles: [VOLUNTEER] },
} as const;
type Neighbour = keyof typeof NEIGHBOURS;
type Key = Neighbour | 'david' | 'margaret' | 'jean';

/**
 * A time bank with no overdraft can never confirm its first exchange: every minute credited is a minute
 * debited, and nobody starts with any. Colne Valley opened with three hours' overdraft (the issue's "a new
 * member can receive before giving"); the rest of its rules are the defaults.
 */
const STARTING_OVERDRAFT_MINUTES = 180;

/** A 1×1 PNG: a photo of a receipt, as small as one can be and still be a PNG. */
const RECEIPT_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A one-page PDF with no content, its cross-reference table pointing at each object's byte offset. */
function receiptPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] >>',
  ];
  let body = '%PDF-1.4\n';
  const offsets = objects.map((object, i) => {
    const at = body.length;
    body += `${i + 1} 0 obj\n${object}\nendobj\n`;
    return at;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((at) => `${String(at).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/**
 * Colne Valley's time bank, made through the time bank's services as the people would: Joe opens it, a
 * dozen people join (Ruth still waiting), Joe records checks, volunteers offer help. Over the last eighty
 * days David banks hours giving lifts and shopping and spends them on Jean sitting with his mother one
 * Saturday evening (out of hours: Jean is credited half as much again); Bev makes an evening call; Gareth
 * gives three hours to the pool and Joe draws two for Ellen, who has none, before Nasreen shops for her;
 * Mohammed gives his aunt Kath an hour. One exchange waits for confirmation and one was rejected; Stan and
 * Margaret ask for help next week; Jean and Gareth claim expenses in every state; Jean and Bev have
 * training and a reference. After the accounts, before the care plans (Margaret's plan names the time
 * bank); once only: a database where Colne Valley's time bank is open is left alone.
 */
export async function seedTimeBank(services: AppServices): Promise<string[]> {
  const { uow, directory, timeBanks, timeBankMembers, help, exchanges, transfers, receipts, expenseClaims, trainingAndReferences } =
    services;
  const colne = await directory.getProviderBySlug('colne-valley-care-co-operative', { includeUnpublished: true });
  if (!colne || (await uow.manager.countBy(TimeBank, { providerId: colne.id })) > 0) return [];
  const providerId = colne.id;

  const joe = await actingAs(services, 'coordinator');
  const acting = {
    david: await actingAs(services, 'david'),
    margaret: await actingAs(services, 'margaret'),
    jean: await actingAs(services, 'volunteer'),
  } as Record<Key, Acting & { id: string }>;
  for (const [key, person] of Object.entries(NEIGHBOURS)) acting[key as Neighbour] = await actingAsPerson(services, person);

  const today = Temporal.Now.plainDateISO(CARE_TIME_ZONE);
  const at = (date: Temporal.PlainDate, time: string) =>
    new Date(date.toZonedDateTime({ timeZone: CARE_TIME_ZONE, plainTime: Temporal.PlainTime.from(time) }).epochMilliseconds);
  /** The `weekday` (1 Monday … 7 Sunday) on or before `days` ago. */
  const weekdayAgo = (days: number, weekday: number) => {
    const day = today.subtract({ days });
    return day.subtract({ days: (day.dayOfWeek - weekday + 7) % 7 });
  };
  const ago = (days: number, weekday: number, time: string) => at(weekdayAgo(days, weekday), time);
  const atDaysAgo = (days: number, time: string) => at(today.subtract({ days }), time);
  /** `time` on the `weekday` of next week (seven to thirteen days away). */
  const nextWeek = (weekday: number, time: string) => {
    const day = today.add({ days: 7 });
    return at(day.add({ days: (weekday - day.dayOfWeek + 7) % 7 }), time);
  };
  const daysAgo = (days: number) => today.subtract({ days }).toString();

  await timeBanks.open(joe, { providerId, overdraftMinutes: STARTING_OVERDRAFT_MINUTES });

  const member = {} as Record<Key, string>;
  const joins: [Key, TimeBankRole[]][] = [
    ['david', [FAMILY_CARER, VOLUNTEER]],
    ['jean', [VOLUNTEER]],
    ...Object.entries(NEIGHBOURS).map(([key, n]): [Key, TimeBankRole[]] => [key as Neighbour, [...n.roles]]),
  ];
  for (const [key, roles] of joins) member[key] = (await timeBankMembers.join(acting[key], { providerId, roles })).id;
  // David joins his mother as the one who receives: volunteering would be hers to offer.
  member.margaret = (await timeBankMembers.join(acting.david, { providerId, roles: [RECEIVER], personId: acting.margaret.id })).id;
  for (const key of Object.keys(member) as Key[]) if (key !== 'ruth') await timeBankMembers.approve(joe, member[key]);

  const inDate = { checkedOn: daysAgo(200), expiresOn: today.add({ years: 3 }).subtract({ days: 200 }).toString() };
  const checks: [Key, BackgroundCheckKind, { checkedOn: string; expiresOn: string }][] = [
    ['jean', BackgroundCheckKind.DBS_ENHANCED_WITH_ADULTS_BARRED_LIST, inDate],
    ['bev', BackgroundCheckKind.DBS_ENHANCED_WITH_ADULTS_BARRED_LIST, inDate],
    // Three years old, renewed by nobody: it expired last month, so Tom is not matched to sitting.
    ['tom', BackgroundCheckKind.DBS_ENHANCED_WITH_ADULTS_BARRED_LIST, { checkedOn: daysAgo(1125), expiresOn: daysAgo(30) }],
    ['gareth', BackgroundCheckKind.DBS_BASIC, { checkedOn: daysAgo(400), expiresOn: today.add({ days: 695 }).toString() }],
  ];
  for (const [key, kind, dates] of checks) await timeBankMembers.recordBackgroundCheck(joe, { memberId: member[key], kind, ...dates });
  // The services stamp now(); in the story everyone but Ruth joined and was approved, and Joe recorded the
  // checks, a fortnight before the first help (up to 78 days ago), so no record says "member since" after
  // its first help. Ruth asked this week and still waits.
  await uow.manager.query(
    `UPDATE time_bank_member
        SET asked_at = CASE WHEN status = 'PENDING' THEN $4::timestamptz ELSE $2::timestamptz END,
            decided_at = CASE WHEN decided_at IS NULL THEN NULL ELSE $3::timestamptz END
      WHERE provider_id = $1`,
    [providerId, atDaysAgo(95, '10:00'), atDaysAgo(93, '11:00'), atDaysAgo(3, '19:30')],
  );
  await uow.manager.query(
    `UPDATE time_bank_background_check SET recorded_at = $2
      WHERE member_id IN (SELECT id FROM time_bank_member WHERE provider_id = $1)`,
    [providerId, atDaysAgo(92, '14:00')],
  );

  const weekdays = (from: string, until: string) => [1, 2, 3, 4, 5].map((day) => ({ day, from, until }));
  const offers: [Key, string, string, string, number, { day: number; from: string; until: string }[]][] = [
    ['gareth', 'lifts', 'Lifts in my car to appointments, the shops and the station.', 'HD7 5AL', 5, weekdays('09:00', '17:00')],
    [
      'mohammed',
      'gardening',
      'Mowing, weeding and the heavy digging.',
      'HD7 6AW',
      4,
      [6, 7].map((day) => ({ day, from: '09:00', until: '16:00' })),
    ],
    ['bev', 'befriending-calls', 'A phone call for a natter, teatimes and evenings.', 'HD7 4EL', 10, weekdays('16:00', '21:00')],
    [
      'jean',
      'respite-sitting',
      'Sitting with someone so their carer can go out.',
      'HD7 5HA',
      5,
      [{ day: 6, from: '13:00', until: '22:00' }],
    ],
    ['nasreen', 'shopping', 'Your shopping from your list, put away where you can reach it.', 'HD7 6BN', 3, weekdays('10:00', '15:00')],
    [
      'tom',
      'respite-sitting',
      'Sitting with someone so their carer can go out.',
      'HD7 5AB',
      5,
      [{ day: 7, from: '10:00', until: '18:00' }],
    ],
  ];
  for (const [key, category, description, postcode, radiusMiles, availability] of offers)
    await help.offerHelp(acting[key], { providerId, category, description, postcode, radiusMiles, availability });

  /** Help given and recorded by the helper, then confirmed by whoever `confirmer` is (the one helped, David for his mother). */
  const exchange = async (helper: Key, receiver: Key, category: string, startedAt: Date, minutes: number, confirmer?: Acting) => {
    const recorded = await exchanges.record(acting[helper], {
      providerId,
      receiverMemberId: member[receiver],
      category,
      startedAt,
      minutes,
    });
    if (confirmer) await exchanges.confirm(confirmer, recorded.id);
    return recorded;
  };
  // In the order time moved: each confirmation finds the help received covered, overdraft included.
  await exchange('david', 'stan', 'lifts', ago(72, 2, '10:00'), 60, acting.stan);
  await exchange('david', 'kath', 'shopping', ago(70, 4, '14:00'), 120, acting.kath);
  await exchange('mohammed', 'margaret', 'gardening', ago(66, 6, '10:00'), 60, acting.david);
  await transfers.give(acting.mohammed, {
    fromMemberId: member.mohammed,
    toMemberId: member.kath,
    minutes: 60,
    note: 'For my aunt Kath.',
  });
  await exchange('gareth', 'margaret', 'lifts', ago(59, 6, '09:30'), 60, acting.david);
  await exchange('gareth', 'kath', 'lifts', ago(52, 6, '10:00'), 60, acting.kath);
  await transfers.giveToPool(acting.gareth, { fromMemberId: member.gareth, minutes: 180, note: 'I don’t need them: for whoever does.' });
  await exchange('bev', 'stan', 'befriending-calls', ago(50, 3, '19:00'), 60, acting.stan);
  await transfers.drawFromPool(joe, {
    providerId,
    toMemberId: member.ellen,
    minutes: 120,
    reason: 'Ellen has no hours banked and needs her shopping doing.',
  });
  await exchange('nasreen', 'ellen', 'shopping', ago(44, 2, '11:00'), 90, acting.ellen);
  const rejected = await exchange('nasreen', 'kath', 'shopping', ago(30, 4, '11:00'), 60);
  await exchanges.reject(acting.kath, {
    exchangeId: rejected.id,
    reason: 'That shop was called off: I went myself that week.',
  });
  // A Saturday evening: Jean sits with Margaret so that David can go out, and David spends his hours.
  const sitting = weekdayAgo(20, 6);
  await exchange('jean', 'david', 'respite-sitting', at(sitting, '18:30'), 150, acting.david);
  await exchange('gareth', 'stan', 'lifts', ago(3, 5, '10:00'), 45);

  await help.requestHelp(acting.stan, {
    memberId: member.stan,
    category: 'lifts',
    description: 'A lift to the doctor’s in Slaithwaite and back.',
    postcode: 'HD7 5AB',
    startsAt: nextWeek(3, '10:30'),
    minutes: 60,
  });
  const call = await help.requestHelp(acting.david, {
    memberId: member.margaret,
    category: 'befriending-calls',
    description: 'A call for a natter with Mum while I am at work.',
    postcode: 'HD7 5AB',
    startsAt: nextWeek(2, '16:30'),
    minutes: 30,
  });
  const [bevsOffer] = ((await readMatches(services.uow.manager, [call.id], 1)).get(call.id) ?? []).map((match) => match.offer.id);
  if (bevsOffer) await help.acceptHelper(acting.david, { requestId: call.id, offerId: bevsOffer });

  const claim = (
    key: 'jean' | 'gareth',
    input: { kind: ExpenseKind; incurredOn: string; description: string; miles?: number; amountPence?: number; receiptId?: string },
  ) => expenseClaims.claim(acting[key], { memberId: member[key], ...input });
  const meal = await receipts.upload(acting.jean, RECEIPT_PNG);
  const paid = await claim('jean', {
    kind: ExpenseKind.MEALS,
    incurredOn: sitting.toString(),
    description: 'Tea at the café while sitting with Margaret.',
    amountPence: 650,
    receiptId: meal.id,
  });
  await expenseClaims.approve(joe, paid.id);
  await expenseClaims.markPaid(joe, paid.id);
  const approved = await claim('gareth', {
    kind: ExpenseKind.TRAVEL,
    incurredOn: daysAgo(60),
    description: 'Lift for Kath to Huddersfield.',
    miles: 8,
  });
  await expenseClaims.approve(joe, approved.id);
  const parking = await receipts.upload(acting.gareth, receiptPdf());
  const rejectedClaim = await claim('gareth', {
    kind: ExpenseKind.OTHER,
    incurredOn: daysAgo(65),
    description: 'Parking at the allotments.',
    amountPence: 300,
    receiptId: parking.id,
  });
  await expenseClaims.reject(joe, {
    claimId: rejectedClaim.id,
    reason: 'The allotments’ car park is free: the receipt is for another day out.',
  });
  const waiting = await claim('gareth', {
    kind: ExpenseKind.TRAVEL,
    incurredOn: daysAgo(22),
    description: 'Lifts for Stan to the surgery.',
    miles: 6.5,
  });
  const recent = await claim('jean', {
    kind: ExpenseKind.TRAVEL,
    incurredOn: daysAgo(2),
    description: 'To Margaret’s and back, and on to the surgery.',
    miles: 12.4,
  });
  // The services stamp each step now(); these are when each claim was made, decided and paid in the story,
  // so the picture's time to approve is days, not 0, and Gareth's waiting claim, made three weeks ago, is
  // flagged as waiting more than fourteen days.
  const claimDates: [string, Date, Date | null, Date | null][] = [
    [paid.id, at(sitting.add({ days: 2 }), '10:00'), at(sitting.add({ days: 5 }), '15:00'), at(sitting.add({ days: 9 }), '11:00')],
    [approved.id, atDaysAgo(58, '09:30'), atDaysAgo(54, '16:00'), null],
    [rejectedClaim.id, atDaysAgo(64, '20:00'), atDaysAgo(60, '10:00'), null],
    [waiting.id, atDaysAgo(21, '09:00'), null, null],
    [recent.id, atDaysAgo(1, '19:00'), null, null],
  ];
  await uow.manager.query(
    `UPDATE time_bank_expense_claim c SET submitted_at = v.submitted_at, decided_at = v.decided_at, paid_at = v.paid_at
       FROM unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::timestamptz[]) AS v(id, submitted_at, decided_at, paid_at)
      WHERE c.id = v.id`,
    [0, 1, 2, 3].map((i) => claimDates.map((row) => row[i])),
  );

  const trainings: [Key, string, string, number][] = [
    ['jean', 'Safeguarding adults', 'Kirklees Safeguarding Adults Board', 150],
    ['jean', 'First aid', 'St John Ambulance', 120],
    ['bev', 'Safeguarding adults', 'Kirklees Safeguarding Adults Board', 150],
    ['bev', 'Listening skills for befriending', 'Colne Valley Care Co-operative', 90],
  ];
  for (const [key, title, givenBy, days] of trainings)
    await trainingAndReferences.recordTraining(joe, {
      memberId: member[key],
      title,
      givenBy,
      completedOn: daysAgo(days),
      expiresOn: today.subtract({ days }).add({ years: 3 }).toString(),
    });
  const references: [Key, string][] = [
    ['jean', 'Jean sits with people so their carers can have a break, and is trusted by every family she visits. Reliable, calm and kind.'],
    ['bev', 'Bev has made evening befriending calls every week since she joined; the people she rings look forward to them.'],
  ];
  for (const [key, text] of references)
    await trainingAndReferences.recordReference(joe, {
      memberId: member[key],
      refereeName: DEMO_ACCOUNTS.coordinator.name,
      refereeRole: 'Coordinator, Colne Valley Care Co-operative',
      text,
      givenOn: daysAgo(10),
    });

  return [
    'time bank: Colne Valley’s, 12 members (one waiting), exchanges over the last eighty days (out of hours, respite spent, one waiting, ' +
      'one rejected), a gift, the pool helping Ellen, open requests, expenses in every state (one flagged), training and references',
  ];
}

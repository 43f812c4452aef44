import { Temporal } from '@js-temporal/polyfill';
import { DEMO_ACCOUNTS } from '../accounts/seed.js';
import { BookingStatus } from '../brokerage/brokerage.enums.js';
import { CARE_TIME_ZONE } from '../brokerage/schedule.js';
import type { Acting } from '../auth/actor.js';
import { actingAs } from '../demo/demo-acting.js';
import type { AppServices } from '../modules.js';
import type { PlanItem } from './care-plan-content.js';
import { itemsAt } from './care-plan-store.js';
import type { CreateCarePlanInput } from './careplans.inputs.js';
import { type AboutMeHeading, CarePlanItemKind, CarePlanRole, GoalArea, SupportGiver } from './careplans.enums.js';

/** The granddaughter Margaret's circle is waiting for: invited, not yet signed in, so no demo account. */
export const DEMO_PENDING_CIRCLE_MEMBER = { email: 'katie.hirst@example.org', name: 'Katie Hirst' } as const;

/** How long ago Margaret started her plan, gave her first ratings, and had them reviewed; when its review fell due. */
const STARTED_DAYS_AGO = 70;
const RATINGS_REVIEWED_DAYS_AGO = 21;
const REVIEW_DUE_DAYS_AGO = 14;

/** Margaret's goals in her words, with her ratings when she started and at Joe's check-in; only the first has moved by 2 or more. */
const GOALS = [
  {
    description: 'Be washed, dressed and have my hair right by ten, so I’m at the chapel coffee morning when the urn goes on.',
    area: GoalArea.SELF_CARE,
    baseline: { importance: 9, performance: 3, satisfaction: 2 },
    reviewed: { importance: 9, performance: 6, satisfaction: 6 },
  },
  {
    description: 'Get back up to my allotment and grow my sweet peas and a row of beetroot again this summer.',
    area: GoalArea.LEISURE,
    baseline: { importance: 8, performance: 2, satisfaction: 3 },
    reviewed: { importance: 8, performance: 3, satisfaction: 4 },
  },
  {
    description: 'Write my own shopping list, pay for it myself and keep my own purse, instead of David doing it all on his phone.',
    area: GoalArea.PRODUCTIVITY,
    baseline: { importance: 7, performance: 4, satisfaction: 4 },
    reviewed: { importance: 7, performance: 5, satisfaction: 4 },
  },
] as const;

const ABOUT_ME: Record<AboutMeHeading, string> = {
  WHAT_MATTERS_TO_ME:
    'Stopping in my own house. I came to this row when I married and I know every creak of it. Chapel, and the coffee morning after. ' +
    'My allotment, even if some days I only sit on the bench. Being asked, not told: I did forty-one years in the mending room at the ' +
    'mill and I’m not daft, I’m just slow on my feet.',
  HOW_I_COMMUNICATE:
    'I’m deaf in my left ear from the looms, so sit on my right and speak clear; there’s no need to shout. Let the phone ring a good ' +
    'while, I’m not quick to it. Call me Margaret, not love or sweetheart. If I say I’m fine and I’ve not got out of the chair, ask me ' +
    'again over a cup of tea.',
  HOW_AND_WHEN_TO_SUPPORT_ME:
    'Mornings are my hard time: my hands are stiff until I’ve had them in warm water. Let me do what I can. Buttons take me a while but ' +
    'I’d rather do them. I need a hand in and out of the bath and with my stockings. Tea with one sugar, and the radio on. Put things ' +
    'back where I keep them, not where you would.',
  PEOPLE_IMPORTANT_TO_ME:
    'David, my son, who has me for Sunday dinner and sees to anything with forms. His Katie, who is at college in Leeds and rings me on ' +
    'her walk home. Pauline from chapel, who rings twice a week. Jean next door, who has my spare key.',
  GOOD_DAY:
    'Up and dressed in good time, a proper natter at the coffee morning, an hour at the allotment with a flask if it’s fine, and the ' +
    'quiz on the telly with my tea.',
  BAD_DAY:
    'Being rushed first thing so I’m still in my dressing gown when folk come. Somebody new at the door who doesn’t know me and talks ' +
    'to me like a child. Rain for days so I can’t get up to the allotment. Not hearing a voice till teatime.',
};

/**
 * Margaret Hirst's care plan, made through the care-plan services as the people would: Margaret starts
 * it ten weeks ago with her About me under every heading, three goals she rated, her supports (her
 * confirmed Colne Valley home-care booking, a sitter from its time bank) and two risks she chose to take;
 * she invites Joe, the Colne Valley coordinator, as her lead coordinator and he accepts; David invites his daughter Katie to
 * see it, and Katie has not yet answered. Three weeks ago Joe recorded Margaret's ratings again at a
 * check-in (getting ready for chapel has moved by 3 and 4: a meaningful change). Her first review fell
 * due two weeks ago and has not been held, so the plan is on Joe's overdue list. Then the co-design
 * (`codesign`): an agreed version 1, version 2 from David, two proposals waiting. After the budgets and
 * bookings and the time bank; once only: a database where Margaret has a plan is left alone.
 */
export async function seedCarePlans(services: AppServices): Promise<string[]> {
  const { uow, directory, carePlans, circle, goalReviews, fulfilment } = services;
  const [margaret, david, coordinator] = await Promise.all(
    (['margaret', 'david', 'coordinator'] as const).map((k) => actingAs(services, k)),
  );
  if ((await carePlans.plansOf(margaret)).some((plan) => plan.personId === margaret.id)) return [];
  const colne = await directory.getProviderBySlug('colne-valley-care-co-operative', { includeUnpublished: true });
  const marsden = await directory.getProviderBySlug('marsden-moor-homecare-co-op', { includeUnpublished: true });
  const shopping = marsden && (await directory.serviceNamed(marsden.id, 'Shopping and meal preparation'));
  if (!colne || !shopping) return [];
  // Her weekly morning visits, as the co-op's coordinator sees its bookings.
  const confirmed = await fulfilment.providerBookings(coordinator, { providerId: colne.id, status: BookingStatus.CONFIRMED, first: 100 });
  const mornings = confirmed.edges.map((e) => e.node).find((booking) => booking.personId === margaret.id);
  if (!mornings) return [];

  const today = Temporal.Now.plainDateISO(CARE_TIME_ZONE);
  const daysAgo = (days: number) => today.subtract({ days }).toString();
  const started = new Date(
    today.subtract({ days: STARTED_DAYS_AGO }).toZonedDateTime({ timeZone: CARE_TIME_ZONE, plainTime: { hour: 14 } }).epochMilliseconds,
  );
  const plan = await carePlans.create(
    margaret,
    margaretsPlan({ bookingId: mornings.id, shoppingServiceId: shopping.id, timeBankProviderId: colne.id }, daysAgo(REVIEW_DUE_DAYS_AGO)),
    started,
  );
  // Each step commits on its own, as each person's request would: the circle lists invitations by when they were made.
  await circle.invite(margaret, {
    planId: plan.id,
    email: DEMO_ACCOUNTS.coordinator.email,
    name: DEMO_ACCOUNTS.coordinator.name,
    role: CarePlanRole.EDIT,
    asLeadCoordinator: true,
  });
  await circle.accept(coordinator, plan.id);
  await circle.invite(david, { planId: plan.id, ...DEMO_PENDING_CIRCLE_MEMBER, role: CarePlanRole.VIEW, asLeadCoordinator: false });

  for (const item of await itemsAt(uow, plan.id, plan.currentVersion)) {
    if (item.kind !== CarePlanItemKind.GOAL) continue;
    const { reviewed } = GOALS.find((g) => g.description === item.content.description)!;
    await goalReviews.record(coordinator, {
      planId: plan.id,
      goalId: item.itemId,
      ...reviewed,
      ratedOn: daysAgo(RATINGS_REVIEWED_DAYS_AGO),
    });
  }

  await codesign(services, plan.id, { margaret, david, coordinator });
  return [
    'care plans: Margaret’s, with About me, three goals she rated (one meaningful change), ' +
      'supports linked to her Colne Valley booking and time bank, two risks she chose; Joe is her lead coordinator; ' +
      'its review is overdue; version 1 signed by her and Joe, version 2 made by ' +
      'a change of David’s she accepted; open proposals from David and from Joe',
  ];
}

/** The version Margaret and Joe signed, and the one David's accepted change made after it: the plan's current version. */
export const DEMO_AGREED_VERSION = 1;
export const DEMO_CURRENT_VERSION = 2;

/**
 * What the circle did with the plan after Joe's check-in, each step as its own request: Margaret and Joe
 * sign version 1; David proposes Jean's morning look-in, with his comment, and Margaret accepts it, making
 * version 2 (so the plan is a draft again, version 1 still the agreed one); Joe says on her self-care goal
 * what moved it; then two proposals wait for Margaret against version 2, independent of each other:
 * David's raised beds at the allotment, and Joe's pendant check on visit mornings. Dated when seeded.
 */
async function codesign(
  services: AppServices,
  planId: string,
  people: Record<'margaret' | 'david' | 'coordinator', Acting>,
): Promise<void> {
  const { uow, proposals, agreements, comments } = services;
  const { margaret, david, coordinator } = people;
  await agreements.agree(margaret, planId, DEMO_AGREED_VERSION);
  await agreements.agree(coordinator, planId, DEMO_AGREED_VERSION);

  const lookIn = await proposals.propose(david, {
    planId,
    baseVersion: DEMO_AGREED_VERSION,
    comment: 'Jean offered when I dropped the spare key round. Mum would rather it was Jean than a key safe and a stranger.',
    changes: [
      {
        addSupport: {
          what: 'Jean looks across at my bedroom curtains; if they are still shut at ten she knocks, and rings David if I don’t answer.',
          giver: SupportGiver.INFORMAL_CARER,
          carerName: 'Jean, next door, who has my spare key',
          when: 'Every morning, ten o’clock',
        },
      },
    ],
  });
  const { currentVersion } = await proposals.accept(margaret, lookIn.id);

  const items = await itemsAt(uow, planId, currentVersion);
  const goal = (area: GoalArea) => items.find((i) => i.kind === CarePlanItemKind.GOAL && i.content.area === area)!;
  const stairs = items.find(
    (i): i is Extract<PlanItem, { kind: CarePlanItemKind.RISK }> =>
      i.kind === CarePlanItemKind.RISK && i.content.description.startsWith('Falling on the stairs'),
  )!;
  await comments.comment(coordinator, {
    planId,
    goalId: goal(GoalArea.SELF_CARE).itemId,
    text:
      'Three coffee mornings running Margaret was dressed, hair done and waiting before Aisha left at ten. Warming her hands ' +
      'in the bowl first, then doing her own buttons while Aisha does the stockings, is what changed it.',
  });
  await proposals.propose(david, {
    planId,
    baseVersion: currentVersion,
    comment:
      'Mr Sykes on the next plot has beds like these and swears by them. I’ll build them from the scaffold boards in my garage, ' +
      'before the sweet peas go in, if you want them, Mum.',
    changes: [
      {
        addSupport: {
          what: 'Two raised beds at knee height on my allotment, so I can sow and weed sat on my stool instead of kneeling.',
          giver: SupportGiver.INFORMAL_CARER,
          carerName: `${DEMO_ACCOUNTS.david.name}, my son`,
          when: 'Two Sundays in March, after dinner',
          goalIds: [goal(GoalArea.LEISURE).itemId],
        },
      },
    ],
  });
  await proposals.propose(coordinator, {
    planId,
    baseVersion: currentVersion,
    comment:
      'At the check-in the pendant’s low-battery light had been on for a week and nobody had noticed. This makes checking it ' +
      'somebody’s job.',
    changes: [
      {
        editRisk: {
          riskId: stairs.itemId,
          safeguards:
            `${stairs.content.safeguards} On visit mornings the care worker checks the pendant’s battery light and tells the ` +
            'office the same day if it is red.',
        },
      },
    ],
  });
}

/**
 * Margaret's plan as she wrote it: her supports link her weekly home-care booking, a listed shopping service
 * and the Colne Valley time bank she is a member of.
 */
function margaretsPlan(
  links: { bookingId: string; shoppingServiceId: string; timeBankProviderId: string },
  reviewDate: string,
): CreateCarePlanInput {
  const [selfCare, allotment, shoppingList] = [0, 1, 2];
  return {
    // Eight weeks after she started: the first look at whether the plan is working.
    reviewDate,
    aboutMe: Object.entries(ABOUT_ME).map(([heading, text]) => ({ heading: heading as AboutMeHeading, text })),
    goals: GOALS.map(({ description, area, baseline }) => ({ description, area, baseline })),
    supports: [
      {
        what: 'Help with my wash, my stockings and my hair, leaving me my own buttons, so I’m ready for the coffee morning.',
        giver: SupportGiver.BOOKING,
        bookingId: links.bookingId,
        when: 'Once a week, 9 to 10 in the morning, on coffee-morning days',
        goalIndexes: [selfCare],
      },
      {
        what: 'Sunday dinner at his house in Golcar, and lifts up to the allotment and to the shops.',
        giver: SupportGiver.INFORMAL_CARER,
        carerName: `${DEMO_ACCOUNTS.david.name}, my son`,
        when: 'Sundays, and lifts when he can: I ring him the night before',
        goalIndexes: [allotment, shoppingList],
      },
      {
        what: 'A phone call for a natter, and we go through my shopping list and what I’ve spent.',
        giver: SupportGiver.VOLUNTEER,
        carerName: 'Pauline, befriending volunteer from chapel',
        when: 'Tuesday and Friday teatimes, about half an hour',
        goalIndexes: [shoppingList],
      },
      {
        what: 'Going round the shop with me: I bring my own list and pay; they carry the bags and put things away where I can reach.',
        giver: SupportGiver.SERVICE,
        serviceId: links.shoppingServiceId,
        when: 'Every other Friday morning; I pay for it out of my pension',
        goalIndexes: [shoppingList],
      },
      {
        what: 'A sitter from the Colne Valley time bank on Saturday evenings, so David can have a break.',
        giver: SupportGiver.TIME_BANK,
        timeBankProviderId: links.timeBankProviderId,
        when: 'Saturday evenings, when David asks',
      },
    ],
    risks: [
      {
        description: 'Falling on the stairs: they are steep, and I’m unsteady first thing and last thing at night.',
        personsChoice: 'I am keeping my bedroom upstairs and using the stairs. A bed in the front room would be giving up.',
        safeguards:
          'A second banister on the wall side, which David is seeing to; the landing light left on at night; on visit mornings the ' +
          'care worker comes up behind me; my alarm pendant stays round my neck.',
      },
      {
        description: 'Taking poorly or having a fall at the allotment when nobody is about.',
        personsChoice: 'I go up on my own on fine days. I would rather sit among my beans than be kept in for my own good.',
        safeguards:
          'I take my mobile, charged, and ring Jean next door when I get there and when I’m home; the other plot holders know me.',
      },
    ],
  };
}

import { registerEnumType } from 'type-graphql';

export enum CarePlanStatus {
  DRAFT = 'DRAFT',
  AGREED = 'AGREED',
}
registerEnumType(CarePlanStatus, {
  name: 'CarePlanStatus',
  description: 'Whether the current version of a care plan has been agreed.',
  valuesConfig: {
    DRAFT: { description: 'The current version is not yet signed by both the person (or their representative) and the lead coordinator.' },
    AGREED: { description: 'The person (or their representative) and the lead coordinator have both signed the current version.' },
  },
});

/** What someone may do in a plan, weakest first; the person and their EDIT_PLAN representatives are OWNERs. */
export enum CarePlanRole {
  VIEW = 'VIEW',
  SUGGEST = 'SUGGEST',
  EDIT = 'EDIT',
  OWNER = 'OWNER',
}
registerEnumType(CarePlanRole, {
  name: 'CarePlanRole',
  description: 'What someone may do in a care plan. Each role may do everything the ones before it may.',
  valuesConfig: {
    VIEW: { description: 'Read the plan, its versions, proposals, comments and circle.' },
    SUGGEST: { description: 'Also comment and propose changes, for the person to accept or reject.' },
    EDIT: { description: 'Also record the person’s ratings at a goal review and set the review date.' },
    OWNER: {
      description:
        'The person, or a representative they gave EDIT_PLAN: accepts or rejects proposals, manages the circle and signs for the person. ' +
        'Never given by invitation.',
    },
  },
});

/** The roles an invitation may give: OWNER comes only from being the person or their EDIT_PLAN representative. */
export const INVITABLE_ROLES = [CarePlanRole.VIEW, CarePlanRole.SUGGEST, CarePlanRole.EDIT] as const;

const ROLE_ORDER = [CarePlanRole.VIEW, CarePlanRole.SUGGEST, CarePlanRole.EDIT, CarePlanRole.OWNER];

/** Does `role` allow what `needed` allows? */
export function roleAtLeast(role: CarePlanRole | null, needed: CarePlanRole): boolean {
  return role !== null && ROLE_ORDER.indexOf(role) >= ROLE_ORDER.indexOf(needed);
}

export enum CircleMemberKind {
  PERSON = 'PERSON',
  REPRESENTATIVE = 'REPRESENTATIVE',
  MEMBER = 'MEMBER',
}
registerEnumType(CircleMemberKind, {
  name: 'CircleMemberKind',
  description: 'How someone belongs to a plan’s circle.',
  valuesConfig: {
    PERSON: { description: 'The person the plan is for: always in the circle.' },
    REPRESENTATIVE: { description: 'A representative the person gave EDIT_PLAN or VIEW_PLAN: in the circle while the right stands.' },
    MEMBER: {
      description: 'Someone invited by email (family, friends, staff): in the circle once they accept, until removed or they leave.',
    },
  },
});

export enum CircleMemberStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
}
registerEnumType(CircleMemberStatus, {
  name: 'CircleMemberStatus',
  description: 'Whether a circle member has joined.',
  valuesConfig: {
    PENDING: { description: 'Invited by email; sees nothing of the plan until they accept.' },
    ACTIVE: { description: 'In the circle.' },
  },
});

/** The PRSB "About Me" headings, in the order a plan shows them. */
export enum AboutMeHeading {
  WHAT_MATTERS_TO_ME = 'WHAT_MATTERS_TO_ME',
  HOW_I_COMMUNICATE = 'HOW_I_COMMUNICATE',
  HOW_AND_WHEN_TO_SUPPORT_ME = 'HOW_AND_WHEN_TO_SUPPORT_ME',
  PEOPLE_IMPORTANT_TO_ME = 'PEOPLE_IMPORTANT_TO_ME',
  GOOD_DAY = 'GOOD_DAY',
  BAD_DAY = 'BAD_DAY',
}

/** Each heading as the person reads it (the PRSB About Me standard's wording). */
export const ABOUT_ME_TITLES: Record<AboutMeHeading, string> = {
  WHAT_MATTERS_TO_ME: 'What matters to me',
  HOW_I_COMMUNICATE: 'How I communicate and how to communicate with me',
  HOW_AND_WHEN_TO_SUPPORT_ME: 'How and when to support me',
  PEOPLE_IMPORTANT_TO_ME: 'People who are important to me',
  GOOD_DAY: 'Things that make a good day',
  BAD_DAY: 'Things that make a bad day',
};
export const ABOUT_ME_ORDER = Object.values(AboutMeHeading);

registerEnumType(AboutMeHeading, {
  name: 'AboutMeHeading',
  description: 'A heading of the "About me" part of a plan, from the PRSB About Me standard.',
  valuesConfig: Object.fromEntries(ABOUT_ME_ORDER.map((h) => [h, { description: `“${ABOUT_ME_TITLES[h]}”.` }])),
});

export enum GoalArea {
  SELF_CARE = 'SELF_CARE',
  PRODUCTIVITY = 'PRODUCTIVITY',
  LEISURE = 'LEISURE',
}
/** Each area as the printed plan and the FHIR export name it. */
export const GOAL_AREA_TITLES: Record<GoalArea, string> = {
  SELF_CARE: 'Self-care',
  PRODUCTIVITY: 'Productivity',
  LEISURE: 'Leisure',
};

registerEnumType(GoalArea, {
  name: 'GoalArea',
  description: 'The part of everyday life a goal is about.',
  valuesConfig: {
    SELF_CARE: { description: 'Looking after oneself: washing, dressing, eating, getting about, managing at home and in the community.' },
    PRODUCTIVITY: { description: 'Work, volunteering, learning, running a household, caring for others.' },
    LEISURE: { description: 'Hobbies, going out, seeing people, quiet time.' },
  },
});

export enum SupportGiver {
  SERVICE = 'SERVICE',
  BOOKING = 'BOOKING',
  INFORMAL_CARER = 'INFORMAL_CARER',
  VOLUNTEER = 'VOLUNTEER',
  TIME_BANK = 'TIME_BANK',
}
registerEnumType(SupportGiver, {
  name: 'SupportGiver',
  description: 'Who gives a support in a plan.',
  valuesConfig: {
    SERVICE: { description: 'A service in the directory (not yet booked, or booked elsewhere).' },
    BOOKING: { description: 'A booking made from one of the person’s budgets: the provider’s workers on its visits.' },
    INFORMAL_CARER: { description: 'A named family member, friend or neighbour, unpaid.' },
    VOLUNTEER: { description: 'A named volunteer.' },
    TIME_BANK: {
      description: 'Help from a co-op’s time bank, paid in time credit, not from a budget: names the co-op (timeBankProviderId).',
    },
  },
});

export enum CarePlanItemKind {
  ABOUT_ME = 'ABOUT_ME',
  GOAL = 'GOAL',
  SUPPORT = 'SUPPORT',
  RISK = 'RISK',
}
registerEnumType(CarePlanItemKind, {
  name: 'CarePlanItemKind',
  description: 'A part of a plan that proposals change.',
  valuesConfig: {
    ABOUT_ME: { description: 'A section of "About me", named by its heading.' },
    GOAL: { description: 'A goal.' },
    SUPPORT: { description: 'A support.' },
    RISK: { description: 'A risk and what the person chose about it.' },
  },
});

export enum CarePlanChangeAction {
  ADD = 'ADD',
  EDIT = 'EDIT',
  REMOVE = 'REMOVE',
}
registerEnumType(CarePlanChangeAction, {
  name: 'CarePlanChangeAction',
  description: 'What a proposed change does to its item.',
  valuesConfig: {
    ADD: { description: 'Adds a goal, support or risk, or writes an "About me" section the plan does not have.' },
    EDIT: { description: 'Changes an item the plan has.' },
    REMOVE: { description: 'Takes an item out of the plan (earlier versions keep it).' },
  },
});

export enum ProposalStatus {
  OPEN = 'OPEN',
  ACCEPTED = 'ACCEPTED',
  REJECTED = 'REJECTED',
  WITHDRAWN = 'WITHDRAWN',
}
registerEnumType(ProposalStatus, {
  name: 'ProposalStatus',
  description: 'Where a proposed change to a plan stands.',
  valuesConfig: {
    OPEN: { description: 'Waiting for the person (or their representative) to decide.' },
    ACCEPTED: { description: 'Accepted: it made a new version (`resultingVersion`).' },
    REJECTED: { description: 'Rejected by the person or their representative.' },
    WITHDRAWN: { description: 'Withdrawn by whoever proposed it.' },
  },
});

export enum AgreementSide {
  PERSON = 'PERSON',
  COORDINATOR = 'COORDINATOR',
}
registerEnumType(AgreementSide, {
  name: 'AgreementSide',
  description: 'Who a signature of a plan version is for.',
  valuesConfig: {
    PERSON: { description: 'The person, or a representative they gave EDIT_PLAN.' },
    COORDINATOR: { description: 'The plan’s lead coordinator.' },
  },
});

export enum ConsentMethod {
  WRITTEN = 'WRITTEN',
  VERBAL = 'VERBAL',
}
registerEnumType(ConsentMethod, {
  name: 'ConsentMethod',
  description: 'How a person gave consent for staff to start their care plan.',
  valuesConfig: {
    WRITTEN: { description: 'Signed or written consent, kept by whoever recorded it.' },
    VERBAL: { description: 'Said to the member of staff who recorded it.' },
  },
});

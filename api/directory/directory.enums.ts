import { registerEnumType } from 'type-graphql';

export enum LegalForm {
  CO_OPERATIVE_SOCIETY = 'CO_OPERATIVE_SOCIETY',
  COMMUNITY_BENEFIT_SOCIETY = 'COMMUNITY_BENEFIT_SOCIETY',
  WORKER_CO_OPERATIVE = 'WORKER_CO_OPERATIVE',
  MULTI_STAKEHOLDER_CO_OPERATIVE = 'MULTI_STAKEHOLDER_CO_OPERATIVE',
  COMMUNITY_INTEREST_COMPANY = 'COMMUNITY_INTEREST_COMPANY',
  CHARITY = 'CHARITY',
  OTHER = 'OTHER',
}
registerEnumType(LegalForm, {
  name: 'LegalForm',
  description: 'How a provider is constituted in law. Whether it counts as a co-operative is `Provider.isCooperative`.',
  valuesConfig: {
    CO_OPERATIVE_SOCIETY: {
      description: 'A co-operative society registered with the FCA under the Co-operative and Community Benefit Societies Act 2014.',
    },
    COMMUNITY_BENEFIT_SOCIETY: {
      description: 'A community benefit society (2014 Act, FCA-registered): run for the wider community rather than for its members.',
    },
    WORKER_CO_OPERATIVE: { description: 'A co-operative owned and controlled by the people who work in it.' },
    MULTI_STAKEHOLDER_CO_OPERATIVE: {
      description:
        'A co-operative with more than one class of member (care workers, people who draw on care, family carers, supporters), ' +
        'usually each with a say on the board.',
    },
    COMMUNITY_INTEREST_COMPANY: {
      description: 'A community interest company (CIC): a company with an asset lock, on the Companies House register.',
    },
    CHARITY: { description: 'A registered charity, including a charitable incorporated organisation (CIO).' },
    OTHER: { description: 'Any other form, e.g. a private limited company or a partnership.' },
  },
});

export enum CqcRating {
  OUTSTANDING = 'OUTSTANDING',
  GOOD = 'GOOD',
  REQUIRES_IMPROVEMENT = 'REQUIRES_IMPROVEMENT',
  INADEQUATE = 'INADEQUATE',
  NOT_YET_RATED = 'NOT_YET_RATED',
  NOT_REGULATED = 'NOT_REGULATED',
}
registerEnumType(CqcRating, {
  name: 'CqcRating',
  description: "The Care Quality Commission's overall rating; NOT_REGULATED for services outside its scope (gardening, transport).",
  valuesConfig: {
    OUTSTANDING: { description: 'CQC rated it Outstanding: performing exceptionally well.' },
    GOOD: { description: 'CQC rated it Good: performing well and meeting its expectations.' },
    REQUIRES_IMPROVEMENT: { description: 'CQC rated it Requires improvement: not performing as well as it should.' },
    INADEQUATE: { description: 'CQC rated it Inadequate: performing badly; CQC has taken or may take action.' },
    NOT_YET_RATED: { description: 'Registered with CQC but not yet inspected and rated.' },
    NOT_REGULATED: { description: 'Carries on no activity CQC regulates (e.g. gardening, transport, befriending), so has no rating.' },
  },
});

/** Ratings from best to worst; a `cqcRatingAtLeast` filter keeps this prefix of the list. */
export const CQC_RATING_ORDER: readonly CqcRating[] = [
  CqcRating.OUTSTANDING,
  CqcRating.GOOD,
  CqcRating.REQUIRES_IMPROVEMENT,
  CqcRating.INADEQUATE,
];

export enum MemberClass {
  WORKER = 'WORKER',
  SERVICE_USER = 'SERVICE_USER',
  VOLUNTEER = 'VOLUNTEER',
  FAMILY_CARER = 'FAMILY_CARER',
  SUPPORTER = 'SUPPORTER',
  INVESTOR = 'INVESTOR',
  LEGAL_ENTITY = 'LEGAL_ENTITY',
}
registerEnumType(MemberClass, {
  name: 'MemberClass',
  description: 'A class of member of a (multi-stakeholder) co-operative; a constitution may give each class its own votes and board seats.',
  valuesConfig: {
    WORKER: { description: 'Care workers and other staff.' },
    SERVICE_USER: { description: 'People who draw on the co-operative’s care and support.' },
    VOLUNTEER: { description: 'Unpaid volunteers.' },
    FAMILY_CARER: { description: 'Family members and friends who care, unpaid, for someone the co-operative supports.' },
    SUPPORTER: { description: 'People and neighbours who back the co-operative’s aims without working for it or drawing on it.' },
    INVESTOR: { description: 'Members who put money in for a return (investor shares); their votes are usually limited.' },
    LEGAL_ENTITY: { description: 'Organisations that are members, e.g. a council, a charity or another co-operative.' },
  },
});

export enum ProviderStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(ProviderStatus, {
  name: 'ProviderStatus',
  description: 'Only PUBLISHED providers and their services are public.',
  valuesConfig: {
    DRAFT: { description: 'New, and being prepared by its coordinators; not public.' },
    PUBLISHED: {
      description: 'Public: in `providers`, `provider`, `services` and the ORUK API. Published by an officer of a council it serves.',
    },
    SUSPENDED: { description: 'Taken down by an officer of a council it serves; not public until published again.' },
  },
});

export enum ServiceStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}
registerEnumType(ServiceStatus, {
  name: 'ServiceStatus',
  description: 'An INACTIVE service is hidden from the public directory.',
  valuesConfig: {
    ACTIVE: { description: 'Offered now; public while its provider is PUBLISHED.' },
    INACTIVE: { description: 'Not offered at the moment; hidden from the public directory and the ORUK API.' },
  },
});

export enum DayOfWeek {
  MONDAY = 'MONDAY',
  TUESDAY = 'TUESDAY',
  WEDNESDAY = 'WEDNESDAY',
  THURSDAY = 'THURSDAY',
  FRIDAY = 'FRIDAY',
  SATURDAY = 'SATURDAY',
  SUNDAY = 'SUNDAY',
}
registerEnumType(DayOfWeek, {
  name: 'DayOfWeek',
  description: 'A day of the week, in UK local time (Europe/London). Lists of days run Monday first.',
  valuesConfig: {
    MONDAY: { description: 'Monday (`MO` in the ORUK API).' },
    TUESDAY: { description: 'Tuesday (`TU` in the ORUK API).' },
    WEDNESDAY: { description: 'Wednesday (`WE` in the ORUK API).' },
    THURSDAY: { description: 'Thursday (`TH` in the ORUK API).' },
    FRIDAY: { description: 'Friday (`FR` in the ORUK API).' },
    SATURDAY: { description: 'Saturday (`SA` in the ORUK API).' },
    SUNDAY: { description: 'Sunday (`SU` in the ORUK API).' },
  },
});

export enum ServiceAreaKind {
  POSTCODE_DISTRICT = 'POSTCODE_DISTRICT',
  RADIUS = 'RADIUS',
}
registerEnumType(ServiceAreaKind, {
  name: 'ServiceAreaKind',
  description: 'A postcode district (outcode) or a radius around a point.',
  valuesConfig: {
    POSTCODE_DISTRICT: { description: 'Every postcode in one district, e.g. HD7: `outcode` is set, the point and radius are null.' },
    RADIUS: { description: 'Within `radiusMiles` (great-circle) of the point `latitude`, `longitude`; `outcode` is null.' },
  },
});

export enum LateCancellationPolicy {
  CHARGE_IN_FULL = 'CHARGE_IN_FULL',
  REFUSE = 'REFUSE',
}
registerEnumType(LateCancellationPolicy, {
  name: 'LateCancellationPolicy',
  description: 'What a service does about a visit cancelled inside its notice period.',
  valuesConfig: {
    CHARGE_IN_FULL: { description: 'The visit may be cancelled, and its price is charged to the budget.' },
    REFUSE: { description: 'The visit can no longer be cancelled (`TOO_LATE_TO_CANCEL`); it goes ahead as booked.' },
  },
});

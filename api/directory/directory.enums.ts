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
registerEnumType(LegalForm, { name: 'LegalForm', description: 'How a provider is constituted.' });

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
registerEnumType(MemberClass, { name: 'MemberClass', description: 'A class of member of a (multi-stakeholder) co-operative.' });

export enum ProviderStatus {
  DRAFT = 'DRAFT',
  PUBLISHED = 'PUBLISHED',
  SUSPENDED = 'SUSPENDED',
}
registerEnumType(ProviderStatus, { name: 'ProviderStatus', description: 'Only PUBLISHED providers and their services are public.' });

export enum ServiceStatus {
  ACTIVE = 'ACTIVE',
  INACTIVE = 'INACTIVE',
}
registerEnumType(ServiceStatus, { name: 'ServiceStatus', description: 'An INACTIVE service is hidden from the public directory.' });

export enum DayOfWeek {
  MONDAY = 'MONDAY',
  TUESDAY = 'TUESDAY',
  WEDNESDAY = 'WEDNESDAY',
  THURSDAY = 'THURSDAY',
  FRIDAY = 'FRIDAY',
  SATURDAY = 'SATURDAY',
  SUNDAY = 'SUNDAY',
}
registerEnumType(DayOfWeek, { name: 'DayOfWeek' });

export enum ServiceAreaKind {
  POSTCODE_DISTRICT = 'POSTCODE_DISTRICT',
  RADIUS = 'RADIUS',
}
registerEnumType(ServiceAreaKind, { name: 'ServiceAreaKind', description: 'A postcode district (outcode) or a radius around a point.' });

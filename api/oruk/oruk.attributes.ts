import type { CareNeed } from '../directory/care-need.entity.js';
import { CqcRating, LegalForm, MemberClass } from '../directory/directory.enums.js';
import type { DirectoryBundle } from '../directory/directory.reader.js';
import { languageNamed } from '../directory/languages.js';
import type { ServiceCategory } from '../directory/service-category.entity.js';
import type { Service } from '../directory/service.entity.js';
import { derivedId, enumTermId, TAXONOMY, taxonomyId, type TaxonomyKey } from './oruk.ids.js';
import type { OrukAttribute, OrukLanguage, OrukTaxonomy, OrukTaxonomyTerm } from './oruk.types.js';
import { compact, nonEmpty } from './oruk.values.js';

/**
 * The taxonomies ORUK publishes and the attributes and languages that classify organizations and
 * services by their terms: the categories, the care needs, legal forms, CQC ratings and member classes.
 */

export const LEGAL_FORM_LABEL: Record<LegalForm, string> = {
  [LegalForm.CO_OPERATIVE_SOCIETY]: 'Co-operative society',
  [LegalForm.COMMUNITY_BENEFIT_SOCIETY]: 'Community benefit society',
  [LegalForm.WORKER_CO_OPERATIVE]: 'Worker co-operative',
  [LegalForm.MULTI_STAKEHOLDER_CO_OPERATIVE]: 'Multi-stakeholder co-operative',
  [LegalForm.COMMUNITY_INTEREST_COMPANY]: 'Community interest company',
  [LegalForm.CHARITY]: 'Charity',
  [LegalForm.OTHER]: 'Other',
};

const CQC_RATING_LABEL: Record<CqcRating, string> = {
  [CqcRating.OUTSTANDING]: 'Outstanding',
  [CqcRating.GOOD]: 'Good',
  [CqcRating.REQUIRES_IMPROVEMENT]: 'Requires improvement',
  [CqcRating.INADEQUATE]: 'Inadequate',
  [CqcRating.NOT_YET_RATED]: 'Not yet rated',
  [CqcRating.NOT_REGULATED]: 'Not regulated by the CQC',
};

const MEMBER_CLASS_LABEL: Record<MemberClass, string> = {
  [MemberClass.WORKER]: 'Worker members',
  [MemberClass.SERVICE_USER]: 'Service-user members',
  [MemberClass.VOLUNTEER]: 'Volunteer members',
  [MemberClass.FAMILY_CARER]: 'Family-carer members',
  [MemberClass.SUPPORTER]: 'Supporter members',
  [MemberClass.INVESTOR]: 'Investor members',
  [MemberClass.LEGAL_ENTITY]: 'Organisation members',
};

const TAXONOMY_DESCRIPTION: Record<TaxonomyKey, string> = {
  serviceCategories: 'The kinds of care and support listed in the coopcare directory.',
  legalForms: 'How a provider is constituted (published as an attribute of each organization).',
  cqcRatings: "The Care Quality Commission's overall rating of a provider (an attribute of each organization).",
  memberClasses: "The classes of member a co-operative has; an organization's attribute value is the number of members.",
  careNeeds: 'Needs and conditions a service says it supports, such as dementia or sight loss (an attribute of each service).',
};

/** The taxonomies whose terms are fixed in code; the others' terms are rows (categories, care needs). */
type FixedTaxonomyKey = Exclude<TaxonomyKey, 'serviceCategories' | 'careNeeds'>;

const ENUM_TERMS: Record<FixedTaxonomyKey, Record<string, string>> = {
  legalForms: LEGAL_FORM_LABEL,
  cqcRatings: CQC_RATING_LABEL,
  memberClasses: MEMBER_CLASS_LABEL,
};

export function taxonomies(): OrukTaxonomy[] {
  return (Object.keys(TAXONOMY) as TaxonomyKey[]).map((key) => ({
    id: taxonomyId(key),
    name: TAXONOMY[key].name,
    description: TAXONOMY_DESCRIPTION[key],
    version: '1',
  }));
}

function categoryTerm(category: ServiceCategory): OrukTaxonomyTerm {
  return compact({
    id: category.id,
    code: category.slug,
    name: category.name,
    description: nonEmpty(category.description) ? category.description : category.name,
    parent_id: category.parentId ?? undefined,
    taxonomy: TAXONOMY.serviceCategories.name,
    taxonomy_id: taxonomyId('serviceCategories'),
  });
}

/** A need's term id derives from its slug, not its row id, so it is the same in every coopcare database and release. */
export function careNeedTerm(need: CareNeed): OrukTaxonomyTerm {
  return {
    id: enumTermId('careNeeds', need.slug),
    code: need.slug,
    name: need.name,
    description: nonEmpty(need.description) ? need.description : need.name,
    taxonomy: TAXONOMY.careNeeds.name,
    taxonomy_id: taxonomyId('careNeeds'),
  };
}

export function enumTerm(key: FixedTaxonomyKey, value: string): OrukTaxonomyTerm {
  const label = ENUM_TERMS[key][value];
  return {
    id: enumTermId(key, value),
    code: value,
    name: label,
    description: label,
    taxonomy: TAXONOMY[key].name,
    taxonomy_id: taxonomyId(key),
  };
}

/** Every term of every taxonomy: the categories and the care needs (each in display order), then the fixed vocabularies. */
export function taxonomyTerms(categories: readonly ServiceCategory[], needs: readonly CareNeed[]): OrukTaxonomyTerm[] {
  const fixed = (Object.keys(ENUM_TERMS) as (keyof typeof ENUM_TERMS)[]).flatMap((key) =>
    Object.keys(ENUM_TERMS[key]).map((value) => enumTerm(key, value)),
  );
  return [...categories.map(categoryTerm), ...needs.map(careNeedTerm), ...fixed];
}

export function taxonomyOfTerm(term: OrukTaxonomyTerm): OrukTaxonomy | undefined {
  return taxonomies().find((t) => t.id === term.taxonomy_id);
}

/**
 * An attribute of the organization or service `linkEntity` names. `linkType` is what the term says about
 * it, as the UK profile's attribute.json describes link_type ("eligibility", "intended audience"): by
 * default the kind of thing it is.
 */
export function attribute(
  linkId: string,
  linkEntity: 'organization' | 'service',
  term: OrukTaxonomyTerm,
  value?: string,
  linkType: string = linkEntity,
): OrukAttribute {
  return compact({
    id: derivedId('attribute', linkId, term.id),
    link_id: linkId,
    link_type: linkType,
    link_entity: linkEntity,
    taxonomy_term_id: term.id,
    value,
    taxonomy_term: term,
  });
}

/**
 * The service's category, then each need it supports as a term of the care-needs taxonomy. Needs are
 * attributes, not eligibility: the UK profile's service has no `eligibility_description`, and its
 * attributes are what "classifications that describe the nature of the service provided" are for; a
 * dementia café supports people living with dementia without turning others away.
 */
export function serviceAttributes(service: Service, bundle: DirectoryBundle): OrukAttribute[] {
  const category = bundle.categories.get(service.categoryId);
  const needs = [...bundle.careNeeds.values()].filter((n) => service.supports.includes(n.slug));
  return [
    ...(category ? [attribute(service.id, 'service', categoryTerm(category))] : []),
    // Whom the service is for: the profile's link_type for an intended audience.
    ...needs.map((n) => attribute(service.id, 'service', careNeedTerm(n), undefined, 'audience')),
  ];
}

/** English first (every service works in it), then the service's own, each with the registry's ISO 639 code. */
export function languages(service: Service): OrukLanguage[] {
  const names = ['English', ...service.languages.filter((name) => name.trim().toLowerCase() !== 'english')];
  return names.map((name) =>
    compact({
      id: derivedId('language', service.id, name.toLowerCase()),
      service_id: service.id,
      name,
      code: languageNamed(name)?.code,
    }),
  );
}

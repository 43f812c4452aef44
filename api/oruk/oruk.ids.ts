import { v5 as uuidv5 } from 'uuid';

/**
 * ORUK wants a UUID on every object, including ones we do not store as rows (a cost option made from a
 * service's hourly rate, an attribute made from a provider's legal form). Name-based (v5) UUIDs give
 * those the same id on every request, so consumers that sync by id see stable records.
 */
const COOPCARE_ORUK_NAMESPACE = '3d6f1c0e-6a58-4d1b-9a3e-2f4f9c1b7a10';

export function derivedId(kind: string, ...parts: readonly (string | number)[]): string {
  return uuidv5(`${kind}:${parts.join(':')}`, COOPCARE_ORUK_NAMESPACE);
}

/** The taxonomies we publish; their ids are fixed so a consumer can filter by them across releases. */
export const TAXONOMY = {
  serviceCategories: { key: 'coopcare-service-categories', name: 'coopcare service categories' },
  legalForms: { key: 'coopcare-legal-forms', name: 'coopcare legal forms' },
  cqcRatings: { key: 'coopcare-cqc-ratings', name: 'CQC overall ratings' },
  memberClasses: { key: 'coopcare-member-classes', name: 'coopcare co-operative member classes' },
  careNeeds: { key: 'coopcare-care-needs', name: 'coopcare needs and conditions' },
} as const;
export type TaxonomyKey = keyof typeof TAXONOMY;

export const taxonomyId = (key: TaxonomyKey) => derivedId('taxonomy', TAXONOMY[key].key);
export const enumTermId = (key: TaxonomyKey, value: string) => derivedId('taxonomy_term', TAXONOMY[key].key, value);

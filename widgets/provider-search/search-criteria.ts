import type { CqcRating, ServiceFilter, ServiceSort } from '../generated/graphql.js';
import { CoopcareRequestError, type PlaceCandidate } from '../shared/client.js';

/** What one search asks for: the form as it was sent. Empty strings mean "not given". */
export interface Criteria {
  text: string;
  postcode: string;
  category: string;
  radiusMiles: number;
  pageSize: number;
  cooperativesOnly: boolean;
  livingWageOnly: boolean;
  acceptsDirectPayments: boolean;
  cqcRatingAtLeast: CqcRating | '';
}

export type Field = 'text' | 'postcode' | 'category' | 'radius';
export interface Failure {
  words: string;
  /** The form field at fault, when the API named one; else the failure is the search's as a whole. */
  field: Field | null;
  /** The places a town name that several have may mean (AMBIGUOUS_PLACE), offered to choose from. */
  candidates: readonly PlaceCandidate[];
}

/** The failures of what was typed as the postcode or town. */
const LOCATION_FAILURES = ['INVALID_POSTCODE', 'POSTCODE_NOT_FOUND', 'PLACE_NOT_FOUND', 'AMBIGUOUS_PLACE'];

/** The API's argument names (`filter.near.postcode`, `filter.categories`…) by the field that sets them. */
const FIELD_OF_ARGUMENT: [RegExp, Field][] = [
  [/radius/i, 'radius'],
  [/postcode/i, 'postcode'],
  [/categor/i, 'category'],
  [/text/i, 'text'],
];

/** Which field an error belongs to: the API names the argument at fault, or the code says it. */
export function fieldOf(error: unknown): Field | null {
  if (!(error instanceof CoopcareRequestError)) return null;
  if (LOCATION_FAILURES.includes(error.code)) return 'postcode';
  if (error.code !== 'BAD_USER_INPUT' || !error.argument) return null;
  const argument = error.argument;
  return FIELD_OF_ARGUMENT.find(([pattern]) => pattern.test(argument))?.[1] ?? null;
}

export const sameCriteria = (a: Criteria, b: Criteria) => (Object.keys(a) as (keyof Criteria)[]).every((key) => a[key] === b[key]);

/**
 * The order a search asks for: by relevance when words are given (the API blends nearness into it when a
 * place is given too, so a language the words name still comes first), else by distance from the place,
 * else by name.
 */
export const sortOf = (criteria: Criteria): ServiceSort => (criteria.text ? 'RELEVANCE' : criteria.postcode ? 'DISTANCE' : 'NAME');

/** The API's variables for a search. */
export function variablesOf(criteria: Criteria, after: string | null) {
  const filter: ServiceFilter = {};
  if (criteria.text) filter.text = criteria.text;
  if (criteria.postcode) filter.near = { postcode: criteria.postcode, radiusMiles: criteria.radiusMiles };
  if (criteria.category) filter.categories = [criteria.category];
  if (criteria.cooperativesOnly) filter.cooperativesOnly = true;
  if (criteria.livingWageOnly) filter.livingWageOnly = true;
  if (criteria.acceptsDirectPayments) filter.acceptsDirectPayments = true;
  if (criteria.cqcRatingAtLeast) filter.cqcRatingAtLeast = criteria.cqcRatingAtLeast;
  return { filter, sort: sortOf(criteria), first: criteria.pageSize, after };
}

import type { PersonalBudgetKind } from '../generated/graphql.js';

/** A kind of personal budget as it follows a name: "Margaret Hirst’s council-managed budget". */
export const BUDGET_KIND_WORDS: Readonly<Record<PersonalBudgetKind, string>> = {
  COUNCIL_MANAGED: 'council-managed budget',
  DIRECT_PAYMENT: 'direct payment',
  INDIVIDUAL_SERVICE_FUND: 'individual service fund',
  SELF_FUNDED: 'self-funded budget',
};

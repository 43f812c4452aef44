import { Field, ObjectType } from 'type-graphql';
import { ErrorCode, ErrorResult } from '../common/exceptions.js';
import type { DomainException } from '../common/exceptions.js';
import { ID } from '../graphql/scalars.js';
import { resultUnion } from '../graphql/results.js';
import { CarePlan } from './care-plan.entity.js';
import { CarePlanConflict, CarePlanExists } from './careplans.exception.js';
import { CarePlanProposal } from './co-design.types.js';
import { ConflictingItem } from './proposal.types.js';

@ObjectType('CarePlanExistsError', {
  implements: ErrorResult,
  description: 'The person already has a care plan (a person has one); code CONFLICT.',
})
export class CarePlanExistsError extends ErrorResult {
  static readonly code = ErrorCode.CONFLICT;

  @Field(() => ID, { nullable: true, description: 'The plan, when you may read it; null otherwise.' })
  carePlanId: string | null;

  static of(message: string, error?: DomainException<string>): CarePlanExistsError {
    const carePlanId = error instanceof CarePlanExists ? error.carePlanId : null;
    return Object.assign(new CarePlanExistsError(), { code: ErrorCode.CONFLICT, message, carePlanId });
  }
}

export const CREATE_CARE_PLAN_FAILURES = [CarePlanExistsError] as const;
export const CreateCarePlanResult = resultUnion('CreateCarePlanResult', CarePlan, CREATE_CARE_PLAN_FAILURES, 'The new plan, or why not.');

@ObjectType('CarePlanConflictError', {
  implements: ErrorResult,
  description:
    'CONFLICT: the proposal changes what was changed in the plan since its base version (listed in `conflicts`), or the ' +
    'proposal or version is no longer in a state that allows this (already decided; not the current version: `conflicts` is ' +
    'empty then). Nothing changed.',
})
export class CarePlanConflictError extends ErrorResult {
  static readonly code = ErrorCode.CONFLICT;

  @Field(() => [ConflictingItem], { description: 'What clashes; empty when the clash is one of state.' })
  conflicts: ConflictingItem[];

  static of(message: string, error?: DomainException<string>): CarePlanConflictError {
    const conflicts = error instanceof CarePlanConflict ? [...error.conflicts] : [];
    return Object.assign(new CarePlanConflictError(), { code: ErrorCode.CONFLICT, message, conflicts });
  }
}

export const CO_DESIGN_FAILURES = [CarePlanConflictError] as const;

export const AcceptProposalResult = resultUnion(
  'AcceptProposalResult',
  CarePlan,
  CO_DESIGN_FAILURES,
  'The plan at its new version; or why the proposal could not be applied.',
);
export const RejectProposalResult = resultUnion(
  'RejectProposalResult',
  CarePlanProposal,
  CO_DESIGN_FAILURES,
  'The rejected proposal; or why it could not be rejected.',
);
export const WithdrawProposalResult = resultUnion(
  'WithdrawProposalResult',
  CarePlanProposal,
  CO_DESIGN_FAILURES,
  'The withdrawn proposal; or why it could not be withdrawn.',
);
export const AgreeCarePlanResult = resultUnion(
  'AgreeCarePlanResult',
  CarePlan,
  CO_DESIGN_FAILURES,
  'The plan with the signature; or why that version cannot be signed.',
);

import { Field, ObjectType } from 'type-graphql';
import { ErrorCode, ErrorResult } from '../common/exceptions.js';
import type { DomainException } from '../common/exceptions.js';
import { ID } from '../graphql/scalars.js';
import { resultUnion } from '../graphql/results.js';
import { CarePlan } from './care-plan.entity.js';
import { CarePlanExists } from './careplans.exception.js';

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

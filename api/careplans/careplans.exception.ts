import { type ClientFailure, DomainException, ErrorCode, type ExceptionDetails } from '../common/exceptions.js';
import type { AboutMeHeading, CarePlanItemKind } from './careplans.enums.js';

export enum CarePlansExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  /** A proposal touching what changed since its base, a decided proposal, signing a version that is not current. */
  CONFLICT = 'CONFLICT',
  /** The person already has a care plan. */
  PLAN_EXISTS = 'PLAN_EXISTS',
}

const FAILURES: Record<CarePlansExceptionCode, ClientFailure> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: ErrorCode.CONFLICT,
  PLAN_EXISTS: ErrorCode.CONFLICT,
};

/** Care plans, their circles, proposals and agreements: expected failures. Denials are auth's `forbidden`. */
export class CarePlansException extends DomainException<CarePlansExceptionCode> {
  get failure(): ClientFailure {
    return FAILURES[this.code];
  }
}

/** Something a proposal changes that was changed since its base: an item by id, an "About me" section by heading. */
export interface CarePlanClash {
  item: CarePlanItemKind;
  itemId: string | null;
  heading: AboutMeHeading | null;
  why: string;
}

/** CONFLICT, naming what clashes (CarePlanConflictError.conflicts); no clashes for a clash of state. */
export class CarePlanConflict extends CarePlansException {
  constructor(
    message: string,
    readonly conflicts: readonly CarePlanClash[] = [],
  ) {
    super(CarePlansExceptionCode.CONFLICT, message);
  }
}

/** The person already has a plan; `carePlanId` only for a caller who may read it. */
export class CarePlanExists extends CarePlansException {
  constructor(readonly carePlanId: string | null) {
    super(CarePlansExceptionCode.PLAN_EXISTS, 'This person already has a care plan.');
  }
}

const naming = (argument?: string): ExceptionDetails => (argument ? { argument } : {});
export const carePlanInvalidInput = (message: string, argument?: string) =>
  new CarePlansException(CarePlansExceptionCode.INVALID_INPUT, message, naming(argument));
export const carePlanNotFound = (message: string, argument?: string) =>
  new CarePlansException(CarePlansExceptionCode.NOT_FOUND, message, naming(argument));

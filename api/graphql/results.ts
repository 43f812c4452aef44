import { createUnionType, ObjectType } from 'type-graphql';
import { DomainException, ErrorCode, ErrorResult } from '../common/exceptions.js';

export interface ErrorResultClass {
  new (): ErrorResult;
  readonly code: ErrorCode;
  /** `error` is the exception caught, for members that carry more than the message (which visit, which worker). */
  of(message: string, error?: DomainException<string>): ErrorResult;
}

/**
 * Declares the result-union member for one expected failure, e.g.
 * `export const InsufficientBudgetError = errorResult('InsufficientBudgetError', ErrorCode.INSUFFICIENT_BUDGET, 'The budget …')`.
 */
export function errorResult(name: string, code: ErrorCode, description: string): ErrorResultClass {
  @ObjectType(name, { implements: ErrorResult, description })
  class Member extends ErrorResult {
    static readonly code = code;

    static of(message: string): Member {
      return Object.assign(new Member(), { code, message });
    }
  }
  Object.defineProperty(Member, 'name', { value: name });
  return Member;
}

/** A `<Operation>Result` union: the success type and the operation's expected failures. */
export function resultUnion<T extends object>(
  name: string,
  success: new () => T,
  failures: readonly ErrorResultClass[],
  description?: string,
) {
  return createUnionType({
    name,
    description,
    types: () => [success, ...failures] as const,
    resolveType: (value) => failures.find((f) => value instanceof f) ?? success,
  });
}

/**
 * Runs a service call for a resolver whose result is a union: a domain exception whose client failure
 * is one of the union's codes becomes that member (with the exception's message); anything else is thrown
 * on, to be mapped as an error. Services stay free of GraphQL: they throw, the edge decides.
 */
export async function asResult<T>(work: () => Promise<T>, failures: readonly ErrorResultClass[]): Promise<T | ErrorResult> {
  try {
    return await work();
  } catch (error) {
    const member = error instanceof DomainException ? failures.find((f) => f.code === error.failure) : undefined;
    if (member) return member.of((error as Error).message, error as DomainException<string>);
    throw error;
  }
}

/** Every domain's clash with what is stored (a booking no longer awaiting confirmation, an address taken since, an alert taken up). */
export const ConflictError = errorResult(
  'ConflictError',
  ErrorCode.CONFLICT,
  'The request clashes with what is stored now (confirming a declined booking, cancelling a delivered visit, taking an email ' +
    'address another account has since taken, acknowledging an alert someone acknowledged first): the message names it, and ' +
    'who was first and when. Nothing changed.',
);

import { Field, InterfaceType, registerEnumType } from 'type-graphql';

/**
 * Codes of the expected failures a mutation or query reports as a member of its result union. Partners
 * branch on these, so a code once published is never renamed; a code joins the enum with the first
 * feature that returns it.
 */
export enum ErrorCode {
  INVALID_POSTCODE = 'INVALID_POSTCODE',
  POSTCODE_NOT_FOUND = 'POSTCODE_NOT_FOUND',
  INSUFFICIENT_BUDGET = 'INSUFFICIENT_BUDGET',
  OUTSIDE_SERVICE_AREA = 'OUTSIDE_SERVICE_AREA',
  NOT_BOOKABLE = 'NOT_BOOKABLE',
  VISIT_IN_THE_PAST = 'VISIT_IN_THE_PAST',
  VISIT_TOO_SHORT = 'VISIT_TOO_SHORT',
  VISITS_OVERLAP = 'VISITS_OVERLAP',
  OUTSIDE_BUDGET_PERIOD = 'OUTSIDE_BUDGET_PERIOD',
  WORKER_UNAVAILABLE = 'WORKER_UNAVAILABLE',
  TOO_LATE_TO_CANCEL = 'TOO_LATE_TO_CANCEL',
  CONFLICT = 'CONFLICT',
  INVALID_TOKEN = 'INVALID_TOKEN',
  WEAK_PASSWORD = 'WEAK_PASSWORD',
  PLACE_NOT_FOUND = 'PLACE_NOT_FOUND',
  AMBIGUOUS_PLACE = 'AMBIGUOUS_PLACE',
  UNKNOWN_NEED = 'UNKNOWN_NEED',
  UNKNOWN_LANGUAGE = 'UNKNOWN_LANGUAGE',
  INSUFFICIENT_TIME_CREDIT = 'INSUFFICIENT_TIME_CREDIT',
  BACKGROUND_CHECK_REQUIRED = 'BACKGROUND_CHECK_REQUIRED',
  ALREADY_VOTED = 'ALREADY_VOTED',
  VOTING_CLOSED = 'VOTING_CLOSED',
  NOT_ENTITLED_TO_VOTE = 'NOT_ENTITLED_TO_VOTE',
}
registerEnumType(ErrorCode, {
  name: 'ErrorCode',
  description: 'Why an operation could not do what was asked.',
  valuesConfig: {
    INVALID_POSTCODE: { description: 'The text is not shaped like a UK postcode (or, where allowed, an outcode).' },
    POSTCODE_NOT_FOUND: { description: 'A well-formed postcode that the gazetteer does not know, nor its sector or district.' },
    INSUFFICIENT_BUDGET: { description: 'The budget has less available than the booking would cost (the member says how much less).' },
    OUTSIDE_SERVICE_AREA: { description: 'The service does not reach the postcode where the care would be given.' },
    NOT_BOOKABLE: {
      description:
        'The service cannot be paid from this kind of budget, or is not open for booking (a suspended listing, an inactive service).',
    },
    VISIT_IN_THE_PAST: { description: 'A visit would start before now.' },
    VISIT_TOO_SHORT: { description: 'A visit is shorter than the service’s shortest visit (`Service.minimumVisitMinutes`).' },
    VISITS_OVERLAP: { description: 'Two visits of the request overlap each other.' },
    OUTSIDE_BUDGET_PERIOD: { description: 'A visit falls outside the period the budget covers.' },
    WORKER_UNAVAILABLE: { description: 'The care worker already has a visit at an overlapping time.' },
    TOO_LATE_TO_CANCEL: { description: 'Inside the service’s notice period, and its policy is that such visits go ahead.' },
    CONFLICT: {
      description:
        'The request clashes with what is stored: an idempotency key already used for a different request, ' +
        'or a booking or visit no longer in a state that allows the change.',
    },
    INVALID_TOKEN: { description: 'An emailed link that has expired, was used already or was never issued: ask for a new one.' },
    WEAK_PASSWORD: {
      description: 'The password is too short, too long, a common one, or the account’s email or name: the message says which.',
    },
    PLACE_NOT_FOUND: { description: 'Not a postcode, and no town or village of that name is in the gazetteer.' },
    AMBIGUOUS_PLACE: {
      description:
        'More than one town or village has that name, or the words after the comma pick none of the places of that name: ' +
        '`extensions.candidates` lists them, each with the name that picks it.',
    },
    UNKNOWN_NEED: { description: 'A need or condition that is not in the list `careNeeds` gives; `extensions.unknown` names it.' },
    UNKNOWN_LANGUAGE: { description: 'A language coopcare does not know by that name or code; `extensions.unknown` names it.' },
    INSUFFICIENT_TIME_CREDIT: {
      description:
        'The time-bank account has fewer minutes than the gift, or than the help received would take it below the time bank’s ' +
        'overdraft (the member says how many minutes short).',
    },
    BACKGROUND_CHECK_REQUIRED: {
      description:
        'The help is personal care, respite sitting or anything with a person alone at home, and the helper has no background check ' +
        'recorded that is in date (an enhanced DBS check with the adults’ barred list).',
    },
    ALREADY_VOTED: { description: 'The member has voted on this motion already; a vote, once cast, is never changed.' },
    VOTING_CLOSED: { description: 'The motion closed before the vote was cast.' },
    NOT_ENTITLED_TO_VOTE: {
      description:
        'Not entitled to vote on this motion: only members on the register when it opened who have not left since may vote, ' +
        'and in a board election only members of the class electing.',
    },
  },
});

@InterfaceType({ description: 'An expected failure, returned as a member of a result union.' })
export abstract class ErrorResult {
  @Field(() => ErrorCode, { description: 'What went wrong, for code to branch on.' })
  code: ErrorCode;

  @Field(() => String, { description: 'A sentence a person can read; do not parse it.' })
  message: string;
}

/**
 * What a client is told a failure was, whatever the transport: each transport maps these once
 * (api/graphql/errors.ts to `extensions.code`, api/http/problem.ts to HTTP statuses and problem JSON).
 */
export type ClientFailure =
  | 'BAD_USER_INPUT'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'RATE_LIMITED'
  | 'QUERY_TOO_COMPLEX'
  /** The change clashes with what is stored, e.g. a slug another record already has. */
  | 'CONFLICT'
  /** coopcare cannot answer just now (its database is unreachable, or this instance is stopping): try again shortly. */
  | 'SERVICE_UNAVAILABLE'
  /** The request ran past its deadline, or a statement past PostgreSQL's statement_timeout. */
  | 'TIMEOUT'
  | ErrorCode;

export interface ExceptionDetails {
  /** The argument or input field at fault, e.g. `filter.near.postcode`. */
  argument?: string;
  retryAfterSeconds?: number;
  /** The values of `argument` that name nothing known (a need, a language), a few and each cut short. */
  unknown?: string[];
}

/**
 * Base of every domain's exceptions (Twenty's pattern): each domain's `*.exception.ts` has a code enum
 * and says which client failure each code is, or null for a broken invariant that the client sees
 * only as an internal error. Services throw these and never a transport's error type.
 */
export abstract class DomainException<Code extends string = string> extends Error {
  constructor(
    readonly code: Code,
    message: string,
    readonly details: ExceptionDetails = {},
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** What the client is told; null masks the failure as internal. */
  abstract get failure(): ClientFailure | null;
}

/** Codes for failures of the shared edge checks (paging, cursors, ids, query size) that belong to no one domain. */
export enum InputExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  INVALID_CURSOR = 'INVALID_CURSOR',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
}
const INPUT_FAILURES: Record<InputExceptionCode, ClientFailure> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  INVALID_CURSOR: 'BAD_USER_INPUT',
  QUERY_TOO_COMPLEX: 'QUERY_TOO_COMPLEX',
};
export class InputException extends DomainException<InputExceptionCode> {
  get failure(): ClientFailure {
    return INPUT_FAILURES[this.code];
  }
}

import { type ClientFailure, DomainException, ErrorCode, type ExceptionDetails } from '../common/exceptions.js';

export enum GovernanceExceptionCode {
  INVALID_INPUT = 'INVALID_INPUT',
  NOT_FOUND = 'NOT_FOUND',
  /** A record no longer in a state that allows the change (a member who already left), or one already there. */
  WRONG_STATE = 'WRONG_STATE',
  /** The member has voted on the motion already: a vote is never changed. */
  ALREADY_VOTED = 'ALREADY_VOTED',
  /** The motion closed before the vote. */
  VOTING_CLOSED = 'VOTING_CLOSED',
  /** Not a member entitled to vote on the motion: not on the register when it opened, left since, or not of the class electing. */
  NOT_ENTITLED_TO_VOTE = 'NOT_ENTITLED_TO_VOTE',
  /** The stored rules or ballots disagree with themselves: a broken invariant, never the client's doing. */
  COUNT_INCONSISTENT = 'COUNT_INCONSISTENT',
}

const FAILURES: Record<GovernanceExceptionCode, ClientFailure | null> = {
  INVALID_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  WRONG_STATE: ErrorCode.CONFLICT,
  ALREADY_VOTED: ErrorCode.ALREADY_VOTED,
  VOTING_CLOSED: ErrorCode.VOTING_CLOSED,
  NOT_ENTITLED_TO_VOTE: ErrorCode.NOT_ENTITLED_TO_VOTE,
  COUNT_INCONSISTENT: null,
};

/** The register, the constitution, the board and motions: expected failures. Denials are auth's `forbidden`. */
export class GovernanceException extends DomainException<GovernanceExceptionCode> {
  get failure(): ClientFailure | null {
    return FAILURES[this.code];
  }
}

const naming = (argument?: string): ExceptionDetails => (argument ? { argument } : {});
export const governanceInvalidInput = (message: string, argument?: string) =>
  new GovernanceException(GovernanceExceptionCode.INVALID_INPUT, message, naming(argument));
export const governanceNotFound = (message: string, argument?: string) =>
  new GovernanceException(GovernanceExceptionCode.NOT_FOUND, message, naming(argument));
export const governanceWrongState = (message: string) => new GovernanceException(GovernanceExceptionCode.WRONG_STATE, message);
export const alreadyVoted = (message: string) => new GovernanceException(GovernanceExceptionCode.ALREADY_VOTED, message);
export const votingClosed = (message: string) => new GovernanceException(GovernanceExceptionCode.VOTING_CLOSED, message);
export const notEntitledToVote = (message: string) => new GovernanceException(GovernanceExceptionCode.NOT_ENTITLED_TO_VOTE, message);
export const countInconsistent = (message: string) => new GovernanceException(GovernanceExceptionCode.COUNT_INCONSISTENT, message);

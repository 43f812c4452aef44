import { ErrorCode } from '../common/exceptions.js';
import { errorResult } from '../graphql/results.js';

/** Brokerage's clash with what is stored, shared by every booking mutation that changes a booking's or a visit's state. */
export const ConflictError = errorResult(
  'ConflictError',
  ErrorCode.CONFLICT,
  'The booking or visit is not in a state that allows this (confirming a declined booking, cancelling a delivered visit): ' +
    'the message names it. Nothing changed.',
);

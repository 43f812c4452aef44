import { GraphQLDateTime } from 'graphql-scalars';
import { Field, Int, ObjectType } from 'type-graphql';
import { type DomainException, ErrorCode, ErrorResult } from '../common/exceptions.js';
import { ConnectionType, EdgeType } from '../common/connection.js';
import { ID } from '../graphql/scalars.js';
import { TimeLedgerEntryKind } from './timebank.enums.js';
import { InsufficientTimeCredit } from './timebank.exception.js';

@ObjectType({ description: 'A member’s time, in minutes, summed from the time bank’s ledger.' })
export class TimeBalance {
  @Field(() => Int, { description: 'Earned and received less spent and given; negative only within the time bank’s overdraft.' })
  balanceMinutes: number;

  @Field(() => Int, { description: 'Credited for help given, out-of-hours bonus included.' })
  earnedMinutes: number;

  @Field(() => Int, { description: 'Debited for help received.' })
  spentMinutes: number;

  @Field(() => Int, { description: 'Gifts received and draws on the pool for the member, less gifts made (to members and the pool).' })
  transferredMinutes: number;

  @Field(() => Int, { description: 'What confirming help received may still debit: the balance and the time bank’s overdraft.' })
  availableToSpendMinutes: number;

  @Field(() => Int, { description: 'What the member may give away: the balance, never the overdraft, and never below 0.' })
  availableToGiveMinutes: number;
}

@ObjectType('TimeLedgerEntry', { description: 'One line of a member’s time statement.' })
export class TimeLedgerEntryNode {
  @Field(() => ID, { description: 'Opaque and stable.' })
  id: string;

  @Field(() => TimeLedgerEntryKind, { description: 'Why the time moved.' })
  kind: TimeLedgerEntryKind;

  @Field(() => Int, { description: 'Signed: credits positive, debits negative.' })
  minutes: number;

  @Field(() => Int, { description: 'The member’s balance after this line.' })
  runningBalanceMinutes: number;

  @Field(() => GraphQLDateTime, { description: 'When the line was written: when the exchange was confirmed or the transfer made.' })
  recordedAt: Date;
}

@ObjectType({ description: 'A statement line in a list.' })
export class TimeLedgerEntryEdge extends EdgeType(TimeLedgerEntryNode) {}

@ObjectType({ description: 'A page of a member’s time statement, newest line first.' })
export class TimeLedgerEntryConnection extends ConnectionType(TimeLedgerEntryEdge) {}

/** INSUFFICIENT_TIME_CREDIT with the shortfall, which the exception carries. */
@ObjectType('InsufficientTimeCreditError', {
  implements: ErrorResult,
  description:
    'The account has less time than the movement needs: a member’s balance (with the overdraft, for help received; without it, ' +
    'for gifts) or the community pool. Nothing moved.',
})
export class InsufficientTimeCreditError extends ErrorResult {
  static readonly code = ErrorCode.INSUFFICIENT_TIME_CREDIT;

  @Field(() => Int, { description: 'How many more minutes the account would need.' })
  shortByMinutes: number;

  static of(message: string, error?: DomainException<string>): InsufficientTimeCreditError {
    const shortByMinutes = error instanceof InsufficientTimeCredit ? error.shortByMinutes : 0;
    return Object.assign(new InsufficientTimeCreditError(), { code: ErrorCode.INSUFFICIENT_TIME_CREDIT, message, shortByMinutes });
  }
}

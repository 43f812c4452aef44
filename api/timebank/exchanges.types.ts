import { GraphQLDateTime } from 'graphql-scalars';
import { ArgsType, Field, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import { ConflictError, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { Exchange } from './exchange.entity.js';
import { ExchangeStatus } from './timebank.enums.js';
import { InsufficientTimeCreditError } from './time-ledger.types.js';
import { BackgroundCheckRequiredError } from './help.types.js';

export const MAX_EXCHANGE_MINUTES = 1440;
export const MAX_EXCHANGE_NOTE_LENGTH = 1000;
export const MAX_REJECTION_REASON_LENGTH = 1000;
/** Help is recorded soon after it is given; older help is a typo or a dispute for a coordinator, not a record. */
export const MAX_EXCHANGE_AGE_DAYS = 90;

@InputType({
  description:
    'Help given, recorded once it is over: for an accepted request (requestId), or for help arranged another way (providerId, ' +
    'receiverMemberId and category).',
})
export class RecordExchangeInput {
  @Field(() => ID, { nullable: true, description: 'The ACCEPTED request the help answered: its helper, member and category are used.' })
  requestId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Without a request: the co-op whose time bank it is.' })
  providerId?: string | null;

  @Field(() => ID, { nullable: true, description: 'Without a request: the member who was helped.' })
  receiverMemberId?: string | null;

  @Field(() => String, { nullable: true, description: 'Without a request: what help it was, a slug of the time bank’s categories.' })
  category?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A coordinator recording for a helper names them; a helper recording their own help leaves it out.',
  })
  helperMemberId?: string | null;

  @Field(() => GraphQLDateTime, { description: `When the help began: over by now, and at most ${MAX_EXCHANGE_AGE_DAYS} days ago.` })
  startedAt: Date;

  @Field(() => Int, { description: `Minutes of help given, 1 to ${MAX_EXCHANGE_MINUTES}.` })
  minutes: number;

  @Field(() => String, {
    nullable: true,
    description: `For the receiver and the coordinators, at most ${MAX_EXCHANGE_NOTE_LENGTH} characters.`,
  })
  note?: string | null;
}

@InputType({ description: 'An exchange that did not happen as recorded, and why.' })
export class RejectExchangeInput {
  @Field(() => ID, { description: 'The exchange, RECORDED or already REJECTED.' })
  exchangeId: string;

  @Field(() => String, { description: `Why, 1 to ${MAX_REJECTION_REASON_LENGTH} characters: the helper reads it.` })
  reason: string;
}

@ArgsType()
export class ExchangePageArgs extends PageArgs {
  @Field(() => ExchangeStatus, { nullable: true, description: 'Only exchanges in this state; all when left out.' })
  status?: ExchangeStatus | null;
}

@ObjectType({ description: 'An exchange in a list.' })
export class ExchangeEdge extends EdgeType(Exchange) {}

@ObjectType({ description: 'A page of exchanges, the help most recently begun first.' })
export class ExchangeConnection extends ConnectionType(ExchangeEdge) {}

export const RECORD_EXCHANGE_FAILURES = [BackgroundCheckRequiredError, ConflictError];
export const RecordExchangeResult = resultUnion(
  'RecordExchangeResult',
  Exchange,
  RECORD_EXCHANGE_FAILURES,
  'The exchange, RECORDED for the receiver to confirm; or why it could not be recorded.',
);

export const CONFIRM_EXCHANGE_FAILURES = [InsufficientTimeCreditError, ConflictError];
export const ConfirmExchangeResult = resultUnion(
  'ConfirmExchangeResult',
  Exchange,
  CONFIRM_EXCHANGE_FAILURES,
  'The exchange, CONFIRMED and its time moved once; or why not (the receiver is short of time, or it was rejected).',
);

export const REJECT_EXCHANGE_FAILURES = [ConflictError];
export const RejectExchangeResult = resultUnion(
  'RejectExchangeResult',
  Exchange,
  REJECT_EXCHANGE_FAILURES,
  'The exchange, REJECTED with nothing moved; or a ConflictError when it was already confirmed.',
);

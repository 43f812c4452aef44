import { Field, InputType, Int } from 'type-graphql';
import { resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { TimeTransfer } from './exchange.entity.js';
import { InsufficientTimeCreditError } from './time-ledger.types.js';

export const MAX_TRANSFER_MINUTES = 100_000;
export const MAX_TRANSFER_NOTE_LENGTH = 500;

@InputType({ description: 'Credit a member gives another member of the same time bank: a friend, a relative.' })
export class GiveTimeCreditInput {
  @Field(() => ID, { description: 'The giver: yourself, or someone who made you their representative with BOOK.' })
  fromMemberId: string;

  @Field(() => ID, { description: 'The receiver: another approved member of the same time bank.' })
  toMemberId: string;

  @Field(() => Int, { description: `Minutes, 1 to ${MAX_TRANSFER_MINUTES}; no more than the giver’s balance.` })
  minutes: number;

  @Field(() => String, { nullable: true, description: `At most ${MAX_TRANSFER_NOTE_LENGTH} characters.` })
  note?: string | null;
}

@InputType({ description: 'Credit a member gives the co-op’s community pool, for members with none.' })
export class GiveToCommunityPoolInput {
  @Field(() => ID, { description: 'The giver: yourself, or someone who made you their representative with BOOK.' })
  fromMemberId: string;

  @Field(() => Int, { description: `Minutes, 1 to ${MAX_TRANSFER_MINUTES}; no more than the giver’s balance.` })
  minutes: number;

  @Field(() => String, { nullable: true, description: `At most ${MAX_TRANSFER_NOTE_LENGTH} characters.` })
  note?: string | null;
}

@InputType({ description: 'A coordinator’s draw on the community pool for a member with no credit.' })
export class DrawFromCommunityPoolInput {
  @Field(() => ID, { description: 'The co-op whose pool it is.' })
  providerId: string;

  @Field(() => ID, { description: 'The member the time is for: an approved member of that time bank.' })
  toMemberId: string;

  @Field(() => Int, { description: `Minutes, 1 to ${MAX_TRANSFER_MINUTES}; no more than the pool holds.` })
  minutes: number;

  @Field(() => String, { description: `Why, 1 to ${MAX_TRANSFER_NOTE_LENGTH} characters: kept as the transfer’s note.` })
  reason: string;
}

export const TRANSFER_FAILURES = [InsufficientTimeCreditError];
export const GiveTimeCreditResult = resultUnion(
  'GiveTimeCreditResult',
  TimeTransfer,
  TRANSFER_FAILURES,
  'The gift, its time moved; or InsufficientTimeCreditError when the giver’s balance is short (the overdraft never counts).',
);
export const GiveToCommunityPoolResult = resultUnion(
  'GiveToCommunityPoolResult',
  TimeTransfer,
  TRANSFER_FAILURES,
  'The gift to the pool, its time moved; or InsufficientTimeCreditError when the giver’s balance is short (the overdraft never counts).',
);
export const DrawFromCommunityPoolResult = resultUnion(
  'DrawFromCommunityPoolResult',
  TimeTransfer,
  TRANSFER_FAILURES,
  'The draw, its time moved to the member; or InsufficientTimeCreditError when the pool holds less.',
);

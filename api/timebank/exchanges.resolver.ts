import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { Exchange } from './exchange.entity.js';
import {
  CONFIRM_EXCHANGE_FAILURES,
  ConfirmExchangeResult,
  RECORD_EXCHANGE_FAILURES,
  RecordExchangeInput,
  RecordExchangeResult,
  REJECT_EXCHANGE_FAILURES,
  RejectExchangeInput,
  RejectExchangeResult,
} from './exchanges.types.js';
import { TimeBank, TimeBankMember } from './time-bank.entity.js';
import { timeBankMemberById } from './members.loaders.js';
import { timeBankByProviderId } from './time-banks.loaders.js';
import { memberName } from './member-names.js';
import { mayViewMember } from './timebank.policy.js';

/** Recording and deciding help given. The rules are ExchangesService's. */
@Resolver(() => Exchange)
export class ExchangeResolver {
  @Mutation(() => RecordExchangeResult, {
    description:
      'The helper records help they gave (or a coordinator of the co-op records it for a named helper), once it is over and within ' +
      '90 days; it waits for the member helped to confirm. BAD_USER_INPUT naming the argument for minutes outside 1 to 1,440, help ' +
      'ending in the future, a receiver who is not an approved member of the same time bank; BackgroundCheckRequiredError when the ' +
      'help needs a checked helper; ConflictError when the request is not ACCEPTED or its help is recorded already.',
  })
  recordExchange(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordExchangeInput, { description: 'The help: its request, or who and what; when and how long.' })
    input: RecordExchangeInput,
  ) {
    return asResult(() => ctx.services.exchanges.record(ctx, input), RECORD_EXCHANGE_FAILURES);
  }

  @Mutation(() => ConfirmExchangeResult, {
    description:
      'The member helped, their representative with BOOK, or a coordinator of the co-op confirms the help: the helper is credited ' +
      '(out-of-hours minutes at the co-op’s percentage) and the receiver debited the minutes, once: confirming again answers the ' +
      'confirmed exchange. Never the helper: FORBIDDEN, even for a helper who coordinates or represents the receiver. ' +
      'InsufficientTimeCreditError when the debit would take the receiver below the overdraft; ConflictError when it was rejected.',
  })
  confirmExchange(@Ctx() ctx: Context, @Arg('exchangeId', () => ID, { description: 'The exchange to confirm.' }) exchangeId: string) {
    return asResult(() => ctx.services.exchanges.confirm(ctx, exchangeId), CONFIRM_EXCHANGE_FAILURES);
  }

  @Mutation(() => RejectExchangeResult, {
    description:
      'Who may confirm may instead reject, with a reason: nothing moves. ConflictError when it was already confirmed; ' +
      'the helper is FORBIDDEN.',
  })
  rejectExchange(
    @Ctx() ctx: Context,
    @Arg('input', () => RejectExchangeInput, { description: 'The exchange and why.' }) input: RejectExchangeInput,
  ) {
    return asResult(() => ctx.services.exchanges.reject(ctx, input), REJECT_EXCHANGE_FAILURES);
  }

  @FieldResolver(() => String, { description: 'The helper’s name.' })
  helperName(@Root() exchange: Exchange, @Ctx() ctx: Context) {
    return memberName(ctx, exchange.helperMemberId);
  }

  @FieldResolver(() => String, { description: 'The name of the member helped.' })
  receiverName(@Root() exchange: Exchange, @Ctx() ctx: Context) {
    return memberName(ctx, exchange.receiverMemberId);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'The helper’s note: for the two members’ sides (themselves, their representatives) and the coordinators; null for others.',
  })
  async note(@Root() exchange: Exchange, @Ctx() ctx: Context): Promise<string | null> {
    const [helper, receiver] = await ctx.loaders.get(timeBankMemberById).loadMany([exchange.helperMemberId, exchange.receiverMemberId]);
    const sides = [helper, receiver].filter((m): m is TimeBankMember => m instanceof TimeBankMember);
    return sides.some((m) => mayViewMember(ctx.actor, m)) ? exchange.note : null;
  }

  @FieldResolver(() => TimeBankMember, { description: 'The member who gave the help.' })
  helper(@Root() exchange: Exchange, @Ctx() ctx: Context) {
    return ctx.loaders.get(timeBankMemberById).load(exchange.helperMemberId);
  }

  @FieldResolver(() => TimeBankMember, { description: 'The member who was helped.' })
  receiver(@Root() exchange: Exchange, @Ctx() ctx: Context) {
    return ctx.loaders.get(timeBankMemberById).load(exchange.receiverMemberId);
  }

  @FieldResolver(() => TimeBank, { description: 'The time bank it was given in.' })
  timeBank(@Root() exchange: Exchange, @Ctx() ctx: Context) {
    return ctx.loaders.get(timeBankByProviderId).load(exchange.providerId);
  }
}

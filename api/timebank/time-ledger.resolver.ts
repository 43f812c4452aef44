import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import { assertAllowed } from '../auth/actor.js';
import { PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { Exchange, TimeTransfer } from './exchange.entity.js';
import { ExchangeConnection, ExchangePageArgs } from './exchanges.types.js';
import { TimeBank, TimeBankMember } from './time-bank.entity.js';
import { memberName } from './member-names.js';
import {
  exchangeById,
  otherMemberIdByEntryId,
  poolBalanceByProviderId,
  timeBalanceByMemberId,
  transferById,
} from './time-ledger.loaders.js';
import type { StatementLine } from './time-ledger.service.js';
import { TimeBalance, TimeLedgerEntryConnection, TimeLedgerEntryNode } from './time-ledger.types.js';
import { mayCoordinateTimeBank, mayViewMember } from './timebank.policy.js';

const MEMBERS_ONLY = 'A member’s time is for the member, their representatives and the co-op’s coordinators.';

@Resolver(() => TimeBankMember)
export class TimeBankMemberLedgerResolver {
  @FieldResolver(() => TimeBalance, {
    description:
      'The member’s time, summed from the ledger: for the member, their representatives, the co-op’s coordinators; FORBIDDEN otherwise.',
  })
  async balance(@Root() member: TimeBankMember, @Ctx() ctx: Context): Promise<TimeBalance> {
    assertAllowed(mayViewMember(ctx.actor, member), MEMBERS_ONLY);
    return (await ctx.loaders.get(timeBalanceByMemberId).load(member.id))!;
  }

  @FieldResolver(() => TimeLedgerEntryConnection, {
    description: 'The member’s ledger lines, newest first, each with the balance after it. Who may see the balance may see this.',
  })
  statement(@Root() member: TimeBankMember, @Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    assertAllowed(mayViewMember(ctx.actor, member), MEMBERS_ONLY);
    return ctx.services.timeLedger.statementPage(member.id, page.first, page.after);
  }

  @FieldResolver(() => ExchangeConnection, {
    description: 'Help the member gave or received, most recently begun first. Who may see the balance may see this.',
  })
  exchanges(@Root() member: TimeBankMember, @Ctx() ctx: Context, @Args(() => ExchangePageArgs) page: ExchangePageArgs) {
    assertAllowed(mayViewMember(ctx.actor, member), MEMBERS_ONLY);
    return ctx.services.exchanges.memberExchangesPage(member.id, page.status, page.first, page.after);
  }
}

@Resolver(() => TimeBank)
export class TimeBankLedgerResolver {
  @FieldResolver(() => Int, { description: 'Minutes in the co-op’s community pool, which members give to and coordinators draw on.' })
  poolBalanceMinutes(@Root() bank: TimeBank, @Ctx() ctx: Context): Promise<number> {
    return ctx.loaders.get(poolBalanceByProviderId).load(bank.providerId);
  }

  @FieldResolver(() => ExchangeConnection, {
    description: 'Every exchange of the time bank, most recently begun first: for the co-op’s coordinators; FORBIDDEN otherwise.',
  })
  exchanges(@Root() bank: TimeBank, @Ctx() ctx: Context, @Args(() => ExchangePageArgs) page: ExchangePageArgs) {
    assertAllowed(mayCoordinateTimeBank(ctx.actor, bank.providerId), 'A time bank’s exchanges are for its coordinators.');
    return ctx.services.exchanges.timeBankExchangesPage(bank.providerId, page.status, page.first, page.after);
  }
}

@Resolver(() => TimeLedgerEntryNode)
export class TimeLedgerEntryResolver {
  @FieldResolver(() => Exchange, { nullable: true, description: 'The help whose confirmation wrote the line; null for a transfer’s.' })
  exchange(@Root() line: StatementLine, @Ctx() ctx: Context) {
    return line.exchangeId ? ctx.loaders.get(exchangeById).load(line.exchangeId) : null;
  }

  @FieldResolver(() => TimeTransfer, {
    nullable: true,
    description: 'The gift or pool movement that wrote the line; null for an exchange’s.',
  })
  transfer(@Root() line: StatementLine, @Ctx() ctx: Context) {
    return line.transferId ? ctx.loaders.get(transferById).load(line.transferId) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The other member’s name: for help, who was helped (HELP_GIVEN, OUT_OF_HOURS_BONUS) or who helped (HELP_RECEIVED); for a ' +
      'gift, who gave it or who was given it. Null for the community pool’s lines, which the kind names.',
  })
  async otherMemberName(@Root() line: StatementLine, @Ctx() ctx: Context): Promise<string | null> {
    const other = await ctx.loaders.get(otherMemberIdByEntryId).load(line.id);
    return other ? memberName(ctx, other) : null;
  }
}

import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { isWaitingTooLong, WAITING_TOO_LONG_DAYS } from './expense-claims.service.js';
import { memberName } from './member-names.js';
import { timeBankMemberById } from './members.loaders.js';
import {
  CLAIM_FAILURES,
  ClaimExpenseInput,
  ClaimExpenseResult,
  DECIDE_FAILURES,
  ApproveExpenseClaimResult,
  MarkExpenseClaimPaidResult,
  RejectExpenseClaimResult,
  ExpenseClaimConnection,
  MemberExpenseClaimsArgs,
  RejectExpenseClaimInput,
  TimeBankExpenseClaimsArgs,
} from './expense-claims.types.js';
import { ExpenseClaim } from './expense.entity.js';
import { TimeBank, TimeBankMember } from './time-bank.entity.js';

/** Claiming expenses and deciding claims; a claim's derived fields. */
@Resolver(() => ExpenseClaim)
export class ExpenseClaimsResolver {
  @Mutation(() => ClaimExpenseResult, {
    description:
      'Claims what helping cost you: TRAVEL by miles at the time bank’s rate, anything else by its amount with the receipt you ' +
      'uploaded (POST /timebank/receipts). For the approved volunteer or family carer themselves.',
  })
  claimExpense(
    @Ctx() ctx: Context,
    @Arg('input', () => ClaimExpenseInput, { description: 'What it cost, and for which membership.' }) input: ClaimExpenseInput,
  ) {
    return asResult(() => ctx.services.expenseClaims.claim(ctx, input), CLAIM_FAILURES);
  }

  @Mutation(() => ApproveExpenseClaimResult, {
    description: 'Approves a submitted claim for payment. For the co-op’s coordinators and admins, never on their own claim.',
  })
  approveExpenseClaim(@Ctx() ctx: Context, @Arg('claimId', () => ID, { description: 'A submitted claim.' }) claimId: string) {
    return asResult(() => ctx.services.expenseClaims.approve(ctx, claimId), DECIDE_FAILURES);
  }

  @Mutation(() => RejectExpenseClaimResult, {
    description:
      'Rejects a submitted claim, with the reason the volunteer reads. For the co-op’s coordinators and admins, never on their own claim.',
  })
  rejectExpenseClaim(
    @Ctx() ctx: Context,
    @Arg('input', () => RejectExpenseClaimInput, { description: 'The claim and why.' }) input: RejectExpenseClaimInput,
  ) {
    return asResult(() => ctx.services.expenseClaims.reject(ctx, input), DECIDE_FAILURES);
  }

  @Mutation(() => MarkExpenseClaimPaidResult, {
    description: 'Records an approved claim as paid to the volunteer. For the co-op’s coordinators and admins, never on their own claim.',
  })
  markExpenseClaimPaid(@Ctx() ctx: Context, @Arg('claimId', () => ID, { description: 'An approved claim.' }) claimId: string) {
    return asResult(() => ctx.services.expenseClaims.markPaid(ctx, claimId), DECIDE_FAILURES);
  }

  @FieldResolver(() => Boolean, { description: `Whether it has waited for a decision more than ${WAITING_TOO_LONG_DAYS} days.` })
  waitingTooLong(@Root() claim: ExpenseClaim): boolean {
    return isWaitingTooLong(claim);
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: 'Where its receipt is (GET, with your bearer token); null for travel claimed without one.',
  })
  receiptUrl(@Ctx() ctx: Context, @Root() claim: ExpenseClaim): string | null {
    return claim.receiptId ? ctx.services.receipts.urlOf(claim.receiptId) : null;
  }

  @FieldResolver(() => TimeBankMember, { description: 'The claimant’s membership, for a coordinator to open from the claim.' })
  async member(@Ctx() ctx: Context, @Root() claim: ExpenseClaim): Promise<TimeBankMember> {
    return (await ctx.loaders.get(timeBankMemberById).load(claim.memberId))!;
  }

  @FieldResolver(() => String, { description: 'The name the volunteer goes by.' })
  async volunteerName(@Ctx() ctx: Context, @Root() claim: ExpenseClaim): Promise<string> {
    return memberName(ctx, claim.memberId);
  }
}

@Resolver(() => TimeBankMember)
export class MemberExpenseClaimsResolver {
  @FieldResolver(() => ExpenseClaimConnection, {
    description: 'The member’s expense claims, newest first: for the member and the co-op’s coordinators.',
  })
  expenseClaims(@Ctx() ctx: Context, @Root() member: TimeBankMember, @Args(() => MemberExpenseClaimsArgs) args: MemberExpenseClaimsArgs) {
    return ctx.services.expenseClaims.memberClaims(ctx, member, args);
  }
}

@Resolver(() => TimeBank)
export class TimeBankExpenseClaimsResolver {
  @FieldResolver(() => ExpenseClaimConnection, {
    description: 'The co-op’s expense claims, the longest waiting first: for its coordinators.',
  })
  expenseClaims(@Ctx() ctx: Context, @Root() bank: TimeBank, @Args(() => TimeBankExpenseClaimsArgs) args: TimeBankExpenseClaimsArgs) {
    return ctx.services.expenseClaims.timeBankClaims(ctx, bank.providerId, args);
  }

  @FieldResolver(() => Int, {
    description: `How many claims have waited for a decision more than ${WAITING_TOO_LONG_DAYS} days: for the co-op’s coordinators.`,
  })
  expenseClaimsWaitingTooLong(@Ctx() ctx: Context, @Root() bank: TimeBank) {
    return ctx.services.expenseClaims.waitingTooLongCount(ctx, bank.providerId);
  }
}

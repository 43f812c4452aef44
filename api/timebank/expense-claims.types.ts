import { GraphQLLocalDate } from 'graphql-scalars';
import { ArgsType, Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import { ConflictError, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { ExpenseClaim } from './expense.entity.js';
import { ExpenseClaimStatus, ExpenseKind } from './timebank.enums.js';

export const MAX_DESCRIPTION_LENGTH = 500;
export const MAX_REJECTION_REASON_LENGTH = 1000;
export const MIN_MILES = 0.1;
export const MAX_MILES = 1000;
export const MAX_AMOUNT_PENCE = 100_000;

@InputType({ description: 'A volunteer’s claim for what helping cost them.' })
export class ClaimExpenseInput {
  @Field(() => ID, { description: 'Your own membership: only the volunteer or family carer claims, for themselves.' })
  memberId: string;

  @Field(() => ExpenseKind, { description: 'What the money was spent on.' })
  kind: ExpenseKind;

  @Field(() => GraphQLLocalDate, { description: 'The London date the cost was incurred: not in the future, and within the last year.' })
  incurredOn: string;

  @Field(() => String, { description: `What it was for, at most ${MAX_DESCRIPTION_LENGTH} characters.` })
  description: string;

  @Field(() => Float, {
    nullable: true,
    description: `TRAVEL only: miles driven, ${MIN_MILES} to ${MAX_MILES}, to a tenth of a mile; paid at the time bank’s rate a mile.`,
  })
  miles?: number | null;

  @Field(() => Int, { nullable: true, description: `Not for TRAVEL: what it cost, 1 to ${MAX_AMOUNT_PENCE} pence.` })
  amountPence?: number | null;

  @Field(() => ID, {
    nullable: true,
    description: 'A receipt you uploaded (POST /timebank/receipts) and no claim took yet: required but for TRAVEL.',
  })
  receiptId?: string | null;
}

@InputType({ description: 'A claim to reject, and why.' })
export class RejectExpenseClaimInput {
  @Field(() => ID, { description: 'The submitted claim.' })
  claimId: string;

  @Field(() => String, { description: `Why, for the volunteer: 1 to ${MAX_REJECTION_REASON_LENGTH} characters.` })
  reason: string;
}

@ObjectType({ description: 'One expense claim in a list.' })
export class ExpenseClaimEdge extends EdgeType(ExpenseClaim) {}

@ObjectType({ description: 'A page of expense claims, in the order the list says.' })
export class ExpenseClaimConnection extends ConnectionType(ExpenseClaimEdge) {}

@ArgsType()
export class MemberExpenseClaimsArgs extends PageArgs {
  @Field(() => ExpenseClaimStatus, { nullable: true, description: 'Only claims in this state.' })
  status?: ExpenseClaimStatus | null;
}

@ArgsType()
export class TimeBankExpenseClaimsArgs extends MemberExpenseClaimsArgs {
  @Field(() => Boolean, {
    nullable: true,
    description: 'true: only claims waiting more than 14 days for a decision; false: only the others.',
  })
  waitingTooLong?: boolean | null;
}

export const CLAIM_FAILURES = [ConflictError] as const;
export const ClaimExpenseResult = resultUnion(
  'ClaimExpenseResult',
  ExpenseClaim,
  CLAIM_FAILURES,
  'The claim, waiting for a coordinator; or ConflictError when another claim already took the receipt.',
);
export const DECIDE_FAILURES = [ConflictError] as const;
const decided = (name: string, success: string) =>
  resultUnion(
    name,
    ExpenseClaim,
    DECIDE_FAILURES,
    `${success}; or ConflictError when it is no longer in the state this needs (someone decided it first).`,
  );
export const ApproveExpenseClaimResult = decided('ApproveExpenseClaimResult', 'The claim, approved for payment');
export const RejectExpenseClaimResult = decided('RejectExpenseClaimResult', 'The claim, rejected with its reason');
export const MarkExpenseClaimPaidResult = decided('MarkExpenseClaimPaidResult', 'The claim, paid');

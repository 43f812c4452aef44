import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../context.js';
import { asResult } from '../graphql/results.js';
import { CANCEL_BOOKING_FAILURES, CancelBookingInput, CancelBookingResult } from './cancellation.types.js';

@Resolver()
export class CancellationResolver {
  @Mutation(() => CancelBookingResult, {
    description:
      'Cancels visits of a requested or confirmed booking: with the service’s notice each visit’s price is released to the budget; ' +
      'inside it the price is charged (CHARGE_IN_FULL) or nothing is cancelled (REFUSE: TooLateToCancelError). ' +
      'A booking not yet confirmed cancels free at any time, every scheduled visit when none is named, passed ones too. ' +
      'For the budget holder, a representative with BOOK, a BOOKING widget session, an officer for a council-managed budget, admins.',
  })
  cancelBooking(
    @Ctx() ctx: Context,
    @Arg('input', () => CancelBookingInput, { description: 'The booking, optionally which of its visits, and why.' })
    input: CancelBookingInput,
  ) {
    return asResult(() => ctx.services.cancellation.cancelBooking(ctx, input), CANCEL_BOOKING_FAILURES);
  }
}

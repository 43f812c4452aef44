import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Person } from '../accounts/person.entity.js';
import type { Context } from '../context.js';
import { providerById, serviceById } from '../directory/directory.loaders.js';
import { Provider } from '../directory/provider.entity.js';
import { Service } from '../directory/service.entity.js';
import { ID } from '../graphql/scalars.js';
import { Booking, BookingVisit } from './booking.entity.js';
import { budgetById, visitsByBookingId } from './brokerage.loaders.js';
import { mayReadBookingText } from './brokerage.policy.js';
import { PersonalBudget } from './personal-budget.entity.js';

/**
 * Reading a booking. Its fields are for those who may see the booking at all (`booking` checks), so its
 * field resolvers only fetch, batched; but the text people wrote about the care is for fewer of them.
 */
@Resolver(() => Booking)
export class BookingResolver {
  // Nullable as the contract (DESIGN.md) has it, like personalBudget: a refusal is an error beside the other fields' data.
  @Query(() => Booking, {
    nullable: true,
    description:
      'A booking: for whoever may see its budget (see personalBudget) and the provider’s coordinators. ' +
      'NOT_FOUND for an unknown id; FORBIDDEN for anyone else.',
  })
  async booking(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The booking.' }) id: string): Promise<Booking | null> {
    return (await ctx.services.brokerageReader.bookingFor(ctx, id)).booking;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'What the person asked the provider to know, in their words (at most 2,000 characters; empty when nothing). It may speak of ' +
      'their health, so it is for those who may book on the budget and the provider’s coordinators; null for anyone else who sees ' +
      'the booking (an officer of a budget the person spends themselves, a representative with VIEW_BUDGET only, a BUDGET_VIEW ' +
      'widget session).',
  })
  async notes(@Root() booking: Booking, @Ctx() ctx: Context): Promise<string | null> {
    return (await mayReadText(ctx, booking)) ? booking.notes : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Why the provider declined it, in their words; null unless declined with a reason, and for those who may not read `notes`.',
  })
  async declineReason(@Root() booking: Booking, @Ctx() ctx: Context): Promise<string | null> {
    return (await mayReadText(ctx, booking)) ? booking.declineReason : null;
  }

  @FieldResolver(() => [BookingVisit], { description: 'The visits, earliest first.' })
  visits(@Root() booking: Booking, @Ctx() ctx: Context) {
    return ctx.loaders.get(visitsByBookingId).load(booking.id);
  }

  @FieldResolver(() => PersonalBudget, { description: 'The budget that pays for it.' })
  async budget(@Root() booking: Booking, @Ctx() ctx: Context) {
    return ctx.loaders.get(budgetById).load(booking.budgetId);
  }

  @FieldResolver(() => Service, { description: 'The service booked.' })
  service(@Root() booking: Booking, @Ctx() ctx: Context) {
    return ctx.loaders.get(serviceById).load(booking.serviceId);
  }

  @FieldResolver(() => Provider, { description: 'The provider of the service.' })
  provider(@Root() booking: Booking, @Ctx() ctx: Context) {
    return ctx.loaders.get(providerById).load(booking.providerId);
  }

  @FieldResolver(() => Person, { description: 'Whose care it is: the budget holder.' })
  person(@Root() booking: Booking, @Ctx() ctx: Context) {
    return ctx.loaders.get(personById).load(booking.personId);
  }
}

/** What people wrote about this care is shown only to those who book it and give it (mayReadBookingText). */
async function mayReadText(ctx: Context, booking: Booking): Promise<boolean> {
  const budget = (await ctx.loaders.get(budgetById).load(booking.budgetId))!;
  return mayReadBookingText(ctx.actor, booking, budget);
}

@Resolver(() => BookingVisit)
export class BookingVisitResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'The care worker assigned to the visit; null until the provider names one.' })
  worker(@Root() visit: BookingVisit, @Ctx() ctx: Context) {
    return visit.workerId ? ctx.loaders.get(personById).load(visit.workerId) : null;
  }
}

import { Arg, Args, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Viewer } from '../accounts/accounts.types.js';
import type { Context } from '../context.js';
import { serviceById } from '../directory/directory.loaders.js';
import { Service } from '../directory/service.entity.js';
import { asResult, ConflictError } from '../graphql/results.js';
import { BookingConnection, VisitConnection } from './booking.connection.js';
import { Booking, BookingVisit, Invoice } from './booking.entity.js';
import { bookingById, budgetById, distinctWorkersLast28Days, invoicesByBookingId, visitsByInvoiceId } from './brokerage.loaders.js';
import { careWorkerProviderIds, isSentTo, mayReadBookingText, mayReadVisitNote } from './brokerage.policy.js';
import { NothingToInvoice } from './invoicing.service.js';
import {
  AssignWorkerInput,
  AssignWorkerResult,
  CHANGE_FAILURES,
  CONFIRM_FAILURES,
  ConfirmBookingInput,
  ConfirmBookingResult,
  DeclineBookingInput,
  DeclineBookingResult,
  IssueInvoiceInput,
  IssueInvoiceResult,
  NothingToInvoiceError,
  ProviderBookingsArgs,
  RecordVisitDeliveredInput,
  RecordVisitDeliveredResult,
  WorkerVisitsArgs,
} from './provider-bookings.types.js';

/** The provider's side of bookings: its coordinators confirm, staff, decline and invoice; its workers record visits. */
@Resolver(() => Booking)
export class ProviderBookingsResolver {
  @Query(() => BookingConnection, { description: 'A provider’s bookings, newest first: for its coordinators and admins.' })
  providerBookings(@Ctx() ctx: Context, @Args(() => ProviderBookingsArgs) args: ProviderBookingsArgs) {
    return ctx.services.fulfilment.providerBookings(ctx, args);
  }

  @Mutation(() => ConfirmBookingResult, {
    description: 'Confirms a requested booking, giving every visit a care worker of the provider. For its coordinators and admins.',
  })
  confirmBooking(
    @Ctx() ctx: Context,
    @Arg('input', () => ConfirmBookingInput, { description: 'The booking and its workers.' }) input: ConfirmBookingInput,
  ) {
    return asResult(() => ctx.services.fulfilment.confirm(ctx, input), CONFIRM_FAILURES);
  }

  @Mutation(() => DeclineBookingResult, {
    description: 'Declines a requested booking: its visits are cancelled and its hold released. For its coordinators and admins.',
  })
  declineBooking(
    @Ctx() ctx: Context,
    @Arg('input', () => DeclineBookingInput, { description: 'The booking and why.' }) input: DeclineBookingInput,
  ) {
    return asResult(() => ctx.services.fulfilment.decline(ctx, input), CHANGE_FAILURES);
  }

  @Mutation(() => AssignWorkerResult, {
    description: 'Sends another care worker of the provider to a scheduled visit (sickness, holidays). For its coordinators and admins.',
  })
  assignWorker(
    @Ctx() ctx: Context,
    @Arg('input', () => AssignWorkerInput, { description: 'The visit and the worker.' }) input: AssignWorkerInput,
  ) {
    return asResult(() => ctx.services.fulfilment.assign(ctx, input), CONFIRM_FAILURES);
  }

  @Mutation(() => RecordVisitDeliveredResult, {
    description:
      'Records a visit delivered or missed: by the worker assigned to it, or a coordinator of the provider on their behalf. ' +
      'A missed visit’s share of the hold is released at once.',
  })
  recordVisitDelivered(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordVisitDeliveredInput, { description: 'The visit and what happened.' }) input: RecordVisitDeliveredInput,
  ) {
    return asResult(() => ctx.services.fulfilment.recordOutcome(ctx, input), CHANGE_FAILURES);
  }

  @Mutation(() => IssueInvoiceResult, {
    description:
      'Invoices every delivered visit of the booking not yet invoiced, charging each to the budget once; the booking completes ' +
      'when every visit is settled. For the provider’s coordinators and admins.',
  })
  issueInvoice(@Ctx() ctx: Context, @Arg('input', () => IssueInvoiceInput, { description: 'The booking.' }) input: IssueInvoiceInput) {
    // NothingToInvoiceError shares CONFLICT with ConflictError, so asResult, which picks a member by code, cannot tell them apart.
    return asResult(async () => {
      try {
        return await ctx.services.invoicing.issueInvoice(ctx, input.bookingId);
      } catch (error) {
        if (error instanceof NothingToInvoice) return NothingToInvoiceError.of(error.message);
        throw error;
      }
    }, [ConflictError]);
  }

  @FieldResolver(() => Int, {
    description:
      'Continuity of care: how many different care workers delivered visits to this person for this provider in the last 28 days.',
  })
  distinctWorkersLast28Days(@Root() booking: Booking, @Ctx() ctx: Context) {
    return ctx.loaders.get(distinctWorkersLast28Days).load(`${booking.personId}:${booking.providerId}`);
  }

  @FieldResolver(() => [Invoice], { description: 'Its invoices, in the order issued.' })
  invoices(@Root() booking: Booking, @Ctx() ctx: Context) {
    return ctx.loaders.get(invoicesByBookingId).load(booking.id);
  }
}

@Resolver(() => Invoice)
export class InvoiceResolver {
  @FieldResolver(() => [BookingVisit], { description: 'The visits it charged, earliest first.' })
  visits(@Root() invoice: Invoice, @Ctx() ctx: Context) {
    return ctx.loaders.get(visitsByInvoiceId).load(invoice.id);
  }

  @FieldResolver(() => Booking, { description: 'The booking it is for.' })
  async booking(@Root() invoice: Invoice, @Ctx() ctx: Context) {
    return ctx.loaders.get(bookingById).load(invoice.bookingId);
  }
}

/**
 * What a worker needs to get to a visit. A visit has no way back to its booking, so a worker reading
 * their visits reaches neither the budget nor anyone else's visits.
 */
@Resolver(() => BookingVisit)
export class VisitPlaceResolver {
  @FieldResolver(() => Service, { description: 'The service to give.' })
  async service(@Root() visit: BookingVisit, @Ctx() ctx: Context) {
    const booking = await ctx.loaders.get(bookingById).load(visit.bookingId);
    return ctx.loaders.get(serviceById).load(booking!.serviceId);
  }

  @FieldResolver(() => String, { description: 'The name of the person the visit is for.' })
  async personName(@Root() visit: BookingVisit, @Ctx() ctx: Context) {
    const booking = await ctx.loaders.get(bookingById).load(visit.bookingId);
    return (await ctx.loaders.get(personById).load(booking!.personId))!.name;
  }

  @FieldResolver(() => String, { description: 'The postcode where the care is given.' })
  async carePostcode(@Root() visit: BookingVisit, @Ctx() ctx: Context) {
    const booking = await ctx.loaders.get(bookingById).load(visit.bookingId);
    return (await ctx.loaders.get(budgetById).load(booking!.budgetId))!.carePostcode;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'The worker’s note on the visit, which may speak of the person’s health; never in the audit trail. For the person, a ' +
      'representative with BOOK, the provider’s coordinators and the worker sent: null for anyone else who sees the visit ' +
      '(council officers, VIEW_BUDGET, widget sessions).',
  })
  async note(@Root() visit: BookingVisit, @Ctx() ctx: Context): Promise<string | null> {
    const booking = (await ctx.loaders.get(bookingById).load(visit.bookingId))!;
    return mayReadVisitNote(ctx.actor, visit, booking) ? visit.note : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'Why it was cancelled, in the words of whoever cancelled it (at most 500 characters). Read as Booking.notes is, and by the ' +
      'worker sent; null for anyone else.',
  })
  async cancellationReason(@Root() visit: BookingVisit, @Ctx() ctx: Context): Promise<string | null> {
    const booking = (await ctx.loaders.get(bookingById).load(visit.bookingId))!;
    if (isSentTo(ctx.actor, visit, booking)) return visit.cancellationReason;
    const budget = (await ctx.loaders.get(budgetById).load(booking.budgetId))!;
    return mayReadBookingText(ctx.actor, booking, budget) ? visit.cancellationReason : null;
  }
}

@Resolver(() => Viewer)
export class WorkerViewerResolver {
  @FieldResolver(() => VisitConnection, {
    description:
      'The visits you are sent to as a care worker of their provider, earliest first (cancelled ones left out): where, when and for ' +
      'whom. Leaving a provider leaves its visits behind.',
  })
  visits(@Root() viewer: Viewer, @Ctx() ctx: Context, @Args(() => WorkerVisitsArgs) args: WorkerVisitsArgs) {
    return ctx.services.fulfilment.visitsOfWorker(viewer.id, careWorkerProviderIds(ctx.actor), args);
  }
}

import { Arg, Args, Authorized, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Viewer, WidgetViewer } from '../accounts/accounts.types.js';
import { Person } from '../accounts/person.entity.js';
import { assertAllowed } from '../auth/actor.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import { PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { Council } from '../directory/council.entity.js';
import { councilById, providerById } from '../directory/directory.loaders.js';
import { Provider } from '../directory/provider.entity.js';
import { ID } from '../graphql/scalars.js';
import { BookingConnection, VisitConnection } from './booking.connection.js';
import { balanceByBudgetId, budgetsByPersonId } from './brokerage.loaders.js';
import { mayReadOutcomes, mayViewBudget } from './brokerage.policy.js';
import {
  AllocatePersonalBudgetInput,
  LedgerEntryConnection,
  OpenSelfFundedBudgetInput,
  RecordDirectPaymentInput,
  TopUpPersonalBudgetInput,
} from './budgets.types.js';
import { type BudgetBalance, LedgerEntry, PersonalBudget } from './personal-budget.entity.js';

/**
 * A budget can be reached through a booking by the provider's coordinators, who see whose it is and its
 * kind; its money, ledger and bookings are for those who may view the budget itself, its agreed outcomes
 * for fewer (mayReadOutcomes).
 */
function assertMayViewMoney(ctx: Context, budget: PersonalBudget): void {
  assertAllowed(mayViewBudget(ctx.actor, budget), 'Only those who may view the budget see its money.');
}

async function balanceOf(ctx: Context, budget: PersonalBudget): Promise<BudgetBalance> {
  assertMayViewMoney(ctx, budget);
  return (await ctx.loaders.get(balanceByBudgetId).load(budget.id))!;
}

const moneyField = (description: string) => ({ description: `${description} In pence, summed from the ledger.` });

@Resolver(() => PersonalBudget)
export class PersonalBudgetResolver {
  @Query(() => PersonalBudget, {
    nullable: true,
    description:
      'A personal budget: for its holder, their representatives with VIEW_BUDGET or BOOK, a widget session for them, an officer ' +
      'of its council, the coordinators of the provider holding an ISF, and admins. ' +
      'NOT_FOUND for an unknown id; FORBIDDEN for anyone else.',
  })
  personalBudget(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The budget.' }) id: string): Promise<PersonalBudget> {
    return ctx.services.brokerageReader.budgetFor(ctx, id);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => PersonalBudget, {
    description:
      'A council officer (or an admin) allocates a budget and writes its ALLOCATION on the ledger; a person not yet known is created, ' +
      'without a password. Never to yourself. Bad input is BAD_USER_INPUT naming the field (INVALID_POSTCODE, POSTCODE_NOT_FOUND ' +
      'for the postcode; NOT_FOUND for an unknown council or provider), and nothing is written.',
  })
  allocatePersonalBudget(
    @Ctx() ctx: Context,
    @Arg('input', () => AllocatePersonalBudgetInput, { description: 'Whose budget, which council’s, what kind, how much and for when.' })
    input: AllocatePersonalBudgetInput,
  ): Promise<PersonalBudget> {
    return ctx.services.budgets.allocate(ctx, input);
  }

  @Authorized()
  @Mutation(() => PersonalBudget, {
    description: 'Opens a SELF_FUNDED budget for your own care, belonging to no council, with an optional first top-up.',
  })
  openSelfFundedBudget(
    @Ctx() ctx: Context,
    @Arg('input', () => OpenSelfFundedBudgetInput, { description: 'Where care is given, the period, and money to put in now.' })
    input: OpenSelfFundedBudgetInput,
  ): Promise<PersonalBudget> {
    return ctx.services.budgets.openSelfFunded(ctx, input);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => PersonalBudget, {
    description:
      'An officer of the budget’s council (or an admin) records an instalment of a DIRECT_PAYMENT (a PAYMENT_IN line): only money ' +
      'paid in can be committed to care. BAD_USER_INPUT for another kind of budget, a day outside its period or in the future, or ' +
      'instalments that would add up to more than the allocation (the message says how much is left to pay).',
  })
  recordDirectPayment(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordDirectPaymentInput, { description: 'The budget, the amount and the day it was paid.' })
    input: RecordDirectPaymentInput,
  ): Promise<PersonalBudget> {
    return ctx.services.budgets.recordDirectPayment(ctx, input);
  }

  @Authorized('PERSON', 'WIDGET')
  @Mutation(() => PersonalBudget, {
    description:
      'The budget holder, a representative with BOOK or a BOOKING widget session for them adds their own money (a TOP_UP line). ' +
      'Officers cannot: it is the person’s money, not the council’s.',
  })
  topUpPersonalBudget(
    @Ctx() ctx: Context,
    @Arg('input', () => TopUpPersonalBudgetInput, { description: 'The budget and the amount.' }) input: TopUpPersonalBudgetInput,
  ): Promise<PersonalBudget> {
    return ctx.services.budgets.topUp(ctx, input);
  }

  @FieldResolver(() => Person, { description: 'Whose care the budget pays for.' })
  async person(@Root() budget: PersonalBudget, @Ctx() ctx: Context) {
    return ctx.loaders.get(personById).load(budget.personId);
  }

  @FieldResolver(() => Council, { nullable: true, description: 'The commissioning council; null for a SELF_FUNDED budget.' })
  council(@Root() budget: PersonalBudget, @Ctx() ctx: Context) {
    return budget.councilId ? ctx.loaders.get(councilById).load(budget.councilId) : null;
  }

  @FieldResolver(() => Provider, { nullable: true, description: 'The provider holding an INDIVIDUAL_SERVICE_FUND; null for other kinds.' })
  heldBy(@Root() budget: PersonalBudget, @Ctx() ctx: Context) {
    return budget.heldByProviderId ? ctx.loaders.get(providerById).load(budget.heldByProviderId) : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description:
      'For an INDIVIDUAL_SERVICE_FUND: the outcomes agreed between the person, the provider and the council, in their words. ' +
      'They may speak of the person’s health: for the person, a representative with BOOK (or a BOOKING widget session), the ' +
      'council’s officers, the holding provider’s coordinators and admins; FORBIDDEN for VIEW_BUDGET alone. Null for other kinds.',
  })
  agreedOutcomes(@Root() budget: PersonalBudget, @Ctx() ctx: Context): string | null {
    // Only an ISF has outcomes, and its kind is no secret: other kinds' null hides nothing.
    if (budget.agreedOutcomes === null) return null;
    assertAllowed(mayReadOutcomes(ctx.actor, budget), 'The agreed outcomes are for those who agreed them and those who book.');
    return budget.agreedOutcomes;
  }

  @FieldResolver(() => Int, moneyField('Allocated by the council for the period (0 for a SELF_FUNDED budget).'))
  async allocatedPence(@Root() budget: PersonalBudget, @Ctx() ctx: Context) {
    return (await balanceOf(ctx, budget)).allocatedPence;
  }

  @FieldResolver(() => Int, moneyField('Paid in: direct-payment instalments and top-ups.'))
  async paidInPence(@Root() budget: PersonalBudget, @Ctx() ctx: Context) {
    return (await balanceOf(ctx, budget)).paidInPence;
  }

  @FieldResolver(() => Int, moneyField('Held for booked visits not yet charged or released.'))
  async committedPence(@Root() budget: PersonalBudget, @Ctx() ctx: Context) {
    return (await balanceOf(ctx, budget)).committedPence;
  }

  @FieldResolver(() => Int, moneyField('Charged for visits, less refunds.'))
  async spentPence(@Root() budget: PersonalBudget, @Ctx() ctx: Context) {
    return (await balanceOf(ctx, budget)).spentPence;
  }

  @FieldResolver(
    () => Int,
    moneyField(
      'What a new booking may still commit: money paid in (DIRECT_PAYMENT, SELF_FUNDED) or allocated and topped up ' +
        '(COUNCIL_MANAGED, ISF), less committed and spent. Never negative.',
    ),
  )
  async availablePence(@Root() budget: PersonalBudget, @Ctx() ctx: Context) {
    return (await balanceOf(ctx, budget)).availablePence;
  }

  @FieldResolver(() => LedgerEntryConnection, {
    description: 'The ledger, oldest line first (the order a statement reads in, each line after the ones it follows).',
  })
  ledger(@Root() budget: PersonalBudget, @Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    assertMayViewMoney(ctx, budget);
    return ctx.services.budgets.ledgerPage(budget.id, page.first, page.after);
  }

  @FieldResolver(() => BookingConnection, { description: 'The bookings paid from the budget, newest first.' })
  bookings(@Root() budget: PersonalBudget, @Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    assertMayViewMoney(ctx, budget);
    return ctx.services.budgets.bookingsPage(budget.id, page.first, page.after);
  }

  @FieldResolver(() => VisitConnection, {
    description:
      'The visits still to come (or under way), earliest first: scheduled visits of its bookings, requested or confirmed, that ' +
      'have not ended. A visit without a `worker` is waiting for the provider to confirm it.',
  })
  upcomingVisits(@Root() budget: PersonalBudget, @Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    assertMayViewMoney(ctx, budget);
    return ctx.services.budgets.upcomingVisitsPage(budget.id, page.first, page.after);
  }
}

@Resolver(() => LedgerEntry)
export class LedgerEntryResolver {
  @FieldResolver(() => Int, {
    description: 'The line’s number, rising in the order lines were written; the statement CSV’s "Entry" column.',
  })
  entryNumber(@Root() entry: LedgerEntry): number {
    return entry.entryNumber;
  }
}

@Resolver(() => Viewer)
export class BudgetViewerResolver {
  @FieldResolver(() => [PersonalBudget], {
    description:
      'Your own personal budgets, then those of the people who made you their representative with VIEW_BUDGET or BOOK; ' +
      'each person’s newest period first.',
  })
  async personalBudgets(@Ctx() ctx: Context): Promise<PersonalBudget[]> {
    if (ctx.actor.kind !== 'person') return [];
    const represented = [...ctx.actor.representing]
      .filter(([, rights]) => rights.has(RepresentativeRight.VIEW_BUDGET) || rights.has(RepresentativeRight.BOOK))
      .map(([personId]) => personId);
    const lists = await ctx.loaders.get(budgetsByPersonId).loadMany([ctx.actor.personId, ...represented]);
    return lists.flatMap((list) => {
      if (list instanceof Error) throw list;
      return list;
    });
  }
}

@Resolver(() => WidgetViewer)
export class BudgetWidgetViewerResolver {
  @FieldResolver(() => [PersonalBudget], {
    description: 'The person’s personal budgets (either purpose may see them: booking shows what is available), newest period first.',
  })
  personalBudgets(@Root() viewer: WidgetViewer, @Ctx() ctx: Context): Promise<PersonalBudget[]> {
    return ctx.loaders.get(budgetsByPersonId).load(viewer.id);
  }
}

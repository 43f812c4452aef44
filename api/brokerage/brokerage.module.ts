import { PersonalBudgetsAndBookings1766000000000 } from '../../migrations/1766000000000-PersonalBudgetsAndBookings.js';
import { BookingDeclineReason1766000300000 } from '../../migrations/1766000300000-BookingDeclineReason.js';
import { VisitCancellationReasons1766000400000 } from '../../migrations/1766000400000-VisitCancellationReasons.js';
import { BookingCancellationTerms1766000410000 } from '../../migrations/1766000410000-BookingCancellationTerms.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { AccountInvitationsService } from '../accounts/account-invitations.service.js';
import type { RepresentativesService } from '../accounts/representatives.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { GeoService } from '../geo/geo.service.js';
import type { JobScheduler } from '../notifications/scheduler.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import { BookingMessages } from './booking-messages.js';
import { VisitReminders } from './visit-reminders.js';
import { Booking, BookingVisit, CalendarLink, Invoice } from './booking.entity.js';
import { BookingRequestsResolver } from './booking-requests.resolver.js';
import { BookingResolver, BookingVisitResolver } from './bookings.resolver.js';
import { BookingsService } from './bookings.service.js';
import { BrokerageReader } from './brokerage.reader.js';
import { FulfilmentService } from './fulfilment.service.js';
import { InvoicingService } from './invoicing.service.js';
import { BudgetStatements } from './budget-statement.js';
import { BudgetViewerResolver, BudgetWidgetViewerResolver, LedgerEntryResolver, PersonalBudgetResolver } from './budgets.resolver.js';
import { BudgetsService } from './budgets.service.js';
import { CalendarLinkResolver, ViewerCalendarLinksResolver } from './calendar.resolver.js';
import { CalendarService } from './calendar.service.js';
import { CancellationResolver } from './cancellation.resolver.js';
import { CancellationService } from './cancellation.service.js';
import { LedgerService } from './ledger.service.js';
import { InvoiceResolver, ProviderBookingsResolver, VisitPlaceResolver, WorkerViewerResolver } from './provider-bookings.resolver.js';
import { LedgerEntry, PersonalBudget } from './personal-budget.entity.js';
import { QuoteService } from './quotes.service.js';
import { SpendByCategoryResolver, SpendByProviderResolver, SpendReportResolver } from './spend-report.resolver.js';
import { SpendReportService } from './spend-report.service.js';
import { VisitRemindersWrittenOnce1768000300000 } from '../../migrations/1768000300000-VisitRemindersWrittenOnce.js';
import { SpendReportIndex1766000500000 } from '../../migrations/1766000500000-SpendReportIndex.js';

export const brokerageModule = defineModule({
  name: 'brokerage',
  entities: [PersonalBudget, LedgerEntry, Booking, BookingVisit, Invoice, CalendarLink],
  resolvers: [
    BookingResolver,
    BookingVisitResolver,
    BookingRequestsResolver,
    ProviderBookingsResolver,
    InvoiceResolver,
    VisitPlaceResolver,
    WorkerViewerResolver,
    PersonalBudgetResolver,
    LedgerEntryResolver,
    BudgetViewerResolver,
    BudgetWidgetViewerResolver,
    SpendReportResolver,
    SpendByCategoryResolver,
    SpendByProviderResolver,
    CancellationResolver,
    CalendarLinkResolver,
    ViewerCalendarLinksResolver,
  ],
  migrations: [
    PersonalBudgetsAndBookings1766000000000,
    BookingDeclineReason1766000300000,
    VisitCancellationReasons1766000400000,
    BookingCancellationTerms1766000410000,
    SpendReportIndex1766000500000,
    VisitRemindersWrittenOnce1768000300000,
  ],
  services: ({
    uow,
    audit,
    config,
    directory,
    geo,
    people,
    representatives,
    outbox,
    scheduler,
    accountInvitations,
  }: CoreServices & {
    audit: AuditService;
    directory: DirectoryService;
    geo: GeoService;
    people: PeopleService;
    representatives: RepresentativesService;
    outbox: OutboxService;
    scheduler: JobScheduler;
    accountInvitations: AccountInvitationsService;
  }) => {
    const ledger = new LedgerService(uow, audit);
    const brokerageReader = new BrokerageReader(uow);
    const messages = new BookingMessages(outbox, people, representatives, directory);
    const invoicing = new InvoicingService(uow, ledger, audit, messages);
    const visitReminders = new VisitReminders(uow, outbox, representatives, directory);
    scheduler.register(visitReminders);
    return {
      ledger,
      brokerageReader,
      budgets: new BudgetsService(uow, ledger, audit, people, geo, directory, accountInvitations),
      budgetStatements: new BudgetStatements(uow, brokerageReader, ledger, people, directory),
      quotes: new QuoteService(directory, geo, ledger, brokerageReader, config.fairPriceFloorPence),
      bookings: new BookingsService(uow, ledger, audit, directory, geo, people, messages),
      invoicing,
      fulfilment: new FulfilmentService(uow, ledger, audit, people, invoicing, messages),
      spendReport: new SpendReportService(uow, directory, config.fairPriceFloorPence),
      cancellation: new CancellationService(uow, ledger, audit, messages),
      calendar: new CalendarService(uow, audit, directory, people, representatives),
      /** The day-before reminders; the scheduler runs it, tests call `run(now)`. */
      visitReminders,
    };
  },
});

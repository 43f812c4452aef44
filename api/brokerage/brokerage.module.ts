import { PersonalBudgetsAndBookings1766000000000 } from '../../migrations/1766000000000-PersonalBudgetsAndBookings.js';
import { VisitCancellationReasons1766000400000 } from '../../migrations/1766000400000-VisitCancellationReasons.js';
import { BookingCancellationTerms1766000410000 } from '../../migrations/1766000410000-BookingCancellationTerms.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { Booking, BookingVisit, CalendarLink, Invoice } from './booking.entity.js';
import { BookingResolver, BookingVisitResolver } from './bookings.resolver.js';
import { BrokerageReader } from './brokerage.reader.js';
import { CalendarLinkResolver, ViewerCalendarLinksResolver } from './calendar.resolver.js';
import { CalendarService } from './calendar.service.js';
import { CancellationResolver } from './cancellation.resolver.js';
import { CancellationService } from './cancellation.service.js';
import { LedgerService } from './ledger.service.js';
import { LedgerEntry, PersonalBudget } from './personal-budget.entity.js';

export const brokerageModule = defineModule({
  name: 'brokerage',
  entities: [PersonalBudget, LedgerEntry, Booking, BookingVisit, Invoice, CalendarLink],
  resolvers: [BookingResolver, BookingVisitResolver, CancellationResolver, CalendarLinkResolver, ViewerCalendarLinksResolver],
  migrations: [PersonalBudgetsAndBookings1766000000000, VisitCancellationReasons1766000400000, BookingCancellationTerms1766000410000],
  services: ({
    uow,
    audit,
    directory,
    people,
  }: CoreServices & { audit: AuditService; directory: DirectoryService; people: PeopleService }) => {
    const ledger = new LedgerService(uow, audit);
    return {
      ledger,
      brokerageReader: new BrokerageReader(uow),
      cancellation: new CancellationService(uow, ledger, audit),
      calendar: new CalendarService(uow, audit, directory, people),
    };
  },
});

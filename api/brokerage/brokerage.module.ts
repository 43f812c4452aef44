import { PersonalBudgetsAndBookings1766000000000 } from '../../migrations/1766000000000-PersonalBudgetsAndBookings.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { GeoService } from '../geo/geo.service.js';
import { Booking, BookingVisit, CalendarLink, Invoice } from './booking.entity.js';
import { BookingResolver, BookingVisitResolver } from './bookings.resolver.js';
import { BrokerageReader } from './brokerage.reader.js';
import { BudgetStatements } from './budget-statement.js';
import { BudgetViewerResolver, LedgerEntryResolver, PersonalBudgetResolver } from './budgets.resolver.js';
import { BudgetsService } from './budgets.service.js';
import { LedgerService } from './ledger.service.js';
import { LedgerEntry, PersonalBudget } from './personal-budget.entity.js';

export const brokerageModule = defineModule({
  name: 'brokerage',
  entities: [PersonalBudget, LedgerEntry, Booking, BookingVisit, Invoice, CalendarLink],
  resolvers: [BookingResolver, BookingVisitResolver, PersonalBudgetResolver, LedgerEntryResolver, BudgetViewerResolver],
  migrations: [PersonalBudgetsAndBookings1766000000000],
  services: ({
    uow,
    audit,
    people,
    geo,
    directory,
  }: CoreServices & { audit: AuditService; people: PeopleService; geo: GeoService; directory: DirectoryService }) => {
    const ledger = new LedgerService(uow, audit);
    const brokerageReader = new BrokerageReader(uow);
    return {
      ledger,
      brokerageReader,
      budgets: new BudgetsService(uow, ledger, audit, people, geo, directory),
      budgetStatements: new BudgetStatements(uow, brokerageReader, ledger, people, directory),
    };
  },
});

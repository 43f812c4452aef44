import { PersonalBudgetsAndBookings1766000000000 } from '../../migrations/1766000000000-PersonalBudgetsAndBookings.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { Booking, BookingVisit, CalendarLink, Invoice } from './booking.entity.js';
import { BookingResolver, BookingVisitResolver } from './bookings.resolver.js';
import { BrokerageReader } from './brokerage.reader.js';
import { LedgerService } from './ledger.service.js';
import { LedgerEntry, PersonalBudget } from './personal-budget.entity.js';
import { SpendByCategoryResolver, SpendByProviderResolver, SpendReportResolver } from './spend-report.resolver.js';
import { SpendReportService } from './spend-report.service.js';
import { SpendReportIndex1766000500000 } from '../../migrations/1766000500000-SpendReportIndex.js';
import type { DirectoryService } from '../directory/directory.service.js';

export const brokerageModule = defineModule({
  name: 'brokerage',
  entities: [PersonalBudget, LedgerEntry, Booking, BookingVisit, Invoice, CalendarLink],
  resolvers: [BookingResolver, BookingVisitResolver, SpendReportResolver, SpendByCategoryResolver, SpendByProviderResolver],
  migrations: [PersonalBudgetsAndBookings1766000000000, SpendReportIndex1766000500000],
  services: ({ uow, audit, directory, fairPriceFloorPence }: CoreServices & { audit: AuditService; directory: DirectoryService }) => {
    const ledger = new LedgerService(uow, audit);
    return {
      ledger,
      brokerageReader: new BrokerageReader(uow),
      spendReport: new SpendReportService(uow, directory, fairPriceFloorPence),
    };
  },
});

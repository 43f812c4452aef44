import { TimeBank1770000000000 } from '../../migrations/1770000000000-TimeBank.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { Exchange, TimeLedgerEntry, TimeTransfer } from './exchange.entity.js';
import { ExpenseClaim, Receipt } from './expense.entity.js';
import { HelpOffer, HelpRequest } from './help.entity.js';
import { BackgroundCheck, TimeBank, TimeBankMember } from './time-bank.entity.js';
import { TimeBanksReader } from './time-banks.reader.js';
import { ExchangeResolver } from './exchanges.resolver.js';
import { ExchangesService } from './exchanges.service.js';
import { TimeBankLedgerResolver, TimeBankMemberLedgerResolver, TimeLedgerEntryResolver } from './time-ledger.resolver.js';
import { TimeLedgerService } from './time-ledger.service.js';
import { TimeTransferResolver } from './transfers.resolver.js';
import { TransfersService } from './transfers.service.js';
import { VolunteerRecordLink, VolunteerReference, VolunteerTraining } from './volunteer-record.entity.js';

export const timeBankModule = defineModule({
  name: 'timebank',
  entities: [
    TimeBank,
    TimeBankMember,
    BackgroundCheck,
    HelpOffer,
    HelpRequest,
    Exchange,
    TimeTransfer,
    TimeLedgerEntry,
    Receipt,
    ExpenseClaim,
    VolunteerTraining,
    VolunteerReference,
    VolunteerRecordLink,
  ],
  resolvers: [
    // The ledger: exchanges, balances and statements, gifts and the pool.
    ExchangeResolver,
    TimeBankMemberLedgerResolver,
    TimeBankLedgerResolver,
    TimeLedgerEntryResolver,
    TimeTransferResolver,
  ],
  migrations: [TimeBank1770000000000],
  services: ({ uow, audit, directory }: CoreServices & { audit: AuditService; directory: DirectoryService }) => {
    const timeBanksReader = new TimeBanksReader(uow);
    // The ledger: the one writer of time, and the exchanges and transfers that move it.
    const timeLedger = new TimeLedgerService(uow, audit);
    return {
      timeBanksReader,
      timeLedger,
      exchanges: new ExchangesService(uow, audit, timeBanksReader, timeLedger, directory),
      transfers: new TransfersService(uow, audit, timeBanksReader, timeLedger),
    };
  },
});

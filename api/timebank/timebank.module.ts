import { TimeBank1770000000000 } from '../../migrations/1770000000000-TimeBank.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { GeoService } from '../geo/geo.service.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import type { JobScheduler } from '../notifications/scheduler.js';
import { ProviderTimeBankResolver, TimeBankPictureResolver } from './co-op-picture.resolver.js';
import { Exchange, TimeLedgerEntry, TimeTransfer } from './exchange.entity.js';
import { ExchangeResolver } from './exchanges.resolver.js';
import { ExchangesService } from './exchanges.service.js';
import { ExpenseClaim, Receipt } from './expense.entity.js';
import { ExpenseClaimsResolver, MemberExpenseClaimsResolver, TimeBankExpenseClaimsResolver } from './expense-claims.resolver.js';
import { ExpenseClaimsService } from './expense-claims.service.js';
import { HelpOffer, HelpRequest } from './help.entity.js';
import { HelpMessages } from './help-messages.js';
import { HelpMatchResolver, HelpOffersResolver, HelpRequestsResolver, MemberHelpResolver } from './help.resolver.js';
import { HelpService } from './help.service.js';
import { PersonTimeBankMembershipsResolver, TimeBankMembersResolver, ViewerTimeBankMembershipsResolver } from './members.resolver.js';
import { MembersService } from './members.service.js';
import { MembersMessages } from './members-messages.js';
import { ReceiptsService, UnclaimedReceipts } from './receipts.service.js';
import { BackgroundCheck, TimeBank, TimeBankMember } from './time-bank.entity.js';
import { TimeBanksReader } from './time-banks.reader.js';
import { TimeBanksResolver } from './time-banks.resolver.js';
import { TimeBanksService } from './time-banks.service.js';
import { TimeBankLedgerResolver, TimeBankMemberLedgerResolver, TimeLedgerEntryResolver } from './time-ledger.resolver.js';
import { TimeLedgerService } from './time-ledger.service.js';
import { TrainingAndReferencesService } from './training-and-references.service.js';
import { TimeTransferResolver } from './transfers.resolver.js';
import { TransfersService } from './transfers.service.js';
import { VolunteerRecordLink, VolunteerReference, VolunteerTraining } from './volunteer-record.entity.js';
import { VolunteerRecordLinksService } from './volunteer-record-links.service.js';
import { MemberVolunteerRecordResolver, VolunteerRecordResolver, VolunteerTrainingResolver } from './volunteer-record.resolver.js';
import { VolunteerRecordService } from './volunteer-record.service.js';

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
    // Time banks, membership, checks, offers and requests.
    TimeBanksResolver,
    TimeBankMembersResolver,
    ViewerTimeBankMembershipsResolver,
    PersonTimeBankMembershipsResolver,
    HelpOffersResolver,
    HelpRequestsResolver,
    HelpMatchResolver,
    MemberHelpResolver,
    // The ledger: exchanges, balances and statements, gifts and the pool.
    ExchangeResolver,
    TimeBankMemberLedgerResolver,
    TimeBankLedgerResolver,
    TimeLedgerEntryResolver,
    TimeTransferResolver,
    // Expenses.
    ExpenseClaimsResolver,
    MemberExpenseClaimsResolver,
    TimeBankExpenseClaimsResolver,
    // The volunteer's record, training and references, and the co-op's picture.
    VolunteerRecordResolver,
    MemberVolunteerRecordResolver,
    VolunteerTrainingResolver,
    TimeBankPictureResolver,
    ProviderTimeBankResolver,
  ],
  migrations: [TimeBank1770000000000],
  services: ({
    uow,
    config,
    audit,
    directory,
    geo,
    outbox,
    people,
    scheduler,
  }: CoreServices & {
    audit: AuditService;
    directory: DirectoryService;
    geo: GeoService;
    outbox: OutboxService;
    people: PeopleService;
    scheduler: JobScheduler;
  }) => {
    const timeBanksReader = new TimeBanksReader(uow);
    const timeBanks = new TimeBanksService(uow, timeBanksReader, audit, directory);
    // The ledger: the one writer of time, and the exchanges and transfers that move it.
    const timeLedger = new TimeLedgerService(uow, audit);
    // Expenses: receipts, claims, and the job deleting receipts no claim took.
    const unclaimedReceipts = new UnclaimedReceipts(uow, audit);
    scheduler.register(unclaimedReceipts);
    const volunteerRecords = new VolunteerRecordService(uow, audit, timeBanksReader, people, directory);
    const volunteerRecordLinks = new VolunteerRecordLinksService(uow, audit, timeBanksReader, volunteerRecords, config.publicUrl);
    const help = new HelpService(uow, timeBanksReader, timeBanks, geo, audit, new HelpMessages(outbox, people, directory));
    return {
      timeBanksReader,
      timeBanks,
      timeBankMembers: new MembersService(
        uow,
        timeBanksReader,
        audit,
        new MembersMessages(outbox, people, directory),
        volunteerRecordLinks,
        help,
      ),
      help,
      timeLedger,
      exchanges: new ExchangesService(uow, audit, timeBanksReader, timeLedger, timeBanks),
      transfers: new TransfersService(uow, audit, timeBanksReader, timeLedger),
      receipts: new ReceiptsService(uow, audit, config.publicUrl),
      expenseClaims: new ExpenseClaimsService(uow, timeBanksReader, audit, people),
      /** The scheduler runs it; tests call `run(now)`. */
      unclaimedReceipts,
      volunteerRecords,
      volunteerRecordLinks,
      trainingAndReferences: new TrainingAndReferencesService(uow, audit, timeBanksReader),
    };
  },
});

import { TimeBank1770000000000 } from '../../migrations/1770000000000-TimeBank.js';
import { TimeBankPoolLinesIndex1770000400000 } from '../../migrations/1770000400000-TimeBankPoolLinesIndex.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { Exchange, TimeLedgerEntry, TimeTransfer } from './exchange.entity.js';
import { ExpenseClaim, Receipt } from './expense.entity.js';
import { HelpOffer, HelpRequest } from './help.entity.js';
import { BackgroundCheck, TimeBank, TimeBankMember } from './time-bank.entity.js';
import { TimeBanksReader } from './time-banks.reader.js';
import { VolunteerRecordLink, VolunteerReference, VolunteerTraining } from './volunteer-record.entity.js';
// record: training, references, the volunteer's record and its links, the co-op's picture
import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { ProviderTimeBankResolver, TimeBankPictureResolver } from './co-op-picture.resolver.js';
import { TrainingAndReferencesService } from './training-and-references.service.js';
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
    // record
    VolunteerRecordResolver,
    MemberVolunteerRecordResolver,
    VolunteerTrainingResolver,
    TimeBankPictureResolver,
    ProviderTimeBankResolver,
  ],
  migrations: [
    TimeBank1770000000000,
    // record
    TimeBankPoolLinesIndex1770000400000,
  ],
  services: ({
    uow,
    config,
    audit,
    people,
    directory,
  }: CoreServices & { audit: AuditService; people: PeopleService; directory: DirectoryService }) => {
    const timeBanksReader = new TimeBanksReader(uow);
    // record
    const volunteerRecords = new VolunteerRecordService(uow, audit, timeBanksReader, people, directory);
    return {
      timeBanksReader,
      // record
      volunteerRecords,
      volunteerRecordLinks: new VolunteerRecordLinksService(uow, audit, timeBanksReader, volunteerRecords, config.publicUrl),
      trainingAndReferences: new TrainingAndReferencesService(uow, audit, timeBanksReader),
    };
  },
});

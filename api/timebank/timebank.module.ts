import { TimeBank1770000000000 } from '../../migrations/1770000000000-TimeBank.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { Exchange, TimeLedgerEntry, TimeTransfer } from './exchange.entity.js';
import { ExpenseClaim, Receipt } from './expense.entity.js';
import { HelpOffer, HelpRequest } from './help.entity.js';
import { BackgroundCheck, TimeBank, TimeBankMember } from './time-bank.entity.js';
import { TimeBanksReader } from './time-banks.reader.js';
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
  resolvers: [],
  migrations: [TimeBank1770000000000],
  services: ({ uow }: CoreServices) => ({
    timeBanksReader: new TimeBanksReader(uow),
  }),
});

import { TimeBank1770000000000 } from '../../migrations/1770000000000-TimeBank.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { GeoService } from '../geo/geo.service.js';
import { Exchange, TimeLedgerEntry, TimeTransfer } from './exchange.entity.js';
import { ExpenseClaim, Receipt } from './expense.entity.js';
import { HelpOffer, HelpRequest } from './help.entity.js';
import { BackgroundCheck, TimeBank, TimeBankMember } from './time-bank.entity.js';
import { TimeBanksReader } from './time-banks.reader.js';
import { HelpMatching } from './help-matching.js';
import { HelpMatchResolver, HelpOffersResolver, HelpRequestsResolver, MemberHelpResolver } from './help.resolver.js';
import { HelpService } from './help.service.js';
import { TimeBankMembersResolver, ViewerTimeBankMembershipsResolver } from './members.resolver.js';
import { MembersService } from './members.service.js';
import { MembersMessages } from './members-messages.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import type { PeopleService } from '../accounts/people.service.js';
import { TimeBanksResolver } from './time-banks.resolver.js';
import { TimeBanksService } from './time-banks.service.js';
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
    // members: time banks, membership, checks, offers and requests
    TimeBanksResolver,
    TimeBankMembersResolver,
    ViewerTimeBankMembershipsResolver,
    HelpOffersResolver,
    HelpRequestsResolver,
    HelpMatchResolver,
    MemberHelpResolver,
  ],
  migrations: [TimeBank1770000000000],
  services: ({
    uow,
    audit,
    directory,
    geo,
    outbox,
    people,
  }: CoreServices & {
    audit: AuditService;
    directory: DirectoryService;
    geo: GeoService;
    outbox: OutboxService;
    people: PeopleService;
  }) => {
    const timeBanksReader = new TimeBanksReader(uow);
    // members: time banks, membership, checks, offers and requests
    const timeBanks = new TimeBanksService(uow, timeBanksReader, audit, directory);
    return {
      timeBanksReader,
      timeBanks,
      timeBankMembers: new MembersService(uow, timeBanksReader, audit, new MembersMessages(outbox, people, directory)),
      help: new HelpService(uow, timeBanksReader, timeBanks, geo, audit),
      helpMatching: new HelpMatching(uow),
    };
  },
});

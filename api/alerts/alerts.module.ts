import { CrisisAlerts1768000200000 } from '../../migrations/1768000200000-CrisisAlerts.js';
import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import type { BrokerageReader } from '../brokerage/brokerage.reader.js';
import { type CoreServices, defineModule } from '../common/module.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { OutboxService } from '../notifications/outbox.service.js';
import type { JobScheduler } from '../notifications/scheduler.js';
import { CouncilDutyContact, CrisisAlert, EmergencyContact } from './alerts.entity.js';
import { CrisisAlertsResolver, CrisisContactsResolver } from './alerts.resolver.js';
import { ContactsService } from './contacts.service.js';
import { CrisisAlertsService } from './crisis-alerts.service.js';
import { CrisisEscalation } from './crisis-escalation.js';
import { NoSmsProvider, type SmsChannel } from './sms-channel.js';

/** How often the escalation job looks for alerts nobody acknowledged in time. */
const ESCALATION_EVERY_SECONDS = 30;

export const alertsModule = defineModule({
  name: 'alerts',
  entities: [EmergencyContact, CrisisAlert, CouncilDutyContact],
  resolvers: [CrisisContactsResolver, CrisisAlertsResolver],
  migrations: [CrisisAlerts1768000200000],
  services: ({
    uow,
    config,
    audit,
    outbox,
    scheduler,
    people,
    brokerageReader,
    directory,
  }: CoreServices & {
    audit: AuditService;
    outbox: OutboxService;
    scheduler: JobScheduler;
    people: PeopleService;
    brokerageReader: BrokerageReader;
    directory: DirectoryService;
  }) => {
    const contacts = new ContactsService(uow, audit, people, directory);
    const crisisEscalation = new CrisisEscalation(uow, audit, outbox, people, contacts, config.crisisEscalationMinutes);
    scheduler.register({
      name: 'crisis-escalation',
      everySeconds: ESCALATION_EVERY_SECONDS,
      run: (now, log) => crisisEscalation.escalateDue(now, log),
    });
    // A council plugs its SMS provider in here (see sms-channel.ts).
    const sms: SmsChannel = new NoSmsProvider();
    return {
      contacts,
      sms,
      crisisAlerts: new CrisisAlertsService(uow, audit, outbox, people, brokerageReader, contacts, crisisEscalation, sms),
      crisisEscalation,
    };
  },
});

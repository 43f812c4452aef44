import { MessageOutbox1768000000000 } from '../../migrations/1768000000000-MessageOutbox.js';
import type { AuditService } from '../audit/audit.service.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { Links } from './letter.js';
import { MailSender } from './mail-sender.js';
import { MessageChoicesResolver, ViewerMessageChoicesResolver } from './message-choices.resolver.js';
import { MessageChoicesService } from './message-choices.service.js';
import { transportFor } from './mail-transport.js';
import { MessagePreferenceRow, OutboxMessage } from './outbox-message.entity.js';
import { OutboxService } from './outbox.service.js';
import { JobScheduler } from './scheduler.js';

/** How often each instance looks for messages to send: a message waits this long at most when all is well. */
const SEND_EVERY_SECONDS = 5;

export const notificationsModule = defineModule({
  name: 'notifications',
  entities: [OutboxMessage, MessagePreferenceRow],
  resolvers: [MessageChoicesResolver, ViewerMessageChoicesResolver],
  migrations: [MessageOutbox1768000000000],
  services: ({ db, uow, config, audit }: CoreServices & { audit: AuditService }) => {
    /** Jobs every instance runs on timers; domains register theirs here, api/main.ts starts them. */
    const scheduler = new JobScheduler();
    const mailSender = new MailSender(db, transportFor(config), new URL(config.publicUrl).hostname);
    scheduler.register({ name: 'mail-sender', everySeconds: SEND_EVERY_SECONDS, run: (now, log) => mailSender.deliverDue(now, log) });
    return {
      outbox: new OutboxService(uow, new Links(config.publicUrl)),
      scheduler,
      mailSender,
      messageChoices: new MessageChoicesService(uow, audit),
    };
  },
});

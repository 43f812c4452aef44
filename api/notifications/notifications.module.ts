import { MessageOutbox1768000000000 } from '../../migrations/1768000000000-MessageOutbox.js';
import { type CoreServices, defineModule } from '../common/module.js';
import { Links } from './letter.js';
import { MessagePreferenceRow, OutboxMessage } from './outbox-message.entity.js';
import { OutboxService } from './outbox.service.js';
import { JobScheduler } from './scheduler.js';

export const notificationsModule = defineModule({
  name: 'notifications',
  entities: [OutboxMessage, MessagePreferenceRow],
  resolvers: [],
  migrations: [MessageOutbox1768000000000],
  services: ({ uow, config }: CoreServices) => ({
    outbox: new OutboxService(uow, new Links(config.publicUrl)),
    /** Jobs every instance runs on timers; domains register theirs here, api/main.ts starts them. */
    scheduler: new JobScheduler(),
  }),
});

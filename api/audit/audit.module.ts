import { AuditSchema1764000300000 } from '../../migrations/1764000300000-AuditSchema.js';
import { AuditEventsNumberedAndTimed1765000510000 } from '../../migrations/1765000510000-AuditEventsNumberedAndTimed.js';
import { defineModule } from '../common/module.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';

export const auditModule = defineModule({
  name: 'audit',
  entities: [AuditEvent],
  resolvers: [AuditResolver],
  migrations: [AuditSchema1764000300000, AuditEventsNumberedAndTimed1765000510000],
  services: ({ uow }) => ({ audit: new AuditService(uow) }),
});

import { defineModule } from '../common/module.js';
import { AuditEvent } from './audit-event.entity.js';
import { AuditResolver } from './audit.resolver.js';
import { AuditService } from './audit.service.js';

export const auditModule = defineModule({
  name: 'audit',
  entities: [AuditEvent],
  resolvers: [AuditResolver],
  migrations: [],
  services: ({ uow }) => ({ audit: new AuditService(uow) }),
});

import type { DataSource } from 'typeorm';
import type { ClassType, CoreServices, DomainModule } from './common/module.js';
import { UnitOfWork } from './common/unit-of-work.js';
import { createLogger } from './common/logger.js';
import { geoModule } from './geo/geo.module.js';
import { auditModule } from './audit/audit.module.js';
import { notificationsModule } from './notifications/notifications.module.js';
import { directoryModule } from './directory/directory.module.js';
import { accountsModule } from './accounts/accounts.module.js';
import { authModule } from './auth/auth.module.js';
import { authOptionsFrom } from './auth/auth.options.js';
import { type Config, loadConfig } from './config.js';
import { orukModule } from './oruk/oruk.module.js';
import { brokerageModule } from './brokerage/brokerage.module.js';
import { carePlansModule } from './careplans/careplans.module.js';
import { alertsModule } from './alerts/alerts.module.js';
import { timeBankModule } from './timebank/timebank.module.js';
import { governanceModule } from './governance/governance.module.js';

/**
 * Every domain, the one list. Order matters for services only: a domain comes after the domains whose
 * services it uses (migrations run in the order of their timestamps).
 */
export const modules = [
  geoModule,
  auditModule,
  notificationsModule,
  directoryModule,
  accountsModule,
  authModule,
  orukModule,
  brokerageModule,
  timeBankModule,
  carePlansModule,
  alertsModule,
  governanceModule,
] as const;

type Module = (typeof modules)[number];
type Provided<M> = M extends DomainModule<never, infer P> ? P : never;
type Intersection<U> = (U extends unknown ? (u: U) => void : never) extends (i: infer I) => void ? I : never;

/** The domain services, one instance each per process; resolvers reach them through the request context. */
export type AppServices = CoreServices & Intersection<Provided<Module>>;

export const entities: ClassType[] = modules.flatMap((m) => m.entities);
export const resolvers: ClassType[] = modules.flatMap((m) => m.resolvers);
export const migrations = modules.flatMap((m) => m.migrations);

export function createServices(db: DataSource, config: Config = loadConfig()): AppServices {
  // Retries are routine under contention, so they are logged at debug: a burst of them at info would be noise.
  const logger = createLogger(config);
  const uow = new UnitOfWork(db, {
    statementTimeoutMs: config.statementTimeoutMs,
    onRetry: (entry) => logger.debug({ event: 'transaction_retry', ...entry }, 'transaction retried'),
  });
  const built: Record<string, unknown> = { db, uow, authOptions: authOptionsFrom(config), config };
  for (const module of modules as readonly DomainModule<never, object>[]) {
    // A module listed before one whose services it uses would get undefined; say so at start-up instead.
    const listedBefore = new Proxy(built, {
      get(target, name) {
        if (typeof name === 'string' && !(name in target))
          throw new Error(`The ${module.name} module needs "${name}": list its domain before it.`);
        return target[name as string];
      },
    });
    Object.assign(built, module.services(listedBefore as never));
  }
  return built as unknown as AppServices;
}

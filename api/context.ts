import type { DataSource } from 'typeorm';
import { ANONYMOUS, type Actor } from './accounts/actor.js';
import { LoaderRegistry } from './common/loaders.js';
import type { AppServices } from './services.js';

export interface Context {
  requestId: string;
  /** Who is asking, from the request's credentials (api/accounts/http-auth.ts); policy helpers in api/accounts/actor.ts. */
  actor: Actor;
  /** The client's address, as Express derives it (`req.ip`, honouring COOPCARE_TRUST_PROXY); keys the sign-in lock-out. */
  clientAddress?: string;
  db: DataSource;
  services: AppServices;
  loaders: LoaderRegistry;
}

export function createContext(services: AppServices, requestId: string, actor: Actor = ANONYMOUS): Context {
  return { requestId, actor, db: services.db, services, loaders: new LoaderRegistry(services.db) };
}

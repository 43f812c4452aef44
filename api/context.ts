import { ANONYMOUS, type Actor } from './auth/actor.js';
import { LoaderRegistry } from './common/loaders.js';
import type { AppServices } from './modules.js';

export interface Context {
  requestId: string;
  /** Who is asking, from the request's credentials (api/auth/authentication.service.ts); policy helpers in api/auth/actor.ts. */
  actor: Actor;
  /** The client's address (api/common/client-address.ts, honouring COOPCARE_TRUST_PROXY); keys the sign-in lock-out. */
  clientAddress?: string;
  services: AppServices;
  loaders: LoaderRegistry;
}

export function createContext(services: AppServices, requestId: string, actor: Actor = ANONYMOUS): Context {
  return { requestId, actor, services, loaders: new LoaderRegistry(services.uow) };
}

import type { DataSource } from 'typeorm';
import { LoaderRegistry } from './common/loaders.js';
import type { AppServices } from './services.js';

export interface Context {
  requestId: string;
  db: DataSource;
  services: AppServices;
  loaders: LoaderRegistry;
}

export function createContext(services: AppServices, requestId: string): Context {
  return { requestId, db: services.db, services, loaders: new LoaderRegistry(services.db) };
}

import type { DataSource, MigrationInterface } from 'typeorm';
import type { AuthOptions } from '../auth/auth.options.js';
import type { Config } from '../config.js';
import type { UnitOfWork } from './unit-of-work.js';

/** A class: an entity TypeORM maps, a resolver type-graphql reads. */
// biome-ignore lint/suspicious/noExplicitAny: constructors of any arity
export type ClassType = new (...args: any[]) => object;

/** What every domain's services are built from. */
export interface CoreServices {
  db: DataSource;
  /** The transaction carried with the request: services join the caller's instead of taking an `em`. */
  uow: UnitOfWork;
  /** Token key, lifetimes and sign-in limits, from the configuration. */
  authOptions: AuthOptions;
  /** The configuration the process started with, for settings a domain's rules read (the fair-price floor). */
  config: Config;
}

/**
 * A domain as the application sees it: its tables (entities), its part of the schema (resolvers), its
 * migrations and its services. Adding a domain is writing one of these and listing it in api/modules.ts.
 * `services` receives what the domains listed before it built, so a domain names the services it uses
 * in the type of its argument.
 */
export interface DomainModule<Needs = object, Provides = object> {
  name: string;
  entities: ClassType[];
  resolvers: ClassType[];
  migrations: (new () => MigrationInterface)[];
  services(built: CoreServices & Needs): Provides;
}

export function defineModule<Needs, Provides>(module: DomainModule<Needs, Provides>): DomainModule<Needs, Provides> {
  return module;
}

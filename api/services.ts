import type { DataSource } from 'typeorm';
import { GeoService } from './geo/geo.service.js';
import { DirectoryService } from './directory/directory.service.js';
import { AccountsService, accountsOptionsFromEnv } from './accounts/accounts.service.js';
import { AuditService } from './audit/audit.service.js';
import { DirectoryCurationService } from './directory/curation.service.js';

/**
 * The domain services, one instance each per process. They own the logic and the transactions;
 * resolvers reach them through the request context, and one domain reaches another only through here.
 */
export interface AppServices {
  db: DataSource;
  geo: GeoService;
  directory: DirectoryService;
  accounts: AccountsService;
  audit: AuditService;
  /** Listing edits, publication and suspension: checked and audited (api/directory/curation.service.ts). */
  curation: DirectoryCurationService;
}

export function createServices(db: DataSource): AppServices {
  const audit = new AuditService(db);
  const accounts = new AccountsService(db, audit, accountsOptionsFromEnv(process.env));
  const geo = new GeoService(db);
  const directory = new DirectoryService(db, geo);
  return { db, geo, directory, accounts, audit, curation: new DirectoryCurationService(db, directory, audit) };
}

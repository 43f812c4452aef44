import type { MigrationInterface } from 'typeorm';
import { AccountsSchema1764000200000 } from './1764000200000-AccountsSchema.js';
import { AuditSchema1764000300000 } from './1764000300000-AuditSchema.js';
import { DirectorySchema1764000100000 } from './1764000100000-DirectorySchema.js';
import { GeoSchema1764000000000 } from './1764000000000-GeoSchema.js';

export { AccountsSchema1764000200000, AuditSchema1764000300000, DirectorySchema1764000100000, GeoSchema1764000000000 };

/**
 * Each domain's schema, in the order their foreign keys need: accounts references the directory's
 * councils and providers. Listed, not globbed, so the build never depends on the file system.
 */
export const migrations: (new () => MigrationInterface)[] = [
  GeoSchema1764000000000,
  DirectorySchema1764000100000,
  AccountsSchema1764000200000,
  AuditSchema1764000300000,
];

import type { MigrationInterface } from 'typeorm';
import { GeoGazetteer1763800000000 } from './1763800000000-GeoGazetteer.js';
import { Directory1763800100000 } from './1763800100000-Directory.js';
import { Accounts1763800200000 } from './1763800200000-Accounts.js';
import { FasterDirectorySearch1763800300000 } from './1763800300000-FasterDirectorySearch.js';
import { DirectoryFiltersInSql1763800420000 } from './1763800420000-DirectoryFiltersInSql.js';
import { AccountsHardening1763800600000 } from './1763800600000-AccountsHardening.js';
import { DirectoryIntegrity1763800700000 } from './1763800700000-DirectoryIntegrity.js';
import { KnownWordsNeedNoPublicCheck1763800800000 } from './1763800800000-KnownWordsNeedNoPublicCheck.js';
import { PublicWordsSecondChance1763800900000 } from './1763800900000-PublicWordsSecondChance.js';
import { SignInAndSessionHardening1763801000000 } from './1763801000000-SignInAndSessionHardening.js';

/** Every migration, oldest first. Each domain's migrations are listed here explicitly so the build never depends on globbing. */
export const migrations: (new () => MigrationInterface)[] = [
  GeoGazetteer1763800000000, Directory1763800100000, Accounts1763800200000,
  FasterDirectorySearch1763800300000, DirectoryFiltersInSql1763800420000,
  AccountsHardening1763800600000, DirectoryIntegrity1763800700000, KnownWordsNeedNoPublicCheck1763800800000,
  PublicWordsSecondChance1763800900000, SignInAndSessionHardening1763801000000,
];

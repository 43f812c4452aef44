import type { MigrationInterface } from 'typeorm';

/** Every migration, oldest first. Each domain's migrations are listed here explicitly so the build never depends on globbing. */
export const migrations: (new () => MigrationInterface)[] = [];

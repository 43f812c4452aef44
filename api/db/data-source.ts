import 'reflect-metadata';
import { DataSource, type Logger } from 'typeorm';
import { entities, migrations } from '../modules.js';

export function createDataSource(url: string, options: { poolSize?: number; logger?: Logger } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    poolSize: options.poolSize ?? 20,
    // Money and counts are integers; Postgres bigint (count(*), sum) comes back as text otherwise.
    parseInt8: true,
    extra: { application_name: 'coopcare' },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** SQL statements that would bring the database in line with the entities: empty when migrations and entities agree. */
export async function pendingSchemaChanges(db: DataSource): Promise<string[]> {
  const sql = await db.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

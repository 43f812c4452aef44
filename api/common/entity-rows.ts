import type { DataSource, ObjectLiteral } from 'typeorm';

/**
 * An entity from its table row as PostgreSQL's `row_to_json` gives it (keys are column names), typed as
 * TypeORM would load it: what lets one statement return a page and the rows its fields need.
 */
export function entityFromJson<T extends ObjectLiteral>(db: DataSource, entity: new () => T, row: Record<string, unknown>): T {
  const metadata = db.getMetadata(entity);
  const loaded = metadata.create() as T;
  for (const column of metadata.columns) {
    column.setEntityValue(loaded, db.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return loaded;
}

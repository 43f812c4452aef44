import type { DataSource, EntityMetadata, ObjectLiteral } from 'typeorm';

/**
 * Column types `row_to_json` renders unlike the pg driver, so hydrating them would differ from a TypeORM
 * load: numeric and bigint come as JSON numbers (losing precision) where TypeORM gives strings.
 */
const UNLIKE_A_LOAD = new Set(['numeric', 'decimal', 'bigint', 'int8']);
const checked = new WeakSet<EntityMetadata>();

/** Refuses, once per entity, one with a column this hydration would get wrong. */
function assertHydratable(metadata: EntityMetadata): void {
  if (checked.has(metadata)) return;
  for (const column of metadata.columns) {
    const type = String(column.type);
    // An enum array comes as a JSON array, which TypeORM's enum-array parsing (of "{A,B}" text) throws on.
    if (UNLIKE_A_LOAD.has(type) || (column.isArray && (type === 'enum' || type === 'simple-enum'))) {
      throw new Error(
        `entityFromJson cannot hydrate ${metadata.name}.${column.propertyName} (${type}${column.isArray ? '[]' : ''}) ` +
          'as TypeORM loads it; load that entity through TypeORM.',
      );
    }
  }
  checked.add(metadata);
}

/**
 * An entity from its table row as PostgreSQL's `row_to_json` gives it (keys are column names), typed as
 * TypeORM would load it: what lets one statement return a page and the rows its fields need. Only for
 * entities without numeric, bigint or enum-array columns, which JSON renders unlike the driver.
 */
export function entityFromJson<T extends ObjectLiteral>(db: DataSource, entity: new () => T, row: Record<string, unknown>): T {
  const metadata = db.getMetadata(entity);
  assertHydratable(metadata);
  const loaded = metadata.create() as T;
  for (const column of metadata.columns) {
    column.setEntityValue(loaded, db.driver.prepareHydratedValue(row[column.databaseName], column));
  }
  return loaded;
}

import { validate } from 'uuid';

/**
 * Ids are UUIDs. Anything else names nothing, and must not reach a uuid column, where PostgreSQL would
 * refuse it with an error rather than find no row.
 */
export function isUuid(value: string | null | undefined): value is string {
  return typeof value === 'string' && validate(value);
}

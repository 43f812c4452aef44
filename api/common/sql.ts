import { QueryFailedError } from 'typeorm';

/** Rows of an UPDATE/DELETE … RETURNING (TypeORM gives [rows, count] for those, rows for the rest). */
export function returnedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}

/**
 * Whether the database refused a statement for breaking the named constraint: where a constraint, not a
 * check in code, is the judge (a race two transactions both pass in code), its refusal is the answer.
 */
export function brokeConstraint(error: unknown, constraint: string): boolean {
  return error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === constraint;
}

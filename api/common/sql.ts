/** Rows of an UPDATE/DELETE … RETURNING (TypeORM gives [rows, count] for those, rows for the rest). */
export function returnedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return (Array.isArray(r[0]) ? r[0] : r) as T[];
}

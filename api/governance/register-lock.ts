import type { EntityManager } from 'typeorm';

/**
 * Serialises the writes to one co-op's register (admissions, leavings, the secretary) and the counts the
 * directory is given from it, for the rest of the transaction. Taken before any row of the register is
 * locked, so two writers never hold each other's locks; re-entrant within one transaction.
 */
export async function lockRegister(em: EntityManager, providerId: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('co_op_register:' || $1, 0))`, [providerId]);
}

/**
 * Serialises two officers setting out one co-op's constitution, so each audit's "before" is the rules the other
 * left. Taken before the register's lock (the directory's counts are refreshed under it), never after.
 */
export async function lockConstitution(em: EntityManager, providerId: string): Promise<void> {
  await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('co_op_constitution:' || $1, 0))`, [providerId]);
}

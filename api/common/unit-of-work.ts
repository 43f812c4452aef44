import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource, EntityManager } from 'typeorm';

interface OpenTransaction {
  db: DataSource;
  em: EntityManager;
}

const current = new AsyncLocalStorage<OpenTransaction>();

/**
 * The transaction a piece of work runs in, carried with the async call chain (as Vendure's
 * TransactionalConnection carries it in the request context): a service that opens a transaction while
 * another service's is open joins it, so one booking can span budget, directory, accounts and audit and
 * commit or roll back as one, without an `em` parameter threaded through every call.
 */
export class UnitOfWork {
  constructor(readonly db: DataSource) {}

  /** The open transaction's manager, or the pool's outside one: for reads that should see the caller's writes. */
  get manager(): EntityManager {
    const open = current.getStore();
    return open && open.db === this.db ? open.em : this.db.manager;
  }

  /**
   * Runs `work` in the open transaction, or in a new one that commits when `work` resolves and rolls back
   * when it throws. A failure inside a joined transaction fails the whole unit (PostgreSQL aborts it):
   * turn an exception into a result outside the unit, as `asResult` does at the resolver, not inside.
   */
  transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const open = current.getStore();
    if (open && open.db === this.db) return work(open.em);
    return this.db.transaction((em) => current.run({ db: this.db, em }, () => work(em)));
  }

  /**
   * Runs `work` in a transaction of its own, committed whatever the caller's does next: for records that
   * must outlive the refusal they lead to (a counted sign-in attempt, an ended session, their audit rows).
   */
  independent<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return current.exit(() => this.transaction(work));
  }
}

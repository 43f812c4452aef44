import { AsyncLocalStorage } from 'node:async_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DataSource, type EntityManager, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { DatabaseException, DatabaseExceptionCode, databaseException, RETRYABLE_STATES, sqlStateOf } from '../db/database.exception.js';
import { currentDeadline } from './deadline.js';

interface OpenTransaction {
  db: DataSource;
  em: EntityManager;
}

const current = new AsyncLocalStorage<OpenTransaction>();

/** Attempts in all at a unit that PostgreSQL aborted as a serialization failure or a deadlock. */
export const MAX_ATTEMPTS = 3;
/** Full jitter: the wait before attempt n+1 is random in 0..(BACKOFF_MS × 2^n), so clashing units drift apart. */
const BACKOFF_MS = 20;

export interface UnitOfWorkOptions {
  /** The connections' statement_timeout; a request with less time left lowers it for its transaction. */
  statementTimeoutMs?: number;
  /** Told of each retry, with the SQLSTATE that caused it. */
  onRetry?: (entry: { attempt: number; dbCode: string; waitMs: number }) => void;
}

/**
 * The transaction a piece of work runs in, carried with the async call chain (as Vendure's
 * TransactionalConnection carries it in the request context): a service that opens a transaction while
 * another service's is open joins it, so one booking can span budget, directory, accounts and audit and
 * commit or roll back as one, without an `em` parameter threaded through every call.
 */
export class UnitOfWork {
  constructor(
    readonly db: DataSource,
    private readonly options: UnitOfWorkOptions = {},
  ) {}

  /** The open transaction's manager, or the pool's outside one: for reads that should see the caller's writes. */
  get manager(): EntityManager {
    const open = current.getStore();
    return open && open.db === this.db ? open.em : this.db.manager;
  }

  /**
   * Whether a transaction of this database is open: caches are then neither read nor filled, as the
   * transaction may have written what they hold.
   */
  get inTransaction(): boolean {
    const open = current.getStore();
    return open !== undefined && open.db === this.db;
  }

  /**
   * Runs `work` in the open transaction, or in a new one that commits when `work` resolves and rolls back
   * when it throws. A failure inside a joined transaction fails the whole unit (PostgreSQL aborts it):
   * turn an exception into a result outside the unit, as `asResult` does at the resolver, not inside.
   *
   * A new unit that PostgreSQL aborts as a serialization failure or deadlock runs again from the start,
   * up to MAX_ATTEMPTS in all, so `work` must do nothing outside the database that cannot be repeated
   * (messages go through the transactional outbox; texts are sent after the commit). A unit whose
   * connection was lost is not run again: whether its COMMIT arrived is unknown, and the client's retry
   * with its idempotency key is what settles it.
   */
  async transaction<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const open = current.getStore();
    if (open && open.db === this.db) return work(open.em);
    const deadline = currentDeadline();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.once(work);
      } catch (error) {
        const dbCode = sqlStateOf(error);
        if (!dbCode || !RETRYABLE_STATES.has(dbCode)) throw error;
        const waitMs = Math.random() * BACKOFF_MS * 2 ** attempt;
        if (attempt >= MAX_ATTEMPTS || (deadline && deadline.remainingMs() <= waitMs)) {
          throw new DatabaseException(DatabaseExceptionCode.CONTENTION, dbCode);
        }
        this.options.onRetry?.({ attempt, dbCode, waitMs: Math.round(waitMs) });
        await sleep(waitMs);
      }
    }
  }

  /**
   * Runs `work` in a transaction of its own, committed whatever the caller's does next: for records that
   * must outlive the refusal they lead to (a counted sign-in attempt, an ended session, their audit rows).
   */
  independent<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    return current.exit(() => this.transaction(work));
  }

  /**
   * One attempt, kept inside the request's deadline: begun and committed only before it, no statement
   * outlasting it. The attempt holds its own connection so that it hears the connection fail: TypeORM
   * then releases the transaction's query runner, and the work's next statement (or the COMMIT) throws
   * QueryRunner(Provider)AlreadyReleasedError, which names the symptom; the client is told the cause, a
   * database that went away. Those errors with no connection failure before them stay what they are, bugs.
   */
  private async once<T>(work: (em: EntityManager) => Promise<T>): Promise<T> {
    const deadline = currentDeadline();
    deadline?.check();
    const runner = this.db.createQueryRunner();
    try {
      const connection: NodeJS.EventEmitter = await runner.connect();
      let lost: DatabaseException | null = null;
      const onError = (error: unknown) => {
        lost ??= databaseException(error);
      };
      connection.on('error', onError);
      let committing = false;
      try {
        return await runner.manager.transaction(async (em) => {
          const left = deadline ? Math.floor(deadline.remainingMs()) : Number.POSITIVE_INFINITY;
          // Only when the request has less time left than every statement has anyway: a statement saved.
          // SET, not SELECT set_config(): a SELECT takes the snapshot, after which the work could not
          // choose its isolation level. SET takes no parameters; `left` is an integer made here.
          if (left < (this.options.statementTimeoutMs ?? Number.POSITIVE_INFINITY)) {
            await em.query(`SET LOCAL statement_timeout = ${Math.max(1, left)}`);
          }
          const result = await current.run({ db: this.db, em }, () => work(em));
          deadline?.beginCommit();
          committing = true;
          return result;
        });
      } catch (error) {
        const released = error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError;
        const fault = lost && released ? lost : databaseException(error);
        // Lost during COMMIT, the change may have been written: the client must not be told nothing was.
        if (committing && fault?.code === DatabaseExceptionCode.UNAVAILABLE) {
          throw new DatabaseException(DatabaseExceptionCode.COMMIT_UNCERTAIN, fault.dbCode);
        }
        if (lost && released) throw lost;
        throw error;
      } finally {
        connection.removeListener('error', onError);
      }
    } finally {
      await runner.release();
    }
  }
}

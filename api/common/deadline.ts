import { AsyncLocalStorage } from 'node:async_hooks';
import { DatabaseException, DatabaseExceptionCode } from '../db/database.exception.js';

/**
 * When a request must have its answer (COOPCARE_REQUEST_TIMEOUT_MS after it arrived), carried with the
 * async call chain so the unit of work can keep its writes inside it. The deadline's one promise: a
 * client told TIMEOUT had nothing committed. Whichever comes first wins: the timer answering (after
 * which no transaction begins or commits) or a commit beginning (after which the timer stands down and
 * the request's own answer, telling what was written, is sent).
 */
export class Deadline {
  private expired = false;
  private committing = false;
  private answered = false;

  constructor(readonly at: number) {}

  remainingMs(now = Date.now()): number {
    return this.at - now;
  }

  /** The timer's claim: true when the client may be told TIMEOUT, since nothing of the request has begun to commit. */
  expire(): boolean {
    if (this.committing) return false;
    this.expired = true;
    this.answered = true;
    return true;
  }

  /** The timer has told the client TIMEOUT: whatever the request does from here reaches nobody. */
  get answeredByTimer(): boolean {
    return this.answered;
  }

  /** Throws when the deadline has passed: no new transaction, nor the commit of one, after that. */
  check(): void {
    if (this.expired || this.remainingMs() <= 0) {
      this.expired = true;
      throw new DatabaseException(DatabaseExceptionCode.DEADLINE_PASSED);
    }
  }

  /** Just before COMMIT: from here the outcome is the request's own answer, not a TIMEOUT. */
  beginCommit(): void {
    this.check();
    this.committing = true;
  }
}

const deadlines = new AsyncLocalStorage<Deadline>();

/** Runs `work` (and everything it starts) under the request's deadline. */
export function withinDeadline<T>(deadline: Deadline, work: () => T): T {
  return deadlines.run(deadline, work);
}

/** The deadline of the request this code runs for; undefined outside a request (jobs, start-up, tests calling services). */
export function currentDeadline(): Deadline | undefined {
  return deadlines.getStore();
}

import { databaseException } from '../db/database.exception.js';

/** Where a job reports what an operator should hear of (the server's log; nothing when a test runs it). */
export interface JobLog {
  warn(fields: Record<string, unknown>, message: string): void;
  error(fields: Record<string, unknown>, message: string): void;
}

/** A job run every so often on every instance: it must be safe to run on several at once, and twice. */
export interface ScheduledJob {
  name: string;
  everySeconds: number;
  run(now: Date, log?: JobLog): Promise<unknown>;
}

/**
 * Runs the registered jobs on timers in a running server (api/main.ts starts it; tests run jobs
 * directly). A run that is still going when its next is due is not started again on this instance.
 */
export class JobScheduler {
  private readonly jobs: ScheduledJob[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly running = new Set<Promise<unknown>>();

  register(job: ScheduledJob): void {
    this.jobs.push(job);
  }

  get registered(): readonly ScheduledJob[] {
    return this.jobs;
  }

  /** A run that fails is logged by the class of its error only: its message may hold SQL or personal data. */
  start(log: JobLog): void {
    for (const job of this.jobs) {
      let busy = false;
      const tick = () => {
        if (busy) return;
        busy = true;
        const run = job
          .run(new Date(), log)
          .catch((error: unknown) => {
            const fault = databaseException(error);
            // A database outage is the operator's to see, not an error of the code: one warning a run.
            if (fault)
              log.warn({ job: job.name, code: fault.code, dbCode: fault.dbCode }, 'scheduled job failed: database unavailable or too slow');
            else log.error({ job: job.name, errorClass: errorClass(error) }, 'scheduled job failed');
          })
          .finally(() => {
            busy = false;
            this.running.delete(run);
          });
        this.running.add(run);
      };
      this.timers.push(setInterval(tick, job.everySeconds * 1000));
    }
  }

  /** Stops the timers and waits for runs under way, so the pool can close after. */
  async stop(): Promise<void> {
    for (const timer of this.timers.splice(0)) clearInterval(timer);
    await Promise.allSettled([...this.running]);
  }
}

const errorClass = (error: unknown) => (error instanceof Error ? error.constructor.name : typeof error);

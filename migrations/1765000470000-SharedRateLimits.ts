import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * One table for every rate limit and the sign-in lock-out, shared by all instances: the columns and key
 * rate-limiter-flexible's PostgreSQL store reads and writes (api/common/rate-limiter.ts), created here
 * so the library never issues DDL. `expire` is milliseconds since the epoch; its index serves the sweep
 * of expired rows. The hand-written sign-in throttle's table goes: the shared limiter counts sign-ins now.
 */
export class SharedRateLimits1765000470000 implements MigrationInterface {
  name = 'SharedRateLimits1765000470000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "rate_limit" (
      "key" varchar(255) NOT NULL,
      "points" integer NOT NULL DEFAULT 0,
      "expire" bigint,
      CONSTRAINT "PK_rate_limit" PRIMARY KEY ("key")
    )`);
    await q.query(`CREATE INDEX "rate_limit_expire_idx" ON "rate_limit" ("expire")`);
    await q.query(`DROP TABLE "login_throttle"`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "login_throttle" (
      "key_hash" text NOT NULL,
      "failures" integer NOT NULL DEFAULT '0',
      "last_failure_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "locked_until" TIMESTAMP WITH TIME ZONE,
      "lock_count" integer NOT NULL DEFAULT '0',
      CONSTRAINT "PK_58297e0a1c374c7c17bd4b74521" PRIMARY KEY ("key_hash")
    )`);
    await q.query(`DROP TABLE "rate_limit"`);
  }
}

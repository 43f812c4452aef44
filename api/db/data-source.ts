import 'reflect-metadata';
import { Client } from 'pg';
import { DataSource, type Logger } from 'typeorm';
import { entities, migrations } from '../modules.js';

/**
 * A pg client that starts a query only once the one before it has finished. TypeORM 1.1's schema
 * reader (behind `pendingSchemaChanges` and `migration:generate`) looks up the types of a table's enum
 * and array columns all at once on one connection; pg 8 queues such overlapping calls with a
 * deprecation warning, and pg 9 will refuse them. Queries given a callback, and submittables (cursors,
 * streams), which TypeORM's query runner does not send, go straight to pg.
 */
export class OneQueryAtATimeClient extends Client {
  private previous: Promise<unknown> = Promise.resolve();

  // One signature standing for all of pg's overloads (promise, callback, submittable).
  // biome-ignore lint/suspicious/noExplicitAny: pg's overloads take and return different things
  override query(...args: any[]): any {
    if (typeof args.at(-1) === 'function' || typeof args[0]?.submit === 'function') return Reflect.apply(super.query, this, args);
    const result = this.previous.then(() => Reflect.apply(super.query, this, args));
    this.previous = result.catch(() => undefined);
    return result;
  }
}

export interface DataSourceOptions {
  poolSize?: number;
  logger?: Logger;
  /**
   * PostgreSQL's statement_timeout on every connection, and how long a query waits for a connection
   * from the pool (so that while the database is down a request fails in that time, not hangs).
   * Absent (or 0) for the owner's connections and the postcode import: those may rightly run for minutes.
   */
  statementTimeoutMs?: number;
}

/**
 * How much longer than statement_timeout pg waits for a query's answer before giving the connection up:
 * time for PostgreSQL's own cancel to arrive, so this fires only when the server has gone silent.
 */
const QUERY_TIMEOUT_MARGIN_MS = 2_000;

export function createDataSource(url: string, options: DataSourceOptions = {}): DataSource {
  const timeouts = options.statementTimeoutMs
    ? {
        statement_timeout: options.statementTimeoutMs,
        query_timeout: options.statementTimeoutMs + QUERY_TIMEOUT_MARGIN_MS,
        connectionTimeoutMillis: options.statementTimeoutMs,
      }
    : {};
  return new DataSource({
    type: 'postgres',
    url,
    entities,
    migrations,
    migrationsTableName: 'typeorm_migrations',
    synchronize: false,
    migrationsRun: false,
    poolSize: options.poolSize ?? 20,
    // Money and counts are integers; Postgres bigint (count(*), sum) comes back as text otherwise.
    parseInt8: true,
    // keepAlive: a connection whose server vanished silently (a managed failover) is found dead in
    // seconds rather than after the kernel's 15 minutes of retransmissions.
    extra: { application_name: 'coopcare', Client: OneQueryAtATimeClient, keepAlive: true, ...timeouts },
    ...(options.logger ? { logger: options.logger } : {}),
  });
}

/** SQL statements that would bring the database in line with the entities: empty when migrations and entities agree. */
export async function pendingSchemaChanges(db: DataSource): Promise<string[]> {
  const sql = await db.driver.createSchemaBuilder().log();
  return sql.upQueries.map((q) => q.query);
}

import fs from 'node:fs';
import path from 'node:path';
import { Pool } from 'pg';
import type { DataSource, Logger } from 'typeorm';
import { loadConfig, projectRoot } from '../../api/config.js';
import { ensureDatabase } from '../../api/db/database.js';
import { createDataSource } from '../../api/db/data-source.js';
import { loadCareVocabulary } from '../../api/directory/care-vocabulary.js';
import { startEmbeddedPostgres, type RunningPostgres } from '../../api/db/embedded.js';

/**
 * A throw-away database for one benchmark, migrated: on DATABASE_URL's server when set, else on an
 * embedded PostgreSQL of its own. Dropped (and the embedded server stopped) when `work` ends.
 */
export async function withBenchDatabase<T>(
  name: string,
  options: { poolSize: number; logger?: Logger },
  work: (db: DataSource, url: string) => Promise<T>,
): Promise<T> {
  const config = loadConfig();
  let embedded: RunningPostgres | undefined;
  let adminUrl = config.databaseUrl;
  const dataDir = path.join(projectRoot, '.data', `bench-${name}-${process.pid}`);
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dataDir, port: config.embeddedPgPort + 1, persistent: false });
    adminUrl = embedded.urlFor('postgres', 'admin');
  }
  const dbName = `coopcare_bench_${name}_${process.pid}`;
  await ensureDatabase(adminUrl, dbName);
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  const db = createDataSource(url.toString(), options);
  const admin = new Pool({ connectionString: adminUrl, max: 1 });
  // The database is dropped and the server stopped under these pools at the end; that is expected.
  admin.on('error', () => {});
  try {
    await db.initialize();
    await db.runMigrations({ transaction: 'each' });
    await loadCareVocabulary(db);
    return await work(db, url.toString());
  } finally {
    if (db.isInitialized) await db.destroy();
    await admin.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`).catch(() => {});
    await admin.end();
    if (embedded) {
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }
}

/** Counts the statements sent, and keeps them while `keeping`, to explain one as the app sends it. */
export class StatementLog implements Logger {
  count = 0;
  keeping = false;
  kept: { query: string; parameters: unknown[] }[] = [];
  logQuery(query: string, parameters?: unknown[]) {
    this.count++;
    if (this.keeping) this.kept.push({ query, parameters: parameters ?? [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

export type PlanNode = Record<string, any> & { 'Node Type': string; Plans?: PlanNode[] };

/**
 * EXPLAIN (ANALYZE, BUFFERS) of `sql` on `queryable` (a data source, or a query runner in a transaction
 * of the caller's): the top node, the execution time, and every node of the plan, each before its children.
 */
export async function explainPlan(
  queryable: { query(sql: string, params?: unknown[]): Promise<any> },
  sql: string,
  params: unknown[],
): Promise<{ plan: PlanNode; ms: number; nodes: PlanNode[] }> {
  const result = await queryable.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
  const [row] = (Array.isArray(result[0]) ? result[0] : result) as Record<string, any>[];
  const [{ Plan: plan, 'Execution Time': ms }] = row['QUERY PLAN'] as [{ Plan: PlanNode; 'Execution Time': number }];
  const nodes: PlanNode[] = [];
  const walk = (node: PlanNode) => {
    nodes.push(node);
    for (const child of node.Plans ?? []) walk(child);
  };
  walk(plan);
  return { plan, ms, nodes };
}

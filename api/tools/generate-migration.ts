import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig, projectRoot } from '../config.js';
import { openDatabase } from '../db/database.js';

/**
 * Writes a migration holding what the entities need beyond the applied migrations (TypeORM's schema
 * diff), for a person to review and complete: extensions, triggers and indexes TypeORM cannot express
 * are added by hand. Usage: npm run migration:generate -- Name
 */
const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('Usage: npm run migration:generate -- PascalCaseName');
  process.exit(2);
}
const database = await openDatabase(loadConfig(), console);
try {
  const sql = await database.db.driver.createSchemaBuilder().log();
  if (sql.upQueries.length === 0) {
    console.log('Entities and migrations agree: nothing to generate.');
  } else {
    const timestamp = Date.now();
    const quote = (q: string) => '`' + q.replace(/[`\\$]/g, (c) => '\\' + c) + '`';
    const body = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(q: QueryRunner): Promise<void> {
${sql.upQueries.map((u) => `    await q.query(${quote(u.query)});`).join('\n')}
  }

  public async down(q: QueryRunner): Promise<void> {
${sql.downQueries
  .reverse()
  .map((d) => `    await q.query(${quote(d.query)});`)
  .join('\n')}
  }
}
`;
    const file = path.join(projectRoot, 'migrations', `${timestamp}-${name}.ts`);
    fs.writeFileSync(file, body);
    console.log(`wrote ${path.relative(process.cwd(), file)}: list it in its domain's module (api/<domain>/<domain>.module.ts)`);
  }
} finally {
  await database.close();
}

import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { pendingSchemaChanges } from '../api/db/data-source.js';
import { printSdl } from '../api/graphql/schema.js';
import { createTestDatabase, type TestDatabase } from './harness.js';

describe('committed contract and schema', () => {
  test('schema/schema.graphql matches the code (run `npm run schema:emit` after changing the API)', async () => {
    expect(fs.readFileSync('schema/schema.graphql', 'utf8')).toBe(await printSdl());
  });

  describe('migrations', () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await createTestDatabase();
    });
    afterAll(async () => t?.drop());

    test('the entities need nothing the migrations did not create (`npm run migration:generate -- Name`)', async () => {
      expect(await pendingSchemaChanges(t.db)).toEqual([]);
    });

    test('every migration has been applied to the template', async () => {
      expect(await t.db.showMigrations()).toBe(false);
    });
  });
});

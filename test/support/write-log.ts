import type { DataSource } from 'typeorm';
import { returnedRows } from '../../api/common/sql.js';

/** One row written (or a table truncated); `action` is the audit event's, for rows of the audit trail. */
export interface Write {
  table_name: string;
  op: string;
  action: string | null;
}

/**
 * Installs, in a test database only, a trigger on every table that logs each row written to `test_write`.
 * The log is written in the writer's transaction, so a write rolled back is no write. SECURITY DEFINER:
 * the app's own role need not be able to write the log.
 */
export async function installWriteLog(db: DataSource): Promise<void> {
  await db.query(`
    CREATE TABLE test_write (table_name text NOT NULL, op text NOT NULL, action text);
    CREATE FUNCTION test_log_write() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
    BEGIN
      INSERT INTO test_write VALUES (TG_TABLE_NAME, TG_OP, CASE WHEN TG_TABLE_NAME = 'audit_event' THEN to_jsonb(NEW)->>'action' END);
      RETURN NULL;
    END $$;
    DO $$ DECLARE t text; BEGIN
      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'test_write' LOOP
        EXECUTE format('CREATE TRIGGER test_log_write AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH ROW '
          'EXECUTE FUNCTION test_log_write()', t);
        EXECUTE format('CREATE TRIGGER test_log_truncate AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION test_log_write()', t);
      END LOOP;
    END $$;`);
}

/** The rows written since the last call (requests must be sent one at a time for this to say whose they were). */
export async function takeWrites(db: DataSource): Promise<Write[]> {
  return returnedRows(await db.query(`DELETE FROM test_write RETURNING table_name, op, action`));
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The app's role may append to the audit trail but not choose an event's number or time, so an event
 * cannot be backdated, slipped into a gap among earlier ones, or given a number ahead of the sequence that
 * a later event would then collide with. The owner (a restore, a migration) may still set both.
 */
export class AuditEventsNumberedAndTimed1765000510000 implements MigrationInterface {
  name = 'AuditEventsNumberedAndTimed1765000510000';

  public async up(q: QueryRunner): Promise<void> {
    // currval is this session's last nextval: the column default's for this row, unless a number was given.
    // Without one this session, currval itself refuses.
    await q.query(`CREATE FUNCTION audit_event_numbered_and_timed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT pg_has_role((SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
           AND (NEW.id IS DISTINCT FROM currval(pg_get_serial_sequence('public.audit_event', 'id'))
                OR NEW.occurred_at IS DISTINCT FROM now()) THEN
          RAISE EXCEPTION 'audit_event: the database numbers and times each event' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END
    $$`);
    await q.query(`CREATE TRIGGER audit_event_numbered_and_timed BEFORE INSERT ON "audit_event"
      FOR EACH ROW EXECUTE FUNCTION audit_event_numbered_and_timed()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER audit_event_numbered_and_timed ON "audit_event"`);
    await q.query(`DROP FUNCTION audit_event_numbered_and_timed()`);
  }
}

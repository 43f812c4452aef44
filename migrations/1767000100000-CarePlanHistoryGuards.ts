import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The app role may set an item revision's until_version (api/db/roles.ts): without these triggers it could set
 * it anywhere, and so take an item out of versions already made, or put back one that was closed, and move a
 * plan's current version back to rewrite what followed. Now a revision is closed once, by the version being
 * written (the plan's current version + 1, whose row is inserted first), and a plan only moves on to a version
 * that exists. The owner (migrations, maintenance) is not bound, as for audit_event.
 */
export class CarePlanHistoryGuards1767000100000 implements MigrationInterface {
  name = 'CarePlanHistoryGuards1767000100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE FUNCTION care_plan_item_closed_once() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT pg_has_role((SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
           AND (OLD.until_version IS NOT NULL
                OR NEW.until_version IS DISTINCT FROM (SELECT current_version + 1 FROM care_plan WHERE id = NEW.plan_id)) THEN
          RAISE EXCEPTION 'care_plan_item: a revision is closed once, by the version being written' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END
    $$`);
    await q.query(`CREATE TRIGGER care_plan_item_closed_once BEFORE UPDATE ON "care_plan_item"
      FOR EACH ROW EXECUTE FUNCTION care_plan_item_closed_once()`);
    await q.query(`CREATE FUNCTION care_plan_moves_on() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NOT pg_has_role((SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'USAGE')
           AND NEW.current_version <> OLD.current_version
           AND (NEW.current_version <> OLD.current_version + 1
                OR NOT EXISTS (SELECT 1 FROM care_plan_version WHERE plan_id = NEW.id AND version = NEW.current_version)) THEN
          RAISE EXCEPTION 'care_plan: a plan moves on one version at a time, to one written' USING ERRCODE = 'insufficient_privilege';
        END IF;
        RETURN NEW;
      END
    $$`);
    await q.query(`CREATE TRIGGER care_plan_moves_on BEFORE UPDATE OF current_version ON "care_plan"
      FOR EACH ROW EXECUTE FUNCTION care_plan_moves_on()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER care_plan_moves_on ON "care_plan"`);
    await q.query(`DROP FUNCTION care_plan_moves_on()`);
    await q.query(`DROP TRIGGER care_plan_item_closed_once ON "care_plan_item"`);
    await q.query(`DROP FUNCTION care_plan_item_closed_once()`);
  }
}

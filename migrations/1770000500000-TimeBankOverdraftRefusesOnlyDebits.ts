import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ledger's trigger refused any account a statement touched that ended below its time bank's
 * overdraft, including an account only being credited: once a coordinator lowered the overdraft below
 * what a member owed, paying that member anything failed. Now it refuses only an account whose lines in
 * the statement net below zero, so what is owed can always be paid back. Every touched account is still
 * locked, in the same order, so movements between the same accounts still queue rather than deadlock.
 */
export class TimeBankOverdraftRefusesOnlyDebits1770000500000 implements MigrationInterface {
  name = 'TimeBankOverdraftRefusesOnlyDebits1770000500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION time_bank_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched record;
        floor_minutes integer;
        balance bigint;
      BEGIN
        FOR touched IN SELECT provider_id, member_id, sum(minutes) AS net FROM added_lines
            GROUP BY provider_id, member_id ORDER BY provider_id, member_id LOOP
          IF touched.member_id IS NULL THEN
            PERFORM 1 FROM time_bank WHERE provider_id = touched.provider_id FOR NO KEY UPDATE;
            SELECT balance_minutes INTO balance FROM time_bank_pool_balance WHERE provider_id = touched.provider_id;
            floor_minutes := 0;
          ELSE
            PERFORM 1 FROM time_bank_member WHERE id = touched.member_id FOR NO KEY UPDATE;
            SELECT b.balance_minutes, t.overdraft_minutes INTO balance, floor_minutes
              FROM time_bank_balance b JOIN time_bank t ON t.provider_id = b.provider_id WHERE b.member_id = touched.member_id;
          END IF;
          IF touched.net < 0 AND balance < -floor_minutes THEN
            RAISE EXCEPTION 'time bank account % would be overdrawn', coalesce(touched.member_id::text, 'pool')
              USING ERRCODE = 'check_violation';
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE OR REPLACE FUNCTION time_bank_ledger_balanced() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        touched record;
        floor_minutes integer;
        balance bigint;
      BEGIN
        FOR touched IN SELECT DISTINCT provider_id, member_id FROM added_lines ORDER BY provider_id, member_id LOOP
          IF touched.member_id IS NULL THEN
            PERFORM 1 FROM time_bank WHERE provider_id = touched.provider_id FOR NO KEY UPDATE;
            SELECT balance_minutes INTO balance FROM time_bank_pool_balance WHERE provider_id = touched.provider_id;
            floor_minutes := 0;
          ELSE
            PERFORM 1 FROM time_bank_member WHERE id = touched.member_id FOR NO KEY UPDATE;
            SELECT b.balance_minutes, t.overdraft_minutes INTO balance, floor_minutes
              FROM time_bank_balance b JOIN time_bank t ON t.provider_id = b.provider_id WHERE b.member_id = touched.member_id;
          END IF;
          IF balance < -floor_minutes THEN
            RAISE EXCEPTION 'time bank account % would be overdrawn', coalesce(touched.member_id::text, 'pool')
              USING ERRCODE = 'check_violation';
          END IF;
        END LOOP;
        RETURN NULL;
      END $$`);
  }
}

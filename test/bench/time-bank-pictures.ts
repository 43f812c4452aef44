import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { readPictures } from '../../api/timebank/co-op-picture.service.js';
import { withBenchDatabase } from './bench-database.js';
import { summarise } from './percentiles.js';

/**
 * The co-op's picture (`TimeBank.picture`), read straight from its statement: 40 co-ops' time banks of 12
 * members each, 4,000 exchanges a time bank over three years (one in ten not yet confirmed), 2,000 gifts
 * to each pool, 300 expense claims; then one co-op over 12 and 36 months and 20 co-ops at once (a page of
 * the directory), each read many times.
 */
const CO_OPS = 40;
const READS = Number(process.env.BENCH_PICTURE_READS ?? 200);

async function seed(db: DataSource): Promise<string[]> {
  const providers: { id: string }[] = await db.query(
    `INSERT INTO provider (name, slug, summary, legal_form, is_cooperative, status)
     SELECT 'Time bank co-op ' || n, 'time-bank-co-op-' || n, 'A co-op with a time bank.', 'WORKER_CO_OPERATIVE', true, 'PUBLISHED'
     FROM generate_series(1, ${CO_OPS}) n RETURNING id`,
  );
  await db.query(`INSERT INTO time_bank (provider_id, overdraft_minutes) SELECT unnest($1::uuid[]), 6000`, [providers.map((p) => p.id)]);
  await db.query(`
    WITH people AS (INSERT INTO person (email, name) SELECT 'time-bank-' || n || '@bench.example', 'Member ' || n
                    FROM generate_series(1, 12) n RETURNING id)
    INSERT INTO time_bank_member (provider_id, person_id, roles, status, decided_at)
    SELECT t.provider_id, p.id, ARRAY['VOLUNTEER', 'RECEIVER'], 'APPROVED', now() FROM time_bank t CROSS JOIN people p`);
  // Members help each other in pairs, each in turn, so nobody's balance runs below the overdraft.
  await db.query(`
    INSERT INTO time_bank_exchange (provider_id, helper_member_id, receiver_member_id, category, started_at, minutes,
      out_of_hours_minutes, credited_minutes, status, decided_at)
    SELECT tb.provider_id, m1.id, m2.id, (ARRAY['shopping', 'lifts', 'gardening'])[1 + g % 3], now() - (g % 1100) * interval '1 day',
      60, 30, 75, CASE WHEN g % 10 = 0 THEN 'RECORDED' ELSE 'CONFIRMED' END, CASE WHEN g % 10 = 0 THEN NULL ELSE now() END
    FROM generate_series(1, 4000) g CROSS JOIN time_bank tb
    JOIN LATERAL (SELECT id FROM time_bank_member WHERE provider_id = tb.provider_id ORDER BY id
                  OFFSET ((g / 2) % 6) + 6 * (g % 2) LIMIT 1) m1 ON true
    JOIN LATERAL (SELECT id FROM time_bank_member WHERE provider_id = tb.provider_id ORDER BY id
                  OFFSET ((g / 2) % 6) + 6 * (1 - g % 2) LIMIT 1) m2 ON true`);
  await db.query(`
    INSERT INTO time_bank_ledger_entry (provider_id, member_id, kind, minutes, exchange_id)
    SELECT provider_id, helper_member_id, 'HELP_GIVEN', minutes, id FROM time_bank_exchange WHERE status = 'CONFIRMED'
    UNION ALL SELECT provider_id, helper_member_id, 'OUT_OF_HOURS_BONUS', credited_minutes - minutes, id
      FROM time_bank_exchange WHERE status = 'CONFIRMED'
    UNION ALL SELECT provider_id, receiver_member_id, 'HELP_RECEIVED', -minutes, id FROM time_bank_exchange WHERE status = 'CONFIRMED'`);
  await db.query(`
    INSERT INTO time_bank_transfer (provider_id, kind, from_member_id, minutes)
    SELECT tb.provider_id, 'POOL_GIFT', m.id, 5 FROM generate_series(1, 2000) g CROSS JOIN time_bank tb
    JOIN LATERAL (SELECT id FROM time_bank_member WHERE provider_id = tb.provider_id ORDER BY id OFFSET (g % 12) LIMIT 1) m ON true`);
  await db.query(`
    INSERT INTO time_bank_ledger_entry (provider_id, member_id, kind, minutes, transfer_id)
    SELECT provider_id, from_member_id, 'GIVEN_TO_POOL', -minutes, id FROM time_bank_transfer
    UNION ALL SELECT provider_id, NULL, 'POOL_RECEIVED', minutes, id FROM time_bank_transfer`);
  await db.query(`
    INSERT INTO time_bank_expense_claim (provider_id, member_id, kind, incurred_on, miles, pence_per_mile, amount_pence, status,
      submitted_at, decided_at, paid_at)
    SELECT m.provider_id, m.id, 'TRAVEL', (now() - (g % 1000) * interval '1 day')::date, 10, 45, 450,
      (ARRAY['SUBMITTED', 'APPROVED', 'PAID'])[1 + g % 3], now() - (g % 1000) * interval '1 day',
      CASE WHEN g % 3 = 0 THEN NULL ELSE now() - (g % 1000) * interval '1 day' + interval '3 days' END,
      CASE WHEN g % 3 = 2 THEN now() - (g % 1000) * interval '1 day' + interval '5 days' END
    FROM generate_series(1, 300) g
    JOIN LATERAL (SELECT id, provider_id FROM time_bank_member ORDER BY id OFFSET (g % 400) LIMIT 1) m ON true`);
  await db.query('ANALYZE');
  return providers.map((p) => p.id);
}

export interface TimeBankPictures {
  exchanges: number;
  runs: { coOps: number; months: number; ms: ReturnType<typeof summarise> }[];
}

export async function measureTimeBankPictures(): Promise<TimeBankPictures> {
  return withBenchDatabase('timebank', { poolSize: 2 }, async (db) => {
    const ids = await seed(db);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM time_bank_exchange`);
    const runs: TimeBankPictures['runs'] = [];
    for (const [coOps, months] of [
      [1, 12],
      [1, 36],
      [20, 12],
    ]) {
      const samples: number[] = [];
      for (let i = 0; i < READS; i++) {
        const asked = Array.from({ length: coOps }, (_, k) => ids[(i + k) % ids.length]);
        const started = performance.now();
        const pictures = await readPictures(db.manager, asked, months);
        samples.push(performance.now() - started);
        if (pictures.size !== coOps) throw new Error(`asked for ${coOps} pictures, got ${pictures.size}`);
      }
      runs.push({ coOps, months, ms: summarise(samples) });
    }
    return { exchanges: n, runs };
  });
}

export function describeTimeBankPictures(r: TimeBankPictures): { measure: string; value: string }[] {
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  return r.runs.map((run) => ({
    measure: `picture of ${run.coOps} co-op${run.coOps > 1 ? 's' : ''}, ${run.months} months (${r.exchanges} exchanges): p50 / p95 / p99`,
    value: `${ms(run.ms.median)} / ${ms(run.ms.p95)} / ${ms(run.ms.p99)}`,
  }));
}

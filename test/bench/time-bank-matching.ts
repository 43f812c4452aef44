import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { createServices } from '../../api/modules.js';
import { MATCHES_SQL, readMatches } from '../../api/timebank/help-matching.js';
import { HelpRequest } from '../../api/timebank/help.entity.js';
import type { Row } from './bench-table.js';
import { explainPlan, withBenchDatabase } from './bench-database.js';
import { summarise } from './percentiles.js';
import { generateSyntheticDirectory } from './synthetic-directory.js';

/**
 * Matching a request for help among a busy time bank's offers: OFFERS offers by MEMBERS members in ten
 * categories, spread over Great Britain with one in five near Huddersfield, half the members checked. A
 * personal-care request in Huddersfield is matched SAMPLES times through readMatches (one statement each);
 * then EXPLAIN (ANALYZE, BUFFERS) of that statement, with whether it reads the offers' point index. The
 * index leaves only the offers near enough; every one of those that fits is measured and sorted, so the
 * time follows how many fit (thousands here, far more than a co-op's time bank holds), not the table's size.
 */
const OFFERS = Number(process.env.BENCH_TIME_BANK_OFFERS ?? 50_000);
const MEMBERS = 200;
const SAMPLES = 200;
const CATEGORIES = ['personal-care', 'lifts', 'shopping', 'gardening', 'befriending-calls', 'respite-sitting', 'respite', 'a', 'b', 'c'];

export interface TimeBankMatching {
  offers: number;
  matches: number;
  median: number;
  p95: number;
  planMs: number;
  indexes: string;
  usesPointIndex: boolean;
}

export async function measureTimeBankMatching(): Promise<TimeBankMatching> {
  return withBenchDatabase('timebank', { poolSize: 4 }, async (db) => {
    const services = createServices(db);
    await generateSyntheticDirectory(db, { providers: 1, servicesPerProvider: 1 });
    const [{ id: providerId }] = await db.query('SELECT id FROM provider LIMIT 1');
    await db.query('INSERT INTO time_bank (provider_id) VALUES ($1)', [providerId]);
    const memberIds: string[] = [];
    for (let i = 0; i < MEMBERS; i++) {
      const person = await services.people.ensurePerson({ email: `member-${i}@bench.example`, name: `Member ${i}` });
      const [{ id }] = await db.query(
        `INSERT INTO time_bank_member (provider_id, person_id, roles, status, decided_at)
         VALUES ($1, $2, '{VOLUNTEER,RECEIVER}', 'APPROVED', now()) RETURNING id`,
        [providerId, person.id],
      );
      memberIds.push(id);
      if (i % 2 === 0)
        await db.query(
          `INSERT INTO time_bank_background_check (member_id, kind, checked_on, expires_on)
           VALUES ($1, 'DBS_ENHANCED_WITH_ADULTS_BARRED_LIST', current_date - 30, current_date + 700)`,
          [id],
        );
    }
    await db.query('SELECT setseed(0.42)');
    await db.query(
      `INSERT INTO time_bank_offer (provider_id, member_id, category, postcode, latitude, longitude, radius_miles, availability)
       SELECT $1, ($2::uuid[])[1 + (n % $3)], ($4::text[])[1 + (n % 10)], 'HD1 2TA',
         CASE WHEN n % 5 = 0 THEN 53.6 + random() * 0.1 ELSE 50 + random() * 8 END,
         CASE WHEN n % 5 = 0 THEN -1.85 + random() * 0.15 ELSE -5 + random() * 6 END,
         1 + round((random() * 9)::numeric, 1),
         '[{"day": 1, "from": "08:00", "until": "14:00"}, {"day": 3, "from": "09:00", "until": "17:00"}]'
       FROM generate_series(1, $5) AS n`,
      [providerId, memberIds, MEMBERS, CATEGORIES, OFFERS],
    );
    await db.query('ANALYZE');
    const monday = new Date(Date.now() + 7 * 24 * 3600_000);
    while (monday.getUTCDay() !== 1) monday.setUTCDate(monday.getUTCDate() + 1);
    monday.setUTCHours(10, 0, 0, 0);
    const request = await db.getRepository(HelpRequest).save(
      db.getRepository(HelpRequest).create({
        providerId,
        memberId: memberIds[1]!,
        category: 'personal-care',
        postcode: 'HD1 2TA',
        latitude: 53.6446,
        longitude: -1.7826,
        startsAt: monday,
        minutes: 60,
        needsBackgroundCheck: true,
      }),
    );
    const samples: number[] = [];
    let matches = 0;
    for (let i = 0; i < SAMPLES; i++) {
      const start = performance.now();
      matches = (await readMatches(db.manager, [request.id], 50)).get(request.id)!.length;
      samples.push(performance.now() - start);
    }
    const { median, p95 } = summarise(samples);
    const params = [[request.id], 50];
    const { ms, nodes } = await explainPlan(db, MATCHES_SQL, params);
    const indexes = [...new Set(nodes.flatMap((n) => (n['Index Name'] ? [n['Index Name'] as string] : [])))];
    return {
      offers: OFFERS,
      matches,
      median,
      p95,
      planMs: ms,
      indexes: indexes.join(', ') || 'none',
      usesPointIndex: indexes.includes('time_bank_offer_point_idx'),
    };
  });
}

export function describeTimeBankMatching(r: TimeBankMatching): Row[] {
  if (!r.usesPointIndex) throw new Error(`matching no longer reads the offers' point index: ${r.indexes}`);
  return [
    { measure: `matches of a personal-care request among ${r.offers.toLocaleString('en-GB')} offers`, value: `${r.matches} found` },
    { measure: 'matching, median / p95', value: `${r.median.toFixed(1)} / ${r.p95.toFixed(1)} ms` },
    { measure: 'its plan (EXPLAIN ANALYZE)', value: `${r.planMs.toFixed(1)} ms, indexes: ${r.indexes}` },
  ];
}

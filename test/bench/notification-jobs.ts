import type { DataSource } from 'typeorm';
import { CARE_TIME_ZONE } from '../../api/brokerage/schedule.js';
import type { AppServices } from '../../api/modules.js';
import { timed } from './http-load.js';
import { summarise } from './percentiles.js';
import { explainPlan, type StatementLog } from './bench-database.js';
import type { Explained, JobRuns, Notifications } from './notifications.js';

/**
 * The visit-reminder and crisis-escalation jobs of issue 12, for notifications.ts: each run ROUNDS times over
 * tables grown to two months of visits and a year of alerts, since a claim that reads whole tables is cheap on
 * small ones; then its claiming statement, as the app sent it, under EXPLAIN (ANALYZE, BUFFERS), rolled back.
 */
const VISITS = Number(process.env.BENCH_REMINDER_VISITS ?? 20000);
export const DAYS = 60;
const ALERTS = Number(process.env.BENCH_ESCALATION_ALERTS ?? 10000);
export const DUE_ALERTS = 10;
/** Runs of each job measured: the reminders of as many days, the escalation of as many sets of due alerts. */
export const ROUNDS = 5;

/** Who raises the escalation's alerts: a council and an officer of it, both already in the database. */
export interface Raiser {
  councilId: string;
  officerId: string;
}

/** EXPLAIN (ANALYZE, BUFFERS) of a statement that writes, in a transaction rolled back: its top node, indexes and scans. */
async function explain(db: DataSource, label: string, sql: string, params: unknown[], intended: string): Promise<Explained> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const { plan, ms, nodes } = await explainPlan(runner, sql, params);
    const scans: string[] = [];
    const seqScans: string[] = [];
    let used = false;
    for (const node of nodes) {
      if (!node['Relation Name'] || node['Node Type'] === 'ModifyTable') continue;
      const rows = node['Actual Rows'] * node['Actual Loops'];
      const on = `${node['Relation Name']} ${node.Alias}`;
      scans.push(`${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''} on ${on}: ${rows} rows`);
      if (node['Node Type'] === 'Seq Scan') seqScans.push(`${node['Relation Name']} (${rows} rows)`);
      if (node['Index Name'] === intended) used = true;
    }
    const top = `${plan['Node Type']}, ${plan['Actual Rows']} rows, ${plan['Shared Hit Blocks'] + plan['Shared Read Blocks']} buffers`;
    return { label, top, scans, intended, used, seqScans, ms };
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

/**
 * Runs `job` ROUNDS times, each followed by a second run just after; their times, statements and results.
 * The first round's statements are kept in `log`, so the caller can explain the claim as the app sent it.
 */
async function rounds(
  log: StatementLog,
  job: (round: number) => Promise<number>,
  before: () => Promise<unknown> = async () => {},
): Promise<JobRuns> {
  const first: number[] = [];
  const again: number[] = [];
  const results: number[] = [];
  const statements = { first: 0, again: 0 };
  log.kept = [];
  for (let round = 0; round < ROUNDS; round++) {
    await before();
    log.count = 0;
    log.keeping = round === 0;
    const run = await timed(() => job(round));
    log.keeping = false;
    statements.first = log.count;
    log.count = 0;
    const second = await timed(() => job(round));
    statements.again = log.count;
    if (second.value) throw new Error(`a second run just after found work: ${second.value}`);
    first.push(run.ms);
    again.push(second.ms);
    results.push(run.value);
  }
  return {
    first: { ...summarise(first), statements: statements.first, results },
    again: { ...summarise(again), statements: statements.again },
  };
}

/**
 * The bookings already in the database confirmed, and VISITS visits of theirs spread over the DAYS days from
 * tomorrow; then the reminders of tomorrow and each following day, so that each run finds as many visits.
 */
export async function measureReminders(
  db: DataSource,
  services: AppServices,
  log: StatementLog,
): Promise<{ reminders: Notifications['reminders']; explained: Explained }> {
  const now = new Date();
  await db.query(`UPDATE booking SET status = 'CONFIRMED', decided_at = now()`);
  await db.query(
    `WITH first AS (SELECT (($1::timestamptz AT TIME ZONE '${CARE_TIME_ZONE}')::date + 1)::timestamp
                           AT TIME ZONE '${CARE_TIME_ZONE}' AS at),
          bookings AS (SELECT array_agg(id ORDER BY id) AS ids FROM booking)
     INSERT INTO booking_visit (booking_id, starts_at, ends_at, minutes, price_pence)
     SELECT bookings.ids[1 + i % cardinality(bookings.ids)], s.at, s.at + interval '60 minutes', 60, 3300
       FROM first, bookings, generate_series(0, $2::int - 1) AS i,
            LATERAL (SELECT first.at + i * (interval '1 day' * $3::int / $2::int) AS at) AS s`,
    [now, VISITS, DAYS],
  );
  await db.query('ANALYZE booking, booking_visit, outbox_message');
  const [{ day }] = await db.query(
    `SELECT count(*) AS day FROM booking_visit v JOIN booking b ON b.id = v.booking_id
      WHERE b.status = 'CONFIRMED' AND v.status = 'SCHEDULED' AND v.reminded_at IS NULL
        AND (v.starts_at AT TIME ZONE '${CARE_TIME_ZONE}')::date = ($1::timestamptz AT TIME ZONE '${CARE_TIME_ZONE}')::date + 1`,
    [now],
  );
  const reminded = await rounds(log, (round) => services.visitReminders.run(new Date(now.getTime() + round * 86_400_000)));
  const claim = log.kept.find((s) => s.query.includes('UPDATE booking_visit'));
  if (!claim) throw new Error('the reminder run sent no claiming statement');
  // The day after the last run's: as many visits, none reminded of yet; the claim's other parameters as the app sent them.
  const explained = await explain(
    db,
    `reminders' claim (visits of a day, ${VISITS} in all)`,
    claim.query,
    [new Date(now.getTime() + ROUNDS * 86_400_000), ...claim.parameters.slice(1)],
    'booking_visit_reminder_due_idx',
  );
  return { reminders: { visits: VISITS, day: Number(day), ...reminded }, explained };
}

/**
 * ALERTS alerts of the past year for the people of the bookings already in the database, acknowledged or
 * escalated already, so the claim must pass over them; then ROUNDS runs, each with DUE_ALERTS nobody acknowledged.
 */
export async function measureEscalation(
  db: DataSource,
  services: AppServices,
  log: StatementLog,
  minutes: number,
  { councilId, officerId }: Raiser,
): Promise<{ escalation: Notifications['escalation']; explained: Explained }> {
  const people: string[] = (await db.query('SELECT DISTINCT person_id FROM booking')).map((r: { person_id: string }) => r.person_id);
  await db.query(
    `INSERT INTO crisis_alert (person_id, council_id, kind, raised_by_id, raised_at, acknowledged_by_id, acknowledged_at, escalated_at)
     SELECT p.ids[1 + i % cardinality(p.ids)], $2, 'FALLEN', $3, r.at,
            CASE WHEN i % 2 = 0 THEN $3::uuid END, CASE WHEN i % 2 = 0 THEN r.at + interval '5 minutes' END,
            CASE WHEN i % 2 = 1 THEN r.at + make_interval(mins => $5) END
       FROM (SELECT $1::uuid[] AS ids) AS p, generate_series(0, $4::int - 1) AS i,
            LATERAL (SELECT now() - interval '1 day' - i * (interval '365 days' / $4::int) AS at) AS r`,
    [people, councilId, officerId, ALERTS, minutes],
  );
  const due = (count: number) =>
    db.query(
      `INSERT INTO crisis_alert (person_id, council_id, kind, raised_by_id, raised_at)
       SELECT ($1::uuid[])[1 + i % cardinality($1::uuid[])], $2, 'NO_ANSWER', $3, now() - make_interval(mins => $4 + i)
         FROM generate_series(1, $5::int) AS i`,
      [people, councilId, officerId, minutes + 1, count],
    );
  await db.query('ANALYZE crisis_alert');
  const escalated = await rounds(
    log,
    () => services.crisisEscalation.escalateDue(new Date()),
    () => due(DUE_ALERTS),
  );
  const mark = log.kept.find((s) => s.query.includes('UPDATE crisis_alert'));
  if (!mark) throw new Error('the escalation run sent no claiming statement');
  // As many due again, to explain the claim as a run finds it.
  await due(DUE_ALERTS);
  const explained = await explain(
    db,
    `escalation's claim (${DUE_ALERTS} due of ${ALERTS + (ROUNDS + 1) * DUE_ALERTS})`,
    mark.query,
    [new Date(), ...mark.parameters.slice(1)],
    'crisis_alert_waiting_idx',
  );
  return { escalation: { alerts: ALERTS, ...escalated }, explained };
}

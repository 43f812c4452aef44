import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { ANONYMOUS, toPersonActor } from '../../api/auth/actor.js';
import { rulesSnapshot } from '../../api/governance/motion-rules.js';
import { createServices } from '../../api/modules.js';
import type { Row } from './bench-table.js';
import { explainPlan, StatementLog, withBenchDatabase } from './bench-database.js';
import { summarise } from './percentiles.js';
import { generateSyntheticDirectory } from './synthetic-directory.js';

/**
 * Governance at two sizes of co-op, SMALL and LARGE members on Brighton's 40/40/20 rules with a board of
 * five, through the services as the resolvers call them: closing (counting) MOTIONS - 2 motions each with a
 * ballot from every member, and constitutionCheck and a page of 100 of the register CHECKS times each, after
 * one of each untimed. Then EXPLAIN (ANALYZE, BUFFERS) of the count, the check and the page as the app sent
 * them, with their scans and indexes, among BACKGROUND other co-ops' registers. The ratio LARGE/SMALL says
 * how each grows with the co-op: the count and the check group every ballot or member of one co-op, and the
 * page counts the register for totalCount, so each grows with it, but far less than tenfold while one
 * statement's fixed costs dominate.
 */
const SMALL = 500;
const LARGE = Number(process.env.BENCH_GOVERNANCE_MEMBERS ?? 5_000);
const MOTIONS = 20;
const CHECKS = 200;
/** Other co-ops on the register's tables, BACKGROUND_MEMBERS members each, so a plan chooses among many co-ops' rows. */
const BACKGROUND = 40;
const BACKGROUND_MEMBERS = 250;
const CLASSES = ['WORKER', 'SERVICE_USER', 'SUPPORTER'];

interface Timing {
  median: number;
  p95: number;
}

interface Plan {
  ms: number;
  scans: string;
  indexes: string;
}

export interface GovernanceBench {
  sizes: [number, number];
  close: [Timing, Timing];
  check: [Timing, Timing];
  page: [Timing, Timing];
  plans: { close: Plan; checkSmall: Plan; check: Plan; page: Plan };
}

/** A published co-op with a constitution, `members` members (entered an hour ago) by class in turn, and five on its board. */
async function coOpOf(db: DataSource, providerId: string, members: number): Promise<void> {
  await db.query(
    `INSERT INTO co_op_constitution (provider_id, template, voting_basis, quorum_percent, board_term_months)
     VALUES ($1, 'BRIGHTON_40_40_20', 'WEIGHTED_BY_CLASS', 10, 36)`,
    [providerId],
  );
  await db.query(
    `INSERT INTO co_op_class_rule (provider_id, member_class, vote_weight_percent, board_seats, minimum_board_seats, required)
     VALUES ($1, 'WORKER', 40, 2, 1, true), ($1, 'SERVICE_USER', 40, 2, 1, true), ($1, 'SUPPORTER', 20, 1, 0, false)`,
    [providerId],
  );
  await db.query(
    `WITH people AS (
       INSERT INTO person (email, name)
       SELECT 'member-' || gen_random_uuid() || '@bench.example', 'Member ' || n FROM generate_series(1, $2::int) n
       RETURNING id, name
     )
     INSERT INTO co_op_member (provider_id, person_id, member_class, joined_on, entered_at)
     SELECT $1, p.id, ($3::member_class[])[1 + (row_number() OVER (ORDER BY p.id)) % 3], current_date - 100, now() - interval '1 hour'
     FROM people p`,
    [providerId, members, CLASSES],
  );
  await db.query(
    `INSERT INTO board_term (provider_id, member_id, member_class, starts_on, ends_on)
     SELECT provider_id, id, member_class, current_date - 30, current_date + 700
     FROM (SELECT *, row_number() OVER (PARTITION BY member_class ORDER BY id) AS n FROM co_op_member WHERE provider_id = $1) m
     WHERE n <= CASE member_class WHEN 'SUPPORTER' THEN 1 ELSE 2 END`,
    [providerId],
  );
}

/** MOTIONS ordinary resolutions of the co-op, each closing in seconds with a ballot from every member; their ids. */
async function motionsWithBallots(db: DataSource, providerId: string, members: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < MOTIONS; i++) {
    const [{ id }] = await db.query(
      `INSERT INTO motion (provider_id, kind, title, body, secret, opened_at, closes_at, rules)
       SELECT c.provider_id, 'ORDINARY_RESOLUTION', 'A motion', 'That the co-op does a thing.', false,
         now(), clock_timestamp() + interval '20 seconds',
         ${rulesSnapshot({ kind: `'ORDINARY_RESOLUTION'`, electionClass: 'NULL', at: 'now()' })}
       FROM co_op_constitution c WHERE c.provider_id = $1 RETURNING id`,
      [providerId],
    );
    await db.query(
      `INSERT INTO ballot (motion_id, member_class, choice, receipt_hash)
       SELECT $1, ($3::member_class[])[1 + n % 3], (ARRAY['FOR', 'AGAINST', 'ABSTAIN', 'FOR', 'FOR'])[1 + n % 5],
              sha256(gen_random_uuid()::text::bytea)
       FROM generate_series(1, $2::int) n`,
      [id, members, CLASSES],
    );
    ids.push(id);
  }
  return ids;
}

async function timed(n: number, run: (i: number) => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await run(i);
    samples.push(performance.now() - start);
  }
  const { median, p95 } = summarise(samples);
  return { median, p95 };
}

/** EXPLAIN of the first statement `run` sends that `pick` chooses, as the app sent it. */
async function planOf(db: DataSource, log: StatementLog, run: () => Promise<unknown>, pick: (sql: string) => boolean): Promise<Plan> {
  log.kept = [];
  log.keeping = true;
  await run();
  log.keeping = false;
  const statement = log.kept.find((s) => pick(s.query));
  if (!statement) throw new Error('the statement to explain was not sent');
  const { ms, nodes } = await explainPlan(db, statement.query, statement.parameters);
  const scans = [...new Set(nodes.flatMap((n) => (n['Relation Name'] ? [`${n['Node Type']} on ${n['Relation Name']}`] : [])))];
  const indexes = [...new Set(nodes.flatMap((n) => (n['Index Name'] ? [n['Index Name'] as string] : [])))];
  return { ms, scans: scans.join(', '), indexes: indexes.join(', ') || 'none' };
}

export async function measureGovernance(): Promise<GovernanceBench> {
  const log = new StatementLog();
  return withBenchDatabase('governance', { poolSize: 2, logger: log }, async (db) => {
    const services = createServices(db);
    await generateSyntheticDirectory(db, { providers: 2 + BACKGROUND, servicesPerProvider: 1 });
    const providers: string[] = (await db.query(`SELECT id FROM provider WHERE status = 'PUBLISHED' ORDER BY id`)).map((r: any) => r.id);
    for (const other of providers.slice(2, 2 + BACKGROUND)) await coOpOf(db, other, BACKGROUND_MEMBERS);
    const sizes: [number, number] = [SMALL, LARGE];
    const motions: string[][] = [];
    for (const [i, size] of sizes.entries()) {
      await coOpOf(db, providers[i]!, size);
      motions.push(await motionsWithBallots(db, providers[i]!, size));
    }
    await db.query('ANALYZE');
    const [admin] = await db.query(`INSERT INTO person (email, name) VALUES ('admin@bench.example', 'Admin') RETURNING id`);
    const officer = { actor: toPersonActor(admin.id, 'bench', { isAdmin: true, staff: [], grants: [] }), requestId: 'bench' };
    const anyone = { actor: ANONYMOUS, requestId: 'bench' };
    const [{ wait }] = await db.query(`SELECT extract(epoch FROM max(closes_at) - clock_timestamp()) * 1000 AS wait FROM motion`);
    await sleep(Math.max(0, Number(wait)) + 100);

    const close = (k: number) => (i: number) =>
      services.motionClosing.close(motions[k]![i]!).then((closed) => {
        if (!closed) throw new Error('a due motion was not closed');
      });
    const check = (k: number) => () => services.constitutions.check(anyone, providers[k]!);
    const page = (k: number) => () => services.coOpRegister.register(officer, providers[k]!, { first: 100 });
    // One of each first, untimed: the first call of each pays for warming the pool, caches and JIT.
    for (const k of [0, 1]) {
      await close(k)(0);
      await check(k)();
      await page(k)();
    }
    const closings = (k: number) => timed(MOTIONS - 2, (i) => close(k)(i + 1));
    const result: GovernanceBench = {
      sizes,
      close: [await closings(0), await closings(1)],
      check: [await timed(CHECKS, check(0)), await timed(CHECKS, check(1))],
      page: [await timed(CHECKS, page(0)), await timed(CHECKS, page(1))],
      plans: {
        close: { ms: 0, scans: '', indexes: '' },
        checkSmall: await planOf(db, log, check(0), (sql) => sql.includes('FROM co_op_member WHERE provider_id = c.provider_id')),
        check: await planOf(db, log, check(1), (sql) => sql.includes('FROM co_op_member WHERE provider_id = c.provider_id')),
        page: await planOf(db, log, page(1), (sql) => sql.includes('LIMIT')),
      },
    };
    // The last motion of the large co-op is closed while its statements are kept, to explain the count.
    result.plans.close = await planOf(
      db,
      log,
      () => close(1)(MOTIONS - 1),
      (sql) => sql.includes('FROM ballot WHERE motion_id'),
    );
    return result;
  });
}

export function describeGovernance(r: GovernanceBench): Row[] {
  const [small, large] = r.sizes.map((n) => n.toLocaleString('en-GB'));
  const ms = (t: Timing) => `${t.median.toFixed(1)} / ${t.p95.toFixed(1)} ms`;
  const rows = (what: string, t: [Timing, Timing], plan: Plan): Row[] => [
    { measure: `${what}, ${small}, median / p95`, value: ms(t[0]) },
    {
      measure: `${what}, ${large}, median / p95`,
      value: `${ms(t[1])} (×${(t[1].median / t[0].median).toFixed(1)} the median at ${small})`,
    },
    {
      measure: `${what}: its plan at ${large} (EXPLAIN ANALYZE)`,
      value: `${plan.ms.toFixed(1)} ms: ${plan.scans}; indexes: ${plan.indexes}`,
    },
  ];
  return [
    ...rows('closing a motion with a ballot from every member (count, result, audit)', r.close, r.plans.close),
    ...rows('constitutionCheck of the register and board', r.check, r.plans.check),
    {
      measure: `constitutionCheck: its plan at ${small} (EXPLAIN ANALYZE)`,
      value: `${r.plans.checkSmall.ms.toFixed(1)} ms: ${r.plans.checkSmall.scans}; indexes: ${r.plans.checkSmall.indexes}`,
    },
    ...rows('a page of 100 of the register', r.page, r.plans.page),
  ];
}

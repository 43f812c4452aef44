import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../api/accounts/seed.js';
import { seedDemoData } from '../../api/demo/seed.js';
import { createServices } from '../../api/modules.js';
import { createApp } from '../../api/server.js';
import { explainPlan, StatementLog, withBenchDatabase } from './bench-database.js';
import { summarise } from './percentiles.js';
import { generateSyntheticCarePlans, TEMPLATE_EMAIL } from './synthetic-care-plans.js';

/**
 * Reading care plans over HTTP on the Kirklees demo plus PLANS synthetic plans of VERSIONS versions
 * (synthetic-care-plans.ts), so the item indexes work at scale. The requests are sampled in turn, so noise
 * falls on all alike, and each is given as a ratio to `{ serviceCategories { slug } }` of the same run, with
 * the statements it sends: the same for Margaret's small plan and a 20-version one, and for a page of a care
 * worker's visits and all of them, as the loaders promise. Then EXPLAIN (ANALYZE, BUFFERS) of the two item
 * look-ups the reads rest on, with whether each uses the index meant for it.
 */
const PLANS = Number(process.env.BENCH_CARE_PLANS ?? 2000);
const VERSIONS = 20;
const SAMPLES = Number(process.env.BENCH_CARE_PLAN_SAMPLES ?? 100);

const RATING = 'importance performance satisfaction ratedOn';
const WHOLE_PLAN = `query($id: ID!) { carePlan(id: $id) { id version status agreedVersion myRole reviewDate isReviewOverdue
  createdAt updatedAt person { id name } consent { method givenOn } leadCoordinator { id name }
  circle { id name role kind status isLeadCoordinator invitedEmail joinedAt person { id } }
  aboutMe { heading title text }
  goals { id description area importance baseline { ${RATING} } latest { ${RATING} }
    change { importance performance satisfaction isMeaningful } reviews { ${RATING} } }
  supports { id what giver bookingId carerName when budgetId service { id name } goals { id } }
  risks { id description personsChoice safeguards }
  versions(first: 20) { edges { node { version createdAt createdBy { name } isAgreed } } }
  proposals { edges { node { id baseVersion comment status proposedAt proposedBy { name } isStale
    changes { action item itemId } conflicts { item why } } } } } }`;
const FIRST_VERSION = `query($id: ID!) { carePlan(id: $id) { atVersion(version: 1) { version
  aboutMe { heading text } goals { id description area } supports { id what when } risks { id description } } } }`;
const WORKER_SUPPORTS = 'query($first: Int!) { me { visits(first: $first) { edges { node { carePlanSupports { what } } } } } }';

/** The SQL of care-plan-store.ts `readItems` and visit-supports.ts `supportsByBookingId`, as the app sends it. */
const ITEMS_AT = `SELECT i.id, i.plan_id, i.item_id, i.kind, i.content, i.position, k.at
  FROM unnest($1::uuid[], $2::int[]) AS k(plan_id, at)
  JOIN care_plan_item i ON i.plan_id = k.plan_id AND i.from_version <= k.at AND (i.until_version IS NULL OR i.until_version > k.at)`;
const SUPPORTS_BY_BOOKING = `SELECT p.id, p.person_id, p.council_id, p.current_version, i.booking_id, i.item_id, i.id, i.content
  FROM care_plan_item i JOIN care_plan p ON p.id = i.plan_id
  WHERE i.booking_id = ANY($1::uuid[]) AND i.until_version IS NULL AND i.kind = 'SUPPORT' ORDER BY i.position`;

type Timing = { median: number; p95: number; n: number; statements: number };
export interface CarePlanReads {
  items: number;
  floor: Timing;
  reads: (Timing & { label: string })[];
  explains: { label: string; top: string; indexes: string; used: boolean; ms: number }[];
}

/** The plan's top node, the indexes it reads, and its execution time. */
async function explain(db: DataSource, label: string, sql: string, params: unknown[], intended: string) {
  const { plan, ms, nodes } = await explainPlan(db, sql, params);
  const indexes = new Set<string>(nodes.flatMap((node) => (node['Index Name'] ? [node['Index Name']] : [])));
  const top = `${plan['Node Type']}, ${plan['Actual Rows']} rows, ${plan['Shared Hit Blocks'] + plan['Shared Read Blocks']} buffers`;
  return { label, top, indexes: [...indexes].join(', ') || 'none', used: indexes.has(intended), ms };
}

export async function measureCarePlanReads(): Promise<CarePlanReads> {
  const statements = new StatementLog();
  return withBenchDatabase('careplans', { poolSize: 10, logger: statements }, async (db) => {
    const services = createServices(db);
    await seedDemoData(services);
    const { templatePlanId, items } = await generateSyntheticCarePlans(services, db, { plans: PLANS, versions: VERSIONS });
    const [{ id: margaretsPlan }] = await db.query('SELECT c.id FROM care_plan c JOIN person p ON p.id = c.person_id WHERE p.email = $1', [
      DEMO_ACCOUNTS.margaret.email,
    ]);
    const config = { publicRateLimitPerMinute: 1e6, credentialRateLimitPerMinute: 1e6, nodeEnv: 'production' as const };
    const app = await createApp({ services, config, log: () => {} });
    const { server, url } = await app.listen(0, '127.0.0.1');
    try {
      const send = async (path: string, init: RequestInit) => {
        const res = await fetch(`${url}${path}`, init);
        const body = await res.text();
        if (!res.ok || body.includes('"errors"')) throw new Error(`${path}: ${res.status} ${body.slice(0, 300)}`);
        return body;
      };
      const post = (query: string, variables: unknown, token?: string) =>
        send('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          body: JSON.stringify({ query, variables }),
        });
      const get = (path: string, token: string) => send(path, { headers: { authorization: `Bearer ${token}` } });
      const LOGIN = 'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }';
      const signIn = async (e: string): Promise<string> => JSON.parse(await post(LOGIN, { e, p: DEMO_PASSWORD })).data.login.token;
      const { margaret: m, david: d, worker: w } = DEMO_ACCOUNTS;
      const [margaret, david, worker, holder] = await Promise.all([m.email, d.email, w.email, TEMPLATE_EMAIL].map(signIn));
      // Statements must not grow with the page: the worker's visits up to the first that a plan links, then all of them.
      const edges: { node: { carePlanSupports: unknown[] | null } }[] = JSON.parse(await post(WORKER_SUPPORTS, { first: 100 }, worker)).data
        .me.visits.edges;
      const linked = edges.findIndex((e) => e.node.carePlanSupports) + 1;
      const reads: [string, () => Promise<unknown>][] = [
        ['floor', () => post('{ serviceCategories { slug } }', {})],
        ["Margaret's whole plan, as Margaret", () => post(WHOLE_PLAN, { id: margaretsPlan }, margaret)],
        ['the same, as David (audited)', () => post(WHOLE_PLAN, { id: margaretsPlan }, david)],
        ['GET /fhir/CarePlan/{id}, as David', () => get(`/fhir/CarePlan/${margaretsPlan}`, david)],
        ['GET /care-plans/{id}/print, as David', () => get(`/care-plans/${margaretsPlan}/print`, david)],
        [`whole ${VERSIONS}-version plan, as its person`, () => post(WHOLE_PLAN, { id: templatePlanId }, holder)],
        [`atVersion(1) of a ${VERSIONS}-version plan`, () => post(FIRST_VERSION, { id: templatePlanId }, holder)],
        [`care worker's first ${linked} visits' supports`, () => post(WORKER_SUPPORTS, { first: linked }, worker)],
        [`the same of all ${edges.length} visits`, () => post(WORKER_SUPPORTS, { first: 100 }, worker)],
      ];
      const counts = new Map<string, number>();
      for (const [label, read] of reads) {
        await read();
        statements.count = 0;
        await read();
        counts.set(label, statements.count);
      }
      const times = new Map(reads.map(([label]) => [label, [] as number[]]));
      for (let i = 0; i < SAMPLES; i++) {
        for (const [label, read] of reads) {
          const start = performance.now();
          await read();
          times.get(label)!.push(performance.now() - start);
        }
      }
      const timing = (label: string) => ({ label, ...summarise(times.get(label)!), statements: counts.get(label)! });
      const [floor, ...rest] = reads.map(([label]) => timing(label));
      const bookings = await db.query('SELECT booking_id FROM care_plan_item WHERE booking_id IS NOT NULL ORDER BY random() LIMIT 3');
      const explains = [
        await explain(db, `itemsAt(plan, 1), ${VERSIONS}-version plan`, ITEMS_AT, [[templatePlanId], [1]], 'care_plan_item_revision_key'),
        await explain(
          db,
          'supports of 3 bookings',
          SUPPORTS_BY_BOOKING,
          [bookings.map((b: any) => b.booking_id)],
          'care_plan_item_booking_idx',
        ),
      ];
      return { items, floor, reads: rest, explains };
    } finally {
      server.closeAllConnections();
      server.close();
      await app.apollo.stop();
    }
  });
}

export function describeCarePlanReads(r: CarePlanReads): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(8);
  const x = (n: number, of: number) => `${(n / of).toFixed(1)} ×`.padStart(6);
  const row = (label: string, t: Timing, ratios: [string, string]) =>
    `  ${label.padEnd(40)} median ${ms(t.median)} ${ratios[0]}   p95 ${ms(t.p95)} ${ratios[1]}   ${t.statements} statements`;
  const reads = r.reads.map((t) => row(t.label, t, [x(t.median, r.floor.median), x(t.p95, r.floor.p95)]));
  const explains = r.explains.map(
    (e) =>
      `  ${e.label.padEnd(40)} ${e.top}; ${e.indexes} (${e.used ? 'the intended index' : 'NOT the intended index'}); ${e.ms.toFixed(2)} ms`,
  );
  return `
Care plans: reads over HTTP, Kirklees demo plus ${PLANS} plans of ${VERSIONS} versions (${r.items} item revisions),
${SAMPLES} samples of each, in turn; × is the ratio to the floor of the same run
${row('floor: { serviceCategories { slug } }', r.floor, [' '.repeat(6), ' '.repeat(6)])}
${reads.join('\n')}
EXPLAIN (ANALYZE, BUFFERS) at that scale
${explains.join('\n')}`;
}

/** The table's rows: each read's p95 against the floor's, and whether each look-up used its index. */
export function tabulateCarePlanReads(r: CarePlanReads): { measure: string; value: string }[] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    ...r.reads.map((t) => ({ measure: `${t.label}: p95 (floor ${ms(r.floor.p95)})`, value: `${ms(t.p95)}, ${t.statements} statements` })),
    ...r.explains.map((e) => ({
      measure: `EXPLAIN ${e.label}`,
      value: `${e.ms.toFixed(2)} ms, ${e.used ? 'intended index' : 'NOT the intended index'}`,
    })),
  ];
}

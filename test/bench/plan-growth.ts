import 'reflect-metadata';
import type { DataSource } from 'typeorm';
import { StaffRole } from '../../api/auth/auth.enums.js';
import { listings } from '../../api/directory/fixtures/builders.js';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import { createServices } from '../../api/modules.js';
import { createApp } from '../../api/server.js';
import { explainPlan, StatementLog, withBenchDatabase } from './bench-database.js';
import { graphQLOver } from './http-load.js';
import { generateSyntheticBudgets } from './synthetic-budgets.js';
import { generateSyntheticDirectory } from './synthetic-directory.js';

/**
 * Whether the hot reads' plans stay flat as the data grows: a directory search, a budget's balance, a
 * budget's statement (CSV) and a council's spend report, each sent once over HTTP as a client sends it;
 * every SELECT it made is then run under EXPLAIN (ANALYZE, BUFFERS). At the normal scale (20,000
 * services; one council's 2,000 budgets, 20,000 ledger lines) and, with BENCH_LARGE=1, again on a
 * database of 100,000 services and 50 councils' 100,000 budgets (1,000,000 ledger lines), reading the
 * same council: flat means each read keeps its indexes, no large table read whole, and an execution
 * time within a small factor.
 */
const LARGE = process.env.BENCH_LARGE === '1';
const BUDGETS_PER_COUNCIL = 2000;
const LINES_PER_BUDGET = 10;
const PASSWORD = 'bench-password-not-secret';
const SCALES = [
  { name: 'normal', providers: 5000, councils: 1 },
  { name: 'large', providers: 25_000, councils: 50 },
];

const SEARCH = /* GraphQL */ `
  query BenchPlanSearch {
    services(filter: { text: "personal care", near: { postcode: "HD1 2TA" }, cooperativesOnly: true }, first: 20) {
      totalCount
      edges { node { id name provider { id name } category { slug } } }
    }
  }
`;

export interface HotRead {
  label: string;
  statements: number;
  /** Execution time of all its SELECTs, summed. */
  ms: number;
  /** Node types and indexes, in plan order: what "the same plan" compares. */
  shape: string[];
  indexes: string[];
  /** Tables some statement read whole, with the rows it read. */
  seqScans: string[];
}

export interface Scale {
  name: string;
  services: number;
  budgets: number;
  ledgerLines: number;
  reads: HotRead[];
}

export interface PlanGrowth {
  scales: Scale[];
}

async function explain(db: DataSource, statement: { query: string; parameters: unknown[] }) {
  const { ms, nodes } = await explainPlan(db, statement.query, statement.parameters);
  const shape: string[] = [];
  const seqScans: string[] = [];
  const indexes: string[] = [];
  for (const node of nodes) {
    shape.push(node['Index Name'] ? `${node['Node Type']} ${node['Index Name']}` : node['Node Type']);
    if (node['Index Name']) indexes.push(node['Index Name']);
    // A table of a few rows read whole is as cheap as an index; only a large one is a plan that will not stay flat.
    const rows = node['Actual Rows'] * node['Actual Loops'];
    if (node['Node Type'] === 'Seq Scan' && rows > 1000) seqScans.push(`${node['Relation Name']} (${rows} rows)`);
  }
  return { ms, shape, indexes, seqScans };
}

async function measureAt(scale: (typeof SCALES)[number]): Promise<Scale> {
  const log = new StatementLog();
  return withBenchDatabase(`plans_${scale.name}`, { poolSize: 4, logger: log }, async (db) => {
    await seedGazetteer(db);
    const services = createServices(db);
    const councilIds: string[] = [];
    for (let i = 0; i < scale.councils; i++) {
      const council = await listings(services).createCouncil({
        name: `Bench Council ${i}`,
        slug: `bench-${i}`,
        onsCode: `E99${String(i).padStart(6, '0')}`,
        postcodeDistricts: ['HD1'],
      });
      councilIds.push(council.id);
    }
    const directory = await generateSyntheticDirectory(db, { providers: scale.providers, servicesPerProvider: 4 });
    const budgets = await generateSyntheticBudgets(db, {
      councilIds,
      budgetsPerCouncil: BUDGETS_PER_COUNCIL,
      linesPerBudget: LINES_PER_BUDGET,
      tag: 'plans',
    });
    console.log(`plans, ${scale.name}: ${directory.services} services, ${budgets.budgets} budgets, ${budgets.ledgerLines} ledger lines`);
    const officer = await services.people.ensurePerson({ email: 'officer@bench.example', name: 'Bench Officer' });
    await services.people.setPassword(officer.id, PASSWORD);
    await services.people.addStaffMembership(officer.id, { role: StaffRole.COUNCIL_OFFICER, councilId: councilIds[0], providerId: null });
    const [{ id: budgetId }] = await db.query(`SELECT id FROM personal_budget WHERE council_id = $1 ORDER BY id OFFSET $2 LIMIT 1`, [
      councilIds[0],
      BUDGETS_PER_COUNCIL / 2,
    ]);

    const app = await createApp({ services, config: { publicRateLimitPerMinute: 1_000_000, nodeEnv: 'production' }, log: () => {} });
    const { server, url: base } = await app.listen(0, '127.0.0.1');
    try {
      const gql = graphQLOver(base);
      const login = await gql(`mutation BenchSignIn($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, {
        e: 'officer@bench.example',
        p: PASSWORD,
      });
      const token: string = login.data?.login?.token;
      if (!token) throw new Error(`bench sign-in failed: ${JSON.stringify(login.errors)}`);
      const year = new Date().getUTCFullYear();
      const answered = async (query: string, variables: unknown) => {
        const answer = await gql(query, variables, token);
        if (!answer.data || answer.errors) throw new Error(`a hot read failed: ${JSON.stringify(answer.errors)}`);
      };
      const reads: [string, () => Promise<void>][] = [
        ['directory search', () => answered(SEARCH, {})],
        [
          'budget balance',
          () =>
            answered(`query BenchBalance($id: ID!) { personalBudget(id: $id) { availablePence committedPence spentPence } }`, {
              id: budgetId,
            }),
        ],
        [
          'budget statement (CSV)',
          async () => {
            const res = await fetch(`${base}/exports/budgets/${budgetId}/statement.csv`, { headers: { authorization: `Bearer ${token}` } });
            if (res.status !== 200) throw new Error(`the statement answered HTTP ${res.status}: ${await res.text()}`);
            await res.text();
          },
        ],
        [
          'spend report, one year',
          () =>
            answered(
              `query BenchSpend($c: ID!, $from: DateTime!, $to: DateTime!) {
                 spendReport(councilId: $c, from: $from, to: $to) { totals { budgets } byProvider { spentPence } }
               }`,
              { c: councilIds[0], from: `${year}-01-01T00:00:00Z`, to: `${year + 1}-01-01T00:00:00Z` },
            ),
        ],
      ];
      const measured: HotRead[] = [];
      for (const [label, read] of reads) {
        await read();
        log.kept = [];
        log.keeping = true;
        await read();
        log.keeping = false;
        const selects = log.kept.filter((s) => /^\s*(SELECT|WITH)\b/i.test(s.query));
        const explained = [];
        for (const statement of selects) explained.push(await explain(db, statement));
        measured.push({
          label,
          statements: selects.length,
          ms: explained.reduce((sum, e) => sum + e.ms, 0),
          shape: explained.flatMap((e) => e.shape),
          indexes: explained.flatMap((e) => e.indexes),
          seqScans: explained.flatMap((e) => e.seqScans),
        });
      }
      return {
        name: scale.name,
        services: directory.services,
        budgets: budgets.budgets,
        ledgerLines: budgets.ledgerLines,
        reads: measured,
      };
    } finally {
      server.closeAllConnections();
      server.close();
      await app.apollo.stop();
    }
  });
}

export async function measurePlanGrowth(): Promise<PlanGrowth> {
  const scales: Scale[] = [];
  for (const scale of LARGE ? SCALES : SCALES.slice(0, 1)) scales.push(await measureAt(scale));
  return { scales };
}

/**
 * The same plans; or, as the planner may fairly trade a bitmap scan for an index scan or a small table's
 * scan for an index as tables grow, which indexes one scale used and the other did not.
 */
function compared(normal: HotRead, large: HotRead): string {
  if (normal.shape.join('|') === large.shape.join('|')) return 'same plans';
  const [before, after] = [new Set(normal.indexes), new Set(large.indexes)];
  const added = [...after].filter((i) => !before.has(i));
  const dropped = [...before].filter((i) => !after.has(i));
  if (!added.length && !dropped.length) return 'plan nodes differ, same indexes';
  return `plans differ: ${[...added.map((i) => `+${i}`), ...dropped.map((i) => `-${i}`)].join(' ')}`;
}

export function describePlanGrowth(r: PlanGrowth): { measure: string; value: string }[] {
  const [normal, large] = r.scales;
  const ms = (n: number) => `${n.toFixed(2)} ms`;
  const whole = (read: HotRead) => (read.seqScans.length ? `reads whole: ${read.seqScans.join(', ')}` : 'no large table read whole');
  const rows = [
    {
      measure: 'data',
      value: r.scales.map((s) => `${s.name}: ${s.services} services, ${s.budgets} budgets, ${s.ledgerLines} ledger lines`).join('; '),
    },
  ];
  for (const read of normal.reads) {
    const grown = large?.reads.find((g) => g.label === read.label);
    const measure = `${read.label}: EXPLAIN ANALYZE of its ${read.statements} SELECTs`;
    if (!grown) {
      rows.push({ measure, value: `${ms(read.ms)}, ${whole(read)}` });
      continue;
    }
    rows.push({
      measure,
      value: `${ms(read.ms)} → ${ms(grown.ms)} (${(grown.ms / read.ms).toFixed(1)} ×), ${compared(read, grown)}, ${whole(grown)}`,
    });
  }
  return rows;
}

import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { StaffRole } from '../../api/auth/auth.enums.js';
import { buildProvider, buildService, listings } from '../../api/directory/fixtures/builders.js';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import { createServices } from '../../api/modules.js';
import { createApp } from '../../api/server.js';
import { withBenchDatabase } from './bench-database.js';
import { graphQLOver, summarise } from './http-load.js';

/**
 * Booking under contention: CLIENTS concurrent clients book one-hour visits over HTTP against BUDGETS
 * council-managed budgets, each allocated exactly enough for VISITS_PER_BUDGET visits, until every
 * client has made its requests (more than the budgets can pay for). Reports bookings a second, the
 * latency of every request, and what the ledgers say afterwards: overspent budgets (must be 0) and
 * budgets whose bookings are not exactly what they could pay for.
 */
const CLIENTS = Number(process.env.BENCH_BOOKING_CLIENTS ?? 64);
const BUDGETS = Number(process.env.BENCH_BOOKING_BUDGETS ?? 20);
const VISITS_PER_BUDGET = Number(process.env.BENCH_BOOKING_VISITS_PER_BUDGET ?? 25);
/** A third more requests than the budgets can pay for, so the last ones race for the last pennies. */
const REQUESTS_PER_CLIENT = Math.ceil((BUDGETS * VISITS_PER_BUDGET * 4) / 3 / CLIENTS);
const PASSWORD = 'bench-password-not-secret';
/** Bookings one client makes alone, one after another, before the contention run. */
const SEQUENTIAL_REQUESTS = 50;

const REQUEST_BOOKING = /* GraphQL */ `
  mutation BenchBook($input: RequestBookingInput!) {
    requestBooking(input: $input) {
      __typename
      ... on Booking { id totalPence }
      ... on ErrorResult { code }
    }
  }
`;

export interface BookingContention {
  clients: number;
  budgets: number;
  requests: number;
  booked: number;
  refusedInsufficient: number;
  otherOutcomes: Record<string, number>;
  bookingsPerSecond: number;
  alone: { median: number; p95: number; n: number };
  latency: { median: number; p95: number; n: number };
  overspentBudgets: number;
  budgetsNotExactlyFull: number;
}

export async function measureBookingContention(): Promise<BookingContention> {
  return withBenchDatabase('booking', { poolSize: 20 }, async (db) => {
    await seedGazetteer(db);
    const services = createServices(db);
    const provider = await buildProvider(services, { name: 'Bench Care Co-operative' });
    const council = await listings(services).createCouncil({
      name: 'Bench Council',
      slug: 'bench',
      onsCode: 'E99999999',
      postcodeDistricts: ['HD1'],
    });
    const service = await buildService(services, provider.id, {
      hourlyRatePence: 3300,
      travelChargePencePerVisit: 0,
      minimumVisitMinutes: 30,
      acceptsCouncilManagedBudgets: true,
    });
    const officer = await services.people.ensurePerson({ email: 'officer@bench.example', name: 'Bench Officer' });
    await services.people.setPassword(officer.id, PASSWORD);
    await services.people.addStaffMembership(officer.id, { role: StaffRole.COUNCIL_OFFICER, councilId: council.id, providerId: null });

    const app = await createApp({
      services,
      config: { publicRateLimitPerMinute: 1_000_000, credentialRateLimitPerMinute: 1_000_000, nodeEnv: 'production' },
      log: () => {},
    });
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
      const visitPence = 3300;
      const allocate = async (i: number, allocatedPence: number): Promise<string> => {
        const res = await gql(
          `mutation BenchAllocate($input: AllocatePersonalBudgetInput!) { allocatePersonalBudget(input: $input) { id } }`,
          {
            input: {
              personEmail: `person${i}@bench.example`,
              personName: `Bench Person ${i}`,
              postcode: 'HD1 2TA',
              councilId: council.id,
              kind: 'COUNCIL_MANAGED',
              allocatedPence,
              periodStart: `${year}-01-01`,
              periodEnd: `${year + 1}-12-31`,
            },
          },
          token,
        );
        if (!res.data?.allocatePersonalBudget) throw new Error(`allocation failed: ${JSON.stringify(res.errors)}`);
        return res.data.allocatePersonalBudget.id;
      };
      // Visits an hour apart from every other request's, a week on, well inside the budgets' period.
      const firstVisit = Date.now() + 7 * 86_400_000;
      let visitsBooked = 0;
      const book = async (budgetId: string, key: string): Promise<{ outcome: string; ms: number }> => {
        const start = new Date(firstVisit + visitsBooked++ * 3_600_000);
        start.setUTCMinutes(0, 0, 0);
        const input = { budgetId, serviceId: service.id, visits: [{ start: start.toISOString(), minutes: 60 }], idempotencyKey: key };
        const t = performance.now();
        const res = await gql(REQUEST_BOOKING, { input }, token);
        const result = res.data?.requestBooking;
        return { outcome: result ? (result.__typename === 'Booking' ? 'Booking' : result.code) : 'error', ms: performance.now() - t };
      };

      // The same request with nobody else about: what contention adds is measured against it.
      const alone = await allocate(BUDGETS, visitPence * SEQUENTIAL_REQUESTS);
      const sequential: number[] = [];
      for (let i = 0; i < SEQUENTIAL_REQUESTS; i++) {
        const { outcome, ms } = await book(alone, `bench-alone-${i}`);
        if (outcome !== 'Booking') throw new Error(`an uncontended booking failed: ${outcome}`);
        sequential.push(ms);
      }

      const budgetIds: string[] = [];
      for (let i = 0; i < BUDGETS; i++) budgetIds.push(await allocate(i, visitPence * VISITS_PER_BUDGET));
      const outcomes: Record<string, number> = {};
      const latencies: number[] = [];
      const started = performance.now();
      await Promise.all(
        Array.from({ length: CLIENTS }, async (_, client) => {
          for (let i = 0; i < REQUESTS_PER_CLIENT; i++) {
            const { outcome, ms } = await book(budgetIds[(client + i) % BUDGETS], `bench-${client}-${i}`);
            latencies.push(ms);
            outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
          }
        }),
      );
      const seconds = (performance.now() - started) / 1000;

      const [ledger] = await db.query(
        `SELECT count(*) FILTER (WHERE available_pence < 0 OR committed_pence > allocated_pence) AS overspent,
                count(*) FILTER (WHERE committed_pence <> allocated_pence) AS not_full
           FROM personal_budget_balance`,
      );
      const { Booking: booked = 0, INSUFFICIENT_BUDGET: refused = 0, ...other } = outcomes;
      return {
        clients: CLIENTS,
        budgets: BUDGETS,
        requests: latencies.length,
        booked,
        refusedInsufficient: refused,
        otherOutcomes: other,
        bookingsPerSecond: booked / seconds,
        alone: summarise(sequential),
        latency: summarise(latencies),
        overspentBudgets: Number(ledger.overspent),
        budgetsNotExactlyFull: Number(ledger.not_full),
      };
    } finally {
      server.closeAllConnections();
      server.close();
      await app.apollo.stop();
    }
  });
}

export function describeBookingContention(r: BookingContention): string {
  const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
  const outcomes = [`${r.booked} booked`, `${r.refusedInsufficient} INSUFFICIENT_BUDGET`];
  for (const [code, count] of Object.entries(r.otherOutcomes)) outcomes.push(`${code} ${count}`);
  return `
Booking under contention (${r.clients} concurrent clients, ${r.budgets} council-managed budgets of ${VISITS_PER_BUDGET} visits each)
  requests                      ${r.requests}: ${outcomes.join(', ')}
  bookings a second             ${r.bookingsPerSecond.toFixed(0)}
  one client alone              median ${fmt(r.alone.median)}   p95 ${fmt(r.alone.p95)}   (${r.alone.n} bookings)
  ${r.clients} clients, every request      median ${fmt(r.latency.median)}   p95 ${fmt(r.latency.p95)}   \
(${(r.latency.median / r.alone.median).toFixed(1)} × and ${(r.latency.p95 / r.alone.p95).toFixed(1)} × alone)
  overspent budgets             ${r.overspentBudgets}   (must be 0)
  budgets not exactly full      ${r.budgetsNotExactlyFull}   (must be 0: every budget pays for exactly what it can)`;
}

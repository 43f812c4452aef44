import 'reflect-metadata';
import { StaffRole } from '../../api/auth/auth.enums.js';
import { buildProvider, buildService, listings } from '../../api/directory/fixtures/builders.js';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import { createServices } from '../../api/modules.js';
import { graphQLFailure, type LoadRun, loadWithAutocannon } from './autocannon-load.js';
import { withBenchDatabase } from './bench-database.js';
import { startInstances } from './bench-instance.js';
import { graphQLOver } from './http-load.js';
import { generateSyntheticBudgets } from './synthetic-budgets.js';

/**
 * Booking under contention: CONNECTIONS autocannon connections book one-hour visits over HTTP against
 * BUDGETS council-managed budgets, each allocated exactly enough for VISITS_PER_BUDGET visits, a third
 * more requests than the budgets can pay for, among SYNTHETIC_BUDGETS other budgets of the same council.
 * Every request has its own idempotency key and visit time, so each booking is real. Every answer is
 * read: a Booking or an INSUFFICIENT_BUDGET refusal is an answer; anything else fails the bench. Run
 * once against one instance and once spread over two instances (two processes) on the same database,
 * each run on budgets of its own; afterwards the ledgers must show no budget overspent, every budget
 * filled exactly, and as many bookings held once each as were answered.
 */
const CONNECTIONS = Number(process.env.BENCH_BOOKING_CLIENTS ?? 64);
const BUDGETS = Number(process.env.BENCH_BOOKING_BUDGETS ?? 20);
const VISITS_PER_BUDGET = Number(process.env.BENCH_BOOKING_VISITS_PER_BUDGET ?? 25);
const REQUESTS = Math.ceil((BUDGETS * VISITS_PER_BUDGET * 4) / 3);
const SYNTHETIC_BUDGETS = 2000;
const PASSWORD = 'bench-password-not-secret';
/** Bookings one connection makes alone, one after another, before the contention runs. */
const ALONE_REQUESTS = 50;
const VISIT_PENCE = 3300;
/** Each run's visits start this many hours after the previous run's, so no two requests share a time. */
const HOURS_PER_RUN = 2 * REQUESTS + 2 * CONNECTIONS + ALONE_REQUESTS;

const REQUEST_BOOKING = /* GraphQL */ `
  mutation BenchBook($input: RequestBookingInput!) {
    requestBooking(input: $input) {
      __typename
      ... on Booking { id totalPence }
      ... on ErrorResult { code }
    }
  }
`;

export interface ContendedRun {
  instances: number;
  load: LoadRun;
  booked: number;
  refusedInsufficient: number;
  bookingsPerSecond: number;
  overspentBudgets: number;
  budgetsNotExactlyFull: number;
  /** Bookings in the database that no answer reported, or answers with no booking: must be 0. */
  bookingsUnaccounted: number;
  /** Bookings held more or less than once: must be 0. */
  bookingsNotHeldOnce: number;
}

export interface BookingContention {
  connections: number;
  budgets: number;
  syntheticBudgets: number;
  alone: LoadRun;
  runs: ContendedRun[];
}

export async function measureBookingContention(): Promise<BookingContention> {
  return withBenchDatabase('booking', { poolSize: 4 }, async (db, databaseUrl) => {
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
      hourlyRatePence: VISIT_PENCE,
      travelChargePencePerVisit: 0,
      minimumVisitMinutes: 30,
      acceptsCouncilManagedBudgets: true,
    });
    const officer = await services.people.ensurePerson({ email: 'officer@bench.example', name: 'Bench Officer' });
    await services.people.setPassword(officer.id, PASSWORD);
    await services.people.addStaffMembership(officer.id, { role: StaffRole.COUNCIL_OFFICER, councilId: council.id, providerId: null });
    await generateSyntheticBudgets(db, {
      councilIds: [council.id],
      budgetsPerCouncil: SYNTHETIC_BUDGETS,
      linesPerBudget: 10,
      tag: 'booking',
    });

    const year = new Date().getUTCFullYear();
    const firstVisit = new Date(Date.now() + 7 * 86_400_000);
    firstVisit.setUTCMinutes(0, 0, 0);
    let run = 0;

    /** One run: `budgets` fresh budgets of `visits` visits each, booked through `urls` until `amount` answers. */
    const contend = async (
      urls: string[],
      token: string,
      options: { connections: number; budgets: number; visits: number; amount: number },
    ) => {
      const gql = graphQLOver(urls[0]);
      const budgetIds: string[] = [];
      for (let i = 0; i < options.budgets; i++) {
        const res = await gql(
          `mutation BenchAllocate($input: AllocatePersonalBudgetInput!) { allocatePersonalBudget(input: $input) { id } }`,
          {
            input: {
              personEmail: `person${run}-${i}@bench.example`,
              personName: `Bench Person ${run}-${i}`,
              postcode: 'HD1 2TA',
              councilId: council.id,
              kind: 'COUNCIL_MANAGED',
              allocatedPence: VISIT_PENCE * options.visits,
              periodStart: `${year}-01-01`,
              periodEnd: `${year + 1}-12-31`,
            },
          },
          token,
        );
        if (!res.data?.allocatePersonalBudget) throw new Error(`allocation failed: ${JSON.stringify(res.errors)}`);
        budgetIds.push(res.data.allocatePersonalBudget.id);
      }
      const firstHour = run++ * HOURS_PER_RUN;
      const outcomes = { Booking: 0, INSUFFICIENT_BUDGET: 0 };
      const load = await loadWithAutocannon({
        url: urls,
        connections: options.connections,
        amount: options.amount,
        request: (n) => {
          const start = new Date(firstVisit.getTime() + (firstHour + n) * 3_600_000).toISOString();
          const input = {
            budgetId: budgetIds[n % budgetIds.length],
            serviceId: service.id,
            visits: [{ start, minutes: 60 }],
            idempotencyKey: `bench-${firstHour + n}`,
          };
          return {
            method: 'POST',
            path: '/graphql',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
            body: JSON.stringify({ query: REQUEST_BOOKING, variables: { input } }),
          };
        },
        check: (status, body) => {
          const failure = graphQLFailure(status, body);
          if (failure) return failure;
          const answer = JSON.parse(body)?.data?.requestBooking;
          const outcome: string | undefined = answer?.__typename === 'Booking' ? 'Booking' : answer?.code;
          if (outcome !== 'Booking' && outcome !== 'INSUFFICIENT_BUDGET') return `not a booking nor a refusal: ${body.slice(0, 200)}`;
          outcomes[outcome]++;
          return null;
        },
      });
      const [ledger] = await db.query(
        `SELECT count(*) FILTER (WHERE available_pence < 0 OR committed_pence + spent_pence > allocated_pence) AS overspent,
                count(*) FILTER (WHERE committed_pence <> allocated_pence) AS not_full
           FROM personal_budget_balance WHERE budget_id = ANY($1::uuid[])`,
        [budgetIds],
      );
      const [bookings] = await db.query(
        `SELECT count(*) AS bookings,
                count(*) FILTER (WHERE (SELECT count(*) FROM budget_ledger_entry e WHERE e.booking_id = b.id AND e.kind = 'HOLD') <> 1)
                  AS not_held_once
           FROM booking b WHERE b.budget_id = ANY($1::uuid[])`,
        [budgetIds],
      );
      return {
        load,
        booked: outcomes.Booking,
        refusedInsufficient: outcomes.INSUFFICIENT_BUDGET,
        bookingsPerSecond: outcomes.Booking / load.seconds,
        overspentBudgets: Number(ledger.overspent),
        budgetsNotExactlyFull: Number(ledger.not_full),
        bookingsUnaccounted: Math.abs(Number(bookings.bookings) - outcomes.Booking),
        bookingsNotHeldOnce: Number(bookings.not_held_once),
      };
    };

    const runs: ContendedRun[] = [];
    let alone: LoadRun | undefined;
    for (const count of [1, 2]) {
      const instances = await startInstances(databaseUrl, count, Math.ceil(20 / count));
      try {
        const login = await graphQLOver(instances.urls[0])(
          `mutation BenchSignIn($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`,
          { e: 'officer@bench.example', p: PASSWORD },
        );
        const token: string = login.data?.login?.token;
        if (!token) throw new Error(`bench sign-in failed: ${JSON.stringify(login.errors)}`);
        if (!alone) {
          // The same request with nobody else about: what contention adds is measured against it.
          const uncontended = await contend(instances.urls, token, {
            connections: 1,
            budgets: 1,
            visits: ALONE_REQUESTS,
            amount: ALONE_REQUESTS,
          });
          if (uncontended.booked !== ALONE_REQUESTS)
            throw new Error(`${ALONE_REQUESTS - uncontended.booked} uncontended bookings were refused`);
          alone = uncontended.load;
        }
        const contended = await contend(instances.urls, token, {
          connections: CONNECTIONS,
          budgets: BUDGETS,
          visits: VISITS_PER_BUDGET,
          amount: REQUESTS,
        });
        runs.push({ instances: count, ...contended });
      } finally {
        await instances.stop();
      }
    }
    return { connections: CONNECTIONS, budgets: BUDGETS, syntheticBudgets: SYNTHETIC_BUDGETS, alone: alone!, runs };
  });
}

export function describeBookingContention(r: BookingContention): { measure: string; value: string }[] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    {
      measure: 'load',
      value: `${r.connections} connections on ${r.budgets} budgets of ${VISITS_PER_BUDGET} visits, among ${r.syntheticBudgets} others`,
    },
    { measure: 'one connection alone: p50 / p95', value: `${ms(r.alone.latencyMs.median)} / ${ms(r.alone.latencyMs.p95)}` },
    ...r.runs.flatMap((run) => {
      const on = `${run.instances} instance${run.instances > 1 ? 's' : ''}`;
      const { median, p95, p99 } = run.load.latencyMs;
      return [
        {
          measure: `${on}: bookings/s (requests/s)`,
          value: `${run.bookingsPerSecond.toFixed(0)} (${run.load.requestsPerSecond.toFixed(0)})`,
        },
        { measure: `${on}: p50 / p95 / p99`, value: `${ms(median)} / ${ms(p95)} / ${ms(p99)}` },
        { measure: `${on}: answers`, value: `${run.load.requests}: ${run.booked} booked, ${run.refusedInsufficient} INSUFFICIENT_BUDGET` },
        { measure: `${on}: overspent budgets (must be 0)`, value: String(run.overspentBudgets) },
        {
          measure: `${on}: budgets not filled exactly, bookings unaccounted, not held once (0s)`,
          value: `${run.budgetsNotExactlyFull}, ${run.bookingsUnaccounted}, ${run.bookingsNotHeldOnce}`,
        },
      ];
    }),
  ];
}

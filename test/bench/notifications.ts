import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import type { DataSource } from 'typeorm';
import { StaffRole } from '../../api/auth/auth.enums.js';
import { type Config, loadConfig } from '../../api/config.js';
import { createDataSource } from '../../api/db/data-source.js';
import { buildProvider, buildService, listings } from '../../api/directory/fixtures/builders.js';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import { type AppServices, createServices } from '../../api/modules.js';
import type { OutgoingMessage } from '../../api/notifications/letter.js';
import { MailSender } from '../../api/notifications/mail-sender.js';
import { smtpTransport } from '../../api/notifications/mail-transport.js';
import { MessageKind } from '../../api/notifications/notifications.enums.js';
import { createApp } from '../../api/server.js';
import { StatementLog, withBenchDatabase } from './bench-database.js';
import { graphQLOver, timed } from './http-load.js';
import { summarise } from './percentiles.js';
import { DAYS, DUE_ALERTS, measureEscalation, measureReminders, type Raiser, ROUNDS } from './notification-jobs.js';

/**
 * Issue 12's messages at scale, in one database:
 * 1. the sender: MESSAGES outbox messages delivered to a real SMTP server on 127.0.0.1 (smtp-server) by one
 *    sender, then by two racing on separate pools, with every Message-ID counted as it arrives; and one
 *    `deliverDue` batch against a `SELECT 1` round trip on the same pool (a batch is a job inside the process,
 *    not a request: an HTTP floor would charge it for HTTP it does not do);
 * 2. `requestBooking` over HTTP, which writes the coordinators' messages in its transaction, against
 *    `{ serviceCategories { slug } }`, for a provider of 1 coordinator and one of 20 (the same statements);
 * 3. the visit-reminder job over VISITS confirmed visits spread over 60 days (notification-jobs.ts);
 * 4. the crisis-escalation job over ALERTS acknowledged or escalated alerts and 10 due (notification-jobs.ts);
 * each job's claiming statement with EXPLAIN (ANALYZE, BUFFERS), in a transaction rolled back.
 */
const MESSAGES = Number(process.env.BENCH_OUTBOX_MESSAGES ?? 2000);
const BATCH_SAMPLES = Number(process.env.BENCH_OUTBOX_BATCH_SAMPLES ?? 40);
const SAMPLES = Number(process.env.BENCH_NOTIFY_SAMPLES ?? 60);
const BUDGETS = 20;
const MANY_COORDINATORS = 20;
const PASSWORD = 'bench-password-not-secret';

const REQUEST_BOOKING = /* GraphQL */ `
  mutation BenchNotifyBook($input: RequestBookingInput!) {
    requestBooking(input: $input) { __typename ... on Booking { id } ... on ErrorResult { code } }
  }
`;

/** A real SMTP server on a free port of 127.0.0.1 that counts the Message-IDs it receives. */
async function startCountingSmtp() {
  const received = new Map<string, number>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    logger: false,
    disableReverseLookup: true,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const headers = raw.slice(0, raw.indexOf('\r\n\r\n'));
        const id = /^message-id:\s*(<[^>]+>)/im.exec(headers)?.[1] ?? '';
        received.set(id, (received.get(id) ?? 0) + 1);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

type CountingSmtp = Awaited<ReturnType<typeof startCountingSmtp>>;

export type Timing = { median: number; p95: number; n: number };
export interface Explained {
  label: string;
  top: string;
  /** Every scan of a table, with the rows it read. */
  scans: string[];
  intended: string;
  used: boolean;
  /** Tables read whole, with the rows read. */
  seqScans: string[];
  ms: number;
}
interface DeliveryRun {
  senders: number;
  seconds: number;
  perSecond: number;
  arrived: number;
  distinct: number;
  duplicates: number;
  missing: number;
  sent: number;
}
export interface JobRuns {
  first: Timing & { statements: number; results: number[] };
  again: Timing & { statements: number };
}
export interface Notifications {
  deliveries: DeliveryRun[];
  batch: Timing & { statements: number; messages: number };
  selectOne: Timing;
  /** One message handed to the same SMTP server by the same transport, alone: what a batch's sends cost at least. */
  bareSend: Timing;
  floor: Timing & { statements: number };
  requests: (Timing & { coordinators: number; statements: number; messages: number })[];
  reminders: JobRuns & { visits: number; day: number };
  escalation: JobRuns & { alerts: number };
  explains: Explained[];
}

/** The messages of one run: to 500 readers, each several lines long, so sends are not of empty letters. */
function enqueue(services: AppServices, count: number, tag: string) {
  const messages: OutgoingMessage[] = Array.from({ length: count }, (_, i) => ({
    kind: MessageKind.BOOKING_REQUESTED,
    to: { email: `reader${i % 500}@bench.example`, name: `Bench Reader ${i % 500}` },
    letter: { subject: `Bench message ${tag}-${i}`, text: `A message of the benchmark, ${tag} number ${i}.\n`.repeat(8) },
    dedupeKey: `bench:${tag}:${i}`,
  }));
  return services.outbox.enqueue(messages);
}

/**
 * MESSAGES drained by one sender, then by two racing, each counted as it arrives. Two service sets, each on a
 * pool of its own, as two instances would be: racing on one pool would not show what two instances do.
 */
async function measureDeliveries(db: DataSource, dbUrl: string, config: Config, services: AppServices, smtp: CountingSmtp) {
  const pools = [createDataSource(dbUrl, { poolSize: 12 }), createDataSource(dbUrl, { poolSize: 12 })];
  await Promise.all(pools.map((p) => p.initialize()));
  try {
    const senders = pools.map((p) => createServices(p, config).mailSender);
    const deliveries: DeliveryRun[] = [];
    for (const racing of [1, 2]) {
      smtp.received.clear();
      await db.query('DELETE FROM outbox_message');
      const tag = `run${racing}`;
      if ((await enqueue(services, MESSAGES, tag)) !== MESSAGES) throw new Error('the outbox did not take every message');
      const drain = async (sender: MailSender) => {
        for (;;) if ((await sender.deliverDue(new Date())).handedOver === 0) return;
      };
      const { ms } = await timed(() => Promise.all(senders.slice(0, racing).map(drain)));
      const ids = new Set<string>(
        (await db.query('SELECT id FROM outbox_message')).map((r: { id: string }) => `<${r.id}@${new URL(config.publicUrl).hostname}>`),
      );
      const counts = [...smtp.received.entries()];
      const [{ sent }] = await db.query(`SELECT count(*) AS sent FROM outbox_message WHERE status = 'SENT'`);
      deliveries.push({
        senders: racing,
        seconds: ms / 1000,
        perSecond: MESSAGES / (ms / 1000),
        arrived: counts.reduce((sum, [, n]) => sum + n, 0),
        distinct: counts.filter(([id]) => ids.has(id)).length,
        duplicates: counts.filter(([, n]) => n > 1).length,
        missing: [...ids].filter((id) => !smtp.received.has(id)).length,
        sent: Number(sent),
      });
    }
    return deliveries;
  } finally {
    await Promise.all(pools.map((p) => p.destroy()));
  }
}

/**
 * One batch (claim 10, send them side by side, mark each), against SELECT 1 and one message sent alone, in turn:
 * the bare send shows how much of a batch is its SMTP exchanges rather than the outbox's statements.
 */
async function measureBatch(
  db: DataSource,
  config: Config,
  services: AppServices,
  smtp: CountingSmtp,
  log: StatementLog,
): Promise<Pick<Notifications, 'batch' | 'selectOne' | 'bareSend'>> {
  const transport = smtpTransport(smtp.url, config.mailFrom);
  const oneBatch = new MailSender(db, transport, 'bench.example', { maxBatches: 1 });
  const bare = { to: { name: 'Bench Reader', email: 'reader@bench.example' }, subject: 'Bench', text: 'A bare send.\n' };
  const sendTimes: number[] = [];
  await db.query('DELETE FROM outbox_message');
  const batchTimes: number[] = [];
  const selectTimes: number[] = [];
  let statements = 0;
  let handed = 0;
  for (let i = 0; i < BATCH_SAMPLES + 5; i++) {
    await enqueue(services, 10, `batch${i}`);
    const t = await timed(() => db.query('SELECT 1'));
    const sent = await timed(() => transport.send({ ...bare, messageId: `<bare-${i}@bench.example>` }));
    log.count = 0;
    const b = await timed(() => oneBatch.deliverDue(new Date()));
    if (i < 5) continue;
    statements = log.count;
    handed = b.value.handedOver;
    batchTimes.push(b.ms);
    selectTimes.push(t.ms);
    sendTimes.push(sent.ms);
  }
  return {
    bareSend: summarise(sendTimes),
    batch: { ...summarise(batchTimes), statements, messages: handed },
    selectOne: summarise(selectTimes),
  };
}

type Offer = { coordinators: number; serviceId: string };

/**
 * A council whose officer books, and a provider of 1 coordinator and one of MANY_COORDINATORS: the same
 * booking then writes 1 message or many, which is what the requests below compare.
 */
async function seedBooking(services: AppServices): Promise<Raiser & { offers: Offer[] }> {
  const council = await listings(services).createCouncil({
    name: 'Bench Council',
    slug: 'bench',
    onsCode: 'E99999999',
    postcodeDistricts: ['HD1'],
  });
  const officer = await services.people.ensurePerson({ email: 'officer@bench.example', name: 'Bench Officer' });
  await services.people.setPassword(officer.id, PASSWORD);
  await services.people.addStaffMembership(officer.id, { role: StaffRole.COUNCIL_OFFICER, councilId: council.id, providerId: null });
  const offers: Offer[] = [];
  for (const coordinators of [1, MANY_COORDINATORS]) {
    const provider = await buildProvider(services, { name: `Bench Care ${coordinators}` });
    const service = await buildService(services, provider.id, {
      hourlyRatePence: 3300,
      travelChargePencePerVisit: 0,
      minimumVisitMinutes: 30,
      acceptsCouncilManagedBudgets: true,
    });
    for (let i = 0; i < coordinators; i++) {
      const c = await services.people.ensurePerson({ email: `coord${coordinators}-${i}@bench.example`, name: `Coordinator ${i}` });
      await services.people.addStaffMembership(c.id, { role: StaffRole.COORDINATOR, providerId: provider.id, councilId: null });
    }
    offers.push({ coordinators, serviceId: service.id });
  }
  return { councilId: council.id, officerId: officer.id, offers };
}

type Gql = (query: string, variables: unknown, token?: string) => Promise<Record<string, any>>;

/** BUDGETS council-managed budgets, so the bookings measured are not all against one budget's balance. */
async function allocateBudgets(gql: Gql, token: string, councilId: string): Promise<string[]> {
  const year = new Date().getUTCFullYear();
  const budgets: string[] = [];
  for (let i = 0; i < BUDGETS; i++) {
    const data = await gql(
      'mutation($input: AllocatePersonalBudgetInput!) { allocatePersonalBudget(input: $input) { id } }',
      {
        input: {
          personEmail: `person${i}@bench.example`,
          personName: `Bench Person ${i}`,
          postcode: 'HD1 2TA',
          councilId,
          kind: 'COUNCIL_MANAGED',
          allocatedPence: 3300 * 1000,
          periodStart: `${year}-01-01`,
          periodEnd: `${year + 1}-12-31`,
        },
      },
      token,
    );
    budgets.push(data.allocatePersonalBudget.id);
  }
  return budgets;
}

/** requestBooking over HTTP for each provider and the floor, in turn; the statements and messages of one of each. */
async function measureRequests(
  db: DataSource,
  services: AppServices,
  log: StatementLog,
  { councilId, offers }: { councilId: string; offers: Offer[] },
): Promise<Pick<Notifications, 'floor' | 'requests'>> {
  const app = await createApp({
    services,
    config: { publicRateLimitPerMinute: 1_000_000, credentialRateLimitPerMinute: 1_000_000, nodeEnv: 'production' },
    log: () => {},
  });
  const { server, url: base } = await app.listen(0, '127.0.0.1');
  try {
    const send = graphQLOver(base);
    const gql = async (query: string, variables: unknown, token?: string) => {
      const json = await send(query, variables, token);
      if (!json.data || json.errors) throw new Error(`request failed: ${JSON.stringify(json.errors)}`);
      return json.data;
    };
    const login = await gql('mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }', {
      e: 'officer@bench.example',
      p: PASSWORD,
    });
    const token: string = login.login.token;
    const budgets = await allocateBudgets(gql, token, councilId);
    // Visits an hour apart, a week on: none falls on the day the reminders are measured for.
    const firstVisit = Date.now() + 7 * 86_400_000;
    let booked = 0;
    const book = async (serviceId: string) => {
      const start = new Date(firstVisit + booked * 3_600_000);
      start.setUTCMinutes(0, 0, 0);
      const input = {
        budgetId: budgets[booked % BUDGETS],
        serviceId,
        visits: [{ start: start.toISOString(), minutes: 60 }],
        idempotencyKey: `bench-${booked++}`,
      };
      const data = await gql(REQUEST_BOOKING, { input }, token);
      if (data.requestBooking.__typename !== 'Booking') throw new Error(`booking refused: ${data.requestBooking.code}`);
    };
    const plain = () => gql('{ serviceCategories { slug } }', {});
    const calls: [string, () => Promise<unknown>][] = [
      ['floor', plain],
      ...offers.map((o): [string, () => Promise<unknown>] => [`${o.coordinators}`, () => book(o.serviceId)]),
    ];
    const counts = new Map<string, { statements: number; messages: number }>();
    const outboxRows = async () => Number((await db.query('SELECT count(*) AS n FROM outbox_message'))[0].n);
    for (const [label, call] of calls) {
      await call();
      const before = await outboxRows();
      log.count = 0;
      await call();
      const statements = log.count;
      counts.set(label, { statements, messages: (await outboxRows()) - before });
    }
    const times = new Map(calls.map(([label]) => [label, [] as number[]]));
    for (let i = 0; i < SAMPLES; i++) {
      for (const [label, call] of calls) times.get(label)!.push((await timed(call)).ms);
    }
    const requests: Notifications['requests'] = [];
    for (const o of offers) {
      const label = `${o.coordinators}`;
      requests.push({ coordinators: o.coordinators, ...summarise(times.get(label)!), ...counts.get(label)! });
    }
    return { floor: { ...summarise(times.get('floor')!), statements: counts.get('floor')!.statements }, requests };
  } finally {
    server.closeAllConnections();
    server.close();
    await app.apollo.stop();
  }
}

export async function measureNotifications(): Promise<Notifications> {
  const log = new StatementLog();
  const smtp = await startCountingSmtp();
  try {
    return await withBenchDatabase('notifications', { poolSize: 20, logger: log }, async (db, dbUrl) => {
      await seedGazetteer(db);
      const config = { ...loadConfig(), smtpUrl: smtp.url, mailFrom: 'coopcare <bench@coopcare.example>' };
      const services = createServices(db, config);
      const deliveries = await measureDeliveries(db, dbUrl, config, services, smtp);
      const { batch, selectOne, bareSend } = await measureBatch(db, config, services, smtp, log);
      // The jobs below run over the bookings these requests make, and the escalation's alerts are the council's.
      const seeded = await seedBooking(services);
      const { floor, requests } = await measureRequests(db, services, log, seeded);
      const { reminders, explained: reminderClaim } = await measureReminders(db, services, log);
      const { escalation, explained: escalationClaim } = await measureEscalation(db, services, log, config.crisisEscalationMinutes, seeded);
      const explains = [reminderClaim, escalationClaim];
      return { deliveries, batch, selectOne, bareSend, floor, requests, reminders, escalation, explains };
    });
  } finally {
    await smtp.close();
  }
}

export function describeNotifications(r: Notifications): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`.padStart(9);
  const x = (n: number, of: number) => `${(n / of).toFixed(1)} ×`.padStart(8);
  const timing = (t: Timing, of?: Timing) =>
    `median ${ms(t.median)}${of ? ` ${x(t.median, of.median)}` : ''}   p95 ${ms(t.p95)}${of ? ` ${x(t.p95, of.p95)}` : ''}`;
  const deliveries = r.deliveries.map((d) => {
    const once = d.arrived === MESSAGES && d.distinct === MESSAGES && d.duplicates === 0 && d.missing === 0;
    return (
      `  ${`${d.senders} sender${d.senders > 1 ? 's racing' : ''}`.padEnd(18)} ${d.perSecond.toFixed(0).padStart(5)} messages/s ` +
      `(${d.seconds.toFixed(1)} s); arrived ${d.arrived}, distinct Message-IDs of the outbox ${d.distinct}, ` +
      `duplicated ${d.duplicates}, missing ${d.missing}, marked SENT ${d.sent}: ${once ? 'each exactly once' : 'NOT each exactly once'}`
    );
  });
  const requests = r.requests.map(
    (q) =>
      `  ${`requestBooking, ${q.coordinators} coordinator${q.coordinators > 1 ? 's' : ''}`.padEnd(40)} ${timing(q, r.floor)}   ` +
      `${q.statements} statements, ${q.messages} message${q.messages === 1 ? '' : 's'} written`,
  );
  const [few, many] = r.requests;
  const same = few && many && few.statements === many.statements;
  const explains = r.explains.map(
    (e) =>
      `  ${e.label}: ${e.top}, ${e.ms.toFixed(2)} ms; ${e.used ? 'uses' : 'does NOT use'} ${e.intended}\n` +
      e.scans.map((scan) => `    ${scan}\n`).join('') +
      (e.seqScans.length ? `    it READS WHOLE TABLES: ${e.seqScans.join(', ')}` : '    no table read whole'),
  );
  const range = (ns: number[]) => (Math.min(...ns) === Math.max(...ns) ? `${ns[0]}` : `${Math.min(...ns)}–${Math.max(...ns)}`);
  const job = (runs: JobRuns, what: string) =>
    `  ${`each of ${ROUNDS} runs`.padEnd(34)}${timing(runs.first)}   ` +
    `${runs.first.statements} statements, ${range(runs.first.results)} ${what}
  a second run just after each      ${timing(runs.again)}   ${runs.again.statements} statements (found nothing)`;
  const { reminders: rm, escalation: es } = r;
  return `
Messages (issue 12): outbox delivery to a real SMTP server on 127.0.0.1, ${MESSAGES} messages a run \
(batches of 10, sent side by side)
${deliveries.join('\n')}
  one deliverDue batch of ${r.batch.messages}         ${timing(r.batch, r.selectOne)}   \
${r.batch.statements} statements (${BATCH_SAMPLES} samples)
  × is the ratio to a SELECT 1 round trip on the same pool (median ${r.selectOne.median.toFixed(2)} ms), sampled in turn: a batch is a job,
  not a request; nearly all of it is its SMTP exchanges: one message alone to the same server ${timing(r.bareSend)}
What writing messages adds to a change: over HTTP, ${SAMPLES} samples each, in turn; × is the ratio to the floor
  ${'floor: { serviceCategories { slug } }'.padEnd(40)} ${timing(r.floor)}                     ${r.floor.statements} statement
${requests.join('\n')}
  statements with 1 and ${MANY_COORDINATORS} coordinators: ${same ? 'the same (recipients in one statement)' : 'NOT the same'}
Visit reminders over ${rm.visits} confirmed visits spread over ${DAYS} days (${rm.day} tomorrow), ${ROUNDS} days' runs
${job(rm, 'reminders written')}
Crisis escalation over ${es.alerts} acknowledged or escalated alerts, ${ROUNDS} runs each with ${DUE_ALERTS} due
${job(es, 'escalated')}
EXPLAIN (ANALYZE, BUFFERS) of each job's claiming statement at that scale (rolled back): the scans of the subquery that
claims, then those of the UPDATE finding the claimed rows by key
${explains.join('\n')}`;
}

/** The table's rows: delivery rates and exactly-once, what messages add to requestBooking, the jobs' p95s. */
export function tabulateNotifications(r: Notifications): { measure: string; value: string }[] {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  return [
    ...r.deliveries.map((d) => ({
      measure: `outbox, ${d.senders} sender${d.senders > 1 ? 's' : ''}: messages/s, duplicated / missing`,
      value: `${d.perSecond.toFixed(0)}, ${d.duplicates} / ${d.missing}`,
    })),
    ...r.requests.map((q) => ({
      measure: `requestBooking, ${q.coordinators} coordinator${q.coordinators > 1 ? 's' : ''}: p95 (floor ${ms(r.floor.p95)})`,
      value: `${ms(q.p95)}, ${q.statements} statements`,
    })),
    { measure: `visit reminders over ${r.reminders.visits} visits: p95`, value: ms(r.reminders.first.p95) },
    { measure: `crisis escalation over ${r.escalation.alerts} alerts: p95`, value: ms(r.escalation.first.p95) },
    ...r.explains.map((e) => ({
      measure: `EXPLAIN ${e.label}`,
      value: `${e.ms.toFixed(2)} ms, ${e.used ? 'uses' : 'does NOT use'} ${e.intended}`,
    })),
  ];
}

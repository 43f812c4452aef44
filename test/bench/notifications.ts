import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { SMTPServer } from 'smtp-server';
import type { DataSource, Logger } from 'typeorm';
import { StaffRole } from '../../api/auth/auth.enums.js';
import { CARE_TIME_ZONE } from '../../api/brokerage/schedule.js';
import { loadConfig } from '../../api/config.js';
import { createDataSource } from '../../api/db/data-source.js';
import { buildProvider, buildService, listings } from '../../api/directory/fixtures/builders.js';
import { seedGazetteer } from '../../api/geo/gazetteer.js';
import { createServices } from '../../api/modules.js';
import type { OutgoingMessage } from '../../api/notifications/letter.js';
import { MailSender } from '../../api/notifications/mail-sender.js';
import { smtpTransport } from '../../api/notifications/mail-transport.js';
import { MessageKind } from '../../api/notifications/notifications.enums.js';
import { createApp } from '../../api/server.js';
import { withBenchDatabase } from './bench-database.js';
import { graphQLOver, summarise } from './http-load.js';

/**
 * Issue 12's messages at scale, in one database:
 * 1. the sender: MESSAGES outbox messages delivered to a real SMTP server on 127.0.0.1 (smtp-server) by one
 *    sender, then by two racing on separate pools, with every Message-ID counted as it arrives; and one
 *    `deliverDue` batch against a `SELECT 1` round trip on the same pool (a batch is a job inside the process,
 *    not a request: an HTTP floor would charge it for HTTP it does not do);
 * 2. `requestBooking` over HTTP, which writes the coordinators' messages in its transaction, against
 *    `{ serviceCategories { slug } }`, for a provider of 1 coordinator and one of 20 (the same statements);
 * 3. the visit-reminder job over VISITS confirmed visits spread over 60 days;
 * 4. the crisis-escalation job over ALERTS acknowledged or escalated alerts and 10 due;
 * each job's claiming statement with EXPLAIN (ANALYZE, BUFFERS), in a transaction rolled back.
 */
const MESSAGES = Number(process.env.BENCH_OUTBOX_MESSAGES ?? 2000);
const BATCH_SAMPLES = Number(process.env.BENCH_OUTBOX_BATCH_SAMPLES ?? 40);
const SAMPLES = Number(process.env.BENCH_NOTIFY_SAMPLES ?? 60);
const VISITS = Number(process.env.BENCH_REMINDER_VISITS ?? 20000);
const DAYS = 60;
const ALERTS = Number(process.env.BENCH_ESCALATION_ALERTS ?? 10000);
const DUE_ALERTS = 10;
/** Runs of each job measured: the reminders of as many days, the escalation of as many sets of due alerts. */
const ROUNDS = 5;
const BUDGETS = 20;
const MANY_COORDINATORS = 20;
const PASSWORD = 'bench-password-not-secret';

const REQUEST_BOOKING = /* GraphQL */ `
  mutation BenchNotifyBook($input: RequestBookingInput!) {
    requestBooking(input: $input) { __typename ... on Booking { id } ... on ErrorResult { code } }
  }
`;

/** Counts the statements sent, and keeps them while `keeping`, to explain one as the app sends it. */
class StatementLog implements Logger {
  count = 0;
  keeping = false;
  kept: { query: string; parameters: unknown[] }[] = [];
  logQuery(query: string, parameters?: unknown[]) {
    this.count++;
    if (this.keeping) this.kept.push({ query, parameters: parameters ?? [] });
  }
  logQueryError() {}
  logQuerySlow() {}
  logSchemaBuild() {}
  logMigration() {}
  log() {}
}

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

type Timing = { median: number; p95: number; n: number };
interface Explained {
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
interface JobRuns {
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

/** EXPLAIN (ANALYZE, BUFFERS) of a statement that writes, in a transaction rolled back: its top node, indexes and scans. */
async function explain(db: DataSource, label: string, sql: string, params: unknown[], intended: string): Promise<Explained> {
  const runner = db.createQueryRunner();
  await runner.connect();
  await runner.startTransaction();
  try {
    const result = await runner.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`, params);
    const [row] = (Array.isArray(result[0]) ? result[0] : result) as Record<string, any>[];
    const [{ Plan: plan, 'Execution Time': ms }] = row['QUERY PLAN'];
    const scans: string[] = [];
    const seqScans: string[] = [];
    let used = false;
    type Node = Record<string, any> & { Plans?: Node[] };
    const walk = (node: Node) => {
      if (node['Relation Name'] && node['Node Type'] !== 'ModifyTable') {
        const rows = node['Actual Rows'] * node['Actual Loops'];
        const on = `${node['Relation Name']} ${node.Alias}`;
        scans.push(`${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''} on ${on}: ${rows} rows`);
        if (node['Node Type'] === 'Seq Scan') seqScans.push(`${node['Relation Name']} (${rows} rows)`);
        if (node['Index Name'] === intended) used = true;
      }
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(plan);
    const top = `${plan['Node Type']}, ${plan['Actual Rows']} rows, ${plan['Shared Hit Blocks'] + plan['Shared Read Blocks']} buffers`;
    return { label, top, scans, intended, used, seqScans, ms };
  } finally {
    await runner.rollbackTransaction();
    await runner.release();
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

export async function measureNotifications(): Promise<Notifications> {
  const log = new StatementLog();
  const smtp = await startCountingSmtp();
  try {
    return await withBenchDatabase('notifications', { poolSize: 20, logger: log }, async (db, dbUrl) => {
      await seedGazetteer(db);
      const config = { ...loadConfig(), smtpUrl: smtp.url, mailFrom: 'coopcare <bench@coopcare.example>' };
      const services = createServices(db, config);
      const explains: Explained[] = [];

      // 1. The sender. Two service sets, each on a pool of its own, as two instances would be.
      const pools = [createDataSource(dbUrl, { poolSize: 12 }), createDataSource(dbUrl, { poolSize: 12 })];
      await Promise.all(pools.map((p) => p.initialize()));
      const deliveries: DeliveryRun[] = [];
      let batch: Notifications['batch'];
      let selectOne: Timing;
      let bareSend: Timing;
      try {
        const senders = pools.map((p) => createServices(p, config).mailSender);
        const enqueue = (count: number, tag: string) => {
          const messages: OutgoingMessage[] = Array.from({ length: count }, (_, i) => ({
            kind: MessageKind.BOOKING_REQUESTED,
            to: { email: `reader${i % 500}@bench.example`, name: `Bench Reader ${i % 500}` },
            letter: { subject: `Bench message ${tag}-${i}`, text: `A message of the benchmark, ${tag} number ${i}.\n`.repeat(8) },
            dedupeKey: `bench:${tag}:${i}`,
          }));
          return services.outbox.enqueue(messages);
        };
        for (const racing of [1, 2]) {
          smtp.received.clear();
          await db.query('DELETE FROM outbox_message');
          const tag = `run${racing}`;
          if ((await enqueue(MESSAGES, tag)) !== MESSAGES) throw new Error('the outbox did not take every message');
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

        // One batch (claim 10, send them side by side, mark each), against SELECT 1, in turn.
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
          await enqueue(10, `batch${i}`);
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
        bareSend = summarise(sendTimes);
        batch = { ...summarise(batchTimes), statements, messages: handed };
        selectOne = summarise(selectTimes);
      } finally {
        await Promise.all(pools.map((p) => p.destroy()));
      }

      // 2. requestBooking over HTTP, for a provider of 1 coordinator and one of MANY_COORDINATORS.
      const council = await listings(services).createCouncil({
        name: 'Bench Council',
        slug: 'bench',
        onsCode: 'E99999999',
        postcodeDistricts: ['HD1'],
      });
      const officer = await services.people.ensurePerson({ email: 'officer@bench.example', name: 'Bench Officer' });
      await services.people.setPassword(officer.id, PASSWORD);
      await services.people.addStaffMembership(officer.id, { role: StaffRole.COUNCIL_OFFICER, councilId: council.id, providerId: null });
      const offers: { coordinators: number; serviceId: string }[] = [];
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

      const app = await createApp({
        services,
        config: { publicRateLimitPerMinute: 1_000_000, credentialRateLimitPerMinute: 1_000_000, nodeEnv: 'production' },
        log: () => {},
      });
      const { server, url: base } = await app.listen(0, '127.0.0.1');
      let floor: Notifications['floor'];
      const requests: Notifications['requests'] = [];
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
                councilId: council.id,
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
        // Visits an hour apart, a week on: none falls on the day the reminders below are measured for.
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
        floor = { ...summarise(times.get('floor')!), statements: counts.get('floor')!.statements };
        for (const o of offers) {
          const label = `${o.coordinators}`;
          requests.push({ coordinators: o.coordinators, ...summarise(times.get(label)!), ...counts.get(label)! });
        }
      } finally {
        server.closeAllConnections();
        server.close();
        await app.apollo.stop();
      }

      // 3. Reminders: the bookings above confirmed, and VISITS visits of theirs spread over the DAYS days from tomorrow.
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
      /** Runs `job` ROUNDS times, each followed by a second run just after; their times, statements and results. */
      const rounds = async <T>(job: (round: number) => Promise<T>, before: () => Promise<unknown> = async () => {}) => {
        const first: number[] = [];
        const again: number[] = [];
        const results: T[] = [];
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
      };
      // Tomorrow, then each following day: as many visits each day.
      const reminded = await rounds((round) => services.visitReminders.run(new Date(now.getTime() + round * 86_400_000)));
      const claim = log.kept.find((s) => s.query.includes('UPDATE booking_visit'));
      if (!claim) throw new Error('the reminder run sent no claiming statement');
      // The day after the last run's: as many visits, none reminded of yet.
      explains.push(
        await explain(
          db,
          `reminders' claim (visits of a day, ${VISITS} in all)`,
          claim.query,
          [new Date(now.getTime() + ROUNDS * 86_400_000)],
          'booking_visit_reminder_due_idx',
        ),
      );
      const reminders = { visits: VISITS, day: Number(day), ...reminded };

      // 4. Escalation: ALERTS alerts of the past year, acknowledged or escalated already, and DUE_ALERTS nobody acknowledged.
      const minutes = config.crisisEscalationMinutes;
      const people: string[] = (await db.query('SELECT DISTINCT person_id FROM booking')).map((r: { person_id: string }) => r.person_id);
      await db.query(
        `INSERT INTO crisis_alert (person_id, council_id, kind, raised_by_id, raised_at, acknowledged_by_id, acknowledged_at, escalated_at)
         SELECT p.ids[1 + i % cardinality(p.ids)], $2, 'FALLEN', $3, r.at,
                CASE WHEN i % 2 = 0 THEN $3::uuid END, CASE WHEN i % 2 = 0 THEN r.at + interval '5 minutes' END,
                CASE WHEN i % 2 = 1 THEN r.at + make_interval(mins => $5) END
           FROM (SELECT $1::uuid[] AS ids) AS p, generate_series(0, $4::int - 1) AS i,
                LATERAL (SELECT now() - interval '1 day' - i * (interval '365 days' / $4::int) AS at) AS r`,
        [people, council.id, officer.id, ALERTS, minutes],
      );
      const due = (count: number) =>
        db.query(
          `INSERT INTO crisis_alert (person_id, council_id, kind, raised_by_id, raised_at)
           SELECT ($1::uuid[])[1 + i % cardinality($1::uuid[])], $2, 'NO_ANSWER', $3, now() - make_interval(mins => $4 + i)
             FROM generate_series(1, $5::int) AS i`,
          [people, council.id, officer.id, minutes + 1, count],
        );
      await db.query('ANALYZE crisis_alert');
      const escalated = await rounds(
        () => services.crisisEscalation.escalateDue(new Date()),
        () => due(DUE_ALERTS),
      );
      const mark = log.kept.find((s) => s.query.includes('UPDATE crisis_alert'));
      if (!mark) throw new Error('the escalation run sent no claiming statement');
      // As many due again, to explain the claim as a run finds it.
      await due(DUE_ALERTS);
      explains.push(
        await explain(
          db,
          `escalation's claim (${DUE_ALERTS} due of ${ALERTS + (ROUNDS + 1) * DUE_ALERTS})`,
          mark.query,
          [new Date(), ...mark.parameters.slice(1)],
          'crisis_alert_waiting_idx',
        ),
      );
      const escalation = { alerts: ALERTS, ...escalated };

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

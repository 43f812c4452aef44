import fc from 'fast-check';
import { getNamedType } from 'graphql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { RATE_LIMIT_TABLE } from '../api/common/rate-limiter.js';
import { getSchema } from '../api/graphql/schema.js';
import type { TestApp } from './harness.js';
import {
  argumentsFor,
  type KnownValues,
  literalOf,
  type Operation,
  operationsOf,
  selectionOf,
  validArgumentsFor,
} from './support/arbitraries.js';
import { useTestApp } from './support/app.js';
import { hostileText, percentEncoded } from './support/hostile-text.js';
import { internalErrors, login } from './support/graphql.js';
import { idsIn, ORUK_LISTS, ORUK_ROUTES, type OrukKnownValues, orukPathId, orukQuery } from './support/oruk-arbitraries.js';
import { PARTNER_ORIGIN, PASSWORD, PEOPLE, type PersonName, type RoleName, useWorld } from './support/world.js';
import { installWriteLog, takeWrites, type Write } from './support/write-log.js';

/**
 * Generated hostile input at every argument of every GraphQL operation (read from the schema, so a new
 * one is covered without editing this file), at the /graphql request itself, and at every ORUK parameter
 * and path id. Whatever comes in: never a 5xx; never an unmasked error (no INTERNAL_SERVER_ERROR, no SQL
 * or stack in a message, nothing logged as an internal error); ORUK answers every 4xx with problem JSON;
 * and a refused request writes nothing, the audit trail included (a trigger logs every row written).
 *
 * FUZZ_RUNS sets the cases per property (default 25). A failure prints its seed and path: FUZZ_SEED and
 * FUZZ_PATH replay it. FUZZ_REPORT=1 prints, per property, how the cases were answered.
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const REPLAY = process.env.FUZZ_SEED ? { seed: Number(process.env.FUZZ_SEED), path: process.env.FUZZ_PATH, endOnFailure: true } : {};
const TIMEOUT_MS = 60_000 + RUNS * 2_000;
const ASSERT = { numRuns: RUNS, interruptAfterTimeLimit: TIMEOUT_MS - 10_000, ...REPLAY };

const OPERATIONS = operationsOf(await getSchema());

/** Who sends the cases: anonymous, each kind of signed-in person, a partner's API key and a widget session. */
const CALLERS: RoleName[] = ['public', 'person', 'representativeAll', 'coordinator', 'careWorker', 'officer', 'admin', 'partner', 'widget'];
const anyCaller = fc.constantFrom(...CALLERS);

/** What else a refused operation may write, by design: a failed sign-in is audited, a replayed refresh token ends its session. */
const KEPT_WHEN_REFUSED: Record<string, (w: Write) => boolean> = {
  login: (w) => /^session\.(loginFailed|lockedOut)$/.test(w.action ?? ''),
  refreshSession: (w) => (w.table_name === 'account_session' && w.op === 'UPDATE') || w.action === 'session.refreshReused',
};

/** The writes a refusal must not make. The rate limits and sign-in lock-out count refused requests too: that is their job. */
const writesOf = (writes: Write[], kept: (w: Write) => boolean = () => false) =>
  writes.filter((w) => w.table_name !== RATE_LIMIT_TABLE && !kept(w));

/** What would give away SQL, a stack or the server's files. */
const LEAK = new RegExp(
  [
    /\b(select|insert|update|delete)\b[\s\S]*\b(from|into|set)\b/,
    /QueryFailedError|relation "|column "|violates|syntax error at/,
    /\bat \S+ \(|\.(ts|js):\d+|node_modules/,
  ]
    .map((part) => part.source)
    .join('|'),
  'i',
);

const t = useTestApp({ seeded: 'world' }, (app) => installWriteLog(app.db));
const w = useWorld(t);
let known: KnownValues;

/** Per property, how its cases were answered: `ok`, an error code, or an HTTP status. */
const answered = new Map<string, Map<string, number>>();
const started = Date.now();

function tally(property: string, outcome: string) {
  const outcomes = answered.get(property) ?? new Map<string, number>();
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  answered.set(property, outcomes);
}

beforeAll(async () => {
  known = await knownValues(t);
  await takeWrites(t.db);
});

afterAll(() => {
  const count = (prefix: string) =>
    [...answered].filter(([p]) => p.startsWith(prefix)).reduce((n, [, o]) => n + [...o.values()].reduce((a, b) => a + b, 0), 0);
  const [graphql, request, oruk] = [count('query ') + count('mutation '), count('request '), count('ORUK ')];
  console.info(
    `hostile input: ${graphql + request + oruk} cases in ${((Date.now() - started) / 1000).toFixed(1)} s: ${graphql} over ` +
      `${OPERATIONS.length} GraphQL operations, ${request} malformed /graphql requests, ${oruk} over ${ORUK_ROUTES.length} ORUK routes ` +
      `(${RUNS} a property)`,
  );
  if (process.env.FUZZ_REPORT) {
    for (const [property, outcomes] of answered) console.info(`  ${property}: ${JSON.stringify(Object.fromEntries(outcomes))}`);
  }
});

/** A few ids of every table, slugs, postcodes and emails of the seeded world, for valid-looking input. */
async function knownValues(app: TestApp): Promise<KnownValues> {
  const tables: { table_name: string }[] = await app.db.query(
    `SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' AND column_name = 'id' AND data_type = 'uuid'`,
  );
  const ids: Record<string, string[]> = {};
  for (const { table_name } of tables) {
    const rows: { id: string }[] = await app.db.query(`SELECT id FROM "${table_name}" ORDER BY id LIMIT 20`);
    // The scoped key is the partner and widget callers' own credential: revoking it would sign them out for the rest of the run.
    ids[table_name] = rows.map((r) => r.id).filter((id) => id !== w.apiKeyIds.scoped);
  }
  const slugs: { slug: string }[] = await app.db.query(
    `SELECT slug FROM service_category UNION SELECT slug FROM provider UNION SELECT slug FROM council UNION SELECT slug FROM consortium`,
  );
  const postcodes: { postcode: string }[] = await app.db.query(`SELECT postcode FROM postcode ORDER BY postcode LIMIT 12`);
  return {
    ids,
    slugs: slugs.map((r) => r.slug),
    postcodes: postcodes.map((r) => r.postcode),
    emails: Object.values(PEOPLE),
    origins: [PARTNER_ORIGIN, 'http://localhost:3000'],
    passwords: [PASSWORD],
  };
}

/** The operation's document, its arguments as variables or written inline. */
function documentFor(operation: Operation, args: Record<string, unknown>, inline: boolean) {
  const { field, kind } = operation;
  const selection = selectionOf(getNamedType(field.type), kind === 'query' ? 2 : 0);
  const given = field.args.filter((a) => args[a.name] !== undefined);
  const call = (list: string[]) => `${field.name}${list.length ? `(${list.join(', ')})` : ''} ${selection}`;
  if (inline) return { query: `${kind} { ${call(given.map((a) => `${a.name}: ${literalOf(args[a.name], a.type)}`))} }` };
  const definitions = given.map((a) => `$${a.name}: ${String(a.type)}`);
  return {
    query: `${kind} Fuzz${definitions.length ? `(${definitions.join(', ')})` : ''} { ${call(given.map((a) => `${a.name}: $${a.name}`))} }`,
    variables: args,
  };
}

async function send(path: string, init: RequestInit) {
  const res = await fetch(`${t.url}${path}`, init);
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { res, status: res.status, text, json };
}

/** The checks every GraphQL answer must pass, whatever was sent. */
function expectMasked(res: Awaited<ReturnType<typeof send>>, logged: number, context: string) {
  expect(res.status, context).toBeLessThan(500);
  expect(internalErrors(t).slice(logged), context).toEqual([]);
  for (const error of res.json?.errors ?? []) {
    expect(error.extensions?.code, context).toEqual(expect.any(String));
    expect(error.extensions?.code, context).not.toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions?.stacktrace, context).toBeUndefined();
    expect(String(error.message), context).not.toMatch(LEAK);
  }
}

const outcomeOf = (res: Awaited<ReturnType<typeof send>>) =>
  res.status !== 200 ? `HTTP ${res.status}` : (res.json?.errors?.[0]?.extensions?.code ?? (res.json?.data ? 'ok' : 'no data'));

/** Sign-ins that replace ended sessions, each from its own address so the per-address limit never refuses them. */
let signIns = 0;

/** A session the case ended (logout) is replaced, so later cases still get past authentication. */
async function renewEndedSession(role: RoleName, writes: Write[]) {
  if (!(role in PEOPLE) || !writes.some((write) => write.table_name === 'account_session' && write.op === 'UPDATE')) return;
  const n = ++signIns;
  const again = await login(t, PEOPLE[role as PersonName], PASSWORD, `198.51.${(n >> 8) & 255}.${n & 255}`);
  w.tokens[role] = again.data!.login.token;
  await takeWrites(t.db);
}

test('the write log sees every row a request writes, the audit trail included, and none for a refused one', async () => {
  const edit = (summary: string) =>
    t.gql(
      `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`,
      { i: { id: w.providerA, summary } },
      w.headers('coordinator'),
    );
  expect((await edit('Edited to see the write log.')).errors).toBeUndefined();
  expect(await takeWrites(t.db)).toEqual(
    expect.arrayContaining([
      { table_name: 'provider', op: 'UPDATE', action: null },
      { table_name: 'audit_event', op: 'INSERT', action: 'provider.update' },
    ]),
  );
  expect((await edit('x'.repeat(501))).errors).toBeDefined();
  expect(writesOf(await takeWrites(t.db))).toEqual([]);
});

/** Sends one generated call and checks the answer: masked errors, and no write if it was a query or refused. */
async function sendCase(name: string, operation: Operation, args: Record<string, unknown>, role: RoleName, inline: boolean, octet = 1) {
  const logged = internalErrors(t).length;
  const res = await send('/graphql', {
    method: 'POST',
    // Each case comes from one of many addresses, so the sign-in limits refuse only some.
    headers: { 'content-type': 'application/json', 'x-forwarded-for': `203.0.113.${octet}`, ...w.headers(role) },
    body: JSON.stringify(documentFor(operation, args, inline)),
  });
  const writes = await takeWrites(t.db);
  tally(name, outcomeOf(res));
  const context = `${name} as ${role}${inline ? ' (inline)' : ''}: HTTP ${res.status} ${res.text.slice(0, 600)}`;

  expectMasked(res, logged, context);
  const refused = res.status >= 400 || (Boolean(res.json?.errors?.length) && res.json?.data?.[operation.field.name] == null);
  if (operation.kind === 'query') expect(writesOf(writes), context).toEqual([]);
  else if (refused) expect(writesOf(writes, KEPT_WHEN_REFUSED[operation.field.name]), context).toEqual([]);
  await renewEndedSession(role, writes);
  return res;
}

/**
 * The callers the operation lets through (neither UNAUTHENTICATED nor FORBIDDEN) with valid-looking
 * arguments, three tries each. Cases come mostly from them, so they get past authentication to the
 * services' validation, and now and then from anyone.
 */
async function callersFor(name: string, operation: Operation): Promise<fc.Arbitrary<RoleName>> {
  const tries = fc.sample(validArgumentsFor(operation, known), { numRuns: 3, seed: 1 });
  const admitted: RoleName[] = [];
  for (const role of CALLERS) {
    for (const args of tries) {
      const res = await sendCase(name, operation, args, role, false);
      if (res.status === 200 && !['UNAUTHENTICATED', 'FORBIDDEN'].includes(res.json?.errors?.[0]?.extensions?.code)) {
        admitted.push(role);
        break;
      }
    }
  }
  return admitted.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...admitted) }, anyCaller) : anyCaller;
}

describe.each(OPERATIONS.map((operation) => [`${operation.kind} ${operation.field.name}`, operation] as const))('%s', (name, operation) => {
  test(
    'answers generated arguments with no 5xx, no unmasked error, and no write when refused',
    async () => {
      const property = fc.asyncProperty(
        argumentsFor(operation, known),
        await callersFor(name, operation),
        fc.boolean(),
        fc.integer({ min: 1, max: 254 }),
        // Inline about one case in four.
        async (args, role, inline, octet) => {
          await sendCase(name, operation, args as Record<string, unknown>, role, inline && octet % 2 === 0, octet);
        },
      );
      await fc.assert(property, ASSERT);
    },
    TIMEOUT_MS,
  );
});

/** Documents a malformed request may carry; none writes but a logout that worked. */
const DOCUMENTS = ['{ __typename }', 'query { councils { id } }', 'mutation { logout }', '{ me { id } }', 'subscription { x }', '{', '#'];

/** A /graphql request body of any shape: JSON of the wrong kind, wrong types for each member, batches, or not JSON. */
const requestBody = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record(
        {
          query: fc.oneof(fc.constantFrom(...DOCUMENTS), hostileText(), fc.jsonValue({ maxDepth: 2 })),
          variables: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant(JSON.parse('{"__proto__": {"polluted": true}}'))),
          operationName: fc.oneof(fc.constantFrom('Fuzz', ''), hostileText(), fc.jsonValue({ maxDepth: 1 })),
          extensions: fc.oneof(fc.jsonValue({ maxDepth: 3 }), fc.constant({ persistedQuery: { version: 1, sha256Hash: 'x'.repeat(64) } })),
        },
        { requiredKeys: [] },
      )
      .map((body) => JSON.stringify(body)),
  },
  { weight: 1, arbitrary: fc.array(fc.record({ query: fc.constantFrom(...DOCUMENTS) }), { maxLength: 3 }).map((b) => JSON.stringify(b)) },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)) },
  { weight: 1, arbitrary: hostileText() },
);

test(
  'malformed /graphql requests get a 4xx or a masked error, and write nothing',
  async () => {
    const property = fc.asyncProperty(
      requestBody,
      fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/graphql', ''),
      fc.constantFrom('POST', 'POST', 'POST', 'GET', 'PUT'),
      anyCaller,
      async (body, contentType, method, role) => {
        const logged = internalErrors(t).length;
        const headers = { ...(contentType ? { 'content-type': contentType } : {}), ...w.headers(role) };
        const res =
          method === 'GET'
            ? await send(`/graphql?query=${percentEncoded(body.slice(0, 4_000))}`, { headers })
            : await send('/graphql', { method, headers, body });
        const writes = await takeWrites(t.db);
        tally('request /graphql', outcomeOf(res));
        const context = `${method} /graphql (${contentType}) as ${role}: ${body.slice(0, 300)} → ${res.status} ${res.text.slice(0, 400)}`;
        expectMasked(res, logged, context);
        if (res.json?.data?.logout !== true) expect(writesOf(writes), context).toEqual([]);
        await renewEndedSession(role, writes);
      },
    );
    // What earlier runs found runs first, whatever the seed: an operationName naming no operation, and a
    // persisted query whose hash does not match its text.
    const examples: [string, string, string, RoleName][] = [
      [JSON.stringify({ query: '{ __typename }', operationName: 'Fuzz' }), 'application/json', 'POST', 'public'],
      [
        JSON.stringify({ query: '{ __typename }', extensions: { persistedQuery: { version: 1, sha256Hash: 'x'.repeat(64) } } }),
        'application/json',
        'POST',
        'public',
      ],
    ];
    await fc.assert(property, { ...ASSERT, examples });
  },
  TIMEOUT_MS,
);

describe('ORUK', () => {
  const oruk: OrukKnownValues = { ids: [], itemIds: {}, postcodes: [] };

  beforeAll(async () => {
    // A service of the published provider, so the service endpoints have an item to find.
    const service = await t.gql(
      `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
      { i: { providerId: w.providerA, category: 'personal-care', name: 'Evening calls', hourlyRatePence: 2700 } },
      w.headers('coordinator'),
    );
    expect(service.errors).toBeUndefined();
    for (const list of ORUK_LISTS) {
      const page = await (await fetch(`${t.url}/oruk/${list}?per_page=100`)).json();
      oruk.ids.push(...idsIn(page));
      oruk.itemIds[list] = page.contents.map((item: { id: string }) => item.id);
    }
    oruk.postcodes = known.postcodes;
    await takeWrites(t.db);
  });

  test.each(ORUK_ROUTES)(
    '%s answers generated parameters and ids with no 5xx, problem JSON for every 4xx, and no write',
    async (route) => {
      const property = fc.asyncProperty(
        orukQuery(route, oruk),
        orukPathId(route, oruk),
        fc.constantFrom('GET', 'GET', 'GET', 'GET', 'GET', 'HEAD', 'POST', 'DELETE'),
        async (query, id, method) => {
          const logged = internalErrors(t).length;
          const path = `/oruk${route.replace('{id}', id)}${query}`;
          const res = await send(path, { method });
          const writes = await takeWrites(t.db);
          tally(`ORUK ${route}`, res.status === 200 ? 'ok' : `HTTP ${res.status}`);
          const context = `${method} ${path.slice(0, 300)}: HTTP ${res.status} ${res.text.slice(0, 400)}`;

          expect(res.status, context).toBeLessThan(500);
          expect(internalErrors(t).slice(logged), context).toEqual([]);
          expect(writesOf(writes), context).toEqual([]);
          // 431 is Node's own answer to a request line past its header limit, before any of our code runs.
          if (res.status === 431) return;
          expect(res.res.headers.get('access-control-allow-origin'), context).toBe('*');
          if (method === 'HEAD') return;
          if (res.status >= 400) {
            expect(res.res.headers.get('content-type'), context).toMatch(/^application\/problem\+json/);
            expect(res.json, context).toMatchObject({ type: expect.any(String), title: expect.any(String), status: res.status });
            expect(String(res.json.detail), context).not.toMatch(LEAK);
          } else if (res.status === 200) {
            expect(res.res.headers.get('content-type'), context).toMatch(/^application\/json/);
            expect(res.json, context).toBeDefined();
          }
        },
      );
      // What earlier runs found runs first, whatever the seed: a path id with a lone `%`, or a lone surrogate as WTF-8.
      const examples: [string, string, string][] = route.includes('{id}')
        ? [
            ['', '%', 'GET'],
            ['', '%ED%A0%80', 'GET'],
          ]
        : [];
      await fc.assert(property, { ...ASSERT, examples });
    },
    TIMEOUT_MS,
  );
});

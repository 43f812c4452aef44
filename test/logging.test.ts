import { afterAll, beforeAll, expect, test } from 'vitest';
import type { Server } from 'node:http';
import { createLogger } from '../api/common/logger.js';
import { createServices } from '../api/modules.js';
import { createApp, type App } from '../api/server.js';
import { createTestDatabase, type TestDatabase } from './harness.js';

const SECRETS = {
  bearer: 'bearer-secret-4f1c9e',
  apiKey: 'cck_apikey-secret-77a2',
  cookie: 'cookie-secret-93be',
  password: 'password-secret-c0ffee',
};

let database: TestDatabase;
let app: App;
let server: Server;
let url: string;
const output: string[] = [];
const lines = () => output.map((l) => JSON.parse(l) as Record<string, unknown>);

beforeAll(async () => {
  database = await createTestDatabase();
  const logger = createLogger({ logLevel: 'info' }, { write: (line: string) => void output.push(line) });
  app = await createApp({ services: createServices(database.appDb), config: { publicRateLimitPerMinute: 1000, nodeEnv: 'test' }, logger });
  ({ server, url } = await app.listen(0, '127.0.0.1'));
});

afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await app?.apollo.stop();
  await database?.drop();
});

const signIn = (headers: Record<string, string> = {}) =>
  fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({
      query: 'mutation SignIn($email: String!, $password: String!) { login(email: $email, password: $password) { expiresAt } }',
      variables: { email: 'nobody@example.org', password: SECRETS.password },
    }),
  });

test('each request is one line with its id, GraphQL operation, status and duration', async () => {
  output.length = 0;
  const res = await signIn({ 'x-request-id': 'client-trace-42' });
  expect(res.headers.get('x-request-id')).toBe('client-trace-42');
  const [line, ...others] = lines();
  expect(others).toEqual([]);
  expect(line).toMatchObject({
    reqId: 'client-trace-42',
    method: 'POST',
    path: '/graphql',
    operation: 'SignIn',
    status: 200,
    msg: 'request',
  });
  expect(line?.durationMs).toEqual(expect.any(Number));
});

test('a missing or malformed request id is replaced by a new UUID, echoed on the response', async () => {
  output.length = 0;
  const given = await fetch(`${url}/oruk/`, { headers: { 'x-request-id': 'not a valid id; drop table' } });
  const none = await fetch(`${url}/oruk/`);
  const ids = [given.headers.get('x-request-id'), none.headers.get('x-request-id')];
  for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
  expect(lines().map((l) => l.reqId)).toEqual(ids);
});

test('tokens, API keys, cookies, passwords and query strings never reach the log', async () => {
  output.length = 0;
  await signIn({ authorization: `Bearer ${SECRETS.bearer}`, 'x-api-key': SECRETS.apiKey, cookie: `session=${SECRETS.cookie}` });
  const variables = encodeURIComponent(JSON.stringify({ password: SECRETS.password }));
  await fetch(`${url}/graphql?query=${encodeURIComponent('{ __typename }')}&variables=${variables}`);
  // A caller that logs a request's pieces itself is redacted too.
  createLogger({ logLevel: 'info' }, { write: (line: string) => void output.push(line) }).info(
    {
      headers: { authorization: `Bearer ${SECRETS.bearer}`, 'x-api-key': SECRETS.apiKey, cookie: SECRETS.cookie },
      input: { password: SECRETS.password },
    },
    'caller',
  );
  expect(output.length).toBe(3);
  const text = output.join('\n');
  for (const secret of Object.values(SECRETS)) expect(text).not.toContain(secret);
  expect(lines()[1]).toMatchObject({ path: '/graphql', operation: 'anonymous' });
});

test('health checks that pass are not logged: probes would bury everything else', async () => {
  output.length = 0;
  expect((await fetch(`${url}/healthz`)).status).toBe(200);
  expect((await fetch(`${url}/readyz`)).status).toBe(200);
  expect(output).toEqual([]);
});

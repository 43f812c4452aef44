import { describe, expect, test } from 'vitest';
import { useTestApp } from './support/app.js';
import { MAX_TEXT_INPUT_LENGTH } from '../api/common/text-input.js';
import { LOGIN, post } from './support/graphql.js';
import { useWorld } from './support/world.js';

/**
 * Long input never stalls the server: every text is measured before any pattern or parser reads it, and
 * no pattern that reads input backtracks. A request of 60,000 or 190,000 characters is answered at once
 * with a typed 4xx, and /healthz keeps answering meanwhile (the pen test froze it for 4 to 40 seconds).
 */
const t = useTestApp({ seeded: 'world' });
const w = useWorld(t);

/** Generous: each answer takes milliseconds; the freeze it guards against took seconds. */
const PROMPT_MS = 1_000;

/** Runs `work` while asking /healthz over and over; returns its result and the slowest /healthz answer. */
async function watchingHealth<T>(work: () => Promise<T>): Promise<{ result: T; elapsedMs: number; slowestHealthMs: number }> {
  let done = false;
  let slowestHealthMs = 0;
  const poll = (async () => {
    while (!done) {
      const started = performance.now();
      await (await fetch(`${t.url}/healthz`)).text();
      slowestHealthMs = Math.max(slowestHealthMs, performance.now() - started);
    }
  })();
  const started = performance.now();
  try {
    const result = await work();
    return { result, elapsedMs: performance.now() - started, slowestHealthMs };
  } finally {
    done = true;
    await poll;
  }
}

/** The HTTP status and the first error's extensions. */
async function send(query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}) {
  const { status, body } = await post(t, { query, variables }, headers);
  return { status, extensions: body.errors?.[0]?.extensions };
}

/** Where an email is typed: the operation, and the argument the edge names when refusing it. */
const emailInputs = (email: string) =>
  [
    ['sign-in', () => send(LOGIN, { e: email, p: 'whatever' }), 'e'],
    [
      'a representative invitation',
      () =>
        send(
          `mutation($i: GrantRepresentativeRightsInput!) { grantRepresentativeRights(input: $i) { id } }`,
          { i: { representativeEmail: email, representativeName: 'A', rights: ['BOOK'] } },
          w.headers('person'),
        ),
      'i.representativeEmail',
    ],
    [
      'revoking a representative',
      () =>
        send(
          `mutation($i: RevokeRepresentativeRightsInput!) { revokeRepresentativeRights(input: $i) { id } }`,
          { i: { representativeEmail: email } },
          w.headers('person'),
        ),
      'i.representativeEmail',
    ],
    [
      "a provider's contact email",
      () =>
        send(
          `mutation($i: UpdateProviderInput!) { updateProvider(input: $i) { id } }`,
          { i: { id: w.providerA, contactEmail: email } },
          w.headers('coordinator'),
        ),
      'i.contactEmail',
    ],
  ] as const;

describe.each([60_000, 190_000])('an email of %i characters', (length) => {
  // The shape that made the old pattern's time grow with the square of the length.
  test.each(emailInputs(`a@${'.'.repeat(length - 3)}@`))(
    'in %s is a prompt 400 naming it, and /healthz stays responsive',
    async (_where, send, argument) => {
      const { result, elapsedMs, slowestHealthMs } = await watchingHealth(send);
      expect(result).toMatchObject({ status: 400, extensions: { code: 'BAD_USER_INPUT', argument } });
      expect(elapsedMs).toBeLessThan(PROMPT_MS);
      expect(slowestHealthMs).toBeLessThan(PROMPT_MS);
    },
  );
});

// Just under the edge's limit, the email reaches each operation's own rules, which must be as prompt.
test.each(emailInputs(`a@${'.'.repeat(MAX_TEXT_INPUT_LENGTH - 3)}@`))(
  'an email as long as the edge allows, in %s, is refused promptly by the operation itself',
  async (_where, send) => {
    const { result, elapsedMs, slowestHealthMs } = await watchingHealth(send);
    expect(result.status).toBe(200);
    expect(['BAD_USER_INPUT', 'UNAUTHENTICATED', 'NOT_FOUND']).toContain(result.extensions?.code);
    expect(elapsedMs).toBeLessThan(PROMPT_MS);
    expect(slowestHealthMs).toBeLessThan(PROMPT_MS);
  },
);

test('an over-long Authorization header is a prompt 401, read by no pattern', async () => {
  const { result, elapsedMs } = await watchingHealth(() =>
    send(`{ __typename }`, {}, { authorization: `Bearer ${' '.repeat(12_000)}x y` }),
  );
  expect(result).toMatchObject({ status: 401, extensions: { code: 'UNAUTHENTICATED' } });
  expect(elapsedMs).toBeLessThan(PROMPT_MS);
});

test('a long contact email already stored (imported, or from before the rules) does not stall the ORUK lists', async () => {
  const service = await send(
    `mutation($i: UpsertServiceInput!) { upsertService(input: $i) { id } }`,
    { i: { providerId: w.providerA, category: 'personal-care', name: 'Visits', hourlyRatePence: 2500 } },
    w.headers('coordinator'),
  );
  expect(service.extensions).toBeUndefined();
  await t.db.query(`UPDATE provider SET contact_email = $2 WHERE id = $1`, [w.providerA, `a@${'.'.repeat(40_000)}@`]);
  const { result, elapsedMs, slowestHealthMs } = await watchingHealth(async () => {
    const res = await fetch(`${t.url}/oruk/services?per_page=100`);
    return { status: res.status, body: (await res.json()) as { contents: { email?: string }[] } };
  });
  expect(result.status).toBe(200);
  expect(result.body.contents.length).toBeGreaterThan(0);
  expect(result.body.contents.every((s) => s.email === undefined)).toBe(true);
  expect(elapsedMs).toBeLessThan(PROMPT_MS);
  expect(slowestHealthMs).toBeLessThan(PROMPT_MS);
});

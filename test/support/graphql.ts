import type { GraphQLResponse, TestApp } from '../harness.js';

/**
 * The operations and checks that many test files send or make, over GraphQL (HTTP), written once.
 */

type HasErrors = { errors?: { extensions?: { code?: string } }[] } | null | undefined;

/** The `extensions.code` of a response's first error (undefined when there is none). */
export const code = (res: HasErrors) => res?.errors?.[0]?.extensions?.code;

export const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

export const LOGIN = `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token refreshToken } }`;
export const REFRESH = `mutation($r: String!) { refreshSession(refreshToken: $r) { token refreshToken } }`;
export const ME = `{ me { id } }`;

/** Signs in; `address` is the client address the API sees (X-Forwarded-For, which the test app trusts from loopback). */
export function login(t: TestApp, email: string, password: string, address?: string) {
  return t.gql<{ login: { token: string; refreshToken: string } }, unknown>(
    LOGIN,
    { e: email, p: password },
    address ? { 'x-forwarded-for': address } : {},
  );
}

export function refresh(t: TestApp, refreshToken: string) {
  return t.gql<{ refreshSession: { token: string; refreshToken: string } }, unknown>(REFRESH, { r: refreshToken });
}

/** Signs in and returns the headers of that session; throws when the sign-in fails. */
export async function signedIn(t: TestApp, email: string, password: string, address?: string): Promise<Record<string, string>> {
  const res = await login(t, email, password, address);
  if (!res.data?.login) throw new Error(`login failed for ${email}: ${JSON.stringify(res.errors)}`);
  return bearer(res.data.login.token);
}

export function createWidgetSession(t: TestApp, input: Record<string, unknown>, apiKey: string) {
  return t.gql<{ createWidgetSession: { token: string; expiresAt: string; purpose: string } }, unknown>(
    `mutation($i: CreateWidgetSessionInput!) { createWidgetSession(input: $i) { token expiresAt purpose } }`,
    { i: input },
    { 'x-api-key': apiKey },
  );
}

/** Whether the credentials in the headers are accepted (a `{ __typename }` with no error). */
export async function accepted(t: TestApp, headers: Record<string, string>): Promise<string | undefined> {
  return code(await t.gql(`{ __typename }`, undefined, headers));
}

export function recordCapacity(
  t: TestApp,
  headers: Record<string, string>,
  input: { personId: string; lacksCapacity: boolean; reason: string },
) {
  return t.gql(`mutation($i: RecordCapacityAssessmentInput!) { recordCapacityAssessment(input: $i) { id } }`, { i: input }, headers);
}

/** A second officer confirms the finding about the person that awaits confirmation. */
export async function confirmCapacity(t: TestApp, confirmer: Record<string, string>, personId: string) {
  const [pending]: { id: string }[] = await t.db.query(
    `SELECT id FROM capacity_assessment WHERE person_id = $1 AND lacks_capacity AND confirmed_at IS NULL AND superseded_at IS NULL`,
    [personId],
  );
  return t.gql(`mutation($id: ID!) { confirmCapacityAssessment(id: $id) { status } }`, { id: pending?.id ?? null }, confirmer);
}

/** Establishes that a person lacks capacity as the API requires: one officer records it, a second confirms it. */
export async function establishLackOfCapacity(
  t: TestApp,
  recorder: Record<string, string>,
  confirmer: Record<string, string>,
  input: { personId: string; reason: string },
): Promise<void> {
  const recorded = await recordCapacity(t, recorder, { ...input, lacksCapacity: true });
  const confirmed = await confirmCapacity(t, confirmer, input.personId);
  if (recorded.errors || confirmed.errors) throw new Error(`establishing failed: ${JSON.stringify([recorded.errors, confirmed.errors])}`);
}

/** The first error of a response that must fail. */
export async function firstError(t: TestApp, query: string, variables: Record<string, unknown> = {}, headers?: Record<string, string>) {
  const res: GraphQLResponse<unknown> = await t.gql<unknown, Record<string, unknown>>(query, variables, headers);
  if (!res.errors?.length) throw new Error(`expected an error: ${JSON.stringify(res)}`);
  return res.errors[0]!;
}

/** How many audit events have the action (and object), read straight from the table. */
export async function auditCount(t: TestApp, action: string, objectId?: string): Promise<number> {
  const [{ n }] = await t.db.query(
    `SELECT count(*)::int AS n FROM audit_event WHERE action = $1 AND ($2::text IS NULL OR object_id = $2)`,
    [action, objectId ?? null],
  );
  return n;
}

/** Nothing was logged as an internal error (a 500 in disguise). */
export const internalErrors = (t: TestApp) => t.logs.filter((l) => l.event === 'internal_error');

/** A base64url cursor holding the key, as the API encodes them. */
export const cursor = (key: unknown[]) => Buffer.from(JSON.stringify(key)).toString('base64url');

/** Posts a raw GraphQL request body, for tests that need the HTTP status beside the first error's code. */
export async function post(t: TestApp, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${t.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as GraphQLResponse<unknown>;
  return { status: res.status, code: code(json), message: json.errors?.[0]?.message, body: json };
}

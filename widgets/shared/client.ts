import type { TypedDocumentString } from '../generated/graphql.js';

/**
 * Why a request failed, as a code a widget turns into words: the API's `extensions.code`
 * (BAD_USER_INPUT, INVALID_POSTCODE, UNAUTHENTICATED, RATE_LIMITED…), or NETWORK when no answer came.
 */
export class CoopcareRequestError extends Error {
  override name = 'CoopcareRequestError';
  constructor(
    readonly code: string,
    message: string,
    /** The argument at fault, when the API names one (`extensions.argument`). */
    readonly argument: string | null = null,
    /** How long to wait before trying again, for RATE_LIMITED. */
    readonly retryAfterSeconds: number | null = null,
    /** The places an ambiguous place name may mean, for AMBIGUOUS_PLACE (`extensions.candidates`). */
    readonly candidates: readonly PlaceCandidate[] = [],
  ) {
    super(message);
  }
}

/** One place an ambiguous town or village name may mean; `name` typed back picks exactly it. */
export interface PlaceCandidate {
  name: string;
  description: string;
}

export interface RequestOptions {
  /** A widget session's token, sent as `Authorization: Bearer`. */
  token?: string | null;
  signal?: AbortSignal;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: {
    message: string;
    extensions?: { code?: string; argument?: string; retryAfterSeconds?: number; candidates?: unknown };
  }[];
}

/**
 * A GET of at most this many characters: every browser, proxy and CDN takes it. A query whose variables
 * make its address longer goes by POST, by id all the same.
 */
const MAX_GET_URL = 2_000;

/** The operation's kind and name, from the generated text (its first definition is the operation). */
const OPERATION = /^\s*(query|mutation|subscription)\s+(\w+)/;

/** Apollo's code for an id it does not know: a server built from other widgets than these. */
const UNKNOWN_ID = 'PERSISTED_QUERY_NOT_FOUND';

/**
 * Sends one operation from the generated documents (plain strings: no GraphQL parser ships to
 * browsers) and returns its data, or throws a CoopcareRequestError. Operations go by their codegen id
 * (Apollo's persisted-query extension), not their text: a query without a token as a GET that any cache
 * may key on its address; a mutation, and a query with a token, as a POST (a browser sends no Origin
 * header with a same-origin GET, and a widget session is checked against its page's origin). A server
 * that does not know the id (another coopcare release than the one this bundle came with, for a page
 * fixed to an exact release) is asked again with the text. An abort passes through as the AbortError it
 * is, so a widget can drop an answer it no longer wants.
 */
export async function request<TResult, TVariables>(
  api: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: RequestOptions = {},
): Promise<TResult> {
  const text = document.toString();
  const [, kind, operationName] = OPERATION.exec(text) ?? [];
  const hash = String(document.__meta__?.hash ?? '').replace(/^sha256:/, '');
  const byId = { operationName, variables, extensions: { persistedQuery: { version: 1, sha256Hash: hash } } };
  const first = await send<TResult>(api, kind === 'query' && !options.token ? 'GET' : 'POST', byId, options);
  if (first.errors?.[0]?.extensions?.code !== UNKNOWN_ID) return dataOf(first);
  return dataOf(await send<TResult>(api, 'POST', { operationName, variables, query: text }, options));
}

interface Answer<T> extends GraphQLBody<T> {
  status: number;
}

async function send<TResult>(
  api: string,
  method: 'GET' | 'POST',
  operation: Record<string, unknown>,
  options: RequestOptions,
): Promise<Answer<TResult>> {
  const headers: Record<string, string> = { accept: 'application/graphql-response+json, application/json' };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let url = api;
  let body: string | undefined;
  if (method === 'GET') {
    const address = new URL(api, document.baseURI);
    for (const [name, value] of Object.entries(operation)) {
      if (value !== undefined) address.searchParams.set(name, typeof value === 'string' ? value : JSON.stringify(value));
    }
    url = address.href;
  }
  if (method === 'POST' || url.length > MAX_GET_URL) {
    // No Content-Type on a GET: with none, it is a request a browser sends to another origin without a preflight.
    headers['content-type'] = 'application/json';
    url = api;
    body = JSON.stringify(operation);
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers,
      body,
      signal: options.signal,
      // A widget session's token is the credential; the embedding site's cookies are none of coopcare's business.
      credentials: 'omit',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new CoopcareRequestError('NETWORK', 'coopcare could not be reached.');
  }
  try {
    return { ...((await response.json()) as GraphQLBody<TResult>), status: response.status };
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new CoopcareRequestError(response.status === 429 ? 'RATE_LIMITED' : 'NETWORK', `coopcare answered ${response.status}.`);
  }
}

function dataOf<TResult>(body: Answer<TResult>): TResult {
  const first = body.errors?.[0];
  if (first) {
    const ext = first.extensions ?? {};
    throw new CoopcareRequestError(
      ext.code ?? 'INTERNAL_SERVER_ERROR',
      first.message,
      typeof ext.argument === 'string' ? ext.argument : null,
      typeof ext.retryAfterSeconds === 'number' ? ext.retryAfterSeconds : null,
      candidatesOf(ext.candidates),
    );
  }
  if (!body.data) throw new CoopcareRequestError('NETWORK', `coopcare answered ${body.status} without data.`);
  return body.data;
}

/** The candidates an AMBIGUOUS_PLACE lists, each checked for the two texts a widget shows. */
function candidatesOf(value: unknown): PlaceCandidate[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((c): c is PlaceCandidate => typeof c?.name === 'string' && typeof c?.description === 'string')
    .map(({ name, description }) => ({ name, description }));
}

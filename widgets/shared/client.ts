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
  ) {
    super(message);
  }
}

export interface RequestOptions {
  /** A widget session's token, sent as `Authorization: Bearer`. */
  token?: string | null;
  signal?: AbortSignal;
}

interface GraphQLBody<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string; argument?: string; retryAfterSeconds?: number } }[];
}

/**
 * Sends one operation from the generated documents (plain strings: no GraphQL parser ships to
 * browsers) and returns its data, or throws a CoopcareRequestError. An abort passes through as the
 * AbortError it is, so a widget can drop an answer it no longer wants.
 */
export async function request<TResult, TVariables>(
  api: string,
  document: TypedDocumentString<TResult, TVariables>,
  variables: TVariables,
  options: RequestOptions = {},
): Promise<TResult> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/graphql-response+json, application/json',
  };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let response: Response;
  try {
    response = await fetch(api, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: document.toString(), variables }),
      signal: options.signal,
      // A widget session's token is the credential; the embedding site's cookies are none of coopcare's business.
      credentials: 'omit',
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new CoopcareRequestError('NETWORK', 'coopcare could not be reached.');
  }
  let body: GraphQLBody<TResult>;
  try {
    body = (await response.json()) as GraphQLBody<TResult>;
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new CoopcareRequestError(response.status === 429 ? 'RATE_LIMITED' : 'NETWORK', `coopcare answered ${response.status}.`);
  }
  const first = body.errors?.[0];
  if (first) {
    const ext = first.extensions ?? {};
    throw new CoopcareRequestError(
      ext.code ?? 'INTERNAL_SERVER_ERROR',
      first.message,
      typeof ext.argument === 'string' ? ext.argument : null,
      typeof ext.retryAfterSeconds === 'number' ? ext.retryAfterSeconds : null,
    );
  }
  if (!body.data) throw new CoopcareRequestError('NETWORK', `coopcare answered ${response.status} without data.`);
  return body.data;
}

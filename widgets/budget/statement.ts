import { CoopcareRequestError } from '../shared/client.js';

/** What coopcare answers a statement request with, read as the shared client reads GraphQL failures. */
const CODE_OF_STATUS: Record<number, string> = {
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  429: 'RATE_LIMITED',
};

/**
 * The statement's address beside the GraphQL endpoint: `exports/` is resolved against `api`, so a
 * coopcare served under a path (`https://council.example/coopcare/graphql`) keeps its prefix.
 */
export const statementUrl = (api: string, budgetId: string): string =>
  new URL(`exports/budgets/${encodeURIComponent(budgetId)}/statement.csv`, api).href;

/** The file name the server gave (`attachment; filename="budget-1a2b3c4d-statement.csv"`), or a plain one. */
export function fileNameOf(contentDisposition: string | null): string {
  const encoded = contentDisposition?.match(/filename\*=UTF-8''([^;]+)/i)?.[1];
  if (encoded) {
    try {
      return decodeURIComponent(encoded);
    } catch {
      // A malformed encoded name falls through to the plain one.
    }
  }
  return contentDisposition?.match(/filename="([^"]+)"/i)?.[1] ?? 'budget-statement.csv';
}

/**
 * Fetches a budget's statement CSV with the widget session's token (a plain link cannot carry it) and
 * returns it with its file name; a refusal throws a CoopcareRequestError with the code its status means.
 */
export async function fetchStatement(
  api: string,
  budgetId: string,
  token: string,
  signal: AbortSignal,
): Promise<{ blob: Blob; fileName: string }> {
  let response: Response;
  try {
    response = await fetch(statementUrl(api, budgetId), {
      headers: { authorization: `Bearer ${token}`, accept: 'text/csv' },
      credentials: 'omit',
      signal,
    });
  } catch (error) {
    if ((error as Error).name === 'AbortError') throw error;
    throw new CoopcareRequestError('NETWORK', 'coopcare could not be reached.');
  }
  if (!response.ok) {
    const retryAfter = Number(response.headers.get('retry-after'));
    throw new CoopcareRequestError(
      CODE_OF_STATUS[response.status] ?? 'INTERNAL_SERVER_ERROR',
      `coopcare answered ${response.status}.`,
      null,
      Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : null,
    );
  }
  return { blob: await response.blob(), fileName: fileNameOf(response.headers.get('content-disposition')) };
}

/**
 * Hands a file to the browser's downloads, as a link with `download` would. The object URL is kept a
 * little while: some browsers read it after the click's task has ended.
 */
export function saveFile(root: ShadowRoot, blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  root.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 30_000);
}

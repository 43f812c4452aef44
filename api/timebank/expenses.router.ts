import { STATUS_CODES } from 'node:http';
import express from 'express';
import { type Acting, requirePerson } from '../auth/actor.js';
import type { AuthenticationService } from '../auth/authentication.service.js';
import { credentialsOf } from '../auth/http-auth.js';
import { DomainException } from '../common/exceptions.js';
import { isUuid } from '../common/ids.js';
import { databaseException } from '../db/database.exception.js';
import { sendProblem, STATUS_OF } from '../http/problem.js';
import type { ExpenseClaimsService } from './expense-claims.service.js';
import { MAX_RECEIPT_BYTES, NotAReceipt, type ReceiptsService } from './receipts.service.js';

export interface ExpensesRouterOptions {
  authentication: AuthenticationService;
  receipts: ReceiptsService;
  expenseClaims: ExpenseClaimsService;
  /** The public rate limiter, answering 429 as a problem. */
  limiter: express.RequestHandler;
}

/** The body was longer than a receipt may be. */
class TooLarge extends Error {}

/**
 * The request's body, read no further than `max` bytes: a longer one (a chunked body says its length only
 * by ending) is cut off at max + 1 bytes and refused, so no upload holds more than that in memory.
 */
function boundedBody(req: express.Request, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > max) {
        req.off('data', onData);
        req.pause();
        reject(new TooLarge());
        return;
      }
      chunks.push(chunk);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks, length)));
    req.once('error', reject);
    // A client gone before the end: nothing to keep, and the promise must not wait for ever.
    req.once('close', () => reject(new Error('The upload ended before its body did.')));
  });
}

/**
 * The time bank's files, for signed-in people with a bearer token (401 without, 403 for partners and widget
 * sessions): `POST /timebank/receipts` keeps a receipt's bytes (201 `{ id, mediaType, byteSize }`; 413 over
 * 5 MiB, 400 empty, 415 for anything but a photo or PDF by its bytes); `GET /timebank/receipts/{id}` gives
 * them back to whoever may see them; `GET /timebank/{providerId}/expense-claims/approved.csv` lists the
 * co-op's approved claims for payment, for its coordinators. Failures are RFC 9457 problems.
 */
/** Receipt types every browser shows in a sandboxed document; the others are served as a download. */
const SHOWN_INLINE = new Set(['image/jpeg', 'image/png', 'image/webp']);
const EXTENSIONS: Record<string, string> = { 'application/pdf': 'pdf', 'image/heic': 'heic', 'image/heif': 'heif' };

function receiptFilename(id: string, mediaType: string): string {
  return `receipt-${id.toLowerCase()}.${EXTENSIONS[mediaType] ?? 'bin'}`;
}

export function createExpensesRouter({ authentication, receipts, expenseClaims, limiter }: ExpensesRouterOptions): express.Router {
  const router = express.Router();
  const acting = async (req: express.Request): Promise<Acting> => ({
    actor: await authentication.authenticate(credentialsOf(req)),
    requestId: String(req.id),
  });

  router.post('/receipts', limiter, async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    // Before anything is read: a body that says it is too long is refused at once.
    if (Number(req.headers['content-length'] ?? 0) > MAX_RECEIPT_BYTES) {
      res.set('Connection', 'close');
      return sendProblem(res, 413, 'Content too large', `A receipt can be at most ${MAX_RECEIPT_BYTES / 1_048_576} MB.`);
    }
    try {
      const who = await acting(req);
      // A refusal without a session is known before the bytes are: they are not read for it.
      requirePerson(who.actor);
      const bytes = await boundedBody(req, MAX_RECEIPT_BYTES);
      if (bytes.length === 0) return sendProblem(res, 400, 'Bad request', 'The body is the receipt’s bytes, and it was empty.');
      res.status(201).json(await receipts.upload(who, bytes));
    } catch (error) {
      if (error instanceof TooLarge) {
        // What is left of the body is not read: the connection closes after the answer.
        res.set('Connection', 'close');
        return sendProblem(res, 413, 'Content too large', `A receipt can be at most ${MAX_RECEIPT_BYTES / 1_048_576} MB.`);
      }
      if (error instanceof NotAReceipt) return sendProblem(res, 415, 'Unsupported media type', error.message);
      // Refused before the body was read (no session): a chunked body could be endless, so it is not read after.
      if (!req.complete) res.set('Connection', 'close');
      refuse(error, res, next);
    }
  });

  router.get('/receipts/:id', limiter, async (req, res, next) => {
    res.set('Cache-Control', 'private, no-store');
    try {
      const id = String(req.params.id);
      if (!isUuid(id))
        return sendProblem(res, 400, 'Bad request', 'A receipt id is a UUID.', [{ parameter: 'id', message: 'must be a UUID' }]);
      const receipt = await receipts.content(await acting(req), id.toLowerCase());
      // Never run: the type is the one read from the bytes, and the document is sandboxed. Chromium shows no
      // PDF in a sandboxed document and only Safari shows HEIC, so those are downloaded instead of shown.
      res.set({
        'Content-Type': receipt.mediaType,
        'Content-Disposition': SHOWN_INLINE.has(receipt.mediaType)
          ? 'inline'
          : `attachment; filename="${receiptFilename(id, receipt.mediaType)}"`,
        'X-Content-Type-Options': 'nosniff',
        'Content-Security-Policy': "sandbox; default-src 'none'; frame-ancestors 'none'",
      });
      res.send(receipt.content);
    } catch (error) {
      refuse(error, res, next);
    }
  });

  router.get('/:providerId/expense-claims/approved.csv', limiter, async (req, res, next) => {
    res.set('Cache-Control', 'no-store');
    try {
      const providerId = String(req.params.providerId);
      if (!isUuid(providerId)) {
        return sendProblem(res, 400, 'Bad request', 'A co-op’s id is a UUID.', [{ parameter: 'providerId', message: 'must be a UUID' }]);
      }
      const { filename, body } = await expenseClaims.approvedCsv(await acting(req), providerId.toLowerCase());
      res.set('Content-Disposition', `attachment; filename="${filename}"`);
      res.type('text/csv; charset=utf-8').send(body);
    } catch (error) {
      refuse(error, res, next);
    }
  });

  router.use('/receipts', (_req, res) => sendProblem(res, 404, 'Not found', 'Receipts are uploaded to POST /timebank/receipts.'));
  return router;
}

/** A domain's refusal as its problem; a database fault goes to the shared handler, which says when to try again. */
function refuse(error: unknown, res: express.Response, next: express.NextFunction): void {
  if (!(error instanceof DomainException && error.failure) || databaseException(error)) {
    next(error);
    return;
  }
  const status = STATUS_OF[error.failure];
  if (status === 401) res.set('WWW-Authenticate', 'Bearer');
  sendProblem(res, status, STATUS_CODES[status] ?? error.failure, error.message);
}

import { createHash } from 'node:crypto';
import { fileTypeFromBuffer } from 'file-type';
import { type Acting, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { returnedRows } from '../common/sql.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { JobLog, ScheduledJob } from '../notifications/scheduler.js';
import { ExpenseClaim, Receipt } from './expense.entity.js';
import { mayCoordinateTimeBank } from './timebank.policy.js';
import { timeBankNotFound } from './timebank.exception.js';

/** The most a receipt may hold: a phone's photo or a scanned page, and what the table's CHECK allows. */
export const MAX_RECEIPT_BYTES = 5 * 1024 * 1024;

/**
 * What a receipt may be, by what its bytes say: photos and PDFs. Not SVG (it can carry scripts), not GIF
 * or anything else a browser might render or run.
 */
const RECEIPT_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/heic', 'image/heif', 'application/pdf']);

/** How long a receipt waits for a claim before it is deleted: time enough to finish the claim it was uploaded for. */
export const UNCLAIMED_RECEIPT_HOURS = 24;

export interface StoredReceipt {
  id: string;
  mediaType: string;
  byteSize: number;
}

/** The bytes are not a receipt coopcare keeps: the router answers 415. */
export class NotAReceipt extends Error {}

/**
 * Receipts: the bytes of what a volunteer paid, kept for the claim they back. A receipt belongs to its
 * uploader until a claim takes it; then the claimant and the co-op's coordinators may read it too.
 */
export class ReceiptsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    /** coopcare's public address: a receipt's URL starts with it. */
    private readonly publicUrl: string,
  ) {}

  /** Where the receipt's bytes are read (GET, with a bearer token). */
  urlOf(receiptId: string): string {
    return new URL(`/timebank/receipts/${receiptId}`, this.publicUrl).toString();
  }

  /**
   * Keeps the bytes the router read (at most MAX_RECEIPT_BYTES, never empty) when they are a photo or PDF
   * by their own signature; anything else is NotAReceipt and nothing is written.
   */
  async upload(acting: Acting, bytes: Buffer): Promise<StoredReceipt> {
    const person = requirePerson(acting.actor);
    const type = await fileTypeFromBuffer(bytes);
    if (!type || !RECEIPT_TYPES.has(type.mime)) throw new NotAReceipt('A receipt is a JPEG, PNG, WebP or HEIC photo, or a PDF.');
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return this.uow.transaction(async (em) => {
      const [row]: { id: string }[] = await em.query(
        `INSERT INTO time_bank_receipt (uploaded_by_id, media_type, byte_size, sha256, content) VALUES ($1, $2, $3, $4, $5) RETURNING id`,
        [person.personId, type.mime, bytes.length, sha256, bytes],
      );
      const stored = { id: row!.id, mediaType: type.mime, byteSize: bytes.length };
      await this.audit.record(acting, {
        action: 'timeBankReceipt.upload',
        objectType: 'TimeBankReceipt',
        objectId: stored.id,
        summary: { mediaType: stored.mediaType, byteSize: stored.byteSize },
      });
      return stored;
    });
  }

  /** The receipt's bytes and type: for its uploader, and once claimed for the claimant and the co-op's coordinators. */
  async content(acting: Acting, receiptId: string): Promise<{ mediaType: string; content: Buffer }> {
    const person = requirePerson(acting.actor);
    const receipt = await this.uow.manager
      .getRepository(Receipt)
      .createQueryBuilder('r')
      .addSelect('r.content')
      .where('r.id = :receiptId', { receiptId })
      .getOne();
    if (!receipt) throw timeBankNotFound('No receipt has that id.', 'id');
    if (receipt.uploadedById !== person.personId) {
      const claim = await this.uow.manager.findOneBy(ExpenseClaim, { receiptId });
      if (!claim || !mayCoordinateTimeBank(person, claim.providerId)) throw forbidden();
    }
    return { mediaType: receipt.mediaType, content: receipt.content };
  }
}

/** Receipts deleted a run: an hour's uploads are far fewer, and a backlog goes over the next runs. */
const BATCH_SIZE = 1000;

/**
 * Deletes receipts no claim took within UNCLAIMED_RECEIPT_HOURS of their upload: photos of what someone
 * bought are kept only for the claim they back. A receipt a claim is taking at that moment is locked by
 * the claim, and skipped here; one the job holds is gone by the time the claim looks for it.
 */
export class UnclaimedReceipts implements ScheduledJob {
  readonly name = 'unclaimed-receipts';
  readonly everySeconds = 3600;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
  ) {}

  /** Returns how many receipts it deleted. */
  async run(now: Date, _log?: JobLog): Promise<number> {
    const cutoff = new Date(now.getTime() - UNCLAIMED_RECEIPT_HOURS * 3600_000);
    return this.uow.transaction(async (em) => {
      const deleted = returnedRows<{ id: string }>(
        await em.query(
          `DELETE FROM time_bank_receipt WHERE id IN (
           SELECT r.id FROM time_bank_receipt r
            WHERE r.uploaded_at < $1
              AND NOT EXISTS (SELECT 1 FROM time_bank_expense_claim c WHERE c.receipt_id = r.id)
            ORDER BY r.uploaded_at LIMIT $2
              FOR UPDATE SKIP LOCKED)
         RETURNING id`,
          [cutoff, BATCH_SIZE],
        ),
      );
      await this.audit.recordByJob(
        this.name,
        deleted.map((r) => ({
          action: 'timeBankReceipt.delete',
          objectType: 'TimeBankReceipt',
          objectId: r.id,
          summary: { unclaimed: true },
        })),
      );
      return deleted.length;
    });
  }
}

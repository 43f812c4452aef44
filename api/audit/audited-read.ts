import DataLoader from 'dataloader';
import { type Acting, requirePerson } from '../auth/actor.js';
import type { LoaderFactory } from '../common/loaders.js';
import type { Context } from '../context.js';
import type { AuditEntry, AuditService } from './audit.service.js';

interface ReadEvent {
  audit: AuditService;
  acting: Acting;
  entry: AuditEntry;
}

/**
 * Records a read of something private (a care plan, a crisis alert) once per object and kind of read per
 * request (the loader's cache is the "once": a page asking for one object many ways is one read), and a
 * request's reads of many objects in one statement. A failed audit fails every read waiting on it.
 */
export const auditedRead: LoaderFactory<ReadEvent, true, string> = () =>
  new DataLoader(
    async (keys) => {
      const { audit, acting } = keys[0]!;
      await audit.recordAll(
        acting,
        keys.map((k) => k.entry),
      );
      return keys.map(() => true as const);
    },
    { cacheKeyFn: (k) => `${k.entry.action} ${k.entry.objectId}` },
  );

/**
 * Audits a read by anyone but the person it is about (their own reads are not audited), through
 * `auditedRead`: once per object and kind of read per request, failing the read when the audit fails.
 */
export async function recordRead(ctx: Context, aboutPersonId: string, entry: AuditEntry): Promise<void> {
  if (requirePerson(ctx.actor).personId === aboutPersonId) return;
  await ctx.loaders.get(auditedRead).load({ audit: ctx.services.audit, acting: ctx, entry });
}

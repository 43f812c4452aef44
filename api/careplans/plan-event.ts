import DataLoader from 'dataloader';
import type { Acting } from '../auth/actor.js';
import type { AuditEntry, AuditService } from '../audit/audit.service.js';
import type { LoaderFactory } from '../common/loaders.js';

/**
 * An audit entry about a plan, readable by its council's officers. The summary holds ids, versions,
 * roles and kinds only: plan text is health information and never enters the audit log.
 */
export const planEvent = (
  plan: { id: string; councilId: string | null },
  action: string,
  summary: Record<string, unknown>,
): AuditEntry => ({
  action,
  objectType: 'CarePlan',
  objectId: plan.id,
  councilId: plan.councilId,
  summary,
});

interface ReadEvent {
  audit: AuditService;
  acting: Acting;
  entry: AuditEntry;
}

/**
 * Records a read of a plan once per plan and kind of read per request (the loader's cache is the "once":
 * a page asking for one plan many ways is one read), and a request's reads of many plans in one statement.
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

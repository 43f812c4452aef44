import DataLoader from 'dataloader';
import type { Acting } from '../auth/actor.js';
import type { LoaderFactory } from '../common/loaders.js';
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

import { recordRead } from '../audit/audited-read.js';
import type { Context } from '../context.js';
import type { CrisisAlert } from './alerts.entity.js';

/**
 * Audits a read of an alert's kind or note, health details, by anyone but the person it is about: once
 * per alert per request, a request's alerts in one statement. It fails the read when it fails, so nobody
 * reads them unrecorded. Only ids in the summary.
 */
export async function auditAlertRead(ctx: Context, alert: CrisisAlert): Promise<void> {
  await recordRead(ctx, alert.personId, {
    action: 'crisisAlert.read',
    objectType: 'CrisisAlert',
    objectId: alert.id,
    councilId: alert.councilId,
    summary: { personId: alert.personId },
  });
}

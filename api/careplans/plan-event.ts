import type { AuditEntry } from '../audit/audit.service.js';

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

import type { UnitOfWork } from '../common/unit-of-work.js';
import { Brackets } from 'typeorm';
import { decodeCursor, encodeCursor, pageSize, toConnection } from '../common/connection.js';
import { forbidden } from '../auth/auth.exception.js';
import { ANONYMOUS, auditActor, isAdmin, officerCouncilIds, type Acting } from '../auth/actor.js';
import { AuditEvent } from './audit-event.entity.js';

export interface AuditEntry {
  /** `<object>.<verb>`, e.g. `provider.publish`, `apiKey.create`. */
  action: string;
  objectType: string;
  objectId?: string | null;
  /** The council whose officers may read the event. */
  councilId?: string | null;
  /** Further councils whose officers may read it (a provider serving several). */
  councilIds?: readonly string[];
  providerId?: string | null;
  /** What changed: field names and new values, never free text about someone's health. Secrets are stripped. */
  summary?: Record<string, unknown>;
}

export interface AuditFilter {
  action?: string | null;
  objectType?: string | null;
  objectId?: string | null;
  actorPersonId?: string | null;
  councilId?: string | null;
  from?: Date | null;
  to?: Date | null;
}

/** Keys that could carry a credential: dropped from every summary whatever a caller passes. */
const SECRET_KEY = /pass(word)?|token|secret|hash|refresh|authorization|api[-_]?key$/i;
const MAX_TEXT = 200;

/** Keeps a summary to plain facts: drops credential-like keys, shortens long strings, bounds depth. */
export function sanitiseSummary(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value.length > MAX_TEXT ? `${value.slice(0, MAX_TEXT)}…` : value;
  if (typeof value === 'number' || typeof value === 'boolean') return value;
  if (value instanceof Date) return value.toISOString();
  if (depth >= 3) return '[…]';
  if (Array.isArray(value)) return value.slice(0, 50).map((v) => sanitiseSummary(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (SECRET_KEY.test(k)) continue;
      out[k] = sanitiseSummary(v, depth + 1);
    }
    return out;
  }
  return String(value);
}

/** The append-only trail of who did what. */
export class AuditService {
  constructor(private readonly uow: UnitOfWork) {}

  /** Appends an event in the caller's transaction, so it commits or rolls back with the change it records. */
  async record(acting: Acting, entry: AuditEntry): Promise<void> {
    await this.uow.transaction((em) => em.insert(AuditEvent, this.row(acting, entry)));
  }

  /**
   * Appends several events of one request in one statement, in the caller's transaction: for reads
   * audited per object (each care plan of a list), whose count must not grow the statements of a request.
   */
  async recordAll(acting: Acting, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await this.uow.transaction((em) =>
      em.insert(
        AuditEvent,
        entries.map((entry) => this.row(acting, entry)),
      ),
    );
  }

  /**
   * Events of the given actions on one object, newest first. No check here: the domain that owns the object
   * decides who may see its trail (care plans show their reads to the person and the ones who decide).
   */
  async eventsAbout(
    object: { type: string; id: string },
    actions: readonly [string, ...string[]],
    first: number | null | undefined,
    after: string | null | undefined,
  ) {
    const size = pageSize(first);
    const qb = this.uow.manager
      .getRepository(AuditEvent)
      .createQueryBuilder('e')
      .where('e.object_id = :objectId AND e.object_type = :objectType', { objectId: object.id, objectType: object.type })
      .andWhere('e.action IN (:...actions)', { actions: [...actions] });
    const totalCount = await qb.clone().getCount();
    if (after) {
      const [id] = decodeCursor(after, 'about', ['sequence']);
      qb.andWhere('e.id < :afterId', { afterId: id });
    }
    const rows = await qb
      .orderBy('e.id', 'DESC')
      .limit(size + 1)
      .getMany();
    return toConnection(rows, size, totalCount, (row) => ({ cursor: encodeCursor('about', [Number(row.id)]), node: row }));
  }

  /** Appends what a scheduled job did (actor `system`, request id `job:<name>`) in the job's transaction, in one statement. */
  async recordByJob(job: string, entries: readonly AuditEntry[]): Promise<void> {
    if (entries.length === 0) return;
    const acting: Acting = { actor: ANONYMOUS, requestId: `job:${job}` };
    await this.uow.transaction((em) =>
      em.insert(
        AuditEvent,
        entries.map((entry) => ({ ...this.row(acting, entry), actorKind: 'system' })),
      ),
    );
  }

  private row(acting: Acting, entry: AuditEntry) {
    return {
      ...auditActor(acting.actor),
      action: entry.action,
      objectType: entry.objectType,
      objectId: entry.objectId ?? null,
      // The council the event is chiefly about leads: AuditEvent.councilId reads the first.
      councilIds: [...new Set([...(entry.councilId ? [entry.councilId] : []), ...(entry.councilIds ?? [])])],
      providerId: entry.providerId ?? null,
      requestId: acting.requestId,
      // TypeORM's deep-partial type cannot describe an open JSON object.
      summary: sanitiseSummary(entry.summary ?? {}) as never,
    };
  }

  /** Admins read everything; officers read their councils' events only. */
  async list(acting: Acting, filter: AuditFilter, first: number | null | undefined, after: string | null | undefined) {
    const size = pageSize(first);
    let councils: string[] | null = null;
    if (!isAdmin(acting.actor)) {
      councils = officerCouncilIds(acting.actor);
      if (councils.length === 0) throw forbidden();
      if (filter.councilId && !councils.includes(filter.councilId)) throw forbidden('You may read only your council’s audit trail.');
    }
    const qb = this.uow.manager.getRepository(AuditEvent).createQueryBuilder('e');
    if (councils) qb.andWhere('e.council_ids && CAST(:councils AS uuid[])', { councils });
    if (filter.councilId) qb.andWhere('e.council_ids @> ARRAY[CAST(:councilId AS uuid)]', { councilId: filter.councilId });
    if (filter.action) qb.andWhere('e.action = :action', { action: filter.action });
    if (filter.objectType) qb.andWhere('e.object_type = :objectType', { objectType: filter.objectType });
    if (filter.objectId) qb.andWhere('e.object_id = :objectId', { objectId: filter.objectId });
    if (filter.actorPersonId) qb.andWhere('e.actor_person_id = :actor', { actor: filter.actorPersonId });
    if (filter.from) qb.andWhere('e.occurred_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('e.occurred_at < :to', { to: filter.to });
    const totalCount = await qb.clone().getCount();
    if (after) {
      const [id] = decodeCursor(after, 'audit', ['sequence']);
      qb.andWhere(new Brackets((w) => w.where('e.id < :afterId', { afterId: id })));
    }
    // Newest first: the trail is read to see what just happened.
    const rows = await qb
      .orderBy('e.id', 'DESC')
      .limit(size + 1)
      .getMany();
    return toConnection(rows, size, totalCount, (row) => ({ cursor: encodeCursor('audit', [Number(row.id)]), node: row }));
  }
}

import DataLoader from 'dataloader';
import type { EntityManager } from 'typeorm';
import type { LoaderFactory } from '../common/loaders.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { CarePlan, CarePlanItemRow, CarePlanVersionRow } from './care-plan.entity.js';
import type { ItemContent, PlanItem, SupportContent } from './care-plan-content.js';
import { ABOUT_ME_ORDER, type AboutMeHeading, CarePlanItemKind } from './careplans.enums.js';
import { CarePlanConflict } from './careplans.exception.js';

/**
 * A plan's versioned content. Version V's items are the revisions with from_version ≤ V and until_version
 * null or > V; writing version N+1 closes the revisions that change or go (until_version = N+1) and
 * inserts their successors, so no version's content is ever rewritten.
 */

/** An item of the next version: a new revision of `itemId` (a new item, or one whose old revision is ended). */
export type NewRevision = ItemContent & { itemId: string };

export interface VersionToWrite {
  /** Revision ids standing in the current version that the next one drops or replaces. */
  ended: readonly string[];
  added: readonly NewRevision[];
  createdById: string | null;
  proposalId: string | null;
}

interface ItemRow {
  id: string;
  plan_id: string;
  item_id: string;
  kind: CarePlanItemKind;
  content: ItemContent['content'];
  at: number;
}

const KIND_ORDER = [CarePlanItemKind.ABOUT_ME, CarePlanItemKind.GOAL, CarePlanItemKind.SUPPORT, CarePlanItemKind.RISK];

/** Items in the order a plan shows them: About-me by heading, then goals, supports and risks as added. */
function toItems(rows: (ItemRow & { position: number })[]): PlanItem[] {
  const headingRank = (row: ItemRow) =>
    row.kind === CarePlanItemKind.ABOUT_ME ? ABOUT_ME_ORDER.indexOf((row.content as { heading: AboutMeHeading }).heading) : 0;
  return rows
    .sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || headingRank(a) - headingRank(b) || a.position - b.position)
    .map((r) => ({ kind: r.kind, content: r.content, itemId: r.item_id, revisionId: r.id }) as PlanItem);
}

/** The items of several (plan, version) pairs in one statement. */
async function readItems(db: EntityManager, keys: readonly { planId: string; version: number }[]): Promise<PlanItem[][]> {
  const rows: (ItemRow & { position: number })[] = await db.query(
    `SELECT i.id, i.plan_id, i.item_id, i.kind, i.content, i.position, k.at
       FROM unnest($1::uuid[], $2::int[]) AS k(plan_id, at)
       JOIN care_plan_item i ON i.plan_id = k.plan_id AND i.from_version <= k.at AND (i.until_version IS NULL OR i.until_version > k.at)`,
    [keys.map((k) => k.planId), keys.map((k) => k.version)],
  );
  return keys.map((k) => toItems(rows.filter((r) => r.plan_id === k.planId && r.at === k.version)));
}

/** One version's items, in the caller's transaction if one is open. */
export async function itemsAt(uow: UnitOfWork, planId: string, version: number): Promise<PlanItem[]> {
  return (await readItems(uow.manager, [{ planId, version }]))[0];
}

/** One version's items, batched across the request's plans and versions (resolvers read through this). */
export const itemsByVersion: LoaderFactory<{ planId: string; version: number }, PlanItem[], string> = ({ db }) =>
  new DataLoader((keys) => readItems(db, keys), { cacheKeyFn: (k) => `${k.planId}@${k.version}` });

/** The versions of several plans, newest first, in one statement. */
export const versionsByPlanId: LoaderFactory<string, CarePlanVersionRow[]> = ({ db }) =>
  new DataLoader(
    async (planIds) => {
      const rows = await db
        .getRepository(CarePlanVersionRow)
        .createQueryBuilder('v')
        .where('v.plan_id IN (:...planIds)', { planIds: [...planIds] })
        .orderBy('v.version', 'DESC')
        .getMany();
      return planIds.map((id) => rows.filter((r) => r.planId === id));
    },
    { cache: false },
  );

function linkColumns(revision: NewRevision): Pick<CarePlanItemRow, 'bookingId' | 'budgetId' | 'serviceId'> {
  if (revision.kind !== CarePlanItemKind.SUPPORT) return { bookingId: null, budgetId: null, serviceId: null };
  const support: SupportContent = revision.content;
  return { bookingId: support.bookingId, budgetId: support.budgetId, serviceId: support.serviceId };
}

async function insertRevisions(em: EntityManager, planId: string, version: number, added: readonly NewRevision[]): Promise<void> {
  if (added.length === 0) return;
  // An edited item keeps its place; a new one goes after the plan's last.
  const kept: { item_id: string; position: number }[] = await em.query(
    `SELECT DISTINCT ON (item_id) item_id, position FROM care_plan_item WHERE plan_id = $1 AND item_id = ANY($2::uuid[])`,
    [planId, added.map((a) => a.itemId)],
  );
  const [{ last }]: { last: number }[] = await em.query(
    `SELECT coalesce(max(position), 0)::int AS last FROM care_plan_item WHERE plan_id = $1`,
    [planId],
  );
  const positions = new Map(kept.map((k) => [k.item_id, k.position]));
  let next = last;
  await em.insert(
    CarePlanItemRow,
    added.map((a) => ({
      planId,
      itemId: a.itemId,
      kind: a.kind,
      fromVersion: version,
      untilVersion: null,
      position: positions.get(a.itemId) ?? ++next,
      content: a.content,
      ...linkColumns(a),
    })),
  );
}

/**
 * Writes version 1 of a plan just inserted (current_version 1), made when the plan was started, in the
 * caller's transaction.
 */
export async function writeFirstVersion(uow: UnitOfWork, plan: CarePlan, items: readonly NewRevision[], createdById: string | null) {
  await uow.transaction(async (em) => {
    await em.insert(CarePlanVersionRow, { planId: plan.id, version: 1, createdAt: plan.createdAt, createdById, proposalId: null });
    await insertRevisions(em, plan.id, 1, items);
  });
}

/**
 * Writes version N+1 (N = plan.currentVersion) in the caller's transaction, whose plan row the caller has
 * locked (CarePlanAccess.requirePlanRole with lockPlan): records the version, ends the replaced revisions,
 * inserts the new ones and moves the plan on. A revision to end that is no longer current means the
 * caller decided on a stale read: CONFLICT, and the caller's transaction rolls back.
 * Returns the new version number; `plan` is updated in place.
 */
export async function writeVersion(uow: UnitOfWork, plan: CarePlan, next: VersionToWrite): Promise<number> {
  const version = plan.currentVersion + 1;
  // One clock for both: the plan's updatedAt is when its current version was made, to the millisecond.
  const createdAt = new Date();
  await uow.transaction(async (em) => {
    await em.insert(CarePlanVersionRow, {
      planId: plan.id,
      version,
      createdAt,
      createdById: next.createdById,
      proposalId: next.proposalId,
    });
    if (next.ended.length > 0) {
      const [, ended]: [unknown, number] = await em.query(
        `UPDATE care_plan_item SET until_version = $3 WHERE plan_id = $1 AND id = ANY($2::uuid[]) AND until_version IS NULL`,
        [plan.id, [...next.ended], version],
      );
      if (ended !== new Set(next.ended).size) throw new CarePlanConflict('The plan changed while this was being decided.');
    }
    await insertRevisions(em, plan.id, version, next.added);
    await em.update(CarePlan, { id: plan.id }, { currentVersion: version, updatedAt: createdAt });
    plan.currentVersion = version;
    plan.updatedAt = createdAt;
  });
  return version;
}

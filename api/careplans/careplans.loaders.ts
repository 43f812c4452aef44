import DataLoader from 'dataloader';
import type { RepresentativeGrant } from '../accounts/representative-grant.entity.js';
import type { RepresentativesService } from '../accounts/representatives.service.js';
import { groupByKey, type LoaderFactory } from '../common/loaders.js';
import { CircleMemberRow, GoalReviewRow, SignatureRow } from './care-plan-records.entity.js';

/** A plan's live circle rows (pending and active, not removed), in the order invited. Not cached: the circle changes within a request. */
export const circleRowsByPlanId: LoaderFactory<string, CircleMemberRow[]> = ({ db }) =>
  new DataLoader(
    async (planIds) =>
      groupByKey(
        planIds,
        await db
          .getRepository(CircleMemberRow)
          .createQueryBuilder('m')
          .where('m.plan_id IN (:...planIds) AND m.removed_at IS NULL', { planIds: [...planIds] })
          .orderBy('m.invited_at', 'ASC')
          .addOrderBy('m.id', 'ASC')
          .getMany(),
        (m) => m.planId,
      ),
    { cache: false },
  );

/** A goal's ratings, earliest first (baseline first, latest last). */
export const reviewsByGoal: LoaderFactory<{ planId: string; goalId: string }, GoalReviewRow[], string> = ({ db }) =>
  new DataLoader(
    async (keys) => {
      const rows = await db
        .getRepository(GoalReviewRow)
        .createQueryBuilder('r')
        .where('r.plan_id IN (:...planIds) AND r.goal_id IN (:...goalIds)', {
          planIds: [...new Set(keys.map((k) => k.planId))],
          goalIds: [...new Set(keys.map((k) => k.goalId))],
        })
        .orderBy('r.rated_on', 'ASC')
        .addOrderBy('r.recorded_at', 'ASC')
        .addOrderBy('r.id', 'ASC')
        .getMany();
      return keys.map((k) => rows.filter((r) => r.planId === k.planId && r.goalId === k.goalId));
    },
    { cacheKeyFn: (k) => `${k.planId}:${k.goalId}`, cache: false },
  );

/** Every signature of a plan, oldest version first. */
export const signaturesByPlanId: LoaderFactory<string, SignatureRow[]> = ({ db }) =>
  new DataLoader(
    async (planIds) =>
      groupByKey(
        planIds,
        await db
          .getRepository(SignatureRow)
          .createQueryBuilder('s')
          .where('s.plan_id IN (:...planIds)', { planIds: [...planIds] })
          .orderBy('s.version', 'ASC')
          .addOrderBy('s.side', 'ASC')
          .getMany(),
        (s) => s.planId,
      ),
    { cache: false },
  );

/** Representatives' rights in force for a person, through accounts' service (its table is not ours to read). */
export const representativeGrantsByPersonId: LoaderFactory<
  { personId: string; representatives: RepresentativesService },
  RepresentativeGrant[],
  string
> = () =>
  new DataLoader(
    async (keys) =>
      groupByKey(
        keys.map((k) => k.personId),
        await keys[0]!.representatives.grantsInForceFor([...new Set(keys.map((k) => k.personId))]),
        (g) => g.personId,
      ),
    { cacheKeyFn: (k) => k.personId },
  );

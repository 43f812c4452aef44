import type { GoalRatingFacts } from './care-plan-document.js';

/** The smallest move in performance or satisfaction, either way, that counts as a change that matters. */
export const MEANINGFUL_CHANGE = 2;

export interface RatingRow extends GoalRatingFacts {
  recordedAt: Date;
}

/**
 * A goal's ratings summed up: baseline (the earliest, by day then recording), latest, and the change
 * between them once there are two. `rows` come earliest first (reviewsByGoal's order).
 */
export function ratingSummary<R extends RatingRow>(rows: readonly R[]) {
  const baseline = rows[0] ?? null;
  const latest = rows.at(-1) ?? null;
  const change =
    baseline && latest && rows.length >= 2
      ? {
          importance: latest.importance - baseline.importance,
          performance: latest.performance - baseline.performance,
          satisfaction: latest.satisfaction - baseline.satisfaction,
          isMeaningful:
            Math.abs(latest.performance - baseline.performance) >= MEANINGFUL_CHANGE ||
            Math.abs(latest.satisfaction - baseline.satisfaction) >= MEANINGFUL_CHANGE,
        }
      : null;
  return { baseline, latest, change, importance: latest?.importance ?? null };
}

import type { DataSource } from 'typeorm';
import type { OrukListQuery } from './oruk.params.js';

/**
 * The ORUK filters the directory search has no counterpart for: eligibility ages and opening times.
 * They narrow the directory search's own ordered result (never a second search), keeping its order,
 * so `/oruk/services?search=x&day=MO` is exactly the directory's search for "x" less the services that
 * do not open on Mondays.
 *
 * Readings of the profile's one-line definitions:
 * - `minimum_age`: the service's minimum age is at least the value (no minimum counts as 0);
 * - `maximum_age`: the service's maximum age is at most the value (no maximum never qualifies);
 * - `day`, `start_time`, `end_time`: one opening of the service is on that day, opens at or after
 *   `start_time` and closes at or before `end_time` — all three about the same opening, AND-combined.
 */
export function hasScheduleOrAgeFilter(query: OrukListQuery): boolean {
  return (
    query.minimumAge !== undefined ||
    query.maximumAge !== undefined ||
    query.day !== undefined ||
    query.startTime !== undefined ||
    query.endTime !== undefined
  );
}

export async function narrowByScheduleAndAge(db: DataSource, orderedServiceIds: readonly string[], query: OrukListQuery): Promise<string[]> {
  if (!hasScheduleOrAgeFilter(query) || orderedServiceIds.length === 0) return [...orderedServiceIds];
  const params: unknown[] = [orderedServiceIds];
  const where: string[] = ['s.id = ANY($1::uuid[])'];
  if (query.minimumAge !== undefined) {
    params.push(query.minimumAge);
    where.push(`COALESCE(s.minimum_age, 0) >= $${params.length}`);
  }
  if (query.maximumAge !== undefined) {
    params.push(query.maximumAge);
    where.push(`s.maximum_age IS NOT NULL AND s.maximum_age <= $${params.length}`);
  }
  const opening: string[] = ['o.service_id = s.id'];
  if (query.day !== undefined) {
    params.push(query.day);
    opening.push(`o.day_of_week = $${params.length}::day_of_week`);
  }
  if (query.startTime !== undefined) {
    params.push(query.startTime);
    opening.push(`o.opens >= $${params.length}::time`);
  }
  if (query.endTime !== undefined) {
    params.push(query.endTime);
    opening.push(`o.closes <= $${params.length}::time`);
  }
  if (opening.length > 1) where.push(`EXISTS (SELECT 1 FROM service_opening_time o WHERE ${opening.join(' AND ')})`);
  const rows: { id: string }[] = await db.query(`SELECT s.id FROM service s WHERE ${where.join(' AND ')}`, params);
  const kept = new Set(rows.map((r) => r.id));
  return orderedServiceIds.filter((id) => kept.has(id));
}

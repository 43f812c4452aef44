import type { EntityManager } from 'typeorm';
import { HelpOffer } from './help.entity.js';
import { MAX_RADIUS_MILES } from './help.types.js';
import { TimeBankMembershipStatus } from './timebank.enums.js';
import { qualifyingCheck } from './time-banks.reader.js';

const METRES_PER_MILE = 1609.344;

export interface Match {
  offer: HelpOffer;
  helperMemberId: string;
  /** For the helper's name, read through the people's loader. */
  helperPersonId: string;
  distanceMiles: number;
}

/**
 * The statement below: $1 the requests, $2 how many matches each. Exported for the test that checks the plan
 * uses the offers' point index. Help crossing London midnight (night sitting) needs a slot on the first day
 * running to 24:00 and one on the next from 00:00 to its end; help ending at midnight needs the first only.
 */
export const MATCHES_SQL = `WITH asked AS (
   SELECT r.id AS request_id, r.provider_id, r.category, r.member_id, r.needs_background_check,
     ll_to_earth(r.latitude, r.longitude) AS point,
     (r.starts_at AT TIME ZONE 'Europe/London') AS starts,
     ((r.starts_at + r.minutes * interval '1 minute') AT TIME ZONE 'Europe/London') AS ends
   FROM time_bank_request r WHERE r.id = ANY($1::uuid[]))
 SELECT asked.request_id, fit.*
 FROM asked CROSS JOIN LATERAL (
   SELECT o.id, o.provider_id, o.member_id, o.category, o.description, o.postcode, o.latitude, o.longitude,
     o.radius_miles, o.availability, o.created_at, m.person_id AS helper_person_id,
     earth_distance(ll_to_earth(o.latitude, o.longitude), asked.point) / ${METRES_PER_MILE} AS miles
   FROM time_bank_offer o JOIN time_bank_member m ON m.id = o.member_id
   WHERE o.provider_id = asked.provider_id AND o.category = asked.category AND o.withdrawn_at IS NULL
     AND o.member_id <> asked.member_id AND m.status = '${TimeBankMembershipStatus.APPROVED}'
     AND earth_box(asked.point, ${MAX_RADIUS_MILES * METRES_PER_MILE}) @> ll_to_earth(o.latitude, o.longitude)
     AND earth_distance(ll_to_earth(o.latitude, o.longitude), asked.point) <= o.radius_miles * ${METRES_PER_MILE}
     AND EXISTS (SELECT 1 FROM jsonb_array_elements(o.availability) s
       WHERE (s->>'day')::int = extract(isodow FROM asked.starts) AND (s->>'from')::time <= asked.starts::time
         AND (s->>'until')::time >= CASE WHEN asked.ends::date = asked.starts::date THEN asked.ends::time ELSE '24:00'::time END)
     AND (asked.ends::date = asked.starts::date OR asked.ends = asked.starts::date + 1 OR (asked.ends::date = asked.starts::date + 1
       AND EXISTS (SELECT 1 FROM jsonb_array_elements(o.availability) s
         WHERE (s->>'day')::int = extract(isodow FROM asked.ends) AND (s->>'from')::time = '00:00'
           AND (s->>'until')::time >= asked.ends::time)))
     AND (NOT asked.needs_background_check OR EXISTS (SELECT 1 FROM time_bank_background_check c
       WHERE ${qualifyingCheck('c', 'o.member_id', 'asked.starts::date')}))
   ORDER BY miles, o.id
   LIMIT $2) fit`;

/**
 * The standing offers that fit each request, nearest first, at most `limit` each, in one statement whatever the
 * number of requests: the same time bank and category, from another approved member, whose radius reaches the
 * request's point (the GiST index on the offer's point narrows to the widest radius any offer may have, then each
 * offer's own radius decides), with slots covering all of the request's London times, and, when the request needs
 * it, a helper whose check qualifies on the request's London date (TimeBanksReader.hasQualifyingCheck's rule).
 */
export async function readMatches(db: EntityManager, requestIds: readonly string[], limit: number): Promise<Map<string, Match[]>> {
  const found = new Map<string, Match[]>(requestIds.map((id) => [id, []]));
  if (limit === 0 || requestIds.length === 0) return found;
  const rows: (Record<string, unknown> & { request_id: string; helper_person_id: string; miles: number })[] = await db.query(MATCHES_SQL, [
    [...new Set(requestIds)],
    limit,
  ]);
  const offers = db.getRepository(HelpOffer);
  for (const row of rows) {
    const offer = offers.create({
      id: row.id as string,
      providerId: row.provider_id as string,
      memberId: row.member_id as string,
      category: row.category as string,
      description: row.description as string,
      postcode: row.postcode as string,
      latitude: row.latitude as number,
      longitude: row.longitude as number,
      radiusMiles: Number(row.radius_miles),
      availability: row.availability as HelpOffer['availability'],
      createdAt: row.created_at as Date,
      withdrawnAt: null,
    });
    found
      .get(row.request_id)!
      .push({ offer, helperMemberId: offer.memberId, helperPersonId: row.helper_person_id, distanceMiles: Number(row.miles) });
  }
  return found;
}

import type { UnitOfWork } from '../common/unit-of-work.js';
import { HelpOffer, type HelpRequest } from './help.entity.js';
import { DEFAULT_MATCHES, MAX_MATCHES, MAX_RADIUS_MILES } from './help.types.js';
import { BackgroundCheckKind, TimeBankMembershipStatus } from './timebank.enums.js';
import { timeBankInvalidInput } from './timebank.exception.js';

const METRES_PER_MILE = 1609.344;

export interface Match {
  offer: HelpOffer;
  helperMemberId: string;
  /** For the helper's name, read through the people's loader. */
  helperPersonId: string;
  distanceMiles: number;
}

/**
 * The statement below: $1 time bank, $2 category, $3 the asking member, $4 and $5 the request's point, $6 its
 * start, $7 its minutes, $8 whether it needs a checked helper, $9 how many. Exported for the test that
 * checks the plan uses the offers' point index.
 */
export const MATCHES_SQL = `WITH asked AS (
   SELECT ll_to_earth($4, $5) AS point,
     ($6::timestamptz AT TIME ZONE 'Europe/London') AS starts,
     (($6::timestamptz + $7 * interval '1 minute') AT TIME ZONE 'Europe/London') AS ends)
 SELECT o.id, o.provider_id, o.member_id, o.category, o.description, o.postcode, o.latitude, o.longitude,
   o.radius_miles, o.availability, o.created_at, o.withdrawn_at, m.person_id AS helper_person_id,
   earth_distance(ll_to_earth(o.latitude, o.longitude), asked.point) / ${METRES_PER_MILE} AS miles
 FROM asked, time_bank_offer o JOIN time_bank_member m ON m.id = o.member_id
 WHERE o.provider_id = $1 AND o.category = $2 AND o.withdrawn_at IS NULL AND o.member_id <> $3
   AND m.status = '${TimeBankMembershipStatus.APPROVED}'
   AND earth_box(asked.point, ${MAX_RADIUS_MILES * METRES_PER_MILE}) @> ll_to_earth(o.latitude, o.longitude)
   AND earth_distance(ll_to_earth(o.latitude, o.longitude), asked.point) <= o.radius_miles * ${METRES_PER_MILE}
   AND asked.ends::date = asked.starts::date
   AND EXISTS (SELECT 1 FROM jsonb_array_elements(o.availability) s
     WHERE (s->>'day')::int = extract(isodow FROM asked.starts)
       AND (s->>'from')::time <= asked.starts::time AND (s->>'until')::time >= asked.ends::time)
   AND (NOT $8 OR EXISTS (SELECT 1 FROM time_bank_background_check c
     WHERE c.member_id = o.member_id AND c.kind = '${BackgroundCheckKind.DBS_ENHANCED_WITH_ADULTS_BARRED_LIST}'
       AND c.checked_on <= asked.starts::date AND c.expires_on > asked.starts::date))
 ORDER BY miles, o.id
 LIMIT $9`;

/**
 * The standing offers that fit a request, nearest first, in one statement: the same time bank and category,
 * from another approved member, whose radius reaches the request's point (the GiST index on the offer's
 * point narrows to the widest radius any offer may have, then each offer's own radius decides), with a slot
 * on the request's London weekday covering all of its London times, and, when the request needs it, a
 * helper whose check qualifies on the request's London date (TimeBanksReader.hasQualifyingCheck's rule).
 */
export class HelpMatching {
  constructor(private readonly uow: UnitOfWork) {}

  async matches(request: HelpRequest, first: number | null | undefined): Promise<Match[]> {
    const limit = first ?? DEFAULT_MATCHES;
    if (!Number.isInteger(limit) || limit < 0 || limit > MAX_MATCHES)
      throw timeBankInvalidInput(`"first" must be between 0 and ${MAX_MATCHES}.`, 'first');
    if (limit === 0) return [];
    const rows: (Record<string, unknown> & { helper_person_id: string; miles: number })[] = await this.uow.manager.query(MATCHES_SQL, [
      request.providerId,
      request.category,
      request.memberId,
      request.latitude,
      request.longitude,
      request.startsAt,
      request.minutes,
      request.needsBackgroundCheck,
      limit,
    ]);
    const offers = this.uow.manager.getRepository(HelpOffer);
    return rows.map((row) => {
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
      return { offer, helperMemberId: offer.memberId, helperPersonId: row.helper_person_id, distanceMiles: Number(row.miles) };
    });
  }
}

import DataLoader from 'dataloader';
import type { BookingVisit } from '../brokerage/booking.entity.js';
import { VisitStatus } from '../brokerage/brokerage.enums.js';
import { bookingById } from '../brokerage/brokerage.loaders.js';
import { isSentTo } from '../brokerage/brokerage.policy.js';
import type { LoaderFactory } from '../common/loaders.js';
import type { Context } from '../context.js';
import { planAccessById } from './care-plan-access.js';
import type { SupportContent } from './care-plan-content.js';
import { CarePlanItemKind } from './careplans.enums.js';
import { type CarePlanSupport, contentOf } from './careplans.types.js';
import { recordRead } from '../audit/audited-read.js';
import { planEvent } from './plan-event.js';

/**
 * What a care worker sees of a plan: the supports linked to the booking of a visit they are sent to, and
 * nothing else of it (design.md, "Who may read a plan"). The plan's readers see the same supports there too.
 */

interface BookingSupports {
  planId: string;
  personId: string;
  councilId: string | null;
  version: number;
  supports: CarePlanSupport[];
}

interface SupportRow {
  plan_id: string;
  person_id: string;
  council_id: string | null;
  current_version: number;
  booking_id: string;
  item_id: string;
  id: string;
  content: SupportContent;
}

/** The supports of each booking in the current version of the plan linking it, in the plan's order; one statement per batch. */
const supportsByBookingId: LoaderFactory<string, BookingSupports | null> = ({ db }) =>
  new DataLoader(async (bookingIds) => {
    // until_version IS NULL is "in the current version"; care_plan_item_booking_idx covers it.
    const rows: SupportRow[] = await db.query(
      `SELECT p.id AS plan_id, p.person_id, p.council_id, p.current_version, i.booking_id, i.item_id, i.id, i.content
         FROM care_plan_item i JOIN care_plan p ON p.id = i.plan_id
        WHERE i.booking_id = ANY($1::uuid[]) AND i.until_version IS NULL AND i.kind = 'SUPPORT'
        ORDER BY i.position`,
      [[...bookingIds]],
    );
    return bookingIds.map((bookingId) => {
      const mine = rows.filter((r) => r.booking_id === bookingId);
      if (mine.length === 0) return null;
      const { plan_id: planId, person_id: personId, council_id: councilId, current_version: version } = mine[0]!;
      const items = mine.map((r) => ({ kind: CarePlanItemKind.SUPPORT as const, content: r.content, itemId: r.item_id, revisionId: r.id }));
      return { planId, personId, councilId, version, supports: contentOf(planId, version, items).supports };
    });
  });

/**
 * `BookingVisit.carePlanSupports`: for the care worker sent to the visit while it is not cancelled, the
 * supports linked to its booking, without the goals they meet (the goals are the rest of the plan); for
 * anyone who may read the plan, the same supports whole; null for everyone else, and where no plan links
 * the booking. A read by anyone but the person is audited. A fixed number of statements however many visits.
 */
export async function carePlanSupportsOf(ctx: Context, visit: BookingVisit): Promise<CarePlanSupport[] | null> {
  const { actor } = ctx;
  if (actor.kind !== 'person') return null;
  const [booking, linked] = await Promise.all([
    ctx.loaders.get(bookingById).load(visit.bookingId),
    ctx.loaders.get(supportsByBookingId).load(visit.bookingId),
  ]);
  // A support names a booking of the plan's person (checked when written); a plan naming another's is shown to nobody.
  if (!booking || !linked || linked.personId !== booking.personId) return null;
  const access = await ctx.loaders.get(planAccessById).load({ actor, planId: linked.planId });
  const mayReadPlan = access?.role != null;
  const sentTo = visit.status !== VisitStatus.CANCELLED && isSentTo(actor, visit, booking);
  if (!mayReadPlan && !sentTo) return null;
  const plan = { id: linked.planId, councilId: linked.councilId };
  await recordRead(ctx, linked.personId, planEvent(plan, 'carePlan.readSupports', { version: linked.version, via: 'visit' }));
  return mayReadPlan ? linked.supports : linked.supports.map((s) => ({ ...s, goalIds: [] }));
}

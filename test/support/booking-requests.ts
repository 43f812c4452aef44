import type { TestApp } from '../harness.js';
import type { World } from './world.js';

/** What the quote, booking and concurrency tests share: the mutation, the rows a booking writes, a priced service. */

export const REQUEST_BOOKING = `mutation($i: RequestBookingInput!) { requestBooking(input: $i) {
  __typename
  ... on Booking {
    id status totalPence hourlyRatePence travelPencePerVisit notes
    visits { startsAt endsAt minutes pricePence status }
    budget { id } service { id } preferredWorkers { id }
  }
  ... on InsufficientBudgetError { shortByPence }
  ... on ErrorResult { code message }
} }`;

export interface RequestBookingAnswer {
  __typename: string;
  id?: string;
  status?: string;
  totalPence?: number;
  visits?: { startsAt: string; endsAt: string; minutes: number; pricePence: number; status: string }[];
  budget?: { id: string };
  service?: { id: string };
  preferredWorkers?: { id: string }[];
  shortByPence?: number;
  code?: string;
  message?: string;
}

export function requestBooking(t: TestApp, input: Record<string, unknown>, headers: Record<string, string>) {
  return t.gql<{ requestBooking: RequestBookingAnswer }, unknown>(REQUEST_BOOKING, { i: input }, headers);
}

/** How many bookings, visits, ledger lines and audit events there are: a refusal changes none. */
export async function bookingRows(t: TestApp): Promise<Record<'bookings' | 'visits' | 'ledger' | 'audit', number>> {
  const [r] = await t.db.query(`SELECT
    (SELECT count(*)::int FROM booking) AS bookings, (SELECT count(*)::int FROM booking_visit) AS visits,
    (SELECT count(*)::int FROM budget_ledger_entry) AS ledger, (SELECT count(*)::int FROM audit_event) AS audit`);
  return r;
}

/** A service of provider A like home care but for the columns given, so changing it touches no other test. */
export async function serviceLike(
  t: TestApp,
  w: World,
  columns: { hourly_rate_pence: number; travel_charge_pence_per_visit: number },
): Promise<string> {
  const [{ id }] = await t.db.query(
    `INSERT INTO service (provider_id, name, description, category_id, hourly_rate_pence, minimum_visit_minutes,
       travel_charge_pence_per_visit, cancellation_notice_hours, late_cancellation_policy, accepts_council_managed_budgets)
     SELECT provider_id, 'Priced care (test)', description, category_id, $2, minimum_visit_minutes, $3,
       cancellation_notice_hours, late_cancellation_policy, true FROM service WHERE id = $1 RETURNING id`,
    [w.services.home, columns.hourly_rate_pence, columns.travel_charge_pence_per_visit],
  );
  return id;
}

/**
 * The one way a visit is priced, used by quotes, bookings and test fixtures alike: the hourly rate for
 * the minutes booked, rounded to the penny, plus the service's travel charge per visit (0 when travel is
 * included in the rate). A booking stores each visit's price, so later changes to a listing never
 * reprice what was booked.
 */
export function visitPricePence(service: { hourlyRatePence: number; travelChargePencePerVisit: number }, minutes: number): number {
  return Math.round((service.hourlyRatePence * minutes) / 60) + service.travelChargePencePerVisit;
}

/**
 * The Homecare Association's Minimum Price for Homecare 2025/26 for England, in pence an hour: what an
 * hour of homecare costs a provider that pays care workers the legal minimum and meets its obligations.
 * A rate below it is flagged to the buyer and counted in the council's report, never refused.
 */
export const DEFAULT_FAIR_PRICE_FLOOR_PENCE = 3214;

export function belowFairPriceFloor(hourlyRatePence: number, floorPence: number): boolean {
  return hourlyRatePence < floorPence;
}

/** Pence as a person reads them in a message: "£1,234.50". */
export function formatPence(pence: number): string {
  return (pence / 100).toLocaleString('en-GB', { style: 'currency', currency: 'GBP' });
}

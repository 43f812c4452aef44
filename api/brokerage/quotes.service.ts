import type { Acting } from '../auth/actor.js';
import type { DirectoryService } from '../directory/directory.service.js';
import type { Service } from '../directory/service.entity.js';
import type { GeoService } from '../geo/geo.service.js';
import { type Quote, QuoteBudgetCheck, type QuoteInput, QuotedVisit } from './booking-requests.types.js';
import type { BrokerageReader } from './brokerage.reader.js';
import { brokerageInvalidInput, brokerageNotFound } from './brokerage.exception.js';
import { PersonalBudgetKind } from './brokerage.enums.js';
import type { LedgerService } from './ledger.service.js';
import type { PersonalBudget } from './personal-budget.entity.js';
import { MAX_AMOUNT_PENCE } from './budgets.types.js';
import { belowFairPriceFloor, formatPence, visitPricePence } from './pricing.js';
import { type ExpandedSchedule, expandSchedule, type VisitAt } from './schedule.js';

export interface PricedVisit extends VisitAt {
  pricePence: number;
}

export interface PricedSchedule {
  visits: PricedVisit[];
  weeks: number;
  minutes: number;
  careCostPence: number;
  travelPence: number;
  totalPence: number;
}

/** Each visit priced by the one price function; the totals are the sums of the visits' prices. */
export function priceSchedule(service: Service, schedule: ExpandedSchedule): PricedSchedule {
  const visits = schedule.visits.map((v) => ({ ...v, pricePence: visitPricePence(service, v.minutes) }));
  const totalPence = visits.reduce((sum, v) => sum + v.pricePence, 0);
  const travelPence = service.travelChargePencePerVisit * visits.length;
  return {
    visits,
    weeks: schedule.weeks,
    minutes: visits.reduce((sum, v) => sum + v.minutes, 0),
    careCostPence: totalPence - travelPence,
    travelPence,
    totalPence,
  };
}

/** Whether the service takes money from this kind of budget; an ISF pays only the provider holding it. */
export function acceptsBudget(service: Service, budget: Pick<PersonalBudget, 'kind' | 'heldByProviderId'>): boolean {
  switch (budget.kind) {
    case PersonalBudgetKind.DIRECT_PAYMENT:
      return service.acceptsDirectPayments;
    case PersonalBudgetKind.COUNCIL_MANAGED:
      return service.acceptsCouncilManagedBudgets;
    case PersonalBudgetKind.INDIVIDUAL_SERVICE_FUND:
      return service.acceptsIndividualServiceFunds && service.providerId === budget.heldByProviderId;
    case PersonalBudgetKind.SELF_FUNDED:
      return true;
  }
}

export const KIND_NOT_ACCEPTED: Record<PersonalBudgetKind, string> = {
  DIRECT_PAYMENT: 'This service does not take direct payments.',
  COUNCIL_MANAGED: 'This service does not take council-managed budgets.',
  INDIVIDUAL_SERVICE_FUND: 'An individual service fund pays only the provider holding it, for services that take one.',
  SELF_FUNDED: 'This service does not take self-funded bookings.',
};
/**
 * The service and whether it is open for booking (active, its provider published), by the directory's own
 * visibility rule: one read when it is open, as nearly every booked service is; null for an unknown id.
 */
export async function serviceToBook(directory: DirectoryService, id: string): Promise<{ service: Service; open: boolean } | null> {
  const open = await directory.getService(id);
  if (open) return { service: open, open: true };
  const closed = await directory.getService(id, { includeUnpublished: true });
  return closed && { service: closed, open: false };
}

export const NOT_OPEN = 'This service is not open for booking: its listing is not published or the service is inactive.';
/** A hold is one ledger line, and no line moves more than any one amount may (a budget topped up past it could pay more). */
export const OVER_BOOKING_LIMIT = `A booking costs at most ${formatPence(MAX_AMOUNT_PENCE)}: book these visits in parts.`;

/**
 * Prices a schedule of visits of a service for anyone who asks, and, for a budget the caller may see,
 * says whether it can pay. Reads only: a quote holds nothing, so the figures may change before a booking.
 */
export class QuoteService {
  constructor(
    private readonly directory: DirectoryService,
    private readonly geo: GeoService,
    private readonly ledger: LedgerService,
    private readonly reader: BrokerageReader,
    private readonly fairPriceFloorPence: number,
  ) {}

  async quote(acting: Acting, input: QuoteInput): Promise<Quote> {
    const schedule = expandSchedule(input, 'input');
    const budget = input.budgetId ? await this.reader.budgetFor(acting, input.budgetId) : null;
    const postcode = input.postcode ?? budget?.carePostcode;
    if (postcode == null) throw brokerageInvalidInput('Give the postcode where the care would be given, or a budget.', 'input.postcode');
    const found = await serviceToBook(this.directory, input.serviceId);
    if (!found) throw brokerageNotFound('No service has that id.');
    const { service, open } = found;
    const location = await this.geo.locate(postcode, 'input.postcode');
    const [covers, balance] = await Promise.all([
      this.directory.serviceCovers(service.id, location),
      budget ? this.ledger.balanceOf(budget.id) : null,
    ]);
    const priced = priceSchedule(service, schedule);
    const reasons = [
      ...(open ? [] : [NOT_OPEN]),
      ...(budget && !acceptsBudget(service, budget) ? [KIND_NOT_ACCEPTED[budget.kind]] : []),
      ...(covers ? [] : [`This service does not reach ${location.postcode}.`]),
      ...(priced.totalPence > MAX_AMOUNT_PENCE ? [OVER_BOOKING_LIMIT] : []),
    ];
    let check: QuoteBudgetCheck | null = null;
    if (budget && balance) {
      const leftAfterPence = balance.availablePence - priced.totalPence;
      const kindAccepted = acceptsBudget(service, budget);
      check = Object.assign(new QuoteBudgetCheck(), {
        canPay: kindAccepted && leftAfterPence >= 0,
        availablePence: balance.availablePence,
        leftAfterPence,
        shortByPence: Math.max(0, -leftAfterPence),
        kindAccepted,
      });
    }
    return {
      visits: priced.visits.map((v) => Object.assign(new QuotedVisit(), v)),
      visitCount: priced.visits.length,
      hours: priced.minutes / 60,
      hourlyRatePence: service.hourlyRatePence,
      careCostPence: priced.careCostPence,
      travelIncluded: service.travelChargePencePerVisit === 0,
      travelPencePerVisit: service.travelChargePencePerVisit,
      travelPence: priced.travelPence,
      totalPence: priced.totalPence,
      weeks: priced.weeks,
      perWeekPence: Math.round(priced.totalPence / priced.weeks),
      postcode: location.postcode,
      coversPostcode: covers,
      bookable: reasons.length === 0,
      notBookableReasons: reasons,
      fairPriceFloorPence: this.fairPriceFloorPence,
      belowFairPriceFloor: belowFairPriceFloor(service.hourlyRatePence, this.fairPriceFloorPence),
      budget: check,
    };
  }
}

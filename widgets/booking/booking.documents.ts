import { graphql } from '../generated/gql.js';

// Each document ships in the bundle as written (and again as codegen prints it), so they are kept compact.

/** What the form needs to know of the service: its price, shortest visit, travel, terms and the budgets it takes. */
export const BookingService = graphql(`query BookingService($id: ID!) { service(id: $id) {
  id name hourlyRatePence minimumVisitMinutes travelIncluded travelChargePencePerVisit cancellationNoticeHours
  acceptsCouncilManagedBudgets acceptsDirectPayments acceptsIndividualServiceFunds provider { id name } } }`);

/** Whose session it is, what for, until when, and the budgets it may book from. */
export const BookingViewer = graphql(`query BookingViewer { widgetViewer { id name purpose expiresAt
  personalBudgets { id kind availablePence periodStart periodEnd carePostcode heldBy { id } } } }`);

export const BookingQuote = graphql(`query BookingQuote($input: QuoteInput!) { quote(input: $input) { __typename
  ... on Quote { visitCount hours careCostPence travelIncluded travelPence totalPence perWeekPence weeks postcode
    coversPostcode bookable notBookableReasons belowFairPriceFloor fairPriceFloorPence hourlyRatePence visits { start }
    budget { availablePence leftAfterPence shortByPence canPay } }
  ... on ErrorResult { code message } } }`);

export const BookingRequest = graphql(`mutation BookingRequest($input: RequestBookingInput!) { requestBooking(input: $input) {
  __typename
  ... on Booking { id status totalPence visits { startsAt } budget { id availablePence } }
  ... on InsufficientBudgetError { shortByPence }
  ... on ErrorResult { code message } } }`);

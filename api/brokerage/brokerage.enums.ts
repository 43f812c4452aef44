import { registerEnumType } from 'type-graphql';

export enum PersonalBudgetKind {
  DIRECT_PAYMENT = 'DIRECT_PAYMENT',
  COUNCIL_MANAGED = 'COUNCIL_MANAGED',
  INDIVIDUAL_SERVICE_FUND = 'INDIVIDUAL_SERVICE_FUND',
  SELF_FUNDED = 'SELF_FUNDED',
}
registerEnumType(PersonalBudgetKind, {
  name: 'PersonalBudgetKind',
  description: 'How a personal budget is held and paid.',
  valuesConfig: {
    DIRECT_PAYMENT: {
      description: 'The council pays the money to the person in instalments; only money paid in can be committed to care.',
    },
    COUNCIL_MANAGED: { description: 'The council holds the money and pays providers; bookings may commit up to the allocation.' },
    INDIVIDUAL_SERVICE_FUND: {
      description: 'The council pays the money to one provider the person chose, to spend on the outcomes agreed between them.',
    },
    SELF_FUNDED: { description: 'The person pays for their own care; only money they have put in can be committed.' },
  },
});

/** Kinds of ledger entry; amounts are positive except an ADJUSTMENT, which may take money away. */
export enum LedgerEntryKind {
  ALLOCATION = 'ALLOCATION',
  PAYMENT_IN = 'PAYMENT_IN',
  TOP_UP = 'TOP_UP',
  HOLD = 'HOLD',
  RELEASE = 'RELEASE',
  CHARGE = 'CHARGE',
  REFUND = 'REFUND',
  ADJUSTMENT = 'ADJUSTMENT',
}
registerEnumType(LedgerEntryKind, {
  name: 'LedgerEntryKind',
  description: 'What one line of a budget’s ledger records.',
  valuesConfig: {
    ALLOCATION: { description: 'The council allocated this much for the budget’s period.' },
    PAYMENT_IN: { description: 'An instalment of a direct payment reached the person’s account.' },
    TOP_UP: { description: 'The person or their representative added money of their own.' },
    HOLD: { description: 'A booking’s total, held until its visits are charged or released.' },
    RELEASE: { description: 'A visit’s share of a hold given back: declined, cancelled in time, or not delivered.' },
    CHARGE: { description: 'A visit’s share of a hold spent: invoiced once delivered, or cancelled too late to be free.' },
    REFUND: { description: 'A provider gave money back after a charge.' },
    ADJUSTMENT: { description: 'An officer corrected the money the budget can commit, up or down.' },
  },
});

export enum BookingStatus {
  REQUESTED = 'REQUESTED',
  CONFIRMED = 'CONFIRMED',
  DECLINED = 'DECLINED',
  CANCELLED = 'CANCELLED',
  COMPLETED = 'COMPLETED',
}
registerEnumType(BookingStatus, {
  name: 'BookingStatus',
  description: 'Where a booking is, from request to completion.',
  valuesConfig: {
    REQUESTED: { description: 'Asked for, with its total held on the budget; waiting for the provider to confirm or decline.' },
    CONFIRMED: { description: 'The provider confirmed it and named a care worker for every visit.' },
    DECLINED: { description: 'The provider could not take it; the hold was released.' },
    CANCELLED: { description: 'Cancelled by the person or their representative before any visit was delivered or charged.' },
    COMPLETED: { description: 'Every visit is settled: invoiced, charged or released.' },
  },
});

export enum VisitStatus {
  SCHEDULED = 'SCHEDULED',
  DELIVERED = 'DELIVERED',
  MISSED = 'MISSED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(VisitStatus, {
  name: 'VisitStatus',
  description: 'What became of one visit.',
  valuesConfig: {
    SCHEDULED: { description: 'Booked and still to happen (or still to be recorded).' },
    DELIVERED: { description: 'The care worker recorded it delivered.' },
    MISSED: { description: 'The care worker recorded that it did not happen; nothing is charged for it.' },
    CANCELLED: { description: 'Cancelled, or its booking declined; `charged` says whether it was charged as a late cancellation.' },
  },
});

import { registerEnumType } from 'type-graphql';

/** How a person takes part in a co-op's time bank; one person may hold several. */
export enum TimeBankRole {
  VOLUNTEER = 'VOLUNTEER',
  FAMILY_CARER = 'FAMILY_CARER',
  RECEIVER = 'RECEIVER',
}
registerEnumType(TimeBankRole, {
  name: 'TimeBankRole',
  description: 'How a person takes part in a co-op’s time bank; one person may hold several.',
  valuesConfig: {
    VOLUNTEER: { description: 'Gives help to other members and banks the time.' },
    FAMILY_CARER: { description: 'Cares for someone close; banks hours helping others and spends them on help (respite) for themselves.' },
    RECEIVER: { description: 'Receives support, spending credit they earned, were given, or the community pool drew for them.' },
  },
});

export enum TimeBankMembershipStatus {
  PENDING = 'PENDING',
  APPROVED = 'APPROVED',
  REFUSED = 'REFUSED',
  LEFT = 'LEFT',
}
registerEnumType(TimeBankMembershipStatus, {
  name: 'TimeBankMembershipStatus',
  description: 'Where a membership stands: a coordinator approves or refuses each person who asks to join.',
  valuesConfig: {
    PENDING: { description: 'Asked to join; waiting for a coordinator.' },
    APPROVED: { description: 'A member: may offer, request, give and receive.' },
    REFUSED: { description: 'A coordinator refused the membership, with a reason.' },
    LEFT: { description: 'No longer a member; their history and balance are kept.' },
  },
});

/**
 * The background checks a coordinator records. Help with a person alone at home (personal care, respite
 * sitting) is regulated activity with adults, which needs an enhanced DBS check with the adults' barred
 * list (gov.uk "DBS checks: guidance for employers"); the other kinds are kept on the record but do not
 * open those requests.
 */
export enum BackgroundCheckKind {
  DBS_BASIC = 'DBS_BASIC',
  DBS_STANDARD = 'DBS_STANDARD',
  DBS_ENHANCED = 'DBS_ENHANCED',
  DBS_ENHANCED_WITH_ADULTS_BARRED_LIST = 'DBS_ENHANCED_WITH_ADULTS_BARRED_LIST',
}
registerEnumType(BackgroundCheckKind, {
  name: 'BackgroundCheckKind',
  description: 'A background check a coordinator saw and recorded.',
  valuesConfig: {
    DBS_BASIC: { description: 'A basic DBS check: unspent convictions.' },
    DBS_STANDARD: { description: 'A standard DBS check: spent and unspent convictions and cautions.' },
    DBS_ENHANCED: { description: 'An enhanced DBS check, without the barred lists.' },
    DBS_ENHANCED_WITH_ADULTS_BARRED_LIST: {
      description: 'An enhanced DBS check with the adults’ barred list: what help with a person alone at home needs.',
    },
  },
});

export enum HelpRequestStatus {
  OPEN = 'OPEN',
  ACCEPTED = 'ACCEPTED',
  DONE = 'DONE',
  CANCELLED = 'CANCELLED',
}
registerEnumType(HelpRequestStatus, {
  name: 'HelpRequestStatus',
  description: 'Where a request for help stands.',
  valuesConfig: {
    OPEN: { description: 'Waiting for the asker to accept a helper.' },
    ACCEPTED: { description: 'The asker accepted a helper.' },
    DONE: { description: 'The help was given and its exchange confirmed.' },
    CANCELLED: { description: 'The asker withdrew it.' },
  },
});

export enum ExchangeStatus {
  RECORDED = 'RECORDED',
  CONFIRMED = 'CONFIRMED',
  REJECTED = 'REJECTED',
}
registerEnumType(ExchangeStatus, {
  name: 'ExchangeStatus',
  description: 'Where a record of help given stands.',
  valuesConfig: {
    RECORDED: { description: 'The helper recorded the minutes; the receiver, their representative or a coordinator has yet to confirm.' },
    CONFIRMED: { description: 'Confirmed: the helper was credited and the receiver debited, once.' },
    REJECTED: { description: 'The receiver or a coordinator said it did not happen as recorded, with a reason; nothing moved.' },
  },
});

/** Why time moved, one kind a ledger line. Exchanges and transfers write their lines in pairs (or three). */
export enum TimeLedgerEntryKind {
  /** The helper's credit for the minutes given. */
  HELP_GIVEN = 'HELP_GIVEN',
  /** The helper's extra credit for minutes given out of hours (the multiplier less one). */
  OUT_OF_HOURS_BONUS = 'OUT_OF_HOURS_BONUS',
  /** The receiver's debit for the minutes received. */
  HELP_RECEIVED = 'HELP_RECEIVED',
  GIFT_SENT = 'GIFT_SENT',
  GIFT_RECEIVED = 'GIFT_RECEIVED',
  /** A member's gift to the community pool (and the pool's line receiving it). */
  GIVEN_TO_POOL = 'GIVEN_TO_POOL',
  POOL_RECEIVED = 'POOL_RECEIVED',
  /** A coordinator's draw on the pool for a member with no credit (and the member's line receiving it). */
  POOL_DRAWN = 'POOL_DRAWN',
  DRAWN_FROM_POOL = 'DRAWN_FROM_POOL',
}
registerEnumType(TimeLedgerEntryKind, {
  name: 'TimeLedgerEntryKind',
  description: 'Why time moved on a time-bank ledger line.',
  valuesConfig: {
    HELP_GIVEN: { description: 'Credit for help the member gave: its minutes.' },
    OUT_OF_HOURS_BONUS: { description: 'Extra credit for help given out of hours: the co-op’s thanks, not charged to the receiver.' },
    HELP_RECEIVED: { description: 'Debit for help the member received: its minutes.' },
    GIFT_SENT: { description: 'Credit the member gave another member.' },
    GIFT_RECEIVED: { description: 'Credit another member gave the member.' },
    GIVEN_TO_POOL: { description: 'Credit the member gave the community pool.' },
    POOL_RECEIVED: { description: 'The pool’s line for a member’s gift to it.' },
    POOL_DRAWN: { description: 'The pool’s line for a coordinator’s draw on it.' },
    DRAWN_FROM_POOL: { description: 'Credit a coordinator drew on the community pool for the member.' },
  },
});

/** How time moved without help given. */
export enum TimeTransferKind {
  GIFT = 'GIFT',
  POOL_GIFT = 'POOL_GIFT',
  POOL_DRAW = 'POOL_DRAW',
}
registerEnumType(TimeTransferKind, {
  name: 'TimeTransferKind',
  description: 'How time moved without help given.',
  valuesConfig: {
    GIFT: { description: 'A member gave credit to another member (a friend, a relative).' },
    POOL_GIFT: { description: 'A member gave credit to the co-op’s community pool.' },
    POOL_DRAW: { description: 'A coordinator drew on the community pool for a member with no credit.' },
  },
});

export enum ExpenseKind {
  TRAVEL = 'TRAVEL',
  CHILDCARE = 'CHILDCARE',
  MEALS = 'MEALS',
  OTHER = 'OTHER',
}
registerEnumType(ExpenseKind, {
  name: 'ExpenseKind',
  description: 'What a volunteer spent money on while helping.',
  valuesConfig: {
    TRAVEL: { description: 'Miles driven, paid at the time bank’s rate a mile (HMRC’s approved 45p unless the co-op set another).' },
    CHILDCARE: { description: 'Childcare so the volunteer could help.' },
    MEALS: { description: 'A meal while helping.' },
    OTHER: { description: 'Anything else: the description says what.' },
  },
});

export enum ExpenseClaimStatus {
  SUBMITTED = 'SUBMITTED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
  PAID = 'PAID',
}
registerEnumType(ExpenseClaimStatus, {
  name: 'ExpenseClaimStatus',
  description: 'Where an expense claim stands.',
  valuesConfig: {
    SUBMITTED: { description: 'Waiting for a coordinator (flagged once it has waited more than 14 days).' },
    APPROVED: { description: 'Approved for payment: in the CSV of approved claims.' },
    REJECTED: { description: 'Rejected, with the coordinator’s reason.' },
    PAID: { description: 'Paid to the volunteer.' },
  },
});

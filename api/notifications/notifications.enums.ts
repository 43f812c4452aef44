import { registerEnumType } from 'type-graphql';

/**
 * What a message is about. Each person chooses, kind by kind, email or nothing (MessageChannel), except
 * for the kinds in MESSAGES_ALWAYS_SENT: the ones a person asked for themself (a link to set or reset a
 * password, to confirm an address), the notices that keep an account safe, and crisis alerts.
 */
export enum MessageKind {
  ACCOUNT_INVITATION = 'ACCOUNT_INVITATION',
  PASSWORD_RESET = 'PASSWORD_RESET',
  EMAIL_CONFIRMATION = 'EMAIL_CONFIRMATION',
  ACCOUNT_SECURITY = 'ACCOUNT_SECURITY',
  STAFF_ADDED = 'STAFF_ADDED',
  REPRESENTATIVE_INVITATION = 'REPRESENTATIVE_INVITATION',
  CIRCLE_INVITATION = 'CIRCLE_INVITATION',
  BOOKING_REQUESTED = 'BOOKING_REQUESTED',
  BOOKING_CONFIRMED = 'BOOKING_CONFIRMED',
  BOOKING_DECLINED = 'BOOKING_DECLINED',
  BOOKING_CANCELLED = 'BOOKING_CANCELLED',
  VISIT_MISSED = 'VISIT_MISSED',
  VISIT_REMINDER = 'VISIT_REMINDER',
  INVOICE_ISSUED = 'INVOICE_ISSUED',
  CARE_PLAN_PROPOSAL = 'CARE_PLAN_PROPOSAL',
  CARE_PLAN_AGREED = 'CARE_PLAN_AGREED',
  CRISIS_ALERT = 'CRISIS_ALERT',
  CRISIS_ALERT_ESCALATED = 'CRISIS_ALERT_ESCALATED',
  TIME_BANK_MEMBERSHIP_DECIDED = 'TIME_BANK_MEMBERSHIP_DECIDED',
  TIME_BANK_HELPER_ACCEPTED = 'TIME_BANK_HELPER_ACCEPTED',
  TIME_BANK_HELPER_CANNOT_COME = 'TIME_BANK_HELPER_CANNOT_COME',
  CO_OP_MEMBER_ADMITTED = 'CO_OP_MEMBER_ADMITTED',
}

export const MESSAGES_ALWAYS_SENT: ReadonlySet<MessageKind> = new Set([
  MessageKind.ACCOUNT_INVITATION,
  MessageKind.PASSWORD_RESET,
  MessageKind.EMAIL_CONFIRMATION,
  MessageKind.ACCOUNT_SECURITY,
  MessageKind.STAFF_ADDED,
  MessageKind.CRISIS_ALERT,
  MessageKind.CRISIS_ALERT_ESCALATED,
]);

/** What each kind is about, for the schema and for a person choosing (MessageChoice.description). */
export const MESSAGE_KIND_DESCRIPTIONS: Readonly<Record<MessageKind, string>> = {
  ACCOUNT_INVITATION: 'A link to set a password for a new account.',
  PASSWORD_RESET: 'A link to choose a new password, when one was asked for.',
  EMAIL_CONFIRMATION: 'A link to confirm a new email address.',
  ACCOUNT_SECURITY: 'The password or email address of the account changed, or a new email address was asked for.',
  STAFF_ADDED: 'You were made staff of a care provider or a council.',
  REPRESENTATIVE_INVITATION: 'Someone asked you to act for them as their representative.',
  CIRCLE_INVITATION: 'Someone asked you into the circle of their care plan.',
  BOOKING_REQUESTED: 'To a provider’s coordinators: a booking waits for them to confirm or decline it.',
  BOOKING_CONFIRMED: 'A booking was confirmed.',
  BOOKING_DECLINED: 'A booking was declined.',
  BOOKING_CANCELLED: 'Visits of a booking were cancelled.',
  VISIT_MISSED: 'A visit was recorded as missed.',
  VISIT_REMINDER: 'The day before a visit.',
  INVOICE_ISSUED: 'A provider invoiced visits, charged to a budget.',
  CARE_PLAN_PROPOSAL: 'A proposed change to a care plan waits for the person’s decision.',
  CARE_PLAN_AGREED: 'Both sides signed a care plan.',
  CRISIS_ALERT: 'Someone raised a crisis alert about a person.',
  CRISIS_ALERT_ESCALATED: 'Nobody acknowledged a crisis alert in time: to the council’s duty officer.',
  TIME_BANK_MEMBERSHIP_DECIDED: 'A co-op’s time bank approved or refused a membership you asked for.',
  TIME_BANK_HELPER_ACCEPTED: 'Someone accepted your offer of help in a co-op’s time bank.',
  TIME_BANK_HELPER_CANNOT_COME: 'The helper chosen for help you asked for left the time bank; the request is open again.',
  CO_OP_MEMBER_ADMITTED: 'A co-op entered you on its register of members.',
};

registerEnumType(MessageKind, {
  name: 'MessageKind',
  description: 'What a message coopcare sends is about.',
  valuesConfig: Object.fromEntries(
    Object.values(MessageKind).map((kind) => [
      kind,
      {
        description: MESSAGES_ALWAYS_SENT.has(kind)
          ? `${MESSAGE_KIND_DESCRIPTIONS[kind].slice(0, -1)} (always sent).`
          : MESSAGE_KIND_DESCRIPTIONS[kind],
      },
    ]),
  ),
});

export enum MessageChannel {
  EMAIL = 'EMAIL',
  NONE = 'NONE',
}

registerEnumType(MessageChannel, {
  name: 'MessageChannel',
  description: 'How a person gets messages of one kind.',
  valuesConfig: {
    EMAIL: { description: 'By email (the default for every kind).' },
    NONE: { description: 'Not at all.' },
  },
});

import { registerEnumType } from 'type-graphql';

/** What an account may be, as `me.roles` reports it; derived from its relationships, never stored as a flag alone. */
export enum Role {
  PERSON = 'PERSON',
  REPRESENTATIVE = 'REPRESENTATIVE',
  COORDINATOR = 'COORDINATOR',
  CARE_WORKER = 'CARE_WORKER',
  COUNCIL_OFFICER = 'COUNCIL_OFFICER',
  ADMIN = 'ADMIN',
}
registerEnumType(Role, { name: 'Role', description: 'A role an account holds through its relationships.' });

/** A staff relationship: to a provider (coordinator, care worker) or to a council (officer). */
export enum StaffRole {
  COORDINATOR = 'COORDINATOR',
  CARE_WORKER = 'CARE_WORKER',
  COUNCIL_OFFICER = 'COUNCIL_OFFICER',
}
registerEnumType(StaffRole, { name: 'StaffRole', description: 'Staff of a provider (coordinator, care worker) or of a council (officer).' });

export enum RepresentativeRight {
  BOOK = 'BOOK',
  VIEW_BUDGET = 'VIEW_BUDGET',
  EDIT_PLAN = 'EDIT_PLAN',
  VIEW_PLAN = 'VIEW_PLAN',
}
registerEnumType(RepresentativeRight, {
  name: 'RepresentativeRight',
  description: 'What a person lets a representative do for them.',
  valuesConfig: {
    BOOK: { description: 'Book, change and cancel care against the person’s budgets.' },
    VIEW_BUDGET: { description: 'See the person’s budgets and their ledgers.' },
    EDIT_PLAN: { description: 'Accept or reject proposed changes to the care plan, as the person would.' },
    VIEW_PLAN: { description: 'Read the care plan.' },
  },
});

export enum RepresentativeGrantStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
}
registerEnumType(RepresentativeGrantStatus, {
  name: 'RepresentativeGrantStatus',
  description: 'PENDING: invited, no right in force until the representative accepts. ACTIVE: in force.',
});

/** Partner API key scopes; stored as the colon strings partners see in documentation. */
export enum ApiKeyScope {
  DIRECTORY_READ = 'directory:read',
  WIDGET_SESSIONS_CREATE = 'widget-sessions:create',
}
registerEnumType(ApiKeyScope, {
  name: 'ApiKeyScope',
  description: 'What a partner API key may do.',
  valuesConfig: {
    DIRECTORY_READ: { description: '`directory:read`: read the directory as this partner (the directory is public; the scope names the use).' },
    WIDGET_SESSIONS_CREATE: { description: '`widget-sessions:create`: mint widget sessions for people of the key’s council.' },
  },
});

export enum WidgetPurpose {
  BOOKING = 'BOOKING',
  BUDGET_VIEW = 'BUDGET_VIEW',
}
registerEnumType(WidgetPurpose, { name: 'WidgetPurpose', description: 'The one thing a widget session may be used for.' });

/** The representative right a widget session of each purpose stands in for. */
export const RIGHT_OF_PURPOSE: Record<WidgetPurpose, RepresentativeRight> = {
  [WidgetPurpose.BOOKING]: RepresentativeRight.BOOK,
  [WidgetPurpose.BUDGET_VIEW]: RepresentativeRight.VIEW_BUDGET,
};

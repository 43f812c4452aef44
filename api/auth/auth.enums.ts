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
registerEnumType(Role, {
  name: 'Role',
  description: 'A role an account holds through its relationships; one account may hold several.',
  valuesConfig: {
    PERSON: { description: 'Someone who is neither staff nor an admin: typically a person who draws on care and holds a personal budget.' },
    REPRESENTATIVE: { description: 'Has accepted at least one right to act for someone (a family member or another nominated person).' },
    COORDINATOR: { description: 'Staff of a provider who keeps its listing and services up to date.' },
    CARE_WORKER: { description: 'Staff of a provider who delivers visits.' },
    COUNCIL_OFFICER: {
      description: 'Staff of a commissioning council: publishes listings, issues partner API keys, reads its audit trail.',
    },
    ADMIN: { description: 'An operator of coopcare: may do everything, and everything they do is audited.' },
  },
});

/** A staff relationship: to a provider (coordinator, care worker) or to a council (officer). */
export enum StaffRole {
  COORDINATOR = 'COORDINATOR',
  CARE_WORKER = 'CARE_WORKER',
  COUNCIL_OFFICER = 'COUNCIL_OFFICER',
}
registerEnumType(StaffRole, {
  name: 'StaffRole',
  description: 'Staff of a provider (coordinator, care worker) or of a council (officer).',
  valuesConfig: {
    COORDINATOR: { description: 'Keeps the provider’s listing and services up to date.' },
    CARE_WORKER: { description: 'Delivers the provider’s visits.' },
    COUNCIL_OFFICER: { description: 'Works for the council: publishes and suspends listings, manages partner API keys.' },
  },
});

export enum RepresentativeRight {
  BOOK = 'BOOK',
  VIEW_BUDGET = 'VIEW_BUDGET',
  EDIT_PLAN = 'EDIT_PLAN',
  VIEW_PLAN = 'VIEW_PLAN',
  VOTE = 'VOTE',
}
registerEnumType(RepresentativeRight, {
  name: 'RepresentativeRight',
  description: 'What a person lets a representative do for them.',
  valuesConfig: {
    BOOK: { description: 'Book, change and cancel care against the person’s budgets.' },
    VIEW_BUDGET: { description: 'See the person’s budgets and their ledgers.' },
    EDIT_PLAN: { description: 'Accept or reject proposed changes to the care plan, as the person would.' },
    VIEW_PLAN: { description: 'Read the care plan.' },
    VOTE: {
      description:
        'Vote for the person in the co-ops whose member they are, and read those co-ops’ motions. Only the person grants it: ' +
        'a vote is theirs, so nobody grants it on their behalf.',
    },
  },
});

export enum RepresentativeGrantStatus {
  PENDING = 'PENDING',
  ACTIVE = 'ACTIVE',
}
registerEnumType(RepresentativeGrantStatus, {
  name: 'RepresentativeGrantStatus',
  description: 'Whether the representative has accepted the grant yet.',
  valuesConfig: {
    PENDING: { description: 'Invited by email; no right is in force until the representative, signed in with that email, accepts.' },
    ACTIVE: { description: 'Accepted and in force until revoked.' },
  },
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
    DIRECTORY_READ: {
      description: '`directory:read`: read the directory as this partner (the directory is public; the scope names the use).',
    },
    WIDGET_SESSIONS_CREATE: { description: '`widget-sessions:create`: mint widget sessions for people of the key’s council.' },
  },
});

export enum WidgetPurpose {
  BOOKING = 'BOOKING',
  BUDGET_VIEW = 'BUDGET_VIEW',
}
registerEnumType(WidgetPurpose, {
  name: 'WidgetPurpose',
  description: 'The one thing a widget session may be used for.',
  valuesConfig: {
    BOOKING: { description: 'Book care for the person, as a representative with the BOOK right could (`<coopcare-booking>`).' },
    BUDGET_VIEW: { description: 'Show the person their budgets, as a representative with VIEW_BUDGET could (`<coopcare-budget>`).' },
  },
});

/** The representative right a widget session of each purpose stands in for. */
export const RIGHT_OF_PURPOSE: Record<WidgetPurpose, RepresentativeRight> = {
  [WidgetPurpose.BOOKING]: RepresentativeRight.BOOK,
  [WidgetPurpose.BUDGET_VIEW]: RepresentativeRight.VIEW_BUDGET,
};

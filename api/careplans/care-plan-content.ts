import { MAX_NAME_LENGTH } from '../common/rules.js';
import type { AboutMeHeading, CarePlanItemKind, GoalArea, SupportGiver } from './careplans.enums.js';

/**
 * The shapes of a plan's content, shared by the store (care_plan_item.content), the change engine, and the
 * FHIR and print renderers. Content is what versions carry; ratings, comments, the circle and signatures are not.
 */

/** The longest text each field takes, in characters; the schema's input descriptions quote these. */
export const CARE_PLAN_TEXT_LIMITS = {
  aboutMe: 2_000,
  goalDescription: 500,
  supportWhat: 500,
  supportWhen: 200,
  /** A person's name, as everywhere in coopcare. */
  carerName: MAX_NAME_LENGTH,
  riskText: 1_000,
  comment: 2_000,
  reason: 2_000,
  inviteeName: MAX_NAME_LENGTH,
} as const;

/** The most items a version holds, and changes a proposal makes: a plan is read whole, so its size is bounded. */
export const CARE_PLAN_SIZE_LIMITS = { goals: 20, supports: 50, risks: 30, changesPerProposal: 50, circleMembers: 50 } as const;

export interface AboutMeContent {
  heading: AboutMeHeading;
  text: string;
}

/** The person's own ratings of a goal, each 1 to 10 (a change between two ratings: each -9 to 9). */
export interface GoalScores {
  importance: number;
  performance: number;
  satisfaction: number;
}

export interface GoalContent {
  description: string;
  area: GoalArea;
}

export interface SupportContent {
  what: string;
  giver: SupportGiver;
  /** SERVICE: the directory service; BOOKING: the booking's service. */
  serviceId: string | null;
  bookingId: string | null;
  /** INFORMAL_CARER and VOLUNTEER: who. */
  carerName: string | null;
  when: string;
  budgetId: string | null;
  /**
   * TIME_BANK: the co-op whose time bank gives it, where the person is an approved member. Absent for other
   * givers, as in every support written before time banks.
   */
  timeBankProviderId?: string | null;
  /** Goals of the same plan this support meets (their item ids). */
  goalIds: string[];
}

export interface RiskContent {
  description: string;
  personsChoice: string;
  safeguards: string | null;
}

export type ItemContent =
  | { kind: CarePlanItemKind.ABOUT_ME; content: AboutMeContent }
  | { kind: CarePlanItemKind.GOAL; content: GoalContent }
  | { kind: CarePlanItemKind.SUPPORT; content: SupportContent }
  | { kind: CarePlanItemKind.RISK; content: RiskContent };

/** One item as it stands in one version: `revisionId` changes whenever the item does, so stale bases show. */
export type PlanItem = ItemContent & { itemId: string; revisionId: string };

/**
 * One change of a proposal, as stored (care_plan_proposal.changes) and applied. Edits carry the whole
 * content after the change. `baseRevisionId` is the item's revision in the proposal's base version (for an
 * "About me" section, the heading's; null where the base had none): accepting compares it with the current
 * revision, so a change to something altered since the base is a conflict and anything else applies.
 * An added goal, support or risk gets its item id when proposed, so the proposal can be read before it applies.
 */
export type CarePlanChange =
  | (ItemContent & {
      action: 'ADD' | 'EDIT';
      itemId: string;
      baseRevisionId: string | null;
      /** An added goal may carry the person's first ratings, recorded as its baseline when the change is accepted. */
      baseline?: GoalScores;
    })
  | { action: 'REMOVE'; kind: CarePlanItemKind; itemId: string; baseRevisionId: string; heading?: AboutMeHeading };

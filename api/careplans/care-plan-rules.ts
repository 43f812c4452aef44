import {
  type AboutMeContent,
  CARE_PLAN_SIZE_LIMITS,
  CARE_PLAN_TEXT_LIMITS as LIMIT,
  type GoalContent,
  type GoalScores,
  type ItemContent,
  type RiskContent,
  type SupportContent,
} from './care-plan-content.js';
import { optionalText as checkOptionalText, requiredText as checkRequiredText } from '../common/rules.js';
import { CarePlanItemKind, SupportGiver } from './careplans.enums.js';
import { carePlanInvalidInput } from './careplans.exception.js';
import type { AboutMeInput, GoalRatingInput, NewGoalInput, NewRiskInput, NewSupportInput } from './proposal.types.js';

/**
 * The rules of a plan's fields, wherever they are given: proposals (change-engine.ts), createCarePlan,
 * goal reviews. Each names the argument at fault and never echoes what was typed.
 */

const { GOAL, SUPPORT, RISK } = CarePlanItemKind;

/** Trimmed text that must not be blank and is at most `limit` characters. */
export function requiredText(value: string, limit: number, argument: string): string {
  return checkRequiredText(value, { max: limit, argument, invalid: carePlanInvalidInput });
}

/** As requiredText, but blank or absent is null. */
export function optionalText(value: string | null | undefined, limit: number, argument: string): string | null {
  return checkOptionalText(value, { max: limit, argument, invalid: carePlanInvalidInput });
}

/** The person's own ratings: whole numbers from 1 to 10. */
export function checkRating(input: GoalRatingInput, argument: string): GoalScores {
  for (const scale of ['importance', 'performance', 'satisfaction'] as const) {
    const value = input[scale];
    if (!Number.isInteger(value) || value < 1 || value > 10) {
      throw carePlanInvalidInput('A rating is a whole number from 1 to 10.', `${argument}.${scale}`);
    }
  }
  return { importance: input.importance, performance: input.performance, satisfaction: input.satisfaction };
}

export const goalContent = (input: NewGoalInput, argument: string): GoalContent => ({
  description: requiredText(input.description, LIMIT.goalDescription, `${argument}.description`),
  area: input.area,
});

export const riskContent = (input: NewRiskInput, argument: string): RiskContent => ({
  description: requiredText(input.description, LIMIT.riskText, `${argument}.description`),
  personsChoice: requiredText(input.personsChoice, LIMIT.riskText, `${argument}.personsChoice`),
  safeguards: optionalText(input.safeguards, LIMIT.riskText, `${argument}.safeguards`),
});

export const aboutMeContent = (input: AboutMeInput, argument: string): AboutMeContent => ({
  heading: input.heading,
  text: requiredText(input.text, LIMIT.aboutMe, `${argument}.text`),
});

type LinkField = 'serviceId' | 'bookingId' | 'carerName' | 'timeBankProviderId';

/** Which link field each giver needs, and which do not fit it. */
const GIVER_FIELDS: Record<SupportGiver, { needs: LinkField; unfit: (LinkField | 'budgetId')[] }> = {
  SERVICE: { needs: 'serviceId', unfit: ['bookingId', 'carerName', 'timeBankProviderId'] },
  // A booked support's service is its booking's (SupportLinks fills it in): kept, but never given.
  BOOKING: { needs: 'bookingId', unfit: ['carerName', 'timeBankProviderId'] },
  INFORMAL_CARER: { needs: 'carerName', unfit: ['serviceId', 'bookingId', 'timeBankProviderId'] },
  VOLUNTEER: { needs: 'carerName', unfit: ['serviceId', 'bookingId', 'timeBankProviderId'] },
  // Paid in time credit: no budget pays it.
  TIME_BANK: { needs: 'timeBankProviderId', unfit: ['serviceId', 'bookingId', 'carerName', 'budgetId'] },
};

/**
 * A support's content, goalIds resolved by the caller. `given` names the fields the input set (an edit
 * carries the others from the base): an unfit field is refused when given, and dropped when carried.
 */
export function supportContent(
  input: Omit<NewSupportInput, 'goalIds'>,
  goalIds: string[],
  argument: string,
  given: ReadonlySet<string> = new Set(Object.keys(input).filter((k) => (input as Record<string, unknown>)[k] != null)),
): SupportContent {
  const content: SupportContent = {
    what: requiredText(input.what, LIMIT.supportWhat, `${argument}.what`),
    giver: input.giver,
    serviceId: input.serviceId ?? null,
    bookingId: input.bookingId ?? null,
    carerName: optionalText(input.carerName, LIMIT.carerName, `${argument}.carerName`),
    when: requiredText(input.when, LIMIT.supportWhen, `${argument}.when`),
    budgetId: input.budgetId ?? null,
    ...(input.timeBankProviderId != null && { timeBankProviderId: input.timeBankProviderId }),
    goalIds: [...new Set(goalIds)],
  };
  const { needs, unfit } = GIVER_FIELDS[content.giver];
  for (const field of content.giver === SupportGiver.BOOKING && given.has('serviceId') ? [...unfit, 'serviceId' as const] : unfit) {
    if (given.has(field) && content[field] != null) {
      throw carePlanInvalidInput(`A support given by ${content.giver} does not take ${field}.`, `${argument}.${field}`);
    }
    // Other givers' supports leave the time bank out altogether, so their stored content is as it always was.
    if (field === 'timeBankProviderId') delete content.timeBankProviderId;
    else content[field] = null;
  }
  if (content[needs] == null) throw carePlanInvalidInput(`A support given by ${content.giver} needs ${needs}.`, `${argument}.${needs}`);
  return content;
}

/** At most CARE_PLAN_SIZE_LIMITS goals, supports and risks in one version. */
export function checkPlanSize(items: readonly ItemContent[], argument: string): void {
  for (const [kind, limit, noun] of [
    [GOAL, CARE_PLAN_SIZE_LIMITS.goals, 'goals'],
    [SUPPORT, CARE_PLAN_SIZE_LIMITS.supports, 'supports'],
    [RISK, CARE_PLAN_SIZE_LIMITS.risks, 'risks'],
  ] as const) {
    if (items.filter((i) => i.kind === kind).length > limit) throw carePlanInvalidInput(`A plan holds at most ${limit} ${noun}.`, argument);
  }
}

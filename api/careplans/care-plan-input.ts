import {
  type AboutMeContent,
  CARE_PLAN_TEXT_LIMITS,
  type GoalContent,
  type RiskContent,
  type SupportContent,
} from './care-plan-content.js';
import { ABOUT_ME_TITLES, type AboutMeHeading, type GoalArea, SupportGiver } from './careplans.enums.js';
import { carePlanInvalidInput } from './careplans.exception.js';

/**
 * Checking what people type into a plan before anything is written: lengths, ratings, dates. Every
 * refusal names the field and never repeats what was typed (it may be health information).
 */

export type TextLimit = keyof typeof CARE_PLAN_TEXT_LIMITS;

/** Trimmed text, refused when empty or over its limit. */
export function requiredText(value: string, limit: TextLimit, argument: string): string {
  const text = value.trim();
  if (!text) throw carePlanInvalidInput(`${argument} must not be empty.`, argument);
  return checkedLength(text, limit, argument);
}

/** Trimmed text or null (empty counts as left out), refused over its limit. */
export function optionalText(value: string | null | undefined, limit: TextLimit, argument: string): string | null {
  const text = value?.trim();
  return text ? checkedLength(text, limit, argument) : null;
}

function checkedLength(text: string, limit: TextLimit, argument: string): string {
  const most = CARE_PLAN_TEXT_LIMITS[limit];
  if (text.length > most) throw carePlanInvalidInput(`${argument} must be at most ${most.toLocaleString('en-GB')} characters.`, argument);
  return text;
}

/** Refuses a list over its limit before anything reads its items. */
export function checkedCount<T>(list: readonly T[] | null | undefined, most: number, argument: string): T[] {
  if ((list?.length ?? 0) > most) throw carePlanInvalidInput(`${argument} may hold at most ${most}.`, argument);
  return [...(list ?? [])];
}

export interface Rating {
  importance: number;
  performance: number;
  satisfaction: number;
}

/** The person's ratings: whole numbers 1–10. */
export function checkedRating(rating: Rating, argument: string): Rating {
  for (const key of ['importance', 'performance', 'satisfaction'] as const) {
    const value = rating[key];
    if (!Number.isInteger(value) || value < 1 || value > 10)
      throw carePlanInvalidInput(`${key} is a whole number from 1 to 10.`, `${argument}.${key}`);
  }
  return { importance: rating.importance, performance: rating.performance, satisfaction: rating.satisfaction };
}

const LONDON_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/** Today's date in the UK, YYYY-MM-DD. */
export function londonToday(now: Date = new Date()): string {
  return LONDON_DAY.format(now);
}

/** The same day `years` later (29 February becomes 28 February). */
export function yearsAfter(date: string, years: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const day = Math.min(d, new Date(Date.UTC(y + years, m, 0)).getUTCDate());
  return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** A UK date that has come: refused when after today. */
export function notInFuture(date: string, argument: string): string {
  if (date > londonToday()) throw carePlanInvalidInput(`${argument} must not be in the future.`, argument);
  return date;
}

export function aboutMeSections(inputs: readonly { heading: AboutMeHeading; text: string }[], argument: string): AboutMeContent[] {
  const seen = new Set<AboutMeHeading>();
  return inputs.map((input, i) => {
    if (seen.has(input.heading))
      throw carePlanInvalidInput(`"${ABOUT_ME_TITLES[input.heading]}" is given twice: one section per heading.`, `${argument}[${i}]`);
    seen.add(input.heading);
    return { heading: input.heading, text: requiredText(input.text, 'aboutMe', `${argument}[${i}].text`) };
  });
}

export function goalContent(input: { description: string; area: GoalArea }, argument: string): GoalContent {
  return { description: requiredText(input.description, 'goalDescription', `${argument}.description`), area: input.area };
}

export function riskContent(
  input: { description: string; personsChoice: string; safeguards?: string | null },
  argument: string,
): RiskContent {
  return {
    description: requiredText(input.description, 'riskText', `${argument}.description`),
    personsChoice: requiredText(input.personsChoice, 'riskText', `${argument}.personsChoice`),
    safeguards: optionalText(input.safeguards, 'riskText', `${argument}.safeguards`),
  };
}

export interface SupportInputFields {
  what: string;
  giver: SupportGiver;
  serviceId?: string | null;
  bookingId?: string | null;
  carerName?: string | null;
  when: string;
  budgetId?: string | null;
}

/**
 * A support's content as typed, its giver's fields checked for shape; the links (service, booking,
 * budget) are the person's to check against brokerage and directory (CarePlanLinks).
 */
export function supportContent(input: SupportInputFields, goalIds: string[], argument: string): SupportContent {
  const needs = (field: 'serviceId' | 'bookingId' | 'carerName', present: boolean) => {
    if (!present) throw carePlanInvalidInput(`A ${input.giver} support needs ${field}.`, `${argument}.${field}`);
  };
  const carerName = optionalText(input.carerName, 'carerName', `${argument}.carerName`);
  if (input.giver === SupportGiver.SERVICE) needs('serviceId', !!input.serviceId);
  if (input.giver === SupportGiver.BOOKING) needs('bookingId', !!input.bookingId);
  if (input.giver === SupportGiver.INFORMAL_CARER || input.giver === SupportGiver.VOLUNTEER) needs('carerName', !!carerName);
  const named = input.giver === SupportGiver.INFORMAL_CARER || input.giver === SupportGiver.VOLUNTEER;
  return {
    what: requiredText(input.what, 'supportWhat', `${argument}.what`),
    giver: input.giver,
    serviceId: input.giver === SupportGiver.SERVICE ? input.serviceId! : null,
    bookingId: input.giver === SupportGiver.BOOKING ? input.bookingId! : null,
    carerName: named ? carerName : null,
    when: requiredText(input.when, 'supportWhen', `${argument}.when`),
    budgetId: input.budgetId ?? null,
    goalIds,
  };
}

import { Temporal } from '@js-temporal/polyfill';
import { londonDate, withinDateRange } from '../common/london.js';
import type { AboutMeContent } from './care-plan-content.js';
import { aboutMeContent } from './care-plan-rules.js';
import { ABOUT_ME_TITLES, type AboutMeHeading } from './careplans.enums.js';
import { carePlanInvalidInput } from './careplans.exception.js';
import type { AboutMeInput } from './proposal.types.js';

/**
 * What createCarePlan, goal reviews and the review date check beyond the field rules of
 * care-plan-rules.ts: list sizes, UK dates, one "About me" section per heading. Every refusal names the
 * field and never repeats what was typed (it may be health information).
 */

/** Refuses a list over its limit before anything reads its items. */
export function checkedCount<T>(list: readonly T[] | null | undefined, most: number, argument: string): T[] {
  if ((list?.length ?? 0) > most) throw carePlanInvalidInput(`${argument} may hold at most ${most}.`, argument);
  return [...(list ?? [])];
}

/** The same day `years` later (29 February becomes 28 February). */
export function yearsAfter(date: string, years: number): string {
  return Temporal.PlainDate.from(date).add({ years }).toString();
}

/** A UK date that has come: refused when after today. */
export function notInFuture(date: string, argument: string): string {
  withinDateRange(date, argument, carePlanInvalidInput);
  if (date > londonDate()) throw carePlanInvalidInput(`${argument} must not be in the future.`, argument);
  return date;
}

/** "About me" sections as typed: one per heading. */
export function aboutMeSections(inputs: readonly AboutMeInput[], argument: string): AboutMeContent[] {
  const seen = new Set<AboutMeHeading>();
  return inputs.map((input, i) => {
    if (seen.has(input.heading))
      throw carePlanInvalidInput(`"${ABOUT_ME_TITLES[input.heading]}" is given twice: one section per heading.`, `${argument}[${i}]`);
    seen.add(input.heading);
    return aboutMeContent(input, `${argument}[${i}]`);
  });
}

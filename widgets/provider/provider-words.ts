import type { ConstitutionTemplate, CqcRating, DayOfWeek, LegalForm, MemberClass } from '../generated/graphql.js';
import { formatOneDecimal } from '../shared/format.js';

/** The API's enums as a resident reads them: the schema's own descriptions, shortened. */

export const CQC_RATING_WORDS: Record<CqcRating, string> = {
  OUTSTANDING: 'Outstanding',
  GOOD: 'Good',
  REQUIRES_IMPROVEMENT: 'Requires improvement',
  INADEQUATE: 'Inadequate',
  NOT_YET_RATED: 'Registered, not yet inspected and rated',
  NOT_REGULATED: 'Not regulated: it offers no care the CQC inspects',
};

export const LEGAL_FORM_WORDS: Record<LegalForm, string> = {
  CO_OPERATIVE_SOCIETY: 'A co-operative society, registered with the Financial Conduct Authority.',
  COMMUNITY_BENEFIT_SOCIETY: 'A community benefit society: run for the wider community rather than for its members.',
  WORKER_CO_OPERATIVE: 'A worker co-operative: owned and controlled by the people who work in it.',
  MULTI_STAKEHOLDER_CO_OPERATIVE:
    'A multi-stakeholder co-operative: owned by more than one class of member, such as care workers, ' +
    'the people it supports and family carers, each with a say on the board.',
  COMMUNITY_INTEREST_COMPANY: 'A community interest company: a company whose profits and assets serve the community.',
  CHARITY: 'A registered charity.',
  OTHER: 'A company, partnership or other organisation.',
};

/** In the order a multi-stakeholder co-op usually lists its classes: those who work and those who draw on care first. */
export const MEMBER_CLASS_ORDER: MemberClass[] = [
  'WORKER',
  'SERVICE_USER',
  'FAMILY_CARER',
  'VOLUNTEER',
  'SUPPORTER',
  'INVESTOR',
  'LEGAL_ENTITY',
];

export const MEMBER_CLASS_WORDS: Record<MemberClass, string> = {
  WORKER: 'Care workers and staff',
  SERVICE_USER: 'People it supports',
  FAMILY_CARER: 'Family carers',
  VOLUNTEER: 'Volunteers',
  SUPPORTER: 'Supporters',
  INVESTOR: 'Investors',
  LEGAL_ENTITY: 'Organisations',
};

/** The model a co-op's constitution started from; a CUSTOM one is simply its own. */
export const CONSTITUTION_TEMPLATE_WORDS: Record<Exclude<ConstitutionTemplate, 'CUSTOM'>, string> = {
  BRIGHTON_40_40_20: 'Brighton’s Care Co-ops’ model',
  ITALIAN_TYPE_A: 'the Italian social co-op’s model',
  QUEBEC_SOLIDARITY: 'the Quebec solidarity co-op’s model',
  SCIC: 'the French SCIC’s model',
};

const DAYS: DayOfWeek[] = ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'];
const DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

const list = new Intl.ListFormat('en-GB', { style: 'long', type: 'conjunction' });

/** ["a", "b", "c"] → "a, b and c". */
export const listWords = (items: string[]): string => list.format(items);

/** "09:00" → "9am", "12:30" → "12:30pm", as GOV.UK writes times; midnight and midday by name. */
function clockWords(time: string, closing: boolean): string {
  const [hours = 0, minutes = 0] = time.split(':').map(Number);
  if ((hours === 0 && minutes === 0) || (closing && hours === 23 && minutes === 59)) return 'midnight';
  if (hours === 12 && minutes === 0) return 'midday';
  const hour12 = hours % 12 || 12;
  return `${hour12}${minutes ? `:${String(minutes).padStart(2, '0')}` : ''}${hours < 12 ? 'am' : 'pm'}`;
}

function spanWords(opens: string, closes: string): string {
  const from = clockWords(opens, false);
  const to = clockWords(closes, true);
  return from === 'midnight' && to === 'midnight' ? 'all day' : `${from} to ${to}`;
}

function daysWords(first: number, last: number): string {
  if (first === 0 && last === 6) return 'Every day';
  if (first === last) return DAY_NAMES[first]!;
  return `${DAY_NAMES[first]} ${last === first + 1 ? 'and' : 'to'} ${DAY_NAMES[last]}`;
}

/**
 * A weekly schedule as lines a person reads at a glance: days with the same hours run together
 * ("Monday to Friday: 9am to 5pm", "Every day: 7am to 10pm"); closed days are left out.
 */
export function openingWords(times: { dayOfWeek: DayOfWeek; opens: string; closes: string }[]): string[] {
  const byDay = DAYS.map((day) =>
    listWords(
      times
        .filter((t) => t.dayOfWeek === day)
        .sort((a, b) => a.opens.localeCompare(b.opens))
        .map((t) => spanWords(t.opens, t.closes)),
    ),
  );
  const lines: string[] = [];
  let start = 0;
  for (let day = 1; day <= DAYS.length; day++) {
    if (day < DAYS.length && byDay[day] === byDay[start]) continue;
    if (byDay[start]) lines.push(`${daysWords(start, day - 1)}: ${byDay[start]}`);
    start = day;
  }
  return lines;
}

/** Who a service is for by age, or null when it has no limits. */
export function ageWords(minimumAge: number | null | undefined, maximumAge: number | null | undefined): string | null {
  if (minimumAge != null && maximumAge != null) return `Aged ${minimumAge} to ${maximumAge}`;
  if (minimumAge != null) return `Aged ${minimumAge} and over`;
  if (maximumAge != null) return `Aged ${maximumAge} and under`;
  return null;
}

/** The budgets a service takes, in words; none means people pay for it themselves. */
export function budgetWords(service: {
  acceptsDirectPayments: boolean;
  acceptsCouncilManagedBudgets: boolean;
  acceptsIndividualServiceFunds: boolean;
}): string {
  const kinds = [
    service.acceptsDirectPayments && 'direct payments',
    service.acceptsCouncilManagedBudgets && 'council-managed budgets',
    service.acceptsIndividualServiceFunds && 'individual service funds',
  ].filter((kind): kind is string => Boolean(kind));
  if (kinds.length === 0) return 'No personal budgets: people pay for it themselves';
  const words = listWords(kinds);
  return words[0]!.toUpperCase() + words.slice(1);
}

/** As a sentence, because people choosing care read turnover as whether they would keep the same care workers. */
export const turnoverWords = (percent: number): string => `${formatOneDecimal(percent)}% of its staff left in the last 12 months`;

/**
 * What an hour given out of hours earns, from the time bank's rules: "1.5 hours for each hour given in the
 * evening, at night, at weekends and on bank holidays"; hour for hour when the co-op pays no more.
 */
export function outOfHoursWords(rules: {
  outOfHoursPercent: number;
  weekendsOutOfHours: boolean;
  bankHolidaysOutOfHours: boolean;
}): string {
  if (rules.outOfHoursPercent === 100) return 'Every hour of help earns an hour, whenever it is given.';
  const when = listWords(
    ['in the evening', 'at night', rules.weekendsOutOfHours && 'at weekends', rules.bankHolidaysOutOfHours && 'on bank holidays'].filter(
      (w): w is string => Boolean(w),
    ),
  );
  const hours = Number((rules.outOfHoursPercent / 100).toFixed(2));
  return `Help given out of hours earns ${hours} hours for each hour given ${when}.`;
}

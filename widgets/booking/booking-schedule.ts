import type { DayOfWeek, VisitInput, WeeklyScheduleInput } from '../generated/graphql.js';
import { addDays, dayNumber, londonDate, londonInstant, weekday } from './london-time.js';

/** One-off visits, or the same days and time every week. */
export type Often = 'once' | 'weekly';

export interface VisitDraft {
  /** Stays with the visit when another is removed, so its fields keep their ids. */
  key: number;
  date: string;
  time: string;
  minutes: number;
}

export interface WeeklyDraft {
  days: DayOfWeek[];
  time: string;
  minutes: number;
  startsOn: string;
  /** As typed: checked, never coerced, so "" or "x" is an error the person sees rather than a guess. */
  weeks: string;
}

/** Everything the person has entered; kept whatever happens to the session, the service or the quote. */
export interface Draft {
  often: Often;
  visits: VisitDraft[];
  weekly: WeeklyDraft;
  notes: string;
}

/** What the form's checks need from the service and the budget. */
export interface Rules {
  now: number;
  minimumMinutes: number;
  periodStart: string | null;
  periodEnd: string | null;
}

/** A mistake in one field: said beside the field and, linked to it, in the error summary. */
export interface FieldError {
  field: string | null;
  text: string;
}

export type Schedule = { visits: VisitInput[] } | { weekly: WeeklyScheduleInput };

export const DAYS: readonly (readonly [DayOfWeek, string])[] = [
  ['MONDAY', 'Monday'],
  ['TUESDAY', 'Tuesday'],
  ['WEDNESDAY', 'Wednesday'],
  ['THURSDAY', 'Thursday'],
  ['FRIDAY', 'Friday'],
  ['SATURDAY', 'Saturday'],
  ['SUNDAY', 'Sunday'],
];
/** One-off visits beyond this are a weekly schedule, or several bookings. */
export const MAX_ONE_OFF_VISITS = 10;
export const MAX_WEEKS = 52;

export const ids = {
  visitDate: (key: number) => `visit-${key}-date`,
  visitTime: (key: number) => `visit-${key}-time`,
  visitMinutes: (key: number) => `visit-${key}-minutes`,
  day: (day: DayOfWeek) => `weekly-${day.toLowerCase()}`,
  weeklyTime: 'weekly-time',
  weeklyMinutes: 'weekly-minutes',
  startsOn: 'weekly-starts-on',
  weeks: 'weekly-weeks',
  notes: 'notes',
};

const LONG_DATE = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
/** "2027-03-28" → "Sunday, 28 March 2027", as the API writes a date in its words. */
export const longDate = (date: string): string => LONG_DATE.format(dayNumber(date) ?? 0);

const clock = (time: string) => time.slice(0, 5);

/** The lengths a visit may be: the service's shortest, then each quarter hour to 12 hours. */
export function visitLengths(minimum: number): number[] {
  const lengths = [minimum];
  for (let m = Math.floor(minimum / 15) * 15 + 15; m <= 720; m += 15) lengths.push(m);
  return lengths;
}

/**
 * The draft kept for another service: a visit shorter than its shortest becomes that long, as its length
 * list would show it (the list starts at the shortest), so what is shown is what is priced.
 */
export function lengthenTo(minimumMinutes: number, draft: Draft): Draft {
  const short = (v: { minutes: number }) => v.minutes < minimumMinutes;
  if (!draft.visits.some(short) && !short(draft.weekly)) return draft;
  const at = <T extends { minutes: number }>(v: T): T => ({ ...v, minutes: Math.max(v.minutes, minimumMinutes) });
  return { ...draft, visits: draft.visits.map(at), weekly: at(draft.weekly) };
}

export function newDraft(minimumMinutes: number, today: string): Draft {
  const minutes = Math.max(60, minimumMinutes);
  return {
    often: 'once',
    visits: [{ key: 1, date: '', time: '', minutes }],
    weekly: { days: [], time: '', minutes, startsOn: today, weeks: '4' },
    notes: '',
  };
}

/**
 * Checks the schedule as the API will, so most mistakes are found before anything is sent, and builds
 * what the API takes. `schedule` is there whenever the visits can be priced (every one has a date, a time
 * and a length), even if a rule only a booking applies (the past, the budget's dates) is broken.
 * Times the clocks skip or repeat are refused here for one-off visits, which are sent as instants; the
 * API finds them in a weekly schedule and says which.
 */
export function checkSchedule(draft: Draft, rules: Rules): { schedule: Schedule | null; errors: FieldError[] } {
  return draft.often === 'once' ? checkVisits(draft.visits, rules) : checkWeekly(draft.weekly, rules);
}

function checkVisits(drafts: readonly VisitDraft[], rules: Rules) {
  const errors: FieldError[] = [];
  const visits: (VisitInput & { n: number; key: number; end: number })[] = [];
  for (const [index, visit] of drafts.entries()) {
    const n = index + 1;
    const error = (field: string, text: string) => errors.push({ field, text });
    if (dayNumber(visit.date) === null) error(ids.visitDate(visit.key), `Enter the date of visit ${n}`);
    if (!visit.time) error(ids.visitTime(visit.key), `Enter the time visit ${n} starts`);
    if (dayNumber(visit.date) === null || !visit.time) continue;
    const at = londonInstant(visit.date, visit.time);
    if (!at || 'problem' in at) {
      error(
        ids.visitTime(visit.key),
        at ? `${clockChange(visit.date, visit.time, at.problem)} for visit ${n}.` : `Enter the time visit ${n} starts`,
      );
      continue;
    }
    const start = at.instant.getTime();
    const end = start + visit.minutes * 60_000;
    visits.push({ start: at.instant.toISOString(), minutes: visit.minutes, n, key: visit.key, end });
    if (visit.date < londonDate(rules.now)) error(ids.visitDate(visit.key), `The date of visit ${n} must be today or in the future`);
    else if (start <= rules.now) error(ids.visitTime(visit.key), `Visit ${n} must start later than now`);
    if (visit.minutes < rules.minimumMinutes) error(ids.visitMinutes(visit.key), tooShort(`Visit ${n}`, rules.minimumMinutes));
    const period = outsidePeriod(visit.date, londonDate(end - 1), rules);
    if (period) error(ids.visitDate(visit.key), `Visit ${n} ${period}`);
  }
  const sorted = [...visits].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
  for (let i = 1; i < sorted.length; i++) {
    const [before, after] = [sorted[i - 1]!, sorted[i]!];
    if (Date.parse(after.start) < before.end) {
      const [first, second] = before.n < after.n ? [before, after] : [after, before];
      errors.push({
        field: ids.visitTime(second.key),
        text: `Visit ${second.n} overlaps visit ${first.n}: change the time or length of one`,
      });
    }
  }
  const complete = visits.length === drafts.length;
  return { schedule: complete ? { visits: visits.map(({ start, minutes }) => ({ start, minutes })) } : null, errors };
}

function checkWeekly(weekly: WeeklyDraft, rules: Rules) {
  const errors: FieldError[] = [];
  const error = (field: string, text: string) => errors.push({ field, text });
  const weeks = /^\d+$/.test(weekly.weeks.trim()) ? Number(weekly.weeks) : Number.NaN;
  if (weekly.days.length === 0) error(ids.day('MONDAY'), 'Select the days of the week for the visits');
  if (!weekly.time) error(ids.weeklyTime, 'Enter the time the visits start');
  if (dayNumber(weekly.startsOn) === null) error(ids.startsOn, 'Enter the date of the first week');
  if (!(weeks >= 1 && weeks <= MAX_WEEKS)) error(ids.weeks, `Enter a number of weeks from 1 to ${MAX_WEEKS}`);
  const incomplete = errors.length > 0;
  if (weekly.minutes < rules.minimumMinutes) error(ids.weeklyMinutes, tooShort('Each visit', rules.minimumMinutes));
  if (incomplete) return { schedule: null, errors };

  const days = DAYS.filter(([day]) => weekly.days.includes(day)).map(([day]) => day);
  // Dates count from Monday (1) to Sunday (7), as DAYS lists them; Date counts Sunday as 0.
  const offsets = days.map((day) => (DAYS.findIndex(([d]) => d === day) + 1 - (weekday(weekly.startsOn) || 7) + 7) % 7);
  const first = addDays(weekly.startsOn, Math.min(...offsets));
  const last = addDays(weekly.startsOn, Math.max(...offsets) + 7 * (weeks - 1));
  const today = londonDate(rules.now);
  const firstAt = londonInstant(first, weekly.time);
  if (weekly.startsOn < today) error(ids.startsOn, 'The first week must start today or later');
  else if (first === today && firstAt && 'instant' in firstAt && firstAt.instant.getTime() <= rules.now) {
    error(ids.weeklyTime, 'The first visit is today and must start later than now: choose a later time, or start next week');
  }
  if (rules.periodStart && first < rules.periodStart) error(ids.startsOn, `The first visit ${outsidePeriod(first, first, rules)}`);
  const lastEnd = endDate(last, weekly.time, weekly.minutes);
  if (rules.periodEnd && lastEnd > rules.periodEnd) {
    error(ids.weeks, `The last visit, on ${longDate(last)}, ${outsidePeriod(lastEnd, lastEnd, rules)}: choose fewer weeks`);
  }
  const slots = days.map((day) => ({ day, time: clock(weekly.time), minutes: weekly.minutes }));
  return { schedule: { weekly: { startsOn: weekly.startsOn, weeks, slots } }, errors };
}

/** The UK date a visit starting at `time` on `date` ends on (a night's visit ends the next day). */
function endDate(date: string, time: string, minutes: number): string {
  const at = londonInstant(date, time);
  return at && 'instant' in at ? londonDate(at.instant.getTime() + minutes * 60_000 - 1) : date;
}

function outsidePeriod(startDate: string, endDay: string, rules: Rules): string | null {
  if (rules.periodStart && startDate < rules.periodStart)
    return `must be on or after ${longDate(rules.periodStart)}, when the budget starts`;
  if (rules.periodEnd && endDay > rules.periodEnd) return `must end by ${longDate(rules.periodEnd)}, when the budget ends`;
  return null;
}

const tooShort = (what: string, minimum: number) => `${what} must last at least ${minimum} minutes: this service’s shortest visit`;

/** The API's own words for a weekly time at a clock change, for a one-off visit the browser checks itself. */
export function clockChange(date: string, time: string, problem: 'skipped' | 'repeated'): string {
  const when = `${clock(time)} on ${longDate(date)}`;
  return problem === 'skipped'
    ? `${when} does not exist in the UK: the clocks go forward an hour then. Choose another time`
    : `${when} happens twice in the UK: the clocks go back an hour then. Choose another time`;
}

/**
 * The field the API named in a BAD_USER_INPUT (`extensions.argument`, e.g. `input.visits[1].start`, or
 * `input.weekly.slots[0]` for a time the clocks skip), so its words go beside that field.
 */
export function fieldOfArgument(argument: string | null, draft: Draft): string | null {
  if (!argument) return null;
  const visit = /^input\.visits\[(\d+)\]\.(start|minutes)/.exec(argument);
  const key = visit ? draft.visits[Number(visit[1])]?.key : undefined;
  if (visit && key !== undefined) return visit[2] === 'start' ? ids.visitDate(key) : ids.visitMinutes(key);
  if (argument.startsWith('input.visits')) return draft.visits[0] ? ids.visitDate(draft.visits[0].key) : null;
  if (/^input\.weekly\.slots\[\d+\]\.minutes/.test(argument)) return ids.weeklyMinutes;
  if (/^input\.weekly\.slots\[\d+\]/.test(argument)) return ids.weeklyTime;
  if (argument === 'input.weekly.slots') return ids.day('MONDAY');
  if (argument === 'input.weekly.startsOn') return ids.startsOn;
  if (argument.startsWith('input.weekly')) return ids.weeks;
  if (argument === 'input.notes') return ids.notes;
  return null;
}

/** The first field of the schedule: where a refusal about the visits as a whole sends the person. */
export const firstScheduleField = (draft: Draft): string =>
  draft.often === 'weekly' ? ids.day('MONDAY') : ids.visitDate(draft.visits[0]?.key ?? 1);

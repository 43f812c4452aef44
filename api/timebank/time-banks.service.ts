import { assertAllowed, requirePerson, type Acting } from '../auth/actor.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { needsBackgroundCheck, TIME_BANK_CATEGORIES } from './time-bank-categories.js';
import { TimeBank } from './time-bank.entity.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import type { TimeBankCategory, TimeBankRulesInput } from './time-banks.types.js';
import { mayCoordinateTimeBank } from './timebank.policy.js';
import { timeBankInvalidInput, timeBankNotFound, timeBankWrongState } from './timebank.exception.js';

const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A London clock time as typed, 'HH:MM'; anything else is bad input naming the field. */
export function clockTime(value: string, argument: string): string {
  if (!CLOCK.test(value)) throw timeBankInvalidInput('Give a time as HH:MM, 24-hour, from 00:00 to 23:59.', argument);
  return value;
}

function whole(value: number, min: number, max: number, argument: string): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw timeBankInvalidInput(`Must be a whole number from ${min} to ${max}.`, argument);
  return value;
}

/** The rules as they will be stored: the bank's current ones (or the defaults) changed by `input`, checked as a whole. */
function rulesOf(current: TimeBank, input: TimeBankRulesInput): Partial<TimeBank> {
  const start = input.normalHoursStart != null ? clockTime(input.normalHoursStart, 'input.normalHoursStart') : current.normalHoursStart;
  const end = input.normalHoursEnd != null ? clockTime(input.normalHoursEnd, 'input.normalHoursEnd') : current.normalHoursEnd;
  // Stored as 'HH:MM:SS'; compared at minute precision.
  if (start.slice(0, 5) >= end.slice(0, 5)) throw timeBankInvalidInput('Normal hours must start before they end.', 'input.normalHoursEnd');
  return {
    normalHoursStart: start,
    normalHoursEnd: end,
    weekendsOutOfHours: input.weekendsOutOfHours ?? current.weekendsOutOfHours,
    bankHolidaysOutOfHours: input.bankHolidaysOutOfHours ?? current.bankHolidaysOutOfHours,
    bankHolidayRegion: input.bankHolidayRegion ?? current.bankHolidayRegion,
    outOfHoursPercent:
      input.outOfHoursPercent != null ? whole(input.outOfHoursPercent, 100, 300, 'input.outOfHoursPercent') : current.outOfHoursPercent,
    overdraftMinutes:
      input.overdraftMinutes != null ? whole(input.overdraftMinutes, 0, 6000, 'input.overdraftMinutes') : current.overdraftMinutes,
    travelPencePerMile:
      input.travelPencePerMile != null ? whole(input.travelPencePerMile, 0, 200, 'input.travelPencePerMile') : current.travelPencePerMile,
  };
}

/** The defaults a new time bank starts from (the migration's column defaults). */
const DEFAULT_RULES = Object.assign(new TimeBank(), {
  normalHoursStart: '08:00',
  normalHoursEnd: '18:00',
  weekendsOutOfHours: true,
  bankHolidaysOutOfHours: true,
  bankHolidayRegion: 'ENGLAND_AND_WALES',
  outOfHoursPercent: 150,
  overdraftMinutes: 0,
  travelPencePerMile: 45,
} satisfies Partial<TimeBank>);

/** Opening a co-op's time bank and setting its rules; the categories help is offered and asked in. */
export class TimeBanksService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: TimeBanksReader,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
  ) {}

  async open(acting: Acting, input: TimeBankRulesInput & { providerId: string }): Promise<TimeBank> {
    requirePerson(acting.actor);
    assertAllowed(mayCoordinateTimeBank(acting.actor, input.providerId));
    const rules = rulesOf(DEFAULT_RULES, input);
    if (!(await this.directory.getProvider(input.providerId, { includeUnpublished: true })))
      throw timeBankNotFound('No co-op has that id.', 'input.providerId');
    return this.uow.transaction(async (em) => {
      // ON CONFLICT so that two coordinators opening at once get one time bank and one CONFLICT, not a 500.
      const opened: unknown[] = await em
        .createQueryBuilder()
        .insert()
        .into(TimeBank)
        .values({ providerId: input.providerId, ...rules, openedById: acting.actor.kind === 'person' ? acting.actor.personId : null })
        .orIgnore()
        .returning('provider_id')
        .execute()
        .then((r) => r.raw as unknown[]);
      if (opened.length === 0) throw timeBankWrongState('That co-op’s time bank is already open.');
      await this.audit.record(acting, {
        action: 'timeBank.open',
        objectType: 'TimeBank',
        objectId: input.providerId,
        providerId: input.providerId,
        summary: rules,
      });
      return em.findOneByOrFail(TimeBank, { providerId: input.providerId });
    });
  }

  async updateRules(acting: Acting, input: TimeBankRulesInput & { providerId: string }): Promise<TimeBank> {
    requirePerson(acting.actor);
    assertAllowed(mayCoordinateTimeBank(acting.actor, input.providerId));
    return this.uow.transaction(async (em) => {
      const bank = await em.findOne(TimeBank, { where: { providerId: input.providerId }, lock: { mode: 'pessimistic_write' } });
      if (!bank) throw timeBankNotFound('That co-op has no time bank.', 'input.providerId');
      const rules = rulesOf(bank, input);
      await em.update(TimeBank, { providerId: bank.providerId }, { ...rules, updatedAt: () => 'now()' });
      await this.audit.record(acting, {
        action: 'timeBank.updateRules',
        objectType: 'TimeBank',
        objectId: bank.providerId,
        providerId: bank.providerId,
        summary: rules,
      });
      return em.findOneByOrFail(TimeBank, { providerId: bank.providerId });
    });
  }

  timeBankOf(providerId: string): Promise<TimeBank | null> {
    return this.reader.timeBankOf(providerId);
  }

  /** The directory's categories, then the time bank's own, each saying whether a helper needs a check. */
  async categories(): Promise<TimeBankCategory[]> {
    const directory = await this.directory.listCategories();
    return [...directory.map(({ slug, name }) => ({ slug, name })), ...TIME_BANK_CATEGORIES].map(({ slug, name }) => ({
      slug,
      name,
      needsBackgroundCheck: needsBackgroundCheck(slug, false),
    }));
  }

  /** A category slug offers and requests may name; anything else is bad input naming `argument`. */
  async requireCategory(slug: string, argument: string): Promise<string> {
    if (slug.length > 100 || !(await this.categories()).some((c) => c.slug === slug))
      throw timeBankInvalidInput('That is not a time-bank category: timeBankCategories lists them.', argument);
    return slug;
  }
}

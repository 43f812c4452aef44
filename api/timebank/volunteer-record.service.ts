import DataLoader from 'dataloader';
import type { PeopleService } from '../accounts/people.service.js';
import type { AuditService } from '../audit/audit.service.js';
import { type Acting, assertAllowed, requirePerson } from '../auth/actor.js';
import type { LoaderFactory } from '../common/loaders.js';
import { londonDate } from '../common/london.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { TIME_BANK_CATEGORIES } from './time-bank-categories.js';
import type { TimeBankMember } from './time-bank.entity.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import { TimeBankRole } from './timebank.enums.js';
import { mayViewVolunteering } from './timebank.policy.js';
import type { VolunteerReference, VolunteerTraining } from './volunteer-record.entity.js';
import type { VolunteerRecord } from './volunteer-record.types.js';

/**
 * The roles a volunteer record speaks of. It goes to employers: receiving support is nobody's business there,
 * so a member who only receives support has no record to share.
 */
const VOLUNTEERING_ROLES: readonly TimeBankRole[] = [TimeBankRole.VOLUNTEER, TimeBankRole.FAMILY_CARER];

export const volunteeringRoles = (member: Pick<TimeBankMember, 'roles'>): TimeBankRole[] =>
  member.roles.filter((role) => VOLUNTEERING_ROLES.includes(role));

interface RecordRow {
  member_id: string;
  hours: { category: string; minutes: number; exchanges: number }[];
  out_of_hours: number;
  weekends_out_of_hours: boolean;
  bank_holidays_out_of_hours: boolean;
  first_on: string | null;
  last_on: string | null;
  training: VolunteerTraining[];
  references: VolunteerReference[];
}

/**
 * Every member's part of the record in one statement, whatever the number of members: help given from
 * confirmed exchanges only (the helper index), minutes as given rather than as credited, days in London,
 * and which whole days the time bank counts as out of hours, for the page's words.
 */
const RECORDS_SQL = `
  SELECT m.id AS member_id,
    coalesce((SELECT json_agg(json_build_object('category', h.category, 'minutes', h.minutes, 'exchanges', h.exchanges)
                ORDER BY h.minutes DESC, h.category)
              FROM (SELECT category, sum(minutes)::int AS minutes, count(*)::int AS exchanges FROM time_bank_exchange
                     WHERE helper_member_id = m.id AND status = 'CONFIRMED' GROUP BY category) h), '[]') AS hours,
    x.out_of_hours, x.first_on, x.last_on, rules.weekends_out_of_hours, rules.bank_holidays_out_of_hours,
    coalesce((SELECT json_agg(json_build_object('id', t.id, 'memberId', t.member_id, 'title', t.title, 'givenBy', t.given_by,
                'completedOn', t.completed_on, 'expiresOn', t.expires_on) ORDER BY t.completed_on DESC, t.recorded_at DESC)
              FROM time_bank_training t WHERE t.member_id = m.id), '[]') AS training,
    coalesce((SELECT json_agg(json_build_object('id', r.id, 'memberId', r.member_id, 'refereeName', r.referee_name,
                'refereeRole', r.referee_role, 'text', r.text, 'givenOn', r.given_on) ORDER BY r.given_on DESC, r.recorded_at DESC)
              FROM time_bank_reference r WHERE r.member_id = m.id), '[]') AS references
  FROM unnest($1::uuid[]) AS m(id)
  CROSS JOIN LATERAL (
    SELECT coalesce(sum(out_of_hours_minutes), 0)::int AS out_of_hours,
      to_char(min(started_at) AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS first_on,
      to_char(max(started_at) AT TIME ZONE 'Europe/London', 'YYYY-MM-DD') AS last_on
    FROM time_bank_exchange WHERE helper_member_id = m.id AND status = 'CONFIRMED') x
  CROSS JOIN LATERAL (
    SELECT b.weekends_out_of_hours, b.bank_holidays_out_of_hours
    FROM time_bank_member tm JOIN time_bank b ON b.provider_id = tm.provider_id WHERE tm.id = m.id) rules`;

/**
 * The volunteer's record for the route into paid work: what they gave by category, training and
 * references, as GraphQL, the printed page and the shared page show it. It says nothing of the people
 * helped beyond the categories, and nothing of balances, expenses or background checks.
 */
export class VolunteerRecordService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly reader: TimeBanksReader,
    private readonly people: PeopleService,
    private readonly directory: DirectoryService,
  ) {}

  /** Per request, one batch for every member a query asks the record of. Callers check mayViewVolunteering first. */
  readonly byMember: LoaderFactory<TimeBankMember, VolunteerRecord, string> = () =>
    new DataLoader((members) => this.records(members), { cacheKeyFn: (m) => m.id });

  /** The record for the volunteer or the co-op's coordinators (the printed page), its read audited. */
  async recordFor(acting: Acting, memberId: string): Promise<VolunteerRecord> {
    const actor = requirePerson(acting.actor);
    const member = await this.reader.requireMember(memberId, 'memberId');
    assertAllowed(mayViewVolunteering(actor, member));
    return this.auditedRecord(acting, member, { via: 'print' });
  }

  /** The record of a member whose reader the caller has already let in, its read audited with how. */
  async auditedRecord(acting: Acting, member: TimeBankMember, summary: Record<string, unknown>): Promise<VolunteerRecord> {
    const [record] = await this.records([member]);
    await this.audit.record(acting, {
      action: 'volunteerRecord.read',
      objectType: 'TimeBankMember',
      objectId: member.id,
      providerId: member.providerId,
      summary,
    });
    return record;
  }

  async records(members: readonly TimeBankMember[]): Promise<VolunteerRecord[]> {
    const [rows, people, coops, categories] = await Promise.all([
      this.uow.manager.query(RECORDS_SQL, [members.map((m) => m.id)]) as Promise<RecordRow[]>,
      this.people.peopleByIds(members.map((m) => m.personId)),
      this.directory.providerNames(members.map((m) => m.providerId)),
      this.categoryNames(),
    ]);
    const rowOf = new Map(rows.map((r) => [r.member_id, r]));
    const nameOf = new Map(people.map((p) => [p.id, p.name]));
    return members.map((member) => {
      const row = rowOf.get(member.id) as RecordRow;
      const hoursByCategory = row.hours.map((h) => ({ ...h, categoryName: categories.get(h.category) ?? h.category }));
      return {
        memberId: member.id,
        volunteerName: nameOf.get(member.personId) ?? '',
        coopName: coops.get(member.providerId) ?? '',
        memberSince: londonDate(member.decidedAt ?? member.askedAt),
        roles: volunteeringRoles(member),
        hoursByCategory,
        totalMinutesGiven: hoursByCategory.reduce((sum, h) => sum + h.minutes, 0),
        outOfHoursMinutesGiven: row.out_of_hours,
        outOfHoursDays: { weekends: row.weekends_out_of_hours, bankHolidays: row.bank_holidays_out_of_hours },
        firstHelpedOn: row.first_on,
        lastHelpedOn: row.last_on,
        training: row.training,
        references: row.references,
      };
    });
  }

  private async categoryNames(): Promise<Map<string, string>> {
    const directory = await this.directory.listCategories();
    return new Map([...directory, ...TIME_BANK_CATEGORIES].map((c) => [c.slug, c.name]));
  }
}

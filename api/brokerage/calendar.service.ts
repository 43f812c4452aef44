import ical, { ICalEventStatus } from 'ical-generator';
import { IsNull } from 'typeorm';
import type { PeopleService } from '../accounts/people.service.js';
import type { RepresentativesService } from '../accounts/representatives.service.js';
import { type Acting, type Actor, canActForPerson, requirePerson } from '../auth/actor.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import { forbidden } from '../auth/auth.exception.js';
import { newSecret, sha256 } from '../auth/secrets.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { DirectoryService } from '../directory/directory.service.js';
import { CalendarLink } from './booking.entity.js';
import { BookingStatus, VisitStatus } from './brokerage.enums.js';
import { brokerageInvalidInput, brokerageNotFound } from './brokerage.exception.js';
import type { CalendarLinkView } from './calendar.types.js';

/** `ccc_` and 256 random bits in base64url: anything else is refused before a lookup. */
const TOKEN = /^ccc_[A-Za-z0-9_-]{43}$/;
export const isCalendarToken = (token: string) => TOKEN.test(token);

/** Working addresses per person: enough for every phone and family member's calendar, not a store of rows. */
const MAX_LIVE_LINKS = 10;

/** Visits that ended up to this long ago stay in the feed, so the past month is still there in the app. */
const PAST_DAYS = 30;
/** A person with more visits than this in the window is far outside what a home-care schedule holds. */
const MAX_EVENTS = 2_000;

interface FeedVisit {
  id: string;
  starts_at: Date;
  ends_at: Date;
  status: VisitStatus;
  worker_id: string | null;
  booking_status: BookingStatus;
  service_id: string;
  provider_id: string;
}

/** The rights that let a representative see a person's visits, and so keep a calendar of them. */
const SEES_VISITS: ReadonlySet<RepresentativeRight> = new Set([RepresentativeRight.VIEW_BUDGET, RepresentativeRight.BOOK]);

/** The person's own calendar links, and a representative's who may see or book on their budgets. */
function mayManageCalendarOf(actor: Actor, personId: string): boolean {
  return [...SEES_VISITS].some((right) => canActForPerson(actor, personId, right));
}

const view = (link: CalendarLink, token: string | null = null): CalendarLinkView => ({
  id: link.id,
  personId: link.personId,
  createdAt: link.createdAt,
  revokedAt: link.revokedAt,
  path: token && `/calendar/${token}.ics`,
});

/**
 * A person's visits as an iCalendar feed behind a revocable secret address: calendar apps cannot send a
 * bearer token, so the address is the credential. Only its SHA-256 is stored (256 random bits leave
 * nothing to guess, so a slow hash would add nothing); the feed shows times, the service and provider,
 * and the worker's first name, never notes or money.
 */
export class CalendarService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly directory: DirectoryService,
    private readonly people: PeopleService,
    private readonly representatives: RepresentativesService,
  ) {}

  /**
   * For a signed-in person, for themselves or someone who gave them VIEW_BUDGET or BOOK. Not for widget
   * sessions: a link outlives a session of a few minutes by months.
   */
  async createLink(acting: Acting, personId?: string | null): Promise<CalendarLinkView> {
    const actor = requirePerson(acting.actor);
    const forPersonId = personId ?? actor.personId;
    if (!mayManageCalendarOf(actor, forPersonId)) throw forbidden();
    const token = newSecret('ccc');
    return this.uow.transaction(async (em) => {
      // Links for one person are made one at a time, so each counts the ones before it.
      await em.query(`SELECT pg_advisory_xact_lock(hashtextextended('calendar_link:' || $1, 0))`, [forPersonId]);
      const [{ live }] = await em.query(`SELECT count(*)::int AS live FROM calendar_link WHERE person_id = $1 AND revoked_at IS NULL`, [
        forPersonId,
      ]);
      if (live >= MAX_LIVE_LINKS) {
        throw brokerageInvalidInput(`A person has at most ${MAX_LIVE_LINKS} working calendar addresses: revoke one first.`, 'personId');
      }
      const link = await em.save(em.create(CalendarLink, { personId: forPersonId, tokenHash: sha256(token), createdById: actor.personId }));
      await this.audit.record(acting, { action: 'calendarLink.create', objectType: 'CalendarLink', objectId: link.id, summary: {} });
      return view(link, token);
    });
  }

  /** Stops the address working at once. Revoking a revoked link changes nothing. */
  async revokeLink(acting: Acting, id: string): Promise<CalendarLinkView> {
    const actor = requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const link = await em.findOne(CalendarLink, { where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!link) throw brokerageNotFound('No calendar link has that id.');
      if (!mayManageCalendarOf(actor, link.personId)) throw forbidden();
      if (link.revokedAt) return view(link);
      link.revokedAt = new Date();
      await em.update(CalendarLink, { id }, { revokedAt: link.revokedAt });
      await this.audit.record(acting, { action: 'calendarLink.revoke', objectType: 'CalendarLink', objectId: link.id, summary: {} });
      return view(link);
    });
  }

  /** The person's links, newest first, revoked ones included; never their secrets. */
  async linksOf(personId: string): Promise<CalendarLinkView[]> {
    const links = await this.uow.manager.find(CalendarLink, { where: { personId }, order: { createdAt: 'DESC', id: 'ASC' } });
    return links.map((l) => view(l));
  }

  /**
   * The feed behind a well-formed token, or null when no working link has it: unknown, revoked, or made
   * by a representative who no longer holds VIEW_BUDGET or BOOK for the person (rights taken back end
   * what they gave, with no step to forget) all get the same answer.
   */
  async feed(token: string): Promise<string | null> {
    const link = await this.uow.manager.findOneBy(CalendarLink, { tokenHash: sha256(token), revokedAt: IsNull() });
    if (!link || !(await this.makerMayStillSee(link))) return null;
    const visits: FeedVisit[] = await this.uow.manager.query(
      `SELECT v.id, v.starts_at, v.ends_at, v.status, v.worker_id, k.status AS booking_status, k.service_id, k.provider_id
       FROM booking k JOIN booking_visit v ON v.booking_id = k.id
       WHERE k.person_id = $1 AND v.ends_at >= now() - make_interval(days => $2)
       ORDER BY v.starts_at, v.id LIMIT $3`,
      [link.personId, PAST_DAYS, MAX_EVENTS],
    );
    const names = await this.namesFor(visits);
    const calendar = ical({
      name: 'Care visits (coopcare)',
      prodId: { company: 'coopcare', product: 'visits', language: 'EN' },
      ttl: 60 * 60,
    });
    for (const v of visits) {
      const worker = v.worker_id ? names.workers.get(v.worker_id) : undefined;
      calendar.createEvent({
        id: `${v.id}@coopcare`,
        start: v.starts_at,
        end: v.ends_at,
        summary: `${names.services.get(v.service_id) ?? 'Care visit'} — ${names.providers.get(v.provider_id) ?? 'provider'}`,
        description: worker ? `Care worker: ${worker}` : null,
        status: eventStatus(v),
      });
    }
    return calendar.toString();
  }

  /** A representative's link works while they hold VIEW_BUDGET or BOOK for the person. */
  private async makerMayStillSee(link: CalendarLink): Promise<boolean> {
    if (!link.createdById || link.createdById === link.personId) return link.createdById === link.personId;
    const held = await this.representatives.grantsHeldBy(link.createdById);
    return held.some((g) => g.personId === link.personId && SEES_VISITS.has(g.right));
  }

  /** Service and provider names and workers' first names, each looked up once. */
  private async namesFor(visits: FeedVisit[]) {
    const lookUp = async <T>(ids: Iterable<string>, find: (id: string) => Promise<T | null>, name: (found: T) => string) => {
      const unique = [...new Set(ids)];
      const found = await Promise.all(unique.map(find));
      return new Map(unique.flatMap((id, i) => (found[i] ? [[id, name(found[i])] as const] : [])));
    };
    const listing = { includeUnpublished: true };
    return {
      services: await lookUp(
        visits.map((v) => v.service_id),
        (id) => this.directory.getService(id, listing),
        (s) => s.name,
      ),
      providers: await lookUp(
        visits.map((v) => v.provider_id),
        (id) => this.directory.getProvider(id, listing),
        (p) => p.name,
      ),
      workers: await lookUp(
        visits.flatMap((v) => (v.worker_id ? [v.worker_id] : [])),
        (id) => this.people.personById(id),
        (p) => p.name.trim().split(/\s+/)[0]!,
      ),
    };
  }
}

/** Tentative until the provider confirms; cancelled with the visit or the booking (declined included). */
function eventStatus(v: FeedVisit): ICalEventStatus {
  if (v.status === VisitStatus.CANCELLED || v.booking_status === BookingStatus.DECLINED || v.booking_status === BookingStatus.CANCELLED)
    return ICalEventStatus.CANCELLED;
  return v.booking_status === BookingStatus.REQUESTED ? ICalEventStatus.TENTATIVE : ICalEventStatus.CONFIRMED;
}

import { optionalText } from '../common/rules.js';
import { type Acting, assertAllowed, isAdmin, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { pageByTimeAndId } from '../common/connection.js';
import { londonDate } from '../common/london.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { GeoService } from '../geo/geo.service.js';
import { needsBackgroundCheck } from './time-bank-categories.js';
import { type AvailabilitySlot, HelpOffer, HelpRequest } from './help.entity.js';
import type { HelpMessages } from './help-messages.js';
import {
  type AvailabilitySlotInput,
  MAX_DESCRIPTION_LENGTH,
  MAX_RADIUS_MILES,
  MAX_SLOTS,
  MIN_RADIUS_MILES,
  type OfferHelpInput,
  type RequestHelpInput,
} from './help.types.js';
import type { TimeBankMember } from './time-bank.entity.js';
import type { TimeBanksReader } from './time-banks.reader.js';
import { clockTime, type TimeBanksService } from './time-banks.service.js';
import { HelpRequestStatus, TimeBankMembershipStatus, TimeBankRole } from './timebank.enums.js';
import { backgroundCheckRequired, timeBankInvalidInput, timeBankNotFound, timeBankWrongState } from './timebank.exception.js';
import { isTheMember, mayActForMember, mayCoordinateTimeBank } from './timebank.policy.js';

const YEAR_MS = 366 * 24 * 60 * 60 * 1000;

/** Who asks for a member's help and chooses their helper: the member, a representative with BOOK, the co-op's coordinators. */
export function mayAskFor(acting: Acting, member: Pick<TimeBankMember, 'providerId' | 'personId'>): boolean {
  return mayActForMember(acting.actor, member) || mayCoordinateTimeBank(acting.actor, member.providerId);
}

function description(value: string | null | undefined, argument: string): string {
  return optionalText(value, { max: MAX_DESCRIPTION_LENGTH, argument, invalid: timeBankInvalidInput, what: 'A description' }) ?? '';
}

function availability(slots: readonly AvailabilitySlotInput[]): AvailabilitySlot[] {
  if (slots.length < 1 || slots.length > MAX_SLOTS)
    throw timeBankInvalidInput(`Give 1 to ${MAX_SLOTS} times in the week.`, 'input.availability');
  return slots.map((slot, i) => {
    const at = `input.availability.${i}`;
    if (!Number.isInteger(slot.day) || slot.day < 1 || slot.day > 7)
      throw timeBankInvalidInput('A day is 1 (Monday) to 7 (Sunday).', `${at}.day`);
    const from = clockTime(slot.from, `${at}.from`);
    // 24:00 ends a slot at midnight, so a night's help can be offered as one slot to 24:00 and one from 00:00.
    const until = slot.until === '24:00' ? slot.until : clockTime(slot.until, `${at}.until`);
    if (from >= until) throw timeBankInvalidInput('A time must end after it starts, on the same day.', `${at}.until`);
    return { day: slot.day, from, until };
  });
}

/**
 * Offers and requests of help in a co-op's time bank, and accepting a helper. Matching is
 * help-matching.ts's. Writes are audited; accepting is one transaction that checks everything before it writes.
 */
export class HelpService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: TimeBanksReader,
    private readonly timeBanks: TimeBanksService,
    private readonly geo: GeoService,
    private readonly audit: AuditService,
    private readonly messages: HelpMessages,
  ) {}

  async offerHelp(acting: Acting, input: OfferHelpInput): Promise<HelpOffer> {
    const actor = requirePerson(acting.actor);
    const member = await this.reader.membershipOf(input.providerId, actor.personId);
    assertAllowed(
      !!member &&
        member.status === TimeBankMembershipStatus.APPROVED &&
        member.roles.some((r) => r === TimeBankRole.VOLUNTEER || r === TimeBankRole.FAMILY_CARER),
      'Only an approved volunteer or family carer of this time bank offers help.',
    );
    const category = await this.timeBanks.requireCategory(input.category, 'input.category');
    const text = description(input.description, 'input.description');
    if (!Number.isFinite(input.radiusMiles) || input.radiusMiles < MIN_RADIUS_MILES || input.radiusMiles > MAX_RADIUS_MILES)
      throw timeBankInvalidInput(`How far is ${MIN_RADIUS_MILES} to ${MAX_RADIUS_MILES} miles.`, 'input.radiusMiles');
    const slots = availability(input.availability);
    const place = await this.geo.locate(input.postcode, 'input.postcode');
    return this.uow.transaction(async (em) => {
      const offer = await em.save(
        em.create(HelpOffer, {
          providerId: member!.providerId,
          memberId: member!.id,
          category,
          description: text,
          postcode: place.postcode,
          latitude: place.latitude,
          longitude: place.longitude,
          radiusMiles: Math.round(input.radiusMiles * 10) / 10,
          availability: slots,
        }),
      );
      await this.audit.record(acting, {
        action: 'helpOffer.create',
        objectType: 'HelpOffer',
        objectId: offer.id,
        providerId: offer.providerId,
        summary: { memberId: offer.memberId, category, radiusMiles: offer.radiusMiles, slots: slots.length },
      });
      return em.findOneByOrFail(HelpOffer, { id: offer.id });
    });
  }

  withdrawOffer(acting: Acting, offerId: string): Promise<HelpOffer> {
    requirePerson(acting.actor);
    return this.uow.transaction(async (em) => {
      const offer = await em.findOne(HelpOffer, { where: { id: offerId }, lock: { mode: 'pessimistic_write' } });
      const member = offer && (await this.reader.member(offer.memberId));
      if (!offer || !member || !(isTheMember(acting.actor, member) || mayCoordinateTimeBank(acting.actor, member.providerId))) {
        if (!offer && isAdmin(acting.actor)) throw timeBankNotFound('No offer has that id.', 'offerId');
        throw forbidden();
      }
      if (offer.withdrawnAt) throw timeBankWrongState('That offer was already withdrawn.');
      await em.update(HelpOffer, { id: offer.id }, { withdrawnAt: new Date() });
      await this.audit.record(acting, {
        action: 'helpOffer.withdraw',
        objectType: 'HelpOffer',
        objectId: offer.id,
        providerId: offer.providerId,
      });
      return em.findOneByOrFail(HelpOffer, { id: offer.id });
    });
  }

  async requestHelp(acting: Acting, input: RequestHelpInput, now = new Date()): Promise<HelpRequest> {
    requirePerson(acting.actor);
    const found = await this.reader.member(input.memberId);
    if (!found || !mayAskFor(acting, found)) {
      if (!found && isAdmin(acting.actor)) throw timeBankNotFound('No time-bank member has that id.', 'input.memberId');
      throw forbidden();
    }
    const member = await this.reader.requireApprovedMember(found.id, 'input.memberId');
    if (!Number.isInteger(input.minutes) || input.minutes < 1 || input.minutes > 1440)
      throw timeBankInvalidInput('Minutes are a whole number from 1 to 1,440 (24 hours).', 'input.minutes');
    if (input.startsAt.getTime() <= now.getTime() || input.startsAt.getTime() > now.getTime() + YEAR_MS)
      throw timeBankInvalidInput('Help starts in the future, within a year.', 'input.startsAt');
    const category = await this.timeBanks.requireCategory(input.category, 'input.category');
    const text = description(input.description, 'input.description');
    const place = await this.geo.locate(input.postcode, 'input.postcode');
    const aloneAtHome = input.aloneAtHome ?? false;
    return this.uow.transaction(async (em) => {
      const request = await em.save(
        em.create(HelpRequest, {
          providerId: member.providerId,
          memberId: member.id,
          askedById: acting.actor.kind === 'person' ? acting.actor.personId : null,
          category,
          description: text,
          postcode: place.postcode,
          latitude: place.latitude,
          longitude: place.longitude,
          startsAt: input.startsAt,
          minutes: input.minutes,
          aloneAtHome,
          needsBackgroundCheck: needsBackgroundCheck(category, aloneAtHome),
        }),
      );
      await this.audit.record(acting, {
        action: 'helpRequest.create',
        objectType: 'HelpRequest',
        objectId: request.id,
        providerId: request.providerId,
        summary: { memberId: member.id, category, startsAt: request.startsAt, minutes: request.minutes, aloneAtHome },
      });
      return em.findOneByOrFail(HelpRequest, { id: request.id });
    });
  }

  /** The request with its member, for whoever may ask for that member; FORBIDDEN for anyone else, saying nothing of whether it exists. */
  async requestFor(acting: Acting, requestId: string, argument: string, lock = false) {
    requirePerson(acting.actor);
    const request = await this.uow.manager.findOne(HelpRequest, {
      where: { id: requestId },
      ...(lock ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
    const member = request && (await this.reader.member(request.memberId));
    if (!request || !member || !mayAskFor(acting, member)) {
      if (!request && isAdmin(acting.actor)) throw timeBankNotFound('No request has that id.', argument);
      throw forbidden();
    }
    return { request, member };
  }

  cancelRequest(acting: Acting, requestId: string): Promise<HelpRequest> {
    return this.uow.transaction(async (em) => {
      const { request } = await this.requestFor(acting, requestId, 'requestId', true);
      if (request.status !== HelpRequestStatus.OPEN && request.status !== HelpRequestStatus.ACCEPTED)
        throw timeBankWrongState(`Only an open or accepted request can be cancelled; this one is ${request.status}.`);
      await em.update(HelpRequest, { id: request.id }, { status: HelpRequestStatus.CANCELLED, closedAt: new Date() });
      await this.audit.record(acting, {
        action: 'helpRequest.cancel',
        objectType: 'HelpRequest',
        objectId: request.id,
        providerId: request.providerId,
        summary: { was: request.status },
      });
      return em.findOneByOrFail(HelpRequest, { id: request.id });
    });
  }

  /**
   * The asker chooses a helper by their offer. Every check passes before anything is written: the request is
   * still open, the offer stands in the same time bank and category from another approved member, and when
   * the help needs it the helper has a qualifying check on the request's London date.
   */
  acceptHelper(acting: Acting, input: { requestId: string; offerId: string }): Promise<HelpRequest> {
    return this.uow.transaction(async (em) => {
      const { request, member } = await this.requestFor(acting, input.requestId, 'input.requestId', true);
      if (request.status !== HelpRequestStatus.OPEN)
        throw timeBankWrongState(`Only an open request can be given a helper; this one is ${request.status}.`);
      const offer = await em.findOneBy(HelpOffer, { id: input.offerId });
      const helper = offer && (await this.reader.member(offer.memberId));
      if (
        !offer ||
        !helper ||
        offer.withdrawnAt ||
        offer.providerId !== request.providerId ||
        offer.category !== request.category ||
        helper.id === request.memberId ||
        helper.status !== TimeBankMembershipStatus.APPROVED
      )
        throw timeBankInvalidInput('That is not a standing offer of this help from another member of the time bank.', 'input.offerId');
      if (request.needsBackgroundCheck && !(await this.reader.hasQualifyingCheck(helper.id, londonDate(request.startsAt))))
        throw backgroundCheckRequired('This help needs a helper with a background check in date on the day, and this helper has none.');
      await em.update(
        HelpRequest,
        { id: request.id },
        { status: HelpRequestStatus.ACCEPTED, helperMemberId: helper.id, acceptedAt: new Date() },
      );
      await this.audit.record(acting, {
        action: 'helpRequest.acceptHelper',
        objectType: 'HelpRequest',
        objectId: request.id,
        providerId: request.providerId,
        summary: { helperMemberId: helper.id, offerId: offer.id },
      });
      const accepted = await em.findOneByOrFail(HelpRequest, { id: request.id });
      await this.messages.helperAccepted(acting, accepted, member, helper);
      return accepted;
    });
  }

  /**
   * What a member's leaving does to requests, in the leaving's transaction: their own open and accepted requests
   * are cancelled; those they were to help open again for another helper, and the asker's side is told.
   */
  async releaseLeaver(acting: Acting, leaver: TimeBankMember): Promise<void> {
    await this.uow.transaction(async (em) => {
      // An UPDATE … RETURNING answers [rows, count]; `was` is the row as it stood before.
      const [cancelled]: [{ id: string; status: HelpRequestStatus }[], number] = await em.query(
        `UPDATE time_bank_request r SET status = 'CANCELLED', closed_at = now()
         FROM time_bank_request was WHERE was.id = r.id AND r.member_id = $1 AND r.status IN ('OPEN', 'ACCEPTED')
         RETURNING r.id, was.status`,
        [leaver.id],
      );
      const stranded = await em.find(HelpRequest, {
        where: { helperMemberId: leaver.id, status: HelpRequestStatus.ACCEPTED },
        order: { startsAt: 'ASC', id: 'ASC' },
        lock: { mode: 'pessimistic_write' },
      });
      if (stranded.length > 0)
        await em.update(
          HelpRequest,
          stranded.map((r) => r.id),
          { status: HelpRequestStatus.OPEN, helperMemberId: null, acceptedAt: null },
        );
      await this.audit.recordAll(acting, [
        ...cancelled.map((request) => ({
          action: 'helpRequest.cancel',
          objectType: 'HelpRequest',
          objectId: request.id,
          providerId: leaver.providerId,
          summary: { was: request.status, memberLeft: leaver.id },
        })),
        ...stranded.map((request) => ({
          action: 'helpRequest.reopen',
          objectType: 'HelpRequest',
          objectId: request.id,
          providerId: request.providerId,
          summary: { helperMemberId: leaver.id, helperLeft: true },
        })),
      ]);
      for (const request of stranded) {
        const member = await this.reader.member(request.memberId);
        if (member) await this.messages.helperCannotCome(acting, request, member);
      }
    });
  }

  /**
   * The co-op's open requests not yet begun, soonest first: for its approved members (so volunteers see what is
   * wanted) and coordinators. One whose time has passed unanswered is no longer wanted from anyone.
   */
  async openRequests(acting: Acting, providerId: string, args: { category?: string | null; first?: number | null; after?: string | null }) {
    await this.requireMemberOrCoordinator(acting, providerId);
    const qb = this.uow.manager
      .getRepository(HelpRequest)
      .createQueryBuilder('r')
      .where('r.provider_id = :providerId AND r.status = :open AND r.starts_at > now()', { providerId, open: HelpRequestStatus.OPEN });
    if (args.category != null)
      qb.andWhere('r.category = :category', { category: await this.timeBanks.requireCategory(args.category, 'category') });
    return pageByTimeAndId(qb, { sort: 'openRequests', column: 'starts_at', order: 'ASC', first: args.first, after: args.after });
  }

  private async requireMemberOrCoordinator(acting: Acting, providerId: string): Promise<void> {
    const actor = requirePerson(acting.actor);
    if (mayCoordinateTimeBank(actor, providerId)) return;
    const member = await this.reader.membershipOf(providerId, actor.personId);
    assertAllowed(member?.status === TimeBankMembershipStatus.APPROVED);
  }
}

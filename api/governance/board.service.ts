import { QueryFailedError } from 'typeorm';
import { type Acting, isAdmin, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { londonDate, withinDateRange } from '../common/london.js';
import { requiredText } from '../common/rules.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { MemberClass } from '../directory/directory.enums.js';
import { BoardTerm } from './board.entity.js';
import { MAX_END_REASON_LENGTH, type EndBoardTermInput, type RecordBoardTermInput } from './board.types.js';
import { governanceInvalidInput, governanceNotFound, governanceWrongState } from './governance.exception.js';
import { mayKeepRegister } from './governance.policy.js';
import type { GovernanceReader } from './governance.reader.js';
import { CoOpMember } from './member.entity.js';
import { isTheMember } from './members.policy.js';

/** A term's length when the co-op has not set out a constitution. */
export const DEFAULT_BOARD_TERM_MONTHS = 36;
const LEFT_THE_CO_OP = 'left the co-op';

/**
 * The board: terms officers record (a co-op bringing the board it has), terms an election gives
 * (startElectedTerms, in the closing motion's transaction), and standing down. One seat at a time per
 * member: the exclusion constraint board_term_one_seat_at_a_time decides races.
 */
export class BoardService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: GovernanceReader,
    private readonly audit: AuditService,
  ) {}

  async recordTerm(acting: Acting, input: RecordBoardTermInput): Promise<BoardTerm> {
    const actor = requirePerson(acting.actor);
    const startsOn = withinDateRange(input.startsOn, 'input.startsOn', governanceInvalidInput);
    const endsOn = input.endsOn ? withinDateRange(input.endsOn, 'input.endsOn', governanceInvalidInput) : null;
    if (endsOn && endsOn <= startsOn) throw governanceInvalidInput('A term ends after it starts.', 'input.endsOn');
    const member = await this.reader.member(input.memberId);
    if (!member || !mayKeepRegister(await this.reader.standing(actor, member.providerId))) {
      if (!member && isAdmin(actor)) throw governanceNotFound('No member of a co-op has that id.', 'input.memberId');
      throw forbidden('Only the co-op’s officers record its board.');
    }
    if (startsOn < member.joinedOn)
      throw governanceInvalidInput(
        `Only a member sits on the board: the term starts before they joined on ${member.joinedOn}.`,
        'input.startsOn',
      );
    const months = (await this.reader.constitutionOf(member.providerId))?.boardTermMonths ?? DEFAULT_BOARD_TERM_MONTHS;
    return this.uow.transaction(async (em) => {
      // Shared with other terms being recorded, exclusive of the member leaving meanwhile.
      const current = await em.findOneOrFail(CoOpMember, { where: { id: member.id }, lock: { mode: 'pessimistic_read' } });
      if (current.leftAt) throw governanceWrongState(`That membership ended on ${current.leftOn}: only a member sits on the board.`);
      const term = await this.insertTerm({
        providerId: member.providerId,
        memberId: member.id,
        memberClass: member.memberClass,
        startsOn,
        endsOn,
        months,
        motionId: null,
        recordedById: actor.personId,
      });
      await this.audit.record(acting, {
        action: 'governance.board.recordTerm',
        objectType: 'BoardTerm',
        objectId: term.id,
        providerId: term.providerId,
        summary: { memberId: term.memberId, memberClass: term.memberClass, startsOn: term.startsOn, endsOn: term.endsOn },
      });
      return term;
    });
  }

  /** Stands a member down early: the co-op's officers, or the member resigning their seat. */
  async endTerm(acting: Acting, input: EndBoardTermInput): Promise<BoardTerm> {
    const actor = requirePerson(acting.actor);
    const reason = requiredText(input.reason, {
      max: MAX_END_REASON_LENGTH,
      argument: 'input.reason',
      invalid: governanceInvalidInput,
      what: 'A reason',
    });
    const endedOn = input.endedOn ? withinDateRange(input.endedOn, 'input.endedOn', governanceInvalidInput) : null;
    const found = await this.uow.manager.findOneBy(BoardTerm, { id: input.boardTermId });
    const member = found && (await this.reader.member(found.memberId));
    if (!found || !member || !(isTheMember(actor, member) || mayKeepRegister(await this.reader.standing(actor, found.providerId)))) {
      if (!found && isAdmin(actor)) throw governanceNotFound('No board term has that id.', 'input.boardTermId');
      throw forbidden('Only the co-op’s officers, or the member themselves, end a board term.');
    }
    return this.uow.transaction(async (em) => {
      const term = await em.findOneOrFail(BoardTerm, { where: { id: found.id }, lock: { mode: 'pessimistic_write' } });
      if (term.endedOn) throw governanceWrongState(`That term ended on ${term.endedOn}.`);
      const today = londonDate();
      const on = endedOn ?? [today, term.startsOn].sort()[1]!;
      if (on < term.startsOn || on > term.endsOn)
        throw governanceInvalidInput(`A term ends within its dates, ${term.startsOn} to ${term.endsOn}.`, 'input.endedOn');
      await em.update(BoardTerm, { id: term.id }, { endedOn: on, endReason: reason });
      await this.audit.record(acting, {
        action: 'governance.board.endTerm',
        objectType: 'BoardTerm',
        objectId: term.id,
        providerId: term.providerId,
        summary: { memberId: term.memberId, endedOn: on, resigned: isTheMember(actor, member) },
      });
      return em.findOneByOrFail(BoardTerm, { id: term.id });
    });
  }

  /**
   * An election's winners take their seats, in the closing motion's transaction: each term runs `months` (the
   * board term the motion was opened under, which its vacant seats were counted for) from startsOn, or, for a
   * winner already sitting, from the day their current term ends.
   */
  async startElectedTerms(
    providerId: string,
    motionId: string,
    memberClass: MemberClass,
    memberIds: readonly string[],
    startsOn: string,
    months: number,
  ): Promise<BoardTerm[]> {
    return this.uow.transaction(async (em) => {
      const sitting: { member_id: string; until: string }[] = await em.query(
        `SELECT member_id, to_char(max(coalesce(ended_on, ends_on)), 'YYYY-MM-DD') AS until FROM board_term
         WHERE member_id = ANY($1::uuid[]) AND coalesce(ended_on, ends_on) > $2::date GROUP BY member_id`,
        [memberIds, startsOn],
      );
      const until = new Map(sitting.map((s) => [s.member_id, s.until]));
      const terms: BoardTerm[] = [];
      for (const memberId of memberIds)
        terms.push(
          await this.insertTerm({
            providerId,
            memberId,
            memberClass,
            startsOn: until.get(memberId) ?? startsOn,
            endsOn: null,
            months,
            motionId,
            recordedById: null,
          }),
        );
      return terms;
    });
  }

  /** A leaving member's seats end the day they leave (a term yet to start, the day it would have); how many ended. */
  async endTermsOnLeaving(memberId: string, leftOn: string): Promise<number> {
    return this.uow.transaction(async (em) => {
      const ended = await em
        .createQueryBuilder()
        .update(BoardTerm)
        .set({ endedOn: () => 'greatest(starts_on, CAST(:leftOn AS date))', endReason: LEFT_THE_CO_OP })
        .where('member_id = :memberId AND ended_on IS NULL AND ends_on > CAST(:leftOn AS date)', { memberId, leftOn })
        .execute();
      return ended.affected ?? 0;
    });
  }

  /** A new term, its end the constitution's length from its start unless given; an overlap with the member's other terms is CONFLICT. */
  private insertTerm(term: {
    providerId: string;
    memberId: string;
    memberClass: MemberClass;
    startsOn: string;
    endsOn: string | null;
    months: number;
    motionId: string | null;
    recordedById: string | null;
  }): Promise<BoardTerm> {
    return this.uow.transaction(async (em) => {
      let id: string;
      try {
        const rows: { id: string }[] = await em.query(
          `INSERT INTO board_term (provider_id, member_id, member_class, starts_on, ends_on, elected_by_motion_id, recorded_by_id)
           VALUES ($1, $2, $3, $4::date, coalesce($5::date, ($4::date + make_interval(months => $6::int))::date), $7, $8) RETURNING id`,
          [term.providerId, term.memberId, term.memberClass, term.startsOn, term.endsOn, term.months, term.motionId, term.recordedById],
        );
        id = rows[0]!.id;
      } catch (error) {
        if (
          error instanceof QueryFailedError &&
          (error.driverError as { constraint?: string }).constraint === 'board_term_one_seat_at_a_time'
        )
          throw governanceWrongState('That member already sits on the board for part of those dates.');
        throw error;
      }
      return em.findOneByOrFail(BoardTerm, { id });
    });
  }
}

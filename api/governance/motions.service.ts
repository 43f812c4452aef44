import { type Acting, isAdmin, requirePerson } from '../auth/actor.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import { pageByTimeAndId } from '../common/connection.js';
import { londonDate } from '../common/london.js';
import { requiredText, optionalText } from '../common/rules.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { MemberClass } from '../directory/directory.enums.js';
import { CoOpClassRule } from './constitution.entity.js';
import { MotionKind } from './governance.enums.js';
import { rulesSnapshot } from './motion-rules.js';
import { lockRegister } from './register-lock.js';
import { governanceInvalidInput, governanceNotFound, governanceWrongState } from './governance.exception.js';
import { mayFollowGovernance, mayKeepRegister } from './governance.policy.js';
import type { GovernanceReader } from './governance.reader.js';
import { CoOpMember } from './member.entity.js';
import { Motion } from './motion.entity.js';
import {
  MAX_BODY_LENGTH,
  MAX_CANDIDATES,
  MAX_OPEN_DAYS,
  MAX_STATEMENT_LENGTH,
  MAX_TITLE_LENGTH,
  MIN_OPEN_MINUTES,
  type OpenMotionInput,
} from './motion.types.js';

const NOT_FOLLOWING = 'Only the co-op’s members, its officers and representatives with VOTE read its motions.';

/**
 * Opening motions and reading them. What a motion is counted under is fixed as it opens (motion.rules):
 * the voting basis, weights, quorum, majority, and each class's electorate, in the same statement as the
 * insert so the electorate and opened_at agree.
 */
export class MotionsService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: GovernanceReader,
    private readonly audit: AuditService,
  ) {}

  /**
   * `noticeMs`: the least time from now to the close, five minutes so that members can see a motion before
   * it closes. Only the demo seed (api/governance/seed.ts) passes less, so that a motion's votes are cast
   * and it closes through the real paths within seconds of starting; the openMotion mutation never does.
   */
  async open(acting: Acting, input: OpenMotionInput, noticeMs = MIN_OPEN_MINUTES * 60_000): Promise<Motion> {
    const actor = requirePerson(acting.actor);
    const title = requiredText(input.title, {
      max: MAX_TITLE_LENGTH,
      argument: 'input.title',
      invalid: governanceInvalidInput,
      what: 'A title',
    });
    const body = requiredText(input.body, {
      max: MAX_BODY_LENGTH,
      argument: 'input.body',
      invalid: governanceInvalidInput,
      what: 'The text',
    });
    if (!Object.values(MotionKind).includes(input.kind)) throw governanceInvalidInput('Unknown kind of motion.', 'input.kind');
    const election = input.kind === MotionKind.BOARD_ELECTION;
    const now = Date.now();
    const closesAt = input.closesAt.getTime();
    if (Number.isNaN(closesAt) || closesAt < now + noticeMs)
      throw governanceInvalidInput(
        `A motion closes at least ${MIN_OPEN_MINUTES} minutes from now, not earlier or in the past.`,
        'input.closesAt',
      );
    if (closesAt > now + MAX_OPEN_DAYS * 86_400_000)
      throw governanceInvalidInput(`A motion closes at most ${MAX_OPEN_DAYS} days from now.`, 'input.closesAt');
    if (!election && (input.memberClass || input.seatsToFill != null || input.candidates))
      throw governanceInvalidInput('Only an election has a class, seats and candidates.', 'input.kind');
    const candidates = election ? this.candidatesOf(input) : [];
    const standing = await this.reader.standing(actor, input.providerId);
    if (!mayKeepRegister(standing)) throw forbidden('Only the co-op’s officers (its coordinators and secretary) open motions.');
    return this.uow.transaction(async (em) => {
      // Under the register's lock, the electorate counted below holds every admission entered before the motion
      // opens (isEntitled's rule), and the constitution and candidates' memberships are not changing meanwhile.
      await lockRegister(em, input.providerId);
      const constitution = await this.reader.requireConstitution(input.providerId, 'input.providerId');
      if (election) {
        const memberClass = input.memberClass as MemberClass;
        const rule = await em.findOneBy(CoOpClassRule, { providerId: input.providerId, memberClass });
        if (!rule || rule.boardSeats < 1)
          throw governanceInvalidInput(`The constitution gives the ${memberClass} class no board seats.`, 'input.memberClass');
        // Winners sit from the close for a term, so an election fills only the seats nobody holds at any time in it
        // (the most held on one day: at the close or as a term recorded to start later begins), or it would seat
        // more of the class than the constitution gives it.
        const [{ held }]: { held: number }[] = await em.query(
          `WITH t AS (
             SELECT starts_on, coalesce(ended_on, ends_on) AS until FROM board_term
              WHERE provider_id = $1 AND member_class = $2 AND coalesce(ended_on, ends_on) > $3::date
                AND starts_on < ($3::date + make_interval(months => $4))::date)
           SELECT coalesce(max((SELECT count(*) FROM t WHERE t.starts_on <= d.day AND t.until > d.day)), 0)::int AS held
             FROM (SELECT $3::date AS day UNION SELECT starts_on FROM t WHERE starts_on > $3::date) d`,
          [input.providerId, memberClass, londonDate(input.closesAt), constitution.boardTermMonths],
        );
        const vacant = Math.max(rule.boardSeats - held, 0);
        if (vacant === 0)
          throw governanceInvalidInput(
            `All ${rule.boardSeats} of the ${memberClass} class’s seats are held past the closing day: no seat is there to fill.`,
            'input.seatsToFill',
          );
        if (!Number.isInteger(input.seatsToFill) || input.seatsToFill! < 1 || input.seatsToFill! > vacant)
          throw governanceInvalidInput(
            `Fill 1 to ${vacant} seats: the class has ${rule.boardSeats} in the constitution, ${held} held past the closing day.`,
            'input.seatsToFill',
          );
        const members = await em
          .createQueryBuilder(CoOpMember, 'm')
          .setLock('pessimistic_read')
          .where('m.id = ANY(CAST(:ids AS uuid[]))', { ids: candidates.map((c) => c.memberId) })
          .getMany();
        const standingOk = (id: string) =>
          members.some((m) => m.id === id && m.providerId === input.providerId && m.memberClass === memberClass && m.leftAt === null);
        if (!candidates.every((c) => standingOk(c.memberId)))
          throw governanceInvalidInput(`Every candidate is a member in force of the ${memberClass} class.`, 'input.candidates');
        const [{ open }] = await em.query(
          `SELECT count(*)::int AS open FROM motion
            WHERE provider_id = $1 AND election_class = $2 AND closed_at IS NULL`,
          [input.providerId, memberClass],
        );
        // One not yet counted (due, before the closing job's minute) counts too: its winners are about to sit.
        if (open > 0) throw governanceWrongState(`An election for the ${memberClass} seats is open or being counted: wait for its result.`);
      }
      const secret = input.secret ?? election;
      const [{ id }]: { id: string }[] = await em.query(
        `INSERT INTO motion (provider_id, kind, title, body, secret, election_class, seats_to_fill, opened_by_id, closes_at, rules)
         SELECT c.provider_id, $2, $3, $4, $5, $6::member_class, $7, $8, $9,
                ${rulesSnapshot({ kind: '$2', electionClass: '$6', at: 'now()' })}
         FROM co_op_constitution c WHERE c.provider_id = $1
         RETURNING id`,
        [
          constitution.providerId,
          input.kind,
          title,
          body,
          secret,
          election ? input.memberClass : null,
          input.seatsToFill ?? null,
          actor.personId,
          input.closesAt,
        ],
      );
      for (const c of candidates)
        await em.query(`INSERT INTO election_candidate (motion_id, member_id, statement) VALUES ($1, $2, $3)`, [
          id,
          c.memberId,
          c.statement,
        ]);
      await this.audit.record(acting, {
        action: 'motion.open',
        objectType: 'Motion',
        objectId: id,
        providerId: input.providerId,
        summary: {
          kind: input.kind,
          title,
          secret,
          closesAt: input.closesAt,
          memberClass: input.memberClass ?? null,
          candidates: candidates.length,
        },
      });
      return em.findOneByOrFail(Motion, { id });
    });
  }

  private candidatesOf(input: OpenMotionInput): { memberId: string; statement: string | null }[] {
    if (!input.memberClass || !Object.values(MemberClass).includes(input.memberClass))
      throw governanceInvalidInput('An election names the class electing.', 'input.memberClass');
    const given = input.candidates ?? [];
    if (given.length < 1 || given.length > MAX_CANDIDATES)
      throw governanceInvalidInput(`An election has 1 to ${MAX_CANDIDATES} candidates.`, 'input.candidates');
    if (new Set(given.map((c) => c.memberId)).size !== given.length)
      throw governanceInvalidInput('A candidate stands once.', 'input.candidates');
    return given.map((c) => ({
      memberId: c.memberId,
      statement: optionalText(c.statement, {
        max: MAX_STATEMENT_LENGTH,
        argument: 'input.candidates.statement',
        invalid: governanceInvalidInput,
        what: 'A statement',
      }),
    }));
  }

  /** A motion for whoever may follow its co-op's governance; FORBIDDEN for others, and only an admin learns an id is unknown. */
  async view(acting: Acting, id: string): Promise<Motion> {
    const actor = requirePerson(acting.actor);
    const motion = await this.uow.manager.findOneBy(Motion, { id });
    if (!motion) {
      if (isAdmin(actor)) throw governanceNotFound('No motion has that id.', 'id');
      throw forbidden();
    }
    if (!mayFollowGovernance(await this.reader.standing(actor, motion.providerId))) throw forbidden(NOT_FOLLOWING);
    return motion;
  }

  /** The motion as stored now (after a read closed it). */
  reload(id: string): Promise<Motion> {
    return this.uow.manager.findOneByOrFail(Motion, { id });
  }

  /** A page of the co-op's motions, newest first, for whoever may follow its governance. */
  async motionsOf(acting: Acting, providerId: string, args: { open?: boolean | null; first?: number | null; after?: string | null }) {
    const actor = requirePerson(acting.actor);
    if (!mayFollowGovernance(await this.reader.standing(actor, providerId))) throw forbidden(NOT_FOLLOWING);
    const qb = this.uow.manager.getRepository(Motion).createQueryBuilder('m').where('m.provider_id = :providerId', { providerId });
    if (args.open === true) qb.andWhere('m.closed_at IS NULL AND m.closes_at > now()');
    if (args.open === false) qb.andWhere('(m.closed_at IS NOT NULL OR m.closes_at <= now())');
    return pageByTimeAndId(qb, { sort: 'motions', column: 'opened_at', order: 'DESC', first: args.first, after: args.after });
  }
}

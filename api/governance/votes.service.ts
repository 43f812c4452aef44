import { createHash, randomBytes } from 'node:crypto';
import { QueryFailedError } from 'typeorm';
import { type Acting, canActForPerson, isAdmin, requirePerson } from '../auth/actor.js';
import { RepresentativeRight } from '../auth/auth.enums.js';
import { forbidden } from '../auth/auth.exception.js';
import type { AuditService } from '../audit/audit.service.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import { MotionKind, VoteChoice } from './governance.enums.js';
import { alreadyVoted, governanceInvalidInput, governanceNotFound, notEntitledToVote, votingClosed } from './governance.exception.js';
import type { GovernanceReader } from './governance.reader.js';
import type { CoOpMember } from './member.entity.js';
import { ElectionCandidate, Motion } from './motion.entity.js';
import { type BallotReceiptCheck, type CastVote, type CastVoteInput, MAX_CANDIDATES } from './motion.types.js';
import type { MotionRules } from './tally.js';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
/** 20 random bytes: 160 bits, 32 base-32 characters, shown in groups of four. */
const RECEIPT_BYTES = 20;
/** The longest text taken as a receipt code (with spaces or hyphens), checked before anything is hashed. */
export const MAX_RECEIPT_INPUT = 64;

function base32(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += BASE32[(value << (5 - bits)) & 31];
  return out;
}

/** The hash stored for a code, however it was typed: case, spaces and hyphens do not matter. */
export function receiptHash(code: string): Buffer {
  return createHash('sha256').update(code.toUpperCase().replace(/[\s-]/g, '')).digest();
}

function newReceiptCode(): string {
  return base32(randomBytes(RECEIPT_BYTES)).match(/.{4}/g)!.join('-');
}

/**
 * The rule on who votes: on coopcare's register before the motion opened (entered_at, not joined_on, which a
 * register brought in from paper backdates), not left since, and of a class the motion counts (an election's only).
 */
export function isEntitled(member: CoOpMember, motion: Motion): boolean {
  const rules = motion.rules as MotionRules;
  return (
    member.providerId === motion.providerId &&
    member.leftAt === null &&
    member.enteredAt.getTime() < motion.openedAt.getTime() &&
    rules.classes.some((c) => c.memberClass === member.memberClass)
  );
}

const NOT_YOURS = 'You vote only as a member of this co-op, or for a member who granted you VOTE.';

/**
 * Casting votes and checking receipts. A vote writes that the member voted (motion_voter) and how
 * (ballot) in one transaction; for a secret motion nothing joins the two. The audit names the member, never
 * the ballot or the choice. Votes are never changed: a second is refused.
 */
export class VotesService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly reader: GovernanceReader,
    private readonly audit: AuditService,
  ) {}

  async cast(acting: Acting, input: CastVoteInput): Promise<CastVote> {
    const actor = requirePerson(acting.actor);
    if (input.approve && input.approve.length > MAX_CANDIDATES)
      throw governanceInvalidInput(`Approve at most ${MAX_CANDIDATES} candidates.`, 'input.approve');
    const motion = await this.uow.manager.findOneBy(Motion, { id: input.motionId });
    if (!motion) {
      if (isAdmin(actor)) throw governanceNotFound('No motion has that id.', 'input.motionId');
      throw forbidden();
    }
    const member = await this.voter(acting, motion, input.memberId);
    const election = motion.kind === MotionKind.BOARD_ELECTION;
    if (election ? input.choice != null || !input.approve : input.approve != null || !input.choice)
      throw governanceInvalidInput(
        election ? 'An election takes `approve` (candidates; none to abstain), not a choice.' : 'A resolution takes a `choice`.',
        election ? 'input.approve' : 'input.choice',
      );
    if (input.choice && !Object.values(VoteChoice).includes(input.choice)) throw governanceInvalidInput('Unknown choice.', 'input.choice');
    const approve = [...new Set(input.approve ?? [])];
    if (approve.length !== (input.approve ?? []).length) throw governanceInvalidInput('Approve a candidate once.', 'input.approve');
    // An election's ballot takes the same statements whoever it approves, nobody included: the request log's
    // duration, joined to the audit's request id, must not tell an abstention from a vote.
    if (election) {
      const theirs = await this.uow.manager.findBy(ElectionCandidate, { motionId: motion.id });
      if (!approve.every((id) => theirs.some((c) => c.id === id)))
        throw governanceInvalidInput('Approve only this election’s candidates.', 'input.approve');
    }
    if (motion.closedAt || motion.closesAt.getTime() <= Date.now()) throw votingClosed('Voting on this motion has closed.');
    if (!isEntitled(member, motion))
      throw notEntitledToVote(
        'Only members on the register before the motion opened, who have not left' +
          (election ? ', of the class electing,' : '') +
          ' may vote.',
      );
    const receiptCode = newReceiptCode();
    await this.uow.transaction(async (em) => {
      try {
        let ballotId: string | null = null;
        if (!motion.secret) {
          // An open ballot's voter row points at it, so the ballot goes in first; a refused second vote's rollback removes it.
          ballotId = await this.insertBallot(em, motion, member, input.choice ?? null, approve, receiptCode);
        }
        // The voter row's key (motion, member) decides a race: the loser waits here, then finds it taken.
        const voted = await em.query(
          `INSERT INTO motion_voter (motion_id, member_id, cast_by_id, ballot_id) VALUES ($1, $2, $3, $4)
           ON CONFLICT (motion_id, member_id) DO NOTHING RETURNING member_id`,
          [motion.id, member.id, actor.personId, ballotId],
        );
        if (voted.length === 0) throw alreadyVoted('That member has voted on this motion already; a vote is never changed.');
        if (motion.secret) await this.insertBallot(em, motion, member, input.choice ?? null, approve, receiptCode);
      } catch (error) {
        // governance_motion_open refuses a late ballot by the clock, under the motion row's lock.
        if (error instanceof QueryFailedError && (error.driverError as { code?: string }).code === '23514')
          throw votingClosed('Voting on this motion closed before the vote was cast.');
        throw error;
      }
      await this.audit.record(acting, {
        action: 'governance.vote',
        objectType: 'Motion',
        objectId: motion.id,
        providerId: motion.providerId,
        // Never how, even on an open ballot: that is published at the close (recordedVotes), not while voting is open.
        summary: { memberId: member.id },
      });
    });
    return { motionId: motion.id, memberId: member.id, receiptCode };
  }

  private async insertBallot(
    em: Pick<UnitOfWork['manager'], 'query'>,
    motion: Motion,
    member: CoOpMember,
    choice: VoteChoice | null,
    approve: string[],
    receiptCode: string,
  ): Promise<string> {
    const [{ id }]: { id: string }[] = await em.query(
      `INSERT INTO ballot (motion_id, member_class, choice, receipt_hash) VALUES ($1, $2, $3, $4) RETURNING id`,
      [motion.id, member.memberClass, choice, receiptHash(receiptCode)],
    );
    if (motion.kind === MotionKind.BOARD_ELECTION)
      await em.query(`INSERT INTO ballot_approval (ballot_id, candidate_id) SELECT $1, unnest($2::uuid[])`, [id, approve]);
    return id;
  }

  /** The membership voting: named, or the one the actor may vote for at the co-op. FORBIDDEN for one they may not vote for. */
  private async voter(acting: Acting, motion: Motion, memberId: string | null | undefined): Promise<CoOpMember> {
    const actor = requirePerson(acting.actor);
    if (memberId) {
      const member = await this.reader.member(memberId);
      if (!member || member.providerId !== motion.providerId || !canActForPerson(actor, member.personId, RepresentativeRight.VOTE))
        throw forbidden(NOT_YOURS);
      return member;
    }
    const { votesFor } = await this.reader.standing(actor, motion.providerId);
    if (votesFor.length === 0) throw forbidden(NOT_YOURS);
    if (votesFor.length > 1)
      throw governanceInvalidInput('You may vote for more than one member of this co-op: say which with memberId.', 'input.memberId');
    return votesFor[0]!;
  }

  /** What a receipt shows: any signed-in person may check one (the code is the secret), never a secret ballot's choice. */
  async checkReceipt(acting: Acting, code: string): Promise<BallotReceiptCheck> {
    requirePerson(acting.actor);
    if (code.length > MAX_RECEIPT_INPUT) throw governanceInvalidInput(`A receipt code is at most ${MAX_RECEIPT_INPUT} characters.`, 'code');
    const rows: {
      motion_id: string;
      title: string;
      member_class: CoOpMember['memberClass'];
      closed: boolean;
      secret: boolean;
      choice: VoteChoice | null;
      approved: string[];
    }[] = await this.uow.manager.query(
      `SELECT b.motion_id, m.title, b.member_class, (m.closed_at IS NOT NULL OR m.closes_at <= now()) AS closed, m.secret, b.choice,
              coalesce(array(SELECT a.candidate_id::text FROM ballot_approval a WHERE a.ballot_id = b.id ORDER BY 1), '{}') AS approved
         FROM ballot b JOIN motion m ON m.id = b.motion_id WHERE b.receipt_hash = $1`,
      [receiptHash(code)],
    );
    const row = rows[0];
    if (!row)
      return {
        counted: false,
        motionId: null,
        motionTitle: null,
        memberClass: null,
        motionClosed: null,
        secret: null,
        choice: null,
        approved: null,
      };
    return {
      counted: true,
      motionId: row.motion_id,
      motionTitle: row.title,
      memberClass: row.member_class,
      motionClosed: row.closed,
      secret: row.secret,
      choice: row.secret ? null : row.choice,
      approved: row.secret ? null : row.approved,
    };
  }
}

import type { AuditService } from '../audit/audit.service.js';
import { londonDate } from '../common/london.js';
import type { UnitOfWork } from '../common/unit-of-work.js';
import type { MemberClass } from '../directory/directory.enums.js';
import type { ScheduledJob } from '../notifications/scheduler.js';
import type { BoardService } from './board.service.js';
import { MotionKind, VoteChoice } from './governance.enums.js';
import { Motion } from './motion.entity.js';
import { type ClassVotes, type MotionResultData, type MotionRules, tallyElection, tallyResolution } from './tally.js';

/** Motions closed in one run of the job; the rest wait a minute. */
const BATCH = 50;

/**
 * Closing a motion: counting its ballots under the rules fixed when it opened and writing closed_at and
 * the result once (the table's trigger refuses any other change). Idempotent: the motion row is locked
 * FOR UPDATE, which waits for votes in flight (they hold it FOR SHARE), and a closed one is left alone.
 */
export class MotionClosing implements ScheduledJob {
  readonly name = 'motion-closing';
  readonly everySeconds = 60;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditService,
    private readonly terms: Pick<BoardService, 'startElectedTerms'>,
  ) {}

  /** Closes every motion due by the clock; returns how many it closed. */
  async run(): Promise<number> {
    const due: { id: string }[] = await this.uow.manager.query(
      `SELECT id FROM motion WHERE closed_at IS NULL AND closes_at <= clock_timestamp() ORDER BY closes_at LIMIT $1`,
      [BATCH],
    );
    let closed = 0;
    for (const { id } of due) if (await this.close(id)) closed++;
    return closed;
  }

  /** Closes the motion if it is due and open; whether this call closed it. */
  close(motionId: string): Promise<boolean> {
    return this.uow.transaction(async (em) => {
      const motion = await em.findOne(Motion, { where: { id: motionId }, lock: { mode: 'pessimistic_write' } });
      if (!motion || motion.closedAt) return false;
      const [{ due }] = await em.query(`SELECT $1::timestamptz <= clock_timestamp() AS due`, [motion.closesAt]);
      if (!due) return false;
      const result = await this.count(em, motion);
      await em.query(`UPDATE motion SET closed_at = clock_timestamp(), result = $2 WHERE id = $1`, [motion.id, JSON.stringify(result)]);
      const winners = result.candidates.filter((c) => c.elected).map((c) => c.memberId);
      if (winners.length > 0)
        await this.terms.startElectedTerms(
          motion.providerId,
          motion.id,
          motion.electionClass!,
          winners,
          londonDate(),
          (motion.rules as MotionRules).boardTermMonths,
        );
      await this.audit.recordByJob(this.name, [
        {
          action: 'motion.close',
          objectType: 'Motion',
          objectId: motion.id,
          providerId: motion.providerId,
          summary: { passed: result.passed, quorumMet: result.quorumMet, ballotsCast: result.ballotsCast, elected: winners },
        },
      ]);
      return true;
    });
  }

  private async count(em: UnitOfWork['manager'], motion: Motion): Promise<MotionResultData> {
    const rules = motion.rules as MotionRules;
    if (motion.kind !== MotionKind.BOARD_ELECTION) {
      const rows: { member_class: MemberClass; choice: VoteChoice; n: number }[] = await em.query(
        `SELECT member_class, choice, count(*)::int AS n FROM ballot WHERE motion_id = $1 GROUP BY 1, 2`,
        [motion.id],
      );
      return tallyResolution(rules, votesByClass(rows));
    }
    // An election's ballot counts as "for" when it approves anyone and as an abstention when it approves nobody.
    const ballots: { member_class: MemberClass; choice: VoteChoice; n: number }[] = await em.query(
      `SELECT b.member_class,
              CASE WHEN EXISTS (SELECT 1 FROM ballot_approval a WHERE a.ballot_id = b.id) THEN 'FOR' ELSE 'ABSTAIN' END AS choice,
              count(*)::int AS n
         FROM ballot b WHERE b.motion_id = $1 GROUP BY 1, 2`,
      [motion.id],
    );
    // The candidates' memberships are locked as read, so a leaving in flight is waited for: the seated are members.
    const members: { id: string; still_member: boolean }[] = await em.query(
      `SELECT m.id, m.left_at IS NULL AS still_member FROM election_candidate c JOIN co_op_member m ON m.id = c.member_id
        WHERE c.motion_id = $1 FOR SHARE OF m`,
      [motion.id],
    );
    const candidates: { id: string; member_id: string; approvals: number }[] = await em.query(
      `SELECT c.id, c.member_id, count(a.ballot_id)::int AS approvals
         FROM election_candidate c LEFT JOIN ballot_approval a ON a.candidate_id = c.id
        WHERE c.motion_id = $1 GROUP BY c.id, c.member_id`,
      [motion.id],
    );
    return tallyElection(
      rules,
      votesByClass(ballots),
      candidates.map((c) => ({
        candidateId: c.id,
        memberId: c.member_id,
        approvals: c.approvals,
        stillMember: members.some((m) => m.id === c.member_id && m.still_member),
      })),
      motion.seatsToFill!,
    );
  }
}

function votesByClass(rows: readonly { member_class: MemberClass; choice: VoteChoice; n: number }[]): ClassVotes[] {
  const byClass = new Map<MemberClass, ClassVotes>();
  for (const r of rows) {
    const v = byClass.get(r.member_class) ?? { memberClass: r.member_class, for: 0, against: 0, abstain: 0 };
    if (r.choice === VoteChoice.FOR) v.for += r.n;
    else if (r.choice === VoteChoice.AGAINST) v.against += r.n;
    else v.abstain += r.n;
    byClass.set(r.member_class, v);
  }
  return [...byClass.values()];
}

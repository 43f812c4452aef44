import type { MemberClass } from '../directory/directory.enums.js';
import { VotingBasis } from './governance.enums.js';

/** One class as the motion counts it, fixed when it opened: its weight (null under one member one vote) and electorate. */
export interface ClassRule {
  memberClass: MemberClass;
  weightPercent: number | null;
  electorate: number;
}

/** What a motion is counted under (motion.rules), fixed when it opens. */
export interface MotionRules {
  votingBasis: VotingBasis;
  quorumPercent: number;
  /** How long an election's winners sit: the constitution's board term as the motion opened. */
  boardTermMonths: number;
  /** A resolution's majority: MORE_THAN (ordinary) or AT_LEAST (special) this share of the for-and-against vote; null for an election. */
  majority: { rule: 'MORE_THAN' | 'AT_LEAST'; percent: number } | null;
  classes: ClassRule[];
}

export interface ClassVotes {
  memberClass: MemberClass;
  for: number;
  against: number;
  abstain: number;
}

export interface ClassCount extends ClassVotes {
  electorate: number;
  weightPercent: number | null;
}

export interface CandidateCount {
  candidateId: string;
  memberId: string;
  approvals: number;
  elected: boolean;
}

/** What a closed motion's count found (motion.result), written once at the close. */
export interface MotionResultData {
  quorumMet: boolean;
  ballotsCast: number;
  electorate: number;
  /** A resolution: whether it passed; an election: whether any seat was filled. */
  passed: boolean;
  /** The share of the for-and-against vote that was for, as a percentage to 2 places; null with no such votes (or an election). */
  forSharePercent: number | null;
  classes: ClassCount[];
  candidates: CandidateCount[];
  /** Candidates tied for the last seat, which stays unfilled. */
  tiedForLastSeat: string[];
  summary: string;
}

/** A non-negative rational, exact. */
interface Ratio {
  n: bigint;
  d: bigint;
}

const add = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });

/** The share for, exactly: weighted per class, or one member one vote; null when nobody voted for or against. */
export function forShare(rules: MotionRules, votes: readonly ClassVotes[]): Ratio | null {
  if (rules.votingBasis === VotingBasis.ONE_MEMBER_ONE_VOTE) {
    const f = votes.reduce((s, v) => s + v.for, 0);
    const decided = votes.reduce((s, v) => s + v.for + v.against, 0);
    return decided === 0 ? null : { n: BigInt(f), d: BigInt(decided) };
  }
  // Each class's weight is split among its members who voted for or against; a class with none of those
  // drops out, and the rest share the whole.
  let weighted: Ratio = { n: 0n, d: 1n };
  let totalWeight = 0n;
  for (const v of votes) {
    const decided = v.for + v.against;
    const weight = BigInt(rules.classes.find((c) => c.memberClass === v.memberClass)?.weightPercent ?? 0);
    if (decided === 0 || weight === 0n) continue;
    weighted = add(weighted, { n: weight * BigInt(v.for), d: BigInt(decided) });
    totalWeight += weight;
  }
  return totalWeight === 0n ? null : { n: weighted.n, d: weighted.d * totalWeight };
}

/** A ratio as a percentage to 2 places, half rounded up. */
export function percent(r: Ratio): number {
  const hundredths = (r.n * 10_000n * 2n + r.d) / (2n * r.d);
  return Number(hundredths) / 100;
}

function quorum(rules: MotionRules, ballotsCast: number): { electorate: number; met: boolean } {
  const electorate = rules.classes.reduce((s, c) => s + c.electorate, 0);
  // Whole numbers: ballots × 100 ≥ quorum% × electorate, so 1 of 3 under a third's quorum meets it exactly.
  return { electorate, met: electorate > 0 && ballotsCast * 100 >= rules.quorumPercent * electorate };
}

function classCounts(rules: MotionRules, votes: readonly ClassVotes[]): ClassCount[] {
  return rules.classes.map((c) => {
    const v = votes.find((x) => x.memberClass === c.memberClass);
    return {
      memberClass: c.memberClass,
      for: v?.for ?? 0,
      against: v?.against ?? 0,
      abstain: v?.abstain ?? 0,
      electorate: c.electorate,
      weightPercent: c.weightPercent,
    };
  });
}

/** A resolution's result: quorum of ballots (abstentions count), then the majority of the for-and-against vote. */
export function tallyResolution(rules: MotionRules, votes: readonly ClassVotes[]): MotionResultData {
  const classes = classCounts(rules, votes);
  const ballotsCast = classes.reduce((s, c) => s + c.for + c.against + c.abstain, 0);
  const { electorate, met } = quorum(rules, ballotsCast);
  const share = forShare(rules, votes);
  const majority = rules.majority;
  if (!majority) throw new Error('A resolution is counted under a majority');
  const threshold = BigInt(majority.percent);
  const carried =
    share !== null && (majority.rule === 'MORE_THAN' ? share.n * 100n > threshold * share.d : share.n * 100n >= threshold * share.d);
  const passed = met && carried;
  const sharePercent = share === null ? null : percent(share);
  const summary = !met
    ? `Not passed: quorum not met (${ballotsCast} of ${electorate} voted; ${rules.quorumPercent}% needed).`
    : `${passed ? 'Passed' : 'Not passed'}: ${sharePercent ?? 0}% for; ${majority.rule === 'MORE_THAN' ? 'more than' : 'at least'} ` +
      `${majority.percent}% needed.`;
  return {
    quorumMet: met,
    ballotsCast,
    electorate,
    passed,
    forSharePercent: sharePercent,
    classes,
    candidates: [],
    tiedForLastSeat: [],
    summary,
  };
}

/**
 * An approval election: the seatsToFill most-approved candidates win; a tie for the last seat leaves it
 * unfilled (the tied are named), and a candidate nobody approved is not elected. Without quorum nobody is.
 * A candidate who left the co-op before the close takes no seat, as if they had withdrawn: their approvals
 * are shown, and the seats go to the most approved of those still members.
 */
export function tallyElection(
  rules: MotionRules,
  ballots: readonly ClassVotes[],
  candidates: readonly { candidateId: string; memberId: string; approvals: number; stillMember: boolean }[],
  seatsToFill: number,
): MotionResultData {
  const classes = classCounts(rules, ballots);
  const ballotsCast = classes.reduce((s, c) => s + c.for + c.against + c.abstain, 0);
  const { electorate, met } = quorum(rules, ballotsCast);
  const elected = new Set<string>();
  let tied: string[] = [];
  const standing = candidates.filter((c) => c.stillMember);
  if (met) {
    const levels = [...new Set(standing.map((c) => c.approvals).filter((a) => a > 0))].sort((a, b) => b - a);
    for (const level of levels) {
      const group = standing.filter((c) => c.approvals === level).map((c) => c.candidateId);
      if (elected.size + group.length <= seatsToFill) for (const id of group) elected.add(id);
      else {
        if (elected.size < seatsToFill) tied = group;
        break;
      }
      if (elected.size === seatsToFill) break;
    }
  }
  const counted = candidates
    .map(({ candidateId, memberId, approvals }) => ({ candidateId, memberId, approvals, elected: elected.has(candidateId) }))
    .sort((a, b) => b.approvals - a.approvals || a.candidateId.localeCompare(b.candidateId));
  const gone = candidates.length - standing.length;
  const summary =
    (!met
      ? `Nobody elected: quorum not met (${ballotsCast} of ${electorate} voted; ${rules.quorumPercent}% needed).`
      : `${elected.size} of ${seatsToFill} seats filled` +
        (tied.length ? `; ${tied.length} candidates tied for the last seat, which stays unfilled.` : '.')) +
    (gone ? ` ${gone === 1 ? '1 candidate' : `${gone} candidates`} left the co-op before the close and took no seat.` : '');
  return {
    quorumMet: met,
    ballotsCast,
    electorate,
    passed: elected.size > 0,
    forSharePercent: null,
    classes,
    candidates: counted,
    tiedForLastSeat: tied,
    summary,
  };
}

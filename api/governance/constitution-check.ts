import type { MemberClass } from '../directory/directory.enums.js';
import { byClassOrder, type ClassRules, type ConstitutionRules, ConstitutionRule, type Share } from './constitution-rules.js';
import { BREACH_WORDS, percentWords } from './constitution-words.js';
import { VotingBasis } from './governance.enums.js';

/** Members in force in one class, and how many of them are public bodies. */
export interface ClassCount {
  memberClass: MemberClass;
  members: number;
  publicBodies: number;
}

/** Board seats in force today for one class, and how many of their holders are no longer members. */
export interface SeatCount {
  memberClass: MemberClass;
  seats: number;
  notMembers: number;
}

export interface Breach {
  rule: ConstitutionRule;
  /** The class it is about; null for a rule of the whole register (too few classes, public bodies). */
  memberClass: MemberClass | null;
  message: string;
}

/** An exact ratio: weighted shares divide weights among members, and a limit of "a fifth" must hold at a fifth exactly. */
interface Ratio {
  n: bigint;
  d: bigint;
}
const ratio = (n: number | bigint, d: number | bigint): Ratio => ({ n: BigInt(n), d: BigInt(d) });
const add = (a: Ratio, b: Ratio): Ratio => ({ n: a.n * b.d + b.n * a.d, d: a.d * b.d });
const exceeds = (share: Ratio, limit: Share) => share.n * BigInt(limit.denominator) > BigInt(limit.numerator) * share.d;

/**
 * Every rule the register (members in force, counted by class) and the board in force today break, in
 * plain words: the rules of the whole register first, then each class's in the directory's class order.
 * Pure, so each rule is tested on its own (constitution-check.test.ts).
 */
export function checkConstitution(rules: ConstitutionRules, register: readonly ClassCount[], board: readonly SeatCount[]): Breach[] {
  const breaches: Breach[] = [];
  const breach = (rule: ConstitutionRule, memberClass: MemberClass | null, message: string) =>
    breaches.push({ rule, memberClass, message });
  const ruleOf = new Map(rules.classes.map((c) => [c.memberClass, c]));
  const present = register.filter((c) => c.members > 0).sort(byClassOrder);
  const totalMembers = present.reduce((sum, c) => sum + c.members, 0);

  if (present.length < rules.minimumClasses)
    breach(ConstitutionRule.MINIMUM_CLASSES, null, BREACH_WORDS.minimumClasses(present.length, rules.minimumClasses));
  const votes = voteShares(rules, present);
  if (rules.publicBodiesMaxVoteShare) {
    const publicBodies = present
      .filter((c) => c.publicBodies > 0)
      .reduce((sum, c) => add(sum, { n: votes.of(c).n * BigInt(c.publicBodies), d: votes.of(c).d * BigInt(c.members) }), ratio(0, 1));
    if (exceeds(publicBodies, rules.publicBodiesMaxVoteShare))
      breach(
        ConstitutionRule.PUBLIC_BODIES_MAX_VOTE_SHARE,
        null,
        BREACH_WORDS.publicBodies(percentWords(publicBodies.n, publicBodies.d), rules.publicBodiesMaxVoteShare),
      );
  }

  for (const c of rules.classes.filter((r) => r.required && !present.some((p) => p.memberClass === r.memberClass)).sort(byClassOrder))
    breach(ConstitutionRule.REQUIRED_CLASS, c.memberClass, BREACH_WORDS.requiredClass(c.memberClass));
  for (const c of present) {
    const rule = ruleOf.get(c.memberClass);
    if (!rule) {
      breach(ConstitutionRule.CLASS_NOT_IN_CONSTITUTION, c.memberClass, BREACH_WORDS.classNotInConstitution(c.memberClass, c.members));
      continue;
    }
    if (rule.maxMemberShare && exceeds(ratio(c.members, totalMembers), rule.maxMemberShare))
      breach(
        ConstitutionRule.MAX_MEMBER_SHARE,
        c.memberClass,
        BREACH_WORDS.memberShare(c.memberClass, c.members, totalMembers, rule.maxMemberShare),
      );
    if (rule.maxVoteShare && exceeds(votes.of(c), rule.maxVoteShare))
      breach(ConstitutionRule.MAX_VOTE_SHARE, c.memberClass, votes.words(c, rule.maxVoteShare));
  }
  checkBoard(rules, board, breach);
  return breaches;
}

interface VoteShares {
  of(c: ClassCount): Ratio;
  /** The sentence for a class above its limit. */
  words(c: ClassCount, limit: Share): string;
}

/**
 * A class's share of the votes. Under one member one vote, its members' share; weighted, its weight among
 * the weights of the classes that have members, since an empty class's weight falls to the others.
 */
function voteShares(rules: ConstitutionRules, present: readonly ClassCount[]): VoteShares {
  if (rules.votingBasis === VotingBasis.ONE_MEMBER_ONE_VOTE) {
    const total = present.reduce((sum, c) => sum + c.members, 0);
    return {
      of: (c) => ratio(c.members, total),
      words: (c, limit) => BREACH_WORDS.votesCounted(c.memberClass, c.members, total, limit),
    };
  }
  const weightOf = (c: ClassCount) => rules.classes.find((r) => r.memberClass === c.memberClass)?.voteWeightPercent ?? 0;
  const weights = present.reduce((sum, c) => sum + weightOf(c), 0);
  // No class with members has a weight: no vote counts for anything, so no class holds a share.
  const of = (c: ClassCount) => (weights === 0 ? ratio(0, 1) : ratio(weightOf(c), weights));
  return {
    of,
    words: (c, limit) => BREACH_WORDS.votesWeighted(c.memberClass, percentWords(of(c).n, of(c).d), weights, limit),
  };
}

function checkBoard(
  rules: ConstitutionRules,
  board: readonly SeatCount[],
  breach: (rule: ConstitutionRule, memberClass: MemberClass | null, message: string) => void,
): void {
  const seatsOf = (memberClass: MemberClass) => board.find((s) => s.memberClass === memberClass);
  const filled = board.reduce((sum, s) => sum + s.seats, 0);
  const classes: (ClassRules | { memberClass: MemberClass; boardSeats: 0; minimumBoardSeats: 0; maxBoardShare: null })[] = [
    ...rules.classes,
    ...board
      .filter((s) => !rules.classes.some((r) => r.memberClass === s.memberClass))
      .map((s) => ({ memberClass: s.memberClass, boardSeats: 0 as const, minimumBoardSeats: 0 as const, maxBoardShare: null })),
  ].sort(byClassOrder);
  for (const rule of classes) {
    const seats = seatsOf(rule.memberClass)?.seats ?? 0;
    if (seats < rule.minimumBoardSeats)
      breach(
        ConstitutionRule.MINIMUM_BOARD_SEATS,
        rule.memberClass,
        BREACH_WORDS.minimumBoardSeats(rule.memberClass, seats, rule.minimumBoardSeats),
      );
    if (seats > rule.boardSeats)
      breach(ConstitutionRule.BOARD_SEATS, rule.memberClass, BREACH_WORDS.boardSeats(rule.memberClass, seats, rule.boardSeats));
    if (rule.maxBoardShare && seats > 0 && exceeds(ratio(seats, filled), rule.maxBoardShare))
      breach(
        ConstitutionRule.MAX_BOARD_SHARE,
        rule.memberClass,
        BREACH_WORDS.boardShare(rule.memberClass, seats, filled, rule.maxBoardShare),
      );
    const gone = seatsOf(rule.memberClass)?.notMembers ?? 0;
    if (gone > 0)
      breach(ConstitutionRule.BOARD_MEMBER_NOT_MEMBER, rule.memberClass, BREACH_WORDS.boardMemberNotMember(rule.memberClass, gone));
  }
}

import { MemberClass } from '../directory/directory.enums.js';
import type { Share } from './constitution-rules.js';

/**
 * Every word constitutionCheck says, in one place: the names of the classes, shares as people say them,
 * and each breach's sentence.
 */

const CLASS_WORDS: Record<MemberClass, { many: string; one: string }> = {
  [MemberClass.WORKER]: { many: 'workers', one: 'a worker' },
  [MemberClass.SERVICE_USER]: { many: 'service users', one: 'a service user' },
  [MemberClass.VOLUNTEER]: { many: 'volunteers', one: 'a volunteer' },
  [MemberClass.FAMILY_CARER]: { many: 'family carers', one: 'a family carer' },
  [MemberClass.SUPPORTER]: { many: 'supporters', one: 'a supporter' },
  [MemberClass.INVESTOR]: { many: 'investors', one: 'an investor' },
  [MemberClass.LEGAL_ENTITY]: { many: 'member organisations', one: 'a member organisation' },
};

const NAMED_SHARES: Record<string, string> = {
  '1/1': 'all',
  '1/2': 'half',
  '1/3': 'a third',
  '2/3': 'two thirds',
  '1/4': 'a quarter',
  '3/4': 'three quarters',
  '1/5': 'a fifth',
};

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** "half", "a third", "two thirds", "a quarter", "three quarters", "a fifth", otherwise "3/7" (in lowest terms). */
export function shareWords({ numerator, denominator }: Share): string {
  const d = gcd(numerator, denominator);
  const lowest = `${numerator / d}/${denominator / d}`;
  return NAMED_SHARES[lowest] ?? lowest;
}

const capital = (words: string) => words.charAt(0).toUpperCase() + words.slice(1);
const many = (memberClass: MemberClass) => CLASS_WORDS[memberClass].many;
const Many = (memberClass: MemberClass) => capital(many(memberClass));
const count = (n: number, one: string, more: string) => `${n} ${n === 1 ? one : more}`;
const atMost = (limit: Share) => `the rules allow at most ${shareWords(limit)}`;

/** A percentage to one decimal place, so a share just over a limit never reads as the limit ("50.4%", "60%"). */
export const percentWords = (numerator: bigint, denominator: bigint) =>
  `${Number((numerator * 1000n + denominator / 2n) / denominator) / 10}%`;

export const BREACH_WORDS = {
  minimumClasses: (withMembers: number, minimum: number) =>
    withMembers === 0
      ? `The register has no members; the rules need members in at least ${count(minimum, 'class', 'classes')}.`
      : `Members are in ${count(withMembers, 'class', 'classes')}; the rules need members in at least ${minimum}.`,
  requiredClass: (memberClass: MemberClass) => `No ${many(memberClass)} are members; the rules require them.`,
  classNotInConstitution: (memberClass: MemberClass, members: number) =>
    members === 1
      ? `1 member is ${CLASS_WORDS[memberClass].one}, a class the rules do not have.`
      : `${members} members are ${many(memberClass)}, a class the rules do not have.`,
  memberShare: (memberClass: MemberClass, members: number, total: number, limit: Share) =>
    `${Many(memberClass)} are ${members} of ${total} members; ${atMost(limit)}.`,
  /** Under one member one vote: votes counted. */
  votesCounted: (memberClass: MemberClass, votes: number, total: number, limit: Share) =>
    `${Many(memberClass)} hold ${votes} of ${total} votes; ${atMost(limit)}.`,
  /** Under weighted votes: the class's weight among the weights of the classes with members. */
  votesWeighted: (memberClass: MemberClass, share: string, weightsWithMembers: number, limit: Share) =>
    weightsWithMembers === 100
      ? `${Many(memberClass)} hold ${share} of the votes; ${atMost(limit)}.`
      : `${Many(memberClass)} hold ${share} of the votes, as the classes with members weigh ${weightsWithMembers} in all; ` +
        `${atMost(limit)}.`,
  publicBodies: (share: string, limit: Share) => `Public bodies hold ${share} of the votes; ${atMost(limit)}.`,
  minimumBoardSeats: (memberClass: MemberClass, seats: number, minimum: number) =>
    `${Many(memberClass)} hold ${seats === 0 ? 'no board seat' : count(seats, 'board seat', 'board seats')}; ` +
    `the rules give them at least ${minimum}.`,
  boardSeats: (memberClass: MemberClass, seats: number, allowed: number) =>
    `${Many(memberClass)} hold ${count(seats, 'board seat', 'board seats')}; ` +
    `the rules give them ${allowed === 0 ? 'none' : `at most ${allowed}`}.`,
  boardShare: (memberClass: MemberClass, seats: number, board: number, limit: Share) =>
    `${Many(memberClass)} hold ${seats} of ${board} board seats; ${atMost(limit)}.`,
  boardMemberNotMember: (memberClass: MemberClass, members: number) =>
    members === 1
      ? `1 board member in a seat for ${many(memberClass)} is no longer a member.`
      : `${members} board members in seats for ${many(memberClass)} are no longer members.`,
};

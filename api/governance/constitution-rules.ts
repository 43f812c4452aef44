import { registerEnumType } from 'type-graphql';
import { MemberClass } from '../directory/directory.enums.js';
import type { ConstitutionTemplate, VotingBasis } from './governance.enums.js';

/** A share of something (the board, the members, the votes) as a fraction, so "a third" is exact. */
export interface Share {
  numerator: number;
  denominator: number;
}

/** One class the constitution has: its weight (null under one member one vote), its board seats and its limits. */
export interface ClassRules {
  memberClass: MemberClass;
  voteWeightPercent: number | null;
  boardSeats: number;
  minimumBoardSeats: number;
  required: boolean;
  maxBoardShare: Share | null;
  maxMemberShare: Share | null;
  maxVoteShare: Share | null;
}

/** A constitution's rules as data: what the four templates hold, what a co-op stores, what the check reads. */
export interface ConstitutionRules {
  template: ConstitutionTemplate;
  votingBasis: VotingBasis;
  quorumPercent: number;
  /** An ordinary resolution passes with MORE THAN this share of the votes cast for or against. */
  ordinaryMajorityPercent: number;
  /** A special resolution passes with AT LEAST this share. */
  specialMajorityPercent: number;
  /** How many classes must have members. */
  minimumClasses: number;
  publicBodiesMaxVoteShare: Share | null;
  boardTermMonths: number;
  classes: ClassRules[];
}

/** The classes in the directory's order, so a constitution's classes and its breaches read the same way everywhere. */
export const CLASS_ORDER: readonly MemberClass[] = Object.values(MemberClass);

export const byClassOrder = <T extends { memberClass: MemberClass }>(a: T, b: T) =>
  CLASS_ORDER.indexOf(a.memberClass) - CLASS_ORDER.indexOf(b.memberClass);

/** A rule constitutionCheck finds the register or the board breaking. */
export enum ConstitutionRule {
  MINIMUM_CLASSES = 'MINIMUM_CLASSES',
  REQUIRED_CLASS = 'REQUIRED_CLASS',
  CLASS_NOT_IN_CONSTITUTION = 'CLASS_NOT_IN_CONSTITUTION',
  MAX_MEMBER_SHARE = 'MAX_MEMBER_SHARE',
  MAX_VOTE_SHARE = 'MAX_VOTE_SHARE',
  PUBLIC_BODIES_MAX_VOTE_SHARE = 'PUBLIC_BODIES_MAX_VOTE_SHARE',
  MINIMUM_BOARD_SEATS = 'MINIMUM_BOARD_SEATS',
  BOARD_SEATS = 'BOARD_SEATS',
  MAX_BOARD_SHARE = 'MAX_BOARD_SHARE',
  BOARD_MEMBER_NOT_MEMBER = 'BOARD_MEMBER_NOT_MEMBER',
}
registerEnumType(ConstitutionRule, {
  name: 'ConstitutionRule',
  description: 'A rule of a co-op’s constitution that its register or board can break.',
  valuesConfig: {
    MINIMUM_CLASSES: { description: 'At least `minimumClasses` classes have members.' },
    REQUIRED_CLASS: { description: 'A class the constitution requires has members.' },
    CLASS_NOT_IN_CONSTITUTION: { description: 'Every member is in a class the constitution has.' },
    MAX_MEMBER_SHARE: { description: 'A class is at most its `maxMemberShare` of the members.' },
    MAX_VOTE_SHARE: {
      description:
        'A class holds at most its `maxVoteShare` of the votes: under weighted votes its weight among the weights of the classes ' +
        'with members, under one member one vote its members’ share.',
    },
    PUBLIC_BODIES_MAX_VOTE_SHARE: {
      description:
        'Public bodies together hold at most `publicBodiesMaxVoteShare` of the votes (each its class’s share split among its members).',
    },
    MINIMUM_BOARD_SEATS: { description: 'A class holds at least its `minimumBoardSeats` of the board in force today.' },
    BOARD_SEATS: { description: 'A class holds at most its `boardSeats` (none, for a class the constitution does not have).' },
    MAX_BOARD_SHARE: { description: 'A class holds at most its `maxBoardShare` of the seats filled today.' },
    BOARD_MEMBER_NOT_MEMBER: { description: 'Everyone on the board today is a member in force.' },
  },
});

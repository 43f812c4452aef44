import { MemberClass } from '../directory/directory.enums.js';
import { type ClassRules, type ConstitutionRules, type Share } from './constitution-rules.js';
import { ConstitutionTemplate, VotingBasis } from './governance.enums.js';

const HALF: Share = { numerator: 1, denominator: 2 };
const THIRD: Share = { numerator: 1, denominator: 3 };
const FIFTH: Share = { numerator: 1, denominator: 5 };

/** A class with no weight, seats, limits or requirement, changed by `rules`. */
const member = (memberClass: MemberClass, rules: Partial<ClassRules> = {}): ClassRules => ({
  memberClass,
  voteWeightPercent: null,
  boardSeats: 0,
  minimumBoardSeats: 0,
  required: false,
  maxBoardShare: null,
  maxMemberShare: null,
  maxVoteShare: null,
  ...rules,
});

/**
 * The four models of multi-stakeholder co-op the issue names, as rules a co-op adopts and may then change.
 * Quorums, majorities and board sizes are the models' where they fix one, otherwise sensible defaults a
 * co-op sets from its own rules.
 */
export const TEMPLATES: Readonly<Record<Exclude<ConstitutionTemplate, ConstitutionTemplate.CUSTOM>, ConstitutionRules>> = {
  /**
   * Brighton's Care Co-ops (Care Co-ops' model rules, via Co-operatives UK's multi-stakeholder guidance):
   * workers 40%, people who use the service 40%, other community members 20% of the votes. The model is a
   * partnership of workers and users, so those two classes are required and at least two classes must have
   * members; supporters may not have joined yet, and while they have not, their 20 falls to the others.
   */
  [ConstitutionTemplate.BRIGHTON_40_40_20]: {
    template: ConstitutionTemplate.BRIGHTON_40_40_20,
    votingBasis: VotingBasis.WEIGHTED_BY_CLASS,
    quorumPercent: 10,
    ordinaryMajorityPercent: 50,
    specialMajorityPercent: 75,
    minimumClasses: 2,
    publicBodiesMaxVoteShare: null,
    boardTermMonths: 36,
    classes: [
      member(MemberClass.WORKER, { voteWeightPercent: 40, boardSeats: 2, minimumBoardSeats: 1, required: true }),
      member(MemberClass.SERVICE_USER, { voteWeightPercent: 40, boardSeats: 2, minimumBoardSeats: 1, required: true }),
      member(MemberClass.SUPPORTER, { voteWeightPercent: 20, boardSeats: 1 }),
    ],
  },
  /**
   * An Italian type A social co-op (Law 381/1991, art. 2: volunteer members may be no more than half of the
   * members; art. 11: organisations, public or private, may be members). One member one vote, as in every
   * Italian co-op; workers are the co-op's core, so theirs is the one required class.
   */
  [ConstitutionTemplate.ITALIAN_TYPE_A]: {
    template: ConstitutionTemplate.ITALIAN_TYPE_A,
    votingBasis: VotingBasis.ONE_MEMBER_ONE_VOTE,
    quorumPercent: 10,
    ordinaryMajorityPercent: 50,
    specialMajorityPercent: 75,
    minimumClasses: 1,
    publicBodiesMaxVoteShare: null,
    boardTermMonths: 36,
    classes: [
      member(MemberClass.WORKER, { boardSeats: 3, minimumBoardSeats: 1, required: true }),
      member(MemberClass.SERVICE_USER, { boardSeats: 1 }),
      member(MemberClass.VOLUNTEER, { boardSeats: 1, maxMemberShare: HALF }),
      member(MemberClass.SUPPORTER, { boardSeats: 1 }),
      member(MemberClass.LEGAL_ENTITY, { boardSeats: 1 }),
    ],
  },
  /**
   * A Quebec solidarity co-op (Cooperatives Act, CQLR c C-67.2, ss. 226.1–226.11): user, worker and
   * supporting members, at least two of the three; each class elects board members, supporting members at
   * most a third of the board. One member one vote.
   */
  [ConstitutionTemplate.QUEBEC_SOLIDARITY]: {
    template: ConstitutionTemplate.QUEBEC_SOLIDARITY,
    votingBasis: VotingBasis.ONE_MEMBER_ONE_VOTE,
    quorumPercent: 10,
    ordinaryMajorityPercent: 50,
    specialMajorityPercent: 67,
    minimumClasses: 2,
    publicBodiesMaxVoteShare: null,
    boardTermMonths: 24,
    classes: [
      member(MemberClass.SERVICE_USER, { boardSeats: 3, minimumBoardSeats: 1 }),
      member(MemberClass.WORKER, { boardSeats: 3, minimumBoardSeats: 1 }),
      member(MemberClass.SUPPORTER, { boardSeats: 2, minimumBoardSeats: 1, maxBoardShare: THIRD }),
    ],
  },
  /**
   * A French SCIC (Law 47-1775 of 10 September 1947, art. 19 quinquies to 19 sexdecies, and décret
   * 2002-241): at least three classes, workers and beneficiaries among them; votes by college, none above
   * half; public bodies together at most a fifth. Weights each at most 50, adding up to 100. Special
   * resolutions (an extraordinary general meeting's) need two thirds, rounded up to a whole percentage.
   */
  [ConstitutionTemplate.SCIC]: {
    template: ConstitutionTemplate.SCIC,
    votingBasis: VotingBasis.WEIGHTED_BY_CLASS,
    quorumPercent: 20,
    ordinaryMajorityPercent: 50,
    specialMajorityPercent: 67,
    minimumClasses: 3,
    publicBodiesMaxVoteShare: FIFTH,
    boardTermMonths: 36,
    classes: [
      member(MemberClass.WORKER, { voteWeightPercent: 30, boardSeats: 2, minimumBoardSeats: 1, required: true, maxVoteShare: HALF }),
      member(MemberClass.SERVICE_USER, { voteWeightPercent: 30, boardSeats: 2, minimumBoardSeats: 1, required: true, maxVoteShare: HALF }),
      member(MemberClass.SUPPORTER, { voteWeightPercent: 20, boardSeats: 1, maxVoteShare: HALF }),
      member(MemberClass.LEGAL_ENTITY, { voteWeightPercent: 20, boardSeats: 1, maxVoteShare: HALF }),
    ],
  },
};

import { describe, expect, test } from 'vitest';
import { MemberClass } from '../directory/directory.enums.js';
import { type ClassCount, checkConstitution, type SeatCount } from './constitution-check.js';
import { type ClassRules, type ConstitutionRules, ConstitutionRule } from './constitution-rules.js';
import { TEMPLATES } from './constitution-templates.js';
import { shareWords } from './constitution-words.js';
import { ConstitutionTemplate, VotingBasis } from './governance.enums.js';

const { WORKER, SERVICE_USER, INVESTOR } = MemberClass;

/** A register from class → members (and public bodies among them). */
const register = (counts: Partial<Record<MemberClass, number | [number, number]>>): ClassCount[] =>
  Object.entries(counts).map(([memberClass, n]) => ({
    memberClass: memberClass as MemberClass,
    members: Array.isArray(n) ? n[0] : n,
    publicBodies: Array.isArray(n) ? n[1] : 0,
  }));
/** A board from class → seats (and holders no longer members). */
const board = (seats: Partial<Record<MemberClass, number | [number, number]>>): SeatCount[] =>
  Object.entries(seats).map(([memberClass, n]) => ({
    memberClass: memberClass as MemberClass,
    seats: Array.isArray(n) ? n[0] : n,
    notMembers: Array.isArray(n) ? n[1] : 0,
  }));
const words = (rules: ConstitutionRules, r: ClassCount[], b: SeatCount[]) => checkConstitution(rules, r, b).map((x) => x.message);

describe('shares in words', () => {
  test.each([
    [1, 2, 'half'],
    [2, 4, 'half'],
    [1, 3, 'a third'],
    [2, 6, 'a third'],
    [2, 3, 'two thirds'],
    [1, 4, 'a quarter'],
    [3, 4, 'three quarters'],
    [1, 5, 'a fifth'],
    [3, 7, '3/7'],
    [4, 10, '2/5'],
  ])('%i/%i is "%s"', (numerator, denominator, expected) => {
    expect(shareWords({ numerator, denominator })).toBe(expected);
  });
});

describe('Brighton 40/40/20', () => {
  const rules = TEMPLATES[ConstitutionTemplate.BRIGHTON_40_40_20];

  test('workers, service users and supporters with two, two and one board seats obey it', () => {
    expect(
      checkConstitution(rules, register({ WORKER: 5, SERVICE_USER: 5, SUPPORTER: 2 }), board({ WORKER: 2, SERVICE_USER: 2, SUPPORTER: 1 })),
    ).toEqual([]);
  });

  test('a register of workers and an investor, and a board of three workers one of whom left, break it', () => {
    const breaches = checkConstitution(rules, register({ WORKER: 4, INVESTOR: 1 }), board({ WORKER: [3, 1] }));
    expect(breaches.map((b) => [b.rule, b.memberClass, b.message])).toEqual([
      [ConstitutionRule.REQUIRED_CLASS, SERVICE_USER, 'No service users are members; the rules require them.'],
      [ConstitutionRule.CLASS_NOT_IN_CONSTITUTION, INVESTOR, '1 member is an investor, a class the rules do not have.'],
      [ConstitutionRule.BOARD_SEATS, WORKER, 'Workers hold 3 board seats; the rules give them at most 2.'],
      [ConstitutionRule.BOARD_MEMBER_NOT_MEMBER, WORKER, '1 board member in a seat for workers is no longer a member.'],
      [ConstitutionRule.MINIMUM_BOARD_SEATS, SERVICE_USER, 'Service users hold no board seat; the rules give them at least 1.'],
    ]);
  });

  test('a register of one class is too few classes; a seat of a class the rules lack is one too many', () => {
    expect(words(rules, register({ WORKER: 3 }), board({ WORKER: 1, SERVICE_USER: 1, INVESTOR: 1 }))).toEqual([
      'Members are in 1 class; the rules need members in at least 2.',
      'No service users are members; the rules require them.',
      'Investors hold 1 board seat; the rules give them none.',
    ]);
    expect(words(rules, [], [])[0]).toBe('The register has no members; the rules need members in at least 2 classes.');
  });
});

describe('Italian type A', () => {
  const rules = TEMPLATES[ConstitutionTemplate.ITALIAN_TYPE_A];

  test('volunteers at half of the members obey it', () => {
    expect(checkConstitution(rules, register({ WORKER: 5, VOLUNTEER: 5 }), board({ WORKER: 3, VOLUNTEER: 1 }))).toEqual([]);
  });

  test('volunteers above half the members, no worker on the board and two volunteers on it break it', () => {
    expect(words(rules, register({ WORKER: 4, VOLUNTEER: 6 }), board({ VOLUNTEER: 2 }))).toEqual([
      'Volunteers are 6 of 10 members; the rules allow at most half.',
      'Workers hold no board seat; the rules give them at least 1.',
      'Volunteers hold 2 board seats; the rules give them at most 1.',
    ]);
    expect(words(rules, register({ VOLUNTEER: 2 }), [])).toEqual([
      'No workers are members; the rules require them.',
      'Volunteers are 2 of 2 members; the rules allow at most half.',
      'Workers hold no board seat; the rules give them at least 1.',
    ]);
  });
});

describe('Quebec solidarity', () => {
  const rules = TEMPLATES[ConstitutionTemplate.QUEBEC_SOLIDARITY];

  test('users, workers and supporters with a seat each and supporters a fifth of the board obey it', () => {
    expect(
      checkConstitution(
        rules,
        register({ SERVICE_USER: 10, WORKER: 5, SUPPORTER: 3 }),
        board({ SERVICE_USER: 2, WORKER: 2, SUPPORTER: 1 }),
      ),
    ).toEqual([]);
  });

  test('supporters at exactly a third of the board obey it', () => {
    expect(words(rules, register({ SERVICE_USER: 1, WORKER: 1 }), board({ SERVICE_USER: 1, WORKER: 1, SUPPORTER: 1 }))).toEqual([]);
  });

  test('one class of members, and supporters holding 2 of 5 board seats, break it', () => {
    expect(words(rules, register({ SERVICE_USER: 8 }), board({ SERVICE_USER: 1, WORKER: 2, SUPPORTER: 2 }))).toEqual([
      'Members are in 1 class; the rules need members in at least 2.',
      'Supporters hold 2 of 5 board seats; the rules allow at most a third.',
    ]);
    expect(words(rules, register({ SERVICE_USER: 8, WORKER: 2 }), board({ SERVICE_USER: 3 }))).toEqual([
      'Workers hold no board seat; the rules give them at least 1.',
      'Supporters hold no board seat; the rules give them at least 1.',
    ]);
  });
});

describe('SCIC', () => {
  const rules = TEMPLATES[ConstitutionTemplate.SCIC];

  test('four classes, a public body among the member organisations at a tenth of the votes, obey it', () => {
    const r = register({ WORKER: 4, SERVICE_USER: 4, SUPPORTER: 2, LEGAL_ENTITY: [2, 1] });
    expect(checkConstitution(rules, r, board({ WORKER: 2, SERVICE_USER: 2, SUPPORTER: 1, LEGAL_ENTITY: 1 }))).toEqual([]);
  });

  test('public bodies at exactly a fifth obey it', () => {
    const r = register({ WORKER: 4, SERVICE_USER: 4, SUPPORTER: 2, LEGAL_ENTITY: [2, 2] });
    expect(words(rules, r, board({ WORKER: 1, SERVICE_USER: 1 }))).toEqual([]);
  });

  test('workers and two public bodies alone: too few classes, users missing, workers above half, public bodies above a fifth', () => {
    const breaches = checkConstitution(rules, register({ WORKER: 3, LEGAL_ENTITY: [2, 2] }), board({ WORKER: 1, SERVICE_USER: 1 }));
    expect(breaches.map((b) => [b.rule, b.memberClass, b.message])).toEqual([
      [ConstitutionRule.MINIMUM_CLASSES, null, 'Members are in 2 classes; the rules need members in at least 3.'],
      [ConstitutionRule.PUBLIC_BODIES_MAX_VOTE_SHARE, null, 'Public bodies hold 40% of the votes; the rules allow at most a fifth.'],
      [ConstitutionRule.REQUIRED_CLASS, SERVICE_USER, 'No service users are members; the rules require them.'],
      [
        ConstitutionRule.MAX_VOTE_SHARE,
        WORKER,
        'Workers hold 60% of the votes, as the classes with members weigh 50 in all; the rules allow at most half.',
      ],
    ]);
  });
});

describe('custom rules', () => {
  const custom = (rules: Partial<ConstitutionRules>): ConstitutionRules => ({
    ...TEMPLATES[ConstitutionTemplate.BRIGHTON_40_40_20],
    template: ConstitutionTemplate.CUSTOM,
    minimumClasses: 1,
    ...rules,
  });
  const half = { numerator: 1, denominator: 2 };

  test('a weight above its limit with every class present, and one member one vote counted in votes', () => {
    const weighted = custom({
      classes: [
        { ...TEMPLATES.BRIGHTON_40_40_20.classes[0]!, voteWeightPercent: 60, maxVoteShare: half, required: false },
        { ...TEMPLATES.BRIGHTON_40_40_20.classes[2]!, voteWeightPercent: 40 },
      ],
    });
    expect(words(weighted, register({ WORKER: 1, SUPPORTER: 1 }), board({ WORKER: 2 }))).toEqual([
      'Workers hold 60% of the votes; the rules allow at most half.',
    ]);
    const counted = custom({
      votingBasis: VotingBasis.ONE_MEMBER_ONE_VOTE,
      classes: [
        { ...weighted.classes[0]!, voteWeightPercent: null },
        { ...weighted.classes[1]!, voteWeightPercent: null },
      ],
    });
    expect(words(counted, register({ WORKER: 6, SUPPORTER: 4 }), board({ WORKER: 1 }))).toEqual([
      'Workers hold 6 of 10 votes; the rules allow at most half.',
    ]);
  });

  test('a share just over its limit reads to one decimal place; a class the rules lack and board members gone are counted', () => {
    const [worker, user, supporter] = TEMPLATES.BRIGHTON_40_40_20.classes as [ClassRules, ClassRules, ClassRules];
    const rules = custom({
      classes: [
        { ...worker, voteWeightPercent: 41, maxVoteShare: half, minimumBoardSeats: 0 },
        { ...user, voteWeightPercent: 39, minimumBoardSeats: 0 },
        { ...supporter, voteWeightPercent: 20, boardSeats: 3 },
      ],
    });
    expect(words(rules, register({ WORKER: 1, SERVICE_USER: 1, VOLUNTEER: 2 }), board({ SUPPORTER: [3, 2] }))).toEqual([
      'Workers hold 51.3% of the votes, as the classes with members weigh 80 in all; the rules allow at most half.',
      '2 members are volunteers, a class the rules do not have.',
      '2 board members in seats for supporters are no longer members.',
    ]);
  });
});

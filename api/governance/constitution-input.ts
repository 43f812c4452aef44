import type { ClassRules, ConstitutionRules, Share } from './constitution-rules.js';
import { byClassOrder } from './constitution-rules.js';
import { TEMPLATES } from './constitution-templates.js';
import { type ClassRuleInput, type FractionInput, MAX_CLASSES, type SetConstitutionInput } from './constitution.types.js';
import { ConstitutionTemplate, VotingBasis } from './governance.enums.js';
import { governanceInvalidInput } from './governance.exception.js';

/** What CUSTOM starts from where the co-op leaves a rule out: the migration's column defaults. */
const CUSTOM_DEFAULTS = { ordinaryMajorityPercent: 50, specialMajorityPercent: 75, minimumClasses: 1, boardTermMonths: 36 };

function whole(value: number, min: number, max: number, argument: string, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max)
    throw governanceInvalidInput(`${what} must be a whole number from ${min} to ${max}; it was ${value}.`, argument);
  return value;
}

function share(input: FractionInput | null | undefined, argument: string): Share | null {
  if (!input) return null;
  const { numerator, denominator } = input;
  if (!Number.isInteger(denominator) || denominator < 1 || denominator > 100)
    throw governanceInvalidInput(`A share’s denominator must be from 1 to 100; it was ${denominator}.`, `${argument}.denominator`);
  if (!Number.isInteger(numerator) || numerator < 1 || numerator > denominator)
    throw governanceInvalidInput(
      `A share’s numerator must be from 1 to its denominator (${denominator}); it was ${numerator}.`,
      `${argument}.numerator`,
    );
  return { numerator, denominator };
}

function classRules(input: ClassRuleInput, index: number, basis: VotingBasis): ClassRules {
  const at = `input.classes.${index}`;
  const boardSeats = whole(input.boardSeats, 0, 20, `${at}.boardSeats`, 'Board seats');
  const weight = input.voteWeightPercent ?? null;
  if (basis === VotingBasis.ONE_MEMBER_ONE_VOTE && weight !== null)
    throw governanceInvalidInput(
      'Under one member one vote no class has a weight: leave voteWeightPercent out.',
      `${at}.voteWeightPercent`,
    );
  if (basis === VotingBasis.WEIGHTED_BY_CLASS && weight === null)
    throw governanceInvalidInput('Under weighted votes every class needs a voteWeightPercent.', `${at}.voteWeightPercent`);
  return {
    memberClass: input.memberClass,
    voteWeightPercent: weight === null ? null : whole(weight, 0, 100, `${at}.voteWeightPercent`, 'A vote weight'),
    boardSeats,
    minimumBoardSeats: whole(input.minimumBoardSeats, 0, boardSeats, `${at}.minimumBoardSeats`, 'The minimum board seats'),
    required: input.required,
    maxBoardShare: share(input.maxBoardShare, `${at}.maxBoardShare`),
    maxMemberShare: share(input.maxMemberShare, `${at}.maxMemberShare`),
    maxVoteShare: share(input.maxVoteShare, `${at}.maxVoteShare`),
  };
}

/**
 * The rules `input` sets: its template's, changed by what it gives, checked as a whole before anything is
 * written. Every refusal is BAD_USER_INPUT naming the argument at fault.
 */
export function rulesFromInput(input: SetConstitutionInput): ConstitutionRules {
  // Bounded first: nothing else of the input is looked at until its size is known.
  if (input.classes && (input.classes.length < 1 || input.classes.length > MAX_CLASSES))
    throw governanceInvalidInput(`A constitution has 1 to ${MAX_CLASSES} classes; ${input.classes.length} were given.`, 'input.classes');
  const base = input.template === ConstitutionTemplate.CUSTOM ? null : TEMPLATES[input.template];
  if (!base) {
    for (const [field, value] of [
      ['classes', input.classes],
      ['votingBasis', input.votingBasis],
      ['quorumPercent', input.quorumPercent],
    ] as const)
      if (value == null)
        throw governanceInvalidInput(`A CUSTOM constitution needs ${field}: it has no template to take it from.`, `input.${field}`);
  }
  const votingBasis = input.votingBasis ?? base!.votingBasis;
  const classes = input.classes ? input.classes.map((c, i) => classRules(c, i, votingBasis)) : base!.classes;

  const seen = new Set<string>();
  classes.forEach((c, i) => {
    if (seen.has(c.memberClass))
      throw governanceInvalidInput(`${c.memberClass} is given twice: each class once.`, `input.classes.${i}.memberClass`);
    seen.add(c.memberClass);
  });
  if (!input.classes && votingBasis !== base!.votingBasis)
    throw governanceInvalidInput('Changing how votes count changes every class’s weight: give the classes too.', 'input.classes');
  for (const required of base?.classes.filter((c) => c.required) ?? []) {
    if (!classes.some((c) => c.memberClass === required.memberClass && c.required))
      throw governanceInvalidInput(
        `The ${input.template} template requires the ${required.memberClass} class, with members: keep it among the classes, required.`,
        'input.classes',
      );
  }
  if (votingBasis === VotingBasis.WEIGHTED_BY_CLASS) {
    const total = classes.reduce((sum, c) => sum + (c.voteWeightPercent ?? 0), 0);
    if (total !== 100)
      throw governanceInvalidInput(`The classes’ vote weights must add up to 100; they add up to ${total}.`, 'input.classes');
  }

  const ordinaryMajorityPercent = whole(
    input.ordinaryMajorityPercent ?? base?.ordinaryMajorityPercent ?? CUSTOM_DEFAULTS.ordinaryMajorityPercent,
    50,
    99,
    'input.ordinaryMajorityPercent',
    'The ordinary majority',
  );
  return {
    template: input.template,
    votingBasis,
    quorumPercent: whole(input.quorumPercent ?? base!.quorumPercent, 1, 100, 'input.quorumPercent', 'The quorum'),
    ordinaryMajorityPercent,
    specialMajorityPercent: whole(
      input.specialMajorityPercent ?? base?.specialMajorityPercent ?? CUSTOM_DEFAULTS.specialMajorityPercent,
      ordinaryMajorityPercent,
      100,
      'input.specialMajorityPercent',
      'The special majority',
    ),
    minimumClasses: whole(
      input.minimumClasses ?? base?.minimumClasses ?? CUSTOM_DEFAULTS.minimumClasses,
      1,
      classes.length,
      'input.minimumClasses',
      'The classes that must have members',
    ),
    publicBodiesMaxVoteShare: input.publicBodiesMaxVoteShare
      ? share(input.publicBodiesMaxVoteShare, 'input.publicBodiesMaxVoteShare')
      : (base?.publicBodiesMaxVoteShare ?? null),
    boardTermMonths: whole(
      input.boardTermMonths ?? base?.boardTermMonths ?? CUSTOM_DEFAULTS.boardTermMonths,
      6,
      60,
      'input.boardTermMonths',
      'A board term',
    ),
    classes: [...classes].sort(byClassOrder),
  };
}

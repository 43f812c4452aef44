import { GraphQLDateTime } from 'graphql-scalars';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { MemberClass } from '../directory/directory.enums.js';
import { ID } from '../graphql/scalars.js';
import { byClassOrder, type ClassRules, type ConstitutionRules, ConstitutionRule, type Share } from './constitution-rules.js';
import { shareWords } from './constitution-words.js';
import { ConstitutionTemplate, VotingBasis } from './governance.enums.js';

/** The most classes a constitution has: every class there is. */
export const MAX_CLASSES = Object.keys(MemberClass).length;

@ObjectType({ description: 'A share of something (the board, the members, the votes), exact: "a third" is 1/3.' })
export class Fraction {
  @Field(() => Int, { description: 'Above the line.' })
  numerator: number;

  @Field(() => Int, { description: 'Below the line.' })
  denominator: number;

  @Field(() => String, { description: '"half", "a third", "two thirds", "a quarter", "three quarters", "a fifth", otherwise "3/7".' })
  words: string;
}

const fraction = (share: Share | null): Fraction | null =>
  share && Object.assign(new Fraction(), { numerator: share.numerator, denominator: share.denominator, words: shareWords(share) });

@ObjectType({ description: 'One class a constitution has: its weight in votes, its board seats and its limits.' })
export class ConstitutionClassRule {
  @Field(() => MemberClass, { description: 'The class.' })
  memberClass: MemberClass;

  @Field(() => Int, {
    nullable: true,
    description: 'Its share of the votes, a whole percentage (all classes’ add up to 100); null under one member one vote.',
  })
  voteWeightPercent: number | null;

  @Field(() => Int, { description: 'The board seats it elects, at most.' })
  boardSeats: number;

  @Field(() => Int, { description: 'The board seats it must hold, at least.' })
  minimumBoardSeats: number;

  @Field(() => Boolean, { description: 'Whether the class must have members.' })
  required: boolean;

  @Field(() => Fraction, { nullable: true, description: 'The most of the board in force it may hold; null for no limit.' })
  maxBoardShare: Fraction | null;

  @Field(() => Fraction, { nullable: true, description: 'The most of the members it may be; null for no limit.' })
  maxMemberShare: Fraction | null;

  @Field(() => Fraction, { nullable: true, description: 'The most of the votes it may hold; null for no limit.' })
  maxVoteShare: Fraction | null;
}

/** The rules' fields, the same on a co-op's constitution and on a template. */
@ObjectType()
export abstract class RulesFields {
  @Field(() => ConstitutionTemplate, { description: 'The model the rules started from, or CUSTOM.' })
  template: ConstitutionTemplate;

  @Field(() => VotingBasis, { description: 'How votes count.' })
  votingBasis: VotingBasis;

  @Field(() => Int, { description: 'The share of the members entitled to vote who must cast a ballot (abstaining counts), in per cent.' })
  quorumPercent: number;

  @Field(() => Int, { description: 'An ordinary resolution passes with MORE THAN this share of the votes for or against, in per cent.' })
  ordinaryMajorityPercent: number;

  @Field(() => Int, { description: 'A special resolution passes with AT LEAST this share of the votes for or against, in per cent.' })
  specialMajorityPercent: number;

  @Field(() => Int, { description: 'How many classes must have members.' })
  minimumClasses: number;

  @Field(() => Fraction, { nullable: true, description: 'The most of the votes public bodies may hold together; null for no limit.' })
  publicBodiesMaxVoteShare: Fraction | null;

  @Field(() => Int, { description: 'How long a board term lasts, in months.' })
  boardTermMonths: number;

  @Field(() => [ConstitutionClassRule], { description: 'The classes the co-op has, in the directory’s order; no other class has a place.' })
  classes: ConstitutionClassRule[];
}

@ObjectType({
  description:
    'A co-op’s constitution as data: its classes, how votes count, quorum and majorities, its board. Public, as the co-op’s ' +
    'registered rules are. Motions keep the rules they opened under, so a change never alters a vote in progress.',
})
export class Constitution extends RulesFields {
  @Field(() => ID, { description: 'The co-op (provider).' })
  providerId: string;

  @Field(() => GraphQLDateTime, { description: 'When coopcare first held the co-op’s constitution.' })
  adoptedAt: Date;

  @Field(() => GraphQLDateTime, { description: 'When its rules were last set.' })
  updatedAt: Date;
}

@ObjectType({ description: 'A model constitution’s rules, to show before a co-op adopts it with setConstitution.' })
export class ConstitutionTemplateRules extends RulesFields {}

/** The rules as GraphQL shows them, whether a template's or a co-op's. */
export function rulesFields(rules: ConstitutionRules): RulesFields {
  return {
    template: rules.template,
    votingBasis: rules.votingBasis,
    quorumPercent: rules.quorumPercent,
    ordinaryMajorityPercent: rules.ordinaryMajorityPercent,
    specialMajorityPercent: rules.specialMajorityPercent,
    minimumClasses: rules.minimumClasses,
    publicBodiesMaxVoteShare: fraction(rules.publicBodiesMaxVoteShare),
    boardTermMonths: rules.boardTermMonths,
    classes: [...rules.classes].sort(byClassOrder).map((c: ClassRules) =>
      Object.assign(new ConstitutionClassRule(), {
        ...c,
        maxBoardShare: fraction(c.maxBoardShare),
        maxMemberShare: fraction(c.maxMemberShare),
        maxVoteShare: fraction(c.maxVoteShare),
      }),
    ),
  };
}

@ObjectType({ description: 'A rule the register or the board breaks, in words.' })
export class ConstitutionBreach {
  @Field(() => ConstitutionRule, { description: 'Which rule.' })
  rule: ConstitutionRule;

  @Field(() => MemberClass, { nullable: true, description: 'The class it is about; null for a rule of the whole register.' })
  memberClass: MemberClass | null;

  @Field(() => String, { description: 'What is wrong, e.g. "Supporters hold 2 of 5 board seats; the rules allow at most a third."' })
  message: string;
}

@ObjectType({ description: 'The register (members in force) and the board in force today, held against the co-op’s constitution.' })
export class ConstitutionCheck {
  @Field(() => ID, { description: 'The co-op (provider).' })
  providerId: string;

  @Field(() => Boolean, { description: 'Whether the register and board break no rule.' })
  obeysRules: boolean;

  @Field(() => [ConstitutionBreach], { description: 'Every rule broken: the whole register’s first, then each class’s.' })
  breaches: ConstitutionBreach[];

  @Field(() => GraphQLDateTime, { description: 'When the register and board were read.' })
  checkedAt: Date;
}

@InputType({ description: 'A share, e.g. 1 and 3 for a third: a denominator from 1 to 100, a numerator from 1 to the denominator.' })
export class FractionInput {
  @Field(() => Int, { description: 'Above the line, 1 to the denominator.' })
  numerator: number;

  @Field(() => Int, { description: 'Below the line, 1 to 100.' })
  denominator: number;
}

@InputType({ description: 'One class of the constitution and its rules.' })
export class ClassRuleInput {
  @Field(() => MemberClass, { description: 'The class; each at most once.' })
  memberClass: MemberClass;

  @Field(() => Int, {
    nullable: true,
    description: 'Under WEIGHTED_BY_CLASS: its weight, 0 to 100, all classes’ adding up to 100. Left out under ONE_MEMBER_ONE_VOTE.',
  })
  voteWeightPercent?: number | null;

  @Field(() => Int, { defaultValue: 0, description: 'Board seats it elects, 0 to 20.' })
  boardSeats: number;

  @Field(() => Int, { defaultValue: 0, description: 'Board seats it must hold, 0 to boardSeats.' })
  minimumBoardSeats: number;

  @Field(() => Boolean, { defaultValue: false, description: 'Whether the class must have members.' })
  required: boolean;

  @Field(() => FractionInput, { nullable: true, description: 'The most of the board it may hold; left out for no limit.' })
  maxBoardShare?: FractionInput | null;

  @Field(() => FractionInput, { nullable: true, description: 'The most of the members it may be; left out for no limit.' })
  maxMemberShare?: FractionInput | null;

  @Field(() => FractionInput, { nullable: true, description: 'The most of the votes it may hold; left out for no limit.' })
  maxVoteShare?: FractionInput | null;
}

@InputType({
  description:
    'A co-op’s constitution: a template, and where the co-op’s rules differ from it, what differs. What is left out is the ' +
    'template’s; CUSTOM has no rules of its own, so it needs classes, votingBasis and quorumPercent.',
})
export class SetConstitutionInput {
  @Field(() => ID, { description: 'The co-op (provider).' })
  providerId: string;

  @Field(() => ConstitutionTemplate, { description: 'The model the rules start from, or CUSTOM.' })
  template: ConstitutionTemplate;

  @Field(() => VotingBasis, { nullable: true, description: 'How votes count.' })
  votingBasis?: VotingBasis | null;

  @Field(() => Int, { nullable: true, description: 'The quorum, 1 to 100 per cent of the members entitled to vote.' })
  quorumPercent?: number | null;

  @Field(() => Int, { nullable: true, description: 'An ordinary resolution passes with more than this, 50 to 99 per cent (default 50).' })
  ordinaryMajorityPercent?: number | null;

  @Field(() => Int, {
    nullable: true,
    description: 'A special resolution passes with at least this, from the ordinary majority to 100 per cent (default 75).',
  })
  specialMajorityPercent?: number | null;

  @Field(() => Int, { nullable: true, description: 'How many classes must have members, 1 to the number of classes (default 1).' })
  minimumClasses?: number | null;

  @Field(() => Int, { nullable: true, description: 'How long a board term lasts, 6 to 60 months (default 36).' })
  boardTermMonths?: number | null;

  @Field(() => FractionInput, { nullable: true, description: 'The most of the votes public bodies may hold together.' })
  publicBodiesMaxVoteShare?: FractionInput | null;

  @Field(() => [ClassRuleInput], {
    nullable: true,
    description: `The classes, replacing the template’s: 1 to ${MAX_CLASSES}, each once, every class the template requires among them.`,
  })
  classes?: ClassRuleInput[] | null;
}

@ObjectType({ description: 'The constitution as set, and the register and board checked against it at once.' })
export class SetConstitutionResult {
  @Field(() => Constitution, { description: 'The co-op’s constitution now.' })
  constitution: Constitution;

  @Field(() => ConstitutionCheck, { description: 'What the register and board break under the new rules (they are not refused for it).' })
  check: ConstitutionCheck;
}

import { Check, Column, CreateDateColumn, Entity, ForeignKey, PrimaryColumn } from 'typeorm';
import { MemberClass } from '../directory/directory.enums.js';
import type { ConstitutionTemplate, VotingBasis } from './governance.enums.js';

const fractionCheck = (column: string) =>
  `("${column}_numerator" IS NULL) = ("${column}_denominator" IS NULL) AND ("${column}_numerator" IS NULL OR ` +
  `("${column}_numerator" BETWEEN 1 AND "${column}_denominator" AND "${column}_denominator" <= 100))`;

/**
 * A co-op's constitution as data (migrations/1771000000000-MemberGovernance.ts): how votes count, the
 * quorum and majorities, and per class (CoOpClassRule) its weight, board seats and limits.
 */
@Entity('co_op_constitution')
@Check('co_op_constitution_template', `"template" IN ('BRIGHTON_40_40_20', 'ITALIAN_TYPE_A', 'QUEBEC_SOLIDARITY', 'SCIC', 'CUSTOM')`)
@Check('co_op_constitution_voting_basis', `"voting_basis" IN ('ONE_MEMBER_ONE_VOTE', 'WEIGHTED_BY_CLASS')`)
@Check('co_op_constitution_quorum', `"quorum_percent" BETWEEN 1 AND 100`)
@Check('co_op_constitution_ordinary_majority', `"ordinary_majority_percent" BETWEEN 50 AND 99`)
@Check('co_op_constitution_special_majority', `"special_majority_percent" BETWEEN 50 AND 100`)
@Check('co_op_constitution_minimum_classes', `"minimum_classes" BETWEEN 1 AND 7`)
@Check('co_op_constitution_public_bodies', fractionCheck('public_bodies_max_vote_share'))
@Check('co_op_constitution_board_term', `"board_term_months" BETWEEN 6 AND 60`)
export class CoOpConstitution {
  @ForeignKey('Provider', { name: 'FK_co_op_constitution_provider', onDelete: 'RESTRICT' })
  @PrimaryColumn({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @Column({ type: 'text' })
  template: ConstitutionTemplate;

  @Column({ name: 'voting_basis', type: 'text' })
  votingBasis: VotingBasis;

  @Column({ name: 'quorum_percent', type: 'integer' })
  quorumPercent: number;

  /** An ordinary resolution passes with MORE THAN this share of the votes cast for or against. */
  @Column({ name: 'ordinary_majority_percent', type: 'integer', default: 50 })
  ordinaryMajorityPercent: number;

  /** A special resolution passes with AT LEAST this share. */
  @Column({ name: 'special_majority_percent', type: 'integer', default: 75 })
  specialMajorityPercent: number;

  @Column({ name: 'minimum_classes', type: 'integer', default: 1 })
  minimumClasses: number;

  @Column({ name: 'public_bodies_max_vote_share_numerator', type: 'integer', nullable: true })
  publicBodiesMaxVoteShareNumerator: number | null;

  @Column({ name: 'public_bodies_max_vote_share_denominator', type: 'integer', nullable: true })
  publicBodiesMaxVoteShareDenominator: number | null;

  @Column({ name: 'board_term_months', type: 'integer', default: 36 })
  boardTermMonths: number;

  @ForeignKey('Person', { name: 'FK_co_op_constitution_adopted_by', onDelete: 'SET NULL' })
  @Column({ name: 'adopted_by_id', type: 'uuid', nullable: true })
  adoptedById: string | null;

  @CreateDateColumn({ name: 'adopted_at', type: 'timestamptz' })
  adoptedAt: Date;

  @Column({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}

/** One class the constitution has, with its weight (null under one member one vote), board seats and limits. */
@Entity('co_op_class_rule')
@Check('co_op_class_rule_max_board_share', fractionCheck('max_board_share'))
@Check('co_op_class_rule_max_member_share', fractionCheck('max_member_share'))
@Check('co_op_class_rule_max_vote_share', fractionCheck('max_vote_share'))
@Check('co_op_class_rule_weight', `"vote_weight_percent" BETWEEN 0 AND 100`)
@Check('co_op_class_rule_board_seats', `"board_seats" BETWEEN 0 AND 20`)
@Check('co_op_class_rule_minimum_board_seats', `"minimum_board_seats" BETWEEN 0 AND "board_seats"`)
export class CoOpClassRule {
  @ForeignKey('CoOpConstitution', { name: 'FK_co_op_class_rule_constitution', onDelete: 'CASCADE' })
  @PrimaryColumn({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @PrimaryColumn({ name: 'member_class', type: 'enum', enum: MemberClass, enumName: 'member_class' })
  memberClass: MemberClass;

  @Column({ name: 'vote_weight_percent', type: 'integer', nullable: true })
  voteWeightPercent: number | null;

  @Column({ name: 'board_seats', type: 'integer', default: 0 })
  boardSeats: number;

  @Column({ name: 'minimum_board_seats', type: 'integer', default: 0 })
  minimumBoardSeats: number;

  /** The class must have members (SCIC's workers and users). */
  @Column({ type: 'boolean', default: false })
  required: boolean;

  @Column({ name: 'max_board_share_numerator', type: 'integer', nullable: true })
  maxBoardShareNumerator: number | null;

  @Column({ name: 'max_board_share_denominator', type: 'integer', nullable: true })
  maxBoardShareDenominator: number | null;

  @Column({ name: 'max_member_share_numerator', type: 'integer', nullable: true })
  maxMemberShareNumerator: number | null;

  @Column({ name: 'max_member_share_denominator', type: 'integer', nullable: true })
  maxMemberShareDenominator: number | null;

  @Column({ name: 'max_vote_share_numerator', type: 'integer', nullable: true })
  maxVoteShareNumerator: number | null;

  @Column({ name: 'max_vote_share_denominator', type: 'integer', nullable: true })
  maxVoteShareDenominator: number | null;
}

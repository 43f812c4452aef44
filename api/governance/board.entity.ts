import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, ObjectType } from 'type-graphql';
import { Check, Column, CreateDateColumn, Entity, Exclusion, ForeignKey, Index, PrimaryGeneratedColumn } from 'typeorm';
import { MemberClass } from '../directory/directory.enums.js';
import { ID } from '../graphql/scalars.js';

/** A member's term on the board in one class's seat; an election fills seats with these. */
@ObjectType('BoardTerm', { description: 'A member’s term on the co-op’s board, in a seat of their class.' })
@Entity('board_term')
@Check('board_term_dates', `"ends_on" > "starts_on" AND ("ended_on" IS NULL OR "ended_on" BETWEEN "starts_on" AND "ends_on")`)
@Check('board_term_end_reason', `("ended_on" IS NULL) = ("end_reason" IS NULL) AND char_length("end_reason") <= 500`)
@Exclusion(
  'board_term_one_seat_at_a_time',
  `USING gist ("member_id" WITH =, daterange("starts_on", coalesce("ended_on", "ends_on")) WITH &&)`,
)
@Index('board_term_provider_idx', { synchronize: false })
export class BoardTerm {
  @Field(() => ID, { description: 'Opaque and stable.' })
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @ForeignKey('Provider', { name: 'FK_board_term_provider', onDelete: 'RESTRICT' })
  @Column({ name: 'provider_id', type: 'uuid' })
  providerId: string;

  @ForeignKey('CoOpMember', { name: 'FK_board_term_member', onDelete: 'RESTRICT' })
  @Column({ name: 'member_id', type: 'uuid' })
  memberId: string;

  /** The class whose seat it is. */
  @Field(() => MemberClass, { description: 'The class whose seat it is.' })
  @Column({ name: 'member_class', type: 'enum', enum: MemberClass, enumName: 'member_class' })
  memberClass: MemberClass;

  /** ISO dates (YYYY-MM-DD): the term runs from starts_on up to, not including, ends_on. */
  @Field(() => GraphQLLocalDate, { description: 'The first day of the term.' })
  @Column({ name: 'starts_on', type: 'date' })
  startsOn: string;

  @Field(() => GraphQLLocalDate, { description: 'The day the term runs to (not included), as set when it began.' })
  @Column({ name: 'ends_on', type: 'date' })
  endsOn: string;

  /** When the member stood down or was removed before the term's end. */
  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'The day the member stood down early, from which they no longer sat; null unless they did.',
  })
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn: string | null;

  @Column({ name: 'end_reason', type: 'text', nullable: true })
  endReason: string | null;

  @Field(() => ID, { nullable: true, description: 'The election that gave the seat; null for a term recorded by an officer.' })
  @ForeignKey('Motion', { name: 'FK_board_term_motion', onDelete: 'RESTRICT' })
  @Column({ name: 'elected_by_motion_id', type: 'uuid', nullable: true })
  electedByMotionId: string | null;

  @ForeignKey('Person', { name: 'FK_board_term_recorded_by', onDelete: 'SET NULL' })
  @Column({ name: 'recorded_by_id', type: 'uuid', nullable: true })
  recordedById: string | null;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt: Date;
}

import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, InputType } from 'type-graphql';
import { ConflictError, resultUnion } from '../graphql/results.js';
import { ID } from '../graphql/scalars.js';
import { BoardTerm } from './board.entity.js';

export const MAX_END_REASON_LENGTH = 500;

@InputType({ description: 'A member’s seat on the board, recorded by an officer (a co-op bringing in the board it has).' })
export class RecordBoardTermInput {
  @Field(() => ID, { description: 'The membership, in force; the seat is of its class.' })
  memberId: string;

  @Field(() => GraphQLLocalDate, { description: 'The first day of the term: on or after the day the member joined.' })
  startsOn: string;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description: 'The day the term runs to (not included): after startsOn; the constitution’s term (36 months without one) when left out.',
  })
  endsOn?: string | null;
}

export const RECORD_BOARD_TERM_FAILURES = [ConflictError];

export const RecordBoardTermResult = resultUnion(
  'RecordBoardTermResult',
  BoardTerm,
  RECORD_BOARD_TERM_FAILURES,
  'The term; or a ConflictError when the member has left, or already sits for part of those dates.',
);

@InputType({ description: 'A board member standing down before their term ends.' })
export class EndBoardTermInput {
  @Field(() => ID, { description: 'The term.' })
  boardTermId: string;

  @Field(() => GraphQLLocalDate, {
    nullable: true,
    description:
      'The day from which they no longer sit: within the term; today in London (or the term’s first day, if later) when left out.',
  })
  endedOn?: string | null;

  @Field(() => String, { description: `Why, 1 to ${MAX_END_REASON_LENGTH} characters.` })
  reason: string;
}

export const END_BOARD_TERM_FAILURES = [ConflictError];

export const EndBoardTermResult = resultUnion(
  'EndBoardTermResult',
  BoardTerm,
  END_BOARD_TERM_FAILURES,
  'The term as ended; or a ConflictError when it had ended already.',
);

import { Arg, Args, Authorized, Ctx, FieldResolver, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { ID } from '../graphql/scalars.js';
import { capacityAssessmentsByPersonId, personById } from './accounts.loaders.js';
import { RecordCapacityAssessmentInput } from './accounts.types.js';
import { CapacityAssessment } from './capacity-assessment.entity.js';
import { mayReadReasonsAbout } from './people.service.js';
import { Person } from './person.entity.js';

@ObjectType({ description: 'One capacity decision in a list.' })
export class CapacityAssessmentEdge extends EdgeType(CapacityAssessment) {}

@ObjectType({ description: 'A page of capacity decisions.' })
export class CapacityAssessmentConnection extends ConnectionType(CapacityAssessmentEdge) {}

/** Capacity decisions: one officer records, another confirms (CapacityService). */
@Resolver()
export class CapacityResolver {
  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => Person, {
    description:
      'Records a capacity assessment for a person of your council. A finding that they lack capacity enables nothing ' +
      'until another officer of the council confirms it (`confirmCapacityAssessment`); ' +
      'a finding that they have capacity is in force at once.',
  })
  recordCapacityAssessment(
    @Ctx() ctx: Context,
    @Arg('input', () => RecordCapacityAssessmentInput, {
      description: 'The person, whether the assessment found they lack capacity, and its reference.',
    })
    input: RecordCapacityAssessmentInput,
  ) {
    return ctx.services.capacity.recordCapacityAssessment(ctx, input);
  }

  @Authorized('COUNCIL_OFFICER')
  @Mutation(() => CapacityAssessment, {
    description:
      'A second officer of the person’s council confirms a finding that they lack capacity; only then may officers act for them. ' +
      'FORBIDDEN for the officer who recorded it; CONFLICT when it is no longer awaiting confirmation.',
  })
  confirmCapacityAssessment(
    @Ctx() ctx: Context,
    @Arg('id', () => ID, { description: 'The decision (one of `capacityAssessmentsAwaitingConfirmation`).' }) id: string,
  ) {
    return ctx.services.capacity.confirmCapacityAssessment(ctx, id);
  }

  @Authorized('COUNCIL_OFFICER')
  @Query(() => CapacityAssessmentConnection, {
    description: 'Findings of lack of capacity waiting for a second officer: your councils’ (all for admins), oldest first.',
  })
  capacityAssessmentsAwaitingConfirmation(@Ctx() ctx: Context, @Args(() => PageArgs) page: PageArgs) {
    return ctx.services.capacity.awaitingConfirmation(ctx, page.first, page.after);
  }
}

@Resolver(() => CapacityAssessment)
export class CapacityAssessmentResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'The person assessed.' })
  person(@Root() assessment: CapacityAssessment, @Ctx() ctx: Context) {
    return ctx.loaders.get(personById).load(assessment.personId);
  }
}

@Resolver(() => Person)
export class PersonCapacityResolver {
  @FieldResolver(() => [CapacityAssessment], {
    nullable: true,
    description:
      'The person’s capacity decisions, newest first, with their reasons. ' +
      'Shown only to the person, an officer of their council and admins; null for anyone else.',
  })
  async capacityAssessments(@Root() person: Person, @Ctx() ctx: Context): Promise<CapacityAssessment[] | null> {
    return mayReadReasonsAbout(ctx.actor, person) ? ctx.loaders.get(capacityAssessmentsByPersonId).load(person.id) : null;
  }
}

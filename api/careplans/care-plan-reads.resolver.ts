import { GraphQLDateTime } from 'graphql-scalars';
import { Args, Ctx, Field, FieldResolver, ObjectType, Resolver, Root } from 'type-graphql';
import { personById } from '../accounts/accounts.loaders.js';
import { Person } from '../accounts/person.entity.js';
import { BookingVisit } from '../brokerage/booking.entity.js';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { CarePlan } from './care-plan.entity.js';
import { planAccess } from './care-plan-access.js';
import { CarePlanRole } from './careplans.enums.js';
import { CarePlanSupport } from './careplans.types.js';
import { carePlanSupportsOf } from './visit-supports.js';

/** The audit actions that are reads of a plan: the whole plan, or a care worker's supports through a visit. */
const READS = ['carePlan.read', 'carePlan.readSupports'] as const;

@ObjectType({ description: 'One read of a plan by someone other than the person: who, when, and how.' })
export class CarePlanRead {
  @Field(() => GraphQLDateTime, { description: 'When it was read.' })
  readAt: Date;

  @Field(() => String, {
    description:
      'How: `graphql` (the app), `fhir` (the FHIR export), `print` (the printed page), `visit` (a care worker reading the supports ' +
      'of a visit they are sent to).',
  })
  via: string;

  readerId: string | null;
}

@ObjectType({ description: 'A read of a plan in a list.' })
export class CarePlanReadEdge extends EdgeType(CarePlanRead) {}

@ObjectType({ description: 'A page of a plan’s reads, newest first.' })
export class CarePlanReadConnection extends ConnectionType(CarePlanReadEdge) {}

@Resolver(() => CarePlan)
export class CarePlanReadsResolver {
  @FieldResolver(() => CarePlanReadConnection, {
    nullable: true,
    description:
      'Who read the plan and when, newest first, from the audit trail: everyone but the person. For the person and their ' +
      'representatives with EDIT_PLAN (the OWNER role); null for anyone else.',
  })
  async reads(@Root() plan: CarePlan, @Ctx() ctx: Context, @Args() { first, after }: PageArgs): Promise<CarePlanReadConnection | null> {
    if ((await planAccess(ctx, plan.id)).role !== CarePlanRole.OWNER) return null;
    const page = await ctx.services.audit.eventsAbout({ type: 'CarePlan', id: plan.id }, READS, first, after);
    return {
      ...page,
      edges: page.edges.map(({ cursor, node }) => ({
        cursor,
        node: { readAt: node.occurredAt, via: String(node.summary.via ?? ''), readerId: node.actorPersonId },
      })),
    };
  }
}

@Resolver(() => CarePlanRead)
export class CarePlanReadResolver {
  @FieldResolver(() => Person, { nullable: true, description: 'Who read it; null if their account is gone.' })
  reader(@Root() read: CarePlanRead, @Ctx() ctx: Context) {
    return read.readerId ? ctx.loaders.get(personById).load(read.readerId) : null;
  }
}

@Resolver(() => BookingVisit)
export class VisitCarePlanResolver {
  @FieldResolver(() => [CarePlanSupport], {
    nullable: true,
    description:
      'The supports of the person’s care plan linked to this visit’s booking (current version). For the care worker sent to the ' +
      'visit while it is not cancelled, without the goals they meet: a worker sees nothing else of the plan. For anyone who may ' +
      'read the plan, whole. Null for everyone else, and when no plan links the booking. Each read by anyone but the person is ' +
      'in the audit trail.',
  })
  carePlanSupports(@Root() visit: BookingVisit, @Ctx() ctx: Context): Promise<CarePlanSupport[] | null> {
    return carePlanSupportsOf(ctx, visit);
  }
}

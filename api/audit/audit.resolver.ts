import { GraphQLDateTime } from 'graphql-scalars';
import { Args, Arg, Authorized, Ctx, Field, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { AuditEvent } from './audit-event.entity.js';

@ObjectType()
export class AuditEventEdge extends EdgeType(AuditEvent) {}

@ObjectType()
export class AuditEventConnection extends ConnectionType(AuditEventEdge) {}

@InputType({ description: 'Narrows the audit trail; fields combine with AND.' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true })
  action?: string | null;

  @Field(() => String, { nullable: true })
  objectType?: string | null;

  @Field(() => ID, { nullable: true })
  objectId?: string | null;

  @Field(() => ID, { nullable: true })
  actorPersonId?: string | null;

  @Field(() => ID, { nullable: true })
  councilId?: string | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Inclusive.' })
  from?: Date | null;

  @Field(() => GraphQLDateTime, { nullable: true, description: 'Exclusive.' })
  to?: Date | null;
}

@Resolver()
export class AuditResolver {
  @Authorized('ADMIN', 'COUNCIL_OFFICER')
  @Query(() => AuditEventConnection, { description: 'The audit trail, newest first: admins see all of it, officers their council’s.' })
  auditEvents(
    @Ctx() ctx: Context,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => AuditEventFilter, { nullable: true }) filter?: AuditEventFilter | null,
  ) {
    return ctx.services.audit.list(ctx, filter ?? {}, page.first, page.after);
  }
}

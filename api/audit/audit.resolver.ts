import { GraphQLDateTime } from 'graphql-scalars';
import { Args, Arg, Authorized, Ctx, Field, InputType, ObjectType, Query, Resolver } from 'type-graphql';
import { ID } from '../graphql/scalars.js';
import { ConnectionType, EdgeType, PageArgs } from '../common/connection.js';
import type { Context } from '../context.js';
import { AuditEvent } from './audit-event.entity.js';

@ObjectType({ description: 'One event in a page of the audit trail.' })
export class AuditEventEdge extends EdgeType(AuditEvent) {}

@ObjectType({ description: 'A page of the audit trail, newest first.' })
export class AuditEventConnection extends ConnectionType(AuditEventEdge) {}

@InputType({ description: 'Narrows the audit trail; fields combine with AND.' })
export class AuditEventFilter {
  @Field(() => String, { nullable: true, description: 'Only events of this action, matched exactly, e.g. `provider.publish`.' })
  action?: string | null;

  @Field(() => String, { nullable: true, description: 'Only events about this kind of thing, matched exactly, e.g. `Provider`.' })
  objectType?: string | null;

  @Field(() => ID, { nullable: true, description: 'Only events about the thing with this id (AuditEvent.objectId).' })
  objectId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only events by this account (AuditEvent.actorPersonId), widget sessions minted for it included.',
  })
  actorPersonId?: string | null;

  @Field(() => ID, {
    nullable: true,
    description: 'Only events this council’s officers may read (among AuditEvent.councilIds). Officers may name only their own council.',
  })
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
    @Arg('filter', () => AuditEventFilter, {
      nullable: true,
      description: 'What to narrow the trail to; left out, every event you may read.',
    })
    filter?: AuditEventFilter | null,
  ) {
    return ctx.services.audit.list(ctx, filter ?? {}, page.first, page.after);
  }
}

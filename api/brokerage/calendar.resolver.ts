import { Arg, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Viewer } from '../accounts/accounts.types.js';
import type { Context } from '../context.js';
import { ID } from '../graphql/scalars.js';
import { CalendarLinkView } from './calendar.types.js';

@Resolver()
export class CalendarLinkResolver {
  @Mutation(() => CalendarLinkView, {
    description:
      'A new secret calendar address for your visits, or for those of someone who gave you VIEW_BUDGET or BOOK (it stops ' +
      'working when they take both back); its path is shown only here. At most 10 work at once for a person: BAD_USER_INPUT ' +
      'until one is revoked. ' +
      'Signed-in people only (not widget sessions).',
  })
  createCalendarLink(
    @Ctx() ctx: Context,
    @Arg('personId', () => ID, { nullable: true, description: 'Whose visits; absent, your own.' }) personId?: string | null,
  ) {
    return ctx.services.calendar.createLink(ctx, personId);
  }

  @Mutation(() => CalendarLinkView, {
    description: 'Stops a calendar address working, at once; for whoever may create one for its person.',
  })
  revokeCalendarLink(@Ctx() ctx: Context, @Arg('id', () => ID, { description: 'The calendar link.' }) id: string) {
    return ctx.services.calendar.revokeLink(ctx, id);
  }
}

@Resolver(() => Viewer)
export class ViewerCalendarLinksResolver {
  @FieldResolver(() => [CalendarLinkView], {
    description: 'Your calendar addresses, newest first, revoked ones included (never their secrets).',
  })
  calendarLinks(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.calendar.linksOf(viewer.id);
  }
}

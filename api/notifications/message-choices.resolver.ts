import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Viewer } from '../accounts/accounts.types.js';
import type { Context } from '../context.js';
import { MessageChoice } from './message-choices.types.js';
import { MessageChannel, MessageKind } from './notifications.enums.js';

@Resolver()
export class MessageChoicesResolver {
  @Authorized()
  @Mutation(() => [MessageChoice], {
    description:
      'How you get one kind of message: EMAIL or NONE. NONE for a kind that is always sent (`canTurnOff` false) is ' +
      'BAD_USER_INPUT naming `channel`. Returns all your choices. Signed-in people only (not widget sessions).',
  })
  setMessageChoice(
    @Ctx() ctx: Context,
    @Arg('kind', () => MessageKind, { description: 'Which messages.' }) kind: MessageKind,
    @Arg('channel', () => MessageChannel, { description: 'How you want to get them.' }) channel: MessageChannel,
  ) {
    return ctx.services.messageChoices.setChoice(ctx, kind, channel);
  }
}

@Resolver(() => Viewer)
export class ViewerMessageChoicesResolver {
  @FieldResolver(() => [MessageChoice], { description: 'How you get each kind of message coopcare sends, every kind listed.' })
  messageChoices(@Root() viewer: Viewer, @Ctx() ctx: Context) {
    return ctx.services.messageChoices.choicesOf(viewer.id);
  }
}
